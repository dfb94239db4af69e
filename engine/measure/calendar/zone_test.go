package calendar

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// testZones covers fixed offsets, half-hour and 45-minute offsets,
// transitions at midnight (Santiago), a 30-minute daylight-saving shift
// (Lord Howe), negative daylight saving (Dublin), a 2-hour shift (Troll),
// Ramadan suspensions of daylight saving (Casablanca) and a skipped day
// (Apia, 2011-12-30).
var testZones = []string{
	"UTC",
	"America/Los_Angeles",
	"Europe/London",
	"Asia/Kolkata",
	"Pacific/Chatham",
	"America/St_Johns",
	"Australia/Lord_Howe",
	"America/Santiago",
	"Europe/Dublin",
	"Antarctica/Troll",
	"Africa/Casablanca",
	"Pacific/Apia",
}

func mustZone(t testing.TB, name string) *Zone {
	t.Helper()
	z, err := LoadZone(name)
	if err != nil {
		t.Fatalf("LoadZone(%q): %v", name, err)
	}
	return z
}

func TestTableBounds(t *testing.T) {
	if got := daysFromCivil(1900, 1, 1); got != tableFirstDay {
		t.Errorf("day number of 1900-01-01 = %d, tableFirstDay = %d", got, tableFirstDay)
	}
	if got := daysFromCivil(2201, 1, 1); got != tableEndDay {
		t.Errorf("day number of 2201-01-01 = %d, tableEndDay = %d", got, tableEndDay)
	}
}

func TestCivilDaysMatchTime(t *testing.T) {
	// Day numbers from about year -700 to year 4600 in steps that hit
	// every day of the month and every weekday over the run.
	for day := int64(-980_000); day <= 980_000; day += 37 {
		want := time.Unix(day*secondsPerDay, 0).UTC()
		year, month, dayOfMonth := civilFromDays(day)
		if year != int64(want.Year()) || month != int64(want.Month()) || dayOfMonth != int64(want.Day()) {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %s", day, year, month, dayOfMonth, want.Format(time.DateOnly))
		}
		if back := daysFromCivil(year, month, dayOfMonth); back != day {
			t.Fatalf("daysFromCivil(%d, %d, %d) = %d, want %d", year, month, dayOfMonth, back, day)
		}
		if got := weekday(day); got != want.Weekday() {
			t.Fatalf("weekday(%d) = %s, want %s", day, got, want.Weekday())
		}
	}
}

func TestLoadZoneNames(t *testing.T) {
	for _, name := range testZones {
		z := mustZone(t, name)
		if z.Name() != name {
			t.Errorf("LoadZone(%q).Name() = %q", name, z.Name())
		}
		if z.Location().String() != name {
			t.Errorf("LoadZone(%q).Location() = %q", name, z.Location())
		}
	}
	if mustZone(t, "America/Los_Angeles") != mustZone(t, "America/Los_Angeles") {
		t.Error("two loads of America/Los_Angeles returned different zones")
	}
}

func TestLoadZoneErrors(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"America/Los_Angles", `unknown time zone "America/Los_Angles": give an IANA zone name, such as America/Los_Angeles or UTC, with that spelling and capitalization`},
		{"PST", `unknown time zone "PST": give an IANA zone name, such as America/Los_Angeles or UTC, with that spelling and capitalization`},
		{"", `invalid time zone "": give an IANA zone name, such as America/Los_Angeles or UTC`},
		{"Local", `invalid time zone "Local": give an IANA zone name, such as America/Los_Angeles or UTC`},
	}
	for _, tt := range tests {
		_, err := LoadZone(tt.name)
		if err == nil {
			t.Errorf("LoadZone(%q) succeeded, want an error", tt.name)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("LoadZone(%q) error:\n got %s\nwant %s", tt.name, err, tt.want)
		}
	}
}

