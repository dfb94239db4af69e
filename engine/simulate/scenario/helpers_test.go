package scenario_test

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/engine/simulate/scenario"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// testMeasures are the reported measures of the tests that do not read
// the Springfield contract: percents, a duration and a count.
var testMeasures = []scenario.MeasureInfo{
	{Name: "csat", Title: "Customer satisfaction", Unit: types.Percent},
	{Name: "fcr", Title: "First-contact resolution", Unit: types.Percent},
	{Name: "calls_answered_45s", Title: "Calls answered within 45 seconds", Unit: types.Percent},
	{Name: "asa", Title: "Average speed of answer", Unit: types.Duration},
	{Name: "backlog", Title: "Open cases at month end", Unit: types.Count},
}

const (
	csat = iota
	fcr
	calls
	asa
	backlog
)

// testTerm is the Springfield term: 300 months from 2026-01.
var testTerm = types.Term{
	Start: types.NewPeriod(types.Monthly, 2026, 1),
	End:   types.NewPeriod(types.Monthly, 2050, 12),
}

// testHistory is the history of the bootstrap tests: row i of every
// column holds a value that encodes i, so that a draw shows which row it
// copied. asa is missing in row 4.
func testHistory(path string) (map[string][]float64, *diag.List) {
	if !strings.HasSuffix(path, "history.csv") {
		var list diag.List
		list.Errorf(path, diag.Span{}, "file not found")
		return nil, &list
	}
	const rows = 12
	h := map[string][]float64{"csat": make([]float64, rows), "asa": make([]float64, rows), "fcr": make([]float64, rows)}
	for i := range rows {
		h["csat"][i] = 0.80 + float64(i)/100
		h["fcr"][i] = 0.70 + float64(i)/100
		h["asa"][i] = 30 + float64(i)
	}
	h["asa"][4] = math.NaN()
	return h, nil
}

// mustParse parses src against testMeasures and fails the test on any
// error.
func mustParse(t testing.TB, src string) *scenario.Sampler {
	t.Helper()
	sc, errs := scenario.Parse("test.scenario", []byte(src), testMeasures, nil, testTerm, testHistory)
	if errs != nil {
		t.Fatalf("Parse failed:\n%s\nscenario:\n%s", errs.Error(), src)
	}
	return sc.Sampler()
}

// draw returns one term of periods months from s, drawn with seed.
func draw(s *scenario.Sampler, seed uint64, periods int, shift []float64) []float64 {
	out := make([]float64, periods*len(testMeasures))
	s.Draw(rand.New(rand.NewPCG(seed, 1)), periods, shift, out)
	return out
}

// column returns the values of slot in a draw of testMeasures.
func column(out []float64, slot int) []float64 {
	n := len(testMeasures)
	col := make([]float64, len(out)/n)
	for p := range col {
		col[p] = out[p*n+slot]
	}
	return col
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// lag1 returns the lag-1 autocorrelation of xs.
func lag1(xs []float64) float64 {
	mean, sd := meanSD(xs)
	sum := 0.0
	for i := 1; i < len(xs); i++ {
		sum += (xs[i] - mean) * (xs[i-1] - mean)
	}
	return sum / float64(len(xs)-1) / (sd * sd)
}

// pearson returns the correlation of xs and ys.
func pearson(xs, ys []float64) float64 {
	mx, sx := meanSD(xs)
	my, sy := meanSD(ys)
	sum := 0.0
	for i := range xs {
		sum += (xs[i] - mx) * (ys[i] - my)
	}
	return sum / float64(len(xs)-1) / (sx * sy)
}

// normalScores maps each value to Φ⁻¹ of its rank, the latent normal of
// a Gaussian copula when the marginal is continuous.
func normalScores(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	scores := make([]float64, len(xs))
	for rank, i := range idx {
		u := (float64(rank) + 0.5) / float64(len(xs))
		scores[i] = -math.Sqrt2 * math.Erfcinv(2*u)
	}
	return scores
}
