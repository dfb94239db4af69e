package doc_test

import (
	"os"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/doc"
	"github.com/pacta-dev/pacta/lang/check"
)

// TestTablesMatchEvaluation evaluates the literate Springfield contract
// over its data and checks that the document states, for every deduct line
// that applied and for the cap on total deductions, the amount the engine
// used.
func TestTablesMatchEvaluation(t *testing.T) {
	path := "../../contracts/springfield.pacta.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load(path, src)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	dataSrc, err := os.ReadFile("../../testdata/springfield/periods.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, errs := data.Read("periods.csv", dataSrc, prog.Schema())
	if errs != nil {
		t.Fatal(errs.Err())
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs.Err())
	}
	md := string(doc.Markdown(prog.Contract(), src))
	c := prog.Contract()

	checked := 0
	for _, p := range res.Periods {
		for k, lr := range p.ServiceLevels {
			if lr.Rule == "" {
				continue
			}
			d := deduction(c.Levels[k], lr.Rule)
			if d == nil || d.PerUnit != nil {
				continue
			}
			want := d.Amount.Text + " = " + c.Currency.Format(lr.DeductionBeforeCap.Value)
			if !strings.Contains(md, want) {
				t.Errorf("%s %s: the document lacks %q, the amount the engine deducted", p.Period, lr.Name, want)
			}
			checked++
		}
		if p.Cap != nil {
			want := c.Cap.Amount.Text + " = " + c.Currency.Format(p.Cap.Limit.Value)
			if !strings.Contains(md, want) {
				t.Errorf("%s: the document lacks the cap %q", p.Period, want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no deduction was checked")
	}
	if !strings.Contains(md, "3.3 A severe failure of a Service Level in a month") {
		t.Error("the document lost the schedule's text")
	}
}

func deduction(l *check.ServiceLevel, rule string) *check.Deduction {
	for _, d := range l.Deductions {
		if d.Text == rule {
			return d
		}
	}
	return nil
}

// TestHTMLSelfContained checks that the HTML page has a language, tables
// and no reference to anything outside itself.
func TestHTMLSelfContained(t *testing.T) {
	page, err := doc.HTML("Title & more", []byte("# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{`<html lang="en">`, "<title>Title &amp; more</title>", "<table>", "<th>a</th>", "<td>2</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q:\n%s", want, html)
		}
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
}
