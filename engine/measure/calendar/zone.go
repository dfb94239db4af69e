package calendar

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Zone is a contract time zone with a lazily filled table of UTC offsets.
// A Zone is safe for concurrent use.
type Zone struct {
	name string
	loc  *time.Location
	// chunks holds the offset table in chunks of chunkDays local days,
	// starting at tableFirstDay. A nil chunk is not filled yet. Each entry
	// is the UTC offset in seconds of a day, or slowDay.
	chunks [tableChunks]atomic.Pointer[dayChunk]
}

const (
	// tableFirstDay and tableEndDay bound the offset table: day numbers
	// of 1900-01-01 and 2201-01-01. A test checks them against
	// daysFromCivil.
	tableFirstDay = -25567
	tableEndDay   = 84371
	tableDays     = tableEndDay - tableFirstDay

	chunkShift  = 9
	chunkDays   = 1 << chunkShift
	tableChunks = (tableDays + chunkDays - 1) / chunkDays

	// slowDay marks a day whose offset changes within a day of it.
	slowDay = math.MinInt32
)

type dayChunk [chunkDays]int32

// zones stores every Zone that LoadZone has returned, by name, so that
// callers share the offset tables. It grows by at most one entry per name
// in the zone database.
var zones sync.Map

// LoadZone returns the zone with the given IANA name, such as "UTC" or
// "America/Los_Angeles". It rejects "" and "Local", because a contract must
// not depend on the zone of the machine that evaluates it.
func LoadZone(name string) (*Zone, error) {
	if z, ok := zones.Load(name); ok {
		return z.(*Zone), nil
	}
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("invalid time zone %q: give an IANA zone name, such as America/Los_Angeles or UTC", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: give an IANA zone name, such as America/Los_Angeles or UTC, with that spelling and capitalization", name)
	}
	z, _ := zones.LoadOrStore(name, &Zone{name: name, loc: loc})
	return z.(*Zone), nil
}

// Name returns the IANA name of the zone.
func (z *Zone) Name() string { return z.name }

// String returns the IANA name of the zone.
func (z *Zone) String() string { return z.name }

// Location returns the zone as a time.Location.
func (z *Zone) Location() *time.Location { return z.loc }

// dayOffset returns the UTC offset in seconds of a local day number, and
// false when the day is outside the table or near a transition. A true
// result promises that the offset holds for the Unix seconds from one day
// before the day to one day after it. Every wall time from 00:00 on the
// day to 00:00 the next day then has exactly one instant, its local
// seconds minus the offset, because no offset reaches a full day.
func (z *Zone) dayOffset(day int64) (int64, bool) {
	i := day - tableFirstDay
	if uint64(i) >= tableDays {
		return 0, false
	}
	chunk := z.chunks[i>>chunkShift].Load()
	if chunk == nil {
		chunk = z.fillChunk(i >> chunkShift)
	}
	offset := chunk[i&(chunkDays-1)]
	return int64(offset), offset != slowDay
}

// fillChunk computes one chunk of the offset table and stores it.
// Goroutines that fill the same chunk at once compute equal values, and
// the first to store wins.
func (z *Zone) fillChunk(index int64) *dayChunk {
	chunk := new(dayChunk)
	first := tableFirstDay + index*chunkDays
	var p period
	for i := range chunk {
		day := first + int64(i)
		lo := (day - 1) * secondsPerDay
		hi := (day + 2) * secondsPerDay
		if i == 0 || hi > p.end {
			p = z.periodAt(lo)
		}
		if hi <= p.end && -secondsPerDay < p.offset && p.offset < secondsPerDay {
			chunk[i] = int32(p.offset)
		} else {
			chunk[i] = slowDay
		}
	}
	z.chunks[index].CompareAndSwap(nil, chunk)
	return z.chunks[index].Load()
}

// period is a span of Unix seconds [start, end) with one UTC offset.
type period struct {
	start, end int64
	offset     int64
}

// periodAt returns a span of Unix seconds with one UTC offset that
// contains sec. The span reaches at least three days past sec unless the
// offset changes sooner. It may start later than the real period, because
// the time package splits periods where only the zone abbreviation or the
// daylight-saving flag changes, and at the start of each year that the
// zone's rule string covers. A span with no start or no end in the zone
// data extends to math.MinInt64 or math.MaxInt64.
func (z *Zone) periodAt(sec int64) period {
	p := z.rawPeriodAt(sec)
	horizon := sec + 3*secondsPerDay
	for p.end < horizon {
		next := z.rawPeriodAt(p.end)
		if next.offset != p.offset {
			break
		}
		p.end = next.end
	}
	return p
}

