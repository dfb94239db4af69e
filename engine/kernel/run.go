package kernel

import (
	"math"
	"math/bits"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
)

// outcome is a service level's result in one period: its status and the
// tier index of a failure, or -1.
type outcome struct {
	status Status
	tier   int8
}

func (o outcome) fails() bool { return o.status == Failed || o.status == MissingFailed }

// missing is true for every value the contract had to apply its
// missing-value rule to. The kernel has no record counts, so a service
// level is never "not assessed" for a small sample.
func (o outcome) missing() bool { return o.status == MissingFailed || o.status == NotAssessed }

// State holds one term's results. Slices indexed by period and service
// level are flat: [i*Levels()+l].
type State struct {
	k       *Kernel
	periods int

	outcomes []outcome
	// Before is each service level's deduction before its own cap, and
	// Deduction after it, in minor units.
	Before        []int64
	Deduction     []int64
	LevelCapBound []bool
	// Sum is the period's deductions before the total cap, carried-in
	// excess included; Total is after it.
	Sum      []int64
	Total    []int64
	CapBound []bool
	// capReached is the engine's "deductions reach the cap": a positive
	// sum at or above the limit.
	capReached []bool
	// Notices[i*NoticeKinds()+n] counts the notices of kind n issued in
	// period i: breach, missing_data, then the declared notices.
	Notices []int32

	// tracks are the histories the windows of deductions and notice
	// conditions read.
	tracks []track
	// active lists the service levels whose outcome in the current period
	// is not Met, the only ones a notice condition can count.
	active []int32
	// levelDone marks the service levels a notice already counted in the
	// current period.
	levelDone []bool
}

// NoticeKinds returns the number of notice kinds: breach, missing_data and
// each declared notice, in declaration order.
func (k *Kernel) NoticeKinds() int { return 2 + len(k.notices) }

// NewState allocates the buffers for terms of up to periods periods.
func (k *Kernel) NewState(periods int) *State {
	nl := len(k.levels)
	return &State{
		k:             k,
		periods:       periods,
		outcomes:      make([]outcome, periods*nl),
		Before:        make([]int64, periods*nl),
		Deduction:     make([]int64, periods*nl),
		LevelCapBound: make([]bool, periods*nl),
		Sum:           make([]int64, periods),
		Total:         make([]int64, periods),
		CapBound:      make([]bool, periods),
		capReached:    make([]bool, periods),
		Notices:       make([]int32, periods*k.NoticeKinds()),
		tracks:        k.newTracks(periods),
		active:        make([]int32, 0, nl),
		levelDone:     make([]bool, nl),
	}
}

// Status returns service level l's status and tier index (or -1) in
// period i of the last run.
func (s *State) Status(i, l int) (Status, int) {
	o := s.outcomes[i*len(s.k.levels)+l]
	return o.status, int(o.tier)
}

// Run evaluates periods periods of values, row-major with Measures()
// values per period in fixed point (see Scale), Missing for a value not
// reported. It returns ErrMissingValue or ErrOverflow when the term cannot
// be evaluated here.
func (s *State) Run(values []int64, periods int) error {
	k := s.k
	if periods > s.periods {
		panic("kernel: State is smaller than the term")
	}
	for t := range s.tracks {
		s.tracks[t].reset()
	}
	var carry int64
	for i := 0; i < periods; i++ {
		row := values[i*k.measures : (i+1)*k.measures]
		sum, failed, missing, err := s.levels(i, row, carry)
		if err != nil {
			return err
		}
		carry = s.totals(i, sum)
		s.notices(i, failed, missing)
	}
	return nil
}

// levels evaluates every service level in period i and lists in s.active
// those whose outcome is not Met. It returns the sum of their deductions
// after their own caps plus carry, the number of failed service levels and
// the number of missing values.
func (s *State) levels(i int, row []int64, carry int64) (sum int64, failed, missing int32, err error) {
	k := s.k
	nl := len(k.levels)
	// The period's slices are taken once, because the compiler would
	// otherwise reload them through s after every store.
	outcomes := s.outcomes[i*nl : (i+1)*nl]
	before := s.Before[i*nl : (i+1)*nl]
	after := s.Deduction[i*nl : (i+1)*nl]
	bound := s.LevelCapBound[i*nl : (i+1)*nl]
	active := s.active[:0]

	sum = carry
	for l := range k.levels {
		cl := &k.levels[l]
		v := row[cl.slot]
		// Most values meet the target, which leaves nothing else to do.
		// The other cases are in a function of their own, which keeps
		// this loop small.
		if v != Missing && cl.target.holds(v) {
			outcomes[l] = outcome{status: Met, tier: -1}
			before[l], after[l], bound[l] = 0, 0, false
			continue
		}
		o, d, err := s.unmet(l, i, v)
		if err != nil {
			return 0, 0, 0, err
		}
		if d > math.MaxInt64-sum {
			return 0, 0, 0, ErrOverflow
		}
		sum += d
		active = append(active, int32(l))
		failed += int32(bit(o.fails()))
		missing += int32(bit(o.missing()))
	}
	s.active = active
	return sum, failed, missing, nil
}

