package kernel_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/kernel"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/shopspring/decimal"
	"golang.org/x/tools/txtar"
)

// contractFiles returns every contract the tests compare: the shipped ones
// and the contracts of the engine's scenario archives.
func contractFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{"springfield.pacta", "cloudhost.pacta"} {
		src, err := os.ReadFile(filepath.Join("../../contracts", name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = src
	}
	local, err := filepath.Glob("testdata/*.pacta")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range local {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(file)] = src
		// The same contract under each rounding mode, because the kernel
		// rounds per-unit amounts itself.
		for _, mode := range []string{"half up", "down"} {
			variant := strings.Replace(string(src), "rounding half even", "rounding "+mode, 1)
			out[filepath.Base(file)+" "+mode] = []byte(variant)
		}
	}
	archives, err := filepath.Glob("../../testdata/engine/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range archives {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name == "contract.pacta" {
				out[filepath.Base(file)] = f.Data
			}
		}
	}
	return out
}

// periodView is one period's results in a form both evaluators give.
type periodView struct {
	Levels  []string
	Sum     string
	Total   string
	Binding bool
	Notices map[string]int
}

// TestMatchesEngine runs the kernel and the engine over the same random
// values and compares every period: status, tier and deductions of each
// service level, the cap, and the number of notices of each kind.
func TestMatchesEngine(t *testing.T) {
	compiled := 0
	for name, src := range contractFiles(t) {
		t.Run(name, func(t *testing.T) {
			p, errs := engine.Load(name, src)
			if errs != nil {
				t.Fatalf("load: %v", errs)
			}
			k, err := kernel.Compile(p.Contract())
			if errors.Is(err, kernel.ErrUnsupported) {
				t.Skipf("not compiled: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			compiled++
			compared := 0
			for seed := range uint64(60) {
				if compareRun(t, p, k, seed) {
					compared++
				}
			}
			// Half the seeds draw no missing values, so a contract that
			// treats a missing value as an error is still compared.
			if compared < 30 {
				t.Errorf("only %d of 60 runs were compared; the others stopped at an error", compared)
			}
		})
	}
	if compiled < 8 {
		t.Errorf("only %d contracts compiled; the comparison covers too little", compiled)
	}
}

// compareRun compares one run and reports whether both evaluators gave a
// result; when one stops at an error, the other must too.
func compareRun(t *testing.T, p *engine.Program, k *kernel.Kernel, seed uint64) bool {
	t.Helper()
	c := p.Contract()
	periods := min(c.Term.Len(), 36)
	values := randomValues(c, k, periods, seed%2 == 1, rand.New(rand.NewPCG(seed, 7)))

	st := k.NewState(periods)
	runErr := st.Run(values, periods)
	res, errs := p.Evaluate(table(c, k, values, periods), engine.Options{})
	if runErr != nil || errs != nil {
		if (runErr != nil) != (errs != nil) {
			t.Fatalf("seed %d: kernel error %v, engine error %v", seed, runErr, errs)
		}
		return false
	}

	for i := 0; i < periods; i++ {
		want := engineView(res, i)
		got := kernelView(c, k, st, i)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("seed %d, period %s (-engine +kernel):\n%s", seed, res.Periods[i].Period, diff)
		}
	}
	return true
}

// randomValues draws values near the contract's thresholds, where the
// comparisons are hardest: on them, one step either side, and sometimes
// far off or missing.
func randomValues(c *check.Contract, k *kernel.Kernel, periods int, withMissing bool, rng *rand.Rand) []int64 {
	near := map[int][]int64{}
	for _, l := range c.Levels {
		ref, ok := l.Subject.(*check.MeasureRef)
		if !ok {
			continue
		}
		slot := ref.Measure.Slot
		for _, e := range append([]check.Expr{l.Threshold}, tierExprs(l)...) {
			if cst, ok := e.(*check.Const); ok {
				v := cst.Value.Shift(k.Scale(slot)).Round(0).IntPart()
				near[slot] = append(near[slot], v-1, v, v+1, v*9/10, v*11/10, v/2)
			}
		}
	}
	values := make([]int64, periods*k.Measures())
	for i := range values {
		cands := near[i%k.Measures()]
		switch r := rng.IntN(20); {
		case r == 0 && withMissing:
			values[i] = kernel.Missing
		case len(cands) == 0 || r == 1:
			values[i] = rng.Int64N(2_000_000)
		case r < 8:
			// A small random shortfall makes per-unit amounts end in
			// every possible fraction of a minor unit, halves included.
			values[i] = max(0, cands[rng.IntN(len(cands))]-rng.Int64N(200))
		default:
			values[i] = max(0, cands[rng.IntN(len(cands))])
		}
	}
	return values
}

func tierExprs(l *check.ServiceLevel) []check.Expr {
	var out []check.Expr
	for _, t := range l.Tiers {
		out = append(out, t.Threshold)
	}
	return out
}

// table builds the engine's input from fixed-point values.
func table(c *check.Contract, k *kernel.Kernel, values []int64, periods int) *data.Table {
	t := &data.Table{File: "random.csv"}
	for i := 0; i < periods; i++ {
		row := data.Row{Period: c.Term.Start.Add(i)}
		for _, m := range c.Measures {
			if !m.Reported {
				continue
			}
			v := values[i*k.Measures()+m.Slot]
			if v == kernel.Missing {
				row.Cells = append(row.Cells, data.Cell{Missing: true})
				continue
			}
			row.Cells = append(row.Cells, data.Cell{Value: decimal.New(v, -k.Scale(m.Slot))})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func engineView(res *engine.Result, i int) periodView {
	pr := res.Periods[i]
	v := periodView{Sum: pr.DeductionsBeforeCap.String(), Total: pr.TotalDeduction.String(), Notices: map[string]int{}}
	for _, l := range pr.ServiceLevels {
		v.Levels = append(v.Levels, fmt.Sprintf("%s %s %s %s/%s", l.Name, l.Status, l.Tier, l.DeductionBeforeCap, l.Deduction))
	}
	if pr.Cap != nil {
		v.Binding = pr.Cap.Binding
	}
	for _, n := range pr.Notices {
		v.Notices[n.Kind]++
	}
	return v
}

var statusWord = map[kernel.Status]string{
	kernel.Met:           "met",
	kernel.Failed:        "failed",
	kernel.MissingFailed: "missing",
	kernel.NotAssessed:   "not_assessed",
}

func kernelView(c *check.Contract, k *kernel.Kernel, st *kernel.State, i int) periodView {
	places := c.Currency.MinorUnits
	money := func(v int64) string { return decimal.New(v, -places).StringFixed(places) }
	v := periodView{Sum: money(st.Sum[i]), Total: money(st.Total[i]), Binding: st.CapBound[i], Notices: map[string]int{}}
	for l, sl := range c.Levels {
		status, tier := st.Status(i, l)
		tierName := ""
		if tier >= 0 {
			tierName = sl.Tiers[tier].Name
		}
		at := i*k.Levels() + l
		v.Levels = append(v.Levels, fmt.Sprintf("%s %s %s %s/%s", sl.Name, statusWord[status], tierName, money(st.Before[at]), money(st.Deduction[at])))
	}
	kinds := append([]string{"breach", "missing_data"}, noticeNames(c)...)
	for n, kind := range kinds {
		if count := st.Notices[i*k.NoticeKinds()+n]; count > 0 {
			v.Notices[kind] += int(count)
		}
	}
	return v
}

func noticeNames(c *check.Contract) []string {
	var out []string
	for _, n := range c.Notices {
		out = append(out, n.Name)
	}
	return out
}

// TestCompileRejects names the features the kernel leaves to the engine.
func TestCompileRejects(t *testing.T) {
	src := `contract "Trend"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 1,000.00 per month

measure a: reported percent
measure b: percent = a - 1%

service level b
  target b >= 80%
  deduct 1% of fee when failed
`
	p, errs := engine.Load("trend.pacta", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	_, err := kernel.Compile(p.Contract())
	if !errors.Is(err, kernel.ErrUnsupported) {
		t.Fatalf("Compile error = %v, want ErrUnsupported", err)
	}
	if !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("error %q does not name the subject", err)
	}
}
