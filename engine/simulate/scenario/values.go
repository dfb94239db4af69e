package scenario

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
)

// currencyPrefix matches the currency code that a money value may start
// with, as in "USD 1,250.00".
var currencyPrefix = regexp.MustCompile(`^[A-Z]{3} `)

// quantity parses a value of a measure written as the period data writes
// it: "86%" or "0.86" for a percent, "36.4s" or "2min" for a duration,
// a plain number otherwise. The result is in the unit's canonical scale: a
// fraction for a percent and seconds for a duration. signed allows a
// leading minus sign, for changes such as a trend or a shock. label names
// the value in messages, such as "normal mean of csat".
func (r *reader) quantity(n *yaml.Node, unit types.Unit, label string, signed bool) (float64, bool) {
	s, ok := r.scalar(n, label, exampleValue(unit))
	if !ok {
		return 0, false
	}

	body, negative := s, false
	if signed && (strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+")) {
		body, negative = strings.TrimSpace(s[1:]), s[0] == '-'
		if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "+") {
			r.errorf(n, "invalid %s %s; write one sign at most, such as -%s", label, types.Quote(s), exampleValue(unit))
			return 0, false
		}
	}

	// A count or an amount may take a fractional value here, because a
	// mean or a change of whole numbers need not be whole.
	parseUnit := unit
	switch unit {
	case types.Count:
		parseUnit = types.Number
	case types.Money:
		if code := currencyPrefix.FindString(body); code != "" && r.currency.Code != "" && strings.TrimSpace(code) != r.currency.Code {
			r.errorf(n, "invalid %s %s: the contract's currency is %s; write it as %s %s", label, types.Quote(s), r.currency.Code, r.currency.Code, strings.TrimSpace(body[len(code):]))
			return 0, false
		}
		body = strings.ReplaceAll(currencyPrefix.ReplaceAllString(body, ""), ",", "")
		parseUnit = types.Number
	}
	d, err := types.ParseValue(body, parseUnit, types.Currency{})
	if err != nil {
		r.errorf(n, "invalid %s: %v", label, err)
		return 0, false
	}

	v := d.InexactFloat64()
	if negative {
		v = -v
	}
	if !signed && v < 0 {
		r.errorf(n, "%s %s is negative; give a value of zero or more, such as %s", label, types.Quote(s), exampleValue(unit))
		return 0, false
	}
	return v, true
}

// exampleValue returns a value of unit u for messages.
func exampleValue(u types.Unit) string {
	switch u {
	case types.Percent:
		return "86%"
	case types.Duration:
		return "36.4s"
	case types.Count:
		return "120"
	}
	return "12.5"
}

// exampleLowValue returns a second value of unit u for messages, below
// exampleValue's.
func exampleLowValue(u types.Unit) string {
	switch u {
	case types.Percent:
		return "70%"
	case types.Duration:
		return "20s"
	case types.Count:
		return "80"
	}
	return "7.5"
}

// exampleHighValue returns a third value of unit u for messages, above
// exampleValue's.
func exampleHighValue(u types.Unit) string {
	switch u {
	case types.Percent:
		return "95%"
	case types.Duration:
		return "60s"
	case types.Count:
		return "150"
	}
	return "20"
}

// formatValue writes v, in the canonical scale of unit u, as a scenario
// file would write it, to 6 significant digits and without an exponent,
// for messages.
func formatValue(v float64, u types.Unit) string {
	switch u {
	case types.Percent:
		return formatNumber(v*100) + "%"
	case types.Duration:
		return formatNumber(v) + "s"
	}
	return formatNumber(v)
}

func formatNumber(v float64) string {
	rounded, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	if err != nil {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return strconv.FormatFloat(rounded, 'f', -1, 64)
}

// number parses a plain number such as 0.6 or -.25.
func (r *reader) number(n *yaml.Node, label, example string) (float64, bool) {
	s, ok := r.scalar(n, label, example)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.errorf(n, "invalid %s: %s is not a number; write a number such as %s", label, types.Quote(s), example)
		return 0, false
	}
	return v, true
}

// probability parses a probability written as a number from 0 to 1 (0.05)
// or as a percentage (5%).
func (r *reader) probability(n *yaml.Node, label string) (float64, bool) {
	s, ok := r.scalar(n, label, "0.05")
	if !ok {
		return 0, false
	}
	var v float64
	if strings.HasSuffix(s, "%") {
		d, ok := types.ParsePercent(s)
		if !ok {
			r.errorf(n, "invalid %s: %s is not a number; write a number from 0 to 1, such as 0.05, or a percentage, such as 5%%", label, types.Quote(s))
			return 0, false
		}
		v = d.InexactFloat64()
	} else {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) {
			r.errorf(n, "invalid %s: %s is not a number; write a number from 0 to 1, such as 0.05, or a percentage, such as 5%%", label, types.Quote(s))
			return 0, false
		}
		v = f
	}
	if v < 0 || v > 1 {
		r.errorf(n, "%s is %s, not a probability; give a number from 0 to 1, such as 0.05, or a percentage, such as 5%%", label, s)
		return 0, false
	}
	return v, true
}

// integer parses a whole number of at least min.
func (r *reader) integer(n *yaml.Node, label string, min int, example string) (int, bool) {
	s, ok := r.scalar(n, label, example)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < min {
		r.errorf(n, "invalid %s: %s is not a whole number of %d or more; write one such as %s", label, types.Quote(s), min, example)
		return 0, false
	}
	return v, true
}

// boolean parses true or false.
func (r *reader) boolean(n *yaml.Node, label string) (bool, bool) {
	s, ok := r.scalar(n, label, "true")
	if !ok {
		return false, false
	}
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	r.errorf(n, "invalid %s: %s; write true or false", label, types.Quote(s))
	return false, false
}
