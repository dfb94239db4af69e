package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testContractSrc = `contract "T"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 1,000.00 per month

measure csat: reported percent

service level csat
  target csat >= 85%
  tier minor  when csat < 85%
  tier severe when csat < 75%
  deduct 1% of fee when minor
  deduct 2% of fee when severe
`

// writeSuite writes a contract and its test file into a new directory.
func writeSuite(t *testing.T, tests string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.pacta"), []byte(testContractSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t_test.pacta"), []byte(tests), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPactaTestShippedContracts(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("test", "contracts/")
	if code != exitOK || stdout != "7 passed, 0 failed\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestPactaTestReportsFailure(t *testing.T) {
	dir := writeSuite(t, `test "wrong tier"
  columns csat
  row 2026-01: 80%
  expect 2026-01 csat failed severe deduction USD 20.00
  expect total deductions USD 20.00
`)
	code, stdout, _ := runPacta("test", dir)
	if code != exitContractError {
		t.Errorf("exit %d, want %d", code, exitContractError)
	}
	file := filepath.Join(dir, "t_test.pacta")
	for _, want := range []string{
		"--- FAIL: " + file + ":1: \"wrong tier\"",
		file + ":4: 2026-01 csat: expected failed (severe), deduction USD 20.00; got failed (minor), deduction USD 10.00",
		"actual: csat 80% is below the target of 85%",
		file + ":5: total deductions over the run: expected USD 20.00; got USD 10.00",
		"\n0 passed, 1 failed\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q; output:\n%s", want, stdout)
		}
	}
}

func TestPactaTestExpectedErrorMissing(t *testing.T) {
	dir := writeSuite(t, `test "no error"
  columns csat
  row 2026-01: 90%
  expect error "missing value"
`)
	code, stdout, _ := runPacta("test", dir)
	if code != exitContractError || !strings.Contains(stdout, `:4: expected an error matching "missing value", but the evaluation succeeded`) {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}

	dir = writeSuite(t, `test "error"
  columns csat
  row 2026-01: missing
  expect error "missing value"
  expect no notices
`)
	if code, stdout, _ := runPacta("test", dir); code != exitOK {
		t.Errorf("an expected error: exit %d, output:\n%s", code, stdout)
	}
}

func TestPactaTestNoticesExact(t *testing.T) {
	dir := writeSuite(t, `test "breach"
  columns csat
  row 2026-01: 80%
  expect notice missing_data for csat in 2026-01
  expect notice warning for csat in 2026-01
  expect notice breach for cast in 2026-01
`)
	code, stdout, _ := runPacta("test", dir)
	for _, want := range []string{
		"expected notice missing_data for csat in 2026-01, but it was not issued",
		"unexpected notice breach for csat in 2026-01",
		`:5: the contract issues no notice "warning"; its notices are breach, missing_data`,
		`:6: the contract has no service level "cast"; did you mean "csat"?`,
	} {
		if code != exitContractError || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, output lacks %q:\n%s", code, want, stdout)
		}
	}
}

func TestPactaTestInlineRowErrors(t *testing.T) {
	dir := writeSuite(t, `test "bad row"
  columns csat
  row 2026-01: 80%
  row 2026-02: 30s
  ignore notices
`)
	code, stdout, _ := runPacta("test", dir)
	if code != exitContractError || !strings.Contains(stdout, "t_test.pacta:4: ") {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}
}

