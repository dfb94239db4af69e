package scenario_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func TestAR1Autocorrelation(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		slot     int
		phi      float64
		mean, sd float64
		// latent checks the normal scores, the latent process, instead of
		// the values, for a marginal that is no linear map of it.
		latent bool
	}{
		{"normal", "measures: {csat: {normal: {mean: 86%, sd: 2%}, ar1: 0.6}}", csat, 0.6, 0.86, 0.02, false},
		{"negative", "measures: {csat: {normal: {mean: 86%, sd: 2%}, ar1: -0.5}}", csat, -0.5, 0.86, 0.02, false},
		{"beta", "measures: {fcr: {beta: {mean: 77%, sd: 4%}, ar1: 0.8}}", fcr, 0.8, 0.77, 0.04, true},
		{"triangular", "measures: {calls_answered_45s: {triangular: {min: 60%, mode: 70%, max: 80%}, ar1: 0.3}}", calls, 0.3, 0.7, math.Sqrt(0.03 / 18), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.scenario)
			values := column(draw(s, 4, momentDraws, nil), tt.slot)

			series := values
			if tt.latent {
				series = normalScores(values)
			}
			if got := lag1(series); math.Abs(got-tt.phi) > 0.01 {
				t.Errorf("lag-1 autocorrelation = %.4f, want %.2f ± 0.01", got, tt.phi)
			}

			// The marginal stays the same; with persistence, the standard
			// error of the mean grows by sqrt((1+φ)/(1-φ)).
			mean, sd := meanSD(values)
			inflation := math.Sqrt((1 + tt.phi) / (1 - tt.phi))
			if tolerance := 5 * inflation * tt.sd / math.Sqrt(momentDraws); math.Abs(mean-tt.mean) > tolerance {
				t.Errorf("mean = %.6g, want %.6g ± %.2g", mean, tt.mean, tolerance)
			}
			if math.Abs(sd-tt.sd) > 0.02*tt.sd {
				t.Errorf("SD = %.6g, want %.6g ± 2%%", sd, tt.sd)
			}
		})
	}
}

func TestRegimeChain(t *testing.T) {
	const pDegrade, pRecover = 0.05, 0.4
	s := mustParse(t, `
measures:
  calls_answered_45s:
    regime:
      normal: {fixed: 90%}
      degraded: {fixed: 70%}
      p_degrade: 0.05
      p_recover: 40%
`)
	values := column(draw(s, 5, momentDraws, nil), calls)

	degraded, runs := 0, 0
	for i, v := range values {
		switch v {
		case 0.7:
			degraded++
			if i == 0 || values[i-1] != 0.7 {
				runs++
			}
		case 0.9:
		default:
			t.Fatalf("month %d = %v, want 90%% or 70%%", i, v)
		}
	}
	if values[0] != 0.9 {
		t.Errorf("first month = %v, want 90%%: the regime starts normal by default", values[0])
	}

	share := float64(degraded) / float64(len(values))
	wantShare := pDegrade / (pDegrade + pRecover)
	if math.Abs(share-wantShare) > 0.005 {
		t.Errorf("share of degraded months = %.4f, want %.4f ± 0.005", share, wantShare)
	}
	runLength := float64(degraded) / float64(runs)
	if math.Abs(runLength-1/pRecover) > 0.05 {
		t.Errorf("mean degraded run = %.3f months, want %.3f ± 0.05", runLength, 1/pRecover)
	}

	// The mixture of 90% and 70% with weight w on 70% has SD
	// 20%·sqrt(w(1-w)).
	wantSD := 0.2 * math.Sqrt(wantShare*(1-wantShare))
	if got := s.StdDev(calls); math.Abs(got-wantSD) > 1e-12 {
		t.Errorf("StdDev = %.10g, want %.10g", got, wantSD)
	}
	if _, sd := meanSD(values); math.Abs(sd-wantSD) > 0.02*wantSD {
		t.Errorf("SD of draws = %.5g, want %.5g ± 2%%", sd, wantSD)
	}
}

