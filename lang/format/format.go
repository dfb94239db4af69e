// Package format prints a contract in the canonical layout, as gofmt does
// for Go: every declaration head at the left margin, every clause on a
// line of its own indented by two spaces, single spaces between tokens,
// the names of consecutive tier lines padded so that their conditions line
// up, and two spaces before a ref at the end of a clause.
//
// It changes layout only. Declarations and clauses keep their order, even
// where the order carries no meaning, every comment stays with the line it
// was on or before (a clause continued inside parentheses is joined onto
// one line, and its comments follow in order), and runs of blank lines
// become one blank line.
// Formatted output parses to the same tree as its input, and formatting it
// again changes nothing; FuzzFormat checks both.
//
// The printer works from the syntax tree, not the text. It turns each
// declaration head, clause and comment into an item with its source line,
// sorts the items by line, and writes them with the blank lines that the
// source had between them.
package format

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
)

// Source formats the contract src. It returns the errors of a source that
// does not parse, because a formatter must not guess at broken text. A
// literate contract keeps its Markdown as it is, and each pacta block is
// formatted on its own.
func Source(name string, src []byte) ([]byte, *diag.List) {
	f, errs := syntax.Parse(name, src)
	if errs != nil {
		return nil, errs
	}
	if syntax.IsLiterate(name) {
		return literate(src), nil
	}
	return File(f), nil
}

// literate formats each pacta block of a literate contract. A block that
// does not parse on its own, such as half a declaration, stays as it is.
func literate(src []byte) []byte {
	_, _, blocks := syntax.Extract(src)
	lines := strings.SplitAfter(string(src), "\n")
	var out strings.Builder
	next := 1
	for _, b := range blocks {
		if b.End < b.Start {
			continue
		}
		for ; next < b.Start; next++ {
			out.WriteString(lines[next-1])
		}
		f, errs := syntax.Parse("block", []byte(b.Text))
		if errs != nil {
			out.WriteString(b.Text)
			next = b.End + 1
			continue
		}
		// A block inside a list item keeps the indentation of its fence,
		// or the Markdown around it would break.
		for _, l := range strings.SplitAfter(string(File(f)), "\n") {
			if strings.TrimSpace(l) != "" {
				out.WriteString(b.Indent)
			}
			out.WriteString(l)
		}
		next = b.End + 1
	}
	for ; next <= len(lines); next++ {
		out.WriteString(lines[next-1])
	}
	return []byte(out.String())
}

// item is one output line: a declaration head, a clause or a comment.
type item struct {
	line   int // the source line it starts on
	end    int // the source line it ends on
	indent int
	text   string
	// kind is "tier" for a tier line, whose name pad is aligned with
	// those of the tier lines next to it.
	kind string
	pad  int
	// comment is the trailing comment on the item's line, if any.
	comment   string
	isComment bool
}

// File formats a parsed contract.
func File(f *syntax.File) []byte {
	var items []*item
	for _, d := range f.Decls {
		items = append(items, decl(d)...)
	}
	items = attachComments(f, items)
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	align(items)
	return write(f, items)
}

func at(n syntax.Node) (int, int) {
	sp := n.Span()
	end := sp.End.Line
	if end < sp.Start.Line {
		end = sp.Start.Line
	}
	return sp.Start.Line, end
}

func head(n syntax.Node, text string) *item {
	start, _ := at(n)
	return &item{line: start, end: start, text: text}
}

func clause(n syntax.Node, text string) *item {
	start, end := at(n)
	return &item{line: start, end: end, indent: 2, text: text}
}

func quote(s *syntax.StringLit) string { return strconv.Quote(s.Value) }

func title(s *syntax.StringLit) string {
	if s == nil {
		return ""
	}
	return " " + quote(s)
}

func refItem(r *syntax.Ref) *item {
	if r == nil {
		return nil
	}
	return clause(r, "ref "+quote(r.Text))
}

