// Package kernel evaluates a checked contract over period values with
// integer arithmetic and no explanations, for simulations that run the same
// contract over millions of periods.
//
// Compile turns a check.Contract into a Kernel once. Every threshold
// becomes an exact integer comparison on values in fixed point (a percent
// with Scale(slot) = 6 is an integer count of millionths), every constant
// deduction, cap and payment becomes an integer amount in the currency's
// minor unit, rounded once with the contract's rounding mode, and every
// service level, notice and window becomes a slot in flat slices. A State
// holds the buffers for one term and is reused from run to run, so Run
// allocates nothing.
//
// The results are those of the engine package for the same values: the
// same status, tier, deduction, cap and notices in every period, which the
// package's tests check against engine.Program.Evaluate on random data.
// Compile rejects, with ErrUnsupported, the features it does not compile
// (computed subjects, thresholds read from the data, history functions,
// conditions over measures); the caller then uses the engine itself. A
// per-unit deduction whose amount overflows 64 bits makes Run return
// ErrOverflow, and the caller evaluates that term with the engine.
package kernel

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Missing is the input value that stands for a value not reported.
const Missing = math.MinInt64

// ErrUnsupported wraps the reason Compile cannot compile a contract.
var ErrUnsupported = errors.New("not supported by the compiled evaluator")

// ErrOverflow is returned by Run when an amount does not fit in 64 bits.
var ErrOverflow = errors.New("amount overflows 64-bit fixed point")

// ErrMissingValue is returned by Run when a service level whose contract
// treats a missing value as an error has none.
var ErrMissingValue = errors.New("missing value for a service level that treats one as an error")

// Status is a service level's outcome in a period, as in package engine.
type Status uint8

const (
	Met Status = iota
	Failed
	MissingFailed
	NotAssessed
)

// Kernel is a compiled contract.
type Kernel struct {
	measures int
	scale    []int32
	places   int32
	rounding types.Rounding

	// payment is the sum of the payments due each period, in minor units.
	payment int64
	levels  []level
	cap     *totalCap
	notices []notice
	// order lists notice indexes in dependency order.
	order []int
	// listed has one entry per history that a State keeps for a window.
	// An entry is true when an "N of the last M" window reads the history,
	// because such a window needs the list of periods in which the
	// condition held.
	listed []bool
}

// cmp is "value op threshold" on fixed-point integers, compiled to a range
// test that costs one comparison. It holds when lo <= value <= lo+span or,
// with outside set, when value is outside that range. For == and !=
// against a threshold with more decimals than the scale, the range is all
// of int64, so the comparison never or always holds.
type cmp struct {
	lo      int64
	span    uint64
	outside bool
}

// holds relies on wrapping arithmetic, because v is in [lo, lo+span]
// exactly when the unsigned difference v-lo is at most span.
func (c cmp) holds(v int64) bool {
	return (uint64(v)-uint64(c.lo) <= c.span) != c.outside
}

// between returns the comparison that holds for lo <= v <= hi, or, with
// outside set, for v outside that range.
func between(lo, hi int64, outside bool) cmp {
	return cmp{lo: lo, span: uint64(hi) - uint64(lo), outside: outside}
}

type level struct {
	slot    int
	target  cmp
	tiers   []cmp
	deducts []deduct
	missing check.MissingKind
	// missingTier is the tier a missing value counts as.
	missingTier int
	// capLimit is the service level's cap, or math.MaxInt64 without one.
	capLimit int64
	// histories lists the failures whose history a deduction's window
	// reads, so that only those are tracked.
	histories []levelHistory
	// target threshold and scale, for per-unit shortfalls.
	threshold int64
	exactThr  bool
}

// levelHistory is the history of the outcomes match selects, kept in
// State.tracks[track].
type levelHistory struct {
	match matcher
	track int
}

type deduct struct {
	match matcher
	// window is read from State.tracks[track], or track is -1 for a
	// deduction without a window.
	window window
	track  int
	// amount is the rounded deduction in minor units, when perUnit is nil.
	amount  int64
	perUnit *perUnit
}

// perUnit is a deduction of base = num/den minor units per unit of
// shortfall, where a unit is unit fixed-point steps of the measure.
type perUnit struct {
	mode check.PerUnitMode
	num  uint64
	den  uint64
	unit uint64
}

