package types_test

import (
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		text string
		gran types.Granularity
		year int
		num  int
	}{
		{"2026-01", types.Monthly, 2026, 1},
		{"2026-12", types.Monthly, 2026, 12},
		{"0001-07", types.Monthly, 1, 7},
		{"2026-Q1", types.Quarterly, 2026, 1},
		{"2030-Q4", types.Quarterly, 2030, 4},
		{"2026", types.Yearly, 2026, 1},
		{"9999", types.Yearly, 9999, 1},
	}
	for _, tt := range tests {
		p, err := types.ParsePeriod(tt.text, tt.gran)
		if err != nil {
			t.Errorf("ParsePeriod(%q, %s): %v", tt.text, tt.gran.Word(), err)
			continue
		}
		if p.Year() != tt.year || p.Number() != tt.num || p.Gran != tt.gran {
			t.Errorf("ParsePeriod(%q) = year %d number %d %s, want year %d number %d %s",
				tt.text, p.Year(), p.Number(), p.Gran.Word(), tt.year, tt.num, tt.gran.Word())
		}
		if got := p.String(); got != tt.text {
			t.Errorf("ParsePeriod(%q).String() = %q", tt.text, got)
		}
	}
}

func TestParsePeriodInvalid(t *testing.T) {
	tests := []struct {
		text    string
		gran    types.Granularity
		example string
	}{
		{"2026-13", types.Monthly, "2026-01"},
		{"2026-00", types.Monthly, "2026-01"},
		{"2026-1", types.Monthly, "2026-01"},
		{"2026-001", types.Monthly, "2026-01"},
		{"2026/01", types.Monthly, "2026-01"},
		{"2026-+1", types.Monthly, "2026-01"},
		{"2026- 1", types.Monthly, "2026-01"},
		{"2026--1", types.Monthly, "2026-01"},
		{"26-01", types.Monthly, "2026-01"},
		{"2026", types.Monthly, "2026-01"},
		{"2026-Q1", types.Monthly, "2026-01"},
		{"abcd-01", types.Monthly, "2026-01"},
		{"2026-Q5", types.Quarterly, "2026-Q1"},
		{"2026-Q0", types.Quarterly, "2026-Q1"},
		{"2026-q1", types.Quarterly, "2026-Q1"},
		{"2026-01", types.Quarterly, "2026-Q1"},
		{"2026-Q12", types.Quarterly, "2026-Q1"},
		{"2026-01", types.Yearly, "2026"},
		{"202", types.Yearly, "2026"},
		{"20266", types.Yearly, "2026"},
		{"2026", 0, "2026-01"},
	}
	for _, tt := range tests {
		p, err := types.ParsePeriod(tt.text, tt.gran)
		if err == nil {
			t.Errorf("ParsePeriod(%q, %s) = %s, want an error", tt.text, tt.gran.Word(), p)
			continue
		}
		if !strings.Contains(err.Error(), tt.example) || !strings.Contains(err.Error(), `"`+tt.text+`"`) {
			t.Errorf("ParsePeriod(%q, %s) error %q does not quote the input and the example %s", tt.text, tt.gran.Word(), err, tt.example)
		}
	}
}

func TestParsePeriodEmpty(t *testing.T) {
	_, err := types.ParsePeriod("", types.Monthly)
	if err == nil {
		t.Fatal("ParsePeriod(\"\") succeeded")
	}
	if want := "missing period; write it as YYYY-MM, such as 2026-01"; err.Error() != want {
		t.Errorf("ParsePeriod(\"\") error %q, want %q", err, want)
	}
}

