package syntax

import (
	"fmt"
	"strconv"
	"strings"
)

// Dump writes a compact, one-node-per-line tree of f, with the line:col of
// each declaration and clause. Parser tests compare dumps with golden files
// because a dump shows the shape of the tree without the noise of spans.
func Dump(f *File) string {
	var b strings.Builder
	for _, d := range f.Decls {
		dumpDecl(&b, d)
	}
	return b.String()
}

func at(n Node) string {
	s := n.Span().Start
	return fmt.Sprintf("%d:%d", s.Line, s.Col)
}

func line(b *strings.Builder, depth int, format string, args ...any) {
	b.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(b, format, args...)
	b.WriteByte('\n')
}

func dumpDecl(b *strings.Builder, d Decl) {
	switch d := d.(type) {
	case *ContractDecl:
		line(b, 0, "%s contract %q", at(d), d.Title.Value)
		if d.Currency != nil {
			line(b, 1, "currency %s", d.Currency.Name)
		}
		if d.Term != nil {
			line(b, 1, "term %s to %s %s", d.Term.Start.Text, d.Term.End.Text, d.Term.Granularity.Name)
		}
		if d.Rounding != nil {
			line(b, 1, "rounding %s", d.Rounding.Mode)
		}
		dumpCalendar(b, d)
		dumpRef(b, 1, d.Ref)
	case *SourceDecl:
		dumpSource(b, d)
	case *TestDecl:
		line(b, 0, "%s test %q", at(d), d.Name.Value)
		for _, l := range TestLines(d) {
			line(b, 1, "%s", l)
		}
	case *PaymentDecl:
		line(b, 0, "%s payment %s%s = %s per %s", at(d), d.Name.Name, title(d.Title), d.Amount.Text, d.Per.Name)
		dumpRef(b, 1, d.Ref)
	case *MeasureDecl:
		switch {
		case d.Reported:
			line(b, 0, "%s measure %s%s: reported %s", at(d), d.Name.Name, title(d.Title), d.Unit.Name)
		case d.Expr != nil:
			line(b, 0, "%s measure %s%s: %s = %s", at(d), d.Name.Name, title(d.Title), d.Unit.Name, ExprString(d.Expr))
		default:
			line(b, 0, "%s measure %s%s: %s", at(d), d.Name.Name, title(d.Title), d.Unit.Name)
		}
		dumpMeasureRecords(b, d)
		dumpRef(b, 1, d.Ref)
	case *ServiceLevelDecl:
		dumpServiceLevel(b, d)
	case *CapDecl:
		line(b, 0, "%s cap total deductions at %s", at(d), amountString(d.Amount))
		if d.Excess != nil {
			line(b, 1, "excess carries forward: %v", d.Excess.CarryForward)
		}
		dumpRef(b, 1, d.Ref)
	case *NoticeDecl:
		line(b, 0, "%s notice %s%s", at(d), d.Name.Name, title(d.Title))
		dumpRef(b, 1, d.Ref)
		for _, c := range d.Whens {
			line(b, 1, "%s when %s%s", at(c), PredicateString(c.Pred), windowString(c.Window))
		}
	}
}

func dumpServiceLevel(b *strings.Builder, d *ServiceLevelDecl) {
	line(b, 0, "%s service level %s%s", at(d), d.Name.Name, title(d.Title))
	dumpRef(b, 1, d.Ref)
	for _, t := range d.Targets {
		line(b, 1, "%s target %s", at(t), ExprString(t.Cond))
	}
	for _, t := range d.Tiers {
		line(b, 1, "%s tier %s when %s", at(t), t.Name.Name, ExprString(t.Cond))
		dumpRef(b, 2, t.Ref)
	}
	for _, x := range d.Deducts {
		per := ""
		if x.PerUnit != nil {
			per = " per " + strings.TrimSpace(x.PerUnit.Count+" "+ExprString(x.PerUnit.Unit)) + " of shortfall"
		}
		line(b, 1, "%s deduct %s%s when %s%s", at(x), amountString(x.Amount), per, x.When.Name, windowString(x.Window))
		dumpRef(b, 2, x.Ref)
	}
	for _, m := range d.Missing {
		if m.CountsAs != nil {
			line(b, 1, "%s missing value counts as %s", at(m), m.CountsAs.Name)
		} else {
			line(b, 1, "%s missing value %s", at(m), m.Kind)
		}
		dumpRef(b, 2, m.Ref)
	}
	for _, c := range d.Caps {
		line(b, 1, "%s cap at %s", at(c), amountString(c.Amount))
		dumpRef(b, 2, c.Ref)
	}
	for _, p := range d.Public {
		if p.Title != nil {
			line(b, 1, "%s public %q", at(p), p.Title.Value)
		} else {
			line(b, 1, "%s public", at(p))
		}
	}
	for _, p := range d.Sample {
		if p.CountsAs != nil {
			line(b, 1, "%s below minimum sample counts as %s", at(p), p.CountsAs.Name)
		} else {
			line(b, 1, "%s below minimum sample is %s", at(p), p.Kind)
		}
		dumpRef(b, 2, p.Ref)
	}
}

