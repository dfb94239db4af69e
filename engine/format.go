package engine

import (
	"strings"

	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// displayPlaces is how many decimal places a repeating value shows in
// text, before the ellipsis that marks it as cut short.
const displayPlaces = 4

// jsonPlaces is how many decimal places a repeating value has in JSON,
// beside its exact fraction.
const jsonPlaces = 16

// scaled converts a canonical value to its display scale: a percent's
// fraction to percentage points; every other unit is unchanged.
func scaled(n num.Num, u types.Unit) num.Num {
	if u == types.Percent {
		return n.Shift(2)
	}
	return n
}

// text writes a value for people: "83.5%", "45s", "USD 1,250.00", "1520".
func (ev *evaluator) text(n num.Num, u types.Unit) string {
	switch u {
	case types.Percent:
		return scaled(n, u).Text(displayPlaces) + "%"
	case types.Duration:
		return durationText(n)
	case types.Money:
		if d, ok := n.Exact(); ok {
			return ev.moneyText(d)
		}
		return ev.c.Currency.Code + " " + types.GroupThousands(n.Text(displayPlaces))
	}
	return n.Text(displayPlaces)
}

// durationText writes seconds in the largest unit in which the value is
// at least one and has at most two decimal places: 14400 seconds is "4h",
// 23400 seconds "6.5h", 90 seconds "1.5min", 45 seconds "45s".
func durationText(n num.Num) string {
	for _, u := range []struct {
		suffix  string
		seconds int64
	}{{"d", 86400}, {"h", 3600}, {"min", 60}} {
		q, _ := n.Quo(num.FromInt(u.seconds))
		d, ok := q.Exact()
		if ok && d.Abs().GreaterThanOrEqual(decimal.NewFromInt(1)) && d.Equal(d.Round(2)) {
			return d.String() + u.suffix
		}
	}
	if d, ok := n.Exact(); ok {
		return d.String() + "s"
	}
	return n.Text(displayPlaces) + "s"
}

// value builds the JSON form of a value.
func (ev *evaluator) value(v val, u types.Unit) Value {
	out := Value{Unit: unitLabel(u, ev.c.Currency.Code)}
	if !v.ok {
		out.Text = "missing"
		return out
	}
	s := scaled(v.n, u)
	var str string
	if d, ok := s.Exact(); ok {
		str = num.Plain(d)
	} else {
		str = s.RoundHalfUp(jsonPlaces).StringFixed(jsonPlaces)
		out.Fraction = s.Fraction()
	}
	out.Value = &str
	out.Text = ev.text(v.n, u)
	return out
}

// unitLabel names the unit of a JSON value in its display scale.
func unitLabel(u types.Unit, currency string) string {
	switch u {
	case types.Percent:
		return "percent"
	case types.Duration:
		return "seconds"
	case types.Money:
		return currency
	}
	return u.String()
}

// moneyText writes an amount with the currency's minor digits, or more
// when an exact intermediate amount has them: "USD 625.00", "EUR 12,103.125".
// Trailing zeros beyond the minor digits are dropped, because they carry no
// information.
func (ev *evaluator) moneyText(d decimal.Decimal) string {
	places := ev.c.Currency.MinorUnits
	if _, frac, ok := strings.Cut(d.String(), "."); ok && int32(len(frac)) > places {
		places = int32(len(frac))
	}
	return ev.c.Currency.Code + " " + types.GroupThousands(d.StringFixed(places))
}