// rawPeriodAt returns the zone period that the time package reports for
// the Unix second sec.
func (z *Zone) rawPeriodAt(sec int64) period {
	t := time.Unix(sec, 0).In(z.loc)
	_, offset := t.Zone()
	start, end := t.ZoneBounds()
	p := period{start: math.MinInt64, end: math.MaxInt64, offset: int64(offset)}
	if !start.IsZero() {
		p.start = min(start.Unix(), sec)
	}
	if !end.IsZero() {
		p.end = end.Unix()
	}
	// NOTE: in Go 1.26, ZoneBounds returns an end at or before t on the
	// last UTC day of a leap year in the years that a zone's rule string
	// covers, because it takes the year to last 365 days. The offset is
	// still right, and that period really ends at the next UTC midnight,
	// where the time package starts the following year.
	if p.end <= sec {
		p.end = (floorDiv(sec, secondsPerDay) + 1) * secondsPerDay
	}
	return p
}

// offsetAt returns the UTC offset in seconds at the Unix second sec.
func (z *Zone) offsetAt(sec int64) int64 {
	// The table entry of a day holds for the Unix seconds of the UTC day
	// with the same number, because it holds a day either side of it.
	if offset, ok := z.dayOffset(floorDiv(sec, secondsPerDay)); ok {
		return offset
	}
	_, offset := time.Unix(sec, 0).In(z.loc).Zone()
	return int64(offset)
}

// wallTime is the result of resolving local seconds, a wall time written
// as seconds since 1970-01-01T00:00 on the local clock.
type wallTime struct {
	// sec is the earliest Unix second with that wall time or, in a gap,
	// the transition that skips it.
	sec int64
	// gap is true when the clocks skip the wall time. before and after are
	// then the UTC offsets either side of the transition.
	gap           bool
	before, after int64
}

// resolve returns the earliest Unix second at which the clock in z shows
// the local seconds, or the transition when they fall in a gap.
func (z *Zone) resolve(local int64) wallTime {
	if offset, ok := z.dayOffset(floorDiv(local, secondsPerDay)); ok {
		return wallTime{sec: local - offset}
	}
	return z.resolveNearTransition(local)
}

// resolveNearTransition resolves local seconds by trying the offset of
// every zone period within a day of them. An offset is valid when the
// instant it gives lies in that offset's own period. Periods come in time
// order, so the first valid one gives the earliest instant.
func (z *Zone) resolveNearTransition(local int64) wallTime {
	lo := local - secondsPerDay
	hi := local + secondsPerDay
	p := z.periodAt(lo)
	for {
		sec := local - p.offset
		if p.start <= sec && sec < p.end {
			return wallTime{sec: sec}
		}
		if p.end > hi {
			break
		}
		next := z.periodAt(p.end)
		next.start = p.end
		// The wall time falls in a gap when it comes at or after the end
		// of this period on this period's clock but before the start of
		// the next period on the next period's clock.
		if local-p.offset >= p.end && local-next.offset < next.start {
			return wallTime{sec: next.start, gap: true, before: p.offset, after: next.offset}
		}
		p = next
	}
	// No period fits only for offsets of a day or more, which the zone
	// database does not contain. The offset at the local seconds read as
	// UTC is the nearest guess.
	return wallTime{sec: local - z.offsetAt(local)}
}

// firstInstant returns the first Unix second at which the clock in z shows
// the local seconds or a later wall time: the earlier of two in a
// fall-back overlap, the transition in a spring-forward gap.
func (z *Zone) firstInstant(local int64) int64 {
	return z.resolve(local).sec
}

// Offset returns the UTC offset of z at t in seconds east of UTC.
func (z *Zone) Offset(t Instant) int {
	sec, _ := unixSplit(t)
	return int(z.offsetAt(sec))
}

// Civil returns the wall time of t in z.
func (z *Zone) Civil(t Instant) (year, month, day, hour, minute, sec, nsec int) {
	unixSec, ns := unixSplit(t)
	local := unixSec + z.offsetAt(unixSec)
	days := floorDiv(local, secondsPerDay)
	secOfDay := local - days*secondsPerDay
	y, m, d := civilFromDays(days)
	return int(y), int(m), int(d), int(secOfDay / 3600), int(secOfDay % 3600 / 60), int(secOfDay % 60), int(ns)
}

// Month returns the calendar month of t in z.
func (z *Zone) Month(t Instant) (year, month int) {
	unixSec, _ := unixSplit(t)
	days := floorDiv(unixSec+z.offsetAt(unixSec), secondsPerDay)
	y, m, _ := civilFromDays(days)
	return int(y), int(m)
}

// Date returns the calendar date of t in z.
func (z *Zone) Date(t Instant) Date {
	y, m, d, _, _, _, _ := z.Civil(t)
	return Date{Year: y, Month: m, Day: d}
}

