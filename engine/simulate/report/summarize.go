package report

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/pacta-dev/pacta/engine/simulate"
	"github.com/pacta-dev/pacta/lang/types"
)

// Summarize computes every figure of the report from the simulation's
// results. It panics when the results are inconsistent (see Validate),
// because that is a bug in the runner and not in the user's input.
func Summarize(r *simulate.Results) *Summary {
	if err := Validate(r); err != nil {
		panic("report: " + err.Error())
	}
	m := r.Meta
	s := &Summary{Meta: m, Termination: noticeIndex(m.Notices, TerminationNotice)}

	s.Term = summarizeDeductions("term", runTotals(r.Runs), m.Payments, m.MinorUnits)
	for y := range m.Years {
		s.Years = append(s.Years, summarizeDeductions(yearLabel(m, y), runYear(r.Runs, y), m.PaymentsByYear[y], m.MinorUnits))
	}

	s.Notices = summarizeNotices(r)
	s.Caps = summarizeCaps(r)
	s.Levels = summarizeLevels(r)
	s.Sensitivity = summarizeShifts(r, s.Termination)
	if m.DiscountRate != "" {
		s.NPV = summarizeNPV(r)
	}
	if r.Compare != nil {
		s.Compare = summarizeCompare(r, s.Termination)
	}
	return s
}

func noticeIndex(notices []simulate.Item, name string) int {
	return slices.IndexFunc(notices, func(n simulate.Item) bool { return n.Name == name })
}

func yearLabel(m simulate.Meta, y int) string {
	if m.Years[y] != "" {
		return m.Years[y]
	}
	return fmt.Sprintf("year %d", y+1)
}

func runTotals(runs []simulate.Outcome) []int64 {
	values := make([]int64, len(runs))
	for i, o := range runs {
		values[i] = o.Total
	}
	return values
}

func runYear(runs []simulate.Outcome, y int) []int64 {
	values := make([]int64, len(runs))
	for i, o := range runs {
		values[i] = o.ByYear[y]
	}
	return values
}

// money converts an exact amount in minor units to currency units, rounded
// half up to the minor unit.
func money(minor *big.Rat, minorUnits int32) decimal.Decimal {
	return roundRat(minor, 0).Shift(-minorUnits)
}

func moneyInt(minor int64, minorUnits int32) decimal.Decimal {
	return decimal.New(minor, -minorUnits)
}

// percentOf returns amount/payments in percent, rounded half up to 2
// decimal places, or an invalid value when payments is zero.
func percentOf(amount *big.Rat, payments int64) decimal.NullDecimal {
	if payments == 0 {
		return decimal.NullDecimal{}
	}
	p := new(big.Rat).Mul(amount, big.NewRat(100, payments))
	return decimal.NullDecimal{Decimal: roundRat(p, 2), Valid: true}
}

func summarizeDeductions(label string, values []int64, payments int64, minorUnits int32) Distribution {
	s := newSample(values)
	amount := func(minor int64) Amount {
		return Amount{
			Value:             moneyInt(minor, minorUnits),
			PercentOfPayments: percentOf(new(big.Rat).SetInt64(minor), payments),
		}
	}

	mean := s.mean()
	variance := s.variance()
	d := Distribution{
		Label:    label,
		Payments: moneyInt(payments, minorUnits),
		Mean:     Amount{Value: money(mean, minorUnits), PercentOfPayments: percentOf(mean, payments)},
		StdDev:   Amount{Value: roundSqrt(variance, 0).Shift(-minorUnits)},
		P50:      amount(s.percentile(50)),
		P90:      amount(s.percentile(90)),
		P95:      amount(s.percentile(95)),
		P99:      amount(s.percentile(99)),
		Max:      amount(s.max()),
	}
	// The standard deviation in percent is √(variance·100²/payments²),
	// rounded from the exact variance and not from the rounded amount.
	if payments != 0 {
		squared := new(big.Int).Mul(big.NewInt(payments), big.NewInt(payments))
		p := new(big.Rat).Mul(variance, ratio(big.NewInt(100*100), squared))
		d.StdDev.PercentOfPayments = decimal.NullDecimal{Decimal: roundSqrt(p, 2), Valid: true}
	}
	return d
}

func newShare(runs, of int) Share {
	return Share{Runs: runs, Fraction: roundRat(ratioInt(int64(runs), int64(of)), 4)}
}

// newProbability returns k/n and its 95% half-width 1.96·√(k(n−k)/n³),
// computed as √(3.8416·k(n−k)/n³) so that it is exact before rounding.
func newProbability(k, n int) Probability {
	kb, nb := big.NewInt(int64(k)), big.NewInt(int64(n))
	num := new(big.Int).Mul(kb, new(big.Int).Sub(nb, kb))
	num.Mul(num, big.NewInt(38416))
	den := new(big.Int).Exp(nb, big.NewInt(3), nil)
	den.Mul(den, big.NewInt(10000))
	return Probability{Share: newShare(k, n), HalfWidth95: roundSqrt(ratio(num, den), 4)}
}

