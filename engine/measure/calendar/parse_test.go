package calendar

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func mustParse(t testing.TB, z *Zone, s string) Instant {
	t.Helper()
	v, err := z.ParseTimestamp([]byte(s))
	if err != nil {
		t.Fatalf("ParseTimestamp(%q): %v", s, err)
	}
	return v
}

func mustTime(t testing.TB, rfc3339 string) Instant {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return FromTime(v)
}

func TestParseTimestampForms(t *testing.T) {
	tests := []struct {
		zone  string
		input string
		want  string // the instant in UTC
	}{
		// Los Angeles is UTC-8 in January and UTC-7 in July.
		{"America/Los_Angeles", "2026-01-05T08:31", "2026-01-05T16:31:00Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12", "2026-01-05T16:31:12Z"},
		{"America/Los_Angeles", "2026-01-05 08:31:12", "2026-01-05T16:31:12Z"},
		{"America/Los_Angeles", "2026-07-05T08:31:12", "2026-07-05T15:31:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12.5", "2026-01-05T16:31:12.5Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12.000000001", "2026-01-05T16:31:12.000000001Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12.123456789", "2026-01-05T16:31:12.123456789Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12.120", "2026-01-05T16:31:12.12Z"},
		// A suffix overrides the zone.
		{"America/Los_Angeles", "2026-01-05T08:31:12Z", "2026-01-05T08:31:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31Z", "2026-01-05T08:31:00Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12.5Z", "2026-01-05T08:31:12.5Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12+05:30", "2026-01-05T03:01:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12-0800", "2026-01-05T16:31:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12+0000", "2026-01-05T08:31:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12-00:00", "2026-01-05T08:31:12Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12-07:52:58", "2026-01-05T16:24:10Z"},
		{"America/Los_Angeles", "2026-01-05T08:31:12+23:59", "2026-01-04T08:32:12Z"},
		// The wall time of a skipped hour is valid with an explicit offset.
		{"America/Los_Angeles", "2026-03-08T02:30:00-08:00", "2026-03-08T10:30:00Z"},
		// The hour before and after the gap.
		{"America/Los_Angeles", "2026-03-08T01:59:59", "2026-03-08T09:59:59Z"},
		{"America/Los_Angeles", "2026-03-08T03:00", "2026-03-08T10:00:00Z"},
		// Leap days.
		{"UTC", "2024-02-29T12:00", "2024-02-29T12:00:00Z"},
		{"UTC", "2000-02-29T12:00", "2000-02-29T12:00:00Z"},
		{"Asia/Kolkata", "2026-01-05T08:31", "2026-01-05T03:01:00Z"},
		{"Pacific/Chatham", "2026-07-05T21:16:12", "2026-07-05T08:31:12Z"},
		// Before 1900 and after 2200 the offset table does not apply.
		{"America/Los_Angeles", "1850-01-01T00:00", "1850-01-01T07:52:58Z"},
		{"America/Los_Angeles", "2250-07-01T00:00", "2250-07-01T07:00:00Z"},
		// The ends of the range of Instant.
		{"UTC", "1677-09-21T00:12:43.145224192Z", "1677-09-21T00:12:43.145224192Z"},
		{"UTC", "2262-04-11T23:47:16.854775807", "2262-04-11T23:47:16.854775807Z"},
	}
	for _, tt := range tests {
		z := mustZone(t, tt.zone)
		got, err := z.ParseTimestamp([]byte(tt.input))
		if err != nil {
			t.Errorf("%s: ParseTimestamp(%q): %v", tt.zone, tt.input, err)
			continue
		}
		if want := mustTime(t, tt.want); got != want {
			t.Errorf("%s: ParseTimestamp(%q) = %s, want %s", tt.zone, tt.input, got.Time().Format(time.RFC3339Nano), tt.want)
		}
	}
}