func mustPeriod(t *testing.T, s string, g types.Granularity) types.Period {
	t.Helper()
	p, err := types.ParsePeriod(s, g)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPeriodAdd(t *testing.T) {
	tests := []struct {
		from string
		gran types.Granularity
		n    int
		want string
	}{
		{"2026-01", types.Monthly, 1, "2026-02"},
		{"2026-12", types.Monthly, 1, "2027-01"},
		{"2026-01", types.Monthly, -1, "2025-12"},
		{"2026-01", types.Monthly, 24, "2028-01"},
		{"2026-03", types.Monthly, -15, "2024-12"},
		{"2026-05", types.Monthly, 0, "2026-05"},
		{"2026-Q4", types.Quarterly, 1, "2027-Q1"},
		{"2026-Q1", types.Quarterly, -1, "2025-Q4"},
		{"2026-Q2", types.Quarterly, 10, "2028-Q4"},
		{"2026", types.Yearly, 5, "2031"},
		{"2026", types.Yearly, -26, "2000"},
	}
	for _, tt := range tests {
		p := mustPeriod(t, tt.from, tt.gran)
		got := p.Add(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s.Add(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if d := got.Sub(p); d != tt.n {
			t.Errorf("%s.Sub(%s) = %d, want %d", got, tt.from, d, tt.n)
		}
	}
}

func TestTerm(t *testing.T) {
	term := types.Term{Start: mustPeriod(t, "2026-01", types.Monthly), End: mustPeriod(t, "2050-12", types.Monthly)}
	if got := term.Len(); got != 300 {
		t.Errorf("Len() = %d, want 300", got)
	}
	for _, tt := range []struct {
		p    types.Period
		want bool
	}{
		{mustPeriod(t, "2026-01", types.Monthly), true},
		{mustPeriod(t, "2050-12", types.Monthly), true},
		{mustPeriod(t, "2025-12", types.Monthly), false},
		{mustPeriod(t, "2051-01", types.Monthly), false},
		// A quarter is not a month, even one whose index lies in range.
		{types.Period{Gran: types.Quarterly, Index: term.Start.Index + 1}, false},
	} {
		if got := term.Contains(tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestGranularityWords(t *testing.T) {
	for _, g := range []types.Granularity{types.Monthly, types.Quarterly, types.Yearly} {
		if got, ok := types.GranularityFromWord(g.Word()); !ok || got != g {
			t.Errorf("GranularityFromWord(%q) = %v, %v", g.Word(), got, ok)
		}
		if got, ok := types.GranularityFromNoun(g.Noun()); !ok || got != g {
			t.Errorf("GranularityFromNoun(%q) = %v, %v", g.Noun(), got, ok)
		}
		if _, err := types.ParsePeriod(g.Example(), g); err != nil {
			t.Errorf("the example %q of %s does not parse: %v", g.Example(), g.Word(), err)
		}
	}
	for _, w := range []string{"weekly", "Monthly", ""} {
		if _, ok := types.GranularityFromWord(w); ok {
			t.Errorf("GranularityFromWord(%q) accepted", w)
		}
	}
}

var usd = types.Currency{Code: "USD", MinorUnits: 2}

func TestParseValue(t *testing.T) {
	tests := []struct {
		text string
		unit types.Unit
		want string
	}{
		{"83.5%", types.Percent, "0.835"},
		{"0.835", types.Percent, "0.835"},
		{" 83.5 % ", types.Percent, "0.835"},
		{"100%", types.Percent, "1"},
		{"1", types.Percent, "1"},
		{"0", types.Percent, "0"},
		{"120%", types.Percent, "1.2"},
		{"45s", types.Duration, "45"},
		{"30min", types.Duration, "1800"},
		{"4h", types.Duration, "14400"},
		{"2d", types.Duration, "172800"},
		{"0.5h", types.Duration, "1800"},
		{"1520", types.Count, "1520"},
		{"0", types.Count, "0"},
		{"USD 1,250.00", types.Money, "1250"},
		{"USD 1250.5", types.Money, "1250.5"},
		{"1,250.00", types.Money, "1250"},
		{"1250", types.Money, "1250"},
		{"USD 1,234,567.89", types.Money, "1234567.89"},
		{"-1,250.00", types.Money, "-1250"},
		{"12.5", types.Number, "12.5"},
		{"-3", types.Number, "-3"},
	}
	for _, tt := range tests {
		got, err := types.ParseValue(tt.text, tt.unit, usd)
		if err != nil {
			t.Errorf("ParseValue(%q, %s): %v", tt.text, tt.unit, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseValue(%q, %s) = %s, want %s", tt.text, tt.unit, got, tt.want)
		}
	}
}

func TestParseValueInvalid(t *testing.T) {
	tests := []struct {
		text string
		unit types.Unit
		want string // a part of the error message
	}{
		// A percent without a sign above 1 is most likely written in the
		// wrong scale, so the message shows both spellings.
		{"83.5", types.Percent, `percent "83.5" has no % sign and is above 1; write 83.5% for a percentage or 0.835 as a fraction`},
		{"1.01", types.Percent, "write 1.01% for a percentage or 0.0101 as a fraction"},
		{"-2", types.Percent, "write -2% for a percentage or -0.02 as a fraction"},
		{"abc", types.Percent, `invalid percent "abc"; write it as 83.5% or as the fraction 0.835`},
		{"8 3%", types.Percent, `invalid percent "8 3%"`},
		{"%", types.Percent, `invalid percent "%"`},
		{"45", types.Duration, `invalid duration "45"; write a number with a unit: 45s, 30min, 4h or 2d`},
		{"45 s", types.Duration, `invalid duration "45 s"`},
		{"3w", types.Duration, `invalid duration "3w"`},
		{"1.5", types.Count, `invalid count "1.5"; write a whole number of zero or more, such as 1520`},
		{"-1", types.Count, `invalid count "-1"`},
		{"1,520", types.Count, `invalid count "1,520"`},
		{"EUR 1,250.00", types.Money, `amount "EUR 1,250.00" is in EUR but the contract is in USD`},
		{"1,25.00", types.Money, `invalid amount "1,25.00"; write it as USD 1,250.00 or 1250.00`},
		{"USD", types.Money, `invalid amount "USD"`},
		{"$1,250.00", types.Money, `invalid amount "$1,250.00"`},
		{"1e3", types.Number, `value "1e3" has an exponent; write the number in full, without e or E`},
		{"", types.Number, `invalid number ""`},
		{"0x10", types.Number, `invalid number "0x10"`},
	}
	for _, tt := range tests {
		got, err := types.ParseValue(tt.text, tt.unit, usd)
		if err == nil {
			t.Errorf("ParseValue(%q, %s) = %s, want an error", tt.text, tt.unit, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseValue(%q, %s) error:\n%s\nwant it to contain:\n%s", tt.text, tt.unit, err, tt.want)
		}
	}
}

func TestUnitWords(t *testing.T) {
	for _, u := range types.MeasureUnits {
		if got, ok := types.UnitFromWord(u.String()); !ok || got != u {
			t.Errorf("UnitFromWord(%q) = %v, %v", u.String(), got, ok)
		}
	}
	// "condition" names the Bool unit in messages but is not a measure unit.
	for _, w := range []string{"condition", "percentage", "Percent", ""} {
		if u, ok := types.UnitFromWord(w); ok {
			t.Errorf("UnitFromWord(%q) = %v, want no unit", w, u)
		}
	}
}

func TestLookupCurrency(t *testing.T) {
	tests := []struct {
		code  string
		minor int32
	}{
		{"USD", 2},
		{"EUR", 2},
		{"GBP", 2},
		{"JPY", 0},
		{"KRW", 0},
		{"KWD", 3},
		{"BHD", 3},
		{"CLF", 4},
	}
	for _, tt := range tests {
		c, ok := types.LookupCurrency(tt.code)
		if !ok {
			t.Errorf("LookupCurrency(%q) found nothing", tt.code)
			continue
		}
		if c.Code != tt.code || c.MinorUnits != tt.minor {
			t.Errorf("LookupCurrency(%q) = %v, want %d minor digits", tt.code, c, tt.minor)
		}
	}
	for _, code := range []string{"usd", "XXX", "US", "DOLLAR", ""} {
		if c, ok := types.LookupCurrency(code); ok {
			t.Errorf("LookupCurrency(%q) = %v, want not found", code, c)
		}
	}

	codes := types.CurrencyCodes()
	for i := 1; i < len(codes); i++ {
		if codes[i-1] >= codes[i] {
			t.Fatalf("CurrencyCodes is not sorted without repeats at %q, %q", codes[i-1], codes[i])
		}
	}
	for _, c := range codes {
		if _, ok := types.LookupCurrency(c); !ok {
			t.Errorf("CurrencyCodes lists %q, which LookupCurrency does not find", c)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	jpy, _ := types.LookupCurrency("JPY")
	kwd, _ := types.LookupCurrency("KWD")
	tests := []struct {
		cur    types.Currency
		amount string
		want   string
	}{
		{usd, "125000", "125,000.00"},
		{usd, "1234567.5", "1,234,567.50"},
		{usd, "-1234.5", "-1,234.50"},
		{usd, "0", "0.00"},
		{usd, "-0.5", "-0.50"},
		{usd, "999", "999.00"},
		{usd, "1000", "1,000.00"},
		// More digits than the minor unit are kept, not rounded.
		{usd, "1.005", "1.005"},
		{jpy, "1234", "1,234"},
		{jpy, "1234.5", "1,234.5"},
		{kwd, "1.5", "1.500"},
		{kwd, "-1234567", "-1,234,567.000"},
	}
	for _, tt := range tests {
		got := tt.cur.FormatAmount(decimal.RequireFromString(tt.amount))
		if got != tt.want {
			t.Errorf("%s FormatAmount(%s) = %q, want %q", tt.cur.Code, tt.amount, got, tt.want)
		}
	}
	if got, want := usd.Format(decimal.RequireFromString("125000")), "USD 125,000.00"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}

func TestGroupThousands(t *testing.T) {
	tests := map[string]string{
		"0":           "0",
		"12":          "12",
		"123":         "123",
		"1234":        "1,234",
		"123456":      "123,456",
		"1234567":     "1,234,567",
		"-1234567.5":  "-1,234,567.5",
		"-123":        "-123",
		"1234.56789":  "1,234.56789",
		"1000000.00":  "1,000,000.00",
		"-0.25":       "-0.25",
		"12345678901": "12,345,678,901",
	}
	for in, want := range tests {
		if got := types.GroupThousands(in); got != want {
			t.Errorf("GroupThousands(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRounding(t *testing.T) {
	tests := []struct {
		value  string
		places int32
		mode   types.Rounding
		want   string
	}{
		{"0.125", 2, types.HalfUp, "0.13"},
		{"0.135", 2, types.HalfUp, "0.14"},
		{"-0.125", 2, types.HalfUp, "-0.13"},
		{"2.5", 0, types.HalfUp, "3"},
		{"0.124", 2, types.HalfUp, "0.12"},

		{"0.125", 2, types.HalfEven, "0.12"},
		{"0.135", 2, types.HalfEven, "0.14"},
		{"-0.125", 2, types.HalfEven, "-0.12"},
		{"2.5", 0, types.HalfEven, "2"},
		{"3.5", 0, types.HalfEven, "4"},

		{"0.125", 2, types.Down, "0.12"},
		{"0.135", 2, types.Down, "0.13"},
		{"-0.125", 2, types.Down, "-0.12"},
		{"2.5", 0, types.Down, "2"},
		{"0.129", 2, types.Down, "0.12"},
	}
	for _, tt := range tests {
		got := tt.mode.Round(decimal.RequireFromString(tt.value), tt.places)
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("%s: Round(%s, %d) = %s, want %s", tt.mode, tt.value, tt.places, got, tt.want)
		}
	}

	jpy, _ := types.LookupCurrency("JPY")
	if got := jpy.Round(decimal.RequireFromString("2.5"), types.HalfEven); !got.Equal(decimal.NewFromInt(2)) {
		t.Errorf("JPY half even Round(2.5) = %s, want 2", got)
	}
	if got := usd.Round(decimal.RequireFromString("0.125"), types.HalfUp); !got.Equal(decimal.RequireFromString("0.13")) {
		t.Errorf("USD half up Round(0.125) = %s, want 0.13", got)
	}
}

func TestRoundingString(t *testing.T) {
	for mode, want := range map[types.Rounding]string{types.HalfUp: "half up", types.HalfEven: "half even", types.Down: "down"} {
		if got := mode.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}