func TestRegimeStart(t *testing.T) {
	const regime = `
measures:
  calls_answered_45s:
    regime:
      normal: {fixed: 90%%}
      degraded: {fixed: 70%%}
      p_degrade: 0.2
      p_recover: 0.3
      start: %s
`
	tests := []struct {
		start        string
		wantDegraded float64
	}{
		{"normal", 0},
		{"degraded", 1},
		{"stationary", 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.start, func(t *testing.T) {
			s := mustParse(t, fmt.Sprintf(regime, tt.start))
			const terms = 20_000
			degraded := 0
			for seed := range uint64(terms) {
				if draw(s, seed, 1, nil)[calls] == 0.7 {
					degraded++
				}
			}
			if got := float64(degraded) / terms; math.Abs(got-tt.wantDegraded) > 0.02 {
				t.Errorf("share of terms that start degraded = %.3f, want %.2f", got, tt.wantDegraded)
			}
		})
	}
}

func TestCopulaCorrelation(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {normal: {mean: 86%, sd: 2%}}
  fcr: {beta: {mean: 77%, sd: 4%}}
  calls_answered_45s: {triangular: {min: 60%, mode: 75%, max: 90%}}
  asa: {normal: {mean: 36s, sd: 3s}}
correlation:
  measures: [calls_answered_45s, csat, fcr]
  matrix:
    - [1, 0.3, -0.2]
    - [0.3, 1, 0.6]
    - [-0.2, 0.6, 1]
`)
	out := draw(s, 6, 100_000, nil)
	scores := map[int][]float64{}
	for _, slot := range []int{csat, fcr, calls, asa} {
		scores[slot] = normalScores(column(out, slot))
	}

	tests := []struct {
		name string
		a, b int
		want float64
	}{
		{"csat and fcr", csat, fcr, 0.6},
		{"csat and calls", csat, calls, 0.3},
		{"fcr and calls", fcr, calls, -0.2},
		{"asa outside the correlation", asa, csat, 0},
	}
	for _, tt := range tests {
		if got := pearson(scores[tt.a], scores[tt.b]); math.Abs(got-tt.want) > 0.015 {
			t.Errorf("%s: correlation of normal scores = %.4f, want %.2f ± 0.015", tt.name, got, tt.want)
		}
	}
}

// TestCopulaSingular checks the eigenvalue factor of a matrix that is
// positive semi-definite but singular: correlation 1 makes two measures
// with one marginal equal, and -1 makes them mirror images.
func TestCopulaSingular(t *testing.T) {
	tests := []struct {
		name string
		rho  string
		same bool
	}{
		{"plus one", "1", true},
		{"minus one", "-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, fmt.Sprintf(`
measures:
  csat: {normal: {mean: 50%%, sd: 5%%}}
  fcr: {normal: {mean: 50%%, sd: 5%%}}
correlation:
  measures: [csat, fcr]
  matrix: [[1, %s], [%s, 1]]
`, tt.rho, tt.rho))
			out := draw(s, 7, 1000, nil)
			a, b := column(out, csat), column(out, fcr)
			for p := range a {
				want := a[p]
				if !tt.same {
					want = 1 - a[p]
				}
				if math.Abs(b[p]-want) > 1e-9 {
					t.Fatalf("month %d: csat %.6f, fcr %.6f, want fcr %.6f", p, a[p], b[p], want)
				}
			}
		})
	}
}

func TestTrendAndShock(t *testing.T) {
	s := mustParse(t, `
measures:
  csat:
    fixed: 80%
    trend: {per_year: 1%, years: 3}
  fcr:
    fixed: 90%
    shock: {from: 2030-06, months: 3, change: -10%}
  calls_answered_45s:
    fixed: 80%
    trend: {per_year: -2%}
    shock:
      - {from: 2026-01, change: 5%}
      - {from: 2050-12, change: 5%}
  asa:
    fixed: 40s
    shock: {from: 2027-01, months: 2, change: 20s}
`)
	out := draw(s, 8, testTerm.Len(), nil)
	tests := []struct {
		name   string
		slot   int
		period int
		want   float64
	}{
		{"trend starts at zero", csat, 0, 0.80},
		{"trend after one year", csat, 12, 0.81},
		{"trend mid second year", csat, 18, 0.815},
		{"trend ends after three years", csat, 36, 0.83},
		{"trend holds", csat, 299, 0.83},
		{"before shock", fcr, 52, 0.90},
		{"shock first month, 2030-06", fcr, 53, 0.80},
		{"shock last month", fcr, 55, 0.80},
		{"after shock", fcr, 56, 0.90},
		{"trend without years and shock", calls, 0, 0.85},
		{"trend for the whole term", calls, 120, 0.60},
		{"trend and shock in the last month", calls, 299, 0.80 - 0.02*299.0/12 + 0.05},
		{"duration shock", asa, 12, 60},
		{"duration shock second month", asa, 13, 60},
		{"duration after shock", asa, 14, 40},
	}
	for _, tt := range tests {
		got := out[tt.period*len(testMeasures)+tt.slot]
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: %s in period %d = %.6g, want %.6g", tt.name, testMeasures[tt.slot].Name, tt.period, got, tt.want)
		}
	}
}

// TestDrawFrom checks that a run from a later period places the trend
// and the shock by the contract term, not by the first drawn period.
func TestDrawFrom(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {fixed: 80%, trend: {per_year: 1%, years: 3}}
  fcr: {fixed: 90%, shock: {from: 2030-06, months: 3, change: -10%}}
`)
	const first = 48 // 2030-01
	out := make([]float64, 12*len(testMeasures))
	s.DrawFrom(rand.New(rand.NewPCG(16, 1)), first, 12, nil, out)
	tests := []struct {
		name   string
		slot   int
		period int
		want   float64
	}{
		{"trend held after three years", csat, 0, 0.83},
		{"before shock", fcr, 4, 0.90},
		{"shock in 2030-06", fcr, 5, 0.80},
		{"shock in 2030-08", fcr, 7, 0.80},
		{"after shock", fcr, 8, 0.90},
	}
	for _, tt := range tests {
		if got := out[tt.period*len(testMeasures)+tt.slot]; math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: %s in drawn period %d = %.6g, want %.6g", tt.name, testMeasures[tt.slot].Name, tt.period, got, tt.want)
		}
	}
}