// TestParseTimestampAmbiguous checks that a wall time in the hour when
// the clocks fall back resolves to its first occurrence.
func TestParseTimestampAmbiguous(t *testing.T) {
	tests := []struct {
		zone  string
		input string
		want  string
	}{
		// Los Angeles falls back from 02:00 PDT (UTC-7) to 01:00 PST
		// (UTC-8) on 2026-11-01, so 01:30 is first 08:30Z and then 09:30Z.
		{"America/Los_Angeles", "2026-11-01T01:30", "2026-11-01T08:30:00Z"},
		{"America/Los_Angeles", "2026-11-01T01:00", "2026-11-01T08:00:00Z"},
		{"America/Los_Angeles", "2026-11-01T01:59:59.999999999", "2026-11-01T08:59:59.999999999Z"},
		{"America/Los_Angeles", "2026-11-01T02:00", "2026-11-01T10:00:00Z"},
		{"America/Los_Angeles", "2026-11-01T00:59", "2026-11-01T07:59:00Z"},
		// London falls back from 02:00 BST (UTC+1) to 01:00 GMT on
		// 2026-10-25, so 01:30 is first 00:30Z and then 01:30Z.
		{"Europe/London", "2026-10-25T01:30", "2026-10-25T00:30:00Z"},
		// Lord Howe falls back 30 minutes, from 02:00 (UTC+11) to 01:30
		// (UTC+10:30), on 2026-04-05, so 01:45 is first 14:45Z the day before.
		{"Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z"},
	}
	for _, tt := range tests {
		z := mustZone(t, tt.zone)
		got := mustParse(t, z, tt.input)
		if want := mustTime(t, tt.want); got != want {
			t.Errorf("%s: ParseTimestamp(%q) = %s, want %s", tt.zone, tt.input, got.Time().Format(time.RFC3339Nano), tt.want)
		}
	}
}