func dumpRef(b *strings.Builder, depth int, r *Ref) {
	if r != nil {
		line(b, depth, "ref %q", r.Text.Value)
	}
}

func title(s *StringLit) string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf(" %q", s.Value)
}

func amountString(a *Amount) string {
	if a.Money != nil {
		return a.Money.Text
	}
	return a.Rate.Text + " of " + a.Payment.Name
}

func windowString(w *Window) string {
	if w == nil {
		return ""
	}
	if w.Last == nil {
		return fmt.Sprintf(" in %s consecutive periods", w.Count.Text)
	}
	return fmt.Sprintf(" in %s of the last %s periods", w.Count.Text, w.Last.Text)
}

// PredicateString writes a notice predicate in source form.
func PredicateString(p Predicate) string {
	switch p := p.(type) {
	case *LevelPredicate:
		var scope string
		switch p.Scope {
		case ScopeSame:
			scope = "the same service level"
		case ScopeAny:
			scope = "any service level"
		case ScopeNamed:
			scope = "service level " + p.Level.Name
		case ScopeAtLeast:
			scope = "at least " + p.AtLeast.Text + " service levels"
		}
		// "at least N service levels" takes the plural verbs.
		fails, is := " fails", " is "
		if p.Scope == ScopeAtLeast {
			fails, is = " fail", " are "
		}
		if p.Outcome.Name == "fails" {
			return scope + fails
		}
		return scope + is + p.Outcome.Name
	case *DeductionPredicate:
		if p.ReachesCap {
			return "total deductions reach the cap"
		}
		return "total deductions " + p.Op + " " + ExprString(p.Amount)
	case *NoticePredicate:
		return "notice " + p.Notice.Name + " is issued"
	case *ExprPredicate:
		return ExprString(p.Cond)
	}
	return "?"
}

// ExprString writes e in source form with the parentheses the author
// wrote, and single spaces between tokens.
func ExprString(e Expr) string {
	switch e := e.(type) {
	case *Ident:
		return e.Name
	case *NumberLit:
		return e.Text
	case *PercentLit:
		return e.Text
	case *DurationLit:
		return e.Text
	case *MoneyLit:
		return e.Text
	case *Unary:
		if e.Op == "not" {
			return "not " + ExprString(e.X)
		}
		return e.Op + ExprString(e.X)
	case *Binary:
		return ExprString(e.X) + " " + e.Op + " " + ExprString(e.Y)
	case *Paren:
		return "(" + ExprString(e.X) + ")"
	case *Call:
		var args []string
		for _, a := range e.Args {
			args = append(args, ExprString(a))
		}
		return e.Func.Name + "(" + strings.Join(args, ", ") + ")"
	case *Aggregate:
		over := "last"
		if e.Prior {
			over = "prior"
		}
		return fmt.Sprintf("%s of %s over %s %s %s else %s", e.Func.Name, e.Measure.Name, over, e.Count.Text, periods(e.Count), ExprString(e.Else))
	case *Lag:
		return fmt.Sprintf("%s from %s %s ago else %s", e.Measure.Name, e.Count.Text, periods(e.Count), ExprString(e.Else))
	case *StringLit:
		return strconv.Quote(e.Value)
	case *Within:
		limit := ExprString(e.Limit)
		if e.Business {
			limit += " business hours"
		}
		return ExprString(e.End) + " within " + limit + " of " + ExprString(e.Start)
	case *IsMissing:
		if e.Not {
			return ExprString(e.X) + " is not missing"
		}
		return ExprString(e.X) + " is missing"
	}
	return "?"
}

func periods(n *NumberLit) string {
	if n.Text == "1" {
		return "period"
	}
	return "periods"
}

func dumpCalendar(b *strings.Builder, d *ContractDecl) {
	if a := d.AgreedRates; a != nil {
		line(b, 1, "deduction rates %s to %s", a.Low.Text, a.High.Text)
	}
	if d.Zone != nil {
		line(b, 1, "time zone %s", d.Zone.Name)
	}
	if h := d.Business; h != nil {
		var days []string
		for _, day := range h.Days {
			days = append(days, day.Name)
		}
		if h.Last != nil {
			days = append(days, "to", h.Last.Name)
		}
		line(b, 1, "business hours %s %s:%s to %s:%s", strings.Join(days, " "), h.Open.Hour, h.Open.Minute, h.Close.Hour, h.Close.Minute)
	}
	for _, h := range d.Holidays {
		if h.File != nil {
			line(b, 1, "holidays from %q", h.File.Value)
			continue
		}
		var dates []string
		for _, date := range h.Dates {
			dates = append(dates, date.Text)
		}
		line(b, 1, "holidays %s", strings.Join(dates, ", "))
	}
}

