package scenario_test

import (
	"math"
	"testing"
)

// momentDraws is the number of months drawn to estimate a marginal's
// moments. With it, the standard error of a mean is sd/447.
const momentDraws = 200_000

func TestMarginalMoments(t *testing.T) {
	tests := []struct {
		name     string
		slot     int
		scenario string
		// mean and sd are the marginal's moments, worked out by hand.
		mean, sd float64
	}{
		{
			name:     "normal percent",
			slot:     csat,
			scenario: "measures: {csat: {normal: {mean: 86%, sd: 2%}}}",
			mean:     0.86, sd: 0.02,
		},
		{
			name:     "normal duration",
			slot:     asa,
			scenario: "measures: {asa: {normal: {mean: 36.4s, sd: 4s}}}",
			mean:     36.4, sd: 4,
		},
		{
			name:     "normal count",
			slot:     backlog,
			scenario: "measures: {backlog: {normal: {mean: 120, sd: 15}}}",
			mean:     120, sd: 15,
		},
		{
			name:     "beta percent",
			slot:     fcr,
			scenario: "measures: {fcr: {beta: {mean: 0.77, sd: 0.04}}}",
			mean:     0.77, sd: 0.04,
		},
		{
			name:     "beta near 100%",
			slot:     fcr,
			scenario: "measures: {fcr: {beta: {mean: 99.95%, sd: 0.02%}}}",
			mean:     0.9995, sd: 0.0002,
		},
		{
			name:     "beta near 0%",
			slot:     fcr,
			scenario: "measures: {fcr: {beta: {mean: 0.5%, sd: 0.3%}}}",
			mean:     0.005, sd: 0.003,
		},
		{
			name:     "beta near the smallest sd",
			slot:     fcr,
			scenario: "measures: {fcr: {beta: {mean: 99%, sd: 0.0100%}}}",
			mean:     0.99, sd: 0.0001,
		},
		{
			name:     "beta on min and max",
			slot:     asa,
			scenario: "measures: {asa: {beta: {mean: 35s, sd: 5s}, min: 20s, max: 1min}}",
			mean:     35, sd: 5,
		},
		{
			// Mean (60+70+80)/3 and variance (a²+b²+c²-ab-ac-bc)/18
			// = 0.03/18.
			name:     "triangular",
			slot:     calls,
			scenario: "measures: {calls_answered_45s: {triangular: {min: 60%, mode: 70%, max: 80%}}}",
			mean:     0.70, sd: math.Sqrt(0.03 / 18),
		},
		{
			name:     "triangular skewed",
			slot:     calls,
			scenario: "measures: {calls_answered_45s: {triangular: {min: 60%, mode: 78%, max: 80%}}}",
			mean:     0.7266666666666667, sd: math.Sqrt((0.36 + 0.6084 + 0.64 - 0.468 - 0.48 - 0.624) / 18),
		},
		{
			// 0.7·97% + 0.3·90%, and variance 0.7·0.021² + 0.3·0.049².
			name:     "discrete",
			slot:     csat,
			scenario: "measures: {csat: {discrete: [{value: 97%, p: 0.7}, {value: 90%, p: 30%}]}}",
			mean:     0.949, sd: math.Sqrt(0.001029),
		},
		{
			name:     "fixed",
			slot:     csat,
			scenario: "measures: {csat: {fixed: 96%}}",
			mean:     0.96, sd: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.scenario)
			values := column(draw(s, 1, momentDraws, nil), tt.slot)
			mean, sd := meanSD(values)

			meanTolerance := 5*tt.sd/math.Sqrt(momentDraws) + 1e-12
			if math.Abs(mean-tt.mean) > meanTolerance {
				t.Errorf("mean of %d draws = %.6g, want %.6g ± %.2g", momentDraws, mean, tt.mean, meanTolerance)
			}
			if math.Abs(sd-tt.sd) > 0.01*tt.sd+1e-12 {
				t.Errorf("SD of %d draws = %.6g, want %.6g ± 1%%", momentDraws, sd, tt.sd)
			}
			if got := s.StdDev(tt.slot); math.Abs(got-tt.sd) > 1e-9*max(tt.sd, 1) {
				t.Errorf("StdDev = %.10g, want %.10g", got, tt.sd)
			}
		})
	}
}