func TestMonthLength(t *testing.T) {
	tests := []struct {
		zone        string
		year, month int
		hours       int64
	}{
		// 31 days * 24 h = 744 h, and 30 days * 24 h = 720 h.
		{"America/Los_Angeles", 2026, 1, 744},
		{"America/Los_Angeles", 2026, 2, 672}, // 28 * 24
		{"America/Los_Angeles", 2026, 3, 743}, // 744 - 1: clocks spring forward on Sunday 2026-03-08
		{"America/Los_Angeles", 2026, 4, 720},
		{"America/Los_Angeles", 2026, 10, 744},
		{"America/Los_Angeles", 2026, 11, 721}, // 720 + 1: clocks fall back on Sunday 2026-11-01
		{"America/Los_Angeles", 2026, 12, 744},
		{"America/Los_Angeles", 2024, 2, 696}, // 29 * 24 in a leap year
		{"Europe/London", 2026, 1, 744},
		{"Europe/London", 2026, 3, 743},  // 744 - 1: the last Sunday of March is 2026-03-29
		{"Europe/London", 2026, 10, 745}, // 744 + 1: the last Sunday of October is 2026-10-25
		{"Europe/London", 2026, 11, 720},
		{"UTC", 2026, 1, 744},
		{"UTC", 2026, 2, 672},
		{"UTC", 2026, 3, 744},
		{"UTC", 2026, 11, 720},
		{"UTC", 2024, 2, 696},
		{"UTC", 2100, 2, 672}, // 2100 is not a leap year
		{"UTC", 2000, 2, 696}, // 2000 is
	}
	for _, tt := range tests {
		z := mustZone(t, tt.zone)
		length := time.Duration(z.MonthStart(tt.year, tt.month+1) - z.MonthStart(tt.year, tt.month))
		if length != time.Duration(tt.hours)*time.Hour {
			t.Errorf("%s %d-%02d lasts %v, want %dh", tt.zone, tt.year, tt.month, length, tt.hours)
		}
	}
}

func TestMonthStartCarriesMonths(t *testing.T) {
	z := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		year, month int
		want        string
	}{
		{2026, 13, "2027-01-01T00:00:00-08:00"},
		{2026, 0, "2025-12-01T00:00:00-08:00"},
		{2026, -11, "2025-01-01T00:00:00-08:00"},
		{2026, 25, "2028-01-01T00:00:00-08:00"},
		{2026, 7, "2026-07-01T00:00:00-07:00"},
	}
	for _, tt := range tests {
		if got := z.Format(z.MonthStart(tt.year, tt.month)); got != tt.want {
			t.Errorf("MonthStart(%d, %d) = %s, want %s", tt.year, tt.month, got, tt.want)
		}
	}
}

func TestMonthStartSaturates(t *testing.T) {
	z := mustZone(t, "UTC")
	tests := []struct {
		year, month int
		want        Instant
	}{
		{1600, 1, MinInstant},
		{2300, 1, MaxInstant},
		{math.MinInt, 1, MinInstant},
		{math.MaxInt, math.MaxInt, MaxInstant},
	}
	for _, tt := range tests {
		if got := z.MonthStart(tt.year, tt.month); got != tt.want {
			t.Errorf("MonthStart(%d, %d) = %d, want %d", tt.year, tt.month, got, tt.want)
		}
	}
}

// TestMonthStartIsFirstInstant checks, for every month from 1900 to 2200,
// that MonthStart lies in the month and the nanosecond before it does not.
// Where local midnight on the 1st exists once, it must also equal
// time.Date.
func TestMonthStartIsFirstInstant(t *testing.T) {
	for _, name := range testZones {
		z := mustZone(t, name)
		for year := 1900; year <= 2200; year++ {
			for month := 1; month <= 12; month++ {
				start := z.MonthStart(year, month)
				if y, m := z.Month(start); y != year || m != month {
					t.Fatalf("%s: MonthStart(%d, %d) = %s is in %d-%02d", name, year, month, z.Format(start), y, m)
				}
				prevYear, prevMonth := year, month-1
				if prevMonth == 0 {
					prevYear, prevMonth = year-1, 12
				}
				if y, m := z.Month(start - 1); y != prevYear || m != prevMonth {
					t.Fatalf("%s: the nanosecond before MonthStart(%d, %d) = %s is in %d-%02d, want %d-%02d",
						name, year, month, z.Format(start), y, m, prevYear, prevMonth)
				}
				want := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, z.Location())
				wy, wm, wd := want.Date()
				unique := wy == year && int(wm) == month && wd == 1 && want.Hour() == 0 && want.Minute() == 0 &&
					want.Add(-time.Hour).Day() != 1 && want.Add(-2*time.Hour).Day() != 1
				if unique && start != FromTime(want) {
					t.Fatalf("%s: MonthStart(%d, %d) = %s, time.Date gives %s",
						name, year, month, z.Format(start), want.Format(time.RFC3339))
				}
			}
		}
	}
}