func dumpSource(b *strings.Builder, d *SourceDecl) {
	line(b, 0, "%s source %s%s", at(d), d.Name.Name, title(d.Title))
	for _, p := range d.PeriodBy {
		line(b, 1, "%s period by %s", at(p), p.Name)
	}
	for _, f := range d.Fields {
		text := f.Type.Name
		if f.Optional {
			text = "optional " + text
		}
		if f.In != nil {
			text += " in " + f.In.Name
		}
		var values []string
		for _, v := range f.OneOf {
			values = append(values, strconv.Quote(v.Value))
		}
		if len(values) > 0 {
			text += " one of " + strings.Join(values, ", ")
		}
		line(b, 1, "%s field %s: %s", at(f), f.Name.Name, text)
	}
	dumpRef(b, 1, d.Ref)
}

func dumpMeasureRecords(b *strings.Builder, d *MeasureDecl) {
	for _, a := range d.Aggregates {
		line(b, 1, "%s %s", at(a), AggregateString(a))
	}
	for _, a := range d.Among {
		line(b, 1, "%s among %s where %s", at(a), a.Source.Name, ExprString(a.Where))
	}
	for _, x := range d.Excluding {
		reason := ""
		if x.Reason != nil {
			reason = fmt.Sprintf(" because %q", x.Reason.Value)
		}
		line(b, 1, "%s excluding %s where %s%s", at(x), x.Source.Name, ExprString(x.Where), reason)
	}
	for _, m := range d.Minimum {
		line(b, 1, "%s minimum sample %s %s", at(m), m.Count.Text, m.Noun.Name)
	}
}

// AggregateString writes an aggregate line of a measure in source form.
func AggregateString(a *RecordAggregate) string {
	var s string
	switch a.Func.Name {
	case "count":
		s = "count " + a.Source.Name
	case "share":
		s = "share of " + a.Source.Name
	case "uptime":
		s = fmt.Sprintf("uptime of %s from %s to %s", a.Source.Name, a.From.Name, a.To.Name)
	default:
		s = fmt.Sprintf("%s of %s over %s", a.Func.Name, ExprString(a.Value), a.Source.Name)
	}
	if a.Where != nil {
		s += " where " + ExprString(a.Where)
	}
	return s
}

// TestLines writes the clauses of a test in source form, in the order of
// the declaration's fields: data, columns, rows, ignore lines, expects.
func TestLines(d *TestDecl) []string {
	var out []string
	for _, s := range d.Data {
		out = append(out, "data "+strconv.Quote(s.Value))
	}
	for _, cols := range d.Columns {
		var names []string
		for _, c := range cols {
			names = append(names, c.Name)
		}
		out = append(out, "columns "+strings.Join(names, ", "))
	}
	for _, r := range d.Rows {
		out = append(out, RowString(r))
	}
	for range d.IgnoreNotices {
		out = append(out, "ignore notices")
	}
	for _, e := range d.Expects {
		out = append(out, ExpectString(e))
	}
	return out
}

// RowString writes an inline row in source form.
func RowString(r *Row) string {
	var cells []string
	for _, c := range r.Cells {
		if c.Missing {
			cells = append(cells, "missing")
		} else {
			cells = append(cells, c.Text)
		}
	}
	return "row " + r.Period.Text + ": " + strings.Join(cells, ", ")
}

// ExpectString writes an expect line in source form.
func ExpectString(e *Expect) string {
	switch e.Kind {
	case "error":
		return "expect error " + strconv.Quote(e.Error.Value)
	case "no notices":
		return "expect no notices"
	case "notice":
		s := "expect notice " + e.Notice.Name
		if e.Level != nil {
			s += " for " + e.Level.Name
		}
		return s + " in " + e.Period.Text
	case "total deductions", "net payment":
		s := "expect "
		if e.Period != nil {
			s += e.Period.Text + " "
		}
		return s + e.Kind + " " + e.Amount.Text
	}
	s := "expect " + e.Period.Text + " " + e.Level.Name + " " + e.Status
	if e.Tier != nil {
		s += " " + e.Tier.Name
	}
	if e.Deduction != nil {
		s += " deduction " + e.Deduction.Text
	}
	return s
}
