// Package num is the engine's exact number: a fraction whose numerator and
// denominator are decimals.
//
// Measured values arrive as decimals, and most arithmetic on them stays
// decimal. Division does not: the mean of twelve monthly values is often a
// repeating decimal (87.1666...%). Rounding it to some number of digits
// would make a comparison with a target wrong in rare cases, and a
// measured value is compared exactly unless the contract states a rounding.
// So a quotient that does not terminate is kept as a fraction, and
// comparisons cross-multiply. Money leaves the engine only after rounding
// to the currency's minor unit, which yields a plain decimal again.
package num

import (
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Num is an exact rational number. The zero value is 0. The denominator is
// positive; it is zero in the zero value, which reads as 1.
type Num struct {
	n decimal.Decimal
	d decimal.Decimal
}

var one = decimal.NewFromInt(1)

// FromDecimal returns d as a Num.
func FromDecimal(d decimal.Decimal) Num { return Num{n: d} }

// FromInt returns i as a Num.
func FromInt(i int64) Num { return Num{n: decimal.NewFromInt(i)} }

func (x Num) den() decimal.Decimal {
	if x.d.IsZero() {
		return one
	}
	return x.d
}

func (x Num) isDecimal() bool { return x.d.IsZero() || x.d.Equal(one) }

// Add returns x + y.
func (x Num) Add(y Num) Num {
	if x.isDecimal() && y.isDecimal() {
		return Num{n: x.n.Add(y.n)}
	}
	return reduce(x.n.Mul(y.den()).Add(y.n.Mul(x.den())), x.den().Mul(y.den()))
}

// Sub returns x - y.
func (x Num) Sub(y Num) Num { return x.Add(y.Neg()) }

// Neg returns -x.
func (x Num) Neg() Num { return Num{n: x.n.Neg(), d: x.d} }

// Abs returns |x|.
func (x Num) Abs() Num { return Num{n: x.n.Abs(), d: x.d} }

// Mul returns x * y.
func (x Num) Mul(y Num) Num {
	if x.isDecimal() && y.isDecimal() {
		return Num{n: x.n.Mul(y.n)}
	}
	return reduce(x.n.Mul(y.n), x.den().Mul(y.den()))
}

// Quo returns x / y, and false when y is zero.
func (x Num) Quo(y Num) (Num, bool) {
	if y.n.IsZero() {
		return Num{}, false
	}
	n, d := x.n.Mul(y.den()), x.den().Mul(y.n)
	if d.IsNegative() {
		n, d = n.Neg(), d.Neg()
	}
	return reduce(n, d), true
}

// Cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x Num) Cmp(y Num) int {
	if x.isDecimal() && y.isDecimal() {
		return x.n.Cmp(y.n)
	}
	return x.n.Mul(y.den()).Cmp(y.n.Mul(x.den()))
}

// Sign returns -1, 0 or +1.
func (x Num) Sign() int { return x.n.Sign() }

// IsZero reports whether x is 0.
func (x Num) IsZero() bool { return x.n.IsZero() }

// Floor returns the largest integer not above x.
func (x Num) Floor() Num {
	if x.isDecimal() {
		return Num{n: x.n.Floor()}
	}
	q, r := intQuoRem(x)
	if r.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	return Num{n: decimal.NewFromBigInt(q, 0)}
}

// Ceil returns the smallest integer not below x.
func (x Num) Ceil() Num { return x.Neg().Floor().Neg() }

// intQuoRem divides the numerator by the denominator as integers,
// truncating toward zero.
func intQuoRem(x Num) (*big.Int, *big.Int) {
	ni, di := integers(x)
	return new(big.Int).QuoRem(ni, di, new(big.Int))
}

// RoundHalfUp rounds x to places decimal digits, halves away from zero.
func (x Num) RoundHalfUp(places int32) decimal.Decimal {
	if x.isDecimal() {
		return x.n.Round(places)
	}
	return x.roundFraction(places, func(twiceRem int, _ bool) bool { return twiceRem >= 0 })
}

// RoundHalfEven rounds x to places decimal digits, halves to even.
func (x Num) RoundHalfEven(places int32) decimal.Decimal {
	if x.isDecimal() {
		return x.n.RoundBank(places)
	}
	return x.roundFraction(places, func(twiceRem int, odd bool) bool { return twiceRem > 0 || (twiceRem == 0 && odd) })
}

// RoundDown truncates x toward zero to places decimal digits.
func (x Num) RoundDown(places int32) decimal.Decimal {
	if x.isDecimal() {
		return x.n.RoundDown(places)
	}
	return x.roundFraction(places, func(int, bool) bool { return false })
}

