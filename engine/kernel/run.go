package kernel

import (
	"math"
	"math/bits"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
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

func (o outcome) matches(t int) bool {
	return o.fails() && (t == check.AnyTier || int(o.tier) == t)
}

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

	// fails[l*keys+key] tracks level l's failures at tier key-1 (key 0 is
	// any failure), and conds and condLevels each notice condition, for
	// the windows of ratchets and notices.
	keys       int
	fails      []track
	conds      []track
	condLevels []track
	levelDone  []bool
}

// track is a condition's history in a form that answers a window in
// constant time: streak[i] is the number of consecutive periods ending
// with i in which it held, and prefix[i] the number of periods up to and
// including i in which it held.
type track struct {
	streak []int32
	prefix []int32
}

func newTrack(periods int) track {
	return track{streak: make([]int32, periods), prefix: make([]int32, periods)}
}

func (t *track) set(i int, holds bool) {
	var streak, prefix int32
	if i > 0 {
		streak, prefix = t.streak[i-1], t.prefix[i-1]
	}
	if holds {
		streak++
		prefix++
	} else {
		streak = 0
	}
	t.streak[i], t.prefix[i] = streak, prefix
}

// holds applies the engine's window rule to period i: a streak of Count
// periods, Count of the last Last periods (periods before the first one
// count as not holding), or period i alone when w is nil.
func (t *track) holds(w *check.Window, i int) bool {
	switch {
	case w == nil:
		return t.streak[i] > 0
	case w.Consecutive():
		return int(t.streak[i]) >= w.Count
	}
	hits := t.prefix[i]
	if j := i - w.Last; j >= 0 {
		hits -= t.prefix[j]
	}
	return int(hits) >= w.Count
}

// NoticeKinds returns the number of notice kinds: breach, missing_data and
// each declared notice, in declaration order.
func (k *Kernel) NoticeKinds() int { return 2 + len(k.notices) }

// NewState allocates the buffers for terms of up to periods periods.
func (k *Kernel) NewState(periods int) *State {
	nl := len(k.levels)
	s := &State{
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
		levelDone:     make([]bool, nl),
	}
	for _, l := range k.levels {
		s.keys = max(s.keys, len(l.tiers)+1)
	}
	for range nl * s.keys {
		s.fails = append(s.fails, newTrack(periods))
	}
	for _, n := range k.notices {
		for range n.conds {
			s.conds = append(s.conds, newTrack(periods))
			for range nl {
				s.condLevels = append(s.condLevels, newTrack(periods))
			}
		}
	}
	return s
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
	var carry int64
	for i := 0; i < periods; i++ {
		row := values[i*k.measures : (i+1)*k.measures]
		sum := carry
		for l := range k.levels {
			d, err := s.level(l, i, row)
			if err != nil {
				return err
			}
			if d > math.MaxInt64-sum {
				return ErrOverflow
			}
			sum += d
		}
		carry = s.totals(i, sum)
		s.notices(i)
	}
	return nil
}

// level evaluates service level l in period i and returns its deduction
// after its own cap.
func (s *State) level(l, i int, row []int64) (int64, error) {
	cl := &s.k.levels[l]
	at := i*len(s.k.levels) + l
	v := row[cl.slot]

	o, err := cl.assess(v)
	if err != nil {
		return 0, err
	}
	s.outcomes[at] = o
	for _, key := range cl.windowKeys {
		s.fails[l*s.keys+key].set(i, o.matches(key-1))
	}
	s.Before[at], s.Deduction[at], s.LevelCapBound[at] = 0, 0, false
	if !o.fails() {
		return 0, nil
	}

	best := int64(0)
	for d := range cl.deducts {
		cd := &cl.deducts[d]
		if !o.matches(cd.tier) || (cd.window != nil && !s.fails[l*s.keys+cd.tier+1].holds(cd.window, i)) {
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

	s.Before[at] = best
	if cl.hasCap && best > cl.capLimit {
		best = cl.capLimit
		s.LevelCapBound[at] = true
	}
	s.Deduction[at] = best
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

// notices counts the notices of period i: a breach per failed service
// level, a missing_data notice per missing value, then the declared
// notices in dependency order.
func (s *State) notices(i int) {
	k := s.k
	nl := len(k.levels)
	counts := s.Notices[i*k.NoticeKinds() : (i+1)*k.NoticeKinds()]
	clear(counts)
	for l := 0; l < nl; l++ {
		o := s.outcomes[i*nl+l]
		if o.fails() {
			counts[0]++
		}
		if o.missing() {
			counts[1]++
		}
	}
	for _, n := range k.order {
		counts[2+n] = s.declared(n, i)
	}
}

// declared evaluates notice n in period i and returns how many notices it
// issues: one per service level for a condition about the same service
// level, one in all for the other conditions.
func (s *State) declared(n, i int) int32 {
	k := s.k
	nl := len(k.levels)
	clear(s.levelDone)
	periodDone := false
	var issued int32

	base := k.notices[n].base
	for j := range k.notices[n].conds {
		c := &k.notices[n].conds[j]
		hist, levels := &s.conds[base+j], s.condLevels[(base+j)*nl:(base+j+1)*nl]
		hist.set(i, s.pred(c, i, levels))

		if c.kind == predLevel && c.level.Scope == syntax.ScopeSame {
			for l := 0; l < nl; l++ {
				if s.levelDone[l] || !levels[l].holds(c.window, i) {
					continue
				}
				s.levelDone[l] = true
				issued++
			}
			continue
		}
		if periodDone || !hist.holds(c.window, i) {
			continue
		}
		periodDone = true
		issued++
	}
	return issued
}

// pred evaluates condition c in period i, and for a service-level
// condition records each level's match in levels.
func (s *State) pred(c *cond, i int, levels []track) bool {
	switch c.kind {
	case predReachesCap:
		return s.capReached[i]
	case predTotal:
		return c.total.holds(s.Total[i])
	case predNotice:
		return s.Notices[i*s.k.NoticeKinds()+2+c.notice] > 0
	}

	p := c.level
	nl := len(s.k.levels)
	matched := 0
	same := p.Scope == syntax.ScopeSame
	for l := 0; l < nl; l++ {
		match := (p.Scope != syntax.ScopeNamed || l == p.Level) && outcomeMatches(p, s.outcomes[i*nl+l], l)
		if same {
			levels[l].set(i, match)
		}
		if match {
			matched++
		}
	}
	if p.Scope == syntax.ScopeAtLeast {
		return matched >= p.AtLeast
	}
	return matched > 0
}

func outcomeMatches(p *check.LevelPred, o outcome, l int) bool {
	switch p.Outcome {
	case check.OutcomeFails:
		return o.fails()
	case check.OutcomeTier:
		return o.fails() && p.Tiers[l] >= 0 && int(o.tier) == p.Tiers[l]
	case check.OutcomeMissing:
		return o.missing()
	}
	return o.status == NotAssessed
}
