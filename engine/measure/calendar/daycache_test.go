package calendar

import (
	"fmt"
	"testing"
	"time"
)

// TestDayCacheMatchesParse checks that the cache returns what
// ParseTimestamp returns, over consecutive times that cross midnights and
// both daylight saving transitions of 2026, with invalid times between.
func TestDayCacheMatchesParse(t *testing.T) {
	z := mustZone(t, "America/Los_Angeles")
	c := z.NewDayCache()
	var inputs []string
	for _, day := range []string{"2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"} {
		for minutes := 0; minutes < 24*60; minutes += 17 {
			inputs = append(inputs, fmt.Sprintf("%sT%02d:%02d:%02d", day, minutes/60, minutes%60, minutes%60))
		}
		inputs = append(inputs, day+"T24:00:00", day+"T12:60:00", day+"T12:00:61", day+" 09:15:00", day+"T09:15:00Z")
	}
	for _, in := range inputs {
		want, wantErr := z.ParseTimestamp([]byte(in))
		got, gotErr := c.ParseTimestamp([]byte(in))
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: cache gave %v, %v; ParseTimestamp gave %v, %v", in, got.Time().Format(time.RFC3339), gotErr, want.Time().Format(time.RFC3339), wantErr)
		}
	}
}

func BenchmarkDayCache(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	c := z.NewDayCache()
	in := []byte("2026-01-05T08:31:12")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ParseTimestamp(in); err != nil {
			b.Fatal(err)
		}
	}
}
