package measure

import (
	"fmt"
	"time"

	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/shopspring/decimal"
)

// Plan is a contract's measures over records, compiled for Run.
type Plan struct {
	c        *check.Contract
	zone     *calendar.Zone
	schedule *calendar.Schedule
	sources  []*sourcePlan
	// asOf is the time of the data once Run knows it; until then a deadline
	// without an end is undecided.
	asOf      calendar.Instant
	asOfKnown bool
}

type sourcePlan struct {
	src      *check.Source
	measures []*measurePlan
	// literals[i] are the texts that conditions compare field i with, for
	// text fields without a "one of" list.
	literals [][]string
}

// tri is the value of a condition over a record: no, yes, or undecided
// because a deadline has neither been met nor passed by the time of the
// data.
type tri uint8

const (
	no tri = iota
	yes
	undecided
)

type predicate func(r *record) tri

type valueFn func(r *record) (int64, bool)

type measurePlan struct {
	m          *check.Measure
	r          *check.RecordMeasure
	where      predicate
	among      predicate
	exclusions []predicate
	value      valueFn
	from, to   int
	// accs[i] accumulates term period i during a Run.
	accs []*acc
}

// Compile prepares the measures over records of c. holidays are the dates
// of the contract's holiday files, already read.
func Compile(c *check.Contract, holidays []calendar.Date) (*Plan, error) {
	zone, err := calendar.LoadZone(c.Calendar.Zone)
	if err != nil {
		return nil, err
	}
	p := &Plan{c: c, zone: zone}
	if b := c.Calendar.Business; b != nil {
		var dates []calendar.Date
		for _, d := range c.Calendar.Holidays {
			dates = append(dates, calendar.Date{Year: d.Year, Month: d.Month, Day: d.Day})
		}
		dates = append(dates, holidays...)
		p.schedule, err = calendar.NewSchedule(zone, b.Days, b.Open, b.Close, dates)
		if err != nil {
			return nil, err
		}
	}

	for _, s := range c.Sources {
		sp := &sourcePlan{src: s, literals: make([][]string, len(s.Fields))}
		p.sources = append(p.sources, sp)
	}
	for _, m := range c.Measures {
		if m.Records == nil {
			continue
		}
		sp := p.sources[m.Records.Source.Index]
		mp, err := p.compileMeasure(sp, m)
		if err != nil {
			return nil, err
		}
		sp.measures = append(sp.measures, mp)
	}
	return p, nil
}

// Zone returns the contract's time zone.
func (p *Plan) Zone() *calendar.Zone { return p.zone }

// HasSources reports whether the contract defines any measure over records.
func (p *Plan) HasSources() bool {
	for _, s := range p.sources {
		if len(s.measures) > 0 {
			return true
		}
	}
	return false
}

// compileError is an error in a literal that the checker accepts but
// records cannot represent, such as a duration finer than a nanosecond.
func compileError(n diag.Span, format string, args ...any) error {
	return fmt.Errorf("line %d, column %d: "+format, append([]any{n.Start.Line, n.Start.Col}, args...)...)
}

func (p *Plan) compileMeasure(sp *sourcePlan, m *check.Measure) (*measurePlan, error) {
	r := m.Records
	mp := &measurePlan{m: m, r: r, from: -1, to: -1}
	var err error
	if r.Where != nil {
		if mp.where, err = p.pred(sp, r.Where); err != nil {
			return nil, err
		}
	}
	if r.Among != nil {
		if mp.among, err = p.pred(sp, r.Among); err != nil {
			return nil, err
		}
	}
	for _, x := range r.Exclusions {
		pr, err := p.pred(sp, x.Where)
		if err != nil {
			return nil, err
		}
		mp.exclusions = append(mp.exclusions, pr)
	}
	if r.Value != nil {
		if mp.value, err = p.val(sp, r.Value); err != nil {
			return nil, err
		}
	}
	if r.Kind == check.AggUptime {
		mp.from, mp.to = r.From.Index, r.To.Index
	}
	return mp, nil
}