// unmet evaluates service level l in period i for a value v that is
// missing or fails the target, and returns its outcome and its deduction
// after its own cap.
func (s *State) unmet(l, i int, v int64) (outcome, int64, error) {
	cl := &s.k.levels[l]
	at := i*len(s.k.levels) + l
	o, err := cl.assess(v)
	if err != nil {
		return o, 0, err
	}
	s.outcomes[at] = o

	var d, capped int64
	atCap := false
	if o.fails() {
		// The histories are of failures, so only a failure changes them.
		for _, h := range cl.histories {
			if h.match.matches(o) {
				s.tracks[h.track].add(i)
			}
		}
		if d, err = s.deduction(cl, o, v, i); err != nil {
			return o, 0, err
		}
		capped = d
		if d > cl.capLimit {
			capped, atCap = cl.capLimit, true
		}
	}
	s.Before[at], s.Deduction[at], s.LevelCapBound[at] = d, capped, atCap
	return o, capped, nil
}

// deduction returns the largest deduction of failed service level cl in
// period i, before its cap.
func (s *State) deduction(cl *level, o outcome, v int64, i int) (int64, error) {
	best := int64(0)
	for d := range cl.deducts {
		cd := &cl.deducts[d]
		if !cd.match.matches(o) || (cd.track >= 0 && !s.tracks[cd.track].holds(cd.window, i)) {
			continue
		}
		amount := cd.amount
		if cd.perUnit != nil {
			if v == Missing {
				return 0, ErrMissingValue
			}
			var ok bool
			if amount, ok = s.k.perUnitAmount(cd.perUnit, shortfall(v, cl.threshold)); !ok {
				return 0, ErrOverflow
			}
		}
		best = max(best, amount)
	}
	return best, nil
}

// assess finds the status and tier of value v, or applies the
// missing-value rule.
func (cl *level) assess(v int64) (outcome, error) {
	if v == Missing {
		switch cl.missing {
		case check.MissingCountsAs:
			return outcome{status: MissingFailed, tier: int8(cl.missingTier)}, nil
		case check.MissingNotAssessed:
			return outcome{status: NotAssessed, tier: -1}, nil
		}
		return outcome{}, ErrMissingValue
	}
	if cl.target.holds(v) {
		return outcome{status: Met, tier: -1}, nil
	}
	for t := len(cl.tiers) - 1; t >= 0; t-- {
		if cl.tiers[t].holds(v) {
			return outcome{status: Failed, tier: int8(t)}, nil
		}
	}
	if len(cl.tiers) > 0 {
		return outcome{status: Failed, tier: 0}, nil
	}
	return outcome{status: Failed, tier: -1}, nil
}

func shortfall(v, threshold int64) uint64 {
	if v > threshold {
		return uint64(v - threshold)
	}
	return uint64(threshold - v)
}

// perUnitAmount returns the rounded deduction for a shortfall of s
// fixed-point steps.
func (k *Kernel) perUnitAmount(p *perUnit, s uint64) (int64, bool) {
	switch p.mode {
	case check.FullUnits:
		return mulDivRound(p.num, s/p.unit, p.den, k.rounding)
	case check.StartedUnits:
		return mulDivRound(p.num, (s+p.unit-1)/p.unit, p.den, k.rounding)
	}
	return mulDivRound(p.num, s, p.den*p.unit, k.rounding)
}

// mulDivRound returns a*b/d rounded to an integer with mode r, or false
// when the quotient does not fit in an int64.
func mulDivRound(a, b, d uint64, r types.Rounding) (int64, bool) {
	hi, lo := bits.Mul64(a, b)
	if hi >= d {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, d)
	switch r {
	case types.HalfUp:
		if rem >= d-rem {
			q++
		}
	case types.HalfEven:
		if rem > d-rem || (rem == d-rem && q%2 == 1) {
			q++
		}
	}
	if q > 1<<62 {
		return 0, false
	}
	return int64(q), true
}

// totals applies the cap on total deductions to period i and returns the
// excess carried into the next period.
func (s *State) totals(i int, sum int64) int64 {
	s.Sum[i] = sum
	s.Total[i], s.CapBound[i], s.capReached[i] = sum, false, false
	c := s.k.cap
	if c == nil {
		return 0
	}
	s.capReached[i] = sum > 0 && sum >= c.limit
	if sum <= c.limit {
		return 0
	}
	s.Total[i], s.CapBound[i] = c.limit, true
	if c.carry {
		return sum - c.limit
	}
	return 0
}
