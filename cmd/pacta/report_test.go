package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/tools/a11y"
	"golang.org/x/net/html"
)

// markedCell is a figure of the HTML report with its data-* markers.
type markedCell struct {
	period, level, field, value string
}

// markedCells returns every element of an HTML document that carries a
// data-field marker.
func markedCells(t *testing.T, file string) []markedCell {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(src)))
	if err != nil {
		t.Fatalf("the report is not HTML: %v", err)
	}
	var out []markedCell
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			var c markedCell
			for _, a := range n.Attr {
				switch a.Key {
				case "data-period":
					c.period = a.Val
				case "data-level":
					c.level = a.Val
				case "data-field":
					c.field = a.Val
				case "data-value":
					c.value = a.Val
				}
			}
			if c.field != "" {
				out = append(out, c)
			}
		}
		for child := n.FirstChild; child != nil; child = child.NextSibling {
			walk(child)
		}
	}
	walk(doc)
	return out
}

// evalJSON is the part of pacta eval --format json that the report shows.
type evalJSON struct {
	Periods []struct {
		Period        string `json:"period"`
		ServiceLevels []struct {
			Name      string `json:"name"`
			Status    string `json:"status"`
			Tier      string `json:"tier"`
			Deduction string `json:"deduction"`
		} `json:"service_levels"`
		TotalDeduction string `json:"total_deduction"`
		NetPayment     string `json:"net_payment"`
	} `json:"periods"`
	Totals struct {
		Payments       string `json:"payments"`
		TotalDeduction string `json:"total_deduction"`
		NetPayment     string `json:"net_payment"`
	} `json:"totals"`
}

