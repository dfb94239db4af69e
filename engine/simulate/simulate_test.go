package simulate_test

import (
	"math"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/simulate"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// replay is a Sampler that repeats fixed rows of values, one per period,
// and draws nothing.
type replay struct {
	rows  [][]float64
	slots []int
}

func (s *replay) DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64) {
	n := len(s.rows[0])
	for i := 0; i < periods; i++ {
		for j, x := range s.rows[i%len(s.rows)] {
			if shift != nil {
				x += shift[j]
			}
			out[i*n+j] = x
		}
	}
}

func (s *replay) Measures() []int         { return s.slots }
func (s *replay) StdDev(slot int) float64 { return 0.01 }

// bernoulli fails measure slot 0 with probability p in each period,
// independently: the value is fail, else pass.
type bernoulli struct {
	p, pass, fail float64
}

func (s *bernoulli) DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64) {
	for i := 0; i < periods; i++ {
		out[i] = s.pass
		if rng.Float64() < s.p {
			out[i] = s.fail
		}
		if shift != nil {
			out[i] += shift[0]
		}
	}
}

func (s *bernoulli) Measures() []int         { return []int{0} }
func (s *bernoulli) StdDev(slot int) float64 { return 0.05 }

func load(t *testing.T, file string) *engine.Program {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, errs := engine.Load(file, src)
	if errs != nil {
		t.Fatal(errs)
	}
	return p
}

// springfieldReplay returns a Sampler that replays the shipped Springfield
// period data, and the engine's result over that data.
func springfieldReplay(t *testing.T) (*engine.Program, *replay, *engine.Result) {
	t.Helper()
	p := load(t, "../../contracts/springfield.pacta")
	src, err := os.ReadFile("../../testdata/springfield/periods.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, errs := data.Read("periods.csv", src, p.Schema())
	if errs != nil {
		t.Fatal(errs)
	}
	res, errs := p.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs)
	}

	c := p.Contract()
	s := &replay{}
	for _, row := range table.Rows {
		values := make([]float64, len(c.Measures))
		for i := range values {
			values[i] = math.NaN()
		}
		col := 0
		for _, m := range c.Measures {
			if !m.Reported {
				continue
			}
			if cell := row.Cells[col]; !cell.Missing {
				values[m.Slot], _ = cell.Value.Float64()
			}
			col++
		}
		s.rows = append(s.rows, values)
	}
	for _, l := range c.Levels {
		for _, m := range l.Inputs {
			s.slots = append(s.slots, m.Slot)
		}
	}
	return p, s, res
}

// TestReplayMatchesEval checks that a simulation over fixed values gives
// the figures of pacta eval over the same values, on both evaluators.
func TestReplayMatchesEval(t *testing.T) {
	p, s, res := springfieldReplay(t)
	for _, reference := range []bool{false, true} {
		out, err := simulate.Run(simulate.Config{Program: p, Sampler: s, Runs: 3, Seed: 1, Periods: len(s.rows), Reference: reference})
		if err != nil {
			t.Fatal(err)
		}
		want := res.Totals.TotalDeduction.Value
		for r, o := range out.Runs {
			got := decimal.New(o.Total, -2)
			if !got.Equal(want) {
				t.Errorf("reference=%v run %d: total %s, pacta eval %s", reference, r, got, want)
			}
		}
		counts := map[string]int{}
		for _, n := range res.Notices {
			if counts[n.Kind] == 0 {
				counts[n.Kind] = 1
			}
		}
		o := out.Runs[0]
		for k, item := range out.Meta.Notices {
			if got := o.FirstNotice[k] >= 0; got != (counts[item.Name] > 0) {
				t.Errorf("reference=%v: notice %s issued %v, pacta eval %v", reference, item.Name, got, counts[item.Name] > 0)
			}
		}
		if o.CapBound != 1 {
			t.Errorf("reference=%v: cap bound in %d periods, want 1 (2026-07)", reference, o.CapBound)
		}
	}
}

