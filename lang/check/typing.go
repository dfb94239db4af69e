package check

import (
	"fmt"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// untyped is the unit of a plain number literal such as 12 until its
// context gives it one, as Go does for untyped constants: "calls >= 100"
// makes 100 a count. It may become a count or a number, never a percent,
// money or a duration, because "csat >= 85" almost always means 85%.
const untyped types.Unit = 100

// bad is the unit of an expression that already has an error; operations
// on it report nothing more, so that one mistake gives one message.
const bad = types.NoUnit

func unitName(u types.Unit) string {
	if u == untyped {
		return "plain number"
	}
	return u.String()
}

// expr types e and resolves its names.
func (ck *checker) expr(e syntax.Expr) Expr {
	switch e := e.(type) {
	case *syntax.Paren:
		return ck.expr(e.X)
	case *syntax.NumberLit:
		return &Const{Value: e.Value, U: untyped, N: e}
	case *syntax.PercentLit:
		return &Const{Value: e.Value, U: types.Percent, N: e}
	case *syntax.DurationLit:
		return &Const{Value: e.Value, U: types.Duration, N: e}
	case *syntax.MoneyLit:
		ck.checkCurrency(e)
		return &Const{Value: e.Value, U: types.Money, N: e}
	case *syntax.Ident:
		return ck.name(e)
	case *syntax.Unary:
		return ck.unary(e)
	case *syntax.Binary:
		return ck.binary(e)
	case *syntax.Call:
		return ck.call(e)
	case *syntax.Aggregate:
		return ck.aggregate(e)
	case *syntax.Lag:
		return ck.lag(e)
	case *syntax.StringLit, *syntax.Within, *syntax.IsMissing:
		ck.errorf(e, "%s belongs in a condition over records", syntax.ExprString(e)).Hint =
			"use it in a where, among or excluding line of a measure over a source"
		return &Const{U: bad, N: e}
	}
	panic(fmt.Sprintf("check: unexpected expression %T", e))
}

// checkCurrency reports a money literal in a currency other than the
// contract's.
func (ck *checker) checkCurrency(m *syntax.MoneyLit) {
	if ck.currency.Code == "" || m.Currency == ck.currency.Code {
		return
	}
	d := ck.errorf(m, "amount %s is in %s, but the contract's currency is %s", m.Text, m.Currency, ck.currency.Code)
	d.Hint = "write every amount in the contract's currency"
}

func (ck *checker) name(id *syntax.Ident) Expr {
	switch v := ck.values[id.Name].(type) {
	case *Measure:
		return &MeasureRef{Measure: v, N: id}
	case *Payment:
		return &PaymentRef{Payment: v, N: id}
	}
	d := ck.errorf(id, "unknown measure or payment %q", id.Name)
	d.Hint = ck.suggest(id.Name, ck.valueNames())
	return &Const{U: bad, N: id}
}

func (ck *checker) unary(e *syntax.Unary) Expr {
	x := ck.expr(e.X)
	if e.Op == "not" {
		ck.wantBool(x, "not")
		return &Not{X: x, N: e}
	}
	if x.Unit() == types.Bool {
		ck.errorf(e, "cannot negate the condition %s", syntax.ExprString(e.X))
		return &Const{U: bad, N: e}
	}
	return &Neg{X: x, N: e}
}

func (ck *checker) wantBool(x Expr, op string) {
	if u := x.Unit(); u != types.Bool && u != bad {
		ck.errorf(x.Node(), "%q needs a condition, but %s is a %s", op, Text(x), unitName(u)).Hint =
			"write a comparison such as csat < 75%"
	}
}

func (ck *checker) binary(e *syntax.Binary) Expr {
	x, y := ck.expr(e.X), ck.expr(e.Y)
	switch e.Op {
	case "and", "or":
		ck.wantBool(x, e.Op)
		ck.wantBool(y, e.Op)
		return &Logic{And: e.Op == "and", X: x, Y: y, N: e}
	case "+", "-":
		return ck.additive(e, x, y)
	case "*":
		return ck.multiply(e, x, y)
	case "/":
		return ck.divide(e, x, y)
	default:
		return ck.compare(e, x, y)
	}
}

// unify makes the units of x and y agree for + - and comparisons: equal
// units agree, and a plain number literal takes the other side's unit when
// that is a count or a number. It returns the common unit, or bad after
// reporting a mismatch.
func (ck *checker) unify(e syntax.Expr, x, y Expr) types.Unit {
	ux, uy := x.Unit(), y.Unit()
	switch {
	case ux == bad || uy == bad:
		return bad
	case ux == types.Bool || uy == types.Bool:
		ck.errorf(e, "cannot use a condition in arithmetic or a comparison: %s", syntax.ExprString(e)).Hint =
			"combine conditions with and, or, not"
		return bad
	case ux == uy:
		return ux
	case ux == untyped:
		return ck.adopt(e, x, uy)
	case uy == untyped:
		return ck.adopt(e, y, ux)
	}
	d := ck.errorf(e, "unit mismatch in %s: %s is a %s but %s is a %s", syntax.ExprString(e), Text(x), unitName(ux), Text(y), unitName(uy))
	d.Hint = mismatchHint(ux, uy)
	return bad
}

// adopt gives the untyped constant c the unit u where that is allowed.
func (ck *checker) adopt(e syntax.Expr, c Expr, u types.Unit) types.Unit {
	if u == types.Count || u == types.Number {
		setUnit(c, u)
		return u
	}
	d := ck.errorf(c.Node(), "%s is a plain number but is used with a %s in %s", Text(c), unitName(u), syntax.ExprString(e))
	d.Hint = literalHint(Text(c), u, ck.currency.Code)
	return bad
}

// setUnit assigns u to an untyped constant expression.
func setUnit(e Expr, u types.Unit) {
	Walk(e, func(x Expr) {
		switch x := x.(type) {
		case *Const:
			if x.U == untyped {
				x.U = u
			}
		case *Arith:
			if x.U == untyped {
				x.U = u
			}
		case *Func:
			if x.U == untyped {
				x.U = u
			}
		}
	})
}

func literalHint(text string, u types.Unit, currency string) string {
	switch u {
	case types.Percent:
		return fmt.Sprintf("write %s%% for a percentage", text)
	case types.Money:
		if currency == "" {
			currency = "USD"
		}
		return fmt.Sprintf("write %s %s for an amount", currency, text)
	case types.Duration:
		return fmt.Sprintf("write %ss, %smin or %sh for a duration", text, text, text)
	}
	return ""
}

func mismatchHint(a, b types.Unit) string {
	if (a == types.Percent && b == types.Number) || (a == types.Number && b == types.Percent) {
		return "a ratio of two counts is a number; declare the measure as a percent to compare it with a percentage"
	}
	return "both sides must have the same unit"
}

func (ck *checker) additive(e *syntax.Binary, x, y Expr) Expr {
	u := ck.unify(e, x, y)
	return &Arith{Op: e.Op[0], X: x, Y: y, U: u, N: e}
}

// scalar reports whether u can scale another quantity: a plain number or a
// percentage ("80% of calls_offered" is a count).
func scalar(u types.Unit) bool {
	return u == types.Number || u == untyped || u == types.Percent
}

func (ck *checker) multiply(e *syntax.Binary, x, y Expr) Expr {
	ux, uy := x.Unit(), y.Unit()
	var u types.Unit
	switch {
	case ux == bad || uy == bad:
		u = bad
	case ux == types.Bool || uy == types.Bool:
		u = ck.unify(e, x, y)
	case ux == untyped && uy == untyped:
		u = untyped
	case scalar(ux) && scalar(uy):
		u = types.Number
		if ux == types.Percent || uy == types.Percent {
			u = types.Percent
		}
		setUnit(x, types.Number)
		setUnit(y, types.Number)
	case scalar(ux):
		setUnit(x, types.Number)
		u = uy
	case scalar(uy):
		setUnit(y, types.Number)
		u = ux
	default:
		ck.errorf(e, "cannot multiply a %s by a %s in %s", unitName(ux), unitName(uy), syntax.ExprString(e)).Hint =
			"multiply a quantity by a number or a percentage"
		u = bad
	}
	return &Arith{Op: '*', X: x, Y: y, U: u, N: e}
}

// divide types x / y. Dividing like units gives a number (a ratio), and
// dividing by a number keeps the unit. Dividing money or a duration by a
// count gives an average money amount or duration.
func (ck *checker) divide(e *syntax.Binary, x, y Expr) Expr {
	ux, uy := x.Unit(), y.Unit()
	var u types.Unit
	switch {
	case ux == bad || uy == bad:
		u = bad
	case ux == types.Bool || uy == types.Bool:
		u = ck.unify(e, x, y)
	case ux == untyped && uy == untyped:
		u = untyped
	case ux == uy:
		u = types.Number
	case uy == untyped || uy == types.Number:
		setUnit(y, types.Number)
		u = ux
		if ux == untyped {
			u = types.Number
		}
	case ux == untyped && uy == types.Count:
		setUnit(x, types.Count)
		u = types.Number
	case uy == types.Count && (ux == types.Money || ux == types.Duration):
		u = ux
	default:
		ck.errorf(e, "cannot divide a %s by a %s in %s", unitName(ux), unitName(uy), syntax.ExprString(e)).Hint =
			"divide like units for a ratio, or divide by a number"
		u = bad
	}
	return &Arith{Op: '/', X: x, Y: y, U: u, N: e}
}

var cmpOps = map[string]CmpOp{">=": OpGE, ">": OpGT, "<=": OpLE, "<": OpLT, "==": OpEQ, "!=": OpNE}

func (ck *checker) compare(e *syntax.Binary, x, y Expr) Expr {
	ck.unify(e, x, y)
	return &Compare{Op: cmpOps[e.Op], X: x, Y: y, N: e}
}

var funcArity = map[string][2]int{"min": {2, 99}, "max": {2, 99}, "abs": {1, 1}, "round": {2, 2}}

func (ck *checker) call(e *syntax.Call) Expr {
	name := e.Func.Name
	arity, ok := funcArity[name]
	if !ok {
		d := ck.errorf(e.Func, "unknown function %q", name)
		d.Hint = ck.suggest(name, []string{"min", "max", "abs", "round"})
		if d.Hint == "" {
			d.Hint = "the functions are min, max, abs and round"
		}
		return &Const{U: bad, N: e}
	}

	var args []Expr
	for _, a := range e.Args {
		arg := ck.expr(a)
		if arg.Unit() == types.Bool {
			ck.errorf(a, "%s takes quantities, not the condition %s", name, syntax.ExprString(a)).Hint =
				"compare the result instead, as in: abs(a - b) < 5%"
			return &Const{U: bad, N: e}
		}
		args = append(args, arg)
	}
	if len(args) < arity[0] || len(args) > arity[1] {
		ck.errorf(e, "%s takes %s, not %d", name, arityText(name), len(args))
		return &Const{U: bad, N: e}
	}

	u := args[0].Unit()
	for _, a := range args[1:] {
		u = ck.unify(e, &Const{U: u, N: args[0].Node()}, a)
	}
	for _, a := range args {
		setUnit(a, u)
	}
	if name == "round" {
		ck.checkRoundStep(args[1])
	}
	return &Func{Name: name, Args: args, U: u, N: e}
}

func arityText(name string) string {
	switch name {
	case "abs":
		return "one argument"
	case "round":
		return "two arguments: the value and the step to round to, as in round(csat, 0.1%)"
	}
	return "two or more arguments"
}

func (ck *checker) checkRoundStep(step Expr) {
	v, ok := ConstValue(step)
	if !ok || !v.IsPositive() {
		ck.errorf(step.Node(), "the step of round must be a literal above zero, not %s", Text(step)).Hint =
			"round(csat, 0.1%) rounds half up to the nearest 0.1%"
	}
}

var aggregateFuncs = []string{"mean", "min", "max", "sum"}

func (ck *checker) aggregate(e *syntax.Aggregate) Expr {
	fn := e.Func.Name
	known := false
	for _, f := range aggregateFuncs {
		known = known || f == fn
	}
	if !known {
		d := ck.errorf(e.Func, "unknown aggregate %q", fn)
		d.Hint = ck.suggest(fn, aggregateFuncs)
		if d.Hint == "" {
			d.Hint = "the aggregates are mean, min, max and sum"
		}
	}

	m := ck.historyMeasure(e.Measure)
	n := ck.periodCount(e.Count)
	a := &Aggregate{Func: fn, Measure: m, Count: n, Prior: e.Prior, Else: ck.expr(e.Else), N: e}
	if m == nil || !known {
		return &Const{U: bad, N: e}
	}
	ck.fallback(e.Else, a.Else, m.Unit)
	ck.noteHistory(n)
	return a
}

func (ck *checker) lag(e *syntax.Lag) Expr {
	m := ck.historyMeasure(e.Measure)
	n := ck.periodCount(e.Count)
	l := &Lag{Measure: m, Count: n, Else: ck.expr(e.Else), N: e}
	if m == nil {
		return &Const{U: bad, N: e}
	}
	ck.fallback(e.Else, l.Else, m.Unit)
	ck.noteHistory(n)
	return l
}

func (ck *checker) historyMeasure(id *syntax.Ident) *Measure {
	switch v := ck.values[id.Name].(type) {
	case *Measure:
		return v
	case *Payment:
		ck.errorf(id, "%s is a payment, which has no history", id.Name).Hint = "history applies to measures"
		return nil
	}
	d := ck.errorf(id, "unknown measure %q", id.Name)
	d.Hint = ck.suggest(id.Name, ck.measureNames())
	return nil
}

// periodCount checks that n is a whole number of periods of at least one.
func (ck *checker) periodCount(n *syntax.NumberLit) int {
	if !n.Value.IsInteger() || n.Value.LessThan(decimal.NewFromInt(1)) || n.Value.GreaterThan(decimal.NewFromInt(10000)) {
		ck.errorf(n, "invalid number of periods %s", n.Text).Hint = "write a whole number from 1 to 10000"
		return 1
	}
	return int(n.Value.IntPart())
}

func (ck *checker) fallback(node syntax.Expr, e Expr, u types.Unit) {
	if u == bad {
		return
	}
	if e.Unit() == untyped && (u == types.Count || u == types.Number) {
		setUnit(e, u)
		return
	}
	if e.Unit() == untyped {
		ck.errorf(node, "the fallback %s is a plain number but the measure is a %s", Text(e), unitName(u)).Hint =
			literalHint(Text(e), u, ck.currency.Code)
		return
	}
	if e.Unit() != u && e.Unit() != bad {
		ck.errorf(node, "the fallback %s is a %s but the measure is a %s", Text(e), unitName(e.Unit()), unitName(u)).Hint =
			"give the fallback the measure's unit"
	}
}

func (ck *checker) noteHistory(n int) {
	if n > ck.c.HistoryDepth {
		ck.c.HistoryDepth = n
	}
}