func TestBootstrapBlocks(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {bootstrap: true, trend: {per_year: 0%}}
bootstrap:
  data: history.csv
  block: 3
  measures: [fcr, asa]
`)
	if got, want := s.Measures(), []int{csat, fcr, asa}; !slices.Equal(got, want) {
		t.Fatalf("Measures() = %v, want %v", got, want)
	}

	const periods = 10 // three whole blocks and one cut to a month
	starts := map[int]int{}
	for seed := range uint64(500) {
		out := draw(s, seed, periods, nil)
		csatRows := rowsOf(column(out, csat), 0.80, 100)
		fcrRows := rowsOf(column(out, fcr), 0.70, 100)
		asaRows := rowsOf(column(out, asa), 30, 1)
		for p := range periods {
			if csatRows[p] != fcrRows[p] || (asaRows[p] >= 0 && asaRows[p] != csatRows[p]) {
				t.Fatalf("seed %d, month %d: rows csat %d, fcr %d, asa %d; a month copies one whole row", seed, p, csatRows[p], fcrRows[p], asaRows[p])
			}
			if asaRows[p] < 0 && csatRows[p] != 4 {
				t.Fatalf("seed %d, month %d: asa is missing, but only row 4 lacks it, and the month copies row %d", seed, p, csatRows[p])
			}
			if p%3 != 0 && csatRows[p] != csatRows[p-1]+1 {
				t.Fatalf("seed %d, months %d and %d copy rows %d and %d; a block copies consecutive rows", seed, p-1, p, csatRows[p-1], csatRows[p])
			}
		}
		for p := 0; p < periods; p += 3 {
			starts[csatRows[p]]++
		}
	}

	// With 12 rows and blocks of 3, a block starts at rows 0 to 9, each
	// with chance 1/10; 2,000 blocks give each about 200.
	for row := range 12 {
		n := starts[row]
		if row > 9 && n > 0 {
			t.Errorf("%d blocks start at row %d, where no whole block fits", n, row)
		}
		if row <= 9 && (n < 140 || n > 260) {
			t.Errorf("%d of 2000 blocks start at row %d, want about 200", n, row)
		}
	}

	// csat runs from 0.80 to 0.91 in steps of 0.01, and the sample
	// variance of 0, 1, ..., 11 is 12·13/12 = 13.
	wantSD := math.Sqrt(13)
	if got := s.StdDev(csat); math.Abs(got-wantSD/100) > 1e-12 {
		t.Errorf("StdDev(csat) = %.10g, want %.10g", got, wantSD/100)
	}
}

// rowsOf returns the history row that each value encodes, value =
// base + row/scale, or -1 for NaN.
func rowsOf(values []float64, base, scale float64) []int {
	rows := make([]int, len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			rows[i] = -1
			continue
		}
		rows[i] = int(math.Round((v - base) * scale))
	}
	return rows
}

// TestBootstrapDefault checks that a bootstrap without measures: draws
// every measure in the data that has no marginal.
func TestBootstrapDefault(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {normal: {mean: 86%, sd: 2%}}
bootstrap: {data: history.csv}
`)
	if got, want := s.Measures(), []int{csat, fcr, asa}; !slices.Equal(got, want) {
		t.Errorf("Measures() = %v, want %v", got, want)
	}
	out := draw(s, 9, 24, nil)
	for p, row := range rowsOf(column(out, fcr), 0.70, 100) {
		if row < 0 || row > 11 {
			t.Errorf("fcr in month %d encodes row %d, want a row from 0 to 11", p, row)
		}
	}
}

