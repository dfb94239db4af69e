package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// markdown writes the view as GitHub Flavored Markdown. Anchors are <a id>
// elements, because renderers derive heading ids in different ways.
func markdown(v *view) []byte {
	w := &mdWriter{}
	w.para("# " + mdText(v.Heading))
	w.para(fmt.Sprintf("Amounts are in %s. The report covers %s (%s).", mdText(v.Currency), v.Range, plural(v.Summary.Periods, v.PeriodNoun)))
	w.line("## Contents")
	w.blank()
	for k, e := range v.Contents {
		w.line(fmt.Sprintf("%d. [%s](#%s)", k+1, mdText(e.Title), e.ID))
	}
	w.blank()
	w.summary(v)
	w.ledger(v)
	w.heatmap(v)
	w.chart(v)
	w.notices(v)
	if v.Quarterly != nil {
		w.quarterly(v)
	}
	return []byte(w.b.String())
}

type mdWriter struct {
	b strings.Builder
}

func (w *mdWriter) line(s string) {
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

func (w *mdWriter) blank() { w.b.WriteByte('\n') }

func (w *mdWriter) para(s string) {
	w.line(s)
	w.blank()
}

// heading writes a heading, after an anchor unless id is "".
func (w *mdWriter) heading(level int, id, text string) {
	if id != "" {
		w.para(anchor(id))
	}
	w.para(strings.Repeat("#", level) + " " + text)
}

func anchor(id string) string { return `<a id="` + id + `"></a>` }

// table writes a GFM table of cells that are already Markdown. align
// holds "l" or "r" for each column.
func (w *mdWriter) table(header []string, align string, rows [][]string) {
	w.row(header)
	seps := make([]string, len(header))
	for k := range seps {
		seps[k] = "---"
		if k < len(align) && align[k] == 'r' {
			seps[k] = "---:"
		}
	}
	w.row(seps)
	for _, r := range rows {
		w.row(r)
	}
	w.blank()
}

// row writes a table row. A cell's text is already escaped, but a code
// span keeps its pipes, and GFM splits a row at a pipe even inside a code
// span unless it is written \|.
func (w *mdWriter) row(cells []string) {
	escaped := make([]string, len(cells))
	for k, c := range cells {
		escaped[k] = escapeCodePipes(c)
	}
	w.line("| " + strings.Join(escaped, " | ") + " |")
}

// escapeCodePipes writes each pipe that is not yet escaped as \|.
func escapeCodePipes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i++
			continue
		}
		if s[i] == '|' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdText escapes text from a contract or a result for Markdown, so that it