// constant converts a literal to the representation of its kind.
func constant(c *check.RConst) (int64, error) {
	unit := int64(numberScale)
	if c.K == check.RDuration {
		unit = int64(time.Second)
	}
	v := c.Value.Mul(decimal.NewFromInt(unit))
	if !v.IsInteger() || v.Abs().GreaterThan(decimal.NewFromInt(1<<62)) {
		return 0, compileError(c.N.Span(), "the value %s cannot be represented exactly in a record: use at most 6 decimal places, or whole nanoseconds for a duration", c.Value)
	}
	return v.IntPart(), nil
}

func (p *Plan) val(sp *sourcePlan, e check.RExpr) (valueFn, error) {
	switch e := e.(type) {
	case *check.RField:
		i := e.Field.Index
		return func(r *record) (int64, bool) { return r.v[i], r.ok[i] }, nil
	case *check.RConst:
		v, err := constant(e)
		if err != nil {
			return nil, err
		}
		return func(*record) (int64, bool) { return v, true }, nil
	case *check.RArith:
		x, err := p.val(sp, e.X)
		if err != nil {
			return nil, err
		}
		y, err := p.val(sp, e.Y)
		if err != nil {
			return nil, err
		}
		if e.Op == '+' {
			return func(r *record) (int64, bool) {
				a, ok1 := x(r)
				b, ok2 := y(r)
				return a + b, ok1 && ok2
			}, nil
		}
		return func(r *record) (int64, bool) {
			a, ok1 := x(r)
			b, ok2 := y(r)
			return a - b, ok1 && ok2
		}, nil
	}
	return nil, fmt.Errorf("measure: unexpected value expression %T", e)
}

func (p *Plan) pred(sp *sourcePlan, e check.RExpr) (predicate, error) {
	switch e := e.(type) {
	case *check.RField:
		i := e.Field.Index
		return func(r *record) tri { return boolTri(r.ok[i] && r.v[i] != 0) }, nil
	case *check.RCompare:
		return p.compare(sp, e)
	case *check.RLogic:
		x, err := p.pred(sp, e.X)
		if err != nil {
			return nil, err
		}
		y, err := p.pred(sp, e.Y)
		if err != nil {
			return nil, err
		}
		// Both short-circuit: a false left side decides an "and" and a
		// true one an "or", whatever the right side, even undecided.
		if e.And {
			return func(r *record) tri {
				a := x(r)
				if a == no {
					return no
				}
				return and(a, y(r))
			}, nil
		}
		return func(r *record) tri {
			a := x(r)
			if a == yes {
				return yes
			}
			return or(a, y(r))
		}, nil
	case *check.RNot:
		x, err := p.pred(sp, e.X)
		if err != nil {
			return nil, err
		}
		return func(r *record) tri { return not(x(r)) }, nil
	case *check.RWithin:
		return p.within(sp, e)
	case *check.RIsMissing:
		i, want := e.Field.Index, !e.Not
		return func(r *record) tri { return boolTri(!r.ok[i] == want) }, nil
	}
	return nil, fmt.Errorf("measure: unexpected condition %T", e)
}

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

func and(a, b tri) tri {
	if a == no || b == no {
		return no
	}
	if a == undecided || b == undecided {
		return undecided
	}
	return yes
}

func or(a, b tri) tri {
	if a == yes || b == yes {
		return yes
	}
	if a == undecided || b == undecided {
		return undecided
	}
	return no
}

func not(a tri) tri {
	switch a {
	case yes:
		return no
	case no:
		return yes
	}
	return undecided
}

// compare compiles a comparison. A comparison with an empty optional field
// is false, as a WHERE clause in SQL treats NULL.
func (p *Plan) compare(sp *sourcePlan, e *check.RCompare) (predicate, error) {
	if e.X.Kind() == check.RText {
		return p.compareText(sp, e)
	}
	if pr, ok, err := p.compareFast(e); ok || err != nil {
		return pr, err
	}
	x, err := p.val(sp, e.X)
	if err != nil {
		return nil, err
	}
	y, err := p.val(sp, e.Y)
	if err != nil {
		return nil, err
	}
	op := e.Op
	return func(r *record) tri {
		a, ok1 := x(r)
		b, ok2 := y(r)
		if !ok1 || !ok2 {
			return no
		}
		return boolTri(holds(op, a, b))
	}, nil
}