// TestBootstrapOnly checks that a scenario of only a bootstrap draws every
// measure that its data reports.
func TestBootstrapOnly(t *testing.T) {
	s := mustParse(t, "bootstrap: {data: history.csv, block: 4}")
	if got, want := s.Measures(), []int{csat, fcr, asa}; !slices.Equal(got, want) {
		t.Errorf("Measures() = %v, want %v", got, want)
	}
}

// fullScenario uses every kind of model, so that the tests of
// determinism and of common random numbers cover each.
const fullScenario = `
measures:
  csat: {beta: {mean: 87%, sd: 1.5%}, ar1: 0.5, trend: {per_year: 0.5%, years: 3}}
  fcr: {normal: {mean: 78%, sd: 2.5%}}
  calls_answered_45s:
    regime:
      normal: {normal: {mean: 83%, sd: 1.5%}}
      degraded: {triangular: {min: 62%, mode: 70%, max: 80%}}
      p_degrade: 4%
      p_recover: 50%
      start: stationary
  asa: {bootstrap: true, shock: {from: 2030-06, months: 3, change: 10s}}
  backlog: {discrete: [{value: 100, p: 0.5}, {value: 140, p: 0.5}]}
correlation:
  measures: [csat, calls_answered_45s]
  matrix: [[1, 0.4], [0.4, 1]]
bootstrap: {data: history.csv, block: 3, measures: [asa]}
`

func TestDrawDeterministic(t *testing.T) {
	s := mustParse(t, fullScenario)
	a := draw(s, 10, testTerm.Len(), nil)
	b := draw(s, 10, testTerm.Len(), nil)
	if !slices.EqualFunc(a, b, sameFloat) {
		t.Error("two draws with seed 10 differ")
	}
	c := draw(s, 11, testTerm.Len(), nil)
	if slices.EqualFunc(a, c, sameFloat) {
		t.Error("draws with seeds 10 and 11 are equal")
	}
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestShiftCommonRandomNumbers checks that a shift moves each value by
// exactly the shift, except where the clamp applies, and that a draw
// with a shift takes the same random numbers as one without.
func TestShiftCommonRandomNumbers(t *testing.T) {
	s := mustParse(t, fullScenario)
	shift := []float64{-0.01, 0.02, -0.03, 5, 10}
	periods := testTerm.Len()
	n := len(testMeasures)

	rngBase := rand.New(rand.NewPCG(12, 1))
	base := make([]float64, periods*n)
	s.Draw(rngBase, periods, nil, base)
	rngShift := rand.New(rand.NewPCG(12, 1))
	shifted := make([]float64, periods*n)
	s.Draw(rngShift, periods, shift, shifted)

	if a, b := rngBase.Uint64(), rngShift.Uint64(); a != b {
		t.Errorf("the generators differ after the draws (%d and %d), so the shifted draw took other random numbers", a, b)
	}

	compared := 0
	for p := range periods {
		for slot := range n {
			i := p*n + slot
			v, w := base[i], shifted[i]
			if math.IsNaN(v) || math.IsNaN(w) {
				if !math.IsNaN(v) || !math.IsNaN(w) {
					t.Fatalf("period %d, %s: %v without shift, %v with it", p, testMeasures[slot].Name, v, w)
				}
				continue
			}
			lo, hi := 0.0, math.Inf(1)
			if slot <= calls {
				hi = 1
			}
			if v <= lo || v >= hi || w <= lo || w >= hi {
				continue
			}
			compared++
			if w != v+shift[slot] {
				t.Fatalf("period %d, %s: %v with shift %v, want %v + %v", p, testMeasures[slot].Name, w, shift[slot], v, shift[slot])
			}
		}
	}
	if compared < periods*n/2 {
		t.Errorf("only %d of %d values were compared", compared, periods*n)
	}
}

// countingSource counts the 64-bit numbers that a draw takes.
type countingSource struct {
	rand.Source
	calls int
}

func (c *countingSource) Uint64() uint64 {
	c.calls++
	return c.Source.Uint64()
}

// TestDrawConsumption checks the documented count of uniforms: one per
// bootstrap block up front, then one per regime and one per independent
// random measure in each period, and none for a fixed value.
func TestDrawConsumption(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		want     int
	}{
		{"fixed only", "measures: {csat: {fixed: 90%}, fcr: {fixed: 80%}}", 0},
		{"one uniform", "measures: {csat: {normal: {mean: 86%, sd: 2%}}, fcr: {fixed: 80%}}", 24},
		{"discrete and triangular", "measures: {csat: {discrete: [{value: 90%, p: 1}]}, calls_answered_45s: {triangular: {min: 60%, mode: 70%, max: 80%}}}", 48},
		{"regime", "measures: {calls_answered_45s: {regime: {normal: {fixed: 90%}, degraded: {fixed: 70%}, p_degrade: 0.1, p_recover: 0.5}}}", 48},
		{"bootstrap blocks of 5", "measures: {csat: {bootstrap: true}}\nbootstrap: {data: history.csv, block: 5}", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.scenario)
			src := &countingSource{Source: rand.NewPCG(13, 1)}
			out := make([]float64, 24*len(testMeasures))
			s.Draw(rand.New(src), 24, nil, out)
			if src.calls != tt.want {
				t.Errorf("a draw of 24 months took %d random numbers, want %d", src.calls, tt.want)
			}
		})
	}
}

