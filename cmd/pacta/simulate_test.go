package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	springfield         = "contracts/springfield.pacta"
	springfieldScenario = "contracts/springfield.scenario"
)

// TestSimulateSpringfield runs the shipped scenario and checks the
// sections a bid manager reads.
func TestSimulateSpringfield(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("simulate", springfield, "--scenario", springfieldScenario, "--runs", "200", "--seed", "1", "--discount-rate", "8%")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, section := range []string{
		"Simulation of Springfield Customer Service Concession",
		"Total deductions over the term",
		"Deductions by contract year",
		"Termination right",
		"Notices: probability of at least one",
		"Caps",
		"Service levels: share of expected deductions",
		"Sensitivity: one standard deviation on one measure",
		"Present value",
	} {
		if !strings.Contains(stdout, section) {
			t.Errorf("the report has no section %q", section)
		}
	}
	if stderr != "" {
		t.Errorf("stderr is not empty:\n%s", stderr)
	}
}

// TestSimulateSameSeedAnyWorkers checks that the JSON is byte-identical
// for one and three workers, and differs for another seed.
func TestSimulateSameSeedAnyWorkers(t *testing.T) {
	chdirRepoRoot(t)
	out := func(args ...string) string {
		t.Helper()
		base := []string{"simulate", springfield, "--scenario", springfieldScenario, "--runs", "120", "--format", "json", "--sensitivity=false"}
		code, stdout, stderr := runPacta(append(base, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		return stdout
	}
	one := out("--seed", "5", "--workers", "1")
	three := out("--seed", "5", "--workers", "3")
	if one != three {
		t.Error("the JSON for 1 and 3 workers differs")
	}
	if other := out("--seed", "6", "--workers", "1"); other == one {
		t.Error("seeds 5 and 6 give the same JSON")
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(one), &doc); err != nil {
		t.Fatalf("the output is not JSON: %v", err)
	}
}

// TestSimulateCompareAndPlots runs --compare against the same contract,
// which must show no difference, and writes the plots.
func TestSimulateCompareAndPlots(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	code, stdout, stderr := runPacta("simulate", springfield, "--scenario", springfieldScenario, "--runs", "100",
		"--compare", springfield, "--out", dir, "--sensitivity=false", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `"compare"`) {
		t.Error("the JSON has no compare section")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{"deductions_histogram.svg", "deductions_histogram.png", "exceedance.svg", "exceedance.png", "termination_by_year.svg", "termination_by_year.png"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("--out wrote %v, not %s", names, want)
		}
	}
}

// errorCase is a command line that must fail: its exit code, and a part
// of stderr that names the value at fault and what to do.
type errorCase struct {
	name   string
	args   []string
	code   int
	stderr string
}

// runErrorCases runs each case and checks its exit code, that stdout is
// empty, and that stderr contains the expected text.
func runErrorCases(t *testing.T, tests []errorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runPacta(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty on failure:\n%s", stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

// TestSimulateErrors checks the errors of bad flags and scenarios: the
// exit code, and stderr naming the value and what to do.
func TestSimulateErrors(t *testing.T) {
	chdirRepoRoot(t)
	bad := filepath.Join(t.TempDir(), "bad.scenario")
	if err := os.WriteFile(bad, []byte("measures:\n  csatt:\n    fixed: 90%\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	computed := filepath.Join(t.TempDir(), "computed.scenario")
	if err := os.WriteFile(computed, []byte("measures:\n  nps:\n    fixed: 20%\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	onTarget := "  fcr: {fixed: 90%}\n  web_uptime: {fixed: 100%}\n  calls_answered_45s: {fixed: 90%}\n  urgent_ack_4h: {fixed: 99%}\n  email_24h: {fixed: 99%}\n"
	fine := write("fine.scenario", "measures:\n  csat: {fixed: 84.99995%}\n"+onTarget)
	notice := write("notice.pacta", `contract "Notice"
  currency EUR
  term 2026-01 to 2026-12 monthly

payment fee = EUR 1,000.00 per month

measure a: reported percent
measure x: reported count
measure m: reported money

service level a
  target a >= 80%

notice escalate
  when x > 10
`)
	quarterly := write("quarterly.pacta", `contract "Quarterly"
  currency EUR
  term 2026-Q1 to 2026-Q4 quarterly

payment fee = EUR 1,000.00 per quarter

measure a: reported percent

service level a
  target a >= 80%
`)
	modelled := write("full.scenario", "measures:\n  a: {fixed: 90%}\n  x: {fixed: 3}\n")
	noticeScenario := write("notice.scenario", "measures:\n  a: {fixed: 90%}\n")
	usd := write("usd.scenario", "measures:\n  a: {fixed: 90%}\n  x: {fixed: 3}\n  m: {fixed: USD 500.00}\n")
	hugeCount := write("huge.scenario", "measures:\n  a: {fixed: 90%}\n  x: {fixed: 10000000000000000000}\n")
	sc := []string{"--scenario", springfieldScenario}
	tests := []errorCase{
		{"no scenario", []string{"simulate", springfield}, exitUsageOrData, `missing --scenario FILE`},
		{"no runs", append([]string{"simulate", springfield, "--runs", "0"}, sc...), exitUsageOrData, `--runs 0 is out of range; give a number from 1 to 1000000`},
		{"bad format", append([]string{"simulate", springfield, "--format", "xml"}, sc...), exitUsageOrData, `--format "xml" is not a format simulate writes; use text, json or csv`},
		{"bad rate", append([]string{"simulate", springfield, "--discount-rate", "150%"}, sc...), exitUsageOrData, `--discount-rate "150%" is not a rate from 0 up to but not including 100%`},
		{"negative workers", append([]string{"simulate", springfield, "--workers", "-2"}, sc...), exitUsageOrData, `--workers -2 is negative`},
		{"from outside term", append([]string{"simulate", springfield, "--from", "2051-01"}, sc...), exitUsageOrData, `2051-01 is outside the contract term 2026-01 to 2050-12`},
		{"to before from", append([]string{"simulate", springfield, "--from", "2030-01", "--to", "2029-01"}, sc...), exitUsageOrData, `--to 2029-01 is before --from 2030-01`},
		{"missing scenario file", []string{"simulate", springfield, "--scenario", "nope.scenario"}, exitUsageOrData, `cannot read scenario`},
		{"unknown measure", []string{"simulate", springfield, "--scenario", bad}, exitUsageOrData,
			`bad.scenario:2:3: unknown measure "csatt"; the contract reports calls_answered_45s, asa, urgent_ack_4h, email_24h, web_ack, web_uptime, csat, promoters, detractors, fcr; did you mean "csat"?`},
		{"computed measure", []string{"simulate", springfield, "--scenario", computed}, exitUsageOrData,
			`computed.scenario:2:3: measure "nps" is computed by the contract from other measures, so the scenario cannot draw it; model the measures it reads instead`},
		{"value finer than kept", []string{"simulate", springfield, "--scenario", fine}, exitUsageOrData,
			`fine.scenario:2:17: fixed value "84.99995%" of csat is finer than the simulation keeps, 0.0001%; round it to that step`},
		{"measure read by a notice", []string{"simulate", notice, "--scenario", noticeScenario}, exitUsageOrData,
			`measure "x" is not modelled, but the contract reads it`},
		{"other currency", []string{"simulate", notice, "--scenario", usd}, exitUsageOrData,
			`invalid fixed value of m "USD 500.00": the contract's currency is EUR; write it as EUR 500.00`},
		{"value too large", []string{"simulate", notice, "--scenario", hugeCount, "--runs", "3"}, exitUsageOrData,
			`run 1: the value 1e+19 drawn for measure x in 2026-01 is too large for the simulation's fixed point`},
		{"compare quarterly", []string{"simulate", notice, "--scenario", modelled, "--compare", quarterly}, exitUsageOrData,
			`notice.pacta has monthly periods and`},
		{"negative seed", append([]string{"simulate", springfield, "--seed", "-1"}, sc...), exitUsageOrData, `invalid argument "-1" for "--seed" flag; give a whole number from 0 to 18446744073709551615`},
		{"bad contract", append([]string{"simulate", "testdata/cli/errors.pacta"}, sc...), exitContractError, ``},
		{"compare shorter term", append([]string{"simulate", springfield, "--runs", "5", "--compare", cloudhost}, sc...), exitUsageOrData, `contracts/cloudhost.pacta: the simulated periods 2026-01 to 2050-12 are not all in the contract term 2026-01 to 2028-12`},
	}
	runErrorCases(t, tests)
}

// TestSimulateFixedMatchesEval checks the first correctness rule: a
// scenario of fixed values gives the deductions pacta eval gives over
// the same values in every month.
func TestSimulateFixedMatchesEval(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	scen := filepath.Join(dir, "fixed.scenario")
	err := os.WriteFile(scen, []byte(`measures:
  csat: {fixed: 84%}
  fcr: {fixed: 60%}
  web_uptime: {fixed: 99.95%}
  calls_answered_45s: {fixed: 81%}
  urgent_ack_4h: {fixed: 94%}
  email_24h: {fixed: 96%}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("period,csat,fcr,web_uptime,calls_answered_45s,urgent_ack_4h,email_24h,asa,web_ack,promoters,detractors\n")
	for m := 1; m <= 12; m++ {
		csv.WriteString("2026-" + twoDigits(m) + ",84%,60%,99.95%,81%,94%,96%,30s,90%,40%,20%\n")
	}
	data := filepath.Join(dir, "fixed.csv")
	if err := os.WriteFile(data, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	code, evalOut, stderr := runPacta("eval", springfield, "--data", data, "--format", "json")
	if code != exitOK {
		t.Fatalf("eval exit %d:\n%s", code, stderr)
	}
	var ev struct {
		Totals struct {
			TotalDeduction string `json:"total_deduction"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(evalOut), &ev); err != nil {
		t.Fatal(err)
	}

	code, simOut, stderr := runPacta("simulate", springfield, "--scenario", scen, "--runs", "3", "--to", "2026-12", "--sensitivity=false")
	if code != exitOK {
		t.Fatalf("simulate exit %d:\n%s", code, stderr)
	}
	// Every run is the same, so the mean, the median and the maximum are
	// all the eval total.
	amount := groupThousands(ev.Totals.TotalDeduction)
	re := regexp.MustCompile(`(?m)^\s+Mean\s+` + regexp.QuoteMeta(amount) + `\s`)
	if !re.MatchString(simOut) {
		t.Errorf("the simulated mean is not the eval total %s:\n%s", amount, simOut)
	}
}

func twoDigits(m int) string {
	if m < 10 {
		return "0" + string(rune('0'+m))
	}
	return "1" + string(rune('0'+m-10))
}

// groupThousands writes "39375.00" as "39,375.00".
func groupThousands(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}

// TestSimulateOldHistory bootstraps measures from history before the
// contract term, from a file that has only the columns it replays.
func TestSimulateOldHistory(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	history := "period,asa,web_ack\n2020-01,30s,88%\n2020-02,31s,89%\n2020-03,29s,90%\n"
	if err := os.WriteFile(filepath.Join(dir, "history.csv"), []byte(history), 0o644); err != nil {
		t.Fatal(err)
	}
	scen := `measures:
  csat: {fixed: 90%}
  fcr: {fixed: 90%}
  web_uptime: {fixed: 100%}
  calls_answered_45s: {fixed: 90%}
  urgent_ack_4h: {fixed: 99%}
  email_24h: {fixed: 99%}
bootstrap:
  data: history.csv
  block: 2
`
	path := filepath.Join(dir, "old.scenario")
	if err := os.WriteFile(path, []byte(scen), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runPacta("simulate", springfield, "--scenario", path, "--runs", "5", "--sensitivity=false", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `"total_deduction"`) && !strings.Contains(stdout, `"deductions"`) {
		t.Errorf("no deductions in the output:\n%s", stdout)
	}
}