// holds reports whether a op b.
func holds(op check.CmpOp, a, b int64) bool {
	switch op {
	case check.OpLE:
		return a <= b
	case check.OpLT:
		return a < b
	case check.OpGE:
		return a >= b
	case check.OpGT:
		return a > b
	case check.OpEQ:
		return a == b
	}
	return a != b
}

// compareFast compiles the two shapes that most conditions take, a field
// against a literal (wait > 30s) and the difference of two fields against
// a literal (wait - hold_music <= 45s), to one closure that reads the
// fields directly. It reports false for any other shape.
func (p *Plan) compareFast(e *check.RCompare) (predicate, bool, error) {
	lit, ok := e.Y.(*check.RConst)
	if !ok {
		return nil, false, nil
	}
	c, err := constant(lit)
	if err != nil {
		return nil, false, err
	}
	op := e.Op
	switch x := e.X.(type) {
	case *check.RField:
		i := x.Field.Index
		return func(r *record) tri { return boolTri(r.ok[i] && holds(op, r.v[i], c)) }, true, nil
	case *check.RArith:
		a, okA := x.X.(*check.RField)
		b, okB := x.Y.(*check.RField)
		if !okA || !okB || x.Op != '-' {
			return nil, false, nil
		}
		i, j := a.Field.Index, b.Field.Index
		return func(r *record) tri { return boolTri(r.ok[i] && r.ok[j] && holds(op, r.v[i]-r.v[j], c)) }, true, nil
	}
	return nil, false, nil
}

// compareText compiles field == "literal" (either way round) to a
// comparison of indexes. Two fields or two literals compare by index too,
// which is right for fields with the same "one of" list only, so the
// checker's rules keep other cases out.
func (p *Plan) compareText(sp *sourcePlan, e *check.RCompare) (predicate, error) {
	f, c := e.X, e.Y
	if _, ok := f.(*check.RConst); ok {
		f, c = c, f
	}
	field, ok1 := f.(*check.RField)
	lit, ok2 := c.(*check.RConst)
	if !ok1 || !ok2 {
		return nil, compileError(e.N.Span(), "compare a text field with a quoted text")
	}
	i := field.Field.Index
	want := int64(-2)
	if len(field.Field.Values) > 0 {
		for k, v := range field.Field.Values {
			if v == lit.Text {
				want = int64(k)
			}
		}
	} else {
		want = int64(len(sp.literals[i]))
		for k, v := range sp.literals[i] {
			if v == lit.Text {
				want = int64(k)
			}
		}
		if want == int64(len(sp.literals[i])) {
			sp.literals[i] = append(sp.literals[i], lit.Text)
		}
	}
	equal := e.Op == check.OpEQ
	return func(r *record) tri {
		return boolTri(r.ok[i] && (r.v[i] == want) == equal)
	}, nil
}

// within compiles a deadline. A record without a start cannot meet it. A
// record without an end has not met it yet: it fails once the deadline
// has passed by the time of the data, and is undecided before then.
func (p *Plan) within(sp *sourcePlan, e *check.RWithin) (predicate, error) {
	end, err := p.val(sp, e.End)
	if err != nil {
		return nil, err
	}
	start, err := p.val(sp, e.Start)
	if err != nil {
		return nil, err
	}
	limitDec := e.Limit.Mul(decimal.NewFromInt(int64(time.Second)))
	if !limitDec.IsInteger() {
		return nil, compileError(e.N.Span(), "the deadline %ss is finer than a nanosecond", e.Limit)
	}
	limit := time.Duration(limitDec.IntPart())

	deadline := func(a int64) int64 { return a + int64(limit) }
	elapsedWithin := func(a, b int64) bool { return b-a <= int64(limit) }
	if e.Business {
		s := p.schedule
		deadline = func(a int64) int64 { return int64(s.Deadline(calendar.Instant(a), limit)) }
		elapsedWithin = func(a, b int64) bool { return s.Between(calendar.Instant(a), calendar.Instant(b)) <= limit }
	}

	return func(r *record) tri {
		a, ok := start(r)
		if !ok {
			return no
		}
		if b, ok := end(r); ok {
			return boolTri(elapsedWithin(a, b))
		}
		if !p.asOfKnown {
			return undecided
		}
		if deadline(a) <= int64(p.asOf) {
			return no
		}
		return undecided
	}, nil
}
