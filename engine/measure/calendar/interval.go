package calendar

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Interval is the half-open span of time [Start, End), such as one outage.
type Interval struct{ Start, End Instant }

// Covered returns the total length of the union of the intervals, clipped
// to [lo, hi). Overlapping and touching intervals merge, and an interval
// with End <= Start contributes nothing. Covered sorts iv by Start in
// place. The result saturates at the maximum time.Duration, which only a
// window [lo, hi) of more than 292 years can reach.
func Covered(iv []Interval, lo, hi Instant) time.Duration {
	if hi <= lo {
		return 0
	}
	slices.SortFunc(iv, func(x, y Interval) int { return cmp.Compare(x.Start, y.Start) })

	// The merged run [runStart, runEnd) grows while the next clipped
	// interval starts at or before its end. Sorting by Start also sorts
	// the clipped starts, because clipping only raises starts below lo.
	var total uint64
	running := false
	var runStart, runEnd Instant
	for _, v := range iv {
		start, end := max(v.Start, lo), min(v.End, hi)
		if end <= start {
			continue
		}
		if running && start <= runEnd {
			runEnd = max(runEnd, end)
			continue
		}
		if running {
			total += uint64(runEnd) - uint64(runStart)
		}
		runStart, runEnd, running = start, end, true
	}
	if running {
		total += uint64(runEnd) - uint64(runStart)
	}
	return time.Duration(min(total, math.MaxInt64))
}