// TestFixedValuesWholeTerm runs Springfield's 300-month term over values
// repeated from the shipped data and compares it with pacta eval over a
// table of the same 300 months.
func TestFixedValuesWholeTerm(t *testing.T) {
	p, s, _ := springfieldReplay(t)
	c := p.Contract()
	periods := c.Term.Len()
	out, err := simulate.Run(simulate.Config{Program: p, Sampler: s, Runs: 1, Seed: 9, Periods: periods})
	if err != nil {
		t.Fatal(err)
	}
	if out.Meta.Evaluator != "compiled" {
		t.Errorf("evaluator %q, want compiled", out.Meta.Evaluator)
	}

	table := &data.Table{File: "repeated"}
	for i := 0; i < periods; i++ {
		row := data.Row{Period: c.Term.Start.Add(i)}
		for _, m := range c.Measures {
			if !m.Reported {
				continue
			}
			x := s.rows[i%len(s.rows)][m.Slot]
			if math.IsNaN(x) {
				row.Cells = append(row.Cells, data.Cell{Missing: true})
				continue
			}
			row.Cells = append(row.Cells, data.Cell{Value: decimal.NewFromFloat(x).Round(6)})
		}
		table.Rows = append(table.Rows, row)
	}
	res, errs := p.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	if got, want := decimal.New(out.Runs[0].Total, -2), res.Totals.TotalDeduction.Value; !got.Equal(want) {
		t.Errorf("simulated total %s, pacta eval %s", got, want)
	}
	var byYear int64
	for _, y := range out.Runs[0].ByYear {
		byYear += y
	}
	if byYear != out.Runs[0].Total {
		t.Errorf("years sum to %d, total %d", byYear, out.Runs[0].Total)
	}
	if len(out.Meta.Years) != 25 || out.Meta.Payments != 125_000_00*300 {
		t.Errorf("years %d, payments %d; want 25 and %d", len(out.Meta.Years), out.Meta.Payments, 125_000_00*300)
	}
}

const oneLevel = `contract "One level"
  currency USD
  term 2026-01 to 2035-12 monthly

payment fee = USD 10,000.00 per month

measure a: reported percent

service level a
  target a >= 80%
  deduct 1% of fee when failed

notice termination
  when service level a fails in 3 consecutive periods
`

// TestAnalyticExpectation checks a case with a known result: independent
// months failing with probability p, a deduction d per failure and no
// cap give an expected total of n·p·d, and the chance of a run of 3
// failures matches the exact value.
func TestAnalyticExpectation(t *testing.T) {
	p, errs := engine.Load("one.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	const (
		prob  = 0.2
		n     = 120
		d     = 100_00
		runs  = 20000
		sigma = 4
	)
	out, err := simulate.Run(simulate.Config{
		Program: p, Sampler: &bernoulli{p: prob, pass: 0.9, fail: 0.5},
		Runs: runs, Seed: 42, Periods: n, Workers: 3,
	})
	if err != nil {
		t.Fatal(err)
	}

	var sum, sumSq float64
	terminated := 0
	for _, o := range out.Runs {
		x := float64(o.Total)
		sum += x
		sumSq += x * x
		if o.FirstNotice[2] >= 0 {
			terminated++
		}
	}
	mean := sum / runs
	want := n * prob * d
	// The standard error of the mean of a binomial count times d.
	se := d * math.Sqrt(n*prob*(1-prob)/runs)
	if math.Abs(mean-want) > sigma*se {
		t.Errorf("mean total %.2f cents, want %.2f ± %.2f", mean, want, sigma*se)
	}

	exact := probRun(n, 3, prob)
	got := float64(terminated) / runs
	seP := math.Sqrt(exact * (1 - exact) / runs)
	if math.Abs(got-exact) > sigma*seP {
		t.Errorf("P(3 consecutive failures in %d months) = %.4f, exact %.4f ± %.4f", n, got, exact, sigma*seP)
	}
}

// probRun returns the probability of at least one run of k consecutive
// failures in n independent months that each fail with probability p, by
// dynamic programming over the length of the current run.
func probRun(n, k int, p float64) float64 {
	// state[j] is the probability of no run of k so far and a current run
	// of j failures.
	state := make([]float64, k)
	state[0] = 1
	for range n {
		next := make([]float64, k)
		for j, q := range state {
			next[0] += q * (1 - p)
			if j+1 < k {
				next[j+1] += q * p
			}
		}
		state = next
	}
	none := 0.0
	for _, q := range state {
		none += q
	}
	return 1 - none
}

func TestProbRun(t *testing.T) {
	// Three months, all three fail: p^3.
	if got := probRun(3, 3, 0.5); math.Abs(got-0.125) > 1e-12 {
		t.Errorf("probRun(3, 3, 0.5) = %v, want 0.125", got)
	}
	// Four months: FFF? or ?FFF, counted once: 2·p^3 - p^4.
	if got := probRun(4, 3, 0.5); math.Abs(got-(2*0.125-0.0625)) > 1e-12 {
		t.Errorf("probRun(4, 3, 0.5) = %v, want 0.1875", got)
	}
}

