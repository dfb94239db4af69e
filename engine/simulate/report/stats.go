package report

import (
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// sample is a set of integer run values (minor units, period counts or
// period indexes) with the exact sums that the mean and the standard
// deviation need.
type sample struct {
	sorted []int64
	sum    *big.Int
	sumSq  *big.Int
}

func newSample(values []int64) sample {
	s := sample{sorted: slices.Clone(values), sum: new(big.Int), sumSq: new(big.Int)}
	slices.Sort(s.sorted)
	v := new(big.Int)
	for _, x := range values {
		v.SetInt64(x)
		s.sum.Add(s.sum, v)
		s.sumSq.Add(s.sumSq, v.Mul(v, v))
	}
	return s
}

func (s sample) n() int64 { return int64(len(s.sorted)) }

// mean returns the exact mean, or 0 for an empty sample.
func (s sample) mean() *big.Rat {
	if s.n() == 0 {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(s.sum, big.NewInt(s.n()))
}

// variance returns the exact sample variance with the n−1 denominator,
// (n·Σx² − (Σx)²) / (n·(n−1)), or 0 when the sample has fewer than two
// values.
func (s sample) variance() *big.Rat {
	n := s.n()
	if n < 2 {
		return new(big.Rat)
	}
	num := new(big.Int).Mul(big.NewInt(n), s.sumSq)
	num.Sub(num, new(big.Int).Mul(s.sum, s.sum))
	den := big.NewInt(n * (n - 1))
	return new(big.Rat).SetFrac(num, den)
}

// percentile returns the p-th percentile by the nearest-rank method: the
// value of rank ⌈p/100 · n⌉ (at least 1) in ascending order. It is always
// one of the sample's values. The sample must not be empty.
func (s sample) percentile(p int64) int64 {
	return s.sorted[nearestRank(p, s.n())-1]
}

// nearestRank returns ⌈p·n/100⌉ clamped to [1, n], the 1-based rank of the
// p-th percentile of n values.
func nearestRank(p, n int64) int64 {
	rank := (p*n + 99) / 100
	return min(max(rank, 1), n)
}

func (s sample) max() int64 { return s.sorted[len(s.sorted)-1] }

// roundRat rounds r half up (halves away from zero, the engine's HalfUp)
// to the given number of decimal places.
func roundRat(r *big.Rat, places int32) decimal.Decimal {
	num := new(big.Int).Mul(r.Num(), pow10(places))
	return decimal.NewFromBigInt(divRoundHalfUp(num, r.Denom()), -places)
}

// divRoundHalfUp returns num/den rounded to an integer, halves away from
// zero. den must be positive.
func divRoundHalfUp(num, den *big.Int) *big.Int {
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Abs(rem)
	twice.Lsh(twice, 1)
	if twice.Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	return q
}

// roundSqrt returns √r rounded half up to the given number of decimal
// places, computed with integers only: for x = r·10^(2·places), the result
// s·10^(−places) has s = ⌊(t+1)/2⌋ with t = ⌊√⌊4x⌋⌋, which is the largest s
// with (s − ½)² ≤ x. r must not be negative.
func roundSqrt(r *big.Rat, places int32) decimal.Decimal {
	num := new(big.Int).Mul(r.Num(), pow10(2*places))
	num.Lsh(num, 2)
	t := new(big.Int).Quo(num, r.Denom())
	t.Sqrt(t)
	t.Add(t, big.NewInt(1))
	t.Rsh(t, 1)
	return decimal.NewFromBigInt(t, -places)
}

func pow10(places int32) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
}

// ratio returns a/b as an exact fraction. b must not be zero.
func ratio(a, b *big.Int) *big.Rat {
	return new(big.Rat).SetFrac(a, b)
}

func ratioInt(a, b int64) *big.Rat {
	return big.NewRat(a, b)
}
