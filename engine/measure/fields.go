package measure

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/shopspring/decimal"
)

// numberScale is the fixed point of numbers and amounts in a record: a
// value is stored in millionths, so a cell may have up to six decimal
// places.
const numberScale = 1_000_000

// record is one row's field values, indexed like the source's fields.
type record struct {
	v  []int64
	ok []bool
}

// fieldParser turns a cell into a field value.
type fieldParser func(cell []byte) (int64, error)

// newParsers returns a parser for each field of the source.
func (p *sourcePlan) newParsers(zone *calendar.Zone) []fieldParser {
	var out []fieldParser
	for _, f := range p.src.Fields {
		out = append(out, p.parserFor(f, zone))
	}
	return out
}

func (p *sourcePlan) parserFor(f *check.Field, zone *calendar.Zone) fieldParser {
	switch f.Kind {
	case check.FieldTimestamp:
		// Each parser has its own cache, and each scanner its own parsers,
		// because the cache is not safe for concurrent use.
		cache := zone.NewDayCache()
		return func(b []byte) (int64, error) {
			t, err := cache.ParseTimestamp(b)
			return int64(t), err
		}
	case check.FieldDuration:
		return durationParser(f)
	case check.FieldNumber, check.FieldMoney:
		return func(b []byte) (int64, error) { return parseScaled(b, f.Kind.String()) }
	case check.FieldCount:
		return parseCount
	case check.FieldBool:
		return parseBool
	}
	return p.textParser(f)
}

// parseFixed reads an optionally signed decimal number into a mantissa and
// the number of digits after its point. It rejects anything else, such as
// exponents, grouping commas, spaces and more than 18 digits.
func parseFixed(b []byte) (mant int64, frac int, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, i = b[0] == '-', 1
	}
	digits, dot := 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 18 {
				return 0, 0, false
			}
			mant = mant*10 + int64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, 0, false
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	if neg {
		mant = -mant
	}
	return mant, frac, true
}

var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
	10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
	1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000}

// scale returns mant/10^frac*unit as an integer, or false when that is not
// a whole number or does not fit in an int64.
func scale(mant int64, frac int, unit int64) (int64, bool) {
	if frac == 0 {
		return mulChecked(mant, unit)
	}
	d := pow10[frac]
	if unit%d == 0 {
		return mulChecked(mant, unit/d)
	}
	g := gcd(unit, d)
	if mant%(d/g) != 0 {
		return 0, false
	}
	return mulChecked(mant/(d/g), unit/g)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func mulChecked(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) {
		return 0, false
	}
	return c, true
}

func parseScaled(b []byte, kind string) (int64, error) {
	mant, frac, ok := parseFixed(b)
	if !ok {
		return 0, fmt.Errorf("invalid %s %s: write digits with an optional decimal point, such as 12 or 4.5", kind, quote(b))
	}
	v, ok := scale(mant, frac, numberScale)
	if !ok {
		return 0, fmt.Errorf("%s %s has more than 6 decimal places or is too large", kind, quote(b))
	}
	return v, nil
}

func parseCount(b []byte) (int64, error) {
	mant, frac, ok := parseFixed(b)
	if !ok || frac > 0 || mant < 0 || b[0] == '+' {
		return 0, fmt.Errorf("invalid count %s: write a whole number such as 0, 4 or 10", quote(b))
	}
	v, ok := scale(mant, 0, numberScale)
	if !ok {
		return 0, fmt.Errorf("count %s is too large", quote(b))
	}
	return v, nil
}

func parseBool(b []byte) (int64, error) {
	if len(b) == 1 {
		switch b[0] {
		case '1', 'y', 'Y':
			return 1, nil
		case '0', 'n', 'N':
			return 0, nil
		}
	}
	for _, w := range []string{"true", "yes"} {
		if bytes.EqualFold(b, []byte(w)) {
			return 1, nil
		}
	}
	for _, w := range []string{"false", "no"} {
		if bytes.EqualFold(b, []byte(w)) {
			return 0, nil
		}
	}
	return 0, fmt.Errorf("invalid bool %s: write true or false, yes or no, or 1 or 0", quote(b))
}

// durationSuffixes are the units a duration cell may carry instead of the
// field's declared unit, in nanoseconds.
var durationSuffixes = []struct {
	suffix string
	ns     int64
}{{"ms", 1e6}, {"min", 60e9}, {"s", 1e9}, {"h", 3600e9}, {"d", 86400e9}}

func durationParser(f *check.Field) fieldParser {
	unit := f.Scale.Mul(decimal.New(1, 9)).IntPart()
	return func(b []byte) (int64, error) {
		// Most cells are a few digits of the field's unit. With at most
		// nine digits and a unit of at most a second, the product cannot
		// overflow, so it needs no check.
		if len(b) <= 9 && unit <= int64(1e9) {
			var n int64
			i := 0
			for ; i < len(b) && b[i]-'0' <= 9; i++ {
				n = n*10 + int64(b[i]-'0')
			}
			if i == len(b) {
				return n * unit, nil
			}
		}
		u := unit
		text := b
		// A cell that ends in a digit has no unit suffix, which is the
		// common case and skips the suffix search.
		if last := b[len(b)-1]; last < '0' || last > '9' {
			for _, s := range durationSuffixes {
				if bytes.HasSuffix(b, []byte(s.suffix)) {
					text, u = b[:len(b)-len(s.suffix)], s.ns
					break
				}
			}
		}
		mant, frac, ok := parseFixed(text)
		if !ok && allDigits(text) {
			return 0, fmt.Errorf("duration %s is too long: it has more than 18 digits", quote(b))
		}
		if !ok {
			return 0, fmt.Errorf("invalid duration %s: write a number of %s, or a number with a unit such as 45s, 2min or 4h", quote(b), unitWord(f))
		}
		if mant < 0 {
			return 0, fmt.Errorf("negative duration %s", quote(b))
		}
		v, ok := scale(mant, frac, u)
		if !ok {
			return 0, fmt.Errorf("duration %s cannot be held exactly: it is longer than 292 years or finer than a nanosecond", quote(b))
		}
		return v, nil
	}
}

func unitWord(f *check.Field) string {
	if f.Decl != nil && f.Decl.In != nil {
		return f.Decl.In.Name
	}
	return "seconds"
}

// textParser stores a text cell as an index: into the declared values of
// a "one of" field, or into the literals the conditions compare the field
// with, where -1 is any other text.
func (p *sourcePlan) textParser(f *check.Field) fieldParser {
	if len(f.Values) > 0 {
		return func(b []byte) (int64, error) {
			for i, v := range f.Values {
				if string(b) == v {
					return int64(i), nil
				}
			}
			return 0, fmt.Errorf("%s is not a value of %s: the values are %s", quote(b), f.Name, valueList(f.Values))
		}
	}
	return func(b []byte) (int64, error) {
		for i, v := range p.literals[f.Index] {
			if string(b) == v {
				return int64(i), nil
			}
		}
		return -1, nil
	}
}

func valueList(values []string) string {
	s := ""
	for i, v := range values {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(v)
	}
	return s
}

// quote returns a cell quoted for a message, cut to 40 bytes.
func quote(b []byte) string {
	if len(b) > 40 {
		return strconv.Quote(string(b[:40])) + "…"
	}
	return strconv.Quote(string(b))
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}