type totalCap struct {
	limit int64
	carry bool
}

// notice is a declared notice. Its conditions are split, because a
// condition about the same service level issues a notice per service
// level and the others one notice in all.
type notice struct {
	periodConds []cond
	sameConds   []cond
	// quietWhenMet is set when every condition counts at least one service
	// level and has a streak window. Such a notice can hold only in a
	// period in which some service level's outcome is not Met. In the
	// other periods it issues nothing and its histories do not change.
	quietWhenMet bool
}

type cond struct {
	kind   predKind
	window window
	// track is the index in State.tracks of the condition's history, or,
	// for a condition about the same service level, of the first of one
	// history per service level.
	track int
	// matchers selects, for each service level, the outcomes a
	// service-level condition counts.
	matchers []matcher
	// need is the number of service levels that must match.
	need   int
	total  cmp
	notice int
}

type predKind uint8

const (
	predLevel predKind = iota
	predReachesCap
	predTotal
	predNotice
)

// Compile compiles c, or returns an error wrapping ErrUnsupported that
// names the first feature it cannot compile.
func Compile(c *check.Contract) (*Kernel, error) {
	k := &Kernel{
		measures: len(c.Measures),
		scale:    make([]int32, len(c.Measures)),
		places:   c.Currency.MinorUnits,
		rounding: c.Rounding,
		order:    c.NoticeOrder,
	}
	for _, m := range c.Measures {
		k.scale[m.Slot] = ScaleOf(m.Unit, c.Currency)
	}

	var paid decimal.Decimal
	for _, p := range c.Payments {
		paid = paid.Add(p.Amount)
	}
	var err error
	if k.payment, err = k.minorUnits(paid, "the payments"); err != nil {
		return nil, err
	}

	for _, l := range c.Levels {
		cl, err := k.level(l)
		if err != nil {
			return nil, err
		}
		k.levels = append(k.levels, cl)
	}
	if c.Cap != nil {
		limit, err := k.amount(c.Cap.Amount, "the cap on total deductions")
		if err != nil {
			return nil, err
		}
		k.cap = &totalCap{limit: limit, carry: c.Cap.CarryForward}
	}
	for _, n := range c.Notices {
		cn, err := k.notice(n)
		if err != nil {
			return nil, err
		}
		k.notices = append(k.notices, cn)
	}
	return k, nil
}

// ScaleOf returns the number of decimal places a value of unit u keeps in
// fixed point: a percent to a millionth (0.0001 percentage points), a
// duration to the millisecond, a count to the unit, money to the minor
// unit.
func ScaleOf(u types.Unit, cur types.Currency) int32 {
	switch u {
	case types.Percent, types.Number:
		return 6
	case types.Duration:
		return 3
	case types.Count:
		return 0
	case types.Money:
		return cur.MinorUnits
	}
	return 6
}

// Scale returns the number of decimal places of the fixed-point input of
// measure slot: a value v stands for v × 10^-Scale(slot) in the measure's
// canonical unit (a fraction for a percent, seconds for a duration).
func (k *Kernel) Scale(slot int) int32 { return k.scale[slot] }

// Measures returns the number of measure slots an input row has.
func (k *Kernel) Measures() int { return k.measures }

// Payment returns the payments due each period, in minor units.
func (k *Kernel) Payment() int64 { return k.payment }

// Levels returns the number of service levels.
func (k *Kernel) Levels() int { return len(k.levels) }

// Notices returns the number of declared notices.
func (k *Kernel) Notices() int { return len(k.notices) }

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// minorUnits converts an amount that must be a whole number of minor units.
func (k *Kernel) minorUnits(d decimal.Decimal, what string) (int64, error) {
	shifted := d.Shift(k.places)
	if !shifted.Equal(shifted.Truncate(0)) || !shifted.Abs().LessThan(decimal.New(1, 18)) {
		return 0, unsupported("%s of %s is not a whole number of minor units below 10^18", what, d)
	}
	return shifted.IntPart(), nil
}

