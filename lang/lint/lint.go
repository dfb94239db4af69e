// Package lint finds rules in a checked contract that are valid but
// cannot do what their drafters most likely meant. Examples are a tier no
// value can reach, a cap that never binds, a ratchet that alone exceeds
// the cap, a rate outside the range the parties agreed, a measure nothing
// reads, a rule without a ref and a notice that can never be issued.
//
// Each kind of finding has a stable code (PL001, ...), which
// docs/lint.md documents with a bad example; a test checks that each
// example yields its code. Findings are warnings: the contract still
// checks and evaluates.
package lint

import (
	"fmt"
	"sort"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Rule is a kind of finding.
type Rule struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// Rules lists every kind of finding, in code order.
var Rules = []Rule{
	{"PL001", "unreachable-tier", "a tier whose condition no value of its measure can meet"},
	{"PL002", "cap-never-binds", "a cap above the largest total deduction the rules can give"},
	{"PL003", "cap-always-binds", "a cap of zero, which removes every deduction"},
	{"PL004", "deduction-exceeds-cap", "a deduct line that alone exceeds its service level's cap or the total cap"},
	{"PL005", "rate-outside-agreed", "a deduction rate outside the range the contract agrees"},
	{"PL006", "unused", "a measure or payment that no rule reads"},
	{"PL007", "missing-ref", "a service level, cap or notice without a ref"},
	{"PL008", "notice-never-issued", "a notice condition that can never hold"},
	{"PL009", "streak-longer-than-term", "a window that needs more periods than the contract term has"},
}

// Finding is one warning.
type Finding struct {
	Code    string
	Span    diag.Span
	Message string
	Hint    string
}

type linter struct {
	c        *check.Contract
	findings []Finding
}

func (l *linter) add(code string, n syntax.Node, hint, format string, args ...any) {
	l.findings = append(l.findings, Finding{Code: code, Span: n.Span(), Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Contract returns the findings for c, sorted by position.
func Contract(c *check.Contract) []Finding {
	l := &linter{c: c}
	for _, lv := range c.Levels {
		l.tiers(lv)
		l.refs(lv)
		l.deductions(lv)
	}
	l.caps()
	l.unused()
	l.notices()
	sort.SliceStable(l.findings, func(i, j int) bool {
		a, b := l.findings[i].Span.Start, l.findings[j].Span.Start
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return l.findings
}

// valueRange returns the bounds of the values the subject of a service
// level can take, as far as pacta enforces them: a count or a duration is
// never negative, and a share or uptime computed from records lies between
// 0% and 100%. A reported or computed percent can lie anywhere, because
// the period data accepts any percent and a difference can be negative.
func valueRange(lv *check.ServiceLevel) (low, high *decimal.Decimal) {
	zero, one := decimal.Zero, decimal.NewFromInt(1)
	ref, ok := lv.Subject.(*check.MeasureRef)
	if !ok || !ref.Measure.Reported {
		// A formula can take any value: a difference of counts can be
		// negative.
		return nil, nil
	}
	if r := ref.Measure.Records; r != nil && (r.Kind == check.AggShare || r.Kind == check.AggUptime) {
		return &zero, &one
	}
	switch lv.Unit {
	case types.Count, types.Duration:
		return &zero, nil
	}
	return nil, nil
}

// tiers reports a tier whose condition no value can meet, such as a
// reported count below 0.
func (l *linter) tiers(lv *check.ServiceLevel) {
	low, high := valueRange(lv)
	for _, t := range lv.Tiers {
		v, ok := check.ConstValue(t.Threshold)
		if !ok {
			continue
		}
		switch {
		case low != nil && (t.Op == check.OpLT && v.LessThanOrEqual(*low) || t.Op == check.OpLE && v.LessThan(*low)):
			l.add("PL001", t.Decl, "raise the threshold, or remove the tier", "tier %s of %s can never be reached: %s is never %s %s", t.Name, lv.Name, check.Text(lv.Subject), t.Op, check.Text(t.Threshold))
		case high != nil && (t.Op == check.OpGT && v.GreaterThanOrEqual(*high) || t.Op == check.OpGE && v.GreaterThan(*high)):
			l.add("PL001", t.Decl, "lower the threshold, or remove the tier", "tier %s of %s can never be reached: %s is never %s %s", t.Name, lv.Name, check.Text(lv.Subject), t.Op, check.Text(t.Threshold))
		}
	}
}

func (l *linter) refs(lv *check.ServiceLevel) {
	if lv.Ref == "" {
		l.add("PL007", lv.Decl.Name, `add a line such as: ref "Schedule 7, para 2.1"`, "service level %s has no ref", lv.Name)
	}
}

// amount returns the money an amount stands for in a period.
func (l *linter) amount(a check.Amount) decimal.Decimal {
	if a.Payment != nil {
		return a.Rate.Mul(a.Payment.Amount)
	}
	return a.Money
}

// lineMax returns the most a deduct line can deduct in a period, and false
// for a per-unit line, which has no bound of its own.
func (l *linter) lineMax(d *check.Deduction) (decimal.Decimal, bool) {
	if d.PerUnit != nil {
		return decimal.Zero, false
	}
	return l.amount(d.Amount), true
}

// deductions reports rates outside the agreed range and a line that alone
// exceeds its service level's cap or the total cap.
func (l *linter) deductions(lv *check.ServiceLevel) {
	for _, d := range lv.Deductions {
		if l.c.HasAgreed && d.Amount.Payment != nil && (d.Amount.Rate.LessThan(l.c.AgreedLow) || d.Amount.Rate.GreaterThan(l.c.AgreedHigh)) {
			l.add("PL005", d.Decl.Amount, "use a rate within the agreed range, or widen the range in the header",
				"deduction rate %s is outside the agreed range %s to %s", d.Amount.Text, pct(l.c.AgreedLow), pct(l.c.AgreedHigh))
		}
		max, bounded := l.lineMax(d)
		if lv.Cap != nil {
			limit := l.amount(lv.Cap.Amount)
			// A zero cap is reported once, as PL003.
			if bounded && !limit.IsZero() && max.GreaterThan(limit) {
				l.add("PL004", d.Decl, "lower the deduction, or raise the cap", "%s alone deducts %s, more than the service level's cap of %s", d.Text, money(l.c, max), money(l.c, limit))
			}
			continue
		}
		if l.c.Cap == nil {
			if !bounded {
				l.add("PL004", d.Decl, "add a cap line to the service level, such as: cap at 5% of PAYMENT",
					"%s has no upper bound, and neither the service level nor the contract caps it", d.Text)
			}
			continue
		}
		limit := l.amount(l.c.Cap.Amount)
		switch {
		case !bounded:
			l.add("PL004", d.Decl, "add a cap line to the service level, such as: cap at 5% of PAYMENT",
				"%s has no upper bound, and the service level has no cap, so it alone can exceed the cap on total deductions of %s", d.Text, money(l.c, limit))
		case max.GreaterThan(limit):
			l.add("PL004", d.Decl, "lower the deduction, or raise the cap", "%s alone deducts %s, more than the cap on total deductions of %s", d.Text, money(l.c, max), money(l.c, limit))
		}
	}
}

func pct(d decimal.Decimal) string { return d.Shift(2).String() + "%" }

func money(c *check.Contract, d decimal.Decimal) string {
	return c.Currency.Format(d.Round(c.Currency.MinorUnits))
}

// levelMax returns the most a service level can deduct in a period, and
// false when that has no bound.
func (l *linter) levelMax(lv *check.ServiceLevel) (decimal.Decimal, bool) {
	max, bounded := decimal.Zero, true
	for _, d := range lv.Deductions {
		m, ok := l.lineMax(d)
		if !ok {
			bounded = false
			break
		}
		if m.GreaterThan(max) {
			max = m
		}
	}
	if lv.Cap != nil {
		// The service level's cap bounds it, and the largest line may stay
		// below the cap.
		limit := l.amount(lv.Cap.Amount)
		if !bounded || limit.LessThan(max) {
			return limit, true
		}
	}
	return max, bounded
}

// caps reports a total cap that can never bind or always binds, and caps
// without a ref.
func (l *linter) caps() {
	c := l.c
	for _, lv := range c.Levels {
		if lv.Cap != nil && l.amount(lv.Cap.Amount).IsZero() {
			l.add("PL003", lv.Decl.Name, "remove the cap line, or give it a positive amount", "the cap of service level %s is zero, so it removes every deduction", lv.Name)
		}
	}
	if c.Cap == nil {
		return
	}
	limit := l.amount(c.Cap.Amount)
	if c.Cap.Ref == "" {
		l.add("PL007", c.Cap.Decl, `add a line such as: ref "Schedule 7, para 4.1"`, "the cap on total deductions has no ref")
	}
	if limit.IsZero() {
		l.add("PL003", c.Cap.Decl, "remove the cap, or give it a positive amount", "the cap on total deductions is zero, so it removes every deduction")
		return
	}
	total := decimal.Zero
	for _, lv := range c.Levels {
		m, ok := l.levelMax(lv)
		if !ok {
			return
		}
		total = total.Add(m)
	}
	if !c.Cap.CarryForward && total.LessThanOrEqual(limit) {
		l.add("PL002", c.Cap.Decl, "lower the cap, or remove it if the deductions are meant to stay below it",
			"the cap on total deductions of %s can never bind: the service levels can deduct at most %s in a period", money(c, limit), money(c, total))
	}
}

// unused reports measures and payments that nothing reads.
func (l *linter) unused() {
	used := map[any]bool{}
	mark := func(e check.Expr) {
		check.Walk(e, func(x check.Expr) {
			switch x := x.(type) {
			case *check.MeasureRef:
				used[x.Measure] = true
			case *check.PaymentRef:
				used[x.Payment] = true
			case *check.Aggregate:
				used[x.Measure] = true
			case *check.Lag:
				used[x.Measure] = true
			}
		})
	}
	markAmount := func(a check.Amount) {
		if a.Payment != nil {
			used[a.Payment] = true
		}
	}
	for _, m := range l.c.Measures {
		mark(m.Expr)
	}
	for _, lv := range l.c.Levels {
		mark(lv.Subject)
		mark(lv.Threshold)
		for _, t := range lv.Tiers {
			mark(t.Threshold)
		}
		for _, d := range lv.Deductions {
			markAmount(d.Amount)
		}
		if lv.Cap != nil {
			markAmount(lv.Cap.Amount)
		}
	}
	if l.c.Cap != nil {
		markAmount(l.c.Cap.Amount)
	}
	for _, n := range l.c.Notices {
		for _, cond := range n.Conditions {
			if p, ok := cond.Pred.(*check.ExprPred); ok {
				mark(p.Expr)
			}
		}
	}

	for _, m := range l.c.Measures {
		if !used[m] {
			l.add("PL006", m.Decl.Name, "read it in a target, tier, formula or notice, or remove it; a measure reported for information only can stay",
				"measure %s is not read by any rule", m.Name)
		}
	}
	for _, p := range l.c.Payments {
		if !used[p] {
			l.add("PL006", p.Decl.Name, "deduct from it or cap by it, or remove it", "payment %s is not read by any rule", p.Name)
		}
	}
}

// maxTotal returns the most the period's total deduction can be, after the
// cap on total deductions, and false when it has no bound.
func (l *linter) maxTotal() (decimal.Decimal, bool) {
	total := decimal.Zero
	for _, lv := range l.c.Levels {
		m, ok := l.levelMax(lv)
		if !ok {
			return decimal.Zero, false
		}
		total = total.Add(m)
	}
	if c := l.c.Cap; c != nil && !c.CarryForward {
		if limit := l.amount(c.Amount); limit.LessThan(total) {
			total = limit
		}
	}
	return total, true
}

// totalPred reports a condition on the total deduction that no period can
// meet, because the total never comes that high.
func (l *linter) totalPred(n *check.Notice, cond *check.Condition, p *check.TotalPred) {
	max, ok := l.maxTotal()
	if !ok {
		return
	}
	switch {
	case p.ReachesCap && l.c.Cap != nil && max.LessThan(l.amount(l.c.Cap.Amount)):
		l.add("PL008", cond.Decl, "lower the cap, or drop the condition",
			"notice %s waits for the total to reach the cap of %s, but the total is at most %s", n.Name, money(l.c, l.amount(l.c.Cap.Amount)), money(l.c, max))
	case !p.ReachesCap && (p.Op == check.OpGE && max.LessThan(p.Amount) || p.Op == check.OpGT && max.LessThanOrEqual(p.Amount) || p.Op == check.OpEQ && max.LessThan(p.Amount)):
		l.add("PL008", cond.Decl, "lower the amount, or drop the condition",
			"notice %s needs total deductions %s %s, but the total is at most %s", n.Name, p.Op, money(l.c, p.Amount), money(l.c, max))
	}
}

// notices reports notices without a ref, conditions that can never hold
// and windows longer than the term.
func (l *linter) notices() {
	termLen := l.c.Term.Len()
	for _, n := range l.c.Notices {
		if n.Ref == "" {
			l.add("PL007", n.Decl.Name, `add a line such as: ref "Clause 45.1(c)"`, "notice %s has no ref", n.Name)
		}
		for _, cond := range n.Conditions {
			if p, ok := cond.Pred.(*check.TotalPred); ok {
				l.totalPred(n, cond, p)
			}
			if w := cond.Window; w != nil && termLen > 0 && w.Count > termLen {
				l.add("PL009", cond.Decl, "shorten the window, or lengthen the term",
					"the window %s is longer than the contract term of %d periods, so notice %s can never be issued", w.Text, termLen, n.Name)
			}
		}
	}
	for _, lv := range l.c.Levels {
		for _, d := range lv.Deductions {
			if w := d.Window; w != nil && termLen > 0 && w.Count > termLen {
				l.add("PL009", d.Decl, "shorten the window, or lengthen the term",
					"the window %s is longer than the contract term of %d periods, so the line never applies", w.Text, termLen)
			}
		}
	}
}