// roundFraction rounds a fraction exactly, in integers. It truncates
// x * 10^places toward zero, then calls away(c, odd) to decide whether to
// move one step away from zero. c compares twice the remainder with the
// denominator (-1 below half, 0 at half, +1 above), and odd reports whether
// the truncated digits end in an odd digit.
func (x Num) roundFraction(places int32, away func(c int, odd bool) bool) decimal.Decimal {
	scaled := Num{n: x.n.Shift(places), d: x.d}
	q, r := intQuoRem(scaled)
	_, d := integers(scaled)
	twice := new(big.Int).Lsh(new(big.Int).Abs(r), 1)
	if away(twice.Cmp(d), q.Bit(0) == 1) {
		if x.n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return decimal.NewFromBigInt(q, -places)
}

// integers returns the numerator and denominator of x scaled to integers.
func integers(x Num) (*big.Int, *big.Int) {
	n, d := x.n, x.den()
	exp := min(n.Exponent(), d.Exponent())
	return n.Shift(-exp).BigInt(), d.Shift(-exp).BigInt()
}

// Exact returns x as a decimal and true when it terminates.
func (x Num) Exact() (decimal.Decimal, bool) {
	if x.isDecimal() {
		return x.n, true
	}
	return decimal.Decimal{}, false
}

// Approx returns x rounded half up to places digits, for display.
func (x Num) Approx(places int32) decimal.Decimal { return x.RoundHalfUp(places) }

// Fraction returns x as "numerator/denominator" in lowest terms, with
// integers, for the exact value in JSON output.
func (x Num) Fraction() string {
	ni, di := integers(x)
	g := new(big.Int).GCD(nil, nil, new(big.Int).Abs(ni), di)
	if g.Sign() != 0 {
		ni.Quo(ni, g)
		di.Quo(di, g)
	}
	if di.Cmp(big.NewInt(1)) == 0 {
		return ni.String()
	}
	return ni.String() + "/" + di.String()
}

// Shift returns x times 10^k, exactly.
func (x Num) Shift(k int32) Num {
	return Num{n: x.n.Shift(k), d: x.d}
}

// reduce returns n/d in lowest terms, as a plain decimal when the quotient
// terminates.
func reduce(n, d decimal.Decimal) Num {
	exp := min(n.Exponent(), d.Exponent())
	ni := n.Shift(-exp).BigInt()
	di := d.Shift(-exp).BigInt()
	g := new(big.Int).GCD(nil, nil, new(big.Int).Abs(ni), new(big.Int).Abs(di))
	if g.Sign() != 0 && g.Cmp(big.NewInt(1)) != 0 {
		ni.Quo(ni, g)
		di.Quo(di, g)
	}

	// The quotient terminates exactly when the reduced denominator has no
	// prime factors other than 2 and 5.
	rest := new(big.Int).Set(di)
	twos, fives := 0, 0
	for rest.Bit(0) == 0 && rest.Sign() != 0 {
		rest.Rsh(rest, 1)
		twos++
	}
	five := big.NewInt(5)
	m := new(big.Int)
	for {
		q, r := new(big.Int).QuoRem(rest, five, m)
		if r.Sign() != 0 {
			break
		}
		rest = q
		fives++
	}
	if rest.Cmp(big.NewInt(1)) == 0 {
		places := int32(max(twos, fives))
		q := decimal.NewFromBigInt(ni, 0).DivRound(decimal.NewFromBigInt(di, 0), places)
		return Num{n: q}
	}
	return Num{n: decimal.NewFromBigInt(ni, 0), d: decimal.NewFromBigInt(di, 0)}
}

// String returns x as a decimal when it terminates and as a fraction
// otherwise; it is for debugging and tests.
func (x Num) String() string {
	if d, ok := x.Exact(); ok {
		return Plain(d)
	}
	return x.Fraction()
}

// Plain writes d with its own number of decimal places, so 83.0 stays
// "83.0" and a value keeps the precision it was given with.
func Plain(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

// Text writes x for people: exact decimals as they are, and a repeating
// fraction to places digits followed by an ellipsis ("87.1666…").
func (x Num) Text(places int32) string {
	if d, ok := x.Exact(); ok {
		return Plain(d)
	}
	return x.RoundHalfUp(places).StringFixed(places) + "…"
}

// GroupInt writes n with a comma between groups of three digits, as the
// ledgers and explanations write counts: 7380 is "7,380".
func GroupInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