// exact returns the exact amount of a in minor units as a decimal.
func exactAmount(a check.Amount) decimal.Decimal {
	if a.Payment == nil {
		return a.Money
	}
	return a.Rate.Mul(a.Payment.Amount)
}

// amount returns a rounded constant amount in minor units.
func (k *Kernel) amount(a check.Amount, what string) (int64, error) {
	rounded := k.rounding.Round(exactAmount(a), k.places)
	return k.minorUnits(rounded, what)
}

// threshold compiles a constant threshold of a comparison.
func threshold(e check.Expr, scale int32, op check.CmpOp, what string) (cmp, error) {
	c, ok := e.(*check.Const)
	if !ok {
		return cmp{}, unsupported("%s %q is not a constant", what, check.Text(e))
	}
	return constCmp(c.Value, scale, op)
}

// constCmp compiles "v op t" for integer v in units of 10^-scale into an
// integer comparison that gives the same answer for every v.
func constCmp(t decimal.Decimal, scale int32, op check.CmpOp) (cmp, error) {
	s := t.Shift(scale)
	if !s.Abs().LessThan(decimal.New(1, 18)) {
		return cmp{}, unsupported("threshold %s is too large for 64-bit fixed point", t)
	}
	whole := s.Equal(s.Truncate(0))
	floor, ceil := s.Floor().IntPart(), s.Ceil().IntPart()
	// |floor| and |ceil| are below 10^18, so ±1 cannot overflow.
	switch op {
	case check.OpGE:
		return between(ceil, math.MaxInt64, false), nil
	case check.OpGT:
		return between(floor+1, math.MaxInt64, false), nil
	case check.OpLE:
		return between(math.MinInt64, floor, false), nil
	case check.OpLT:
		return between(math.MinInt64, ceil-1, false), nil
	case check.OpEQ:
		if !whole {
			return between(math.MinInt64, math.MaxInt64, true), nil
		}
		return between(floor, floor, false), nil
	}
	if !whole {
		return between(math.MinInt64, math.MaxInt64, false), nil
	}
	return between(floor, floor, true), nil
}

func (k *Kernel) level(l *check.ServiceLevel) (level, error) {
	ref, ok := l.Subject.(*check.MeasureRef)
	if !ok || !ref.Measure.Reported {
		return level{}, unsupported("service level %s compares %q, which is not a reported measure", l.Name, check.Text(l.Subject))
	}
	slot := ref.Measure.Slot
	scale := k.scale[slot]
	cl := level{slot: slot, missing: l.Missing.Kind, missingTier: l.Missing.Tier, capLimit: math.MaxInt64}
	// An outcome stores its tier index in an int8.
	if len(l.Tiers) > math.MaxInt8 {
		return level{}, unsupported("service level %s has more than %d tiers", l.Name, math.MaxInt8)
	}

	var err error
	if cl.target, err = threshold(l.Threshold, scale, l.Op, "the target of service level "+l.Name); err != nil {
		return level{}, err
	}
	thr := l.Threshold.(*check.Const).Value.Shift(scale)
	cl.exactThr = thr.Equal(thr.Truncate(0))
	cl.threshold = thr.Truncate(0).IntPart()

	for _, t := range l.Tiers {
		tc, err := threshold(t.Threshold, scale, t.Op, "the threshold of tier "+t.Name)
		if err != nil {
			return level{}, err
		}
		cl.tiers = append(cl.tiers, tc)
	}
	for _, d := range l.Deductions {
		cd, err := k.deduct(l, d, scale, cl.exactThr)
		if err != nil {
			return level{}, err
		}
		cd.track = -1
		if d.Window != nil {
			cd.track = k.levelHistory(&cl, cd.match, cd.window)
		}
		cl.deducts = append(cl.deducts, cd)
	}
	if l.Cap != nil {
		if cl.capLimit, err = k.amount(l.Cap.Amount, "the cap of service level "+l.Name); err != nil {
			return level{}, err
		}
	}
	return cl, nil
}

// levelHistory returns the track of the history of the outcomes of cl
// that m selects, read by window w, and adds the track when cl has none.
func (k *Kernel) levelHistory(cl *level, m matcher, w window) int {
	for _, h := range cl.histories {
		if h.match == m {
			k.readTrack(h.track, w)
			return h.track
		}
	}
	t := k.addTracks(w, 1)
	cl.histories = append(cl.histories, levelHistory{match: m, track: t})
	return t
}