// withRef appends an optional trailing ref to a clause's text.
func withRef(text string, r *syntax.Ref) string {
	if r == nil {
		return text
	}
	return text + "  ref " + quote(r.Text)
}

func decl(d syntax.Decl) []*item {
	var out []*item
	add := func(it *item) {
		if it != nil {
			out = append(out, it)
		}
	}
	switch d := d.(type) {
	case *syntax.ContractDecl:
		contractDecl(d, add)
	case *syntax.PaymentDecl:
		add(head(d, "payment "+d.Name.Name+title(d.Title)+" = "+d.Amount.Text+" per "+d.Per.Name))
		add(refItem(d.Ref))
	case *syntax.MeasureDecl:
		measureDecl(d, add)
	case *syntax.SourceDecl:
		sourceDecl(d, add)
	case *syntax.ServiceLevelDecl:
		levelDecl(d, add)
	case *syntax.CapDecl:
		add(head(d, "cap total deductions at "+amount(d.Amount)))
		if d.Excess != nil {
			text := "excess is lost"
			if d.Excess.CarryForward {
				text = "excess carries forward"
			}
			add(clause(d.Excess, text))
		}
		add(refItem(d.Ref))
	case *syntax.TestDecl:
		testDecl(d, add)
	case *syntax.NoticeDecl:
		add(head(d, "notice "+d.Name.Name+title(d.Title)))
		add(refItem(d.Ref))
		for _, c := range d.Whens {
			add(clause(c, "when "+syntax.PredicateString(c.Pred)+window(c.Window)))
		}
	}
	return out
}

func testDecl(d *syntax.TestDecl, add func(*item)) {
	add(head(d, "test "+quote(d.Name)))
	for _, s := range d.Data {
		add(clause(s, "data "+quote(s)))
	}
	for _, cols := range d.Columns {
		var names []string
		for _, c := range cols {
			names = append(names, c.Name)
		}
		// The span of a columns line is that of its first name.
		add(clause(cols[0], "columns "+strings.Join(names, ", ")))
	}
	for _, r := range d.Rows {
		add(clause(r, syntax.RowString(r)))
	}
	for _, sp := range d.IgnoreNotices {
		add(&item{line: sp.Start.Line, end: sp.Start.Line, indent: 2, text: "ignore notices"})
	}
	for _, e := range d.Expects {
		add(clause(e, syntax.ExpectString(e)))
	}
}

func contractDecl(d *syntax.ContractDecl, add func(*item)) {
	add(head(d, "contract "+quote(d.Title)))
	if d.Currency != nil {
		add(clause(d.Currency, "currency "+d.Currency.Name))
	}
	if t := d.Term; t != nil {
		add(clause(t, "term "+t.Start.Text+" to "+t.End.Text+" "+t.Granularity.Name))
	}
	if d.Rounding != nil {
		add(clause(d.Rounding, "rounding "+d.Rounding.Mode))
	}
	if a := d.AgreedRates; a != nil {
		add(clause(a, "deduction rates "+a.Low.Text+" to "+a.High.Text))
	}
	if d.Zone != nil {
		add(clause(d.Zone, "time zone "+zoneText(d.Zone.Name)))
	}
	if b := d.Business; b != nil {
		var days []string
		for _, day := range b.Days {
			days = append(days, day.Name)
		}
		text := strings.Join(days, ", ")
		if b.Last != nil {
			text = b.Days[0].Name + " to " + b.Last.Name
		}
		add(clause(b, "business hours "+text+" "+b.Open.Hour+":"+b.Open.Minute+" to "+b.Close.Hour+":"+b.Close.Minute))
	}
	for _, h := range d.Holidays {
		if h.File != nil {
			add(clause(h, "holidays from "+quote(h.File)))
			continue
		}
		var dates []string
		for _, date := range h.Dates {
			dates = append(dates, date.Text)
		}
		add(clause(h, "holidays "+strings.Join(dates, ", ")))
	}
	add(refItem(d.Ref))
}

