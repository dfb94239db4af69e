package calendar

import (
	"math"
	"testing"
	"time"
)

// hours returns the instant n hours after the epoch.
func hours(n int64) Instant { return Instant(n * int64(time.Hour)) }

func TestCovered(t *testing.T) {
	tests := []struct {
		name   string
		iv     []Interval
		lo, hi Instant
		want   time.Duration
	}{
		{"empty", nil, hours(0), hours(100), 0},
		{"single", []Interval{{hours(10), hours(20)}}, hours(0), hours(100), 10 * time.Hour},
		// [0, 10) and [5, 15) merge to [0, 15).
		{"overlapping", []Interval{{hours(0), hours(10)}, {hours(5), hours(15)}}, hours(0), hours(100), 15 * time.Hour},
		{"nested", []Interval{{hours(0), hours(20)}, {hours(5), hours(10)}}, hours(0), hours(100), 20 * time.Hour},
		{"touching", []Interval{{hours(0), hours(10)}, {hours(10), hours(20)}}, hours(0), hours(100), 20 * time.Hour},
		{"disjoint", []Interval{{hours(0), hours(10)}, {hours(20), hours(30)}}, hours(0), hours(100), 20 * time.Hour},
		{"unsorted", []Interval{{hours(40), hours(50)}, {hours(0), hours(10)}, {hours(5), hours(12)}}, hours(0), hours(100), 22 * time.Hour},
		// [-10, 5) keeps [0, 5) and [95, 110) keeps [95, 100).
		{"clipped at both ends", []Interval{{hours(-10), hours(5)}, {hours(95), hours(110)}}, hours(0), hours(100), 10 * time.Hour},
		{"covering the window", []Interval{{hours(-10), hours(110)}}, hours(0), hours(100), 100 * time.Hour},
		{"outside the window", []Interval{{hours(-10), hours(0)}, {hours(100), hours(110)}}, hours(0), hours(100), 0},
		// Two intervals that overlap only outside the window merge there
		// and still count once inside it.
		{"merged before the window", []Interval{{hours(-10), hours(3)}, {hours(-5), hours(4)}}, hours(0), hours(100), 4 * time.Hour},
		{"end before start", []Interval{{hours(20), hours(10)}}, hours(0), hours(100), 0},
		{"zero length", []Interval{{hours(10), hours(10)}, {hours(10), hours(12)}}, hours(0), hours(100), 2 * time.Hour},
		{"reversed amid valid", []Interval{{hours(0), hours(10)}, {hours(30), hours(5)}, {hours(8), hours(12)}}, hours(0), hours(100), 12 * time.Hour},
		{"empty window", []Interval{{hours(0), hours(10)}}, hours(5), hours(5), 0},
		{"reversed window", []Interval{{hours(0), hours(10)}}, hours(8), hours(2), 0},
		{"whole range", []Interval{{MinInstant, MaxInstant}}, MinInstant, MaxInstant, math.MaxInt64},
		{"ends of the whole range", []Interval{{MinInstant, MinInstant + 10}, {MaxInstant - 10, MaxInstant}}, MinInstant, MaxInstant, 20},
	}
	for _, tt := range tests {
		if got := Covered(tt.iv, tt.lo, tt.hi); got != tt.want {
			t.Errorf("%s: Covered = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCoveredSplitsAtMonthEnd checks that an outage across midnight at
// the end of a month counts in each month for its part there, and that
// the parts add up to the whole outage.
func TestCoveredSplitsAtMonthEnd(t *testing.T) {
	z := mustZone(t, "America/Los_Angeles")
	outage := []Interval{{
		Start: mustParse(t, z, "2026-01-31T23:00"),
		End:   mustParse(t, z, "2026-02-01T02:00"),
	}}
	january := Covered(outage, z.MonthStart(2026, 1), z.MonthStart(2026, 2))
	february := Covered(outage, z.MonthStart(2026, 2), z.MonthStart(2026, 3))
	if january != time.Hour {
		t.Errorf("January share = %v, want 1h (23:00 to midnight)", january)
	}
	if february != 2*time.Hour {
		t.Errorf("February share = %v, want 2h (midnight to 02:00)", february)
	}
	if january+february != 3*time.Hour {
		t.Errorf("January and February shares sum to %v, want the whole 3h outage", january+february)
	}

	// March 2026 lasts 743 h because the clocks spring forward. An outage
	// from 01:00 to 04:00 on the night of the change lasts 2 h.
	march := []Interval{{
		Start: mustParse(t, z, "2026-03-08T01:00"),
		End:   mustParse(t, z, "2026-03-08T04:00"),
	}}
	monthStart, monthEnd := z.MonthStart(2026, 3), z.MonthStart(2026, 4)
	down := Covered(march, monthStart, monthEnd)
	if down != 2*time.Hour {
		t.Errorf("outage over spring forward = %v, want 2h", down)
	}
	if up := time.Duration(monthEnd-monthStart) - down; up != 741*time.Hour {
		t.Errorf("March uptime = %v, want 741h", up)
	}
}
