package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/shopspring/decimal"
)

// This file types expressions over the fields of one record: the where,
// among and excluding conditions and the operands of statistics.

// recordCondition types e and requires a condition.
func (ck *checker) recordCondition(s *Source, e syntax.Expr) RExpr {
	x := ck.rexpr(s, e)
	if k := x.Kind(); k != RBool && k != RBad {
		ck.errorf(e, "%s is a %s, not a condition", syntax.ExprString(e), k).Hint =
			`write a comparison such as outcome == "answered" or wait <= 45s`
		return &RConst{K: RBad, N: e}
	}
	return x
}

func (ck *checker) rexpr(s *Source, e syntax.Expr) RExpr {
	switch e := e.(type) {
	case *syntax.Paren:
		return ck.rexpr(s, e.X)
	case *syntax.Ident:
		if f := s.Field(e.Name); f != nil {
			return &RField{Field: f, N: e}
		}
		ck.unknownField(s, e)
		return &RConst{K: RBad, N: e}
	case *syntax.NumberLit:
		return ck.recordLiteral(e, e.Value, RNumber, 6)
	case *syntax.DurationLit:
		return ck.recordLiteral(e, e.Value, RDuration, 9)
	case *syntax.MoneyLit:
		ck.checkCurrency(e)
		return ck.recordLiteral(e, e.Value, RMoney, 6)
	case *syntax.StringLit:
		return &RConst{Text: e.Value, K: RText, N: e}
	case *syntax.Unary:
		return ck.runary(s, e)
	case *syntax.Binary:
		return ck.rbinary(s, e)
	case *syntax.Within:
		return ck.rwithin(s, e)
	case *syntax.IsMissing:
		return ck.risMissing(s, e)
	}
	ck.errorf(e, "%s cannot be used in a condition over records", syntax.ExprString(e)).Hint =
		"a condition over records compares the record's fields with literals"
	return &RConst{K: RBad, N: e}
}

// recordLiteral checks that a literal fits the fixed point in which
// records hold values: millionths for numbers and amounts, nanoseconds
// for durations (places decimal places of the value in seconds).
func (ck *checker) recordLiteral(e syntax.Expr, v decimal.Decimal, k RKind, places int32) RExpr {
	if !v.Equal(v.Truncate(places)) {
		ck.errorf(e, "%s has more than %d decimal places, finer than a condition over records can compare", syntax.ExprString(e), places).Hint =
			fmt.Sprintf("round it to %d decimal places", places)
		return &RConst{K: RBad, N: e}
	}
	if v.Abs().GreaterThan(decimal.New(9, 12)) {
		ck.errorf(e, "%s is too large for a condition over records", syntax.ExprString(e)).Hint = "compare with a value below 9,000,000,000,000"
		return &RConst{K: RBad, N: e}
	}
	return &RConst{Value: v, K: k, N: e}
}

func (ck *checker) runary(s *Source, e *syntax.Unary) RExpr {
	x := ck.rexpr(s, e.X)
	if e.Op == "not" {
		ck.wantRBool(x, "not")
		return &RNot{X: x, N: e}
	}
	if c, ok := x.(*RConst); ok && (c.K == RNumber || c.K == RDuration || c.K == RMoney) {
		return &RConst{Value: c.Value.Neg(), K: c.K, N: e}
	}
	if x.Kind() != RBad {
		ck.errorf(e, "cannot negate %s in a condition over records", syntax.ExprString(e.X)).Hint = "subtract it instead"
	}
	return &RConst{K: RBad, N: e}
}

func (ck *checker) wantRBool(x RExpr, op string) {
	if k := x.Kind(); k != RBool && k != RBad {
		ck.errorf(x.Node(), "%q needs a condition, but %s is a %s", op, syntax.ExprString(x.Node()), k).Hint =
			`write a comparison such as outcome == "answered"`
	}
}

func (ck *checker) rbinary(s *Source, e *syntax.Binary) RExpr {
	x, y := ck.rexpr(s, e.X), ck.rexpr(s, e.Y)
	switch e.Op {
	case "and", "or":
		ck.wantRBool(x, e.Op)
		ck.wantRBool(y, e.Op)
		return &RLogic{And: e.Op == "and", X: x, Y: y, N: e}
	case "+", "-":
		return ck.rarith(e, x, y)
	case "*", "/":
		// TODO(records): multiplication and division of fields; no measure
		// definition has needed them yet.
		if x.Kind() != RBad && y.Kind() != RBad {
			ck.errorf(e, "%q is not available in conditions over records", e.Op).Hint = "conditions over records add and subtract fields; compare with a literal instead"
		}
		return &RConst{K: RBad, N: e}
	}
	return ck.rcompare(e, x, y)
}

// rarith types + and -: timestamp - timestamp is a duration, a timestamp
// plus or minus a duration is a timestamp, and other kinds add to themselves.
func (ck *checker) rarith(e *syntax.Binary, x, y RExpr) RExpr {
	kx, ky := x.Kind(), y.Kind()
	out := RBad
	switch {
	case kx == RBad || ky == RBad:
		return &RConst{K: RBad, N: e}
	case kx == RTimestamp && ky == RTimestamp && e.Op == "-":
		out = RDuration
	case kx == RTimestamp && ky == RDuration:
		out = RTimestamp
	case kx == ky && (kx == RDuration || kx == RNumber || kx == RMoney):
		out = kx
	}
	if out == RBad {
		ck.errorf(e, "cannot compute %s %s %s: a %s and a %s", syntax.ExprString(e.X), e.Op, syntax.ExprString(e.Y), kx, ky).Hint =
			"subtract two timestamps to get a duration, or add values of the same type"
		return &RConst{K: RBad, N: e}
	}
	return &RArith{Op: e.Op[0], X: x, Y: y, K: out, N: e}
}

