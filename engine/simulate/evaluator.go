package simulate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/kernel"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// newEvaluator prepares contract p to run over values drawn for the
// measures of main, and checks that the simulated periods lie in its term
// and that the scenario models every measure its service levels read.
func newEvaluator(p, main *engine.Program, cfg Config) (*evaluator, error) {
	c := p.Contract()
	e := &evaluator{p: p, c: c, start: c.Term.Start}
	if cfg.Start != nil {
		e.start = *cfg.Start
	}
	if mainGran := main.Contract().Term.Start.Gran; c.Term.Start.Gran != mainGran {
		return nil, fmt.Errorf("%s has %s periods and %s has %s ones; compare contracts with the same period length",
			main.Contract().File.Name, mainGran.Word(), c.File.Name, c.Term.Start.Gran.Word())
	}
	if cfg.Periods < 1 || !c.Term.Contains(e.start) || !c.Term.Contains(e.start.Add(cfg.Periods-1)) {
		return nil, fmt.Errorf("%s: the simulated periods %s to %s are not all in the contract term %s to %s",
			c.File.Name, e.start, e.start.Add(max(cfg.Periods, 1)-1), c.Term.Start, c.Term.End)
	}

	if !cfg.Reference {
		k, err := kernel.Compile(c)
		switch {
		case err == nil:
			e.k = k
		case !errors.Is(err, kernel.ErrUnsupported):
			return nil, err
		}
	}
	for _, m := range c.Measures {
		e.scale = append(e.scale, kernel.ScaleOf(m.Unit, c.Currency))
		e.unit = append(e.unit, math.Pow10(int(e.scale[m.Slot])))
		if m.Reported {
			e.columns = append(e.columns, m.Slot)
		}
	}
	if p != main {
		if err := e.mapSlots(main); err != nil {
			return nil, err
		}
	}
	return e, e.checkModelled(main, cfg.Sampler)
}

// mapSlots maps the measures of main, by name, to the slots of e's
// contract. A measure both contracts report must have the same unit, so
// that one drawn value means the same in both.
func (e *evaluator) mapSlots(main *engine.Program) error {
	mc := main.Contract()
	if mc.Currency.Code != e.c.Currency.Code {
		return fmt.Errorf("%s uses %s and %s uses %s; compare contracts in the same currency",
			mc.File.Name, mc.Currency.Code, e.c.File.Name, e.c.Currency.Code)
	}
	e.slots = make([]int, len(mc.Measures))
	for s, m := range mc.Measures {
		e.slots[s] = -1
		for _, o := range e.c.Measures {
			if o.Name != m.Name || !o.Reported || !m.Reported {
				continue
			}
			if o.Unit != m.Unit {
				return fmt.Errorf("measure %s is a %s in %s but a %s in %s; the compared contracts must measure it in the same unit",
					m.Name, m.Unit, mc.File.Name, o.Unit, e.c.File.Name)
			}
			e.slots[s] = o.Slot
		}
	}
	return nil
}