// TestCivilMatchesTime compares Civil, Month, Offset and Format with the
// time package at random instants over the whole range of Instant, and
// more densely from 1900 to 2200 where the offset table applies.
func TestCivilMatchesTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tableLo := int64(tableFirstDay) * secondsPerDay * nanosPerSecond
	tableHi := int64(tableEndDay) * secondsPerDay * nanosPerSecond
	for _, name := range testZones {
		z := mustZone(t, name)
		for i := range 20_000 {
			var tt Instant
			if i%4 == 0 {
				tt = Instant(rng.Int64())
				if rng.IntN(2) == 0 {
					tt = -tt
				}
			} else {
				tt = Instant(tableLo + int64(rng.Uint64N(uint64(tableHi)-uint64(tableLo))))
			}
			want := time.Unix(0, int64(tt)).In(z.Location())
			year, month, day, hour, minute, sec, nsec := z.Civil(tt)
			if year != want.Year() || month != int(want.Month()) || day != want.Day() ||
				hour != want.Hour() || minute != want.Minute() || sec != want.Second() || nsec != want.Nanosecond() {
				t.Fatalf("%s: Civil(%d) = %04d-%02d-%02dT%02d:%02d:%02d.%09d, want %s",
					name, tt, year, month, day, hour, minute, sec, nsec, want.Format(time.RFC3339Nano))
			}
			if y, m := z.Month(tt); y != want.Year() || m != int(want.Month()) {
				t.Fatalf("%s: Month(%d) = %d-%02d, want %s", name, tt, y, m, want.Format(time.RFC3339Nano))
			}
			_, wantOffset := want.Zone()
			if got := z.Offset(tt); got != wantOffset {
				t.Fatalf("%s: Offset(%d) = %d, want %d", name, tt, got, wantOffset)
			}
			if wantOffset%60 == 0 {
				if got := z.Format(tt); got != want.Format(time.RFC3339Nano) {
					t.Fatalf("%s: Format(%d) = %s, want %s", name, tt, got, want.Format(time.RFC3339Nano))
				}
			}
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		zone string
		utc  string
		want string
	}{
		{"America/Los_Angeles", "2026-01-05T16:31:12Z", "2026-01-05T08:31:12-08:00"},
		{"America/Los_Angeles", "2026-07-05T15:31:12Z", "2026-07-05T08:31:12-07:00"},
		{"America/Los_Angeles", "2026-01-05T16:31:12.5Z", "2026-01-05T08:31:12.5-08:00"},
		{"America/Los_Angeles", "2026-01-05T16:31:12.000000001Z", "2026-01-05T08:31:12.000000001-08:00"},
		{"America/Los_Angeles", "2026-01-05T16:31:12.120Z", "2026-01-05T08:31:12.12-08:00"},
		// The zone's local mean time before 1883-11-18 is 7:52:58 behind UTC.
		{"America/Los_Angeles", "1850-01-01T00:00:00Z", "1849-12-31T16:07:02-07:52:58"},
		{"UTC", "2026-01-05T08:31:12Z", "2026-01-05T08:31:12Z"},
		{"Europe/London", "2026-01-05T08:31:12Z", "2026-01-05T08:31:12Z"},
		{"Europe/London", "2026-07-05T08:31:12Z", "2026-07-05T09:31:12+01:00"},
		{"Asia/Kolkata", "2026-01-05T08:31:12Z", "2026-01-05T14:01:12+05:30"},
		{"Pacific/Chatham", "2026-07-05T08:31:12Z", "2026-07-05T21:16:12+12:45"},
		{"UTC", "1677-09-21T00:12:43.145224192Z", "1677-09-21T00:12:43.145224192Z"},
		{"UTC", "2262-04-11T23:47:16.854775807Z", "2262-04-11T23:47:16.854775807Z"},
	}
	for _, tt := range tests {
		z := mustZone(t, tt.zone)
		at, err := time.Parse(time.RFC3339Nano, tt.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := z.Format(FromTime(at)); got != tt.want {
			t.Errorf("%s: Format(%s) = %s, want %s", tt.zone, tt.utc, got, tt.want)
		}
	}
}

func TestFromTimeSaturates(t *testing.T) {
	if got := FromTime(time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)); got != MinInstant {
		t.Errorf("FromTime(1600-01-01) = %d, want MinInstant", got)
	}
	if got := FromTime(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)); got != MaxInstant {
		t.Errorf("FromTime(2300-01-01) = %d, want MaxInstant", got)
	}
	now := time.Date(2026, 1, 5, 8, 31, 12, 5, time.UTC)
	if got := FromTime(now).Time(); !got.Equal(now) {
		t.Errorf("FromTime(%s).Time() = %s", now, got)
	}
}

func TestDescribeGap(t *testing.T) {
	// Lord Howe Island moves its clocks forward 30 minutes, at 02:00 local
	// standard time (+10:30), on the first Sunday of October.
	z := mustZone(t, "Australia/Lord_Howe")
	_, err := z.ParseTimestamp([]byte("2026-10-04T02:10"))
	if err == nil {
		t.Fatal("2026-10-04T02:10 in Australia/Lord_Howe parsed, want a gap error")
	}
	if !strings.Contains(err.Error(), "(the clocks jump from 02:00 to 02:30)") {
		t.Errorf("gap error = %s, want it to say the clocks jump from 02:00 to 02:30", err)
	}
}
