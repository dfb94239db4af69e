// Package suite runs the test cases of a contract: the `test` blocks in
// the contract file and in the file NAME_test.pacta beside it.
//
// A case gives period data, from a file or as inline rows, and states the
// results the contract must give over it. A result is a service level's
// status, tier and deduction in a period, a period's or the run's total
// deductions and net payment, the notices, or an error. The notices are compared as a set
// of (kind, service level, period), exactly, unless the case says "ignore
// notices": a notice that appears without being expected fails the case.
// Every other comparison is exact too: amounts compare as decimals, and
// a status names one of met, failed, missing or not assessed.
package suite

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
)

// Case is one test block and the file it is in.
type Case struct {
	Decl *syntax.TestDecl
	File string
}

// Name returns the name of the case.
func (c Case) Name() string { return c.Decl.Name.Value }

// Line returns the line of the case's head.
func (c Case) Line() int { return c.Decl.Sp.Start.Line }

// Result is the outcome of one case.
type Result struct {
	Contract string    `json:"contract"`
	File     string    `json:"file"`
	Line     int       `json:"line"`
	Name     string    `json:"name"`
	Passed   bool      `json:"passed"`
	Failures []Failure `json:"failures,omitempty"`
	// Evaluation is the engine's result, for coverage, or nil when the
	// case did not evaluate.
	Evaluation *engine.Result `json:"-"`
}

// Failure is one expectation that did not hold, or a problem that kept the
// case from running.
type Failure struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	// Explanation is the engine's explanation of the actual result, when
	// the failure is about a service level.
	Explanation string `json:"explanation,omitempty"`
}

// Cases returns the test blocks of a parsed file.
func Cases(f *syntax.File) []Case {
	var out []Case
	for _, d := range f.Decls {
		if t, ok := d.(*syntax.TestDecl); ok {
			out = append(out, Case{Decl: t, File: f.Name})
		}
	}
	return out
}

// Run runs case c against the contract prog, which was loaded from the
// file contract.
func Run(prog *engine.Program, contract string, c Case) Result {
	r := &runner{c: c, prog: prog, res: Result{Contract: contract, File: c.File, Line: c.Line(), Name: c.Name()}}
	table := r.table(prog)
	if table != nil {
		res, errs := prog.Evaluate(table, engine.Options{})
		r.res.Evaluation = res
		r.check(res, errs)
	}
	r.res.Passed = len(r.res.Failures) == 0
	return r.res
}

type runner struct {
	c    Case
	prog *engine.Program
	res  Result
	// rowLines maps a line of the CSV built from inline rows to the test
	// line it came from, so that evaluation errors point at the test.
	rowLines []int
}

func (r *runner) fail(n syntax.Node, explanation, format string, args ...any) {
	line := r.c.Line()
	if n != nil {
		line = n.Span().Start.Line
	}
	r.res.Failures = append(r.res.Failures, Failure{File: r.c.File, Line: line, Message: fmt.Sprintf(format, args...), Explanation: explanation})
}

// table reads the case's period data: its data file, or its inline rows.
func (r *runner) table(prog *engine.Program) *data.Table {
	d := r.c.Decl
	for _, extra := range d.Data[min(1, len(d.Data)):] {
		r.fail(extra, "", "second data line; a test reads one data file")
	}
	for _, extra := range d.Columns[min(1, len(d.Columns)):] {
		r.fail(extra[0], "", "second columns line; give every column on one line")
	}
	switch {
	case len(d.Data) > 0 && len(d.Rows) > 0:
		r.fail(d.Data[0], "", "the test has a data file and inline rows; give one or the other")
		return nil
	case len(d.Data) > 0:
		return r.fileTable(prog, d.Data[0])
	case len(d.Rows) > 0:
		return r.inlineTable(prog)
	}
	r.fail(nil, "", "the test has no period data; add a data line, or a columns line and row lines")
	return nil
}

func (r *runner) fileTable(prog *engine.Program, name *syntax.StringLit) *data.Table {
	path := filepath.Join(filepath.Dir(r.c.File), name.Value)
	src, err := os.ReadFile(path)
	if err != nil {
		r.fail(name, "", "cannot read the data: %v", err)
		return nil
	}
	table, errs := data.Read(path, src, prog.Schema())
	if errs != nil {
		for _, e := range errs.Items() {
			r.fail(name, "", "%s", e.Error())
		}
		return nil
	}
	return table
}

