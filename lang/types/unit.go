package types

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Unit is the kind of quantity a measure or expression holds. Values are
// stored in a canonical scale: a percent as a fraction (83.5% is 0.835), a
// duration in seconds, money in the contract's currency.
type Unit int

const (
	NoUnit Unit = iota
	Number
	Percent
	Count
	Money
	Duration
	// Bool is the unit of a condition such as "csat < 75%". It is not a
	// measure unit.
	Bool
)

var unitWords = map[Unit]string{
	Number:   "number",
	Percent:  "percent",
	Count:    "count",
	Money:    "money",
	Duration: "duration",
	Bool:     "condition",
}

// String returns the word a contract uses for u ("percent").
func (u Unit) String() string {
	if w, ok := unitWords[u]; ok {
		return w
	}
	return "no unit"
}

// MeasureUnits lists the units a measure can be declared with, in the order
// the documentation gives them.
var MeasureUnits = []Unit{Percent, Count, Money, Duration, Number}

// UnitFromWord parses a measure unit word.
func UnitFromWord(w string) (Unit, bool) {
	for _, u := range MeasureUnits {
		if u.String() == w {
			return u, true
		}
	}
	return NoUnit, false
}

// UnitWords returns the measure unit words, for "did you mean" hints.
func UnitWords() []string {
	var words []string
	for _, u := range MeasureUnits {
		words = append(words, u.String())
	}
	return words
}

// durationUnits maps each duration suffix to its length in seconds.
var durationUnits = map[string]int64{
	"s":   1,
	"min": 60,
	"h":   3600,
	"d":   86400,
}

// DurationSuffixes lists the duration suffixes in the order the
// documentation gives them.
var DurationSuffixes = []string{"s", "min", "h", "d"}

var (
	plainNumber    = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
	groupedNumber  = regexp.MustCompile(`^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
	durationLexeme = regexp.MustCompile(`^([+-]?[0-9]+(?:\.[0-9]+)?)(s|min|h|d)$`)
)

// MaxDigits is the most digits a literal or a data value may have. It is
// far beyond any measured value or amount, and it keeps a hostile input
// from making every later operation slow.
const MaxDigits = 40

func countDigits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// TooManyDigits reports whether s has more than MaxDigits digits.
func TooManyDigits(s string) bool { return countDigits(s) > MaxDigits }

// hasExponent reports whether s looks like a number written with an
// exponent, such as 1e5 or 8.35E-1.
func hasExponent(s string) bool {
	i := strings.IndexAny(s, "eE")
	return i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && i+1 < len(s) && strings.ContainsAny(s[i+1:i+2], "0123456789+-")
}

// Quote writes a value for an error message in quotes, cut to 40
// characters with an ellipsis, so that a huge bad cell gives a short
// message.
func Quote(s string) string {
	const limit = 40
	if r := []rune(s); len(r) > limit {
		return strconv.Quote(string(r[:limit-1])) + "…"
	}
	return strconv.Quote(s)
}

// ParseDecimal parses a plain decimal such as "83.5" or "-2". It rejects
// exponents, hex and thousands separators, which the period data and the
// contract never use for plain numbers.
func ParseDecimal(s string) (decimal.Decimal, bool) {
	if !plainNumber.MatchString(s) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// ParseGroupedDecimal parses a decimal that may group thousands with commas,
// as money amounts are written ("125,000.00").
func ParseGroupedDecimal(s string) (decimal.Decimal, bool) {
	if groupedNumber.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	return ParseDecimal(s)
}

// ParsePercent parses "83.5%" into the fraction 0.835.
func ParsePercent(s string) (decimal.Decimal, bool) {
	body, ok := strings.CutSuffix(s, "%")
	if !ok {
		return decimal.Decimal{}, false
	}
	d, ok := ParseDecimal(strings.TrimSpace(body))
	if !ok {
		return decimal.Decimal{}, false
	}
	return d.Shift(-2), true
}

// ParseDuration parses "45s", "30min", "4h" or "2d" into seconds.
func ParseDuration(s string) (decimal.Decimal, bool) {
	m := durationLexeme.FindStringSubmatch(s)
	if m == nil {
		return decimal.Decimal{}, false
	}
	d, ok := ParseDecimal(m[1])
	if !ok {
		return decimal.Decimal{}, false
	}
	return d.Mul(decimal.NewFromInt(durationUnits[m[2]])), true
}

// ParseValue parses one data cell for a measure of unit u, in the contract's
// currency cur. The error message names the accepted spellings, because
// the most common data mistake is a value in the wrong scale (83.5 for a
// percent) or without its unit (45 for a duration).
func ParseValue(s string, u Unit, cur Currency) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if n := countDigits(s); n > MaxDigits {
		return decimal.Decimal{}, fmt.Errorf("value %s has %d digits; pacta reads at most %d", Quote(s), n, MaxDigits)
	}
	if hasExponent(s) {
		return decimal.Decimal{}, fmt.Errorf("value %s has an exponent; write the number in full, without e or E", Quote(s))
	}
	switch u {
	case Percent:
		return parsePercentCell(s)
	case Duration:
		d, ok := ParseDuration(s)
		switch {
		case ok && d.IsNegative():
			return decimal.Decimal{}, fmt.Errorf("duration %s is negative; a measured duration is zero or more", Quote(s))
		case ok:
			return d, nil
		}
		return decimal.Decimal{}, fmt.Errorf("invalid duration %s; write a number with a unit: %s", Quote(s), "45s, 30min, 4h or 2d")
	case Count:
		d, ok := ParseDecimal(s)
		if !ok || !d.IsInteger() || d.IsNegative() {
			return decimal.Decimal{}, fmt.Errorf("invalid count %s; write a whole number of zero or more, such as 1520", Quote(s))
		}
		return d, nil
	case Money:
		return parseMoneyCell(s, cur)
	default:
		d, ok := ParseDecimal(s)
		if !ok {
			return decimal.Decimal{}, fmt.Errorf("invalid number %s; write a decimal number such as 12.5", Quote(s))
		}
		return d, nil
	}
}

func parsePercentCell(s string) (decimal.Decimal, error) {
	if strings.HasSuffix(s, "%") {
		if d, ok := ParsePercent(s); ok {
			return d, nil
		}
		return decimal.Decimal{}, fmt.Errorf("invalid percent %s; write it as 83.5%% or as the fraction 0.835", Quote(s))
	}
	d, ok := ParseDecimal(s)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("invalid percent %s; write it as 83.5%% or as the fraction 0.835", Quote(s))
	}
	if d.Abs().GreaterThan(decimal.NewFromInt(1)) {
		return decimal.Decimal{}, fmt.Errorf("percent %q has no %% sign and is above 1; write %s%% for a percentage or %s as a fraction",
			s, d.String(), d.Shift(-2).String())
	}
	return d, nil
}

func parseMoneyCell(s string, cur Currency) (decimal.Decimal, error) {
	body := s
	if code, rest, ok := strings.Cut(s, " "); ok && len(code) == 3 && strings.ToUpper(code) == code {
		if code != cur.Code {
			return decimal.Decimal{}, fmt.Errorf("amount %s is in %s but the contract is in %s", Quote(s), code, cur.Code)
		}
		body = strings.TrimSpace(rest)
	}
	d, ok := ParseGroupedDecimal(body)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("invalid amount %s; write it as %s 1,250.00 or 1250.00", Quote(s), cur.Code)
	}
	return d, nil
}
