package measure

import (
	"fmt"
	"sort"
	"time"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/shopspring/decimal"
)

func (ru *run) result(first, last int) *Result {
	res := &Result{AsOf: ru.p.zone.Format(ru.p.asOf), Sources: ru.reports}
	for i := first; i <= last; i++ {
		res.Periods = append(res.Periods, ru.first.Add(i))
	}
	for k, rep := range ru.reports {
		for i, n := range ru.perPeriod[k] {
			if i < first || i > last {
				rep.OutsideRange += n
			}
		}
	}
	for _, m := range ru.p.c.Measures {
		if m.Records == nil {
			continue
		}
		mp := ru.plan(m)
		if !ru.given[ru.p.sources[m.Records.Source.Index]] {
			continue
		}
		mr := &MeasureResult{Measure: m}
		for i := first; i <= last; i++ {
			mr.Values = append(mr.Values, ru.value(mp, i))
		}
		res.Measures = append(res.Measures, mr)
	}
	return res
}

func (ru *run) plan(m *check.Measure) *measurePlan {
	for _, sp := range ru.p.sources {
		for _, mp := range sp.measures {
			if mp.m == m {
				return mp
			}
		}
	}
	return nil
}

// value finishes measure mp in term period i.
func (ru *run) value(mp *measurePlan, i int) Value {
	a := ru.accs[mp][i]
	if a == nil {
		a = &acc{excluded: make([]int64, len(mp.exclusions))}
	}
	r := mp.r
	v := Value{Basis: data.Basis{Records: a.n, Pending: a.pending}}
	for k, x := range r.Exclusions {
		if a.excluded[k] > 0 {
			v.Basis.Excluded = append(v.Basis.Excluded, data.Excluded{Reason: x.Reason, Count: a.excluded[k]})
		}
	}
	if a.noValue > 0 {
		v.Basis.Excluded = append(v.Basis.Excluded, data.Excluded{Reason: "no value", Count: a.noValue})
	}
	noun := r.Source.Name

	switch r.Kind {
	case check.AggCount:
		v.Value, v.OK = num.FromInt(a.n), true
		v.Basis.Detail = recordCount(a.n, noun)
	case check.AggShare:
		v.Basis.Numerator, v.Basis.Share = a.num, true
		v.Basis.Detail = fmt.Sprintf("%s of %s", num.GroupInt(a.num), recordCount(a.n, noun))
		if a.n == 0 {
			v.Why = fmt.Sprintf("no %s in the denominator", noun)
			break
		}
		v.Value, v.OK = num.FromInt(a.num).Quo(num.FromInt(a.n))
	case check.AggUptime:
		ru.uptime(mp, i, &v)
	default:
		ru.statistic(mp, a, &v)
	}
	if r.MinSample > 0 && a.n < r.MinSample {
		v.BelowMinimum = true
	}
	return v
}

// unitScale returns the number of stored units in one unit of the value:
// nanoseconds in a second, or millionths in a number.
func unitScale(k check.RKind) int64 {
	if k == check.RDuration {
		return int64(time.Second)
	}
	return numberScale
}

func (ru *run) statistic(mp *measurePlan, a *acc, v *Value) {
	r := mp.r
	noun := r.Source.Name
	v.Basis.Detail = recordCount(a.n, noun)
	if a.n == 0 && r.Kind != check.AggSum {
		v.Why = fmt.Sprintf("no %s to aggregate", noun)
		return
	}
	div := num.FromInt(unitScale(r.Value.Kind()))
	var raw num.Num
	switch r.Kind {
	case check.AggSum, check.AggMean:
		total := num.FromInt(a.sum)
		if a.big != nil {
			total = num.FromDecimal(decimal.NewFromBigInt(a.big, 0)).Add(total)
		}
		raw = total
		if r.Kind == check.AggMean {
			raw, _ = total.Quo(num.FromInt(a.n))
		}
	case check.AggMin:
		raw = num.FromInt(a.min)
	case check.AggMax:
		raw = num.FromInt(a.max)
	case check.AggPercentile:
		raw = num.FromInt(percentile(a.hist, a.n, r.Percentile))
	}
	v.Value, v.OK = raw.Quo(div)
}

// percentile returns the nearest-rank percentile: the smallest value such
// that at least p% of the n values are at most it, which is the value of
// rank ceil(p*n/100) in ascending order. It is always one of the values.
func percentile(hist map[int64]int64, n int64, p int) int64 {
	keys := make([]int64, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	rank := (int64(p)*n + 99) / 100
	var seen int64
	for _, k := range keys {
		seen += hist[k]
		if seen >= rank {
			return k
		}
	}
	return keys[len(keys)-1]
}

// uptime computes the share of period i outside the outages: the union of
// the outages, clipped to the period, over the period's length from the
// calendar. An outage without an end lasts until the time of the data.
func (ru *run) uptime(mp *measurePlan, i int, v *Value) {
	lo, hi := ru.periodStart(i), ru.periodStart(i+1)
	var all []calendar.Interval
	for _, a := range append(ru.accs[mp], ru.outside[mp]...) {
		if a == nil {
			continue
		}
		open := map[int]bool{}
		for _, k := range a.openEnds {
			open[k] = true
		}
		for k, iv := range a.outages {
			if open[k] {
				iv.End = ru.p.asOf
			}
			all = append(all, iv)
		}
	}
	down := calendar.Covered(all, lo, hi)
	length := time.Duration(hi - lo)
	v.Value, v.OK = num.FromInt(int64(length - down)).Quo(num.FromInt(int64(length)))
	v.Basis.Detail = fmt.Sprintf("%s down of %s in the %s (%s)", durationText(down), durationText(length), ru.first.Gran.Noun(), recordCount(v.Basis.Records, mp.r.Source.Name))
}

func durationText(d time.Duration) string {
	if d%time.Minute == 0 {
		return num.GroupInt(int64(d/time.Minute)) + " min"
	}
	return num.FromInt(int64(d)).Shift(-9).Text(3) + " s"
}

// recordCount writes n records of a source: "7,380 calls", or "1 record
// of calls", because a source's name is a plural noun.
func recordCount(n int64, source string) string {
	if n == 1 {
		return "1 record of " + source
	}
	return num.GroupInt(n) + " " + source
}

// Table turns the result into the period table the engine evaluates: one
// row per measured period, a cell for every reported measure. Cells of
// measures that no source computed stay missing.
func (res *Result) Table(file string, columns []data.Column) *data.Table {
	t := &data.Table{File: file}
	index := map[string]*MeasureResult{}
	for _, m := range res.Measures {
		index[m.Measure.Name] = m
	}
	for k, per := range res.Periods {
		row := data.Row{Period: per, Cells: make([]data.Cell, len(columns))}
		for c, col := range columns {
			mr := index[col.Name]
			if mr == nil {
				row.Cells[c] = data.Cell{Missing: true}
				continue
			}
			row.Cells[c] = mr.Values[k].Cell()
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Cell returns v as a period-table cell.
func (v Value) Cell() data.Cell {
	basis := v.Basis
	if !v.OK {
		return data.Cell{Missing: true, Why: v.Why, Basis: &basis}
	}
	exact := v.Value
	d, _ := exact.Exact()
	return data.Cell{Value: d, Exact: &exact, Basis: &basis}
}
