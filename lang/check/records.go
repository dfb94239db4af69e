package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// This file checks sources and the measures computed from their records.

// durationUnits maps the unit of a duration field's bare numbers to
// seconds.
var durationUnits = map[string]decimal.Decimal{
	"milliseconds": decimal.New(1, -3), "seconds": decimal.New(1, 0),
	"minutes": decimal.New(60, 0), "hours": decimal.New(3600, 0), "days": decimal.New(86400, 0),
}

func (ck *checker) sourceDecls(f *syntax.File) {
	for _, d := range f.Decls {
		d, ok := d.(*syntax.SourceDecl)
		if !ok {
			continue
		}
		if !ck.checkName(d.Name, "source") {
			continue
		}
		if prev := ck.sourceByName(d.Name.Name); prev != nil {
			ck.errorf(d.Name, "source %q is declared twice", d.Name.Name).Hint =
				fmt.Sprintf("the first declaration is at line %d", prev.Decl.Span().Start.Line)
			continue
		}
		s := &Source{Decl: d, Name: d.Name.Name, Title: titleText(d.Title), Ref: refText(d.Ref), Index: len(ck.c.Sources)}
		ck.c.Sources = append(ck.c.Sources, s)
		ck.sourceFields(s)
	}
}

func (ck *checker) sourceByName(name string) *Source {
	for _, s := range ck.c.Sources {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func (ck *checker) sourceNames() []string {
	var names []string
	for _, s := range ck.c.Sources {
		names = append(names, s.Name)
	}
	return names
}

func (ck *checker) sourceFields(s *Source) {
	for _, fd := range s.Decl.Fields {
		if prev := s.Field(fd.Name.Name); prev != nil {
			ck.errorf(fd.Name, "field %q is declared twice in source %s", fd.Name.Name, s.Name).Hint =
				fmt.Sprintf("the first declaration is at line %d", prev.Decl.Span().Start.Line)
			continue
		}
		if f := ck.field(fd); f != nil {
			f.Index = len(s.Fields)
			s.Fields = append(s.Fields, f)
		}
	}
	if len(s.Decl.Fields) == 0 {
		ck.errorf(s.Decl.Name, "source %s has no fields", s.Name).Hint = "declare each column, as in: field offered_at: timestamp"
	}

	switch {
	case len(s.Decl.PeriodBy) == 0:
		example := "offered_at"
		for _, f := range s.Fields {
			if f.Kind == FieldTimestamp && !f.Optional {
				example = f.Name
				break
			}
		}
		ck.errorf(s.Decl.Name, "source %s does not say which timestamp puts a record in a period", s.Name).Hint =
			"add a line such as: period by " + example
	case len(s.Decl.PeriodBy) > 1:
		ck.errorf(s.Decl.PeriodBy[1], "second period by line").Hint = "a record belongs to the period of one timestamp"
	default:
		s.PeriodBy = ck.periodField(s, s.Decl.PeriodBy[0])
	}
}

func (ck *checker) periodField(s *Source, id *syntax.Ident) *Field {
	f := s.Field(id.Name)
	switch {
	case f == nil:
		ck.unknownField(s, id)
	case f.Kind != FieldTimestamp:
		ck.errorf(id, "period by %s: the field is a %s, not a timestamp", id.Name, f.Kind).Hint = "name a timestamp field"
	case f.Optional:
		ck.errorf(id, "period by %s: the field is optional, so some records would have no period", id.Name).Hint =
			"name a timestamp that every record has"
	default:
		return f
	}
	return nil
}

func (ck *checker) unknownField(s *Source, id *syntax.Ident) {
	var names []string
	for _, f := range s.Fields {
		names = append(names, f.Name)
	}
	d := ck.errorf(id, "source %s has no field %q", s.Name, id.Name)
	d.Hint = ck.suggest(id.Name, names)
	if d.Hint == "" && len(names) > 0 {
		d.Hint = "the fields are " + strings.Join(names, ", ")
	}
}

func (ck *checker) field(fd *syntax.FieldDecl) *Field {
	kind, ok := fieldKindWords[fd.Type.Name]
	if !ok {
		words := []string{"timestamp", "duration", "number", "count", "money", "bool", "text"}
		d := ck.errorf(fd.Type, "unknown field type %q", fd.Type.Name)
		d.Hint = ck.suggest(fd.Type.Name, words)
		if d.Hint == "" {
			d.Hint = "the field types are " + strings.Join(words, ", ")
		}
		return nil
	}
	f := &Field{Decl: fd, Name: fd.Name.Name, Kind: kind, Optional: fd.Optional, Scale: decimal.New(1, 0)}

	if fd.In != nil {
		scale, ok := durationUnits[fd.In.Name]
		switch {
		case kind != FieldDuration:
			ck.errorf(fd.In, "only a duration field takes a unit (in %s)", fd.In.Name).Hint = "remove the unit"
		case !ok:
			d := ck.errorf(fd.In, "unknown duration unit %q", fd.In.Name)
			d.Hint = ck.suggest(fd.In.Name, []string{"milliseconds", "seconds", "minutes", "hours", "days"})
			if d.Hint == "" {
				d.Hint = "write in milliseconds, seconds, minutes, hours or days"
			}
		default:
			f.Scale = scale
		}
	}

	if len(fd.OneOf) > 0 && kind != FieldText {
		ck.errorf(fd.OneOf[0], "only a text field takes a list of values").Hint = "remove the one of list, or declare the field as text"
	}
	for _, v := range fd.OneOf {
		f.Values = append(f.Values, v.Value)
	}
	return f
}

// recordMeasure checks the definition of a measure over records.
func (ck *checker) recordMeasure(m *Measure) {
	d := m.Decl
	if d.Reported || d.Expr != nil {
		ck.errorf(d.Name, "measure %s is computed from records, so it is neither reported nor a formula", m.Name).Hint =
			fmt.Sprintf("write the head line as: measure %s: %s", m.Name, d.Unit.Name)
		return
	}
	if len(d.Aggregates) == 0 {
		ck.errorf(d.Name, "measure %s has among, excluding or minimum lines but no aggregate line", m.Name).Hint =
			"add a line such as: share of calls where ..., count cases, mean of wait over calls, or uptime of outages from started_at to ended_at"
		return
	}
	for _, extra := range d.Aggregates[1:] {
		ck.errorf(extra, "second aggregate line in measure %s", m.Name).Hint =
			"a measure has one aggregate; declare another measure and combine them in a formula"
	}

	a := d.Aggregates[0]
	s := ck.sourceByName(a.Source.Name)
	if s == nil {
		d := ck.errorf(a.Source, "unknown source %q", a.Source.Name)
		d.Hint = ck.suggest(a.Source.Name, ck.sourceNames())
		if d.Hint == "" {
			d.Hint = "declare it first, as in: source calls, with period by and field lines"
		}
		return
	}

	r := &RecordMeasure{Source: s, Text: syntax.AggregateString(a)}
	m.Records = r
	m.Reported = true
	ck.aggregateKind(m, a, r)
	if a.Where != nil {
		r.Where = ck.recordCondition(s, a.Where)
	}
	ck.recordClauses(m, r)
	ck.recordUnit(m, a, r)
}

func (ck *checker) aggregateKind(m *Measure, a *syntax.RecordAggregate, r *RecordMeasure) {
	name := a.Func.Name
	switch name {
	case "count":
		r.Kind = AggCount
	case "share":
		r.Kind = AggShare
		if a.Where == nil {
			ck.errorf(a, "share of %s needs a where condition", a.Source.Name).Hint =
				"write share of " + a.Source.Name + " where CONDITION, optionally with an among line for the denominator"
		}
	case "uptime":
		r.Kind = AggUptime
		r.From = ck.intervalField(r.Source, a.From)
		r.To = ck.intervalField(r.Source, a.To)
	case "sum", "mean", "min", "max", "median":
		r.Kind = map[string]AggKind{"sum": AggSum, "mean": AggMean, "min": AggMin, "max": AggMax, "median": AggPercentile}[name]
		if name == "median" {
			r.Percentile = 50
		}
	default:
		p, err := strconv.Atoi(strings.TrimPrefix(name, "p"))
		if !strings.HasPrefix(name, "p") || err != nil || p < 1 || p > 99 || strings.HasPrefix(name, "p0") {
			d := ck.errorf(a.Func, "unknown aggregate %q", name)
			d.Hint = ck.suggest(name, []string{"count", "share", "uptime", "sum", "mean", "min", "max", "median"})
			if d.Hint == "" {
				d.Hint = "write count, share, uptime, sum, mean, min, max, median or a percentile from p1 to p99, such as p90"
			}
			return
		}
		r.Kind, r.Percentile = AggPercentile, p
	}
	if a.Value != nil {
		r.Value = ck.rexpr(r.Source, a.Value)
	}
}

func (ck *checker) intervalField(s *Source, id *syntax.Ident) *Field {
	f := s.Field(id.Name)
	switch {
	case f == nil:
		ck.unknownField(s, id)
	case f.Kind != FieldTimestamp:
		ck.errorf(id, "uptime needs timestamps, but %s is a %s", id.Name, f.Kind).Hint = "name the timestamps at which each outage starts and ends"
	default:
		return f
	}
	return nil
}

// recordClauses checks the among, excluding and minimum sample lines.
func (ck *checker) recordClauses(m *Measure, r *RecordMeasure) {
	d := m.Decl
	sameSource := func(id *syntax.Ident) bool {
		if id.Name != r.Source.Name {
			ck.errorf(id, "this line names source %s, but the measure aggregates %s", id.Name, r.Source.Name).Hint =
				"every line of a measure reads the same source"
			return false
		}
		return true
	}

	for i, among := range d.Among {
		switch {
		case i > 0:
			ck.errorf(among, "second among line").Hint = "join the conditions with and or or"
		case r.Kind != AggShare:
			ck.errorf(among, "an among line belongs to a share").Hint = "use where on the aggregate line to select records"
		case sameSource(among.Source):
			r.Among = ck.recordCondition(r.Source, among.Where)
			r.AmongText = "among " + among.Source.Name + " where " + syntax.ExprString(among.Where)
		}
	}

	for _, x := range d.Excluding {
		if !sameSource(x.Source) {
			continue
		}
		reason := syntax.ExprString(x.Where)
		if x.Reason != nil {
			reason = x.Reason.Value
		}
		r.Exclusions = append(r.Exclusions, &Exclusion{Decl: x, Where: ck.recordCondition(r.Source, x.Where), Reason: reason})
	}

	for i, min := range d.Minimum {
		if i > 0 {
			ck.errorf(min, "second minimum sample line").Hint = "keep one"
			continue
		}
		ck.minimumSample(r, min)
	}
}

func (ck *checker) minimumSample(r *RecordMeasure, min *syntax.MinimumSample) {
	if min.Noun.Name != r.Source.Name && min.Noun.Name != "records" {
		ck.errorf(min.Noun, "minimum sample counts %s, but the measure aggregates %s", min.Noun.Name, r.Source.Name).Hint =
			fmt.Sprintf("write minimum sample %s %s", min.Count.Text, r.Source.Name)
		return
	}
	n := min.Count.Value
	switch {
	case !n.IsInteger():
		ck.errorf(min.Count, "minimum sample %s is not a whole number of records", min.Count.Text).Hint = "write a whole number such as 100"
		return
	case n.Sign() <= 0:
		ck.errorf(min.Count, "minimum sample %s must be at least 1", min.Count.Text).Hint = "write a whole number such as 100, or remove the line"
		return
	case n.GreaterThan(decimal.New(1, 15)):
		ck.errorf(min.Count, "minimum sample %s is too large", types.Quote(min.Count.Text)).Hint = "write a number of records below 1,000,000,000,000,000"
		return
	}
	if r.Kind == AggUptime {
		ck.errorf(min, "an uptime does not rest on a number of records, so it takes no minimum sample").Hint = "remove the line"
		return
	}
	r.MinSample = n.IntPart()
}

// recordUnit sets the unit of a measure over records and checks it against
// the declared one.
func (ck *checker) recordUnit(m *Measure, a *syntax.RecordAggregate, r *RecordMeasure) {
	var got types.Unit
	switch r.Kind {
	case AggCount:
		got = types.Count
	case AggShare, AggUptime:
		got = types.Percent
	case 0:
		return
	default:
		if r.Value == nil {
			return
		}
		got = ck.statUnit(r, a)
	}
	if got == bad || m.Unit == bad || got == m.Unit {
		return
	}
	if got == types.Count && m.Unit == types.Number {
		return
	}
	ck.errorf(m.Decl.Unit, "measure %s is declared %s, but %s gives a %s", m.Name, m.Unit, a.Func.Name, unitName(got)).Hint =
		fmt.Sprintf("declare it as %s", unitName(got))
}

func (ck *checker) statUnit(r *RecordMeasure, a *syntax.RecordAggregate) types.Unit {
	switch r.Value.Kind() {
	case RDuration:
		return types.Duration
	case RMoney:
		return types.Money
	case RNumber:
		if f, ok := r.Value.(*RField); ok && f.Field.Kind == FieldCount && r.Kind != AggMean {
			return types.Count
		}
		return types.Number
	case RBad:
		return bad
	}
	ck.errorf(a.Value, "%s of %s: a %s has no %s", a.Func.Name, syntax.ExprString(a.Value), r.Value.Kind(), a.Func.Name).Hint =
		"aggregate a duration, a number or an amount; for timestamps, subtract one from another to get a duration"
	return bad
}
