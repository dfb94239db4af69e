// Package types holds the value types that the language, the checker, the
// engine and the data reader share: units of measure, contract periods,
// currencies and rounding modes. It depends on nothing else in pacta.
package types

import (
	"fmt"
	"strconv"
)

// Granularity is the length of a contract period.
type Granularity int

const (
	Monthly Granularity = iota + 1
	Quarterly
	Yearly
)

// PerYear returns how many periods of g make a year.
func (g Granularity) PerYear() int {
	switch g {
	case Monthly:
		return 12
	case Quarterly:
		return 4
	default:
		return 1
	}
}

// Word returns the adjective used in a contract's term clause ("monthly").
func (g Granularity) Word() string {
	switch g {
	case Monthly:
		return "monthly"
	case Quarterly:
		return "quarterly"
	case Yearly:
		return "yearly"
	}
	return "unknown"
}

// Noun returns the name of one period ("month"), as in "per month".
func (g Granularity) Noun() string {
	switch g {
	case Monthly:
		return "month"
	case Quarterly:
		return "quarter"
	case Yearly:
		return "year"
	}
	return "period"
}

// Example returns a period literal of this granularity, for error messages.
func (g Granularity) Example() string {
	switch g {
	case Quarterly:
		return "2026-Q1"
	case Yearly:
		return "2026"
	}
	return "2026-01"
}

// Form returns the pattern of a period literal of this granularity, for
// error messages.
func (g Granularity) Form() string {
	switch g {
	case Quarterly:
		return "YYYY-Qn"
	case Yearly:
		return "YYYY"
	}
	return "YYYY-MM"
}

// GranularityFromWord parses "monthly", "quarterly" or "yearly".
func GranularityFromWord(w string) (Granularity, bool) {
	for _, g := range []Granularity{Monthly, Quarterly, Yearly} {
		if g.Word() == w {
			return g, true
		}
	}
	return 0, false
}

// GranularityFromNoun parses "month", "quarter" or "year".
func GranularityFromNoun(w string) (Granularity, bool) {
	for _, g := range []Granularity{Monthly, Quarterly, Yearly} {
		if g.Noun() == w {
			return g, true
		}
	}
	return 0, false
}

// Period is one contract period: a month, a quarter or a year. Index counts
// periods from year 0, so that consecutive periods differ by one and
// comparing two periods of one granularity is comparing integers.
type Period struct {
	Gran  Granularity
	Index int
}

// NewPeriod returns the period of granularity g that contains the given
// year and 1-based number within the year (month 1-12, quarter 1-4, or 1 for
// a year).
func NewPeriod(g Granularity, year, number int) Period {
	return Period{Gran: g, Index: year*g.PerYear() + number - 1}
}

// Year returns the calendar year of p.
func (p Period) Year() int { return p.Index / p.Gran.PerYear() }

// Number returns the 1-based month or quarter of p within its year.
func (p Period) Number() int { return p.Index%p.Gran.PerYear() + 1 }

// Add returns the period n periods after p (before it when n < 0).
func (p Period) Add(n int) Period { return Period{Gran: p.Gran, Index: p.Index + n} }

// Sub returns the number of periods from q to p.
func (p Period) Sub(q Period) int { return p.Index - q.Index }

// String formats p as "2026-05", "2026-Q2" or "2026".
func (p Period) String() string {
	switch p.Gran {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year(), p.Number())
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year(), p.Number())
	case Yearly:
		return fmt.Sprintf("%04d", p.Year())
	}
	return "invalid period"
}

// ParsePeriod parses s as a period of granularity g. The error names the
// expected form.
func ParsePeriod(s string, g Granularity) (Period, error) {
	if s == "" {
		return Period{}, fmt.Errorf("missing period; write it as %s, such as %s", g.Form(), g.Example())
	}
	bad := fmt.Errorf("invalid %s period %s; write it as %s, such as %s", g.Noun(), Quote(s), g.Form(), g.Example())
	year, rest, ok := parseYear(s)
	if !ok {
		return Period{}, bad
	}
	switch g {
	case Monthly:
		if len(rest) != 3 || rest[0] != '-' || !isDigit(rest[1]) || !isDigit(rest[2]) {
			return Period{}, bad
		}
		m := int(rest[1]-'0')*10 + int(rest[2]-'0')
		if m < 1 || m > 12 {
			return Period{}, bad
		}
		return NewPeriod(g, year, m), nil
	case Quarterly:
		if len(rest) != 3 || rest[:2] != "-Q" || rest[2] < '1' || rest[2] > '4' {
			return Period{}, bad
		}
		return NewPeriod(g, year, int(rest[2]-'0')), nil
	case Yearly:
		if rest != "" {
			return Period{}, bad
		}
		return NewPeriod(g, year, 1), nil
	}
	return Period{}, bad
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func parseYear(s string) (int, string, bool) {
	if len(s) < 4 {
		return 0, "", false
	}
	for _, c := range s[:4] {
		if c < '0' || c > '9' {
			return 0, "", false
		}
	}
	y, _ := strconv.Atoi(s[:4])
	return y, s[4:], true
}

// Term is the contract's period range, first and last period included.
type Term struct {
	Start Period
	End   Period
}

// Contains reports whether p lies within the term.
func (t Term) Contains(p Period) bool {
	return p.Gran == t.Start.Gran && p.Index >= t.Start.Index && p.Index <= t.End.Index
}

// Len returns the number of periods in the term.
func (t Term) Len() int { return t.End.Sub(t.Start) + 1 }