// MonthStart returns the first instant of a month in z, normally local
// midnight on the 1st. Months outside 1 to 12 carry into the year, so
// month 13 is January of the next year and month 0 is December of the one
// before. The length of a month is MonthStart of the next month minus
// MonthStart of this one, which includes the hour that daylight saving
// time adds or removes. Months outside the range of Instant saturate to
// MinInstant or MaxInstant.
func (z *Zone) MonthStart(year, month int) Instant {
	// Every instant lies in the years 1677 to 2262, so clamping the
	// arguments and then the year keeps the arithmetic from overflowing
	// without changing the result.
	const limit = 1 << 40
	months := min(max(int64(month), -limit), limit) - 1
	y := min(max(int64(year), -limit), limit) + floorDiv(months, 12)
	m := months - floorDiv(months, 12)*12 + 1
	y = min(max(y, 1600), 2400)
	return fromUnix(z.firstInstant(daysFromCivil(y, m, 1)*secondsPerDay), 0)
}

// Format returns t as an RFC 3339 timestamp in z, such as
// "2026-01-05T08:31:12-08:00". See AppendFormat.
func (z *Zone) Format(t Instant) string {
	var buf [40]byte
	return string(z.AppendFormat(buf[:0], t))
}

// AppendFormat appends t as an RFC 3339 timestamp in z to dst. The
// fraction of a second appears only when it is not zero, without trailing
// zeros. A zero offset is written as "Z", as time.RFC3339 does. An offset
// with seconds, which only local mean time before standard zones has, is
// written as ±HH:MM:SS. That form is not RFC 3339, but ParseTimestamp
// accepts it so that the output always reads back to the same instant.
func (z *Zone) AppendFormat(dst []byte, t Instant) []byte {
	year, month, day, hour, minute, sec, nsec := z.Civil(t)
	dst = appendDigits(dst, year, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, month, 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, day, 2)
	dst = append(dst, 'T')
	dst = appendClock(dst, int64(hour*3600+minute*60+sec), true)
	dst = appendFraction(dst, nsec)
	return appendOffset(dst, int64(z.Offset(t)))
}

// appendFraction appends nanoseconds as a fraction of a second without
// trailing zeros, or nothing when they are zero.
func appendFraction(dst []byte, nsec int) []byte {
	if nsec == 0 {
		return dst
	}
	digits := 9
	for nsec%10 == 0 {
		nsec /= 10
		digits--
	}
	dst = append(dst, '.')
	return appendDigits(dst, nsec, digits)
}

// appendOffset appends a UTC offset in seconds as Z, ±HH:MM or ±HH:MM:SS.
func appendOffset(dst []byte, offset int64) []byte {
	if offset == 0 {
		return append(dst, 'Z')
	}
	if offset < 0 {
		dst = append(dst, '-')
		offset = -offset
	} else {
		dst = append(dst, '+')
	}
	return appendClock(dst, offset, offset%60 != 0)
}

// appendClock appends seconds as HH:MM, or HH:MM:SS when withSeconds.
func appendClock(dst []byte, sec int64, withSeconds bool) []byte {
	dst = appendDigits(dst, int(sec/3600), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, int(sec%3600/60), 2)
	if withSeconds {
		dst = append(dst, ':')
		dst = appendDigits(dst, int(sec%60), 2)
	}
	return dst
}

// appendDigits appends a non-negative value with at least width digits.
func appendDigits(dst []byte, value, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for value >= 10 || width > 1 {
		i--
		buf[i] = byte('0' + value%10)
		value /= 10
		width--
	}
	i--
	buf[i] = byte('0' + value)
	return append(dst, buf[i:]...)
}

// describeGap returns how the clocks change in the gap of w, such as
// "the clocks skip that hour" or "the clocks jump from 02:00 to 02:30".
func describeGap(w wallTime) string {
	if w.after-w.before == 3600 {
		return "the clocks skip that hour"
	}
	from, to := w.sec+w.before, w.sec+w.after
	var b strings.Builder
	b.WriteString("the clocks jump from ")
	if floorDiv(from, secondsPerDay) == floorDiv(to, secondsPerDay) {
		withSeconds := from%60 != 0 || to%60 != 0
		b.Write(appendClock(nil, floorMod(from, secondsPerDay), withSeconds))
		b.WriteString(" to ")
		b.Write(appendClock(nil, floorMod(to, secondsPerDay), withSeconds))
	} else {
		b.Write(appendLocal(nil, from, 0))
		b.WriteString(" to ")
		b.Write(appendLocal(nil, to, 0))
	}
	return b.String()
}

func floorMod(a, b int64) int64 {
	return a - floorDiv(a, b)*b
}