// TestWorkersDoNotChangeResults runs the same seed on 1, 2 and 5 workers
// and on the engine instead of the kernel.
func TestWorkersDoNotChangeResults(t *testing.T) {
	p, errs := engine.Load("one.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	run := func(workers int, reference bool) *simulate.Results {
		out, err := simulate.Run(simulate.Config{
			Program: p, Sampler: &bernoulli{p: 0.3, pass: 0.85, fail: 0.7},
			Runs: 300, Seed: 7, Periods: 60, Workers: workers, Reference: reference, Sensitivity: true,
			DiscountRate: ptr(decimal.RequireFromString("0.08")),
		})
		if err != nil {
			t.Fatal(err)
		}
		out.Meta.Workers = 0
		out.Meta.Evaluator = ""
		return out
	}
	want := run(1, false)
	opts := cmpopts.IgnoreUnexported(simulate.Shift{})
	for _, c := range []struct {
		workers   int
		reference bool
	}{{2, false}, {5, false}, {2, true}} {
		if diff := cmp.Diff(want, run(c.workers, c.reference), opts); diff != "" {
			t.Errorf("workers %d, reference %v (-1 worker +this):\n%s", c.workers, c.reference, diff)
		}
	}
	if len(want.Shifts) != 2 {
		t.Fatalf("shifts %d, want 2", len(want.Shifts))
	}
	var base int64
	for _, o := range want.Runs {
		base += o.Total
	}
	// A better value fails less often, so it cannot deduct more.
	if up, down := want.Shifts[0].TotalSum, want.Shifts[1].TotalSum; up > base || down < base {
		t.Errorf("shift +1 SD total %d, base %d, -1 SD %d; want up <= base <= down", up, base, down)
	}
	if want.Runs[0].NPV <= 0 || want.Runs[0].NPV >= want.Runs[0].Total && want.Runs[0].Total > 0 {
		t.Errorf("NPV %d for total %d; want 0 < NPV < total", want.Runs[0].NPV, want.Runs[0].Total)
	}
}

func ptr[T any](v T) *T { return &v }

// TestCompareSameContract compares a contract with itself: every run's
// difference is zero.
func TestCompareSameContract(t *testing.T) {
	p, errs := engine.Load("one.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	q, errs := engine.Load("two.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	out, err := simulate.Run(simulate.Config{Program: p, Compare: q, Sampler: &bernoulli{p: 0.3, pass: 0.85, fail: 0.7}, Runs: 50, Seed: 3, Periods: 24})
	if err != nil {
		t.Fatal(err)
	}
	for r := range out.Runs {
		if out.Runs[r].Total != out.Compare[r].Total {
			t.Fatalf("run %d: %d and %d", r, out.Runs[r].Total, out.Compare[r].Total)
		}
	}
}

// TestConfigErrors checks the errors a caller can cause.
func TestConfigErrors(t *testing.T) {
	p, errs := engine.Load("one.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	late := types.NewPeriod(types.Monthly, 2035, 6)
	tests := []struct {
		name string
		cfg  simulate.Config
		want string
	}{
		{"no runs", simulate.Config{Program: p, Sampler: &bernoulli{}, Runs: 0, Periods: 12}, "the number of runs must be at least 1, not 0"},
		{"past the term", simulate.Config{Program: p, Sampler: &bernoulli{}, Runs: 1, Periods: 12, Start: &late},
			"one.pacta: the simulated periods 2035-06 to 2036-05 are not all in the contract term 2026-01 to 2035-12"},
		{"not modelled", simulate.Config{Program: p, Sampler: &replay{rows: [][]float64{{0.9}}}, Runs: 1, Periods: 12},
			"one.pacta: the scenario does not model a, which the contract reads; add a marginal for each under the scenario's measures:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := simulate.Run(tt.cfg)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// offsetSampler records the first period it was asked for.
type offsetSampler struct {
	bernoulli
	first []int
	mu    sync.Mutex
}

func (s *offsetSampler) DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64) {
	s.mu.Lock()
	s.first = append(s.first, first)
	s.mu.Unlock()
	s.bernoulli.DrawFrom(rng, first, periods, shift, out)
}

// TestStartOffset checks that a simulation from a later period asks the
// sampler for periods counted from the start of the term, where trends
// and shocks are placed.
func TestStartOffset(t *testing.T) {
	p, errs := engine.Load("one.pacta", []byte(oneLevel))
	if errs != nil {
		t.Fatal(errs)
	}
	start := types.NewPeriod(types.Monthly, 2027, 6)
	s := &offsetSampler{bernoulli: bernoulli{p: 0.1, pass: 0.9, fail: 0.5}}
	out, err := simulate.Run(simulate.Config{Program: p, Sampler: s, Runs: 4, Seed: 1, Start: &start, Periods: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, first := range s.first {
		if first != 17 {
			t.Errorf("first period %d, want 17 (2027-06 is 17 months after 2026-01)", first)
		}
	}
	if out.Meta.From != "2027-06" || out.Meta.To != "2028-05" {
		t.Errorf("simulated %s to %s, want 2027-06 to 2028-05", out.Meta.From, out.Meta.To)
	}
}
