package calendar

import (
	"fmt"
	"time"
)

// ParseError is the error of ParseTimestamp and ParseDate. Its message
// names the value, what is wrong with it and how to write it.
type ParseError struct {
	// Kind is "timestamp" or "date".
	Kind string
	// Value is the input, cut to maxErrorValue bytes.
	Value string
	// Reason is the problem, for example "month 13 is out of range".
	Reason string
	// Fix is the advice on how to write the value, for example
	// "write it as YYYY-MM-DD, such as 2026-01-19".
	Fix string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s; %s", e.Kind, e.Value, e.Reason, e.Fix)
}

// maxErrorValue is the maximum length of the value that a ParseError
// repeats, so that a column of garbage does not fill a log.
const maxErrorValue = 64

const (
	timestampFix = "write it as YYYY-MM-DDTHH:MM:SS, such as 2026-01-05T08:31:12"
	offsetFix    = "write the offset as Z, +HH:MM or -HH:MM, such as 2026-01-05T08:31:12-08:00"
	dateFix      = "write it as YYYY-MM-DD, such as 2026-01-19"
	rangeFix     = "give a time from 1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z"
)

func timestampError(b []byte, fix, format string, args ...any) error {
	return newParseError("timestamp", b, fix, fmt.Sprintf(format, args...))
}

func newParseError(kind string, b []byte, fix, reason string) error {
	value := string(b)
	if len(value) > maxErrorValue {
		value = value[:maxErrorValue] + "..."
	}
	return &ParseError{Kind: kind, Value: value, Reason: reason, Fix: fix}
}

// ParseTimestamp returns the instant of a timestamp in one of these forms:
//
//	2026-01-05T08:31
//	2026-01-05T08:31:12
//	2026-01-05T08:31:12.5 (a fraction of 1 to 9 digits, after seconds only)
//
// A single space may replace the T. A suffix "Z", "+HH:MM", "-HH:MM",
// "+HHMM" or "-HHMM" gives the UTC offset of the wall time, and so does
// "±HH:MM:SS", which Format writes for offsets with seconds. Without a
// suffix the wall time is in z. A wall time that occurs twice, in the hour
// when the clocks fall back, resolves to the earlier instant, the first
// time the clock shows it. A wall time that the clocks skip is an error.
//
// The error is a *ParseError. It reports malformed syntax, a wall time in
// a gap of z and an instant outside the range of Instant. It also reports
// fields out of range: the month, the day for that month and year, the
// hour (0 to 23), the minute and second (0 to 59) and the offset (up to
// 23:59).
//
// A timestamp without a suffix, on a day from 1900 to 2200 with no
// transition within a day of it, takes a path that neither allocates nor
// calls the time package once the offset table covers that day.
func (z *Zone) ParseTimestamp(b []byte) (Instant, error) {
	n := len(b)
	if n < 16 {
		return 0, diagnoseSyntax(b)
	}
	year, ok := digits4(b, 0)
	month, ok1 := digits2(b, 5)
	day, ok2 := digits2(b, 8)
	hour, ok3 := digits2(b, 11)
	minute, ok4 := digits2(b, 14)
	if !(ok && ok1 && ok2 && ok3 && ok4) || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' {
		return 0, diagnoseSyntax(b)
	}

	i := 16
	var sec, frac int64
	if i < n && b[i] == ':' {
		if n < 19 {
			return 0, timestampError(b, timestampFix, "the seconds must be two digits")
		}
		sec, ok = digits2(b, 17)
		if !ok {
			return 0, timestampError(b, timestampFix, "the seconds must be two digits")
		}
		i = 19
		if i < n && b[i] == '.' {
			i++
			start := i
			for i < n && b[i]-'0' <= 9 {
				if i-start < 9 {
					frac = frac*10 + int64(b[i]-'0')
				}
				i++
			}
			switch digits := i - start; {
			case digits == 0:
				return 0, timestampError(b, timestampFix, "the fraction after the seconds has no digits")
			case digits > 9:
				return 0, timestampError(b, timestampFix, "the fraction of a second has %d digits, more than the 9 of nanoseconds", digits)
			default:
				frac *= pow10[9-digits]
			}
		}
	} else if i < n && b[i] == '.' {
		return 0, timestampError(b, timestampFix, "a fraction of a second needs the seconds before it")
	}

	var offset int64
	hasOffset := false
	if i < n {
		var err error
		offset, err = parseOffset(b, i)
		if err != nil {
			return 0, err
		}
		hasOffset = true
	}

	if err := checkFields(b, year, month, day, hour, minute, sec); err != nil {
		return 0, err
	}
	days := daysFromCivil(year, month, day)
	local := days*secondsPerDay + hour*3600 + minute*60 + sec
	var unix int64
	switch {
	case hasOffset:
		unix = local - offset
	default:
		if off, ok := z.dayOffset(days); ok {
			unix = local - off
		} else {
			w := z.resolveNearTransition(local)
			if w.gap {
				return 0, z.gapError(b, w, local, frac)
			}
			unix = w.sec
		}
	}
	t, ok := fromUnixChecked(unix, frac)
	if !ok {
		return 0, timestampError(b, rangeFix, "the time is outside the range of an Instant")
	}
	return t, nil
}

