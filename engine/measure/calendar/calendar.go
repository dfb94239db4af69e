// Package calendar converts record timestamps to instants in a contract's
// time zone. It also answers the calendar questions of monthly
// service-level measures: the month that an instant falls in, where a month
// starts and ends, the business time between two instants, and how much of
// a period a set of outages covers.
//
// An Instant is a count of nanoseconds since the Unix epoch, so it covers
// 1677-09-21 to 2262-04-11 UTC. Durations are time.Duration.
//
// A month of call-detail records can hold tens of millions of timestamps, so
// the conversions between wall time and instants avoid the time package on
// their common path. ParseTimestamp reads the digits by hand and turns the
// civil date into a day number with integer arithmetic. A Zone then looks up
// the UTC offset in a table of local days, which it fills lazily in chunks of
// 512 days for the years 1900 to 2200. An entry stores the offset of a day
// when that offset holds from a day before to a day after it, so that every
// wall time on the day has exactly one instant. The few days around each
// transition, and days outside the table, take a slower path that looks up
// the zone periods nearby in the time package.
//
// A wall time that occurs twice because the clocks fall back resolves to the
// earlier instant, the first time the clock shows it. A wall time that does
// not exist because the clocks spring forward is an error in ParseTimestamp.
// Where a computed wall time falls in such a gap, as a month start or an
// opening time can, it resolves to the transition instant, which is the
// first instant at which the clock reaches or passes that wall time.
package calendar

import (
	"math"
	"time"

	// The zone data is embedded so that LoadZone works on machines without
	// a zoneinfo database. The time package prefers the system database
	// when there is one.
	_ "time/tzdata"
)

// Instant is a point in time as nanoseconds since 1970-01-01T00:00:00Z.
type Instant int64

// MinInstant and MaxInstant are the earliest and latest representable
// instants, 1677-09-21T00:12:43.145224192Z and 2262-04-11T23:47:16.854775807Z.
const (
	MinInstant Instant = math.MinInt64
	MaxInstant Instant = math.MaxInt64
)

// FromTime returns the instant of t. Times outside the range of Instant
// saturate to MinInstant or MaxInstant.
func FromTime(t time.Time) Instant {
	return fromUnix(t.Unix(), int64(t.Nanosecond()))
}

// Time returns t as a time.Time in UTC.
func (t Instant) Time() time.Time {
	return time.Unix(0, int64(t)).UTC()
}

const (
	secondsPerDay  = 86400
	nanosPerSecond = 1_000_000_000

	// The Unix seconds of MinInstant and MaxInstant, rounded down, and
	// their nanoseconds within that second.
	minInstantSec  = -9223372037
	minInstantNsec = 145224192
	maxInstantSec  = 9223372036
	maxInstantNsec = 854775807
)

// fromUnix converts Unix seconds and nanoseconds (0 to 999999999) to an
// instant, saturating outside the range of Instant.
func fromUnix(sec, nsec int64) Instant {
	t, ok := fromUnixChecked(sec, nsec)
	if ok {
		return t
	}
	if sec < 0 {
		return MinInstant
	}
	return MaxInstant
}

// fromUnixChecked converts Unix seconds and nanoseconds (0 to 999999999)
// to an instant and reports whether the value is in range.
func fromUnixChecked(sec, nsec int64) (Instant, bool) {
	switch {
	case sec > minInstantSec && sec < maxInstantSec:
		return Instant(sec*nanosPerSecond + nsec), true
	case sec == minInstantSec && nsec >= minInstantNsec:
		return Instant(sec*nanosPerSecond + nsec), true
	case sec == maxInstantSec && nsec <= maxInstantNsec:
		return Instant(sec*nanosPerSecond + nsec), true
	}
	return 0, false
}

// unixSplit returns the Unix seconds of t, rounded down, and the
// nanoseconds within that second.
func unixSplit(t Instant) (sec, nsec int64) {
	sec = floorDiv(int64(t), nanosPerSecond)
	return sec, int64(t) - sec*nanosPerSecond
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// daysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date. It uses Howard Hinnant's days_from_civil
// algorithm, which counts in 400-year eras of 146097 days that begin on
// March 1 so that the leap day is the last day of a year.
func daysFromCivil(year, month, day int64) int64 {
	if month <= 2 {
		year--
	}
	era := floorDiv(year, 400)
	yearOfEra := year - era*400
	monthFromMarch := (month + 9) % 12
	dayOfYear := (153*monthFromMarch+2)/5 + day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146097 + dayOfEra - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(days int64) (year, month, day int64) {
	days += 719468
	era := floorDiv(days, 146097)
	dayOfEra := days - era*146097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	monthFromMarch := (5*dayOfYear + 2) / 153
	day = dayOfYear - (153*monthFromMarch+2)/5 + 1
	if monthFromMarch < 10 {
		month = monthFromMarch + 3
	} else {
		month = monthFromMarch - 9
	}
	year = yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// weekday returns the day of the week of a day number. Day 0,
// 1970-01-01, was a Thursday.
func weekday(days int64) time.Weekday {
	w := (days + int64(time.Thursday)) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func isLeap(year int64) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// daysIn returns the number of days in a month of the proleptic Gregorian
// calendar. The month must be 1 to 12.
func daysIn(year, month int64) int64 {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
