package types

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is an ISO 4217 currency and the number of digits of its minor
// unit (2 for USD cents, 0 for JPY, 3 for KWD fils).
type Currency struct {
	Code       string
	MinorUnits int32
}

// minorUnitExceptions lists the active ISO 4217 codes whose minor unit is
// not two digits.
var minorUnitExceptions = map[string]int32{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// twoDigitCodes lists the active ISO 4217 codes with a two-digit minor unit.
const twoDigitCodes = `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB
BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP
DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR
IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU
MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON
RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`

var currencies = buildCurrencies()

func buildCurrencies() map[string]Currency {
	m := make(map[string]Currency)
	for _, code := range strings.Fields(twoDigitCodes) {
		m[code] = Currency{Code: code, MinorUnits: 2}
	}
	for code, digits := range minorUnitExceptions {
		m[code] = Currency{Code: code, MinorUnits: digits}
	}
	return m
}

// LookupCurrency returns the currency with the given ISO 4217 code.
func LookupCurrency(code string) (Currency, bool) {
	c, ok := currencies[code]
	return c, ok
}

// CurrencyCodes returns every known code in order, for "did you mean" hints.
func CurrencyCodes() []string {
	codes := make([]string, 0, len(currencies))
	for c := range currencies {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// Format writes an amount as "USD 125,000.00": the code, then the amount with
// the currency's minor digits and commas between thousands.
func (c Currency) Format(d decimal.Decimal) string {
	return c.Code + " " + c.FormatAmount(d)
}

// FormatAmount writes an amount with the currency's minor digits and commas
// between thousands, without the code ("125,000.00"). It does not round:
// an amount with more digits than the minor unit keeps them all, so that
// an unrounded intermediate never looks rounded.
func (c Currency) FormatAmount(d decimal.Decimal) string {
	places := c.MinorUnits
	if -d.Exponent() > places {
		places = -d.Exponent()
	}
	return GroupThousands(d.StringFixed(places))
}

// GroupThousands inserts commas between groups of three digits in the
// integer part of a plain decimal string ("-1234567.5" → "-1,234,567.5").
func GroupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// Rounding is the rounding mode of money to the currency's minor unit.
type Rounding int

const (
	// HalfUp rounds halves away from zero: 0.125 → 0.13. It is the default.
	HalfUp Rounding = iota
	// HalfEven rounds halves to the even digit: 0.125 → 0.12, 0.135 → 0.14.
	HalfEven
	// Down truncates toward zero: 0.129 → 0.12.
	Down
)

// String returns the words a contract uses for r ("half up").
func (r Rounding) String() string {
	switch r {
	case HalfEven:
		return "half even"
	case Down:
		return "down"
	}
	return "half up"
}

// Round rounds d to places decimal digits with mode r.
func (r Rounding) Round(d decimal.Decimal, places int32) decimal.Decimal {
	switch r {
	case HalfEven:
		return d.RoundBank(places)
	case Down:
		return d.RoundDown(places)
	}
	return d.Round(places)
}

// Round rounds an amount to the currency's minor unit with mode r.
func (c Currency) Round(d decimal.Decimal, r Rounding) decimal.Decimal {
	return r.Round(d, c.MinorUnits)
}

// String returns the currency code with its minor digits, for messages.
func (c Currency) String() string {
	return fmt.Sprintf("%s (%d minor digits)", c.Code, c.MinorUnits)
}