func TestParseTimestampErrors(t *testing.T) {
	const fix = "; write it as YYYY-MM-DDTHH:MM:SS, such as 2026-01-05T08:31:12"
	const offsetFix = "; write the offset as Z, +HH:MM or -HH:MM, such as 2026-01-05T08:31:12-08:00"
	const rangeFix = "; give a time from 1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z"
	tests := []struct {
		zone  string
		input string
		want  string
	}{
		{"UTC", "", `invalid timestamp "": the value is empty` + fix},
		{"UTC", "2026", `invalid timestamp "2026": the date is incomplete` + fix},
		{"UTC", "2026-01-05", `invalid timestamp "2026-01-05": the time of day is missing` + fix},
		{"UTC", "2026-01-05T", `invalid timestamp "2026-01-05T": the time of day is missing` + fix},
		{"UTC", "2026-01-05T08", `invalid timestamp "2026-01-05T08": the time of day is incomplete` + fix},
		{"UTC", "2026-01-05T08:3", `invalid timestamp "2026-01-05T08:3": the time of day is incomplete` + fix},
		{"UTC", "20260105T083112", `invalid timestamp "20260105T083112": expected '-' after the year, found '0'` + fix},
		{"UTC", "2026/01/05T08:31", `invalid timestamp "2026/01/05T08:31": expected '-' after the year, found '/'` + fix},
		{"UTC", "2026-01/05T08:31", `invalid timestamp "2026-01/05T08:31": expected '-' after the month, found '/'` + fix},
		{"UTC", "2026-01-05_08:31", `invalid timestamp "2026-01-05_08:31": expected 'T' or a space between the date and the time, found '_'` + fix},
		{"UTC", "2026-01-05t08:31", `invalid timestamp "2026-01-05t08:31": expected 'T' or a space between the date and the time, found 't'` + fix},
		{"UTC", "2026-01-05T08-31", `invalid timestamp "2026-01-05T08-31": expected ':' after the hour, found '-'` + fix},
		{"UTC", " 2026-01-05T08:31", `invalid timestamp " 2026-01-05T08:31": the year must be four digits` + fix},
		{"UTC", "2026-1-05T08:31", `invalid timestamp "2026-1-05T08:31": the month must be two digits` + fix},
		{"UTC", "2026-01-5T08:31", `invalid timestamp "2026-01-5T08:31": the day must be two digits` + fix},
		{"UTC", "2026-01-05T8:31", `invalid timestamp "2026-01-05T8:31": the hour must be two digits` + fix},
		{"UTC", "2026-01-05T08:3x", `invalid timestamp "2026-01-05T08:3x": the minute must be two digits` + fix},
		{"UTC", "2026-13-01T00:00", `invalid timestamp "2026-13-01T00:00": month 13 is out of range` + fix},
		{"UTC", "2026-00-01T00:00", `invalid timestamp "2026-00-01T00:00": month 0 is out of range` + fix},
		{"UTC", "2026-02-29T00:00", `invalid timestamp "2026-02-29T00:00": day 29 is out of range for February 2026, which has 28 days` + fix},
		{"UTC", "2024-02-30T00:00", `invalid timestamp "2024-02-30T00:00": day 30 is out of range for February 2024, which has 29 days` + fix},
		{"UTC", "2100-02-29T00:00", `invalid timestamp "2100-02-29T00:00": day 29 is out of range for February 2100, which has 28 days` + fix},
		{"UTC", "2026-04-31T00:00", `invalid timestamp "2026-04-31T00:00": day 31 is out of range for April 2026, which has 30 days` + fix},
		{"UTC", "2026-01-00T00:00", `invalid timestamp "2026-01-00T00:00": day 0 is out of range for January 2026, which has 31 days` + fix},
		{"UTC", "2026-01-05T24:00", `invalid timestamp "2026-01-05T24:00": hour 24 is out of range` + fix},
		{"UTC", "2026-01-05T08:60", `invalid timestamp "2026-01-05T08:60": minute 60 is out of range` + fix},
		{"UTC", "2026-01-05T08:31:60", `invalid timestamp "2026-01-05T08:31:60": second 60 is out of range` + fix},
		{"UTC", "2026-01-05T08:31:5", `invalid timestamp "2026-01-05T08:31:5": the seconds must be two digits` + fix},
		{"UTC", "2026-01-05T08:31:5x", `invalid timestamp "2026-01-05T08:31:5x": the seconds must be two digits` + fix},
		{"UTC", "2026-01-05T08:31.5", `invalid timestamp "2026-01-05T08:31.5": a fraction of a second needs the seconds before it` + fix},
		{"UTC", "2026-01-05T08:31:12.", `invalid timestamp "2026-01-05T08:31:12.": the fraction after the seconds has no digits` + fix},
		{"UTC", "2026-01-05T08:31:12.1234567890", `invalid timestamp "2026-01-05T08:31:12.1234567890": the fraction of a second has 10 digits, more than the 9 of nanoseconds` + fix},
		{"UTC", "2026-01-05T08:31:12Zx", `invalid timestamp "2026-01-05T08:31:12Zx": unexpected text "x" after the Z` + fix},
		{"UTC", "2026-01-05T08:31:12 PST", `invalid timestamp "2026-01-05T08:31:12 PST": unexpected text " PST" after the time` + fix},
		{"UTC", "2026-01-05T08:31:12\n", `invalid timestamp "2026-01-05T08:31:12\n": unexpected text "\n" after the time` + fix},
		{"UTC", "2026-01-05T08:31:12+8", `invalid timestamp "2026-01-05T08:31:12+8": the UTC offset "+8" is malformed` + offsetFix},
		{"UTC", "2026-01-05T08:31:12+08:0", `invalid timestamp "2026-01-05T08:31:12+08:0": the UTC offset "+08:0" is malformed` + offsetFix},
		{"UTC", "2026-01-05T08:31:12+08.00", `invalid timestamp "2026-01-05T08:31:12+08.00": the UTC offset "+08.00" is malformed` + offsetFix},
		{"UTC", "2026-01-05T08:31:12+24:00", `invalid timestamp "2026-01-05T08:31:12+24:00": the UTC offset "+24:00" is out of range` + offsetFix},
		{"UTC", "2026-01-05T08:31:12+08:60", `invalid timestamp "2026-01-05T08:31:12+08:60": the UTC offset "+08:60" is out of range` + offsetFix},
		{"UTC", "2300-01-01T00:00", `invalid timestamp "2300-01-01T00:00": the time is outside the range of an Instant` + rangeFix},
		{"UTC", "1677-09-21T00:12:43", `invalid timestamp "1677-09-21T00:12:43": the time is outside the range of an Instant` + rangeFix},
		{"UTC", "2262-04-11T23:47:17", `invalid timestamp "2262-04-11T23:47:17": the time is outside the range of an Instant` + rangeFix},
		{"UTC", "0000-01-01T00:00", `invalid timestamp "0000-01-01T00:00": the time is outside the range of an Instant` + rangeFix},
		{"UTC", "2026-01-05T08:31:12.123456789012345678901234567890123456789012345678901234567890",
			`invalid timestamp "2026-01-05T08:31:12.12345678901234567890123456789012345678901234..."` +
				`: the fraction of a second has 60 digits, more than the 9 of nanoseconds` + fix},
		// Spring-forward gaps. The suggestion is the wall time read on the
		// clock before the transition: 02:30 at UTC-8 is 03:30 at UTC-7.
		{"America/Los_Angeles", "2026-03-08T02:30", `invalid timestamp "2026-03-08T02:30": 2026-03-08T02:30:00 does not exist in America/Los_Angeles (the clocks skip that hour); give the time with its offset, such as 2026-03-08T03:30:00-07:00`},
		{"America/Los_Angeles", "2026-03-08T02:00", `invalid timestamp "2026-03-08T02:00": 2026-03-08T02:00:00 does not exist in America/Los_Angeles (the clocks skip that hour); give the time with its offset, such as 2026-03-08T03:00:00-07:00`},
		{"America/Los_Angeles", "2026-03-08 02:59:59.25", `invalid timestamp "2026-03-08 02:59:59.25": 2026-03-08T02:59:59.25 does not exist in America/Los_Angeles (the clocks skip that hour); give the time with its offset, such as 2026-03-08T03:59:59.25-07:00`},
		{"Europe/London", "2026-03-29T01:30", `invalid timestamp "2026-03-29T01:30": 2026-03-29T01:30:00 does not exist in Europe/London (the clocks skip that hour); give the time with its offset, such as 2026-03-29T02:30:00+01:00`},
		// Santiago springs forward at midnight, on Sunday 2026-09-06.
		{"America/Santiago", "2026-09-06T00:30", `invalid timestamp "2026-09-06T00:30": 2026-09-06T00:30:00 does not exist in America/Santiago (the clocks skip that hour); give the time with its offset, such as 2026-09-06T01:30:00-03:00`},
		// Lord Howe springs forward 30 minutes, on Sunday 2026-10-04.
		{"Australia/Lord_Howe", "2026-10-04T02:10", `invalid timestamp "2026-10-04T02:10": 2026-10-04T02:10:00 does not exist in Australia/Lord_Howe (the clocks jump from 02:00 to 02:30); give the time with its offset, such as 2026-10-04T02:40:00+11:00`},
		// Samoa moved across the date line and skipped 2011-12-30.
		{"Pacific/Apia", "2011-12-30T12:00", `invalid timestamp "2011-12-30T12:00": 2011-12-30T12:00:00 does not exist in Pacific/Apia (the clocks jump from 2011-12-30T00:00:00 to 2011-12-31T00:00:00); give the time with its offset, such as 2011-12-31T12:00:00+14:00`},
	}
	for _, tt := range tests {
		z := mustZone(t, tt.zone)
		got, err := z.ParseTimestamp([]byte(tt.input))
		if err == nil {
			t.Errorf("%s: ParseTimestamp(%q) = %s, want an error", tt.zone, tt.input, z.Format(got))
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s: ParseTimestamp(%q) error:\n got %s\nwant %s", tt.zone, tt.input, err, tt.want)
		}
		var parseErr *ParseError
		if !errors.As(err, &parseErr) {
			t.Errorf("%s: ParseTimestamp(%q) error is a %T, want *ParseError", tt.zone, tt.input, err)
		}
	}
}

