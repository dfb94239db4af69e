package gen

import (
	"math"
	"testing"
	"time"

	_ "time/tzdata"
)

func testCalendar(t *testing.T, year int) *calendar {
	t.Helper()
	loc, err := loadZone()
	if err != nil {
		t.Fatal(err)
	}
	return newCalendar(year, loc)
}

func TestAllocateSumsExactly(t *testing.T) {
	weights := []float64{0.1, 0, 3, 1.7, 0.2, 5, 0}
	weightTotal := 10.0
	r := newRand(1, 1)
	for _, n := range []int{0, 1, 7, 100, 99_999} {
		counts := allocate(n, weights, r)
		total := 0
		for i, c := range counts {
			total += c
			share := float64(n) * weights[i] / weightTotal
			if float64(c) < math.Floor(share) || float64(c) > math.Ceil(share) {
				t.Errorf("n %d: index %d got %d, want the floor or ceiling of %.3f", n, i, c, share)
			}
		}
		if total != n {
			t.Errorf("allocate(%d) sums to %d", n, total)
		}
	}
	if counts := allocate(5, []float64{0, 0}, r); counts[0]+counts[1] != 0 {
		t.Errorf("allocate over zero weights = %v, want zeros", counts)
	}
}

func TestQuotaDrawsExactCounts(t *testing.T) {
	r := newRand(1, 2)
	q := newQuota(5, 0, 3, 12)
	var got [4]int
	for range 20 {
		got[q.draw(r)]++
	}
	if got != [4]int{5, 0, 3, 12} {
		t.Errorf("draw counts = %v, want [5 0 3 12]", got)
	}
}

func TestPassCountStaysInBand(t *testing.T) {
	tests := []struct {
		n      int
		target float64
		want   int
	}{
		{730, 0.7499, 547}, // 74.93%, below 75%
		{731, 0.75, 549},   // the nearest, 548, would be 74.97%
		{750, 0.849, 637},  // 84.93%, below 85%
		{7, 0.85, 6},       // 85.7%, at or above 85%
		{0, 0.85, 0},
		{100, 1, 100},
		{100, 0, 0},
	}
	for _, tt := range tests {
		if got := passCount(tt.n, tt.target); got != tt.want {
			t.Errorf("passCount(%d, %v) = %d, want %d", tt.n, tt.target, got, tt.want)
		}
	}
}

func TestSlotPrefixMatchesTimeFormat(t *testing.T) {
	cal := testCalendar(t, 2026)
	if len(cal.slots) != 8760 {
		t.Errorf("2026 has %d hour slots, want 8760", len(cal.slots))
	}
	for i := range cal.slots {
		slot := &cal.slots[i]
		for _, offset := range []int32{0, 61, 3599} {
			got := string(appendSlotTime(nil, slot, offset))
			want := time.Unix(slot.start+int64(offset), 0).In(cal.loc).Format(TimeLayout)
			if got != want {
				t.Fatalf("slot %d offset %d: %s, want %s", i, offset, got, want)
			}
		}
	}
}

func TestRepeatedHourIsFallBack(t *testing.T) {
	cal := testCalendar(t, 2026)
	if len(cal.repeatedStarts) != 1 {
		t.Fatalf("2026 has %d repeated hours, want 1", len(cal.repeatedStarts))
	}
	// Daylight saving time ends on 1 November 2026 at 02:00 PDT, which
	// becomes 01:00 PST.
	want := time.Date(2026, time.November, 1, 1, 0, 0, 0, time.FixedZone("PST", -8*3600)).Unix()
	if cal.repeatedStarts[0] != want {
		t.Errorf("repeated hour starts at %d, want %d", cal.repeatedStarts[0], want)
	}
	if !cal.inRepeatedHour(want) || cal.inRepeatedHour(want-1) || cal.inRepeatedHour(want+3600) {
		t.Error("inRepeatedHour does not cover exactly [start, start+1h)")
	}
}

func TestNthWeekday(t *testing.T) {
	loc, err := loadZone()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		month   time.Month
		weekday time.Weekday
		n       int
		want    string
	}{
		{time.January, time.Tuesday, -1, "2026-01-27"},
		{time.May, time.Monday, -1, "2026-05-25"},
		{time.September, time.Monday, 1, "2026-09-07"},
		{time.November, time.Thursday, 4, "2026-11-26"},
		{time.August, time.Thursday, 3, "2026-08-20"},
	}
	for _, tt := range tests {
		day := nthWeekday(2026, tt.month, tt.weekday, tt.n, loc)
		got := time.Date(2026, time.January, day+1, 0, 0, 0, 0, loc).Format("2006-01-02")
		if got != tt.want {
			t.Errorf("nthWeekday(%v, %v, %d) = %s, want %s", tt.month, tt.weekday, tt.n, got, tt.want)
		}
	}
}

func TestHolidaysObserved(t *testing.T) {
	loc, err := loadZone()
	if err != nil {
		t.Fatal(err)
	}
	// In 2026, Independence Day falls on a Saturday, so Friday 3 July is
	// also closed.
	var got []string
	for _, d := range holidays(2026, loc) {
		got = append(got, time.Date(2026, time.January, d+1, 0, 0, 0, 0, loc).Format("01-02"))
	}
	want := []string{"01-01", "07-04", "07-03", "12-25", "05-25", "09-07", "11-26"}
	if len(got) != len(want) {
		t.Fatalf("holidays = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("holidays = %v, want %v", got, want)
			break
		}
	}
}

func TestAppendZeroPadded(t *testing.T) {
	tests := []struct {
		v, width int
		want     string
	}{
		{1, 7, "0000001"},
		{1234567, 7, "1234567"},
		{12345678, 7, "12345678"},
		{0, 3, "000"},
	}
	for _, tt := range tests {
		if got := string(appendZeroPadded(nil, tt.v, tt.width)); got != tt.want {
			t.Errorf("appendZeroPadded(%d, %d) = %q, want %q", tt.v, tt.width, got, tt.want)
		}
	}
}

func TestNPSPercentRowsSumTo100(t *testing.T) {
	for csat := 1; csat <= 5; csat++ {
		total := 0
		for _, p := range npsPercent[csat] {
			total += p
		}
		if total != 100 {
			t.Errorf("npsPercent[%d] sums to %d", csat, total)
		}
	}
}