// TestNormalTruncated checks that a normal near a bound of the range is
// truncated, not clamped: no draw piles up at the bound, and the moments
// match the truncated distribution's.
func TestNormalTruncated(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		mu, sd   float64
		lo, hi   float64
	}{
		{"at 100%", "measures: {csat: {normal: {mean: 99.9%, sd: 0.3%}}}", 0.999, 0.003, 0, 1},
		{"within min and max", "measures: {csat: {normal: {mean: 50%, sd: 20%}, min: 40%, max: 70%}}", 0.5, 0.2, 0.4, 0.7},
		{"duration at zero", "measures: {asa: {normal: {mean: 2s, sd: 4s}}}", 2, 4, 0, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slot := csat
			if tt.hi > 1 {
				slot = asa
			}
			s := mustParse(t, tt.scenario)
			values := column(draw(s, 2, momentDraws, nil), slot)

			atBound := 0
			for _, v := range values {
				if v < tt.lo || v > tt.hi {
					t.Fatalf("draw %v is outside [%v, %v]", v, tt.lo, tt.hi)
				}
				if v == tt.lo || v == tt.hi {
					atBound++
				}
			}
			if atBound > 0 {
				t.Errorf("%d of %d draws sit exactly on a bound; a truncated normal has none there", atBound, len(values))
			}

			wantMean, wantSD := truncatedMomentsByQuadrature(tt.mu, tt.sd, tt.lo, tt.hi)
			mean, sd := meanSD(values)
			if math.Abs(mean-wantMean) > 5*wantSD/math.Sqrt(momentDraws) {
				t.Errorf("mean = %.6g, want %.6g", mean, wantMean)
			}
			if math.Abs(sd-wantSD) > 0.01*wantSD {
				t.Errorf("SD = %.6g, want %.6g", sd, wantSD)
			}
			if got := s.StdDev(slot); math.Abs(got-wantSD) > 1e-6*wantSD {
				t.Errorf("StdDev = %.8g, want %.8g", got, wantSD)
			}
		})
	}
}

// truncatedMomentsByQuadrature integrates the normal density over
// [lo, hi] with the midpoint rule, as an independent check of the
// closed-form moments.
func truncatedMomentsByQuadrature(mu, sigma, lo, hi float64) (mean, sd float64) {
	hi = min(hi, mu+12*sigma)
	lo = max(lo, mu-12*sigma)
	const steps = 200_000
	width := (hi - lo) / steps
	var mass, first, second float64
	for i := range steps {
		x := lo + (float64(i)+0.5)*width
		z := (x - mu) / sigma
		density := math.Exp(-z * z / 2)
		mass += density
		first += density * x
		second += density * x * x
	}
	mean = first / mass
	return mean, math.Sqrt(second/mass - mean*mean)
}

// TestClampAfterShift checks the clamp to the unit's range and to min:
// and max:, which applies after trend, shock and shift.
func TestClampAfterShift(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {fixed: 99%}
  fcr: {fixed: 96%, max: 97%}
  calls_answered_45s: {fixed: 75%, min: 72%}
  asa: {fixed: 2s}
  backlog: {fixed: 100}
`)
	shift := []float64{0.05, 0.05, -0.05, -5, -30}
	row := draw(s, 3, 1, shift)
	want := []float64{1, 0.97, 0.72, 0, 70}
	for slot, w := range want {
		if row[slot] != w {
			t.Errorf("%s = %v after shift %v, want %v", testMeasures[slot].Name, row[slot], shift[slot], w)
		}
	}
}