// wallInstants returns, earliest first, every Unix second whose wall time
// in loc is the given local seconds. It uses only the time package: it
// tries each offset in force within 27 hours, sampled every 30 minutes,
// and keeps those that give back the same offset. Every zone period in
// the zone database lasts longer than 30 minutes.
func wallInstants(loc *time.Location, local int64) []int64 {
	var offsets []int
	var instants []int64
	for k := int64(-27 * 2); k <= 27*2; k++ {
		_, offset := time.Unix(local+k*1800, 0).In(loc).Zone()
		if slices.Contains(offsets, offset) {
			continue
		}
		offsets = append(offsets, offset)
		sec := local - int64(offset)
		if _, back := time.Unix(sec, 0).In(loc).Zone(); back == offset {
			instants = append(instants, sec)
		}
	}
	slices.Sort(instants)
	return instants
}

// checkAgainstTime parses a wall time and compares the result with
// wallInstants: a gap error when there is no instant, else the earliest.
// When the wall time has exactly one instant it also compares with
// time.Date.
func checkAgainstTime(t *testing.T, z *Zone, year, month, day, hour, minute, sec, nsec int) {
	t.Helper()
	input := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%09d", year, month, day, hour, minute, sec, nsec)
	local := daysFromCivil(int64(year), int64(month), int64(day))*secondsPerDay + int64(hour*3600+minute*60+sec)
	want := wallInstants(z.Location(), local)
	got, err := z.ParseTimestamp([]byte(input))
	if len(want) == 0 {
		if err == nil {
			t.Fatalf("%s: ParseTimestamp(%q) = %s, want a gap error", z.Name(), input, z.Format(got))
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: ParseTimestamp(%q): %v", z.Name(), input, err)
	}
	if wantInstant := fromUnix(want[0], int64(nsec)); got != wantInstant {
		t.Fatalf("%s: ParseTimestamp(%q) = %s, want %s (%d instants)", z.Name(), input, z.Format(got), z.Format(wantInstant), len(want))
	}
	if len(want) == 1 {
		viaDate := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, z.Location())
		if got != FromTime(viaDate) {
			t.Fatalf("%s: ParseTimestamp(%q) = %s, time.Date gives %s", z.Name(), input, z.Format(got), viaDate.Format(time.RFC3339Nano))
		}
	}
}

func TestParseTimestampRandomMatchesTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	samples := 5000
	if testing.Short() {
		samples = 500
	}
	for _, name := range testZones {
		z := mustZone(t, name)
		for range samples {
			year := 2000 + rng.IntN(61)
			month := 1 + rng.IntN(12)
			day := 1 + rng.IntN(int(daysIn(int64(year), int64(month))))
			checkAgainstTime(t, z, year, month, day, rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1_000_000_000))
		}
	}
}

// TestParseTimestampTransitionDays parses every 10 minutes of the local
// day of each offset change from 2000 to 2060, and every hour of the days
// before and after it.
func TestParseTimestampTransitionDays(t *testing.T) {
	step := 10
	if testing.Short() {
		step = 30
	}
	for _, name := range testZones {
		z := mustZone(t, name)
		days := transitionDays(z, 2000, 2060)
		if name != "UTC" && name != "Asia/Kolkata" && len(days) == 0 {
			t.Fatalf("%s: found no offset changes from 2000 to 2060", name)
		}
		for i, day := range days {
			year, month, dayOfMonth := civilFromDays(day)
			dayStep := step
			if i%3 != 1 {
				dayStep = 60
			}
			for minute := 0; minute < 24*60; minute += dayStep {
				checkAgainstTime(t, z, int(year), int(month), int(dayOfMonth), minute/60, minute%60, 0, 0)
			}
		}
	}
}

