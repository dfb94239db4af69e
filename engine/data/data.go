// Package data reads the period table that pacta evaluates a contract over.
//
// The table has one row per contract period and one column per reported
// measure: a measure whose values come from outside the contract, such as
// csat or calls. Measures that the contract computes itself have no column.
// A Schema, built from the checked contract, lists the expected columns with
// their units, the contract term and the currency.
//
// The data comes as CSV (a header row with a "period" column and one column
// per measure, then one row per period) or as JSON ({"periods": [...]} with
// one object per period). Rows may come in any order. The reader sorts them
// by period and requires a row for every period between the first and the
// last. An empty CSV cell or a JSON null means "not reported".
//
// A reader does not stop at the first problem. It collects every error it
// finds in a diag.List, each at the line and column of the offending header,
// cell or JSON value, and returns a table only when the file has no errors.
// The list keeps at most one error per line and at most diag.MaxErrors in
// all. A leading UTF-8 byte-order mark is ignored: columns do not count it,
// but Offset counts bytes from the start of the file as given.
package data

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Column is one reported measure that the data must provide.
type Column struct {
	Name string
	Unit types.Unit
}

// Schema is the set of columns, term and currency that a contract expects
// of its period data.
type Schema struct {
	// Columns are the reported measures, in contract order.
	Columns []Column
	// Computed are the names of the measures that the contract computes
	// itself. The data must not have a column with such a name.
	Computed []string
	// Term is the contract term. A period outside it is an error, and
	// Term.Start.Gran is the granularity of every period.
	Term types.Term
	// Currency is the contract currency, which money cells must use.
	Currency types.Currency
}

// Cell is one value of one measure in one period.
type Cell struct {
	// Value is in the canonical scale of the measure's unit: a percent as a
	// fraction, a duration in seconds, money in the contract currency.
	Value decimal.Decimal
	// Missing is true when the value was not reported: an empty CSV cell, a
	// blank JSON string or a JSON null. Value is zero then.
	Missing bool
	Pos     diag.Pos
}

// Row is the data of one period.
type Row struct {
	Period types.Period
	// Cells is indexed like Schema.Columns.
	Cells []Cell
	// Pos is the start of the CSV row or the JSON object.
	Pos diag.Pos
}

// Table is the period data of one file.
type Table struct {
	File string
	// Rows are sorted by period, one per period, with no gaps.
	Rows []Row
}

// Read reads a data file in the format that its extension names: .csv or
// .json, in any letter case.
func Read(file string, src []byte, s Schema) (*Table, *diag.List) {
	ext := filepath.Ext(file)
	switch strings.ToLower(ext) {
	case ".csv":
		return ReadCSV(file, src, s)
	case ".json":
		return ReadJSON(file, src, s)
	}

	// The error has no position because it is about the file name, not
	// the contents.
	list := &diag.List{EveryColumn: true}
	if ext == "" {
		list.Errorf(file, diag.Span{}, "data file %q has no extension; name it *.csv or *.json after its format", file)
	} else {
		list.Errorf(file, diag.Span{}, "unsupported data file extension %q; use a .csv or .json file", ext)
	}
	return nil, list
}

// span returns the span that starts and ends at p, for a diagnostic that
// points at one place.
func span(p diag.Pos) diag.Span { return diag.Span{Start: p, End: p} }

// measureCandidates returns the names that an unknown column or key may be
// a misspelling of: "period", the reported measures and the computed ones.
func measureCandidates(s Schema) []string {
	names := []string{periodKey}
	for _, c := range s.Columns {
		names = append(names, c.Name)
	}
	return append(names, s.Computed...)
}

// periodKey is the name of the CSV column and JSON key that holds the period.
const periodKey = "period"

// unknownMeasureHint returns what to do about a column or key that names no
// measure of the contract.
func unknownMeasureHint(name string, s Schema) string {
	if hint := diag.DidYouMean(name, measureCandidates(s)); hint != "" {
		return hint
	}
	var names []string
	for _, c := range s.Columns {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return "remove it, because the contract has no reported measures"
	}
	return "remove it, or rename it to a reported measure: " + strings.Join(names, ", ")
}

// joinWords lists words as "a", "a and b" or "a, b and c".
func joinWords(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// quoteAll returns each name in Go quotes.
func quoteAll(names []string) []string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return quoted
}

// reportValueError adds the error of types.ParseValue for a cell. Its
// message for an amount in another currency does not say what to do, so a
// hint is added for that case.
func reportValueError(list *diag.List, file string, pos diag.Pos, text string, c Column, cur types.Currency, err error) {
	d := list.Errorf(file, span(pos), "%s", err)
	if c.Unit != types.Money {
		return
	}
	// types.ParseValue reads a three-letter upper-case prefix as a code.
	code, _, ok := strings.Cut(text, " ")
	if ok && len(code) == 3 && strings.ToUpper(code) == code && code != cur.Code {
		d.Hint = "convert the amount to " + cur.Code
	}
}
