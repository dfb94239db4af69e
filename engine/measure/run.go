package measure

import (
	"math/big"
	"strings"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/measure/csvread"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// acc accumulates one measure's records in one period.
type acc struct {
	// n counts the records aggregated: a share's denominator, a count, or
	// the records a statistic read. num is a share's numerator.
	n, num int64
	// sum is the sum of a statistic's values; big takes over when it would
	// overflow.
	sum      int64
	big      *big.Int
	min, max int64
	hist     map[int64]int64
	excluded []int64
	// noValue counts records whose operand was empty.
	noValue  int64
	pending  int64
	outages  []calendar.Interval
	openEnds []int
}

// run is the state of one Run.
type run struct {
	p     *Plan
	opts  Options
	errs  diag.List
	first types.Period
	// accs[m][i] accumulates measure m in term period i, once the
	// scanners' accumulators are merged.
	accs map[*measurePlan][]*acc
	// stash keeps copies of records with an undecided deadline until the
	// time of the data is known.
	stash []stashed
	used  []bool // term periods that have records
	// given holds the sources that an input supplied; the result has the
	// measures over these sources only.
	given map[*sourcePlan]bool
	// outside holds, per uptime, the outages of records outside the term.
	outside map[*measurePlan][]*acc
	reports []*data.SourceReport
	// perPeriod[k][i] counts the records of report k in term period i.
	perPeriod [][]int64
	read      int64
}

type stashed struct {
	mp     *measurePlan
	period int
	rec    record
}

// Run reads every input once and computes the measures over records.
func (p *Plan) Run(inputs []Input, opts Options) (*Result, *diag.List) {
	term := p.c.Term
	ru := &run{p: p, opts: opts, first: term.Start, accs: map[*measurePlan][]*acc{}, used: make([]bool, term.Len()), given: map[*sourcePlan]bool{}, outside: map[*measurePlan][]*acc{}}
	p.asOfKnown = false
	for _, sp := range p.sources {
		for _, mp := range sp.measures {
			mp.accs = make([]*acc, term.Len())
			ru.accs[mp] = mp.accs
		}
	}

	for _, in := range inputs {
		sp := p.source(in.Source)
		if sp == nil {
			ru.errs.Errorf(in.File, diag.Span{}, "the contract has no source %q", in.Source).Hint = diag.DidYouMean(in.Source, p.sourceNames())
			continue
		}
		ru.given[sp] = true
		ru.readSource(sp, in)
	}
	if ru.errs.HasErrors() {
		ru.errs.Sort()
		return nil, &ru.errs
	}

	first, last, ok := ru.periodRange()
	if !ok {
		ru.errs.Errorf(inputNames(inputs), diag.Span{}, "no record falls within the contract term %s to %s", term.Start, term.End).Hint =
			"check the dates of the records, the term and the time zone of the contract"
		return nil, &ru.errs
	}
	ru.decideAsOf(last)
	ru.replayStash()
	return ru.result(first, last), nil
}

func inputNames(inputs []Input) string {
	var names []string
	for _, in := range inputs {
		names = append(names, in.File)
	}
	return strings.Join(names, ", ")
}

func (p *Plan) source(name string) *sourcePlan {
	for _, sp := range p.sources {
		if sp.src.Name == name {
			return sp
		}
	}
	return nil
}

func (p *Plan) sourceNames() []string {
	var names []string
	for _, sp := range p.sources {
		names = append(names, sp.src.Name)
	}
	return names
}

// header reads the header row and maps each field to its column.
func (ru *run) header(sp *sourcePlan, file string, r *csvread.Reader) ([]int, bool) {
	if !r.Next() {
		if err := r.Err(); err != nil {
			ru.errs.Errorf(file, diag.Span{}, "cannot read the header of source %s: %v", sp.src.Name, err)
		} else {
			ru.errs.Errorf(file, diag.Span{}, "source %s: the file is empty", sp.src.Name).Hint =
				"the first line must name the columns: " + strings.Join(fieldNames(sp.src), ",")
		}
		return nil, false
	}
	index := map[string]int{}
	var names []string
	for i, f := range r.Fields() {
		name := strings.TrimSpace(string(f))
		if _, dup := index[name]; dup {
			pos := diag.Pos{Line: r.FieldLine(i), Col: r.Column(i)}
			ru.errs.Errorf(file, diag.Span{Start: pos, End: pos}, "column %q appears twice in the header", name).Hint = "keep one column of each name"
			return nil, false
		}
		index[name] = i
		names = append(names, name)
	}

	cols := make([]int, len(sp.src.Fields))
	ok := true
	for i, f := range sp.src.Fields {
		c, found := index[f.Name]
		if !found {
			pos := diag.Pos{Line: r.Line(), Col: 1}
			d := ru.errs.Errorf(file, diag.Span{Start: pos, End: pos}, "source %s: the header has no column %q", sp.src.Name, f.Name)
			d.Hint = diag.DidYouMean(f.Name, names)
			if d.Hint == "" {
				d.Hint = "the contract declares the columns " + strings.Join(fieldNames(sp.src), ", ")
			}
			ok = false
		}
		cols[i] = c
	}
	return cols, ok
}

func fieldNames(s *check.Source) []string {
	var names []string
	for _, f := range s.Fields {
		names = append(names, f.Name)
	}
	return names
}

func (ru *run) replayStash() {
	for _, s := range ru.stash {
		var a *acc
		if s.period < 0 {
			// A record outside the term counts only for its outage.
			if len(ru.outside[s.mp]) == 0 {
				ru.outside[s.mp] = []*acc{{excluded: make([]int64, len(s.mp.exclusions))}}
			}
			a = ru.outside[s.mp][0]
		} else {
			a = ru.accs[s.mp][s.period]
		}
		if s.mp.add(a, &s.rec) == undecided {
			a.pending++
		}
	}
	ru.stash = nil
}

// add aggregates rec into a. It returns undecided, and changes nothing,
// when a deadline the record depends on is undecided.
func (mp *measurePlan) add(a *acc, rec *record) tri {
	switch mp.r.Kind {
	case check.AggShare:
		return mp.addShare(a, rec)
	case check.AggUptime:
		return mp.addUptime(a, rec)
	}
	if mp.where != nil {
		switch mp.where(rec) {
		case no:
			return no
		case undecided:
			return undecided
		}
	}
	if t := mp.exclude(a, rec); t != no {
		return t
	}
	if mp.r.Kind == check.AggCount {
		a.n++
		return yes
	}
	v, ok := mp.value(rec)
	if !ok {
		a.noValue++
		return yes
	}
	a.addValue(mp.r.Kind, v)
	return yes
}

// exclude counts rec under the first excluding line that matches it. It
// returns yes when the record is excluded, undecided when that depends on
// an undecided deadline, and no otherwise.
func (mp *measurePlan) exclude(a *acc, rec *record) tri {
	for k, x := range mp.exclusions {
		switch x(rec) {
		case yes:
			a.excluded[k]++
			return yes
		case undecided:
			return undecided
		}
	}
	return no
}

func (mp *measurePlan) addShare(a *acc, rec *record) tri {
	if mp.among != nil {
		switch mp.among(rec) {
		case no:
			return no
		case undecided:
			return undecided
		}
	}
	// The excluding lines come before the numerator's condition, so that
	// an excluded record counts as excluded even while its deadline is
	// undecided.
	if t := mp.exclude(a, rec); t != no {
		return t
	}
	w := mp.where(rec)
	if w == undecided {
		return undecided
	}
	a.n++
	if w == yes {
		a.num++
	}
	return yes
}

func (mp *measurePlan) addUptime(a *acc, rec *record) tri {
	if mp.where != nil {
		switch mp.where(rec) {
		case no:
			return no
		case undecided:
			return undecided
		}
	}
	if t := mp.exclude(a, rec); t != no {
		return t
	}
	if !rec.ok[mp.from] {
		a.noValue++
		return yes
	}
	a.n++
	iv := calendar.Interval{Start: calendar.Instant(rec.v[mp.from])}
	if rec.ok[mp.to] {
		iv.End = calendar.Instant(rec.v[mp.to])
	} else {
		a.openEnds = append(a.openEnds, len(a.outages))
	}
	a.outages = append(a.outages, iv)
	return yes
}

func (a *acc) addValue(kind check.AggKind, v int64) {
	if a.n == 0 || v < a.min {
		a.min = v
	}
	if a.n == 0 || v > a.max {
		a.max = v
	}
	a.n++
	switch kind {
	case check.AggSum, check.AggMean:
		s := a.sum + v
		if (v > 0 && s < a.sum) || (v < 0 && s > a.sum) {
			if a.big == nil {
				a.big = new(big.Int)
			}
			a.big.Add(a.big, big.NewInt(a.sum))
			s = v
		}
		a.sum = s
	case check.AggPercentile:
		if a.hist == nil {
			a.hist = map[int64]int64{}
		}
		a.hist[v]++
	}
}

// periodRange returns the measured periods: the options' range, or the
// first to the last period with records.
func (ru *run) periodRange() (int, int, bool) {
	first, last := -1, -1
	for i, u := range ru.used {
		if u {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if ru.opts.From != nil {
		first = max(ru.opts.From.Sub(ru.first), 0)
	}
	if ru.opts.To != nil {
		last = min(ru.opts.To.Sub(ru.first), len(ru.used)-1)
	}
	if first < 0 || last < first {
		return 0, 0, false
	}
	return first, last, true
}

func (ru *run) periodStart(i int) calendar.Instant {
	per := ru.first.Add(i)
	g := per.Gran
	month := per.Number()*12/g.PerYear() - 12/g.PerYear() + 1
	return ru.p.zone.MonthStart(per.Year(), month)
}

func (ru *run) decideAsOf(last int) {
	if ru.opts.AsOf != nil {
		ru.p.asOf = *ru.opts.AsOf
	} else {
		ru.p.asOf = ru.periodStart(last + 1)
	}
	ru.p.asOfKnown = true
}
