// Package simulate runs a contract over many simulated terms of monthly
// measure values and collects what each term cost the operator.
//
// A run draws one term of values from a Sampler and rounds each value to
// the fixed point of package kernel: a percent to a millionth, a duration
// to the millisecond. The compiled kernel then evaluates the contract over
// it. A contract that does not compile runs on the engine itself over the
// same rounded values, so both paths give the same figures. Run r
// draws from its own random stream, derived from the seed and r, and
// writes its Outcome to slot r, so the results do not depend on the
// number of workers or on the order in which they finish.
//
// The --compare contract sees the same rounded values in the same run
// (common random numbers), and so do the sensitivity runs, which move one
// measure by one standard deviation and draw everything else the same.
package simulate

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/kernel"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Sampler draws simulated terms. DrawFrom fills out with periods periods
// that start first periods after the start of the contract term (trends
// and shocks are placed by the term). out is row-major with one value per
// measure slot of the contract, in the measure's canonical unit (a percent
// as a fraction); NaN stands for a value not reported. shift, when not
// nil, is added to each modelled measure before it is clamped to its
// range, and DrawFrom must consume the same random numbers with or
// without it.
type Sampler interface {
	DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64)
	// Measures returns the slots the scenario models, ascending. The
	// simulation reads only these slots of out and treats the others as
	// not reported.
	Measures() []int
	// StdDev returns the standard deviation of a measure's monthly value.
	StdDev(slot int) float64
}

// Config is one simulation.
type Config struct {
	Program *engine.Program
	// Compare is the second contract version of --compare, or nil.
	Compare *engine.Program
	Sampler Sampler
	Runs    int
	Seed    uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Start is the first simulated period and Periods their number; the
	// zero Start means the start of the contract term.
	Start   *types.Period
	Periods int
	// DiscountRate is the annual rate for the present value, or nil.
	DiscountRate *decimal.Decimal
	// Sensitivity runs every run again for each modelled measure that a
	// service level reads, moved by +1 and -1 standard deviation.
	Sensitivity bool
	// Progress, when set, is called with the number of terms evaluated so
	// far, sensitivity runs included, out of Evaluations(cfg).
	Progress func(done int)
	// Reference forces the engine for every run, for tests that compare it
	// with the kernel.
	Reference bool
}

// NotCompiled returns why the compiled evaluator cannot run p, or "" when
// it can. Such a contract runs on the engine, which is far slower.
func NotCompiled(p *engine.Program) string {
	_, err := kernel.Compile(p.Contract())
	if err == nil {
		return ""
	}
	return strings.TrimPrefix(err.Error(), kernel.ErrUnsupported.Error()+": ")
}

// Evaluations returns the number of terms Run evaluates for cfg, which is
// what Config.Progress counts to.
func Evaluations(cfg Config) int {
	n := 0
	if cfg.Sensitivity {
		n = len(sensitivityShifts(cfg, &evaluator{c: cfg.Program.Contract()}))
	}
	return cfg.Runs * (1 + n)
}

// evaluator runs one contract over a term of fixed-point values.
type evaluator struct {
	p *engine.Program
	c *check.Contract
	k *kernel.Kernel
	// slots maps the sampler's measure slots (those of the main contract)
	// to this contract's slots, or -1.
	slots []int
	scale []int32
	// unit[slot] is 10^scale[slot], the fixed-point steps per unit.
	unit []float64
	// columns lists this contract's reported measure slots in data order.
	columns []int
	start   types.Period
}

