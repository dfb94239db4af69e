// Package report renders the board report of an evaluation, and on request
// the quarterly transparency report for residents, as one self-contained
// HTML page or as Markdown.
//
// The board report has, in order: a summary with the audit block, the
// ledger of every period, a heatmap of the service levels' status, a chart
// of the deductions per period, and the notices. The quarterly pages show
// the service levels that the contract marks public, in plain language and
// without money, tiers or references.
//
// Every figure comes from the engine.Result, and the same inputs give the
// same bytes: the report reads no clock and iterates over no map.
//
// # Machine-readable figures
//
// In the HTML, every money amount sits in an element with two attributes:
// data-field names the figure, and data-value holds it as the JSON output
// writes it (engine.Money.String, "1250.00"). The element's text is
// formatted for people ("1,250.00"). The value, target, status and tier of
// each service level are marked the same way. The attributes data-period,
// data-level, data-payment and data-kind name the period, service level,
// payment or notice kind of a figure. Summary figures have no data-period.
// The ledger and the chart's table mark the same figure with the same
// attributes, so a figure may appear twice.
//
// Fields of a service level in a period: value, target, status, tier,
// deduction and, when its own cap lowered the deduction,
// deduction_before_cap. Fields of a period: payment (with data-payment),
// carried_in, deductions_before_cap, cap_limit, cap_excess (when the cap
// binds), total_deduction and net_payment. Summary fields: payment,
// payments, total_deduction, net_payment, carried_forward and
// notice_count (with data-kind).
package report

import (
	"bytes"
	"io"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/check"
)

// Options are the facts a report states that the result does not hold.
type Options struct {
	// Version is the pacta version, for the audit block.
	Version string
	// ContractFile and ContractSHA256 identify the contract source. When
	// ContractFile is "", the result's contract file and hash are used.
	ContractFile   string
	ContractSHA256 string
	// Inputs are the files the period data came from: the --data file and
	// each --source file. When Inputs is empty, the audit block lists the
	// result's data file and record files.
	Inputs []Input
	// Timestamp is written in the audit block when it is not "".
	Timestamp string
	// Quarterly adds one transparency page per calendar quarter.
	Quarterly bool
}

// Input is a file that the evaluated data came from.
type Input struct {
	// Name is the role of the file: "period data", or the name of the
	// record source that it gives.
	Name   string
	File   string
	SHA256 string
}

// HTML writes the report of res, evaluated from contract c, as one HTML
// page that needs no other file, font or script.
func HTML(w io.Writer, c *check.Contract, res *engine.Result, opts Options) error {
	v, err := build(c, res, opts)
	if err != nil {
		return err
	}
	svg, err := chartSVG(v)
	if err != nil {
		return err
	}
	v.Chart.SVG = svg
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Markdown writes the report of res, evaluated from contract c, as GitHub
// Flavored Markdown. The deductions chart is given as its data table.
func Markdown(w io.Writer, c *check.Contract, res *engine.Result, opts Options) error {
	v, err := build(c, res, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(markdown(v))
	return err
}
