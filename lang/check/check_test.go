package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
)

// testDir holds the checker's test contracts. A line that must produce an
// error ends with a comment `# ERROR "regexp"`. The regexp must match the
// diagnostic's message and hint, joined by "; " as Diagnostic.Error
// prints them. Inside the quotes, \" stands for a quote, and every other
// backslash belongs to the regexp.
const testDir = "../../testdata/check"

var errorMarker = regexp.MustCompile(`#\s*ERROR\s+"((?:[^"\\]|\\.)*)"\s*$`)

// expectations returns the regexp expected on each marked line, by line.
func expectations(t *testing.T, path string, src []byte) map[int]*regexp.Regexp {
	t.Helper()
	want := map[int]*regexp.Regexp{}
	for i, line := range strings.Split(string(src), "\n") {
		m := errorMarker.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			if strings.Contains(line, "ERROR") {
				t.Fatalf("%s:%d: malformed ERROR marker: %s", path, i+1, line)
			}
			continue
		}
		rx, err := regexp.Compile(strings.ReplaceAll(m[1], `\"`, `"`))
		if err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		want[i+1] = rx
	}
	return want
}

// diagnosticText is a diagnostic as Diagnostic.Error prints it, without
// the file and position.
func diagnosticText(d *diag.Diagnostic) string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + "; " + d.Hint
}

// parseAndCheck runs the parser and, when the file parses, the checker.
func parseAndCheck(path string, src []byte) (*check.Contract, *diag.List) {
	f, errs := syntax.Parse(path, src)
	if errs != nil {
		return nil, errs
	}
	return check.Check(f)
}

func TestCheckErrors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(testDir, "*.pacta"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no test contracts in %s", testDir)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".pacta"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := expectations(t, path, src)
			c, errs := parseAndCheck(path, src)

			if errs == nil {
				if c == nil {
					t.Fatal("Check returned neither a contract nor errors")
				}
				errs = &diag.List{}
			} else if c != nil {
				t.Error("Check returned both a contract and errors")
			}
			if errs.Dropped() > 0 {
				t.Fatalf("%d diagnostics over diag.MaxErrors were dropped; split the file so that every one can be compared", errs.Dropped())
			}

			got := map[int]bool{}
			for _, d := range errs.Items() {
				line := d.Span.Start.Line
				got[line] = true
				rx, ok := want[line]
				switch {
				case !ok:
					t.Errorf("unexpected diagnostic %v", d)
				case !rx.MatchString(diagnosticText(d)):
					t.Errorf("%s:%d: diagnostic %q does not match %q", path, line, diagnosticText(d), rx)
				}
			}
			for line, rx := range want {
				if !got[line] {
					t.Errorf("%s:%d: missing diagnostic matching %q", path, line, rx)
				}
			}
		})
	}
}

// summary is the part of a checked contract that TestCheckValid compares:
// names with their slots and the orders the engine relies on.
type summary struct {
	Title        string
	Currency     string
	Term         string
	Rounding     string
	Payments     []string // "name slot amount"
	Measures     []string // "name slot unit reported|computed"
	Computed     []string
	Levels       []levelSummary
	Cap          string
	Notices      []string
	NoticeOrder  []string
	HistoryDepth int
}

type levelSummary struct {
	Name       string
	Target     string
	Unit       string
	Tiers      []string
	Deductions []string // "tier window: amount"
	Missing    string
	Cap        string
	Inputs     []string
}

func summarize(c *check.Contract) summary {
	s := summary{
		Title:        c.Title,
		Currency:     c.Currency.Code,
		Term:         c.Term.Start.String() + " to " + c.Term.End.String(),
		Rounding:     c.Rounding.String(),
		HistoryDepth: c.HistoryDepth,
	}
	for _, p := range c.Payments {
		s.Payments = append(s.Payments, fmt.Sprintf("%s %d %s", p.Name, p.Slot, c.Currency.FormatAmount(p.Amount)))
	}
	for _, m := range c.Measures {
		kind := "computed"
		if m.Reported {
			kind = "reported"
		}
		s.Measures = append(s.Measures, fmt.Sprintf("%s %d %s %s", m.Name, m.Slot, m.Unit, kind))
	}
	for _, m := range c.Computed {
		s.Computed = append(s.Computed, m.Name)
	}
	for _, l := range c.Levels {
		s.Levels = append(s.Levels, summarizeLevel(l))
	}
	if c.Cap != nil {
		s.Cap = c.Cap.Amount.Text
		if c.Cap.CarryForward {
			s.Cap += ", excess carries forward"
		}
	}
	for _, n := range c.Notices {
		s.Notices = append(s.Notices, fmt.Sprintf("%s %d conditions", n.Name, len(n.Conditions)))
	}
	for _, i := range c.NoticeOrder {
		s.NoticeOrder = append(s.NoticeOrder, c.Notices[i].Name)
	}
	return s
}

