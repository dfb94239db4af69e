package num

import (
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) Num { return FromDecimal(decimal.RequireFromString(s)) }

func quo(t *testing.T, a, b Num) Num {
	t.Helper()
	q, ok := a.Quo(b)
	if !ok {
		t.Fatalf("%v / %v: division by zero", a, b)
	}
	return q
}

func TestQuoTerminatingBecomesDecimal(t *testing.T) {
	q := quo(t, dec("1"), dec("8"))
	d, ok := q.Exact()
	if !ok || d.String() != "0.125" {
		t.Errorf("1/8 = %v (exact %v), want 0.125", q, ok)
	}
}

func TestQuoRepeatingStaysFraction(t *testing.T) {
	q := quo(t, dec("10.46"), dec("12"))
	if _, ok := q.Exact(); ok {
		t.Fatalf("10.46/12 became a decimal: %v", q)
	}
	if got := q.Fraction(); got != "523/600" {
		t.Errorf("10.46/12 = %s, want 523/600", got)
	}
}

func TestCmpExactAtRepeatingBoundary(t *testing.T) {
	trend := quo(t, dec("10.46"), dec("12")) // 0.871666...
	same := quo(t, dec("523"), dec("600"))
	if trend.Cmp(same) != 0 {
		t.Errorf("523/600 and 10.46/12 compare %d, want 0", trend.Cmp(same))
	}
	below := dec("0.8716666666666666666666666666")
	if below.Cmp(trend) != -1 {
		t.Errorf("0.87166...6 (28 digits) compares %d with 523/600, want -1", below.Cmp(trend))
	}
}

func TestAddMulSubMixed(t *testing.T) {
	third := quo(t, dec("1"), dec("3"))
	sum := third.Add(third).Add(third)
	if d, ok := sum.Exact(); !ok || !d.Equal(decimal.NewFromInt(1)) {
		t.Errorf("1/3 + 1/3 + 1/3 = %v, want 1", sum)
	}
	if got := third.Mul(dec("3")).String(); got != "1" {
		t.Errorf("1/3 * 3 = %s, want 1", got)
	}
	if got := dec("1").Sub(third).Fraction(); got != "2/3" {
		t.Errorf("1 - 1/3 = %s, want 2/3", got)
	}
}

func TestRoundingModes(t *testing.T) {
	tests := []struct {
		x                  Num
		places             int32
		halfUp, even, down string
	}{
		{dec("0.125"), 2, "0.13", "0.12", "0.12"},
		{dec("0.135"), 2, "0.14", "0.14", "0.13"},
		{dec("-0.125"), 2, "-0.13", "-0.12", "-0.12"},
		{quo(t, dec("2"), dec("3")), 2, "0.67", "0.67", "0.66"},
		{quo(t, dec("-2"), dec("3")), 2, "-0.67", "-0.67", "-0.66"},
		{quo(t, dec("1"), dec("3")), 0, "0", "0", "0"},
		// 625.5/3 = 208.5 exactly: terminates, so it rounds as a decimal half.
		{quo(t, dec("625.5"), dec("3")), 0, "209", "208", "208"},
	}
	for _, tt := range tests {
		if got := tt.x.RoundHalfUp(tt.places).StringFixed(tt.places); got != tt.halfUp {
			t.Errorf("RoundHalfUp(%v, %d) = %s, want %s", tt.x, tt.places, got, tt.halfUp)
		}
		if got := tt.x.RoundHalfEven(tt.places).StringFixed(tt.places); got != tt.even {
			t.Errorf("RoundHalfEven(%v, %d) = %s, want %s", tt.x, tt.places, got, tt.even)
		}
		if got := tt.x.RoundDown(tt.places).StringFixed(tt.places); got != tt.down {
			t.Errorf("RoundDown(%v, %d) = %s, want %s", tt.x, tt.places, got, tt.down)
		}
	}
}

func TestFloorCeilFraction(t *testing.T) {
	x := quo(t, dec("7"), dec("3"))
	if got := x.Floor().String(); got != "2" {
		t.Errorf("floor(7/3) = %s, want 2", got)
	}
	if got := x.Ceil().String(); got != "3" {
		t.Errorf("ceil(7/3) = %s, want 3", got)
	}
	if got := x.Neg().Floor().String(); got != "-3" {
		t.Errorf("floor(-7/3) = %s, want -3", got)
	}
}

func TestQuoByZero(t *testing.T) {
	if _, ok := dec("1").Quo(Num{}); ok {
		t.Error("1/0 succeeded")
	}
}

func TestTextRepeating(t *testing.T) {
	trend := quo(t, dec("1046"), dec("12"))
	if got := trend.Text(4); got != "87.1667…" {
		t.Errorf("Text(1046/12) = %s, want 87.1667…", got)
	}
	if got := dec("83.0").Text(4); got != "83.0" {
		t.Errorf("Text(83.0) = %s, want 83.0", got)
	}
}

func TestGroupInt(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {7380, "7,380"}, {1234567, "1,234,567"}, {-1000, "-1,000"}, {-999, "-999"}, {-123456, "-123,456"}} {
		if got := GroupInt(c.n); got != c.want {
			t.Errorf("GroupInt(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
