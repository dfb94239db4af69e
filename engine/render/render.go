// Package render writes an engine.Result as the text ledger that a
// contract manager reads, as JSON for programs (documented in
// docs/output.md), or as a CSV ledger for spreadsheets.
//
// Every writer is deterministic: the same result gives the same bytes.
package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/pacta-dev/pacta/engine/num"
	"io"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/types"
)

// JSON writes the result as indented JSON. HTML escaping is off so that
// targets read "csat >= 85%" and not "csat \u003e= 85%".
func JSON(w io.Writer, r *engine.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// csvHeader names the CSV columns; docs/output.md describes each.
var csvHeader = []string{
	"period", "service_level", "value", "unit", "comparison", "target", "status", "tier",
	"ref", "rule", "rule_ref", "deduction_before_cap", "deduction",
	"period_deductions_before_cap", "period_total_deduction", "period_net_payment", "explanation",
}

// CSV writes one row per period and service level. The period's totals
// repeat on each of its rows, so that a spreadsheet can filter by any
// column without losing them.
func CSV(w io.Writer, r *engine.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range r.Periods {
		for _, l := range p.ServiceLevels {
			row := []string{
				p.Period, l.Name, deref(l.Value.Value), l.Unit, l.Comparison, deref(l.Target.Value), string(l.Status), l.Tier,
				l.Ref, l.Rule, l.RuleRef, l.DeductionBeforeCap.String(), l.Deduction.String(),
				p.DeductionsBeforeCap.String(), p.TotalDeduction.String(), p.NetPayment.String(), l.Explanation,
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Text writes the ledger: a header, one block per period with a line per
// service level, the cap, the total and the net payment, then the notices
// and the totals. With explain, each line is followed by its explanation.
func Text(w io.Writer, r *engine.Result, explain bool) error {
	t := &textWriter{w: w, r: r, explain: explain}
	t.header()
	for _, p := range r.Periods {
		t.period(p)
	}
	t.notices()
	t.totals()
	return t.err
}

type textWriter struct {
	w       io.Writer
	r       *engine.Result
	explain bool
	err     error
	// cols is computed once, because it reads every period.
	cols *columns
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}

func (t *textWriter) header() {
	c := t.r.Contract
	t.printf("%s\n", c.Title)
	t.printf("Contract  %s (SHA-256 %s)\n", c.File, short(c.SHA256))
	if d := t.r.Data; d != nil {
		t.printf("Data      %s (SHA-256 %s)\n", d.File, short(d.SHA256))
	}
	t.printf("Currency  %s; each deduction is rounded %s to %d decimal places\n", c.Currency, c.Rounding, c.MinorUnits)
	if n := len(t.r.Periods); n > 0 {
		t.printf("Periods   %s to %s (%d)\n", t.r.Periods[0].Period, t.r.Periods[n-1].Period, n)
	}
	t.sources()
}

// sources accounts for the record files that measures were computed from:
// rows read, malformed rows skipped (each listed), and records outside the
// term or the evaluated periods.
func (t *textWriter) sources() {
	if len(t.r.Sources) == 0 {
		return
	}
	t.printf("Records   as of %s\n", t.r.AsOf)
	for _, s := range t.r.Sources {
		line := fmt.Sprintf("%s (%s): %s", s.Source, s.File, count(s.Rows, "row"))
		if s.Skipped > 0 {
			line += "; " + count(s.Skipped, "malformed row") + " skipped"
		}
		if s.BeforeTerm > 0 {
			line += "; " + count(s.BeforeTerm, "record") + " before the term"
		}
		if s.AfterTerm > 0 {
			line += "; " + count(s.AfterTerm, "record") + " after the term"
		}
		if s.OutsideRange > 0 {
			line += "; " + count(s.OutsideRange, "record") + " outside the evaluated periods"
		}
		t.printf("          %s\n", line)
		for _, b := range s.Bad {
			t.printf("            skipped %s:%d:%d: %s\n", s.File, b.Line, b.Column, b.Message)
		}
		if n := s.Skipped - int64(len(s.Bad)); n > 0 {
			t.printf("            and %s more; the JSON output lists the first %d\n", count(n, "skipped row"), len(s.Bad))
		}
	}
}

// count writes n and a noun, with an s unless n is 1.
func count(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%s %ss", num.GroupInt(n), noun)
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// columns are the widths of the ledger's columns for one result, so that
// every period block lines up with the others.
type columns struct {
	name, value, target, status, amount int
}

func (t *textWriter) widths() columns {
	if t.cols != nil {
		return *t.cols
	}
	c := columns{name: len("Service level"), value: len("Value"), target: len("Target"), status: len("Status"), amount: len("Deduction")}
	for _, p := range t.r.Periods {
		for _, l := range p.ServiceLevels {
			c.name = max(c.name, len(l.Name))
			c.value = max(c.value, runeLen(l.Value.Text))
			c.target = max(c.target, runeLen(targetText(l)))
			c.status = max(c.status, len(statusText(l)))
			c.amount = max(c.amount, len(amountText(l)))
		}
		c.amount = max(c.amount, len(types.GroupThousands(p.TotalDeduction.String())), len(types.GroupThousands(p.NetPayment.String())))
	}
	t.cols = &c
	return c
}

func runeLen(s string) int { return len([]rune(s)) }

func pad(s string, width int) string {
	if n := width - runeLen(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

func padLeft(s string, width int) string {
	if n := width - runeLen(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

func targetText(l engine.LevelResult) string {
	return l.Comparison + " " + l.Target.Text
}

func statusText(l engine.LevelResult) string {
	switch l.Status {
	case engine.Failed, engine.Missing:
		if l.Tier != "" {
			return string(l.Status) + ": " + l.Tier
		}
	case engine.NotAssessed:
		return "not assessed"
	}
	return string(l.Status)
}

func amountText(l engine.LevelResult) string {
	s := types.GroupThousands(l.Deduction.String())
	if l.Deduction.Value.LessThan(l.DeductionBeforeCap.Value) {
		s += " (capped)"
	}
	return s
}

func (t *textWriter) period(p engine.PeriodResult) {
	c := t.widths()
	line := c.name + c.value + c.target + c.status + c.amount + 8

	t.printf("\n%s\n", p.Period)
	t.printf("  %s  %s  %s  %s  %s\n", pad("Service level", c.name), pad("Value", c.value), pad("Target", c.target),
		pad("Status", c.status), padLeft("Deduction", c.amount))
	for _, l := range p.ServiceLevels {
		t.printf("  %s  %s  %s  %s  %s\n", pad(l.Name, c.name), pad(l.Value.Text, c.value), pad(targetText(l), c.target),
			pad(statusText(l), c.status), padLeft(amountText(l), c.amount))
		if t.explain {
			t.printf("      %s\n", l.Explanation)
		}
	}
	if p.CarriedIn.Value.IsPositive() {
		t.printf("  %s%s\n", pad("Excess carried from the previous period", line-c.amount), padLeft(types.GroupThousands(p.CarriedIn.String()), c.amount))
	}
	if t.explain {
		t.computedMeasures(p)
	}
	if p.Cap != nil {
		state := "not reached"
		if p.Cap.Binding {
			state = "binds: " + types.GroupThousands(p.Cap.Excess.String()) + " over the limit"
		}
		label := fmt.Sprintf("Cap %s (limit %s): %s", strings.TrimPrefix(p.Cap.Rule, "cap "), types.GroupThousands(p.Cap.Limit.String()), state)
		t.printf("  %s\n", label)
		if t.explain {
			t.printf("      %s\n", p.Cap.Explanation)
		}
	}
	t.printf("  %s%s\n", pad("Total deductions", line-c.amount), padLeft(types.GroupThousands(p.TotalDeduction.String()), c.amount))
	t.printf("  %s%s\n", pad("Net payment", line-c.amount), padLeft(types.GroupThousands(p.NetPayment.String()), c.amount))
}

// computedMeasures lists the period's computed measures, which the ledger
// does not otherwise show, so that a trend or ratio behind a target or a
// notice can be read.
func (t *textWriter) computedMeasures(p engine.PeriodResult) {
	var parts []string
	for _, m := range p.Measures {
		if !m.Reported {
			parts = append(parts, m.Name+" "+m.Value.Text)
		}
	}
	if len(parts) > 0 {
		t.printf("  Computed measures: %s\n", strings.Join(parts, ", "))
	}
}

// notices lists the declared and missing_data notices in full. Breach
// notices repeat the ledger's failures, so without explain they are
// grouped into one line per period.
func (t *textWriter) notices() {
	t.printf("\nNotices\n")
	if len(t.r.Notices) == 0 {
		t.printf("  none\n")
		return
	}
	kind, level := len("missing_data"), 0
	for _, n := range t.r.Notices {
		kind = max(kind, len(n.Kind))
		level = max(level, len(n.ServiceLevel))
	}
	for k := 0; k < len(t.r.Notices); k++ {
		n := t.r.Notices[k]
		if n.Kind == "breach" && !t.explain {
			var levels []string
			for ; k < len(t.r.Notices) && t.r.Notices[k].Kind == "breach" && t.r.Notices[k].Period == n.Period; k++ {
				levels = append(levels, t.r.Notices[k].ServiceLevel)
			}
			k--
			t.printf("  %s  %s  %s\n", n.Period, pad(n.Kind, kind), breachSummary(levels))
			continue
		}
		t.printf("  %s  %s  %s  %s\n", n.Period, pad(n.Kind, kind), pad(n.ServiceLevel, level), n.Message)
	}
}

func breachSummary(levels []string) string {
	if len(levels) == 1 {
		return "service level " + levels[0] + " failed"
	}
	return fmt.Sprintf("%d service levels failed: %s", len(levels), strings.Join(levels, ", "))
}

func cite(ref string) string {
	if ref == "" {
		return ""
	}
	return " (" + ref + ")"
}

func (t *textWriter) totals() {
	tot := t.r.Totals
	cur := t.r.Contract.Currency
	amounts := []string{types.GroupThousands(tot.Payments.String()), types.GroupThousands(tot.TotalDeduction.String()), types.GroupThousands(tot.NetPayment.String())}
	w := 0
	for _, a := range amounts {
		w = max(w, len(a))
	}
	noun := "periods"
	if tot.Periods == 1 {
		noun = "period"
	}
	t.printf("\nTotals over %d %s\n", tot.Periods, noun)
	t.printf("  Payments          %s %s\n", cur, padLeft(amounts[0], w))
	t.printf("  Total deductions  %s %s\n", cur, padLeft(amounts[1], w))
	t.printf("  Net payment       %s %s\n", cur, padLeft(amounts[2], w))
	var counts []string
	for _, n := range tot.Notices {
		counts = append(counts, fmt.Sprintf("%s %d", n.Kind, n.Count))
	}
	if len(counts) == 0 {
		counts = []string{"none"}
	}
	t.printf("  Notices           %s\n", strings.Join(counts, ", "))
}