var pow10 = [10]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

func digits2(b []byte, i int) (int64, bool) {
	d0, d1 := b[i]-'0', b[i+1]-'0'
	return int64(d0)*10 + int64(d1), d0 <= 9 && d1 <= 9
}

func digits4(b []byte, i int) (int64, bool) {
	hi, ok1 := digits2(b, i)
	lo, ok2 := digits2(b, i+2)
	return hi*100 + lo, ok1 && ok2
}

// parseOffset reads the suffix b[i:] of a timestamp, which must not be
// empty, and returns its UTC offset in seconds.
func parseOffset(b []byte, i int) (int64, error) {
	suffix := b[i:]
	switch suffix[0] {
	case 'Z':
		if len(suffix) != 1 {
			return 0, timestampError(b, timestampFix, "unexpected text %q after the Z", suffix[1:])
		}
		return 0, nil
	case '+', '-':
	default:
		return 0, timestampError(b, timestampFix, "unexpected text %q after the time", suffix)
	}

	var hours, minutes, seconds int64
	var ok1, ok2, ok3 bool
	switch len(suffix) {
	case 5: // +HHMM
		hours, ok1 = digits2(suffix, 1)
		minutes, ok2 = digits2(suffix, 3)
		ok3 = true
	case 6: // +HH:MM
		hours, ok1 = digits2(suffix, 1)
		minutes, ok2 = digits2(suffix, 4)
		ok3 = suffix[3] == ':'
	case 9: // +HH:MM:SS
		hours, ok1 = digits2(suffix, 1)
		minutes, ok2 = digits2(suffix, 4)
		seconds, ok3 = digits2(suffix, 7)
		ok3 = ok3 && suffix[3] == ':' && suffix[6] == ':'
	}
	if !(ok1 && ok2 && ok3) {
		return 0, timestampError(b, offsetFix, "the UTC offset %q is malformed", suffix)
	}
	if hours > 23 || minutes > 59 || seconds > 59 {
		return 0, timestampError(b, offsetFix, "the UTC offset %q is out of range", suffix)
	}
	offset := hours*3600 + minutes*60 + seconds
	if suffix[0] == '-' {
		offset = -offset
	}
	return offset, nil
}

// checkFields returns an error for the first field out of range.
func checkFields(b []byte, year, month, day, hour, minute, sec int64) error {
	switch {
	case month < 1 || month > 12:
		return timestampError(b, timestampFix, "month %d is out of range", month)
	case day < 1 || day > daysIn(year, month):
		return timestampError(b, timestampFix, "day %d is out of range for %s %04d, which has %d days",
			day, time.Month(month), year, daysIn(year, month))
	case hour > 23:
		return timestampError(b, timestampFix, "hour %d is out of range", hour)
	case minute > 59:
		return timestampError(b, timestampFix, "minute %d is out of range", minute)
	case sec > 59:
		return timestampError(b, timestampFix, "second %d is out of range", sec)
	}
	return nil
}

// timestampLayout is the shortest timestamp that ParseTimestamp accepts,
// with the name of the field that each byte belongs to.
var timestampLayout = [16]string{
	"year", "year", "year", "year", "-",
	"month", "month", "-",
	"day", "day", "T",
	"hour", "hour", ":",
	"minute", "minute",
}

