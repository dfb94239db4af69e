package engine

import (
	"fmt"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// val is a value in one period, or its absence with the reason.
type val struct {
	n  num.Num
	ok bool
	// why is the reason the value is missing: "not reported", or the division
	// by zero that left it undefined.
	why string
}

func present(n num.Num) val { return val{n: n, ok: true} }

func absent(why string) val { return val{why: why} }

// evaluator holds the state of one evaluation: every period's values and
// outcomes so far, which history, streaks, ratchets and windows read.
type evaluator struct {
	p    *Program
	c    *check.Contract
	t    *data.Table
	errs diag.List

	// vals[i][slot] is measure slot's value in period i.
	vals [][]val
	// outcomes[i][l] is service level l's outcome in period i.
	outcomes [][]outcome
	// preds[n][k][i] is notice n's condition k in period i.
	preds [][][]predState
	// issued[n][i] reports whether notice n was issued in period i.
	issued [][]bool
	// carry is the excess carried into the next period by a cap that
	// carries its excess forward.
	carry   decimal.Decimal
	periods []PeriodResult
	// capReached[i] reports whether deductions reached the total cap in
	// period i.
	capReached []bool
}

func newEvaluator(p *Program, t *data.Table) *evaluator {
	c := p.contract
	n := len(t.Rows)
	ev := &evaluator{
		p:          p,
		c:          c,
		t:          t,
		vals:       make([][]val, n),
		outcomes:   make([][]outcome, n),
		preds:      make([][][]predState, len(c.Notices)),
		issued:     make([][]bool, len(c.Notices)),
		periods:    make([]PeriodResult, n),
		capReached: make([]bool, n),
	}
	for k, notice := range c.Notices {
		ev.preds[k] = make([][]predState, len(notice.Conditions))
		for j := range notice.Conditions {
			ev.preds[k][j] = make([]predState, n)
		}
		ev.issued[k] = make([]bool, n)
	}
	return ev
}

func (ev *evaluator) periodName(i int) string { return ev.t.Rows[i].Period.String() }

// period evaluates period i; periods must be evaluated in order.
func (ev *evaluator) period(i int) {
	ev.measures(i)
	pr := &ev.periods[i]
	pr.Period = ev.periodName(i)
	pr.Payments = ev.payments()
	pr.Measures = ev.measureValues(i)

	ev.outcomes[i] = make([]outcome, len(ev.c.Levels))
	pr.ServiceLevels = []LevelResult{}
	for _, l := range ev.c.Levels {
		pr.ServiceLevels = append(pr.ServiceLevels, ev.level(l, i))
	}
	ev.totals(i)
	ev.notices(i)
}

func (ev *evaluator) payments() []PaymentLine {
	out := []PaymentLine{}
	for _, p := range ev.c.Payments {
		out = append(out, PaymentLine{Name: p.Name, Title: p.Title, Amount: ev.money(p.Amount), Ref: p.Ref})
	}
	return out
}

// measures fills vals[i]: reported values from the row, then computed
// measures in dependency order.
func (ev *evaluator) measures(i int) {
	row := ev.t.Rows[i]
	vs := make([]val, len(ev.c.Measures))
	for col, slot := range ev.p.reportedSlots {
		cell := row.Cells[col]
		if cell.Missing {
			why := "not reported"
			if cell.Why != "" {
				why = cell.Why
			}
			vs[slot] = absent(why)
			continue
		}
		if cell.Exact != nil {
			vs[slot] = present(*cell.Exact)
			continue
		}
		vs[slot] = present(num.FromDecimal(cell.Value))
	}
	ev.vals[i] = vs
	for _, m := range ev.c.Computed {
		vs[m.Slot] = ev.eval(m.Expr, i)
	}
}

func (ev *evaluator) measureValues(i int) []MeasureValue {
	out := []MeasureValue{}
	for _, m := range ev.c.Measures {
		v := ev.vals[i][m.Slot]
		mv := MeasureValue{Name: m.Name, Value: ev.value(v, m.Unit), Reported: m.Reported, Basis: ev.basis(m, i)}
		if !v.ok {
			mv.Missing = v.why
		}
		out = append(out, mv)
	}
	return out
}

// eval computes a quantity. A missing operand makes the result missing,
// as does a division by zero; the reason travels with it.
func (ev *evaluator) eval(e check.Expr, i int) val {
	switch e := e.(type) {
	case *check.Const:
		return present(num.FromDecimal(e.Value))
	case *check.MeasureRef:
		return ev.vals[i][e.Measure.Slot]
	case *check.PaymentRef:
		return present(num.FromDecimal(e.Payment.Amount))
	case *check.Neg:
		x := ev.eval(e.X, i)
		x.n = x.n.Neg()
		return x
	case *check.Arith:
		return ev.arith(e, i)
	case *check.Func:
		return ev.call(e, i)
	case *check.Aggregate:
		return ev.aggregate(e, i)
	case *check.Lag:
		j := i - e.Count
		if j >= 0 && ev.vals[j][e.Measure.Slot].ok {
			return ev.vals[j][e.Measure.Slot]
		}
		return ev.eval(e.Else, i)
	}
	panic(fmt.Sprintf("engine: %T is not a quantity", e))
}

func (ev *evaluator) arith(e *check.Arith, i int) val {
	x, y := ev.eval(e.X, i), ev.eval(e.Y, i)
	if !x.ok {
		return x
	}
	if !y.ok {
		return y
	}
	switch e.Op {
	case '+':
		return present(x.n.Add(y.n))
	case '-':
		return present(x.n.Sub(y.n))
	case '*':
		return present(x.n.Mul(y.n))
	}
	q, ok := x.n.Quo(y.n)
	if !ok {
		return absent(fmt.Sprintf("%s is undefined because %s is zero", check.Text(e), check.Text(e.Y)))
	}
	return present(q)
}

func (ev *evaluator) call(e *check.Func, i int) val {
	args := make([]val, len(e.Args))
	for k, a := range e.Args {
		args[k] = ev.eval(a, i)
		if !args[k].ok {
			return args[k]
		}
	}
	switch e.Name {
	case "abs":
		return present(args[0].n.Abs())
	case "round":
		step := args[1].n
		q, _ := args[0].n.Quo(step)
		return present(num.FromDecimal(q.RoundHalfUp(0)).Mul(step))
	}
	best := args[0].n
	for _, a := range args[1:] {
		c := a.n.Cmp(best)
		if (e.Name == "min" && c < 0) || (e.Name == "max" && c > 0) {
			best = a.n
		}
	}
	return present(best)
}

// aggregate reads a window of periods: the N periods before the current
// one ("prior") or the N periods ending with it ("last"). Periods before
// the first period of the data and missing values do not count; with
// fewer than N values, the fallback applies.
func (ev *evaluator) aggregate(e *check.Aggregate, i int) val {
	end := i
	if e.Prior {
		end = i - 1
	}
	var values []num.Num
	for j := end - e.Count + 1; j <= end; j++ {
		if j >= 0 && ev.vals[j][e.Measure.Slot].ok {
			values = append(values, ev.vals[j][e.Measure.Slot].n)
		}
	}
	if len(values) < e.Count {
		return ev.eval(e.Else, i)
	}

	acc := values[0]
	for _, v := range values[1:] {
		switch e.Func {
		case "min":
			if v.Cmp(acc) < 0 {
				acc = v
			}
		case "max":
			if v.Cmp(acc) > 0 {
				acc = v
			}
		default:
			acc = acc.Add(v)
		}
	}
	if e.Func == "mean" {
		acc, _ = acc.Quo(num.FromInt(int64(len(values))))
	}
	return present(acc)
}

// truth evaluates a condition in three-valued logic: a comparison with a
// missing operand is unknown, "and" is false if either side is false,
// "or" is true if either side is true. An unknown condition does not hold,
// so a notice never fires on data that is not there.
func (ev *evaluator) truth(e check.Expr, i int) bool {
	holds, known := ev.logic(e, i)
	return holds && known
}

func (ev *evaluator) logic(e check.Expr, i int) (holds, known bool) {
	switch e := e.(type) {
	case *check.Compare:
		x, y := ev.eval(e.X, i), ev.eval(e.Y, i)
		if !x.ok || !y.ok {
			return false, false
		}
		return e.Op.Holds(x.n.Cmp(y.n)), true
	case *check.Logic:
		a, aKnown := ev.logic(e.X, i)
		b, bKnown := ev.logic(e.Y, i)
		if e.And {
			if (aKnown && !a) || (bKnown && !b) {
				return false, true
			}
			return a && b, aKnown && bKnown
		}
		if (aKnown && a) || (bKnown && b) {
			return true, true
		}
		return false, aKnown && bKnown
	case *check.Not:
		x, known := ev.logic(e.X, i)
		return !x, known
	}
	panic(fmt.Sprintf("engine: %T is not a condition", e))
}

func (ev *evaluator) money(d decimal.Decimal) Money {
	return Money{Value: d, Places: ev.c.Currency.MinorUnits}
}

// roundMoney rounds an exact amount to the currency's minor unit with the
// contract's rounding mode.
func (ev *evaluator) roundMoney(n num.Num) decimal.Decimal {
	places := ev.c.Currency.MinorUnits
	switch ev.c.Rounding {
	case types.HalfEven:
		return n.RoundHalfEven(places)
	case types.Down:
		return n.RoundDown(places)
	}
	return n.RoundHalfUp(places)
}