func (k *Kernel) deduct(l *check.ServiceLevel, d *check.Deduction, scale int32, exactThr bool) (deduct, error) {
	cd := deduct{match: failsAt(d.Tier), window: compileWindow(d.Window)}
	what := fmt.Sprintf("deduction %q of service level %s", d.Text, l.Name)
	if d.PerUnit == nil {
		amount, err := k.amount(d.Amount, what)
		if err != nil {
			return deduct{}, err
		}
		if amount < 0 {
			return deduct{}, unsupported("%s is negative", what)
		}
		cd.amount = amount
		return cd, nil
	}

	// The per-unit base stays exact: num/den minor units, rounded only
	// after it is multiplied by the units of shortfall, as the engine does.
	if !exactThr {
		return deduct{}, unsupported("%s counts a shortfall from a threshold with more than %d decimals", what, scale)
	}
	base := exactAmount(d.Amount).Shift(k.places)
	if base.IsNegative() {
		return deduct{}, unsupported("%s is negative", what)
	}
	num, den, ok := fraction(base)
	unit := d.PerUnit.Unit.Shift(scale)
	if !ok || !unit.Equal(unit.Truncate(0)) || !unit.IsPositive() || !unit.LessThan(decimal.New(1, 18)) {
		return deduct{}, unsupported("%s has a base or unit that does not fit 64-bit fixed point", what)
	}
	cd.perUnit = &perUnit{mode: d.PerUnit.Mode, num: num, den: den, unit: uint64(unit.IntPart())}
	return cd, nil
}

// fraction writes a non-negative decimal as num/den with den a power of ten.
func fraction(d decimal.Decimal) (num, den uint64, ok bool) {
	exp := d.Exponent()
	coef := d.Coefficient()
	if exp > 0 {
		coef.Mul(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
		exp = 0
	}
	if !coef.IsUint64() || -exp > 18 {
		return 0, 0, false
	}
	return coef.Uint64(), uint64(math.Pow10(int(-exp))), true
}

func (k *Kernel) notice(n *check.Notice) (notice, error) {
	cn := notice{quietWhenMet: true}
	for _, c := range n.Conditions {
		// State.notices tests a streak window only for the service levels
		// whose outcome is not Met, which is exact only for windows of at
		// least 1 period. The checker rejects shorter windows, so this
		// test is a safeguard.
		if c.Window != nil && c.Window.Count < 1 {
			return notice{}, unsupported("notice %s has a window of %d periods, fewer than 1", n.Name, c.Window.Count)
		}
		cc := cond{window: compileWindow(c.Window)}
		switch p := c.Pred.(type) {
		case *check.LevelPred:
			if p.Scope == syntax.ScopeSame && !n.PerLevel {
				return notice{}, unsupported("notice %s counts the same service level without naming it", n.Name)
			}
			cc.kind, cc.need = predLevel, 1
			if p.Scope == syntax.ScopeAtLeast {
				cc.need = p.AtLeast
			}
			for l := range k.levels {
				cc.matchers = append(cc.matchers, levelMatcher(p, l))
			}
		case *check.TotalPred:
			if p.ReachesCap {
				cc.kind = predReachesCap
				break
			}
			t, err := constCmp(p.Amount, k.places, p.Op)
			if err != nil {
				return notice{}, err
			}
			cc.kind, cc.total = predTotal, t
		case *check.NoticePred:
			cc.kind, cc.notice = predNotice, p.Notice
		default:
			return notice{}, unsupported("notice %s has the condition %q over measures", n.Name, c.Text)
		}
		if cc.kind != predLevel || cc.need < 1 || !cc.window.consecutive() {
			cn.quietWhenMet = false
		}
		if p, ok := c.Pred.(*check.LevelPred); ok && p.Scope == syntax.ScopeSame {
			cc.track = k.addTracks(cc.window, len(k.levels))
			cn.sameConds = append(cn.sameConds, cc)
			continue
		}
		cc.track = k.addTracks(cc.window, 1)
		cn.periodConds = append(cn.periodConds, cc)
	}
	return cn, nil
}