// inlineTable turns the columns and rows into a CSV table for the data
// reader, and reports its errors at the test lines they come from.
func (r *runner) inlineTable(prog *engine.Program) *data.Table {
	d := r.c.Decl
	if len(d.Columns) == 0 {
		r.fail(d.Rows[0], "", "inline rows need a columns line before them, naming the measure of each value")
		return nil
	}
	cols := d.Columns[0]
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"period"}
	for _, c := range cols {
		header = append(header, c.Name)
	}
	_ = w.Write(header)
	lines := []syntax.Node{cols[0]}
	for _, row := range d.Rows {
		if len(row.Cells) != len(cols) {
			r.fail(row, "", "the row has %s, but the columns line names %d", values(len(row.Cells)), len(cols))
			continue
		}
		record := []string{row.Period.Text}
		for _, c := range row.Cells {
			record = append(record, c.Text)
		}
		_ = w.Write(record)
		lines = append(lines, row)
	}
	w.Flush()
	if len(r.res.Failures) > 0 {
		return nil
	}

	for _, n := range lines {
		r.rowLines = append(r.rowLines, n.Span().Start.Line)
	}
	table, errs := data.ReadCSV(r.c.File, buf.Bytes(), prog.Schema())
	if errs != nil {
		for _, e := range errs.Items() {
			var at syntax.Node
			if l := e.Span.Start.Line; l >= 1 && l <= len(lines) {
				at = lines[l-1]
			}
			msg := e.Message
			if e.Hint != "" {
				msg += "; " + e.Hint
			}
			r.fail(at, "", "%s", msg)
		}
		return nil
	}
	return table
}

// check compares the result of the evaluation with the expectations.
func (r *runner) check(res *engine.Result, errs *diag.List) {
	d := r.c.Decl
	var wantErr *syntax.Expect
	for _, e := range d.Expects {
		if e.Kind != "error" {
			continue
		}
		if _, err := regexp.Compile(e.Error.Value); err != nil {
			r.fail(e.Error, "", "invalid regular expression %q: %v", e.Error.Value, err)
			return
		}
		wantErr = e
	}
	if errs != nil {
		r.checkError(wantErr, errs)
		return
	}
	if wantErr != nil {
		r.fail(wantErr, "", "expected an error matching %q, but the evaluation succeeded", wantErr.Error.Value)
		return
	}

	for _, e := range d.Expects {
		switch e.Kind {
		case "level":
			r.checkLevel(res, e)
		case "total deductions", "net payment":
			r.checkTotal(res, e)
		}
	}
	if len(d.IgnoreNotices) == 0 {
		r.checkNotices(r.prog, res)
	}
}

func (r *runner) checkError(want *syntax.Expect, errs *diag.List) {
	var messages []string
	for _, e := range errs.Items() {
		messages = append(messages, r.errorText(e))
	}
	if want == nil {
		r.fail(nil, "", "the evaluation failed: %s", strings.Join(messages, "; "))
		return
	}
	re, err := regexp.Compile(want.Error.Value)
	if err != nil {
		r.fail(want.Error, "", "invalid regular expression %q: %v", want.Error.Value, err)
		return
	}
	for _, m := range messages {
		if re.MatchString(m) {
			return
		}
	}
	r.fail(want, "", "expected an error matching %q, got: %s", want.Error.Value, strings.Join(messages, "; "))
}