func summarizeNotices(r *simulate.Results) []NoticeSummary {
	m := r.Meta
	n := len(r.Runs)
	var notices []NoticeSummary
	for k, item := range m.Notices {
		ns := NoticeSummary{Item: item, Builtin: builtinNotices[item.Name]}

		issued := 0
		for _, o := range r.Runs {
			if o.FirstNotice[k] >= 0 {
				issued++
			}
		}
		ns.Term = newProbability(issued, n)
		for y := range m.Years {
			ns.Years = append(ns.Years, newProbability(countYear(r.Runs, k, y), n))
		}
		if !ns.Builtin {
			ns.FirstIssue = summarizeFirstIssue(r, k)
		}
		notices = append(notices, ns)
	}
	return notices
}

// countYear counts the runs in which notice kind k was issued in contract
// year y.
func countYear(runs []simulate.Outcome, k, y int) int {
	count := 0
	for _, o := range runs {
		if o.NoticeYears[k][y] {
			count++
		}
	}
	return count
}

func summarizeFirstIssue(r *simulate.Results, k int) *FirstIssue {
	m := r.Meta
	n := len(r.Runs)
	byYear := make([]int, len(m.Years))
	var first []int64
	for _, o := range r.Runs {
		if p := o.FirstNotice[k]; p >= 0 {
			byYear[p/m.PeriodsPerYear]++
			first = append(first, int64(p))
		}
	}

	f := &FirstIssue{Never: newShare(n-len(first), n)}
	for _, count := range byYear {
		f.Years = append(f.Years, newShare(count, n))
	}
	if len(first) > 0 {
		p := periodAt(m, int(newSample(first).percentile(50)))
		f.Median = &p
	}
	return f
}

// periodAt returns period index i of the term with its label.
func periodAt(m simulate.Meta, i int) Period {
	p := Period{Index: i, Label: fmt.Sprintf("period %d", i+1), Year: i / m.PeriodsPerYear}
	if g, ok := granularity(m.PeriodsPerYear); ok {
		if start, err := types.ParsePeriod(m.From, g); err == nil {
			p.Label = start.Add(i).String()
		}
	}
	return p
}

func granularity(perYear int) (types.Granularity, bool) {
	for _, g := range []types.Granularity{types.Monthly, types.Quarterly, types.Yearly} {
		if g.PerYear() == perYear {
			return g, true
		}
	}
	return 0, false
}

func summarizeCaps(r *simulate.Results) []CapSummary {
	m := r.Meta
	var caps []CapSummary
	if m.Cap != nil {
		caps = append(caps, summarizeCap(r.Runs, *m.Cap, -1, func(o simulate.Outcome) int { return o.CapBound }))
	}
	for i, hasCap := range m.LevelCaps {
		if hasCap {
			caps = append(caps, summarizeCap(r.Runs, m.Levels[i], i, func(o simulate.Outcome) int { return o.LevelCapBound[i] }))
		}
	}
	return caps
}

// summarizeCap reads the number of periods in which the cap binds in one
// run with bound.
func summarizeCap(runs []simulate.Outcome, item simulate.Item, level int, bound func(simulate.Outcome) int) CapSummary {
	binds, periods := 0, int64(0)
	for _, o := range runs {
		b := bound(o)
		if b > 0 {
			binds++
		}
		periods += int64(b)
	}
	return CapSummary{
		Item:        item,
		Level:       level,
		Binds:       newShare(binds, len(runs)),
		MeanPeriods: roundRat(ratioInt(periods, int64(len(runs))), 2),
	}
}

func summarizeLevels(r *simulate.Results) []LevelShare {
	m := r.Meta
	sums := make([]*big.Int, len(m.Levels))
	all := new(big.Int)
	for i := range m.Levels {
		sums[i] = new(big.Int)
		for _, o := range r.Runs {
			sums[i].Add(sums[i], big.NewInt(o.ByLevel[i]))
		}
		all.Add(all, sums[i])
	}

	runs := big.NewInt(int64(len(r.Runs)))
	var levels []LevelShare
	for i, item := range m.Levels {
		l := LevelShare{Item: item, Mean: money(ratio(sums[i], runs), m.MinorUnits)}
		if all.Sign() != 0 {
			share := ratio(new(big.Int).Mul(sums[i], big.NewInt(100)), all)
			l.Percent = decimal.NullDecimal{Decimal: roundRat(share, 2), Valid: true}
		}
		levels = append(levels, l)
	}
	return levels
}

