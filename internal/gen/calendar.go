package gen

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Opening hours of the contact centre: Monday to Saturday, from openHour
// to closeHour local time, except holidays.
const (
	openHour  = 7
	closeHour = 21
	// afterHoursWeight is the weight of a closed hour relative to an
	// average open one. Calls then reach the after-hours answering
	// service, so a few are still logged.
	afterHoursWeight = 0.02
	// reliefVolume multiplies call volume on a relief day.
	reliefVolume = 2.5
)

// Call volume by hour of day while open, and by weekday. Mornings and
// Mondays are the busiest, and Sunday is closed.
var (
	openHourShape = [24]float64{
		7: 0.5, 8: 1.0, 9: 1.4, 10: 1.5, 11: 1.4, 12: 1.1, 13: 1.2,
		14: 1.3, 15: 1.2, 16: 1.1, 17: 0.9, 18: 0.6, 19: 0.45, 20: 0.3,
	}
	weekdayShape = [7]float64{
		time.Sunday: 0, time.Monday: 1.25, time.Tuesday: 1.1, time.Wednesday: 1.05,
		time.Thursday: 1.0, time.Friday: 0.95, time.Saturday: 0.5,
	}
	// seasonShape scales volume by month: January brings billing and
	// winter-weather calls, December is quiet.
	seasonShape = [12]float64{1.10, 1.00, 1.00, 0.95, 0.95, 1.00, 1.05, 1.00, 0.95, 0.95, 0.95, 0.90}
)

// hourSlot is one hour of the year. Its start is a local hour boundary,
// because Zone's offsets from UTC have been whole hours since 1970.
type hourSlot struct {
	start   int64 // Unix seconds
	month   int   // 0 for January
	day     int   // day of the year, 0 for January 1
	hour    int   // local wall-clock hour
	weekday time.Weekday
	// repeated marks the second occurrence of the wall hour that repeats
	// when daylight saving time ends. Such a slot gets no records.
	repeated bool
	// prefix is the slot's wall time up to the hour: "2006-01-02T15:".
	prefix [14]byte
}

// calendar is the hour grid of one year in Zone, with the days on which
// the contact centre is closed or works under a relief event.
type calendar struct {
	year int
	loc  *time.Location
	// slots are the hours of the year in order.
	slots []hourSlot
	// monthStart is the Unix time at which each month starts. The entry
	// at index 12 is the extract time.
	monthStart [13]int64
	// holiday and relief are indexed by day of the year.
	holiday []bool
	relief  []bool
	// repeatedStarts lists the start of each repeated slot.
	repeatedStarts []int64
}

func newCalendar(year int, loc *time.Location) *calendar {
	c := &calendar{year: year, loc: loc}
	for m := range 13 {
		c.monthStart[m] = time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, loc).Unix()
	}

	month := 0
	for s := c.monthStart[0]; s < c.monthStart[12]; s += 3600 {
		for s >= c.monthStart[month+1] {
			month++
		}
		t := time.Unix(s, 0).In(loc)
		slot := hourSlot{start: s, month: month, day: t.YearDay() - 1, hour: t.Hour(), weekday: t.Weekday()}

		// Parsing the slot's wall time gives back its first occurrence,
		// so a slot whose wall time parses to another instant is the
		// repeated hour.
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc)
		if wall.Unix() != s {
			slot.repeated = true
			c.repeatedStarts = append(c.repeatedStarts, s)
		}
		t.AppendFormat(slot.prefix[:0], "2006-01-02T15:")
		c.slots = append(c.slots, slot)
	}

	days := time.Date(year, time.December, 31, 12, 0, 0, 0, loc).YearDay()
	c.holiday = make([]bool, days)
	c.relief = make([]bool, days)
	for _, d := range holidays(year, loc) {
		c.holiday[d] = true
	}
	for _, d := range reliefDays(year, loc) {
		c.relief[d] = true
	}
	return c
}