func summarizeLevel(l *check.ServiceLevel) levelSummary {
	ls := levelSummary{Name: l.Name, Target: l.TargetText, Unit: l.Unit.String()}
	for _, t := range l.Tiers {
		ls.Tiers = append(ls.Tiers, t.Name+" when "+t.Text)
	}
	for _, d := range l.Deductions {
		tier := "failed"
		if d.Tier != check.AnyTier {
			tier = l.Tiers[d.Tier].Name
		}
		if d.Window != nil {
			tier += " " + d.Window.Text
		}
		amount := d.Amount.Text
		if d.PerUnit != nil {
			amount += " per " + d.PerUnit.Text
		}
		ls.Deductions = append(ls.Deductions, tier+": "+amount)
	}
	switch l.Missing.Kind {
	case check.MissingCountsAs:
		ls.Missing = "counts as " + l.Tiers[l.Missing.Tier].Name
	case check.MissingNotAssessed:
		ls.Missing = "not assessed"
	default:
		ls.Missing = "error"
	}
	if !l.Missing.Declared {
		ls.Missing += " (default)"
	}
	if l.Cap != nil {
		ls.Cap = l.Cap.Amount.Text
	}
	for _, m := range l.Inputs {
		ls.Inputs = append(ls.Inputs, m.Name)
	}
	return ls
}

// springfieldLevel returns the summary of one Springfield service level.
// All six follow one pattern: a target, a minor and a severe tier, and
// three deduct lines.
func springfieldLevel(name, target, severe string) levelSummary {
	return levelSummary{
		Name:   name,
		Target: name + " >= " + target,
		Unit:   "percent",
		Tiers:  []string{"minor when " + name + " < " + target, "severe when " + name + " < " + severe},
		Deductions: []string{
			"minor: 0.5% of availability",
			"severe: 1.0% of availability",
			"severe in 2 consecutive periods: 2.0% of availability",
		},
		Missing: "counts as severe",
		Inputs:  []string{name},
	}
}