// zoneText writes a zone name bare when the grammar reads it back as the
// same name, and quoted otherwise.
func zoneText(name string) string {
	for _, part := range strings.Split(name, "/") {
		if part == "" || !isIdent(part) {
			return strconv.Quote(name)
		}
	}
	return name
}

func isIdent(s string) bool {
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

func measureDecl(d *syntax.MeasureDecl, add func(*item)) {
	text := "measure " + d.Name.Name + title(d.Title) + ": "
	switch {
	case d.Reported:
		text += "reported " + d.Unit.Name
	case d.Expr != nil:
		text += d.Unit.Name + " = " + syntax.ExprString(d.Expr)
	default:
		text += d.Unit.Name
	}
	it := head(d, text)
	if d.Expr != nil {
		// The formula may continue inside parentheses onto later lines.
		_, it.end = at(d.Expr)
	}
	add(it)
	for _, a := range d.Aggregates {
		add(clause(a, syntax.AggregateString(a)))
	}
	for _, a := range d.Among {
		add(clause(a, "among "+a.Source.Name+" where "+syntax.ExprString(a.Where)))
	}
	for _, x := range d.Excluding {
		text := "excluding " + x.Source.Name + " where " + syntax.ExprString(x.Where)
		if x.Reason != nil {
			text += " because " + quote(x.Reason)
		}
		add(clause(x, text))
	}
	for _, m := range d.Minimum {
		add(clause(m, "minimum sample "+m.Count.Text+" "+m.Noun.Name))
	}
	add(refItem(d.Ref))
}

func sourceDecl(d *syntax.SourceDecl, add func(*item)) {
	add(head(d, "source "+d.Name.Name+title(d.Title)))
	for _, p := range d.PeriodBy {
		// The span of a period by line is that of its field name.
		it := clause(p, "period by "+p.Name)
		add(it)
	}
	for _, f := range d.Fields {
		text := "field " + f.Name.Name + ": "
		if f.Optional {
			text += "optional "
		}
		text += f.Type.Name
		if f.In != nil {
			text += " in " + f.In.Name
		}
		if len(f.OneOf) > 0 {
			var values []string
			for _, v := range f.OneOf {
				values = append(values, quote(v))
			}
			text += " one of " + strings.Join(values, ", ")
		}
		add(clause(f, text))
	}
	add(refItem(d.Ref))
}

func levelDecl(d *syntax.ServiceLevelDecl, add func(*item)) {
	add(head(d, "service level "+d.Name.Name+title(d.Title)))
	add(refItem(d.Ref))
	for _, p := range d.Public {
		add(clause(p, "public"+title(p.Title)))
	}
	for _, t := range d.Targets {
		add(clause(t, "target "+syntax.ExprString(t.Cond)))
	}
	for _, t := range d.Tiers {
		it := clause(t, "when "+syntax.ExprString(t.Cond))
		it.kind, it.pad, it.text = "tier", len(t.Name.Name), t.Name.Name+"\x00"+it.text
		it.text = withRef(it.text, t.Ref)
		add(it)
	}
	for _, x := range d.Deducts {
		add(deductItem(x))
	}
	for _, m := range d.Missing {
		text := "missing value "
		switch m.Kind {
		case "counts as":
			text += "counts as " + m.CountsAs.Name
		case "not assessed":
			text += "is not assessed"
		default:
			text += "is an error"
		}
		add(clause(m, withRef(text, m.Ref)))
	}
	for _, c := range d.Caps {
		add(clause(c, withRef("cap at "+amount(c.Amount), c.Ref)))
	}
	for _, p := range d.Sample {
		text := "below minimum sample "
		switch p.Kind {
		case "counts as":
			text += "counts as " + p.CountsAs.Name
		case "not assessed":
			text += "is not assessed"
		default:
			text += "is assessed"
		}
		add(clause(p, withRef(text, p.Ref)))
	}
}

func deductItem(x *syntax.Deduct) *item {
	text := "deduct " + amount(x.Amount)
	if p := x.PerUnit; p != nil {
		text += " per "
		if p.Count != "" {
			text += p.Count + " "
		}
		text += syntax.ExprString(p.Unit) + " of shortfall"
	}
	text += " when " + x.When.Name + window(x.Window)
	return clause(x, withRef(text, x.Ref))
}

func amount(a *syntax.Amount) string {
	if a.Money != nil {
		return a.Money.Text
	}
	return a.Rate.Text + " of " + a.Payment.Name
}

func window(w *syntax.Window) string {
	if w == nil {
		return ""
	}
	if w.Last == nil {
		return " in " + w.Count.Text + " consecutive " + periods(w.Count.Text)
	}
	return " in " + w.Count.Text + " of the last " + w.Last.Text + " " + periods(w.Last.Text)
}

func periods(n string) string {
	if n == "1" {
		return "period"
	}
	return "periods"
}

// attachComments adds the comments to the items: a comment on a line of
// its own becomes an item there, indented like the code that follows it,
// and a comment after code stays at the end of that code's line. A clause
// that continued inside parentheses becomes one line, so its first comment
// ends that line and any later ones follow it on lines of their own, in
// their order.
func attachComments(f *syntax.File, items []*item) []*item {
	byLine := map[int]*item{}
	for _, it := range items {
		for l := it.line; l <= it.end; l++ {
			if _, taken := byLine[l]; !taken {
				byLine[l] = it
			}
		}
	}
	for _, c := range f.Comments {
		line := c.Sp.Start.Line
		if it, ok := byLine[line]; ok && codeBefore(f.Src, c) && it.comment == "" {
			it.comment = c.Text
			continue
		}
		indent := 0
		if c.Sp.Start.Col > 1 {
			indent = 2
		}
		items = append(items, &item{line: line, end: line, indent: indent, text: strings.TrimRight(c.Text, " \t"), isComment: true})
	}
	return items
}

// codeBefore reports whether code precedes comment c on its line.
func codeBefore(src []byte, c *syntax.Comment) bool {
	off := c.Sp.Start.Offset
	if off > len(src) {
		return false
	}
	start := strings.LastIndexByte(string(src[:off]), '\n') + 1
	return strings.TrimSpace(string(src[start:off])) != ""
}

// align pads the names of consecutive tier lines into a column.
func align(items []*item) {
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].kind == items[i].kind && items[i].kind != "" && items[j].line == items[j-1].end+1 {
			j++
		}
		group := items[i:j]
		switch items[i].kind {
		case "tier":
			width := 0
			for _, it := range group {
				width = max(width, it.pad)
			}
			for _, it := range group {
				name, rest, _ := strings.Cut(it.text, "\x00")
				it.text = "tier " + name + strings.Repeat(" ", width-len(name)+1) + rest
			}
		}
		i = j
	}
}

// write prints the items, keeping one blank line where the source had
// one or more between two items.
func write(f *syntax.File, items []*item) []byte {
	blank := blankLines(f.Src)
	var b strings.Builder
	prevEnd := 0
	for k, it := range items {
		if k > 0 && hasBlank(blank, prevEnd, it.line) {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", it.indent))
		b.WriteString(it.text)
		if it.comment != "" {
			b.WriteString("  " + strings.TrimRight(it.comment, " \t"))
		}
		b.WriteByte('\n')
		prevEnd = max(prevEnd, it.end)
	}
	return []byte(b.String())
}

// blankLines returns the numbers of the lines of src that hold nothing
// but spaces.
func blankLines(src []byte) map[int]bool {
	out := map[int]bool{}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(l) == "" {
			out[i+1] = true
		}
	}
	return out
}

func hasBlank(blank map[int]bool, from, to int) bool {
	for l := from + 1; l < to; l++ {
		if blank[l] {
			return true
		}
	}
	return false
}