// errorText writes an evaluation error. An error about a cell of an inline
// row names the row's line of the test file.
func (r *runner) errorText(e *diag.Diagnostic) string {
	l := e.Span.Start.Line
	if r.rowLines == nil || e.File != r.c.File || l < 1 || l > len(r.rowLines) {
		return e.Error()
	}
	msg := fmt.Sprintf("%s:%d: %s", e.File, r.rowLines[l-1], e.Message)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (r *runner) period(res *engine.Result, e *syntax.Expect) *engine.PeriodResult {
	for i := range res.Periods {
		if res.Periods[i].Period == e.Period.Text {
			return &res.Periods[i]
		}
	}
	first, last := "", ""
	if n := len(res.Periods); n > 0 {
		first, last = res.Periods[0].Period, res.Periods[n-1].Period
	}
	r.fail(e, "", "period %s is not in the data, which covers %s to %s", e.Period.Text, first, last)
	return nil
}

var statusWords = map[string]engine.Status{
	"met": engine.Met, "failed": engine.Failed, "missing": engine.Missing, "not assessed": engine.NotAssessed,
}

func (r *runner) checkLevel(res *engine.Result, e *syntax.Expect) {
	p := r.period(res, e)
	if p == nil {
		return
	}
	var got *engine.LevelResult
	var names []string
	for i := range p.ServiceLevels {
		names = append(names, p.ServiceLevels[i].Name)
		if p.ServiceLevels[i].Name == e.Level.Name {
			got = &p.ServiceLevels[i]
		}
	}
	if got == nil {
		r.fail(e, "", "the contract has no service level %q%s", e.Level.Name, hint(e.Level.Name, names))
		return
	}

	ok := statusWords[e.Status] == got.Status
	if e.Tier != nil && e.Tier.Name != got.Tier {
		ok = false
	}
	if e.Deduction != nil && !amountEqual(e.Deduction, got.Deduction) {
		ok = false
	}
	if !ok {
		r.fail(e, got.Explanation, "%s %s: expected %s; got %s", e.Period.Text, e.Level.Name, wantText(e), gotText(got, e.Deduction != nil, res.Contract.Currency))
	}
}

// money writes an amount of the result as the contract writes amounts:
// "USD 2,500.00".
func money(m engine.Money, code string) string {
	if cur, ok := types.LookupCurrency(code); ok {
		return cur.Format(m.Value)
	}
	return code + " " + m.String()
}

func amountEqual(want *syntax.MoneyLit, got engine.Money) bool {
	return want.Value.Equal(got.Value)
}

func wantText(e *syntax.Expect) string {
	s := e.Status
	if e.Tier != nil {
		s += " (" + e.Tier.Name + ")"
	}
	if e.Deduction != nil {
		s += ", deduction " + e.Deduction.Text
	}
	return s
}

func gotText(l *engine.LevelResult, withDeduction bool, currency string) string {
	s := strings.ReplaceAll(string(l.Status), "_", " ")
	if l.Tier != "" {
		s += " (" + l.Tier + ")"
	}
	if withDeduction || l.Deduction.Value.Sign() != 0 {
		s += ", deduction " + money(l.Deduction, currency)
	}
	return s
}

func (r *runner) checkTotal(res *engine.Result, e *syntax.Expect) {
	var got engine.Money
	where := "over the run"
	if e.Period != nil {
		p := r.period(res, e)
		if p == nil {
			return
		}
		got, where = p.TotalDeduction, "in "+e.Period.Text
		if e.Kind == "net payment" {
			got = p.NetPayment
		}
	} else {
		got = res.Totals.TotalDeduction
		if e.Kind == "net payment" {
			got = res.Totals.NetPayment
		}
	}
	if !amountEqual(e.Amount, got) {
		r.fail(e, "", "%s %s: expected %s; got %s", e.Kind, where, e.Amount.Text, money(got, res.Contract.Currency))
	}
}

// notice is a notice as a test names it.
type notice struct {
	kind, level, period string
}

func (n notice) String() string {
	s := n.kind
	if n.level != "" {
		s += " for " + n.level
	}
	return s + " in " + n.period
}

func (r *runner) checkNotices(prog *engine.Program, res *engine.Result) {
	kinds := []string{"breach", "missing_data"}
	for _, n := range prog.Contract().Notices {
		kinds = append(kinds, n.Name)
	}
	var levels []string
	for _, l := range prog.Contract().Levels {
		levels = append(levels, l.Name)
	}
	want := map[notice]*syntax.Expect{}
	var none *syntax.Expect
	for _, e := range r.c.Decl.Expects {
		if e.Kind == "no notices" {
			none = e
		}
	}
	for _, e := range r.c.Decl.Expects {
		if e.Kind != "notice" {
			continue
		}
		if !contains(kinds, e.Notice.Name) {
			r.fail(e, "", "the contract issues no notice %q%s; its notices are %s", e.Notice.Name, hint(e.Notice.Name, kinds), strings.Join(kinds, ", "))
			continue
		}
		if e.Level != nil && !contains(levels, e.Level.Name) {
			r.fail(e, "", "the contract has no service level %q%s", e.Level.Name, hint(e.Level.Name, levels))
			continue
		}
		if none != nil {
			r.fail(e, "", "expect notice contradicts expect no notices on line %d", none.Sp.Start.Line)
		}
		n := notice{kind: e.Notice.Name, period: e.Period.Text}
		if e.Level != nil {
			n.level = e.Level.Name
		}
		want[n] = e
	}
	got := map[notice]bool{}
	for _, n := range res.Notices {
		got[notice{kind: n.Kind, level: n.ServiceLevel, period: n.Period}] = true
	}

	var missing []notice
	for n := range want {
		if !got[n] {
			missing = append(missing, n)
		}
	}
	sortNotices(missing)
	for _, n := range missing {
		r.fail(want[n], "", "expected notice %s, but it was not issued", n)
	}

	var extra []notice
	for n := range got {
		if want[n] == nil {
			extra = append(extra, n)
		}
	}
	sortNotices(extra)
	for _, n := range extra {
		r.fail(nil, "", "unexpected notice %s; add expect notice %s, or ignore notices", n, n)
	}
}

func sortNotices(ns []notice) {
	sort.Slice(ns, func(i, j int) bool {
		a, b := ns[i], ns[j]
		if a.period != b.period {
			return a.period < b.period
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.level < b.level
	})
}

func values(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hint returns "; did you mean ..." for name among candidates, or "".
func hint(name string, candidates []string) string {
	if h := diag.DidYouMean(name, candidates); h != "" {
		return "; " + h
	}
	return ""
}
