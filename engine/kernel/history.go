package kernel

import (
	"math"
	"slices"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
)

// matcher selects the service-level outcomes whose status is in statuses,
// a bit set indexed by Status, and whose tier index is tier unless anyTier
// is set. The zero matcher selects nothing.
type matcher struct {
	statuses uint8
	anyTier  bool
	tier     int8
}

const failedStatuses = 1<<Failed | 1<<MissingFailed

func (m matcher) matches(o outcome) bool {
	return m.statuses>>o.status&1 != 0 && (m.anyTier || o.tier == m.tier)
}

// bit returns 1 for true and 0 for false.
func bit(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// failsAt selects the failures at tier index tier, or every failure for
// check.AnyTier.
func failsAt(tier int) matcher {
	return matcher{statuses: failedStatuses, anyTier: tier == check.AnyTier, tier: int8(tier)}
}

// levelMatcher selects the outcomes of service level l that condition p
// counts.
func levelMatcher(p *check.LevelPred, l int) matcher {
	if p.Scope == syntax.ScopeNamed && l != p.Level {
		return matcher{}
	}
	switch p.Outcome {
	case check.OutcomeFails:
		return failsAt(check.AnyTier)
	case check.OutcomeTier:
		if p.Tiers[l] < 0 {
			return matcher{}
		}
		return failsAt(p.Tiers[l])
	case check.OutcomeMissing:
		return matcher{statuses: 1<<MissingFailed | 1<<NotAssessed, anyTier: true}
	}
	return matcher{statuses: 1 << NotAssessed, anyTier: true}
}

// window is a compiled check.Window. It holds in a period when the
// condition held in count of the last last periods, that period included.
// A streak of N periods is N of the last N, and a condition without a
// window is 1 of the last 1.
type window struct {
	count int32
	last  int32
}

func compileWindow(w *check.Window) window {
	switch {
	case w == nil:
		return window{count: 1, last: 1}
	case w.Consecutive():
		return window{count: int32(w.Count), last: int32(w.Count)}
	}
	return window{count: int32(w.Count), last: int32(w.Last)}
}

// consecutive reports whether w is a streak, which a track follows with
// the first and the last period of the streak alone.
func (w window) consecutive() bool { return w.count == w.last }

// track is the history of a condition on service-level outcomes or
// period totals, kept so that it changes only in the periods in which the
// condition holds. Conditions on outcomes other than Met hold in few
// periods, so most periods cost nothing here.
type track struct {
	// start and last are the first and the last period of the latest
	// streak of periods in which the condition held.
	start, last int
	// periods lists the periods in which the condition held, ascending,
	// when an "N of the last M" window reads the track, and is nil
	// otherwise.
	periods []int32
}

// reset empties t for a new term.
func (t *track) reset() {
	t.start, t.last = math.MinInt32, math.MinInt32
	if t.periods != nil {
		t.periods = t.periods[:0]
	}
}

// add records that the condition held in period i, which comes after
// every period added before.
func (t *track) add(i int) {
	if t.last != i-1 {
		t.start = i
	}
	t.last = i
	if t.periods != nil {
		t.periods = append(t.periods, int32(i))
	}
}

// holds applies the engine's window rule in period i, after add has seen
// every period up to i in which the condition held. The window holds for a
// streak of count periods, or for count of the last last periods, and the
// periods before the first one count as not holding.
func (t *track) holds(w window, i int) bool {
	if w.consecutive() {
		streak := 0
		if t.last == i {
			streak = i - t.start + 1
		}
		return streak >= int(w.count)
	}
	from, _ := slices.BinarySearch(t.periods, int32(i-int(w.last)+1))
	return len(t.periods)-from >= int(w.count)
}

// addTracks reserves n histories in State.tracks that window w reads and
// returns the index of the first.
func (k *Kernel) addTracks(w window, n int) int {
	first := len(k.listed)
	for t := first; t < first+n; t++ {
		k.listed = append(k.listed, false)
		k.readTrack(t, w)
	}
	return first
}

// readTrack records that window w reads track t, which then lists the
// periods in which its condition held if w needs them.
func (k *Kernel) readTrack(t int, w window) {
	if !w.consecutive() {
		k.listed[t] = true
	}
}

// newTracks allocates the histories of a term of up to periods periods.
func (k *Kernel) newTracks(periods int) []track {
	tracks := make([]track, len(k.listed))
	for t, listed := range k.listed {
		if listed {
			tracks[t].periods = make([]int32, 0, periods)
		}
	}
	return tracks
}
