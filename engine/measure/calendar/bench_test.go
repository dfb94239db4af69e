package calendar

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchTimestamps returns n timestamps without a suffix at random times
// of 2026, so that the benchmark reads a realistic mix of days from the
// offset table.
func benchTimestamps(n int) [][]byte {
	rng := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([][]byte, n)
	for i := range out {
		at := start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		out[i] = []byte(at.Format("2006-01-02T15:04:05"))
	}
	return out
}

func BenchmarkParseTimestamp(b *testing.B) {
	for _, name := range []string{"UTC", "America/Los_Angeles"} {
		b.Run(name, func(b *testing.B) {
			z := mustZone(b, name)
			inputs := benchTimestamps(1024)
			for _, in := range inputs {
				if _, err := z.ParseTimestamp(in); err != nil && name == "UTC" {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				// Gap errors, about 1 in 8760 inputs in Los Angeles,
				// count toward the time like the rest.
				_, _ = z.ParseTimestamp(inputs[i&1023])
			}
		})
	}
}

// BenchmarkParseTimestampFastPath parses one timestamp on a day without
// a transition, the case that the 40 ns target is about.
func BenchmarkParseTimestampFastPath(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	input := []byte("2026-01-05T08:31:12")
	if _, err := z.ParseTimestamp(input); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = z.ParseTimestamp(input)
	}
}

func BenchmarkParseTimestampWithFraction(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	input := []byte("2026-01-05T08:31:12.123456-08:00")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = z.ParseTimestamp(input)
	}
}

// BenchmarkParseTimestampTransitionDay parses a time on the day the
// clocks fall back, which takes the slow path through the time package.
func BenchmarkParseTimestampTransitionDay(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	input := []byte("2026-11-01T12:00:00")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = z.ParseTimestamp(input)
	}
}

func BenchmarkTimeParseInLocation(b *testing.B) {
	loc := mustZone(b, "America/Los_Angeles").Location()
	b.ReportAllocs()
	for b.Loop() {
		_, _ = time.ParseInLocation("2006-01-02T15:04:05", "2026-01-05T08:31:12", loc)
	}
}

func BenchmarkMonth(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	instants := make([]Instant, 1024)
	for i, in := range benchTimestamps(len(instants)) {
		instants[i], _ = z.ParseTimestamp(in)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_, _ = z.Month(instants[i&1023])
	}
}

func BenchmarkFormat(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	t, _ := z.ParseTimestamp([]byte("2026-01-05T08:31:12.5"))
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = z.AppendFormat(buf[:0], t)
	}
}

func BenchmarkBetween(b *testing.B) {
	z := mustZone(b, "America/Los_Angeles")
	s, err := NewSchedule(z, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		8*60, 18*60, []Date{{2026, 1, 19}})
	if err != nil {
		b.Fatal(err)
	}
	for _, span := range []int{1, 31, 366} {
		b.Run(fmt.Sprintf("%ddays", span), func(b *testing.B) {
			from, _ := z.ParseTimestamp([]byte("2026-01-01T00:00"))
			to := from + Instant(time.Duration(span)*24*time.Hour)
			b.ReportAllocs()
			for b.Loop() {
				_ = s.Between(from, to)
			}
		})
	}
}

func BenchmarkCovered(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	source := make([]Interval, 10_000)
	for i := range source {
		start := Instant(rng.Int64N(int64(31 * 24 * time.Hour)))
		source[i] = Interval{start, start + Instant(rng.Int64N(int64(time.Hour)))}
	}
	work := make([]Interval, len(source))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, source)
		_ = Covered(work, 0, Instant(31*24*time.Hour))
	}
}
