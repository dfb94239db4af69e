package report

import (
	"math/big"
	"testing"
)

func TestNearestRank(t *testing.T) {
	tests := []struct {
		p, n, want int64
	}{
		{50, 4, 2},
		{90, 4, 4},
		{5, 4, 1},
		{1, 4, 1},
		{100, 4, 4},
		{0, 4, 1},
		{50, 1, 1},
		{90, 10, 9},
		{90, 11, 10},
		{95, 20, 19},
		{99, 1000, 990},
		{99, 1001, 991},
	}
	for _, tt := range tests {
		if got := nearestRank(tt.p, tt.n); got != tt.want {
			t.Errorf("nearestRank(%d, %d) = %d, want %d", tt.p, tt.n, got, tt.want)
		}
	}
}

func TestPercentileIsRunValue(t *testing.T) {
	s := newSample([]int64{400, 100, 300, 200})
	tests := []struct {
		p, want int64
	}{
		{5, 100}, {25, 100}, {26, 200}, {50, 200}, {51, 300}, {75, 300}, {90, 400}, {95, 400}, {99, 400},
	}
	for _, tt := range tests {
		if got := s.percentile(tt.p); got != tt.want {
			t.Errorf("P%d of 100, 200, 300, 400 = %d, want %d", tt.p, got, tt.want)
		}
	}
	if got := s.max(); got != 400 {
		t.Errorf("max = %d, want 400", got)
	}
}

func TestSampleMeanAndVariance(t *testing.T) {
	s := newSample([]int64{100, 200, 300, 400})
	if got, want := s.mean(), big.NewRat(250, 1); got.Cmp(want) != 0 {
		t.Errorf("mean = %s, want %s", got, want)
	}
	// Deviations ±50 and ±150 give 50,000 squared over n−1 = 3.
	if got, want := s.variance(), big.NewRat(50000, 3); got.Cmp(want) != 0 {
		t.Errorf("variance = %s, want %s", got, want)
	}
	if got := newSample([]int64{7}).variance(); got.Sign() != 0 {
		t.Errorf("variance of one value = %s, want 0", got)
	}
	big9 := int64(9_000_000_000_000_000_000 / 10)
	huge := newSample([]int64{big9, big9, big9})
	if got, want := huge.mean(), big.NewRat(big9, 1); got.Cmp(want) != 0 {
		t.Errorf("mean of three equal int64 values near the limit = %s, want %s", got, want)
	}
}

func TestRoundRatHalfUp(t *testing.T) {
	tests := []struct {
		num, den int64
		places   int32
		want     string
	}{
		{1, 2, 0, "1"},
		{-1, 2, 0, "-1"},
		{3, 2, 0, "2"},
		{5, 4, 1, "1.3"},
		{-5, 4, 1, "-1.3"},
		{1249, 1000, 2, "1.25"},
		{1244, 1000, 2, "1.24"},
		{1, 3, 4, "0.3333"},
		{2, 3, 4, "0.6667"},
		{-2, 3, 4, "-0.6667"},
		{0, 1, 2, "0"},
		{999999, 1000000, 4, "1"},
	}
	for _, tt := range tests {
		got := roundRat(big.NewRat(tt.num, tt.den), tt.places)
		if got.String() != tt.want {
			t.Errorf("roundRat(%d/%d, %d) = %s, want %s", tt.num, tt.den, tt.places, got, tt.want)
		}
	}
}

func TestRoundSqrtHalfUp(t *testing.T) {
	tests := []struct {
		num, den int64
		places   int32
		want     string
	}{
		{625, 100, 0, "3"},    // √6.25 = 2.5 rounds up
		{225, 100, 0, "2"},    // √2.25 = 1.5 rounds up
		{1, 4, 0, "1"},        // √0.25 = 0.5 rounds up
		{11025, 100, 0, "11"}, // √110.25 = 10.5
		{1102499, 10000, 0, "10"},
		{2, 1, 2, "1.41"},
		{2, 1, 4, "1.4142"},
		{100, 1, 0, "10"},
		{0, 1, 2, "0"},
		{50000, 3, 0, "129"}, // √16,666.67 = 129.099
		{1, 2, 0, "1"},       // √0.5 = 0.707
	}
	for _, tt := range tests {
		got := roundSqrt(big.NewRat(tt.num, tt.den), tt.places)
		if got.String() != tt.want {
			t.Errorf("roundSqrt(%d/%d, %d) = %s, want %s", tt.num, tt.den, tt.places, got, tt.want)
		}
	}
}