// inRepeatedHour reports whether the instant s falls in the second
// occurrence of a repeated wall hour, where its written wall time would
// parse back to an instant one hour earlier.
func (c *calendar) inRepeatedHour(s int64) bool {
	for _, r := range c.repeatedStarts {
		if s >= r && s < r+3600 {
			return true
		}
	}
	return false
}

// isOpen reports whether the contact centre takes calls in the slot.
func (c *calendar) isOpen(slot hourSlot) bool {
	return slot.hour >= openHour && slot.hour < closeHour &&
		weekdayShape[slot.weekday] > 0 && !c.holiday[slot.day]
}

// dayFactors draws a volume factor from 0.85 to 1.15 for each day, so
// that no two days of the year have the same shape.
func (c *calendar) dayFactors(r *rand.Rand) []float64 {
	factors := make([]float64, len(c.holiday))
	for i := range factors {
		factors[i] = 0.85 + 0.3*r.Float64()
	}
	return factors
}

// holidays returns the days of the year on which the contact centre is
// closed: New Year's Day, Memorial Day, Independence Day, Labor Day,
// Thanksgiving and Christmas. A fixed-date holiday on a Saturday is also
// observed on the Friday before, and one on a Sunday on the Monday after.
func holidays(year int, loc *time.Location) []int {
	var days []int
	for _, date := range []struct {
		month time.Month
		day   int
	}{{time.January, 1}, {time.July, 4}, {time.December, 25}} {
		t := time.Date(year, date.month, date.day, 12, 0, 0, 0, loc)
		days = append(days, t.YearDay()-1)
		switch t.Weekday() {
		case time.Saturday:
			days = append(days, t.YearDay()-2)
		case time.Sunday:
			days = append(days, t.YearDay())
		}
	}
	days = append(days,
		nthWeekday(year, time.May, time.Monday, -1, loc),
		nthWeekday(year, time.September, time.Monday, 1, loc),
		nthWeekday(year, time.November, time.Thursday, 4, loc),
	)
	// An observed day before January 1 falls outside the year.
	return slices.DeleteFunc(days, func(d int) bool { return d < 0 })
}

// reliefDays returns the days of declared relief events, on which calls
// are marked relief = 1: a two-day winter storm from the last Tuesday of
// January, a heat emergency on the third Thursday of August and a wind
// storm on the third Monday of November.
func reliefDays(year int, loc *time.Location) []int {
	storm := nthWeekday(year, time.January, time.Tuesday, -1, loc)
	return []int{
		storm,
		storm + 1,
		nthWeekday(year, time.August, time.Thursday, 3, loc),
		nthWeekday(year, time.November, time.Monday, 3, loc),
	}
}

// nthWeekday returns the day of the year (0 for January 1) of the nth
// given weekday of the month, counting from 1, or of the last one when n
// is -1.
func nthWeekday(year int, month time.Month, weekday time.Weekday, n int, loc *time.Location) int {
	if n < 0 {
		last := time.Date(year, month+1, 0, 12, 0, 0, 0, loc)
		back := (int(last.Weekday()) - int(weekday) + 7) % 7
		return last.YearDay() - 1 - back
	}
	first := time.Date(year, month, 1, 12, 0, 0, 0, loc)
	ahead := (int(weekday) - int(first.Weekday()) + 7) % 7
	return first.YearDay() - 1 + ahead + 7*(n-1)
}

// allocate splits n into integer counts proportional to weights by
// systematic sampling: count i is the number of points start, start+1,
// start+2, ... that fall in the i-th segment of [0, n) when the segments'
// lengths are proportional to the weights, with start drawn from [0, 1).
// Each count is the floor or the ceiling of its exact share, the counts
// sum to exactly n, and where shares are below one the counts spread
// evenly over the weights rather than clustering. It returns all zeros
// when the weights sum to zero.
func allocate(n int, weights []float64, r *rand.Rand) []int {
	counts := make([]int, len(weights))
	total := 0.0
	last := -1
	for i, w := range weights {
		total += w
		if w > 0 {
			last = i
		}
	}
	if n <= 0 || last < 0 {
		return counts
	}

	start := r.Float64()
	cumulative := 0.0
	reached := 0
	for i, w := range weights[:last+1] {
		cumulative += w
		next := n
		if i < last {
			// Rounding error could move a cumulative point past n or
			// back before the previous one, so it is clamped.
			next = min(n, max(reached, int(math.Floor(cumulative*float64(n)/total+start))))
		}
		counts[i] = next - reached
		reached = next
	}
	return counts
}