// summarizeShifts compares each sensitivity run with the base runs. The
// rows are ordered by the larger absolute change in expected deductions of
// their two shifts, descending, then by measure name.
func summarizeShifts(r *simulate.Results, termination int) []Sensitivity {
	m := r.Meta
	runs := big.NewInt(int64(len(r.Runs)))
	base := newSample(runTotals(r.Runs)).sum
	baseTermination := 0
	if termination >= 0 {
		for _, o := range r.Runs {
			if o.FirstNotice[termination] >= 0 {
				baseTermination++
			}
		}
	}

	var rows []Sensitivity
	for _, sh := range r.Shifts {
		i := slices.IndexFunc(rows, func(s Sensitivity) bool { return s.Measure == sh.Measure })
		if i < 0 {
			rows = append(rows, Sensitivity{Measure: sh.Measure, Title: sh.Title, maxChange: new(big.Int)})
			i = len(rows) - 1
		}
		change := new(big.Int).Sub(big.NewInt(sh.TotalSum), base)
		effect := &ShiftEffect{
			Sigmas:          sh.Sigmas,
			Delta:           sh.Delta,
			Mean:            money(ratio(big.NewInt(sh.TotalSum), runs), m.MinorUnits),
			DeductionChange: money(ratio(change, runs), m.MinorUnits),
		}
		if termination >= 0 {
			diff := ratioInt(int64(sh.NoticeRuns[termination]-baseTermination), int64(len(r.Runs)))
			effect.TerminationChange = decimal.NullDecimal{Decimal: roundRat(diff, 4), Valid: true}
		}
		if sh.Sigmas > 0 {
			rows[i].Up = effect
		} else {
			rows[i].Down = effect
		}
		if abs := new(big.Int).Abs(change); abs.Cmp(rows[i].maxChange) > 0 {
			rows[i].maxChange = abs
		}
	}

	slices.SortStableFunc(rows, func(a, b Sensitivity) int {
		if c := b.maxChange.Cmp(a.maxChange); c != 0 {
			return c
		}
		return cmp.Compare(a.Measure, b.Measure)
	})
	return rows
}

func summarizeNPV(r *simulate.Results) *NPVSummary {
	values := make([]int64, len(r.Runs))
	for i, o := range r.Runs {
		values[i] = o.NPV
	}
	s := newSample(values)
	mu := r.Meta.MinorUnits
	return &NPVSummary{
		DiscountRate: r.Meta.DiscountRate,
		Mean:         money(s.mean(), mu),
		P90:          moneyInt(s.percentile(90), mu),
		P95:          moneyInt(s.percentile(95), mu),
	}
}

func summarizeCompare(r *simulate.Results, termination int) *Comparison {
	m := r.Meta
	mu := m.MinorUnits
	n := len(r.Runs)
	diffs := make([]int64, n)
	more, less := 0, 0
	for i := range r.Runs {
		diffs[i] = r.Compare[i].Total - r.Runs[i].Total
		switch {
		case diffs[i] > 0:
			more++
		case diffs[i] < 0:
			less++
		}
	}

	first := make([]int64, n)
	second := make([]int64, n)
	for i := range first {
		first[i], second[i] = r.Runs[i].Total, r.Compare[i].Total
	}

	s := newSample(diffs)
	c := &Comparison{
		Meta:       *m.Compare,
		FirstMean:  money(newSample(first).mean(), mu),
		SecondMean: money(newSample(second).mean(), mu),
		Mean:       money(s.mean(), mu),
		StdDev:     roundSqrt(s.variance(), 0).Shift(-mu),
		P5:         moneyInt(s.percentile(5), mu),
		P50:        moneyInt(s.percentile(50), mu),
		P95:        moneyInt(s.percentile(95), mu),
		More:       newShare(more, n),
		Less:       newShare(less, n),
		Same:       newShare(n-more-less, n),
	}

	secondNotice := noticeIndex(m.Compare.Notices, TerminationNotice)
	bothTerminate := termination >= 0 && secondNotice >= 0
	if bothTerminate {
		c.Termination = terminationDifference(n,
			func(i int) bool { return r.Runs[i].FirstNotice[termination] >= 0 },
			func(i int) bool { return r.Compare[i].FirstNotice[secondNotice] >= 0 })
	}
	for y := range m.Years {
		yearDiffs := make([]int64, n)
		for i := range r.Runs {
			yearDiffs[i] = r.Compare[i].ByYear[y] - r.Runs[i].ByYear[y]
		}
		yd := YearDifference{Label: yearLabel(m, y), Mean: money(newSample(yearDiffs).mean(), mu)}
		if bothTerminate {
			yd.Termination = terminationDifference(n,
				func(i int) bool { return r.Runs[i].NoticeYears[termination][y] },
				func(i int) bool { return r.Compare[i].NoticeYears[secondNotice][y] })
		}
		c.Years = append(c.Years, yd)
	}
	return c
}

// terminationDifference counts the runs in which first and second report a
// termination notice.
func terminationDifference(n int, first, second func(run int) bool) *TerminationDifference {
	a, b := 0, 0
	for i := range n {
		if first(i) {
			a++
		}
		if second(i) {
			b++
		}
	}
	return &TerminationDifference{
		First:      newShare(a, n),
		Second:     newShare(b, n),
		Difference: roundRat(ratioInt(int64(b-a), int64(n)), 4),
	}
}
