// Package engine evaluates a checked contract over period data.
//
// The flow is: Load parses and checks a contract once and returns a
// Program; Program.Schema lists the columns the period data must have;
// Program.Evaluate runs the contract over a data.Table, period by period in
// order, and returns a Result. A Program can evaluate any number of tables.
//
// Each period is evaluated in a fixed order, which docs/language.md states
// for contract authors:
//
//  1. measures: reported values from the data, then computed measures in
//     dependency order;
//  2. service levels: status and tier, then the deduct line that applies
//     (the largest, when several do), rounded to the currency's minor
//     unit, then the service level's own cap;
//  3. the cap on total deductions, applied to the sum of the capped
//     service-level deductions (plus any excess carried in);
//  4. notices: breach and missing_data first, then declared notices in
//     dependency order.
//
// Arithmetic is exact (package num); the only rounding is of money, to the
// currency's minor unit, with the contract's rounding mode.
package engine

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
)

// Program is a checked contract ready to evaluate.
type Program struct {
	contract *check.Contract
	sha256   string
	// reportedSlots maps a data column to its measure slot, and column
	// maps a measure slot to its data column, or -1.
	reportedSlots []int
	column        []int
}

// Load parses and checks a contract. name is used in diagnostics and in the
// result. On failure it returns every error found.
func Load(name string, src []byte) (*Program, *diag.List) {
	f, errs := syntax.Parse(name, src)
	if f == nil {
		return nil, errs
	}

	// A file with repeated clauses or invalid literals still has a tree, so
	// the checker can find the rest of its errors in the same run.
	c, checkErrs := check.Check(f)
	if errs != nil || checkErrs != nil {
		var all diag.List
		if errs != nil {
			all.Append(errs)
		}
		if checkErrs != nil {
			all.Append(checkErrs)
		}
		all.Sort()
		return nil, &all
	}
	return Compile(c), nil
}

// Compile prepares a checked contract for evaluation.
func Compile(c *check.Contract) *Program {
	sum := sha256.Sum256(c.File.Src)
	p := &Program{contract: c, sha256: hex.EncodeToString(sum[:])}
	p.column = make([]int, len(c.Measures))
	for _, m := range c.Measures {
		p.column[m.Slot] = -1
		if m.Reported {
			p.column[m.Slot] = len(p.reportedSlots)
			p.reportedSlots = append(p.reportedSlots, m.Slot)
		}
	}
	return p
}

// Contract returns the checked contract.
func (p *Program) Contract() *check.Contract { return p.contract }

// SHA256 returns the hex SHA-256 of the contract's source.
func (p *Program) SHA256() string { return p.sha256 }

// Schema returns what the period data must provide: a column for every
// reported measure, no column for a computed one, periods within the term.
func (p *Program) Schema() data.Schema {
	c := p.contract
	s := data.Schema{Term: c.Term, Currency: c.Currency}
	for _, m := range c.Measures {
		if m.Reported {
			s.Columns = append(s.Columns, data.Column{Name: m.Name, Unit: m.Unit, Counted: m.Records != nil})
		} else {
			s.Computed = append(s.Computed, m.Name)
		}
	}
	return s
}

// SchemaWithout returns the schema of period data that comes with the
// records of the given sources: the measures computed from those records
// have no column.
func (p *Program) SchemaWithout(sources map[string]bool) data.Schema {
	s := p.Schema()
	var cols []data.Column
	for _, col := range s.Columns {
		m := p.measure(col.Name)
		if m.Records != nil && sources[m.Records.Source.Name] {
			s.Computed = append(s.Computed, col.Name)
			continue
		}
		cols = append(cols, col)
	}
	s.Columns = cols
	return s
}

func (p *Program) measure(name string) *check.Measure {
	for _, m := range p.contract.Measures {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Options selects the periods that a Result reports.
type Options struct {
	// From and To, when set, limit the reported periods. The evaluation
	// still starts at the first period of the data, because streaks,
	// ratchets and history need the earlier periods.
	From, To *types.Period
}

// Evaluate runs the contract over t. It returns an error list, and no
// result, when the data cannot be evaluated: a missing value for a service
// level whose contract treats a missing value as an error, for example.
func (p *Program) Evaluate(t *data.Table, opts Options) (*Result, *diag.List) {
	ev := newEvaluator(p, t)
	for i := range t.Rows {
		ev.period(i)
	}
	if ev.errs.HasErrors() {
		ev.errs.Sort()
		return nil, &ev.errs
	}
	return ev.result(opts), nil
}

func (p *Program) contractInfo() ContractInfo {
	c := p.contract
	return ContractInfo{
		Title:      c.Title,
		File:       c.File.Name,
		SHA256:     p.sha256,
		Currency:   c.Currency.Code,
		MinorUnits: c.Currency.MinorUnits,
		Rounding:   c.Rounding.String(),
		Term:       c.Term.Start.String() + " to " + c.Term.End.String(),
	}
}