// shows as written and breaks neither a table nor the page. It escapes the
// characters that start emphasis, code, links, strikethrough, table cells,
// raw HTML and entities. An underscore inside a word is left alone, because it
// cannot start emphasis there. Line breaks become spaces.
func mdText(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	var b strings.Builder
	for i, r := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case strings.ContainsRune("\\`*[]|~", r):
			b.WriteByte('\\')
		case r == '_' && !(isWord(prev) && isWord(next)):
			b.WriteByte('\\')
		case r == '<' && (unicode.IsLetter(next) || strings.ContainsRune("/!?", next)):
			b.WriteByte('\\')
		case r == '&' && (unicode.IsLetter(next) || next == '#'):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdPara escapes text that starts a paragraph: as mdText does, and also a
// first character that would start a heading, a quote or a list.
func mdPara(s string) string {
	s = mdText(s)
	digits := strings.TrimLeft(s, "0123456789")
	switch {
	case s != "" && strings.ContainsRune("#>-+", rune(s[0])):
		return "\\" + s
	case len(digits) < len(s) && (strings.HasPrefix(digits, ".") || strings.HasPrefix(digits, ")")):
		n := len(s) - len(digits)
		return s[:n] + "\\" + s[n:]
	}
	return s
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdCode writes s as a code span, with a fence longer than any run of
// backticks in it.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func bold(s string) string { return "**" + s + "**" }

func (w *mdWriter) summary(v *view) {
	s := v.Summary
	w.heading(2, "summary", "Summary")
	w.para(mdPara(s.Lead))
	var rows [][]string
	for _, p := range s.Payments {
		name := mdText(p.Label)
		if p.Ref != "" {
			name += " (" + mdText(p.Ref) + ")"
		}
		rows = append(rows, []string{name, p.Amount.Text})
	}
	rows = append(rows,
		[]string{"Payments due", s.PaymentsTotal.Text},
		[]string{"Total deductions", s.TotalDeduction.Text},
		[]string{bold("Net payment (payments due − total deductions)"), bold(s.NetPayment.Text)},
	)
	if s.CarriedForward != nil {
		rows = append(rows, []string{"Excess carried beyond the last " + v.PeriodNoun, s.CarriedForward.Text})
	}
	w.para(bold(fmt.Sprintf("Payments and deductions, %s (%s)", v.Range, mdText(v.Currency))))
	w.table([]string{"Item", "Amount"}, "lr", rows)

	rows = nil
	for _, n := range s.NoticeCounts {
		rows = append(rows, []string{mdText(n.Title), mdCode(n.Kind), fmt.Sprint(n.Count)})
	}
	w.para(bold("Notices by kind"))
	w.table([]string{"Notice", "Kind", "Count"}, "llr", rows)

	w.heading(3, "audit", "Audit")
	rows = nil
	for _, a := range v.Audit {
		file, sum := "", ""
		if a.File != "" {
			file = mdCode(a.File)
			sum = "not given"
		}
		if a.SHA256 != "" {
			sum = mdCode(a.SHA256)
		}
		rows = append(rows, []string{mdText(a.Item), file, sum, mdText(a.Detail)})
	}
	w.table([]string{"Item", "File", "SHA-256", "Detail"}, "llll", rows)
}

func (w *mdWriter) ledger(v *view) {
	w.heading(2, "ledger", "Ledger")
	w.para(fmt.Sprintf("One table per %s: each service level's value, target, status, tier and deduction, then the cap on total deductions, the total and the net payment. Each row links to its explanation below the table.", v.PeriodNoun))
	for _, lp := range v.Ledger {
		w.heading(3, lp.ID, mdText(lp.Label))
		var rows [][]string
		empty := func(label, amt, ref, link string) []string {
			return []string{label, "", "", "", "", amt, ref, link}
		}
		for _, r := range lp.Rows {
			tier := "–"
			if r.Tier != "" {
				tier = mdText(r.Tier)
			}
			deduction := r.Deduction.Text
			if r.Capped {
				deduction += " (capped from " + r.BeforeCap.Text + ")"
			}
			ref := mdText(r.Ref)
			if r.RuleRef != "" {
				ref += "; deduction: " + mdText(r.RuleRef)
			}
			rows = append(rows, []string{
				mdText(r.Label) + " (" + mdCode(r.Level) + ")", mdText(r.ValueText), mdText(r.TargetText),
				r.StatusText, tier, deduction, ref, fmt.Sprintf("[Explanation](#%s)", r.ExplID),
			})
		}
		if lp.CarriedIn != nil {
			rows = append(rows, empty("Excess carried in from the previous period", lp.CarriedIn.Text, "", ""))
		}
		rows = append(rows, empty("Deductions before the cap on total deductions", lp.BeforeCap.Text, "", ""))
		if cp := lp.Cap; cp != nil {
			rows = append(rows, empty(fmt.Sprintf("%s (limit %s): %s", mdText(cp.Label), cp.Limit.Text, mdText(cp.State())), "", mdText(cp.Ref), fmt.Sprintf("[Explanation](#%s)", cp.ExplID)))
		}
		rows = append(rows, empty(bold("Total deduction"), bold(lp.Total.Text), "", ""))
		for _, p := range lp.Payments {
			rows = append(rows, empty(mdText(p.Label), p.Amount.Text, mdText(p.Ref), ""))
		}
		rows = append(rows, empty(bold(fmt.Sprintf("Net payment: payments %s − total deduction %s", lp.PaymentsTotal.Text, lp.Total.Text)), bold(lp.Net.Text), "", ""))
		w.table([]string{"Service level", "Value", "Target", "Status", "Tier", "Deduction", "Ref", "Explanation"}, "lrlllrll", rows)

		w.para("#### Explanations, " + mdText(lp.Label))
		for _, r := range lp.Rows {
			text := mdText(r.Explanation)
			if r.Rule != "" {
				text += " Rule applied: " + mdCode(r.Rule) + "."
			}
			w.line(fmt.Sprintf("- %s%s (%s): %s", anchor(r.ExplID), bold(mdText(r.Label)), mdCode(r.Level), text))
		}
		if cp := lp.Cap; cp != nil {
			w.line(fmt.Sprintf("- %s%s: %s", anchor(cp.ExplID), bold("Cap on total deductions"), mdText(cp.Explanation)))
		}
		w.blank()
	}
}

func (w *mdWriter) heatmap(v *view) {
	w.heading(2, "heatmap", "Heatmap of service levels")
	if len(v.Heatmap.Rows) == 0 {
		w.para("The contract has no service levels, so there is nothing to show here.")
		return
	}
	w.para(bold("Status of each service level by " + v.PeriodNoun))
	header := []string{"Service level"}
	align := "l"
	for _, p := range v.Heatmap.Periods {
		header = append(header, mdText(p.Short))
		align += "l"
	}
	var rows [][]string
	for _, r := range v.Heatmap.Rows {
		row := []string{mdText(r.Label)}
		for _, c := range r.Cells {
			row = append(row, mdText(c.Status.Text()))
		}
		rows = append(rows, row)
	}
	w.table(header, align, rows)
	w.para("Legend:")
	for _, e := range v.Heatmap.Legend {
		w.line(fmt.Sprintf("- %s: %s", mdText(e.Status.Text()), mdText(e.Meaning)))
	}
	w.blank()
}

func (w *mdWriter) chart(v *view) {
	ch := v.Chart
	w.heading(2, "deductions", "Deductions by "+v.PeriodNoun)
	note := "The HTML report draws this table as a chart of stacked bars, one segment per service level"
	if ch.HasCap {
		note += ", with the cap on total deductions as a dashed line"
	}
	w.para(mdPara(ch.Summary) + " " + note + ".")
	w.para(bold(mdText(ch.Title + " (" + ch.Currency + ")")))

	header := []string{capitalize(v.PeriodNoun)}
	align := "l"
	for _, s := range ch.Series {
		header = append(header, mdText(s.Label))
		align += "r"
	}
	header = append(header, "Before the cap")
	align += "r"
	if ch.HasCap {
		header = append(header, "Cap")
		align += "r"
	}
	header = append(header, "Total deduction")
	align += "r"

	var rows [][]string
	for _, r := range ch.Rows {
		row := []string{mdText(r.Label)}
		for _, c := range r.Cells {
			row = append(row, c.Text)
		}
		row = append(row, r.BeforeCap.Text)
		if ch.HasCap {
			limit := "–"
			if r.CapLimit != nil {
				limit = r.CapLimit.Text
			}
			row = append(row, limit)
		}
		rows = append(rows, append(row, r.Total.Text))
	}
	w.table(header, align, rows)
	if len(ch.Omitted) > 0 {
		w.para(fmt.Sprintf("No deduction in any %s, so not in the chart: %s.", v.PeriodNoun, mdText(strings.Join(ch.Omitted, ", "))))
	}
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func (w *mdWriter) notices(v *view) {
	nv := v.Notices
	w.heading(2, "notices", "Notices")
	if len(nv.Kinds) == 0 {
		w.para("No notice in " + v.Range + ".")
		return
	}
	w.para("### Timeline")
	header := []string{capitalize(v.PeriodNoun)}
	align := "l"
	for _, k := range nv.Kinds {
		header = append(header, mdText(k.Title))
		align += "l"
	}
	var rows [][]string
	for _, t := range nv.Timeline {
		row := []string{mdText(t.Label)}
		for _, c := range t.Cells {
			cell := "–"
			if c.Count > 0 {
				cell = fmt.Sprint(c.Count)
				if len(c.Levels) > 0 {
					cell += ": " + mdText(strings.Join(c.Levels, ", "))
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	w.para(bold("Notices by " + v.PeriodNoun + ": the count, then the service levels"))
	w.table(header, align, rows)

	w.para("### Notices by kind")
	for _, k := range nv.Kinds {
		w.heading(4, k.ID, fmt.Sprintf("%s (%s): %d", mdText(k.Title), mdCode(k.Kind), len(k.Notices)))
		for i, n := range k.Notices {
			head := bold(mdText(n.PeriodLabel))
			if n.Level != "" {
				head += ", service level " + mdText(n.LevelLabel) + " (" + mdCode(n.Level) + ")"
			}
			if n.Ref != "" {
				head += ", " + mdText(n.Ref)
			}
			text := mdText(n.Message)
			if len(n.Periods) > 0 {
				text += " Streak: " + strings.Join(n.Periods, ", ") + "."
			}
			w.line(fmt.Sprintf("%d. %s%s: %s", i+1, anchor(n.ID), head, text))
		}
		w.blank()
	}
}

func (w *mdWriter) quarterly(v *view) {
	q := v.Quarterly
	w.heading(2, "quarterly", "Quarterly transparency report")
	w.para("These pages are for residents. They show how well the service met the standards that the contract makes public, quarter by quarter.")
	if q.Public == 0 {
		w.para("The contract marks no service standard as public, so these pages have nothing to show.")
		return
	}
	if q.Short {
		w.para(fmt.Sprintf("The contract marks %s as public, fewer than the %d these pages are meant to show.", plural(q.Public, "service standard"), q.Min))
	}
	for _, qt := range q.Quarters {
		w.heading(3, qt.ID, mdText(qt.Label+": "+qt.Months))
		text := qt.MetText
		if qt.Partial != "" {
			text += " " + qt.Partial
		}
		w.para(mdPara(text))

		trendHead := "Trend"
		if qt.Previous != "" {
			trendHead = "Compared with " + mdText(qt.Previous)
		}
		header := []string{"Service standard", "Target"}
		align := "ll"
		for _, c := range qt.Columns {
			header = append(header, mdText(c.Short))
			align += "r"
		}
		header = append(header, "Average", qt.OnTarget, trendHead)
		align += "rll"
		var rows [][]string
		for _, r := range qt.Rows {
			row := []string{mdText(r.Label), mdText(r.Target)}
			for _, val := range r.Values {
				row = append(row, mdText(val))
			}
			tr := mdText(r.Trend.Text())
			if r.Trend.Detail != "" {
				tr += " (" + mdText(r.Trend.Detail) + ")"
			}
			rows = append(rows, append(row, mdText(r.Average), r.Met, tr))
		}
		w.para(bold("How the service performed, " + mdText(qt.Label)))
		w.table(header, align, rows)

		header = []string{"Service standard"}
		align = "l"
		for _, h := range qt.History.Quarters {
			header = append(header, mdText(h))
			align += "r"
		}
		rows = nil
		for _, r := range qt.History.Rows {
			row := []string{mdText(r.Label)}
			for _, val := range r.Values {
				row = append(row, mdText(val))
			}
			rows = append(rows, row)
		}
		w.para(bold("Average by quarter"))
		w.table(header, align, rows)
	}
}
