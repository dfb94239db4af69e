package check

import (
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Expr is a typed, resolved expression. Names are resolved to measures and
// payments; the engine reads their values by slot.
type Expr interface {
	Unit() types.Unit
	// Node returns the syntax the expression came from, for positions and
	// source text.
	Node() syntax.Expr
}

// Const is a literal.
type Const struct {
	Value decimal.Decimal
	U     types.Unit
	N     syntax.Expr
}

// MeasureRef reads a measure's value in the current period.
type MeasureRef struct {
	Measure *Measure
	N       syntax.Expr
}

// PaymentRef reads a payment's amount.
type PaymentRef struct {
	Payment *Payment
	N       syntax.Expr
}

// Arith is + - * or /.
type Arith struct {
	Op   byte
	X, Y Expr
	U    types.Unit
	N    syntax.Expr
}

// Neg is unary minus.
type Neg struct {
	X Expr
	N syntax.Expr
}

// Compare is a comparison; its unit is Bool.
type Compare struct {
	Op   CmpOp
	X, Y Expr
	N    syntax.Expr
}

// Logic is "and" or "or".
type Logic struct {
	And  bool
	X, Y Expr
	N    syntax.Expr
}

// Not is "not".
type Not struct {
	X Expr
	N syntax.Expr
}

// Func is min, max, abs or round.
type Func struct {
	Name string
	Args []Expr
	U    types.Unit
	N    syntax.Expr
}

// Aggregate is mean, min, max or sum of a measure over a window of
// periods. Prior windows end with the period before the current one.
type Aggregate struct {
	Func    string
	Measure *Measure
	Count   int
	Prior   bool
	Else    Expr
	N       syntax.Expr
}

// Lag is a measure's value Count periods ago.
type Lag struct {
	Measure *Measure
	Count   int
	Else    Expr
	N       syntax.Expr
}

func (e *Const) Unit() types.Unit      { return e.U }
func (e *MeasureRef) Unit() types.Unit { return e.Measure.Unit }
func (e *PaymentRef) Unit() types.Unit { return types.Money }
func (e *Arith) Unit() types.Unit      { return e.U }
func (e *Neg) Unit() types.Unit        { return e.X.Unit() }
func (e *Compare) Unit() types.Unit    { return types.Bool }
func (e *Logic) Unit() types.Unit      { return types.Bool }
func (e *Not) Unit() types.Unit        { return types.Bool }
func (e *Func) Unit() types.Unit       { return e.U }
func (e *Aggregate) Unit() types.Unit  { return e.Measure.Unit }
func (e *Lag) Unit() types.Unit        { return e.Measure.Unit }

func (e *Const) Node() syntax.Expr      { return e.N }
func (e *MeasureRef) Node() syntax.Expr { return e.N }
func (e *PaymentRef) Node() syntax.Expr { return e.N }
func (e *Arith) Node() syntax.Expr      { return e.N }
func (e *Neg) Node() syntax.Expr        { return e.N }
func (e *Compare) Node() syntax.Expr    { return e.N }
func (e *Logic) Node() syntax.Expr      { return e.N }
func (e *Not) Node() syntax.Expr        { return e.N }
func (e *Func) Node() syntax.Expr       { return e.N }
func (e *Aggregate) Node() syntax.Expr  { return e.N }
func (e *Lag) Node() syntax.Expr        { return e.N }

// Text returns the source text of e.
func Text(e Expr) string { return syntax.ExprString(e.Node()) }

// ConstValue returns the value of e when it is a constant: a literal, or
// a negated literal.
func ConstValue(e Expr) (decimal.Decimal, bool) {
	switch e := e.(type) {
	case *Const:
		return e.Value, true
	case *Neg:
		v, ok := ConstValue(e.X)
		return v.Neg(), ok
	}
	return decimal.Decimal{}, false
}

// Walk calls fn for e and every expression inside it, parents first.
func Walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *Arith:
		Walk(e.X, fn)
		Walk(e.Y, fn)
	case *Neg:
		Walk(e.X, fn)
	case *Compare:
		Walk(e.X, fn)
		Walk(e.Y, fn)
	case *Logic:
		Walk(e.X, fn)
		Walk(e.Y, fn)
	case *Not:
		Walk(e.X, fn)
	case *Func:
		for _, a := range e.Args {
			Walk(a, fn)
		}
	case *Aggregate:
		Walk(e.Else, fn)
	case *Lag:
		Walk(e.Else, fn)
	}
}