func (ck *checker) rcompare(e *syntax.Binary, x, y RExpr) RExpr {
	op := map[string]CmpOp{">=": OpGE, ">": OpGT, "<=": OpLE, "<": OpLT, "==": OpEQ, "!=": OpNE}[e.Op]
	kx, ky := x.Kind(), y.Kind()
	switch {
	case kx == RBad || ky == RBad:
		return &RConst{K: RBad, N: e}
	case kx != ky:
		ck.errorf(e, "cannot compare %s (a %s) with %s (a %s)", syntax.ExprString(e.X), kx, syntax.ExprString(e.Y), ky).Hint = compareHint(kx, ky)
		return &RConst{K: RBad, N: e}
	case (kx == RText || kx == RBool) && op != OpEQ && op != OpNE:
		ck.errorf(e, "a %s can only be tested with == or !=", kx).Hint = `write, for example, outcome == "answered"`
		return &RConst{K: RBad, N: e}
	case kx == RText && !isConst(x) && !isConst(y):
		// TODO(records): comparing two text fields needs the texts
		// themselves, which records keep only as indexes into known values.
		ck.errorf(e, "cannot compare two text fields, %s and %s", syntax.ExprString(e.X), syntax.ExprString(e.Y)).Hint =
			`compare a text field with text in double quotes, such as outcome == "answered"`
		return &RConst{K: RBad, N: e}
	case kx == RText && isConst(x) && isConst(y):
		ck.errorf(e, "%s compares two texts, so it never depends on a record", syntax.ExprString(e)).Hint = "compare a text field with a text"
		return &RConst{K: RBad, N: e}
	}
	ck.checkTextValue(x, y)
	ck.checkTextValue(y, x)
	return &RCompare{Op: op, X: x, Y: y, N: e}
}

func compareHint(a, b RKind) string {
	if a == RDuration && b == RNumber || a == RNumber && b == RDuration {
		return "write the duration with a unit, such as 45s, 30min or 4h"
	}
	if a == RTimestamp || b == RTimestamp {
		return "compare a timestamp with another timestamp, or subtract two timestamps and compare the duration"
	}
	if a == RText || b == RText {
		return `compare a text field with text in double quotes, such as "answered"`
	}
	return "compare values of the same type"
}

// checkTextValue reports a text literal that a "one of" field can never
// equal, which is almost always a misspelling.
func (ck *checker) checkTextValue(field, lit RExpr) {
	f, ok1 := field.(*RField)
	c, ok2 := lit.(*RConst)
	if !ok1 || !ok2 || c.K != RText || len(f.Field.Values) == 0 {
		return
	}
	for _, v := range f.Field.Values {
		if v == c.Text {
			return
		}
	}
	quoted := make([]string, len(f.Field.Values))
	for i, v := range f.Field.Values {
		quoted[i] = strconv.Quote(v)
	}
	d := ck.errorf(c.N, "%s is not a value of %s", strconv.Quote(c.Text), f.Field.Name)
	if hint := ck.suggest(c.Text, f.Field.Values); hint != "" {
		d.Hint = hint
	} else {
		d.Hint = fmt.Sprintf("the values of %s are %s", f.Field.Name, strings.Join(quoted, ", "))
	}
}

func (ck *checker) rwithin(s *Source, e *syntax.Within) RExpr {
	end, start := ck.rexpr(s, e.End), ck.rexpr(s, e.Start)
	for _, x := range []RExpr{end, start} {
		if k := x.Kind(); k != RTimestamp && k != RBad {
			ck.errorf(x.Node(), "within needs timestamps, but %s is a %s", syntax.ExprString(x.Node()), k).Hint =
				"write END within 4h of START, with two timestamp fields"
			return &RConst{K: RBad, N: e}
		}
	}

	var limit decimal.Decimal
	switch l := e.Limit.(type) {
	case *syntax.DurationLit:
		limit = l.Value
	case *syntax.NumberLit:
		limit = l.Value.Mul(decimal.New(3600, 0))
	}
	if limit.Sign() <= 0 {
		ck.errorf(e, "the deadline %s is not positive", syntax.ExprString(e.Limit)).Hint = "write a positive duration such as 4h"
	}
	if e.Business && ck.c.Calendar.Business == nil && !ck.businessDeclared {
		ck.errorf(e, "%s counts business hours, but the contract declares none", syntax.ExprString(e)).Hint =
			"add a header line such as: business hours Monday to Friday 08:00 to 18:00"
	}
	if end.Kind() == RBad || start.Kind() == RBad {
		return &RConst{K: RBad, N: e}
	}
	return &RWithin{End: end, Start: start, Limit: limit, Business: e.Business, N: e}
}

func (ck *checker) risMissing(s *Source, e *syntax.IsMissing) RExpr {
	x := ck.rexpr(s, e.X)
	f, ok := x.(*RField)
	switch {
	case x.Kind() == RBad:
		return &RConst{K: RBad, N: e}
	case !ok:
		ck.errorf(e.X, "is missing tests a field, not %s", syntax.ExprString(e.X)).Hint = "write, for example, acknowledged_at is missing"
		return &RConst{K: RBad, N: e}
	case !f.Field.Optional:
		ck.errorf(e.X, "%s is never missing: the field is not optional", f.Field.Name).Hint =
			fmt.Sprintf("declare it as field %s: optional %s", f.Field.Name, f.Field.Kind)
	}
	return &RIsMissing{Field: f.Field, Not: e.Not, N: e}
}

func isConst(x RExpr) bool {
	_, ok := x.(*RConst)
	return ok
}