// Run runs the simulation.
func Run(cfg Config) (*Results, error) {
	if cfg.Runs < 1 {
		return nil, fmt.Errorf("the number of runs must be at least 1, not %d", cfg.Runs)
	}
	if err := checkAmounts(cfg.Program, cfg.Periods); err != nil {
		return nil, err
	}
	if cfg.Compare != nil {
		if err := checkAmounts(cfg.Compare, cfg.Periods); err != nil {
			return nil, err
		}
	}
	main, err := newEvaluator(cfg.Program, cfg.Program, cfg)
	if err != nil {
		return nil, err
	}
	var other *evaluator
	if cfg.Compare != nil {
		if other, err = newEvaluator(cfg.Compare, cfg.Program, cfg); err != nil {
			return nil, err
		}
	}

	res := &Results{Meta: meta(cfg, main, other)}
	res.Runs = make([]Outcome, cfg.Runs)
	if other != nil {
		res.Compare = make([]Outcome, cfg.Runs)
	}
	shifts := sensitivityShifts(cfg, main)
	var done atomic.Int64
	progress := func() {
		if cfg.Progress != nil {
			cfg.Progress(int(done.Add(1)))
		}
	}

	err = parallel(cfg, func(w *worker, r int) error {
		defer progress()
		values, err := w.draw(cfg, main, r, nil)
		if err != nil {
			return fmt.Errorf("run %d: %w", r+1, err)
		}
		if err := w.evaluate(main, values, &res.Runs[r]); err != nil {
			return fmt.Errorf("run %d: %w", r+1, err)
		}
		if other != nil {
			if err := w.evaluate(other, values, &res.Compare[r]); err != nil {
				return fmt.Errorf("run %d, contract %s: %w", r+1, other.c.File.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	for s := range shifts {
		if err := runShift(cfg, main, &shifts[s], progress); err != nil {
			return nil, err
		}
	}
	res.Shifts = shifts
	return res, nil
}

// worker holds one goroutine's buffers, reused from run to run.
type worker struct {
	floats []float64
	values []int64
	mapped []int64
	states map[*evaluator]*kernel.State
	npv    []uint64
	// modelled lists the slots the sampler models, the only ones draw
	// writes in values.
	modelled []int
}

// parallel calls fn for each run on cfg.Workers goroutines and returns the
// error of the lowest run that failed, so the error does not depend on
// scheduling either.
func parallel(cfg Config, fn func(w *worker, r int) error) error {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, cfg.Runs)
	var next atomic.Int64
	errs := make([]error, cfg.Runs)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(cfg)
			for {
				r := int(next.Add(1)) - 1
				if r >= cfg.Runs {
					return
				}
				errs[r] = fn(w, r)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func newWorker(cfg Config) *worker {
	n := cfg.Periods * len(cfg.Program.Contract().Measures)
	w := &worker{
		floats:   make([]float64, n),
		values:   make([]int64, n),
		states:   map[*evaluator]*kernel.State{},
		modelled: cfg.Sampler.Measures(),
	}
	for i := range w.values {
		w.values[i] = kernel.Missing
	}
	if cfg.DiscountRate != nil {
		w.npv = discountFactors(*cfg.DiscountRate, cfg.Periods, periodsPerYear(cfg.Program.Contract()))
	}
	return w
}

// stream returns run r's random stream: both PCG seeds come from mixing
// the seed with the run number, so nearby runs get unrelated streams.
func stream(seed uint64, r int) *rand.Rand {
	a := splitmix(seed ^ splitmix(uint64(r)+0x9e3779b97f4a7c15))
	b := splitmix(a ^ 0xda942042e4dd58b5)
	return rand.New(rand.NewPCG(a, b))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// draw draws run r and rounds the modelled measures to the main
// contract's fixed point. The other slots of the values it returns are
// Missing, as newWorker set them.
func (w *worker) draw(cfg Config, main *evaluator, r int, shift []float64) ([]int64, error) {
	first := main.start.Sub(main.c.Term.Start)
	cfg.Sampler.DrawFrom(stream(cfg.Seed, r), first, cfg.Periods, shift, w.floats)
	n := len(main.unit)
	inRange := true
	// Converting one measure at a time, with its unit in a register, is
	// faster than converting row by row.
	for _, j := range w.modelled {
		unit := main.unit[j]
		for i := j; i < len(w.floats); i += n {
			x := w.floats[i]
			if math.IsNaN(x) {
				w.values[i] = kernel.Missing
				continue
			}
			v := math.Round(x * unit)
			inRange = inRange && v < maxFixed && v > -maxFixed
			w.values[i] = int64(v)
		}
	}
	if !inRange {
		return nil, w.tooLarge(main)
	}
	return w.values, nil
}

// tooLarge returns the error for the first drawn value, in period order,
// that is too large for the fixed point.
func (w *worker) tooLarge(main *evaluator) error {
	n := len(main.unit)
	for i := 0; i < len(w.floats); i += n {
		for _, j := range w.modelled {
			x, unit := w.floats[i+j], main.unit[j]
			if v := math.Round(x * unit); !math.IsNaN(x) && !(v < maxFixed && v > -maxFixed) {
				m := main.c.Measures[j]
				return fmt.Errorf("the value %g drawn for measure %s in %s is too large for the simulation's fixed point (at most %g in its unit); lower it in the scenario",
					x, m.Name, main.start.Add(i/n), maxFixed/unit)
			}
		}
	}
	panic("simulate: no drawn value is too large")
}

// maxFixed bounds a fixed-point value, so that sums of a few of them stay
// within int64.
const maxFixed = 1 << 55

// evaluate runs one contract over a drawn term and fills out.
func (w *worker) evaluate(e *evaluator, values []int64, out *Outcome) error {
	values = w.mapValues(e, values)
	if e.k != nil {
		st := w.states[e]
		if st == nil {
			st = e.k.NewState(len(values) / e.k.Measures())
			w.states[e] = st
		}
		err := st.Run(values, len(values)/e.k.Measures())
		if err == nil {
			return e.fromState(st, w.npv, out)
		}
		if !errors.Is(err, kernel.ErrOverflow) && !errors.Is(err, kernel.ErrMissingValue) {
			return err
		}
		// The engine evaluates the term again, to give the overflowing
		// amount exactly or to report the missing value with its rule.
	}
	return e.reference(values, w.npv, out)
}

// mapValues rearranges values drawn for the main contract's slots into the
// slots of e's contract.
func (w *worker) mapValues(e *evaluator, values []int64) []int64 {
	if e.slots == nil {
		return values
	}
	src := len(e.slots)
	dst := len(e.c.Measures)
	periods := len(values) / src
	if cap(w.mapped) < periods*dst {
		w.mapped = make([]int64, periods*dst)
	}
	out := w.mapped[:periods*dst]
	for i := range out {
		out[i] = kernel.Missing
	}
	for i := 0; i < periods; i++ {
		for s, d := range e.slots {
			if d >= 0 {
				out[i*dst+d] = values[i*src+s]
			}
		}
	}
	return out
}

// reference evaluates a term with the engine.
func (e *evaluator) reference(values []int64, npv []uint64, out *Outcome) error {
	n := len(e.c.Measures)
	t := &data.Table{File: "simulated"}
	for i := 0; i < len(values)/n; i++ {
		row := data.Row{Period: e.start.Add(i)}
		for _, slot := range e.columns {
			v := values[i*n+slot]
			if v == kernel.Missing {
				row.Cells = append(row.Cells, data.Cell{Missing: true, Why: "no value in the simulated month: the scenario does not model it, or its bootstrap history has a blank cell"})
				continue
			}
			row.Cells = append(row.Cells, data.Cell{Value: decimal.New(v, -e.scale[slot])})
		}
		t.Rows = append(t.Rows, row)
	}
	res, errs := e.p.Evaluate(t, engine.Options{})
	if errs != nil {
		return fmt.Errorf("the contract cannot be evaluated over a simulated term: %s", errs.Error())
	}
	return e.fromResult(res, npv, out)
}

// maxTermAmount bounds the payments of a simulated term in minor units.
// Every sum of deductions the simulation keeps is at most a few times the
// payments, and the bound leaves room for that below the int64 limit.
const maxTermAmount = 1 << 58

// checkAmounts rejects a contract whose payments over the simulated term
// are too large for the simulation's 64-bit sums, rather than let a sum
// wrap around to a wrong figure.
func checkAmounts(p *engine.Program, periods int) error {
	c := p.Contract()
	var perPeriod decimal.Decimal
	for _, pay := range c.Payments {
		perPeriod = perPeriod.Add(pay.Amount.Abs())
	}
	limit := decimal.New(maxTermAmount, -c.Currency.MinorUnits)
	if perPeriod.Mul(decimal.NewFromInt(int64(periods))).GreaterThan(limit) {
		return fmt.Errorf("%s: the payments over the %d simulated periods exceed %s %s, more than the simulation's 64-bit sums hold; simulate fewer periods or state the payments in a larger unit",
			c.File.Name, periods, c.Currency.Code, limit.StringFixed(c.Currency.MinorUnits))
	}
	return nil
}

// discountFactors returns, for each period, the present value at the start
// of the term of one minor unit paid at the end of the period, in units of
// 10^-12. The factors come from float64 powers rounded to 12 decimals: the
// present value is an estimate, and the rounding keeps it identical on
// every platform that rounds float64 the same way.
func discountFactors(rate decimal.Decimal, periods, perYear int) []uint64 {
	r, _ := rate.Float64()
	out := make([]uint64, periods)
	for i := range out {
		f := math.Pow(1+r, -float64(i+1)/float64(perYear))
		out[i] = uint64(math.Round(f * 1e12))
	}
	return out
}

// presentValue returns the sum of totals[i] × factors[i] × 10^-12, rounded
// half up, using 128-bit sums so that no product overflows.
func presentValue(totals []int64, factors []uint64) int64 {
	var hi, lo uint64
	for i, t := range totals {
		if t <= 0 {
			continue
		}
		h, l := bits.Mul64(uint64(t), factors[i])
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
	}
	const unit = 1_000_000_000_000
	if hi >= unit {
		return math.MaxInt64
	}
	q, rem := bits.Div64(hi, lo, unit)
	if rem >= unit-rem {
		q++
	}
	return int64(q)
}