// transitionDays finds each change of UTC offset in z from the start of
// fromYear to the end of toYear. For each it returns three local day
// numbers in order: the day before, the day of the change and the day after.
func transitionDays(z *Zone, fromYear, toYear int) []int64 {
	var days []int64
	at := time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(toYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for at.Before(end) {
		local := at.In(z.Location())
		_, offset := local.Zone()
		_, next := local.ZoneBounds()
		if next.IsZero() {
			break
		}
		if !next.After(at) {
			// Step past the end that ZoneBounds misreports on the last day
			// of a leap year.
			next = at.Add(time.Hour)
		}
		_, nextOffset := next.In(z.Location()).Zone()
		if nextOffset != offset {
			day := floorDiv(next.Unix()+int64(offset), secondsPerDay)
			days = append(days, day-1, day, day+1)
		}
		at = next
	}
	return days
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		input string
		want  Date
	}{
		{"2026-01-19", Date{2026, 1, 19}},
		{"2024-02-29", Date{2024, 2, 29}},
		{"0001-12-31", Date{1, 12, 31}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.input)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.input, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, want %+v", tt.input, got, tt.want)
		}
		if got.String() != tt.input {
			t.Errorf("ParseDate(%q).String() = %q", tt.input, got.String())
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	const fix = "; write it as YYYY-MM-DD, such as 2026-01-19"
	tests := []struct {
		input string
		want  string
	}{
		{"", `invalid date "": the value is empty` + fix},
		{"2026-01", `invalid date "2026-01": the date is incomplete` + fix},
		{"2026-1-19", `invalid date "2026-1-19": the month must be two digits` + fix},
		{"2026/01/19", `invalid date "2026/01/19": expected '-' after the year, found '/'` + fix},
		{"x026-01-19", `invalid date "x026-01-19": the year must be four digits` + fix},
		{"2026-01-19T08:00", `invalid date "2026-01-19T08:00": unexpected text "T08:00" after the date` + fix},
		{"2026-13-01", `invalid date "2026-13-01": month 13 is out of range` + fix},
		{"2026-02-29", `invalid date "2026-02-29": day 29 is out of range for February 2026, which has 28 days` + fix},
		{"2026-06-00", `invalid date "2026-06-00": day 0 is out of range for June 2026, which has 30 days` + fix},
	}
	for _, tt := range tests {
		_, err := ParseDate(tt.input)
		if err == nil {
			t.Errorf("ParseDate(%q) succeeded, want an error", tt.input)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDate(%q) error:\n got %s\nwant %s", tt.input, err, tt.want)
		}
	}
}

func TestParseTimestampConcurrent(t *testing.T) {
	// Goroutines that fill the same chunks of a new zone's offset table at
	// once must all get the right instants. Run with -race to check the
	// table's synchronization.
	z := &Zone{name: "America/Los_Angeles", loc: mustZone(t, "America/Los_Angeles").Location()}
	done := make(chan error)
	for g := range 8 {
		go func() {
			for year := 1990 + g; year < 2040; year += 3 {
				input := fmt.Sprintf("%04d-07-04T12:00", year)
				got, err := z.ParseTimestamp([]byte(input))
				want := time.Date(year, 7, 4, 12, 0, 0, 0, z.Location())
				if err == nil && got != FromTime(want) {
					err = fmt.Errorf("ParseTimestamp(%q) = %s, want %s", input, z.Format(got), want.Format(time.RFC3339))
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
