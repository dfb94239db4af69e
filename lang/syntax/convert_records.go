package syntax

import (
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
)

// This file converts the declarations that measures over raw records use:
// the calendar clauses of the contract header, sources and their fields,
// and the aggregate lines of a measure.

func (c *converter) zone(g *gZone) *Zone {
	z := &Zone{Sp: span(g.Pos, g.EndPos)}
	if g.Quoted != nil {
		z.Name = c.str(g.Quoted).Value
		return z
	}
	z.Name = strings.Join(g.Parts, "/")
	return z
}

func (c *converter) business(g *gBusiness) *BusinessHours {
	if g.Last != nil && len(g.More) > 0 {
		c.errs.Errorf(c.name, span(g.Pos, g.EndPos), "business hours mix a range of days with a list").Hint =
			"write a range, as in Monday to Friday, or a list, as in Monday, Wednesday, Friday"
	}
	b := &BusinessHours{
		Sp:    span(g.Pos, g.EndPos),
		Days:  []*Ident{c.ident(g.First)},
		Last:  c.ident(g.Last),
		Open:  c.clock(g.Open),
		Close: c.clock(g.Close),
	}
	for _, d := range g.More {
		b.Days = append(b.Days, c.ident(d))
	}
	return b
}

func (c *converter) clock(g *gClock) *Clock {
	return &Clock{Sp: span(g.Pos, g.EndPos), Hour: g.Hour, Minute: g.Minute}
}

func (c *converter) holidays(g *gHolidays) *Holidays {
	h := &Holidays{Sp: span(g.Pos, g.EndPos)}
	if g.File != nil {
		h.File = c.str(g.File)
		return h
	}
	for _, d := range g.Dates {
		h.Dates = append(h.Dates, &DateLit{Sp: span(d.Pos, d.EndPos), Text: d.Text})
	}
	return h
}

func (c *converter) source(g *gSource) *SourceDecl {
	d := &SourceDecl{Sp: span(g.Pos, g.EndPos), Name: c.ident(g.Name), Title: c.str(g.Title)}
	for _, cl := range g.Clauses {
		switch {
		case cl.Ref != nil:
			c.setRef(&d.Ref, cl.Ref)
		case cl.PeriodBy != nil:
			d.PeriodBy = append(d.PeriodBy, c.ident(cl.PeriodBy))
		case cl.Field != nil:
			d.Fields = append(d.Fields, c.field(cl.Field))
		}
	}
	return d
}

func (c *converter) field(g *gField) *FieldDecl {
	f := &FieldDecl{
		Sp:       span(g.Pos, g.EndPos),
		Name:     c.ident(g.Name),
		Optional: g.Optional,
		Type:     c.ident(g.Type),
		In:       c.ident(g.In),
	}
	for _, s := range g.OneOf {
		f.OneOf = append(f.OneOf, c.str(s))
	}
	return f
}

func (c *converter) measureClause(d *MeasureDecl, g *gMeasureClause) {
	sp := span(g.Pos, g.EndPos)
	switch {
	case g.Ref != nil:
		c.setRef(&d.Ref, g.Ref)
	case g.Among != nil:
		d.Among = append(d.Among, &Among{Sp: sp, Source: c.ident(g.Among.Source), Where: c.expr(g.Among.Where)})
	case g.Excluding != nil:
		d.Excluding = append(d.Excluding, &Exclusion{
			Sp:     sp,
			Source: c.ident(g.Excluding.Source),
			Where:  c.expr(g.Excluding.Where),
			Reason: c.str(g.Excluding.Reason),
		})
	case g.Minimum != nil:
		d.Minimum = append(d.Minimum, &MinimumSample{Sp: sp, Count: c.number(g.Minimum.Count), Noun: c.ident(g.Minimum.Noun)})
	case g.Aggregate != nil:
		d.Aggregates = append(d.Aggregates, c.recordAggregate(g.Aggregate))
	}
}

func (c *converter) recordAggregate(g *gRecordAgg) *RecordAggregate {
	sp := span(g.Pos, g.EndPos)
	a := &RecordAggregate{Sp: sp}
	switch {
	case g.Count != nil:
		a.Func = &Ident{Sp: keywordSpan(sp, "count"), Name: "count"}
		a.Source = c.ident(g.Count)
	case g.Share != nil:
		a.Func = &Ident{Sp: keywordSpan(sp, "share"), Name: "share"}
		a.Source = c.ident(g.Share)
	case g.Uptime != nil:
		a.Func = &Ident{Sp: keywordSpan(sp, "uptime"), Name: "uptime"}
		a.Source = c.ident(g.Uptime.Source)
		a.From = c.ident(g.Uptime.From)
		a.To = c.ident(g.Uptime.To)
	default:
		a.Func = c.ident(g.Stat.Func)
		a.Value = c.sum(g.Stat.Value)
		a.Source = c.ident(g.Stat.Source)
	}
	if g.Where != nil {
		a.Where = c.expr(g.Where)
	}
	return a
}

func (c *converter) within(g *gCmp, end Expr) Expr {
	w := g.Within
	n := &Within{Sp: span(g.Pos, g.EndPos), End: end, Business: w.Business, Start: c.sum(w.Start)}
	if w.Business {
		n.Limit = c.literalText(w.Pos, w.Pos, "", "", "", w.Hours)
	} else {
		n.Limit = c.literalText(w.Pos, w.Pos, "", "", w.Duration, "")
	}
	return n
}

func (c *converter) sample(g *gSample) *SamplePolicy {
	p := &SamplePolicy{Sp: span(g.Pos, g.EndPos), Ref: c.ref(g.Ref)}
	switch {
	case g.CountsAs != nil:
		p.Kind, p.CountsAs = "counts as", c.ident(g.CountsAs)
	case g.NotAssessed:
		p.Kind = "not assessed"
	default:
		p.Kind = "assessed"
	}
	return p
}

// keywordSpan is the span of the keyword that starts sp, for nodes such as
// the "count" of an aggregate line, whose token the grammar does not keep.
func keywordSpan(sp diag.Span, word string) diag.Span {
	end := sp.Start
	end.Col += len(word)
	end.Offset += len(word)
	return diag.Span{Start: sp.Start, End: end}
}