func TestStdDevAndMeasures(t *testing.T) {
	s := mustParse(t, `
measures:
  csat: {fixed: 90%}
  asa: {normal: {mean: 40s, sd: 3s}}
`)
	if got, want := s.Measures(), []int{csat, asa}; !slices.Equal(got, want) {
		t.Errorf("Measures() = %v, want %v", got, want)
	}
	if got := s.StdDev(csat); got != 0 {
		t.Errorf("StdDev of a fixed value = %v, want 0", got)
	}
	if got := s.StdDev(asa); math.Abs(got-3) > 1e-9 {
		t.Errorf("StdDev(asa) = %v, want 3", got)
	}
	for _, slot := range []int{fcr, -1, len(testMeasures)} {
		if got := s.StdDev(slot); !math.IsNaN(got) {
			t.Errorf("StdDev(%d) = %v, want NaN for a measure that is not modelled", slot, got)
		}
	}
	row := draw(s, 14, 1, nil)
	for _, slot := range []int{fcr, calls, backlog} {
		if !math.IsNaN(row[slot]) {
			t.Errorf("%s = %v, want NaN for a measure that is not modelled", testMeasures[slot].Name, row[slot])
		}
	}
}

func TestDrawPanicsOnLength(t *testing.T) {
	s := mustParse(t, "measures: {csat: {fixed: 90%}}")
	tests := []struct {
		name  string
		out   []float64
		shift []float64
	}{
		{"short output", make([]float64, 3), nil},
		{"short shift", make([]float64, len(testMeasures)), []float64{0}},
	}
	t.Run("first period before the term", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("DrawFrom did not panic")
			}
		}()
		s.DrawFrom(rand.New(rand.NewPCG(1, 1)), -1, 1, nil, make([]float64, len(testMeasures)))
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Draw did not panic")
				}
			}()
			s.Draw(rand.New(rand.NewPCG(1, 1)), 1, tt.shift, tt.out)
		})
	}
}

// TestDrawConcurrent draws from one sampler in several goroutines. Run
// with -race, it checks that Draw does not write to the sampler.
func TestDrawConcurrent(t *testing.T) {
	s := mustParse(t, fullScenario)
	want := draw(s, 15, 120, nil)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := draw(s, 15, 120, nil); !slices.EqualFunc(got, want, sameFloat) {
				t.Error("a concurrent draw differs from a sequential one with the same seed")
			}
		})
	}
	wg.Wait()
}
