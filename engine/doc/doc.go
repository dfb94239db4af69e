// Package doc renders the document that lawyers review: the schedule's
// text with, in place of each block of code, tables generated from the
// checked contract. A table states each rule in words and figures: the
// target, the tiers, every deduct line with its amount in money at the
// contract's payments, the caps, the missing-value rules and the notices.
// The amounts come from the same checked contract and the same rounding
// that the engine uses, so the document cannot drift from the evaluation.
//
// A literate contract (.pacta.md) keeps its prose, and each pacta block
// becomes the tables of the declarations in it, followed by the code in a
// collapsed section. A plain contract gets a document of tables alone.
package doc

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// Markdown renders the document of contract c, whose source is src.
func Markdown(c *check.Contract, src []byte) []byte {
	var b strings.Builder
	if !syntax.IsLiterate(c.File.Name) {
		fmt.Fprintf(&b, "# %s\n\n", c.Title)
		b.WriteString(tables(c, c.File.Decls))
		return []byte(b.String())
	}

	_, _, blocks := syntax.Extract(src)
	lines := strings.SplitAfter(string(src), "\n")
	next := 1
	for _, blk := range blocks {
		open, close := blk.Start-1, blk.End+1
		for ; next < open; next++ {
			b.WriteString(lines[next-1])
		}
		var decls []syntax.Decl
		for _, d := range c.File.Decls {
			if line := d.Span().Start.Line; line >= blk.Start && line <= blk.End {
				decls = append(decls, d)
			}
		}
		b.WriteString(tables(c, decls))
		b.WriteString("<details><summary>The rule as code</summary>\n\n```pacta\n")
		b.WriteString(blk.Text)
		b.WriteString("```\n\n</details>\n")
		next = close + 1
	}
	for ; next <= len(lines); next++ {
		b.WriteString(lines[next-1])
	}
	return []byte(b.String())
}