func TestCheckValid(t *testing.T) {
	tests := []struct {
		path string
		want summary
	}{
		{
			path: "../../contracts/springfield.pacta",
			want: summary{
				Title:    "Springfield Customer Service Concession",
				Currency: "USD",
				Term:     "2026-01 to 2050-12",
				Rounding: "half up",
				Payments: []string{"availability 0 125,000.00"},
				Measures: []string{
					"calls_answered_45s 0 percent reported",
					"asa 1 duration reported",
					"urgent_ack_4h 2 percent reported",
					"email_24h 3 percent reported",
					"web_ack 4 percent reported",
					"web_uptime 5 percent reported",
					"csat 6 percent reported",
					"promoters 7 percent reported",
					"detractors 8 percent reported",
					"nps 9 percent computed",
					"fcr 10 percent reported",
				},
				Computed: []string{"nps"},
				Levels: []levelSummary{
					springfieldLevel("csat", "85%", "75%"),
					springfieldLevel("fcr", "75%", "65%"),
					springfieldLevel("web_uptime", "99.9%", "99.0%"),
					springfieldLevel("calls_answered_45s", "80%", "70%"),
					springfieldLevel("urgent_ack_4h", "95%", "85%"),
					springfieldLevel("email_24h", "95%", "85%"),
				},
				Cap:         "10% of availability",
				Notices:     []string{"warning 1 conditions", "termination 1 conditions"},
				NoticeOrder: []string{"warning", "termination"},
				// "in 3 consecutive periods" reads the current period and
				// the 2 before it.
				HistoryDepth: 2,
			},
		},
		{
			path: testDir + "/valid_full.pacta",
			want: summary{
				Title:    "Harbour Contact Centre",
				Currency: "EUR",
				Term:     "2026-01 to 2030-12",
				Rounding: "half even",
				Payments: []string{"availability 0 80,000.00", "service_fee 1 12,500.50"},
				Measures: []string{
					"calls_offered 0 count reported",
					"calls_answered 1 count reported",
					"csat 2 percent reported",
					"aht 3 duration reported",
					"penalties_paid 4 money reported",
					"complaints 5 count reported",
					"nps 6 number reported",
					"answer_trend 7 percent computed",
					"answer_rate 8 percent computed",
					"csat_3m 9 percent computed",
					"csat_floor 10 percent computed",
					"answered_year 11 count computed",
					"smoothed_aht 12 duration computed",
					"aht_cap 13 duration computed",
					"complaint_rate 14 number computed",
					"fee_share 15 money computed",
				},
				// answer_trend is declared first but reads answer_rate in
				// the same period, so it comes after it.
				Computed: []string{
					"answer_rate", "answer_trend", "csat_3m", "csat_floor", "answered_year",
					"smoothed_aht", "aht_cap", "complaint_rate", "fee_share",
				},
				Levels: []levelSummary{
					{
						Name:   "answer",
						Target: "answer_rate >= 90%",
						Unit:   "percent",
						Tiers: []string{
							"minor when answer_rate < 90%",
							"serious when answer_rate < 85%",
							"severe when answer_rate <= 80%",
						},
						Deductions: []string{
							"minor: 0.25% of availability",
							"serious: 0.1% of availability per full 1%",
							"severe: EUR 2,000.00",
							"severe in 3 consecutive periods: 5% of availability",
							"failed in 4 of the last 12 periods: 1% of service_fee",
						},
						Missing: "counts as severe",
						Cap:     "10% of availability",
						Inputs:  []string{"calls_offered", "calls_answered"},
					},
					{
						Name:       "handling",
						Target:     "aht <= 6min",
						Unit:       "duration",
						Tiers:      []string{"slow when aht > 6min", "very_slow when aht > 10min"},
						Deductions: []string{"slow: EUR 50.00 per started 30s", "very_slow: EUR 1,000.00"},
						Missing:    "not assessed",
						Cap:        "EUR 5,000.00",
						Inputs:     []string{"aht"},
					},
					{
						// csat_3m reads only earlier periods of csat, so a
						// missing csat does not make this level missing.
						Name:       "satisfaction",
						Target:     "csat_3m > 80%",
						Unit:       "percent",
						Deductions: []string{"failed: 0.5% of availability"},
						Missing:    "error",
					},
					{
						Name:       "complaints_level",
						Target:     "complaint_rate <= 0.01",
						Unit:       "number",
						Deductions: []string{"failed: EUR 10.00 per 0.001"},
						Missing:    "error (default)",
						Inputs:     []string{"calls_offered", "complaints"},
					},
				},
				Cap: "15% of availability, excess carries forward",
				Notices: []string{
					"termination 3 conditions",
					"final_warning 3 conditions",
					"first_warning 5 conditions",
				},
				NoticeOrder: []string{"first_warning", "final_warning", "termination"},
				// "sum of calls_answered over last 12 periods" sets it. The
				// checker counts all 12 periods of a "last" aggregate,
				// although the current one is not history.
				HistoryDepth: 12,
			},
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			src, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			c, errs := parseAndCheck(tt.path, src)
			if errs != nil {
				t.Fatalf("unexpected errors:\n%v", errs)
			}
			if diff := cmp.Diff(tt.want, summarize(c)); diff != "" {
				t.Errorf("checked contract (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCheckContracts checks that every example contract in contracts/
// parses and checks without error.
func TestCheckContracts(t *testing.T) {
	paths, err := filepath.Glob("../../contracts/*.pacta")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no contracts in ../../contracts")
	}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.pacta") {
			continue // test files hold test blocks, not a contract
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, errs := parseAndCheck(path, src); errs != nil {
			t.Errorf("%s:\n%v", path, errs)
		}
	}
}

// TestPublicLevel checks that a public line marks the service level and
// keeps its plain-language title.
func TestPublicLevel(t *testing.T) {
	src := []byte(`contract "Public"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 1,000.00 per month

measure a: reported percent
measure b: reported percent

service level a
  public "Calls answered quickly"
  target a >= 80%

service level b
  public
  target b >= 80%
`)
	c, errs := parseAndCheck("public.pacta", src)
	if errs != nil {
		t.Fatal(errs)
	}
	got := []string{}
	for _, l := range c.Levels {
		got = append(got, fmt.Sprintf("%s %v %q", l.Name, l.Public, l.PublicTitle))
	}
	want := []string{`a true "Calls answered quickly"`, `b true ""`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
}