// checkModelled returns an error naming each reported measure that e's
// contract reads but the scenario does not model.
func (e *evaluator) checkModelled(main *engine.Program, s Sampler) error {
	modelled := map[string]bool{}
	for _, slot := range s.Measures() {
		modelled[main.Contract().Measures[slot].Name] = true
	}
	var missing []string
	for _, m := range Reads(e.c) {
		if !modelled[m.Name] {
			missing = append(missing, m.Name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if e.p != main {
		return fmt.Errorf("%s reads %s, which the scenario does not model; model each under the scenario's measures (a measure that %s does not report cannot be modelled)",
			e.c.File.Name, strings.Join(missing, ", "), main.Contract().File.Name)
	}
	return fmt.Errorf("%s: the scenario does not model %s, which the contract reads; add a marginal for each under the scenario's measures:", e.c.File.Name, strings.Join(missing, ", "))
}

func periodsPerYear(c *check.Contract) int { return c.Term.Start.Gran.PerYear() }

func (e *evaluator) years(periods int) int {
	ppy := periodsPerYear(e.c)
	return (periods + ppy - 1) / ppy
}

func (e *evaluator) name() string {
	if e.k != nil {
		return "compiled"
	}
	return "reference"
}

// newOutcome allocates an Outcome for a term of periods periods.
func (e *evaluator) newOutcome(periods int) Outcome {
	years := e.years(periods)
	kinds := 2 + len(e.c.Notices)
	o := Outcome{
		ByYear:        make([]int64, years),
		ByLevel:       make([]int64, len(e.c.Levels)),
		LevelCapBound: make([]int, len(e.c.Levels)),
		FirstNotice:   make([]int, kinds),
		NoticeYears:   make([][]bool, kinds),
	}
	for k := range o.FirstNotice {
		o.FirstNotice[k] = -1
		o.NoticeYears[k] = make([]bool, years)
	}
	return o
}

// errTooLarge is returned when a term's deductions do not fit the
// simulation's 64-bit sums.
var errTooLarge = errors.New("the deductions of a simulated term exceed the simulation's 64-bit sums (about 9.2e18 minor units); state the contract's amounts in a larger unit")

// add returns a+b, or false when the sum overflows.
func add(a, b int64) (int64, bool) {
	s := a + b
	return s, (b >= 0) == (s >= a)
}

// fromState fills out from a kernel run.
func (e *evaluator) fromState(st *kernel.State, npv []uint64, out *Outcome) error {
	periods := len(st.Total)
	*out = e.newOutcome(periods)
	if !e.sumState(st, out) {
		return errTooLarge
	}
	e.noticesFromState(st, out)
	if npv != nil {
		out.NPV = presentValue(st.Total, npv)
	}
	return nil
}

// sumState adds up the deductions and cap bindings of a kernel run in out
// and returns false when a sum overflows.
func (e *evaluator) sumState(st *kernel.State, out *Outcome) bool {
	periods := len(st.Total)
	nl := e.k.Levels()
	ppy := periodsPerYear(e.c)
	// overflow has its sign bit set once any sum has overflowed, which
	// saves a branch per addition.
	var total, overflow int64
	for y := range out.ByYear {
		var year int64
		for i := y * ppy; i < min((y+1)*ppy, periods); i++ {
			overflow |= accumulate(&total, st.Total[i])
			overflow |= accumulate(&year, st.Total[i])
			out.CapBound += bit(st.CapBound[i])
		}
		out.ByYear[y] = year
	}
	out.Total = total
	// One service level at a time, so that its sums stay in registers.
	for l := range out.ByLevel {
		var sum int64
		bound := 0
		for at := l; at < periods*nl; at += nl {
			overflow |= accumulate(&sum, st.Deduction[at])
			bound += bit(st.LevelCapBound[at])
		}
		out.ByLevel[l], out.LevelCapBound[l] = sum, bound
	}
	return overflow >= 0
}

// accumulate adds v to *sum and returns a value whose sign bit is set when
// the addition overflowed, which happens when the operands have the same
// sign and the sum has the other.
func accumulate(sum *int64, v int64) int64 {
	s := *sum + v
	overflow := (*sum ^ s) & (v ^ s)
	*sum = s
	return overflow
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// noticesFromState records in out, for each notice kind, the first period
// and the years in which a kernel run issued one. Within a year it stops
// at the first such period.
func (e *evaluator) noticesFromState(st *kernel.State, out *Outcome) {
	periods := len(st.Total)
	kinds := e.k.NoticeKinds()
	ppy := periodsPerYear(e.c)
	for k := 0; k < kinds; k++ {
		for y := range out.ByYear {
			for i := y * ppy; i < min((y+1)*ppy, periods); i++ {
				if st.Notices[i*kinds+k] > 0 {
					out.notice(k, i, y)
					break
				}
			}
		}
	}
}

func (o *Outcome) notice(k, i, y int) {
	if o.FirstNotice[k] < 0 {
		o.FirstNotice[k] = i
	}
	o.NoticeYears[k][y] = true
}

// fromResult fills out from an engine result.
func (e *evaluator) fromResult(res *engine.Result, npv []uint64, out *Outcome) error {
	periods := len(res.Periods)
	*out = e.newOutcome(periods)
	kind := map[string]int{"breach": 0, "missing_data": 1}
	for n, notice := range e.c.Notices {
		kind[notice.Name] = 2 + n
	}
	ppy := periodsPerYear(e.c)
	totals := make([]int64, periods)
	limit := decimal.New(math.MaxInt64, -e.c.Currency.MinorUnits)
	ok := true
	for i, pr := range res.Periods {
		y := i / ppy
		if pr.TotalDeduction.Value.Abs().GreaterThan(limit) {
			return errTooLarge
		}
		totals[i] = minor(pr.TotalDeduction.Value, e.c.Currency)
		var ok1, ok2 bool
		out.Total, ok1 = add(out.Total, totals[i])
		out.ByYear[y], ok2 = add(out.ByYear[y], totals[i])
		ok = ok && ok1 && ok2
		if pr.Cap != nil && pr.Cap.Binding {
			out.CapBound++
		}
		for l, lr := range pr.ServiceLevels {
			if lr.Deduction.Value.Abs().GreaterThan(limit) {
				return errTooLarge
			}
			var okLevel bool
			out.ByLevel[l], okLevel = add(out.ByLevel[l], minor(lr.Deduction.Value, e.c.Currency))
			ok = ok && okLevel
			if lr.Deduction.Value.LessThan(lr.DeductionBeforeCap.Value) {
				out.LevelCapBound[l]++
			}
		}
		for _, n := range pr.Notices {
			out.notice(kind[n.Kind], i, y)
		}
	}
	if !ok {
		return errTooLarge
	}
	if npv != nil {
		out.NPV = presentValue(totals, npv)
	}
	return nil
}

// minor converts a rounded amount to minor units.
func minor(d decimal.Decimal, cur types.Currency) int64 {
	return d.Shift(cur.MinorUnits).IntPart()
}

// meta describes the simulation for the report.
func meta(cfg Config, main, other *evaluator) Meta {
	c := main.c
	ppy := periodsPerYear(c)
	m := Meta{
		Contract:       c.File.Name,
		ContractTitle:  c.Title,
		ContractSHA256: cfg.Program.SHA256(),
		Currency:       c.Currency.Code,
		MinorUnits:     c.Currency.MinorUnits,
		From:           main.start.String(),
		To:             main.start.Add(cfg.Periods - 1).String(),
		Periods:        cfg.Periods,
		PeriodsPerYear: ppy,
		Runs:           cfg.Runs,
		Seed:           cfg.Seed,
		Workers:        cfg.Workers,
		Evaluator:      main.name(),
		Levels:         levelItems(c),
		Notices:        noticeItems(c),
	}
	var perPeriod decimal.Decimal
	for _, p := range c.Payments {
		perPeriod = perPeriod.Add(p.Amount)
	}
	pay := minor(perPeriod, c.Currency)
	for y := 0; y < main.years(cfg.Periods); y++ {
		first := main.start.Add(y * ppy)
		n := min(ppy, cfg.Periods-y*ppy)
		last := first.Add(n - 1)
		m.Years = append(m.Years, fmt.Sprintf("%s to %s", first, last))
		m.PaymentsByYear = append(m.PaymentsByYear, pay*int64(n))
		m.Payments += pay * int64(n)
	}
	for _, l := range c.Levels {
		m.LevelCaps = append(m.LevelCaps, l.Cap != nil)
	}
	if c.Cap != nil {
		m.Cap = &Item{Name: "total", Title: "cap total deductions at " + c.Cap.Amount.Text, Ref: c.Cap.Ref}
	}
	if cfg.DiscountRate != nil {
		m.DiscountRate = cfg.DiscountRate.String()
	}
	if other != nil {
		m.Compare = &CompareMeta{
			Contract:       other.c.File.Name,
			ContractTitle:  other.c.Title,
			ContractSHA256: cfg.Compare.SHA256(),
			Evaluator:      other.name(),
			Levels:         levelItems(other.c),
			Notices:        noticeItems(other.c),
		}
	}
	return m
}

func levelItems(c *check.Contract) []Item {
	var out []Item
	for _, l := range c.Levels {
		out = append(out, Item{Name: l.Name, Title: l.Title, Ref: l.Ref})
	}
	return out
}

func noticeItems(c *check.Contract) []Item {
	out := []Item{
		{Name: "breach", Title: "Breach of a service level"},
		{Name: "missing_data", Title: "Missing data"},
	}
	for _, n := range c.Notices {
		out = append(out, Item{Name: n.Name, Title: n.Title, Ref: n.Ref})
	}
	return out
}

// sensitivityShifts lists the sensitivity runs: +1 and -1 standard
// deviation for each modelled measure that a service level reads and that
// varies.
func sensitivityShifts(cfg Config, main *evaluator) []Shift {
	if !cfg.Sensitivity {
		return nil
	}
	read := map[int]bool{}
	for _, l := range main.c.Levels {
		for _, m := range l.Inputs {
			read[m.Slot] = true
		}
	}
	var out []Shift
	for _, slot := range cfg.Sampler.Measures() {
		sd := cfg.Sampler.StdDev(slot)
		if !read[slot] || sd <= 0 {
			continue
		}
		m := main.c.Measures[slot]
		for _, sign := range []float64{1, -1} {
			out = append(out, Shift{Measure: m.Name, Title: m.Title, Sigmas: sign, Delta: deltaText(sign*sd, m.Unit), slot: slot, sd: sd})
		}
	}
	return out
}

// deltaText writes a shift in the measure's unit: "+2.00%" or "-4.1s".
func deltaText(x float64, u types.Unit) string {
	switch u {
	case types.Percent:
		return fmt.Sprintf("%+.2f%%", x*100)
	case types.Duration:
		return fmt.Sprintf("%+.1fs", x)
	}
	return fmt.Sprintf("%+.4g", x)
}

// runShift runs every run again with one measure moved, and sums the
// totals and the runs with each notice.
func runShift(cfg Config, main *evaluator, s *Shift, progress func()) error {
	shift := make([]float64, len(main.c.Measures))
	shift[s.slot] = s.Sigmas * s.sd
	totals := make([]int64, cfg.Runs)
	kinds := 2 + len(main.c.Notices)
	noticed := make([][]bool, cfg.Runs)
	err := parallel(cfg, func(w *worker, r int) error {
		defer progress()
		values, err := w.draw(cfg, main, r, shift)
		if err != nil {
			return fmt.Errorf("sensitivity run %d of %s %s: %w", r+1, s.Measure, s.Delta, err)
		}
		var o Outcome
		if err := w.evaluate(main, values, &o); err != nil {
			return fmt.Errorf("sensitivity run %d of %s %s: %w", r+1, s.Measure, s.Delta, err)
		}
		totals[r] = o.Total
		noticed[r] = make([]bool, kinds)
		for k, first := range o.FirstNotice {
			noticed[r][k] = first >= 0
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.NoticeRuns = make([]int, kinds)
	for r := range totals {
		s.TotalSum += totals[r]
		for k, yes := range noticed[r] {
			if yes {
				s.NoticeRuns[k]++
			}
		}
	}
	return nil
}