// drawOffsets fills buf with count uniform offsets in seconds within an
// hour, sorted, and returns it.
func drawOffsets(r *rand.Rand, count int, buf []int32) []int32 {
	buf = buf[:0]
	for range count {
		buf = append(buf, int32(r.IntN(3600)))
	}
	slices.Sort(buf)
	return buf
}

// appendSlotTime appends the wall time offset seconds into the slot.
func appendSlotTime(buf []byte, slot *hourSlot, offset int32) []byte {
	buf = append(buf, slot.prefix[:]...)
	buf = appendTwoDigits(buf, int(offset/60))
	buf = append(buf, ':')
	return appendTwoDigits(buf, int(offset%60))
}

// appendInstant appends the wall time of the Unix time s.
func (c *calendar) appendInstant(buf []byte, s int64) []byte {
	return time.Unix(s, 0).In(c.loc).AppendFormat(buf, TimeLayout)
}

func appendTwoDigits(buf []byte, v int) []byte {
	return append(buf, byte('0'+v/10), byte('0'+v%10))
}

// appendZeroPadded appends v in decimal with leading zeros to width
// digits, or more digits if v needs them.
func appendZeroPadded(buf []byte, v, width int) []byte {
	var digits [20]byte
	i := len(digits)
	for v > 0 || i == len(digits) {
		i--
		digits[i] = byte('0' + v%10)
		v /= 10
	}
	for range width - (len(digits) - i) {
		buf = append(buf, '0')
	}
	return append(buf, digits[i:]...)
}

// quota draws labels without replacement from fixed counts, so that
// drawing total times yields exactly the allotted number of each label in
// a uniformly random order. This is sequential selection sampling.
type quota struct {
	left  [4]int
	total int
}

func newQuota(counts ...int) quota {
	var q quota
	for i, c := range counts {
		q.left[i] = c
		q.total += c
	}
	return q
}

// draw returns the next label. It must not be called more often than
// the quota's total.
func (q *quota) draw(r *rand.Rand) int {
	u := r.IntN(q.total)
	for i, c := range q.left {
		if u < c {
			q.left[i]--
			q.total--
			return i
		}
		u -= c
	}
	panic("gen: quota drawn past its total")
}

// splitPass returns a two-label quota for n records of which
// passCount(n, share) pass.
func splitPass(n int, share float64) quota {
	pass := passCount(n, share)
	return newQuota(pass, n-pass)
}

// passCount returns the number of n records that must pass for a month to
// land on the target share. It is the nearest count, moved by one where
// needed so that the share stays within the same band of 5 percentage
// points as the target, such as 70% to below 75%. The Springfield
// thresholds all sit on multiples of 5 points, so a generated month then
// falls in the tier of its target: 74.99% stays below 75%, and 75% stays
// at or above it.
func passCount(n int, target float64) int {
	pass := roundCount(target * float64(n))
	// The band is [band/20, (band+1)/20). The small addend keeps a target
	// such as 0.75, stored as 0.7499999..., in its own band.
	band := int(target*20 + 1e-9)
	lowest := (band*n + 19) / 20
	highest := ((band+1)*n+19)/20 - 1
	if lowest <= highest {
		pass = max(lowest, min(pass, highest))
	}
	return max(0, min(pass, n))
}

// roundCount rounds a non-negative count half up.
func roundCount(x float64) int {
	return int(x + 0.5)
}
