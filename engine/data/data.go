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
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Column is one reported measure that the data must provide.
type Column struct {
	Name string
	Unit types.Unit
	// Counted is true for a measure computed from records. Its value may
	// come with the counts it rests on, in the columns NAME.records and,
	// for a share, NAME.numerator, as pacta measure writes them.
	Counted bool
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
	// IgnoreUnknown skips columns that are no measure of the contract,
	// for reading one data file against two versions of a contract.
	IgnoreUnknown bool
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
	// Exact, when set, is the value as an exact fraction, which Value can
	// only approximate: a share of 2 in 3 records, or a mean. Measures
	// computed from records set it, and so does a data file that gives a
	// share's numerator and denominator.
	Exact *num.Num
	// Why is the reason a computed value is missing, such as "no calls in
	// the denominator"; empty for a value not reported.
	Why string
	// Basis is what a value computed from records rests on, or nil.
	Basis *Basis
}

// Basis is what a value computed from records rests on: the counts that
// explanations show and that a minimum sample tests.
type Basis struct {
	// Records is the sample: a share's denominator, or the number of
	// records a count or statistic aggregated.
	Records int64 `json:"records"`
	// Numerator is a share's numerator.
	Numerator int64 `json:"numerator,omitempty"`
	// Share is true when Numerator and Records are a share's terms.
	Share bool `json:"share,omitempty"`
	// Excluded counts the records left out, by the reason the contract
	// gives, in the order of its excluding lines.
	Excluded []Excluded `json:"excluded,omitempty"`
	// Pending counts records whose deadline had not passed by the time of
	// the data, which are left out until it has.
	Pending int64 `json:"pending,omitempty"`
	// Detail describes the aggregate in words, such as "6,012 of 7,380 calls".
	Detail string `json:"detail,omitempty"`
}

// Excluded is the number of records one excluding line left out.
type Excluded struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
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

// Extra columns of a measure computed from records, as pacta measure
// writes them: NAME.records is the sample a value rests on, NAME.numerator
// a share's numerator, and NAME.exact a value that does not terminate, as
// a fraction such as 1339/1344, so that reading the table back gives the
// exact value and not the rounded one in the NAME column.
type extraKind int

const (
	extraRecords extraKind = iota
	extraNumerator
	extraExact
)

var extraSuffixes = []struct {
	suffix string
	kind   extraKind
}{{".records", extraRecords}, {".numerator", extraNumerator}, {".exact", extraExact}}

// extraColumn returns the column that an extra column name belongs to and
// the kind of the extra column, or false when name is no extra column.
func extraColumn(name string, s Schema) (j int, kind extraKind, ok bool) {
	for _, x := range extraSuffixes {
		base, found := strings.CutSuffix(name, x.suffix)
		if !found {
			continue
		}
		for j, c := range s.Columns {
			if c.Name == base && c.Counted {
				return j, x.kind, true
			}
		}
	}
	return 0, 0, false
}

// infoSuffixes mark the columns that pacta measure writes for people:
// NAME.excluded[REASON], NAME.pending and NAME.below_minimum. A reader
// skips them.
var infoSuffixes = []string{".excluded[", ".pending", ".below_minimum"}

// infoColumn reports whether name is an information column of a measure
// computed from records.
func infoColumn(name string, s Schema) bool {
	for _, suffix := range infoSuffixes {
		i := strings.Index(name, suffix)
		if i <= 0 {
			continue
		}
		if suffix != ".excluded[" && !strings.HasSuffix(name, suffix) {
			continue
		}
		if suffix == ".excluded[" && !strings.HasSuffix(name, "]") {
			continue
		}
		for _, c := range s.Columns {
			if c.Name == name[:i] && c.Counted {
				return true
			}
		}
	}
	return false
}

// extraBase returns the measure name that an extra column name starts
// with, or "" when name has no extra column suffix.
func extraBase(name string) string {
	for _, x := range extraSuffixes {
		if base, found := strings.CutSuffix(name, x.suffix); found {
			return base
		}
	}
	return ""
}

// setExtra stores the text of an extra column in cell, or in *exact for
// NAME.exact, which finishExtras applies once the whole row is read.
func setExtra(cell *Cell, exact **num.Num, kind extraKind, text string) error {
	if kind == extraExact {
		x, err := parseFraction(text)
		if err != nil {
			return err
		}
		*exact = &x
		return nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("invalid record count %s; write a whole number such as 7380", types.Quote(text))
	}
	if cell.Basis == nil {
		cell.Basis = &Basis{}
	}
	if kind == extraNumerator {
		cell.Basis.Numerator, cell.Basis.Share = n, true
	} else {
		cell.Basis.Records = n
	}
	return nil
}

// parseFraction reads an exact value written as NUMERATOR/DENOMINATOR,
// each a decimal number.
func parseFraction(text string) (num.Num, error) {
	n, d, ok := strings.Cut(strings.TrimSpace(text), "/")
	nd, err1 := decimal.NewFromString(n)
	dd, err2 := decimal.NewFromString(d)
	if !ok || err1 != nil || err2 != nil || types.TooManyDigits(text) {
		return num.Num{}, fmt.Errorf("invalid exact value %s; write a fraction such as 1339/1344", types.Quote(text))
	}
	x, ok := num.FromDecimal(nd).Quo(num.FromDecimal(dd))
	if !ok {
		return num.Num{}, fmt.Errorf("invalid exact value %s: the denominator is zero", types.Quote(text))
	}
	return x, nil
}

// finishExtras makes a value exact from its extra columns: from NAME.exact,
// or from a share's numerator and denominator, which the value column can
// only give rounded.
func finishExtras(cell *Cell, exact *num.Num) {
	if cell.Missing {
		return
	}
	if exact != nil {
		cell.Exact = exact
		return
	}
	b := cell.Basis
	if b == nil || !b.Share || b.Records == 0 {
		return
	}
	share, _ := num.FromInt(b.Numerator).Quo(num.FromInt(b.Records))
	cell.Exact = &share
}

// SourceReport accounts for one file of records: its rows, the malformed
// rows skipped, and the records outside the term or the measured periods.
type SourceReport struct {
	Source string `json:"source"`
	File   string `json:"file"`
	// Rows counts the data rows of the file, the skipped ones included.
	Rows int64 `json:"rows"`
	// Skipped counts the malformed rows that were skipped; Bad lists the
	// first MaxListed of them.
	Skipped int64       `json:"skipped"`
	Bad     []BadRecord `json:"bad_records,omitempty"`
	// BeforeTerm and AfterTerm count records outside the contract term;
	// OutsideRange counts records inside the term but outside the measured
	// periods.
	BeforeTerm   int64 `json:"before_term"`
	AfterTerm    int64 `json:"after_term"`
	OutsideRange int64 `json:"outside_range"`
}

// MaxListed is the number of skipped rows a SourceReport lists; it counts
// them all.
const MaxListed = 100

// BadRecord is a malformed row that was skipped.
type BadRecord struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}
