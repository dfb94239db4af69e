package calendar

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Schedule is a set of business hours: a daily window of wall-clock time
// in a zone on some days of the week, except on holidays.
//
// The window of a day runs from the instant the local clock shows the
// opening time to the instant it shows the closing time. On the day of a
// daylight-saving change, a window of 08:00 to 18:00 still runs from 08:00
// to 18:00 on the clock. It lasts the usual 10 hours unless the transition
// falls inside it, and then it lasts the real time between those two
// instants. An opening or closing time that the clocks skip counts from
// the transition, and one that they repeat counts from its first
// occurrence.
//
// Between and Deadline walk the span one local day at a time, so their
// cost grows linearly with its length: a year is 366 iterations of two
// offset look-ups each.
type Schedule struct {
	zone *Zone
	open [7]bool
	// opens and closes are the window in seconds after local midnight.
	opens, closes int64
	// holidays contains the day numbers, counted from 1970-01-01, of the
	// dates on which the window is closed.
	holidays map[int64]struct{}
}

// errNilZone is the error of NewSchedule for a nil zone.
var errNilZone = errors.New("missing time zone: load one with LoadZone")

// NewSchedule returns business hours in zone z that are open on the given
// days of the week from opens to closes, both in minutes after local
// midnight, except on the holidays. The closing time may be 1440, the end
// of the day. It rejects an empty set of days, because Deadline could then
// never finish, and invalid weekdays, times and dates.
func NewSchedule(z *Zone, days []time.Weekday, opens, closes int, holidays []Date) (*Schedule, error) {
	if z == nil {
		return nil, errNilZone
	}
	if len(days) == 0 {
		return nil, fmt.Errorf("invalid business hours: no open days; list at least one day of the week")
	}
	s := &Schedule{zone: z, opens: int64(opens) * 60, closes: int64(closes) * 60}
	for _, d := range days {
		if d < time.Sunday || d > time.Saturday {
			return nil, fmt.Errorf("invalid business hours: weekday %d is out of range; use time.Sunday (0) to time.Saturday (6)", int(d))
		}
		s.open[d] = true
	}
	if opens < 0 || opens >= 1440 {
		return nil, fmt.Errorf("invalid business hours: opening time %d is out of range; give minutes after midnight from 0 to 1439", opens)
	}
	if closes > 1440 {
		return nil, fmt.Errorf("invalid business hours: closing time %d is out of range; give minutes after midnight up to 1440, the end of the day", closes)
	}
	if closes <= opens {
		return nil, fmt.Errorf("invalid business hours: closing time %d is not after opening time %d; give minutes after midnight, such as 480 and 1080 for 08:00 to 18:00", closes, opens)
	}
	if len(holidays) > 0 {
		s.holidays = make(map[int64]struct{}, len(holidays))
	}
	for _, h := range holidays {
		if !h.valid() {
			return nil, fmt.Errorf("invalid business hours: holiday %s is not a valid date; check the year, month and day", h)
		}
		s.holidays[h.days()] = struct{}{}
	}
	return s, nil
}

// Zone returns the zone of the schedule.
func (s *Schedule) Zone() *Zone { return s.zone }

// isOpen reports whether the window of a local day number is open.
func (s *Schedule) isOpen(day int64) bool {
	if !s.open[weekday(day)] {
		return false
	}
	_, holiday := s.holidays[day]
	return !holiday
}

// window returns the instants at which the window of a local day opens
// and closes.
func (s *Schedule) window(day int64) (opens, closes Instant) {
	midnight := day * secondsPerDay
	return fromUnix(s.zone.firstInstant(midnight+s.opens), 0),
		fromUnix(s.zone.firstInstant(midnight+s.closes), 0)
}

// localDay returns the local day number of t.
func (s *Schedule) localDay(t Instant) int64 {
	sec, _ := unixSplit(t)
	return floorDiv(sec+s.zone.offsetAt(sec), secondsPerDay)
}

// Between returns the business time inside [a, b), or 0 when b <= a.
// The result saturates at the maximum time.Duration, which only a span
// of more than 292 years can reach.
func (s *Schedule) Between(a, b Instant) time.Duration {
	if b <= a {
		return 0
	}
	var total uint64
	last := s.localDay(b)
	for day := s.localDay(a); day <= last; day++ {
		if !s.isOpen(day) {
			continue
		}
		opens, closes := s.window(day)
		lo, hi := max(opens, a), min(closes, b)
		if hi > lo {
			total += uint64(hi) - uint64(lo)
		}
	}
	return time.Duration(min(total, math.MaxInt64))
}

// Deadline returns the earliest instant t at which Between(a, t) == d.
// For d > 0 that is the instant at which d of business time has passed
// since a. When a is outside business hours the clock starts at the next
// opening. A deadline that falls on a closing time is that closing time,
// not the next opening. For d <= 0 it returns a. A deadline after
// MaxInstant saturates to MaxInstant.
func (s *Schedule) Deadline(a Instant, d time.Duration) Instant {
	if d <= 0 {
		return a
	}
	remaining := d
	// Windows after lastDay are all clamped to MaxInstant and have no time
	// in them, so the walk stops there.
	lastDay := floorDiv(maxInstantSec, secondsPerDay) + 2
	for day := s.localDay(a); day <= lastDay; day++ {
		if !s.isOpen(day) {
			continue
		}
		opens, closes := s.window(day)
		start := max(opens, a)
		if closes <= start {
			continue
		}
		available := time.Duration(closes - start)
		if remaining <= available {
			return start + Instant(remaining)
		}
		remaining -= available
	}
	return MaxInstant
}
