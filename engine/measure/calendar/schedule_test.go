package calendar

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

// officeHours returns Monday to Friday, 08:00 to 18:00 in Los Angeles,
// closed on Martin Luther King Jr. Day, Monday 2026-01-19.
func officeHours(t *testing.T) *Schedule {
	t.Helper()
	s, err := NewSchedule(mustZone(t, "America/Los_Angeles"), weekdays, 8*60, 18*60, []Date{{2026, 1, 19}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustSchedule(t *testing.T, zone string, days []time.Weekday, opens, closes int) *Schedule {
	t.Helper()
	s, err := NewSchedule(mustZone(t, zone), days, opens, closes, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDeadline(t *testing.T) {
	office := officeHours(t)
	tests := []struct {
		name     string
		schedule *Schedule
		start    string
		d        time.Duration
		want     string
	}{
		// Friday 16:00 to 18:00 is 2 h. Saturday, Sunday and the Monday
		// holiday do not count, so the other 2 h run on Tuesday from 08:00.
		{"over weekend and holiday", office, "2026-01-16T16:00", 4 * time.Hour, "2026-01-20T10:00"},
		// The clock starts at the next opening, Monday 08:00.
		{"opened on Saturday", office, "2026-01-24T11:00", time.Hour, "2026-01-26T09:00"},
		{"opened on Saturday one nanosecond", office, "2026-01-24T11:00", 1, "2026-01-26T08:00:00.000000001"},
		// Saturday 2026-01-17 is followed by the holiday, so Tuesday.
		{"opened before holiday", office, "2026-01-17T11:00", time.Hour, "2026-01-20T09:00"},
		// One minute on Friday, then 3 h 59 min from Monday 08:00.
		{"opened at 17:59", office, "2026-01-23T17:59", 4 * time.Hour, "2026-01-26T11:59"},
		// A deadline that uses up the day ends at closing time.
		{"ends at closing", office, "2026-01-26T17:59", time.Minute, "2026-01-26T18:00"},
		{"one minute past closing", office, "2026-01-26T17:59", 2 * time.Minute, "2026-01-27T08:01"},
		{"opened before opening", office, "2026-01-26T06:00", time.Hour, "2026-01-26T09:00"},
		{"opened at opening", office, "2026-01-26T08:00", 10 * time.Hour, "2026-01-26T18:00"},
		{"opened after closing", office, "2026-01-26T19:00", time.Hour, "2026-01-27T09:00"},
		// Friday 2026-03-06 16:00 PST gives 2 h. The clocks spring forward
		// on Sunday, and Monday 08:00 PDT plus 2 h is 10:00 PDT.
		{"across spring forward", office, "2026-03-06T16:00", 4 * time.Hour, "2026-03-09T10:00"},
		{"across fall back", office, "2026-10-30T16:00", 4 * time.Hour, "2026-11-02T10:00"},
		// 2026 has 261 weekdays, since it is 52 weeks and a Thursday.
		// Without the holiday that leaves 260 days of 10 h, which end at
		// 18:00 on Thursday 2026-12-31.
		{"whole year", office, "2026-01-01T00:00", 2600 * time.Hour, "2026-12-31T18:00"},
		{"zero", office, "2026-01-24T11:00", 0, "2026-01-24T11:00"},
		{"negative", office, "2026-01-24T11:00", -time.Hour, "2026-01-24T11:00"},
		// A round-the-clock schedule counts real time: the spring-forward
		// Sunday has 23 h, so 24 h from Sunday 00:00 ends Monday 01:00.
		{"round the clock", mustSchedule(t, "America/Los_Angeles", everyDay, 0, 24*60), "2026-03-08T00:00", 24 * time.Hour, "2026-03-09T01:00"},
	}
	for _, tt := range tests {
		z := tt.schedule.Zone()
		start := mustParse(t, z, tt.start)
		want := mustParse(t, z, tt.want)
		if got := tt.schedule.Deadline(start, tt.d); got != want {
			t.Errorf("%s: Deadline(%s, %v) = %s, want %s", tt.name, tt.start, tt.d, z.Format(got), z.Format(want))
		}
	}
}

func TestBetween(t *testing.T) {
	office := officeHours(t)
	allDay := mustSchedule(t, "America/Los_Angeles", everyDay, 0, 24*60)
	daytime := mustSchedule(t, "America/Los_Angeles", everyDay, 8*60, 18*60)
	night := mustSchedule(t, "America/Los_Angeles", everyDay, 60, 4*60)
	lateNight := mustSchedule(t, "America/Los_Angeles", everyDay, 2*60+30, 5*60)
	tests := []struct {
		name     string
		schedule *Schedule
		from, to string
		want     time.Duration
	}{
		// Friday 16:00 to 18:00 and Tuesday 08:00 to 10:00.
		{"over weekend and holiday", office, "2026-01-16T16:00", "2026-01-20T10:00", 4 * time.Hour},
		{"within one window", office, "2026-01-20T09:15", "2026-01-20T09:45", 30 * time.Minute},
		{"outside hours", office, "2026-01-20T18:00", "2026-01-21T08:00", 0},
		{"weekend", office, "2026-01-24T00:00", "2026-01-26T00:00", 0},
		{"holiday", office, "2026-01-19T00:00", "2026-01-20T00:00", 0},
		{"opened on Saturday", office, "2026-01-24T11:00", "2026-01-26T08:00", 0},
		{"opened at 17:59", office, "2026-01-23T17:59", "2026-01-26T08:01", 2 * time.Minute},
		// Friday 16:00 PST to Monday 10:00 PDT is 65 h of real time, of
		// which 4 h are business hours.
		{"across spring forward", office, "2026-03-06T16:00", "2026-03-09T10:00", 4 * time.Hour},
		// 5 days * 10 h in each week of 2026, as in TestDeadline.
		{"whole year", office, "2026-01-01T00:00", "2027-01-01T00:00", 2600 * time.Hour},
		{"empty span", office, "2026-01-20T09:00", "2026-01-20T09:00", 0},
		{"negative span", office, "2026-01-20T10:00", "2026-01-20T09:00", 0},
		// On a transition day an 08:00 to 18:00 window still lasts 10 h.
		{"daytime on spring-forward day", daytime, "2026-03-08T00:00", "2026-03-09T00:00", 10 * time.Hour},
		{"daytime on fall-back day", daytime, "2026-11-01T00:00", "2026-11-02T00:00", 10 * time.Hour},
		// A window that contains the transition lasts the real time.
		{"spring-forward day", allDay, "2026-03-08T00:00", "2026-03-09T00:00", 23 * time.Hour},
		{"fall-back day", allDay, "2026-11-01T00:00", "2026-11-02T00:00", 25 * time.Hour},
		{"weekend with spring forward", allDay, "2026-03-07T00:00", "2026-03-09T00:00", 47 * time.Hour},
		// 01:00 PST to 04:00 PDT is 09:00Z to 11:00Z.
		{"night on spring-forward day", night, "2026-03-08T00:00", "2026-03-09T00:00", 2 * time.Hour},
		// 01:00 PDT, the first 01:00, to 04:00 PST is 08:00Z to 12:00Z.
		{"night on fall-back day", night, "2026-11-01T00:00", "2026-11-02T00:00", 4 * time.Hour},
		// 02:30 does not exist on 2026-03-08, so the window opens at the
		// transition, 03:00 PDT, and lasts until 05:00 PDT.
		{"opening in the gap", lateNight, "2026-03-08T00:00", "2026-03-09T00:00", 2 * time.Hour},
	}
	for _, tt := range tests {
		z := tt.schedule.Zone()
		from, to := mustParse(t, z, tt.from), mustParse(t, z, tt.to)
		if got := tt.schedule.Between(from, to); got != tt.want {
			t.Errorf("%s: Between(%s, %s) = %v, want %v", tt.name, tt.from, tt.to, got, tt.want)
		}
	}
}

// TestDeadlineInvertsBetween checks at random starts and durations that
// Deadline returns the earliest instant at which Between reaches the
// duration.
func TestDeadlineInvertsBetween(t *testing.T) {
	schedules := []*Schedule{
		officeHours(t),
		mustSchedule(t, "America/Los_Angeles", everyDay, 60, 4*60),
		mustSchedule(t, "Europe/London", []time.Weekday{time.Sunday, time.Wednesday}, 0, 90),
		mustSchedule(t, "Australia/Lord_Howe", everyDay, 90, 150),
		mustSchedule(t, "UTC", weekdays, 9*60, 17*60),
	}
	rng := rand.New(rand.NewPCG(5, 6))
	lo := mustTime(t, "2025-06-01T00:00:00Z")
	hi := mustTime(t, "2027-06-01T00:00:00Z")
	for _, s := range schedules {
		for range 2000 {
			start := lo + Instant(rng.Int64N(int64(hi-lo)))
			d := time.Duration(1 + rng.Int64N(int64(200*time.Hour)))
			if rng.IntN(4) == 0 {
				d = d.Truncate(time.Hour) + time.Hour
			}
			end := s.Deadline(start, d)
			if got := s.Between(start, end); got != d {
				t.Fatalf("%s: Between(start, Deadline(start, %v)) = %v for start %s, deadline %s",
					s.Zone().Name(), d, got, s.Zone().Format(start), s.Zone().Format(end))
			}
			if got := s.Between(start, end-1); got >= d {
				t.Fatalf("%s: Deadline(%s, %v) = %s is not the earliest: Between to 1 ns before = %v",
					s.Zone().Name(), s.Zone().Format(start), d, s.Zone().Format(end), got)
			}
		}
	}
}

func TestScheduleExtremes(t *testing.T) {
	allDay := mustSchedule(t, "UTC", everyDay, 0, 24*60)
	if got := allDay.Between(MinInstant, MaxInstant); got != math.MaxInt64 {
		t.Errorf("Between(MinInstant, MaxInstant) = %d, want the maximum Duration", got)
	}
	nearEnd := MaxInstant - Instant(time.Hour)
	if got := allDay.Deadline(nearEnd, 2*time.Hour); got != MaxInstant {
		t.Errorf("Deadline(1 h before MaxInstant, 2 h) = %d, want MaxInstant", got)
	}
	office := officeHours(t)
	if got := office.Deadline(0, math.MaxInt64); got != MaxInstant {
		t.Errorf("Deadline(1970, maximum Duration) = %d, want MaxInstant", got)
	}
	// MinInstant, 1677-09-21T00:12:43.145224192Z, is 16:19:45.145224192
	// on Monday 1677-09-20 in the local mean time of Los Angeles, 7:52:58
	// behind UTC. That day's window opens before MinInstant and closes
	// 1:40:14.854775808 after it.
	want := time.Hour + 40*time.Minute + 14*time.Second + 854775808
	if got := office.Between(MinInstant, MinInstant+Instant(3*time.Hour)); got != want {
		t.Errorf("Between(MinInstant, 3 h later) = %v, want %v", got, want)
	}
}

func TestNewScheduleErrors(t *testing.T) {
	z := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		name          string
		zone          *Zone
		days          []time.Weekday
		opens, closes int
		holidays      []Date
		want          string
	}{
		{"no zone", nil, weekdays, 480, 1080, nil, "missing time zone: load one with LoadZone"},
		{"no days", z, nil, 480, 1080, nil, "invalid business hours: no open days; list at least one day of the week"},
		{"bad weekday", z, []time.Weekday{7}, 480, 1080, nil, "invalid business hours: weekday 7 is out of range; use time.Sunday (0) to time.Saturday (6)"},
		{"negative weekday", z, []time.Weekday{-1}, 480, 1080, nil, "invalid business hours: weekday -1 is out of range; use time.Sunday (0) to time.Saturday (6)"},
		{"negative opening", z, weekdays, -5, 1080, nil, "invalid business hours: opening time -5 is out of range; give minutes after midnight from 0 to 1439"},
		{"opening at midnight", z, weekdays, 1440, 1440, nil, "invalid business hours: opening time 1440 is out of range; give minutes after midnight from 0 to 1439"},
		{"closing before opening", z, weekdays, 1080, 480, nil, "invalid business hours: closing time 480 is not after opening time 1080; give minutes after midnight, such as 480 and 1080 for 08:00 to 18:00"},
		{"closing at opening", z, weekdays, 480, 480, nil, "invalid business hours: closing time 480 is not after opening time 480; give minutes after midnight, such as 480 and 1080 for 08:00 to 18:00"},
		{"closing after midnight", z, weekdays, 480, 1441, nil, "invalid business hours: closing time 1441 is out of range; give minutes after midnight up to 1440, the end of the day"},
		{"bad holiday", z, weekdays, 480, 1080, []Date{{2026, 2, 30}}, "invalid business hours: holiday 2026-02-30 is not a valid date; check the year, month and day"},
	}
	for _, tt := range tests {
		s, err := NewSchedule(tt.zone, tt.days, tt.opens, tt.closes, tt.holidays)
		if err == nil {
			t.Errorf("%s: NewSchedule returned %+v, want an error", tt.name, s)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%s: NewSchedule error:\n got %s\nwant %s", tt.name, err, tt.want)
		}
	}
}