// diagnoseSyntax returns the error for a timestamp whose first 16 bytes do
// not have the form YYYY-MM-DDTHH:MM.
func diagnoseSyntax(b []byte) error {
	if len(b) == 0 {
		return timestampError(b, timestampFix, "the value is empty")
	}
	if reason := checkLayout(b, len(timestampLayout)); reason != "" {
		return timestampError(b, timestampFix, "%s", reason)
	}
	switch {
	case len(b) < 10:
		return timestampError(b, timestampFix, "the date is incomplete")
	case len(b) <= 11:
		return timestampError(b, timestampFix, "the time of day is missing")
	default:
		return timestampError(b, timestampFix, "the time of day is incomplete")
	}
}

// checkLayout compares b with the first n bytes of timestampLayout and
// returns what is wrong with the first byte that does not match, or ""
// when b matches as far as it goes.
func checkLayout(b []byte, n int) string {
	for i, field := range timestampLayout[:n] {
		if i >= len(b) {
			break
		}
		c := b[i]
		switch field {
		case "-":
			if c != '-' {
				return fmt.Sprintf("expected '-' after the %s, found %q", timestampLayout[i-1], c)
			}
		case "T":
			if c != 'T' && c != ' ' {
				return fmt.Sprintf("expected 'T' or a space between the date and the time, found %q", c)
			}
		case ":":
			if c != ':' {
				return fmt.Sprintf("expected ':' after the hour, found %q", c)
			}
		default:
			if c < '0' || c > '9' {
				if field == "year" {
					return "the year must be four digits"
				}
				return fmt.Sprintf("the %s must be two digits", field)
			}
		}
	}
	return ""
}

// gapError returns the error for a wall time that the clocks of z skip.
// The suggested fix is the instant that the wall time would have on the
// clock before the transition, written with the offset after it.
func (z *Zone) gapError(b []byte, w wallTime, local, frac int64) error {
	wall := appendLocal(nil, local, frac)
	suggestion := z.Format(fromUnix(local-w.before, frac))
	return newParseError("timestamp", b,
		"give the time with its offset, such as "+suggestion,
		fmt.Sprintf("%s does not exist in %s (%s)", wall, z.name, describeGap(w)))
}

// appendLocal appends local seconds and a fraction as YYYY-MM-DDTHH:MM:SS
// with the fraction when it is not zero.
func appendLocal(dst []byte, local, frac int64) []byte {
	days := floorDiv(local, secondsPerDay)
	year, month, day := civilFromDays(days)
	dst = appendDigits(dst, int(year), 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(month), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(day), 2)
	dst = append(dst, 'T')
	dst = appendClock(dst, local-days*secondsPerDay, true)
	return appendFraction(dst, int(frac))
}

// Date is a civil date: a year, a month from 1 to 12 and a day of the month.
type Date struct{ Year, Month, Day int }

// ParseDate reads a date written as YYYY-MM-DD. The error is a
// *ParseError that names the field that is malformed or out of range.
func ParseDate(s string) (Date, error) {
	b := []byte(s)
	fail := func(format string, args ...any) (Date, error) {
		return Date{}, newParseError("date", b, dateFix, fmt.Sprintf(format, args...))
	}
	const n = len("YYYY-MM-DD")
	switch reason := checkLayout(b, n); {
	case len(b) == 0:
		return fail("the value is empty")
	case reason != "":
		return fail("%s", reason)
	case len(b) < n:
		return fail("the date is incomplete")
	case len(b) > n:
		return fail("unexpected text %q after the date", b[n:])
	}
	year, _ := digits4(b, 0)
	month, _ := digits2(b, 5)
	day, _ := digits2(b, 8)
	if month < 1 || month > 12 {
		return fail("month %d is out of range", month)
	}
	if day < 1 || day > daysIn(year, month) {
		return fail("day %d is out of range for %s %04d, which has %d days", day, time.Month(month), year, daysIn(year, month))
	}
	return Date{Year: int(year), Month: int(month), Day: int(day)}, nil
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// valid reports whether d is a date of the proleptic Gregorian calendar
// with a four-digit year.
func (d Date) valid() bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 &&
		d.Day >= 1 && int64(d.Day) <= daysIn(int64(d.Year), int64(d.Month))
}

// days returns the day number of d, counted from 1970-01-01.
func (d Date) days() int64 {
	return daysFromCivil(int64(d.Year), int64(d.Month), int64(d.Day))
}
