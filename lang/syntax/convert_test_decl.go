package syntax

// This file converts test declarations.

func (c *converter) test(g *gTest) *TestDecl {
	d := &TestDecl{Sp: span(g.Pos, g.EndPos), Name: c.str(g.Name)}
	for _, cl := range g.Clauses {
		sp := span(cl.Pos, cl.EndPos)
		switch {
		case cl.Data != nil:
			d.Data = append(d.Data, c.str(cl.Data))
		case cl.Columns != nil:
			var cols []*Ident
			for _, id := range cl.Columns {
				cols = append(cols, c.ident(id))
			}
			d.Columns = append(d.Columns, cols)
		case cl.Row != nil:
			d.Rows = append(d.Rows, c.row(cl.Row))
		case cl.Ignore:
			d.IgnoreNotices = append(d.IgnoreNotices, sp)
		case cl.Expect != nil:
			d.Expects = append(d.Expects, c.expect(cl.Expect))
		}
	}
	return d
}

func (c *converter) periodLit(g *gPeriod) *PeriodLit {
	if g == nil {
		return nil
	}
	return &PeriodLit{Sp: span(g.Pos, g.EndPos), Text: g.Text}
}

func (c *converter) row(g *gRow) *Row {
	r := &Row{Sp: span(g.Pos, g.EndPos), Period: c.periodLit(g.Period)}
	for _, cell := range g.Cells {
		x := &Cell{Sp: span(cell.Pos, cell.EndPos), Missing: cell.Missing}
		if cell.Value != nil {
			x.Text = literalSource(cell.Value)
		}
		r.Cells = append(r.Cells, x)
	}
	return r
}

// literalSource returns a literal as written.
func literalSource(g *gLiteral) string {
	return g.Money + g.Percent + g.Duration + g.Number
}

func (c *converter) expect(g *gExpect) *Expect {
	e := &Expect{Sp: span(g.Pos, g.EndPos)}
	switch {
	case g.Error != nil:
		e.Kind, e.Error = "error", c.str(g.Error)
	case g.NoNotices:
		e.Kind = "no notices"
	case g.Notice != nil:
		e.Kind, e.Notice, e.Level, e.Period = "notice", c.ident(g.Notice.Kind), c.ident(g.Notice.Level), c.periodLit(g.Notice.Period)
	case g.Total != nil:
		e.Kind = "total deductions"
		if g.Total.Net {
			e.Kind = "net payment"
		}
		e.Period, e.Amount = c.periodLit(g.Total.Period), c.money(g.Total.Amount)
	default:
		l := g.Level
		e.Kind, e.Period, e.Level, e.Tier = "level", c.periodLit(l.Period), c.ident(l.Level), c.ident(l.Tier)
		switch {
		case l.Met:
			e.Status = "met"
		case l.Failed:
			e.Status = "failed"
		case l.Missing:
			e.Status = "missing"
		default:
			e.Status = "not assessed"
		}
		e.Deduction = c.money(l.Deduction)
	}
	return e
}
