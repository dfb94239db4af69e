package scenario

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestBetaQuantileTails checks the beta quantile against the CDF in both
// tails, down to tail probabilities of 1e-10, for shapes from U-shaped
// to the largest that Parse accepts. The grid includes shapes where
// gonum's inverse alone misses, such as Beta(1e5, 1).
func TestBetaQuantileTails(t *testing.T) {
	for _, total := range []float64{0.5, 2, 10, 100, 1e3, 1e4, 1e5, 1e6} {
		for _, mu := range []float64{1e-5, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1 - 1e-5} {
			alpha, beta := mu*total, (1-mu)*total
			t.Run(fmt.Sprintf("alpha %g beta %g", alpha, beta), func(t *testing.T) {
				// The shapes give sd² = mu(1-mu)/(total+1).
				m := newBeta(mu, math.Sqrt(mu*(1-mu)/(total+1)), 0, 1)
				if got := m.dist.Alpha + m.dist.Beta; math.Abs(got-total) > 1e-6*total {
					t.Fatalf("α+β = %g, want %g", got, total)
				}
				dist := distuv.Beta{Alpha: alpha, Beta: beta}
				for e := -10.0; e <= -0.5; e += 0.5 {
					tail := math.Pow(10, e)
					if err := checkQuantile(dist, m.exactQuantile(tail), tail, dist.CDF); err != nil {
						t.Errorf("lower tail %g: %v", tail, err)
					}
					if err := checkQuantile(dist, m.exactQuantile(1-tail), tail, dist.Survival); err != nil {
						t.Errorf("upper tail %g: %v", tail, err)
					}
				}
			})
		}
	}
}

// TestBetaTable checks the interpolated quantile against the exact one on
// a dense grid of u, for the shapes a scenario typically has and for
// U- and J-shaped ones.
func TestBetaTable(t *testing.T) {
	tests := []struct {
		mean, sd float64
		// minTabled is the least share of steps that must interpolate.
		minTabled float64
	}{
		{0.87, 0.015, 0.9},
		{0.965, 0.01, 0.9},
		{0.5, 0.1, 0.9},
		{0.999, 0.0005, 0.9},
		{0.5, 0.4, 0},
		{0.05, 0.1, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("mean %g sd %g", tt.mean, tt.sd), func(t *testing.T) {
			m := newBeta(tt.mean, tt.sd, 0, 1)
			tabled := 0
			for _, exact := range m.exact {
				if !exact {
					tabled++
				}
			}
			if share := float64(tabled) / float64(len(m.exact)); share < tt.minTabled {
				t.Errorf("%.3f of the steps interpolate, want at least %.3f", share, tt.minTabled)
			}
			worst := 0.0
			for i := 1; i < 20000; i++ {
				u := float64(i) / 20000
				worst = max(worst, math.Abs(m.quantile(u)-m.exactQuantile(u)))
			}
			for e := -15.0; e <= -3; e++ {
				u := math.Pow(10, e)
				worst = max(worst, math.Abs(m.quantile(u)-m.exactQuantile(u)), math.Abs(m.quantile(1-u)-m.exactQuantile(1-u)))
			}
			// Interpolation errors peak at the midpoints that buildTable
			// checks against 5e-8; twice that leaves room for points
			// between them.
			if worst > 1e-7 {
				t.Errorf("largest difference from the exact quantile %g, want at most 1e-7", worst)
			}
		})
	}
}

// checkQuantile checks that x is within δ of the point where tailProb,
// the CDF or the survival function, equals tail. δ allows 1e-6 of the
// distance to the nearer bound, and 4.5e-16 for the rounding of 1 - y,
// by which the quantile of an upper tail is computed.
func checkQuantile(dist distuv.Beta, x, tail float64, tailProb func(float64) float64) error {
	if math.IsNaN(x) || x < 0 || x > 1 {
		return fmt.Errorf("quantile %v is outside [0, 1]", x)
	}
	delta := 1e-6*min(x, 1-x) + 4.5e-16
	a, b := tailProb(max(x-delta, 0)), tailProb(min(x+delta, 1))
	low, high := min(a, b), max(a, b)
	if tail < low*(1-1e-9) || tail > high*(1+1e-9) {
		return fmt.Errorf("quantile %.17g has tail probabilities %g to %g within ±%g, which miss %g", x, low, high, delta, tail)
	}
	return nil
}