func TestPactaTestRunAndFormats(t *testing.T) {
	dir := writeSuite(t, `test "one"
  columns csat
  row 2026-01: 90%
  expect 2026-01 csat met
  expect no notices

test "two"
  columns csat
  row 2026-01: 70%
  expect 2026-01 csat met
  ignore notices
`)
	code, stdout, _ := runPacta("test", "--run", "^one$", dir)
	if code != exitOK || stdout != "1 passed, 0 failed\n" {
		t.Errorf("--run: exit %d, stdout %q", code, stdout)
	}

	code, stdout, _ = runPacta("test", "--format", "json", dir)
	var out struct {
		Passed, Failed int
		Results        []struct {
			Name   string
			Passed bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != exitContractError || out.Passed != 1 || out.Failed != 1 || len(out.Results) != 2 {
		t.Errorf("json: exit %d, err %v, %+v", code, err, out)
	}

	code, stdout, _ = runPacta("test", "--format", "junit", dir)
	for _, want := range []string{`<testsuites>`, `tests="2" failures="1"`, `<testcase name="two"`, `<failure message="2026-01 csat: expected met; got failed (severe)`} {
		if code != exitContractError || !strings.Contains(stdout, want) {
			t.Errorf("junit: exit %d, output lacks %q:\n%s", code, want, stdout)
		}
	}
}

func TestPactaTestBadArguments(t *testing.T) {
	if code, _, _ := runPacta("test", "--format", "xml"); code != exitUsageOrData {
		t.Errorf("--format xml: exit %d", code)
	}
	if code, _, _ := runPacta("test", "--run", "("); code != exitUsageOrData {
		t.Errorf("--run (: exit %d", code)
	}
	if code, _, _ := runPacta("test", filepath.Join(t.TempDir(), "none")); code != exitUsageOrData {
		t.Errorf("missing path: exit %d", code)
	}
}

// TestPactaTestErrorNamesRowLine checks that an evaluation error about an
// inline row names the row's line of the test file.
func TestPactaTestErrorNamesRowLine(t *testing.T) {
	dir := writeSuite(t, `test "missing"
  columns csat

  row 2026-01: 90%
  row 2026-02: missing
  expect error "nothing like this"
`)
	code, stdout, _ := runPacta("test", "-v", dir)
	want := filepath.Join(dir, "t_test.pacta") + ":5: service level csat has no value for 2026-02"
	if code != exitContractError || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, output lacks %q:\n%s", code, want, stdout)
	}
}

func TestPactaTestNothingToRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.pacta"), []byte(testContractSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runPacta("test", dir)
	if code != exitContractError || !strings.Contains(stderr, "no tests found under") {
		t.Errorf("no tests: exit %d, stderr %q", code, stderr)
	}
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("test", "--run", "^no such test$", "contracts/")
	if code != exitOK || stdout != "0 passed, 0 failed\n" || !strings.Contains(stderr, "no test matches --run") {
		t.Errorf("--run without a match: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestPactaTestBrokenContractInReports(t *testing.T) {
	dir := writeSuite(t, `test "x"
  columns csat
  row 2026-01: 90%
`)
	broken := strings.Replace(testContractSrc, "currency USD", "currency XXX", 1)
	if err := os.WriteFile(filepath.Join(dir, "t.pacta"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runPacta("test", "--format", "junit", dir)
	if code != exitContractError || !strings.Contains(stdout, "t.pacta does not load") || !strings.Contains(stdout, "unknown currency") {
		t.Errorf("exit %d, junit:\n%s", code, stdout)
	}
}

func TestPactaTestSymlinkedDirectory(t *testing.T) {
	dir := writeSuite(t, `test "x"
  columns csat
  row 2026-01: 90%
  expect 2026-01 csat met
  expect no notices
`)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Skip("symbolic links are not available:", err)
	}
	code, stdout, _ := runPacta("test", link)
	if code != exitOK || stdout != "1 passed, 0 failed\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

// TestPactaTestCoverage checks the coverage report and --coverage-min on a
// test that fires one of the contract's six rules: csat met.
func TestPactaTestCoverage(t *testing.T) {
	dir := writeSuite(t, `test "met only"
  columns csat
  row 2026-01: 90%
  expect 2026-01 csat met
  expect no notices
`)
	code, stdout, stderr := runPacta("test", "--coverage-min", "50", dir)
	contract := filepath.Join(dir, "t.pacta")
	for _, want := range []string{
		"coverage: " + contract + " 16.7% (1 of 6 rules)\n",
		"    not fired: service level csat failed\n",
		"    not fired: service level csat tier severe\n",
		"    not fired: service level csat: deduct 2% of fee when severe\n",
		"coverage: total 16.7% (1 of 6 rules)\n1 passed, 0 failed\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q; output:\n%s", want, stdout)
		}
	}
	if code != exitContractError || !strings.Contains(stderr, "below --coverage-min 50%") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runPacta("test", "--coverage-min", "150", dir); code != exitUsageOrData {
		t.Errorf("--coverage-min 150: exit %d", code)
	}
}

func TestLintFormats(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, _ := runPacta("lint", "contracts/cloudhost.pacta")
	if code != exitContractError || !strings.Contains(stdout, "contracts/cloudhost.pacta:34:3: warning: deduct 100% of platform_fee when outage alone deducts EUR 48,412.50") || !strings.Contains(stdout, "[PL004]") {
		t.Errorf("text: exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = runPacta("lint", "--format", "sarif", "contracts/cloudhost.pacta")
	var sarif struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 1 || sarif.Runs[0].Results[0].RuleID != "PL004" {
		t.Errorf("sarif: exit %d, err %v, %+v", code, err, sarif)
	}
	code, stdout, _ = runPacta("lint", "--format", "json", "contracts/cloudhost.pacta")
	if code != exitContractError || !strings.Contains(stdout, `"code": "PL004"`) {
		t.Errorf("json: exit %d, stdout:\n%s", code, stdout)
	}
	if code, _, _ := runPacta("lint", "--format", "xml", "contracts/cloudhost.pacta"); code != exitUsageOrData {
		t.Errorf("--format xml: exit %d", code)
	}
}

// TestLiterateContractEvaluatesAlike checks that the literate Springfield
// contract gives the same result as the plain one, and that doc renders it.
func TestLiterateContractEvaluatesAlike(t *testing.T) {
	chdirRepoRoot(t)
	strip := func(s string) string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, `"file"`) && !strings.Contains(l, `"sha256"`) {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	_, plain, _ := runPacta("eval", "contracts/springfield.pacta", "--data", "testdata/springfield/periods.csv", "--format", "json")
	code, literate, stderr := runPacta("eval", "contracts/springfield.pacta.md", "--data", "testdata/springfield/periods.csv", "--format", "json")
	if code != exitOK || strip(plain) != strip(literate) {
		t.Errorf("the literate contract evaluates differently: exit %d, stderr %q", code, stderr)
	}

	out := filepath.Join(t.TempDir(), "s.html")
	if code, _, stderr := runPacta("doc", "contracts/springfield.pacta.md", "-o", out); code != exitOK {
		t.Fatalf("doc: exit %d, stderr %q", code, stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(page), "2.0% of availability = USD 2,500.00") {
		t.Errorf("doc HTML lacks the ratchet's amount: %v", err)
	}
	if !strings.Contains(string(page), "<details><summary>The rule as code</summary>") {
		t.Error("doc HTML does not fold the code into details elements")
	}
	if code, _, _ := runPacta("doc", "contracts/springfield.pacta.md", "-o", "x.pdf"); code != exitUsageOrData {
		t.Errorf("-o x.pdf: exit %d", code)
	}
}

func TestDiffWithData(t *testing.T) {
	chdirRepoRoot(t)
	src, err := os.ReadFile("contracts/springfield.pacta")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "cap total deductions at 10% of availability", "cap total deductions at 8% of availability", 1)
	path := filepath.Join(t.TempDir(), "new.pacta")
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runPacta("diff", "contracts/springfield.pacta", path, "--data", "testdata/springfield/periods.csv")
	for _, want := range []string{
		"cap on total deductions: 10% of availability (USD 12,500.00), excess is lost → 8% of availability (USD 10,000.00), excess is lost",
		"2026-07  total deductions                        USD 12,500.00 → USD 10,000.00",
		"all      total deductions                        USD 39,375.00 → USD 36,875.00",
	} {
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, stderr %q, output lacks %q:\n%s", code, stderr, want, stdout)
		}
	}
	code, stdout, _ = runPacta("diff", "contracts/springfield.pacta", "contracts/springfield.pacta.md")
	if code != exitOK || stdout != "No rule changes.\n" {
		t.Errorf("plain against literate: exit %d, stdout %q", code, stdout)
	}
}

// TestDiffDifferentColumns checks that two versions with different data
// columns can share one data file.
func TestDiffDifferentColumns(t *testing.T) {
	dir := t.TempDir()
	oldPath, newPath, data := filepath.Join(dir, "old.pacta"), filepath.Join(dir, "new.pacta"), filepath.Join(dir, "d.csv")
	extra := testContractSrc + "\nmeasure extra: reported count\n\nservice level extra\n  target extra >= 10\n  deduct 1% of fee when failed\n"
	for path, src := range map[string]string{oldPath: testContractSrc, newPath: extra, data: "period,csat,extra\n2026-01,90%,5\n"} {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runPacta("diff", oldPath, newPath, "--data", data)
	if code != exitOK || !strings.Contains(stdout, "service level extra: added: target extra >= 10") || !strings.Contains(stdout, "USD 0.00 → USD 10.00") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
}

func TestPactaTestNoticeOrderAndLiterate(t *testing.T) {
	dir := writeSuite(t, `test "order"
  columns csat
  row 2026-01: 80%
  expect notice breach for csat in 2026-01
  expect no notices
`)
	code, stdout, _ := runPacta("test", dir)
	if code != exitContractError || !strings.Contains(stdout, "expect notice contradicts expect no notices") {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}

	lit := t.TempDir()
	if err := os.WriteFile(filepath.Join(lit, "e.pacta.md"), []byte("# Schedule\n\n```pacta\n"+testContractSrc+"```\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lit, "e_test.pacta"), []byte("test \"lit\"\n  columns csat\n  row 2026-01: 90%\n  expect 2026-01 csat met\n  expect no notices\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runPacta("test", lit)
	if code != exitOK || stdout != "1 passed, 0 failed\n" {
		t.Errorf("literate with a test file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