// TestReportMatchesEval writes the Springfield report with pacta report
// and checks each of its figures against pacta eval --format json over
// the same data: every service level's status, tier and deduction in
// every month, each month's total and net payment, and the totals.
func TestReportMatchesEval(t *testing.T) {
	chdirRepoRoot(t)
	out := filepath.Join(t.TempDir(), "report.html")
	code, stdout, stderr := runPacta("report", springfield, "--data", "testdata/springfield/periods.csv", "--quarterly", "-o", out)
	if code != exitOK {
		t.Fatalf("report exit %d:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, out+": board and quarterly transparency report of Springfield") {
		t.Errorf("stdout %q does not name the report", stdout)
	}
	code, evalOut, stderr := runPacta("eval", springfield, "--data", "testdata/springfield/periods.csv", "--format", "json")
	if code != exitOK {
		t.Fatalf("eval exit %d:\n%s", code, stderr)
	}
	var ev evalJSON
	if err := json.Unmarshal([]byte(evalOut), &ev); err != nil {
		t.Fatal(err)
	}

	want := map[markedCell]bool{}
	for _, p := range ev.Periods {
		for _, l := range p.ServiceLevels {
			want[markedCell{p.Period, l.Name, "status", l.Status}] = true
			want[markedCell{p.Period, l.Name, "tier", l.Tier}] = true
			want[markedCell{p.Period, l.Name, "deduction", l.Deduction}] = true
		}
		want[markedCell{p.Period, "", "total_deduction", p.TotalDeduction}] = true
		want[markedCell{p.Period, "", "net_payment", p.NetPayment}] = true
	}
	want[markedCell{"", "", "payments", ev.Totals.Payments}] = true
	want[markedCell{"", "", "total_deduction", ev.Totals.TotalDeduction}] = true
	want[markedCell{"", "", "net_payment", ev.Totals.NetPayment}] = true

	found := map[markedCell]bool{}
	for _, c := range markedCells(t, out) {
		key := markedCell{c.period, c.level, c.field, c.value}
		switch c.field {
		case "status", "tier", "deduction", "total_deduction", "net_payment", "payments":
			if !want[key] {
				t.Errorf("the report shows %s %s %s = %q, which pacta eval does not give", c.period, c.level, c.field, c.value)
			}
			found[key] = true
		}
	}
	for key := range want {
		if !found[key] {
			t.Errorf("the report does not show %s %s %s = %q", key.period, key.level, key.field, key.value)
		}
	}
}

// TestReportReproducible writes the report twice and requires the same
// bytes, in HTML and in Markdown, and a timestamp only when asked.
func TestReportReproducible(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	for _, ext := range []string{".html", ".md"} {
		var outputs []string
		for i := range 2 {
			out := filepath.Join(dir, "r"+string(rune('0'+i))+ext)
			if code, _, stderr := runPacta("report", springfield, "--data", "testdata/springfield/periods.csv", "-o", out); code != exitOK {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			src, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			outputs = append(outputs, string(src))
		}
		if outputs[0] != outputs[1] {
			t.Errorf("two %s reports of the same inputs differ", ext)
		}
	}

	out := filepath.Join(dir, "stamped.html")
	if code, _, stderr := runPacta("report", springfield, "--data", "testdata/springfield/periods.csv", "-o", out, "--timestamp=2026-12-04T10:00:00Z"); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "2026-12-04T10:00:00Z") {
		t.Error("--timestamp=VALUE does not appear in the report")
	}
}

// TestReportErrors checks the errors of bad flags and data: the exit
// code, an empty stdout and a message that says what to do.
func TestReportErrors(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	data := []string{"--data", "testdata/springfield/periods.csv"}
	// A copy of the literate contract, so that a failure of the check
	// cannot overwrite the shipped one.
	src, err := os.ReadFile("contracts/springfield.pacta.md")
	if err != nil {
		t.Fatal(err)
	}
	literate := filepath.Join(dir, "springfield.pacta.md")
	if err := os.WriteFile(literate, src, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []errorCase{
		{"no output", append([]string{"report", springfield}, data...), exitUsageOrData, "missing -o FILE"},
		{"bad extension", append([]string{"report", springfield, "-o", filepath.Join(dir, "r.pdf")}, data...), exitUsageOrData, `the file must end in .html or .md`},
		{"no data", []string{"report", springfield, "-o", filepath.Join(dir, "r.html")}, exitUsageOrData, "missing --data FILE"},
		{"bad data", []string{"report", cloudhost, "--data", "testdata/cli/malformed_number.csv", "-o", filepath.Join(dir, "r.html")}, exitUsageOrData, "testdata/cli/malformed_number.csv:"},
		{"unwritable", append([]string{"report", springfield, "-o", filepath.Join(dir, "missing", "r.html")}, data...), exitUsageOrData, "cannot write the report"},
		{"bad range", append([]string{"report", springfield, "-o", filepath.Join(dir, "r.html"), "--from", "2027-01"}, data...), exitUsageOrData, "selects none of it"},
		{"output is the contract", []string{"report", literate, "--data", "testdata/springfield/periods.csv", "-o", literate}, exitUsageOrData, "is an input of the report; write the report to another file"},
		{"timestamp after a space", append([]string{"report", springfield, "-o", filepath.Join(dir, "r.html"), "--timestamp", "2026-12-04"}, data...), exitUsageOrData, `write it after an equals sign: --timestamp=2026-12-04`},
		{"bad timestamp", append([]string{"report", springfield, "-o", filepath.Join(dir, "r.html"), "--timestamp=yesterday"}, data...), exitUsageOrData, `--timestamp="yesterday" is not a time`},
		{"contract error", append([]string{"report", "testdata/cli/errors.pacta", "-o", filepath.Join(dir, "r.html")}, data...), exitContractError, ""},
	}
	runErrorCases(t, tests)
}

// TestReportAccessible checks the Springfield report with axe-core in
// headless Chromium against WCAG 2.1 A and AA. It skips when Chromium or
// the npm packages are missing; bash tools/a11y/setup.sh installs them.
func TestReportAccessible(t *testing.T) {
	chdirRepoRoot(t)
	out := filepath.Join(t.TempDir(), "report.html")
	if code, _, stderr := runPacta("report", springfield, "--data", "testdata/springfield/periods.csv", "--quarterly", "-o", out); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	a11y.Check(t, out)
}