// HTML renders the document as one self-contained HTML page.
func HTML(title string, markdown []byte) ([]byte, error) {
	// The document's own Markdown wraps each block of code in a details
	// element, so the renderer passes HTML through. The prose is the
	// contract author's own text.
	md := goldmark.New(goldmark.WithExtensions(extension.Table), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	var body bytes.Buffer
	if err := md.Convert(markdown, &body); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s</title>
<style>
body { font-family: Georgia, serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; width: 100%%; font-family: Helvetica, Arial, sans-serif; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
details { margin-bottom: 1.5em; font-size: 0.9em; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
</style>
</head>
<body>
`, html.EscapeString(title))
	out.Write(body.Bytes())
	out.WriteString("</body>\n</html>\n")
	return out.Bytes(), nil
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func row(b *strings.Builder, cells ...string) {
	for i, c := range cells {
		cells[i] = cell(c)
	}
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// amount writes an amount in words and money: "0.5% of availability =
// USD 625.00", rounded as the engine rounds deductions.
func amount(c *check.Contract, a check.Amount) string {
	if a.Payment == nil {
		return a.Text
	}
	value := c.Currency.Round(a.Rate.Mul(a.Payment.Amount), c.Rounding)
	return a.Text + " = " + c.Currency.Format(value)
}

// tables writes the tables of the declarations decls: one table for the
// payments, one for the measures and one for the notices among them, and
// one for each service level, in the order of their first declaration.
func tables(c *check.Contract, decls []syntax.Decl) string {
	in := map[syntax.Decl]bool{}
	for _, d := range decls {
		in[d] = true
	}
	var b strings.Builder
	done := map[string]bool{}
	for _, d := range decls {
		switch d := d.(type) {
		case *syntax.ContractDecl:
			contractTable(&b, c)
		case *syntax.SourceDecl:
			if done["sources"] {
				continue
			}
			done["sources"] = true
			sourceTable(&b, c, in)
		case *syntax.PaymentDecl:
			if done["payments"] {
				continue
			}
			done["payments"] = true
			b.WriteString("| Payment | Amount | Ref |\n|---|---|---|\n")
			for _, p := range c.Payments {
				if in[p.Decl] {
					row(&b, label(p.Title, p.Name), c.Currency.Format(p.Amount)+" per "+c.Term.Start.Gran.Noun(), p.Ref)
				}
			}
			b.WriteString("\n")
		case *syntax.MeasureDecl:
			if done["measures"] {
				continue
			}
			done["measures"] = true
			b.WriteString("| Measure | Unit | Definition, as evaluated | Ref |\n|---|---|---|---|\n")
			read := readByLevels(c)
			for _, m := range c.Measures {
				if !in[m.Decl] {
					continue
				}
				def := definition(m)
				if !read[m] {
					def += "; for information only: no service level reads it"
				}
				row(&b, label(m.Title, m.Name), m.Unit.String(), def, m.Ref)
			}
			b.WriteString("\n")
		case *syntax.ServiceLevelDecl:
			for _, l := range c.Levels {
				if l.Decl == d {
					levelTable(&b, c, l)
				}
			}
		case *syntax.CapDecl:
			if c.Cap != nil && c.Cap.Decl == d {
				excess := "the excess is lost"
				if c.Cap.CarryForward {
					excess = "the excess carries into the next " + c.Term.Start.Gran.Noun()
				}
				b.WriteString("| Cap on total deductions | Excess | Ref |\n|---|---|---|\n")
				row(&b, amount(c, c.Cap.Amount)+" per "+c.Term.Start.Gran.Noun(), excess, c.Cap.Ref)
				b.WriteString("\nEach deduction is rounded to the currency's minor unit before the caps apply, and the cap applies to the sum of the service levels' deductions after their own caps.\n\n")
			}
		case *syntax.NoticeDecl:
			if done["notices"] {
				continue
			}
			done["notices"] = true
			b.WriteString("| Notice | Issued when | Ref |\n|---|---|---|\n")
			row(&b, "Breach (breach)", "each month in which a service level fails; issued by every contract", "")
			row(&b, "Missing data (missing_data)", "each month in which a value that a service level reads is missing; issued by every contract", "")
			for _, n := range c.Notices {
				if !in[n.Decl] {
					continue
				}
				for _, cond := range n.Conditions {
					row(&b, label(n.Title, n.Name), cond.Text, n.Ref)
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func label(title, name string) string {
	if title == "" {
		return name
	}
	return title + " (" + name + ")"
}

func contractTable(b *strings.Builder, c *check.Contract) {
	b.WriteString("| Clause | Value |\n|---|---|\n")
	row(b, "Term", c.Term.Start.String()+" to "+c.Term.End.String()+", "+c.Term.Start.Gran.Word())
	row(b, "Currency", c.Currency.Code)
	row(b, "Rounding", "each deduction "+c.Rounding.String()+" to "+fmt.Sprint(c.Currency.MinorUnits)+" decimal places")
	if c.HasAgreed {
		row(b, "Agreed deduction rates", c.AgreedLow.Shift(2).String()+"% to "+c.AgreedHigh.Shift(2).String()+"%")
	}
	row(b, "Time zone", c.Calendar.Zone)
	if bh := c.Calendar.Business; bh != nil {
		row(b, "Business hours", bh.Text)
	}
	if len(c.Calendar.Holidays) > 0 || len(c.Calendar.HolidayFiles) > 0 {
		var days []string
		for _, d := range c.Calendar.Holidays {
			days = append(days, fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day))
		}
		for _, f := range c.Calendar.HolidayFiles {
			days = append(days, "the dates in "+f.Value)
		}
		row(b, "Holidays", strings.Join(days, ", "))
	}
	if c.Ref != "" {
		row(b, "Ref", c.Ref)
	}
	b.WriteString("\n")
}

func sourceTable(b *strings.Builder, c *check.Contract, in map[syntax.Decl]bool) {
	b.WriteString("| Records | Counted in the period of | Fields | Ref |\n|---|---|---|---|\n")
	for _, src := range c.Sources {
		if !in[src.Decl] {
			continue
		}
		var fields []string
		for _, f := range src.Fields {
			text := f.Name + " (" + f.Kind.String()
			if f.Optional {
				text += ", may be empty"
			}
			if len(f.Values) > 0 {
				text += ": " + strings.Join(f.Values, ", ")
			}
			fields = append(fields, text+")")
		}
		period := ""
		if src.PeriodBy != nil {
			period = src.PeriodBy.Name
		}
		row(b, label(src.Title, src.Name), period, strings.Join(fields, "; "), src.Ref)
	}
	b.WriteString("\n")
}

func definition(m *check.Measure) string {
	switch {
	case m.Records != nil:
		parts := []string{m.Records.Text}
		if m.Records.AmongText != "" {
			parts = append(parts, m.Records.AmongText)
		}
		for _, x := range m.Records.Exclusions {
			parts = append(parts, "excluding "+x.Reason)
		}
		if m.Records.MinSample > 0 {
			parts = append(parts, fmt.Sprintf("at least %d records", m.Records.MinSample))
		}
		return strings.Join(parts, "; ")
	case m.Expr != nil:
		return check.Text(m.Expr)
	}
	return "reported"
}

func levelTable(b *strings.Builder, c *check.Contract, l *check.ServiceLevel) {
	fmt.Fprintf(b, "**%s**\n\n", cell(label(l.Title, l.Name)))
	b.WriteString("| Rule | Condition | Deduction | Ref |\n|---|---|---|---|\n")
	row(b, "Target", l.TargetText, "", l.Ref)
	for k, t := range l.Tiers {
		cond := check.Text(l.Subject) + " " + t.Op.String() + " " + check.Text(t.Threshold)
		if k+1 < len(l.Tiers) {
			cond += ", unless tier " + l.Tiers[k+1].Name + " applies"
		}
		row(b, "Tier "+t.Name, cond, "", t.Ref)
	}
	for _, d := range l.Deductions {
		when := "any failure"
		if d.Tier != check.AnyTier {
			when = "a " + l.Tiers[d.Tier].Name + " failure"
		}
		if d.Window != nil {
			when += " " + d.Window.Text
		}
		money := amount(c, d.Amount)
		if d.PerUnit != nil {
			money += " per " + d.PerUnit.Text + " of shortfall"
		}
		row(b, "Deduction", when, money, d.Ref)
	}
	if l.Missing.Declared {
		row(b, "Missing value", l.MissingText(), "", l.Missing.Ref)
	}
	if l.Sample.Declared {
		row(b, "Below the minimum sample", l.SampleText(), "", l.Sample.Ref)
	}
	if l.Cap != nil {
		row(b, "Cap", "", amount(c, l.Cap.Amount)+" at most", l.Cap.Ref)
	}
	b.WriteString("\n")
	if len(l.Deductions) > 1 {
		b.WriteString("Only the largest deduction whose condition holds applies in a month; they do not add up. A window such as \"in 2 consecutive periods\" counts the current month.\n\n")
	}
}

// readByLevels returns the measures that a service level reads, directly
// or through a computed measure.
func readByLevels(c *check.Contract) map[*check.Measure]bool {
	read := map[*check.Measure]bool{}
	var visit func(e check.Expr)
	visit = func(e check.Expr) {
		check.Walk(e, func(x check.Expr) {
			if r, ok := x.(*check.MeasureRef); ok && !read[r.Measure] {
				read[r.Measure] = true
				visit(r.Measure.Expr)
			}
		})
	}
	for _, l := range c.Levels {
		visit(l.Subject)
		visit(l.Threshold)
		for _, t := range l.Tiers {
			visit(t.Threshold)
		}
	}
	return read
}
