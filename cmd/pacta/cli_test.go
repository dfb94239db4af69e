package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The bad inputs live in testdata/cli. Most data cases run the cloudhost
// contract over a small file with one error.
const (
	cloudhost     = "contracts/cloudhost.pacta"
	cloudhostData = "testdata/cloudhost/periods.csv"
)

// cliCase is one pacta command line and what it must print. stdout and
// stderr are compared exactly unless the matching regexp field is set.
type cliCase struct {
	name     string
	args     []string
	code     int
	stdout   string
	stdoutRE string
	stderr   string
	stderrRE string
}

var cliCases = []cliCase{
	// Successes.
	{
		name:   "check cloudhost",
		args:   []string{"check", cloudhost},
		code:   exitOK,
		stdout: "contracts/cloudhost.pacta: ok (2 measures, 2 service levels, 2 notices)\n",
	},
	{
		name:   "check springfield",
		args:   []string{"check", "contracts/springfield.pacta"},
		code:   exitOK,
		stdout: "contracts/springfield.pacta: ok (11 measures, 6 service levels, 2 notices)\n",
	},
	{
		name:   "check two contracts",
		args:   []string{"check", cloudhost, "contracts/springfield.pacta"},
		code:   exitOK,
		stdout: "contracts/cloudhost.pacta: ok (2 measures, 2 service levels, 2 notices)\ncontracts/springfield.pacta: ok (11 measures, 6 service levels, 2 notices)\n",
	},
	{
		name: "eval csv data",
		args: []string{"eval", cloudhost, "--data", cloudhostData},
		code: exitOK,
		stdoutRE: `(?s)^Cloudhost Managed Platform for the City of Springfield\n` +
			`Contract  contracts/cloudhost\.pacta \(SHA-256 [0-9a-f]{12}\)\n` +
			`Data      testdata/cloudhost/periods\.csv \(SHA-256 [0-9a-f]{12}\)\n` +
			`.*\nTotals over 12 periods\n` +
			`  Payments          EUR 580,950\.00\n` +
			`  Total deductions  EUR  72,998\.14\n` +
			`  Net payment       EUR 507,951\.86\n` +
			`  Notices           breach 11, missing_data 4, chronic_failure 5, credit_cap 1\n$`,
	},
	{
		// The same twelve months as JSON, with one percent written as a
		// fraction, give the same totals.
		name: "eval json data",
		args: []string{"eval", cloudhost, "--data", "testdata/cli/periods.json"},
		code: exitOK,
		stdoutRE: `(?s)^Cloudhost Managed Platform for the City of Springfield\n` +
			`.*\nData      testdata/cli/periods\.json \(SHA-256 [0-9a-f]{12}\)\n` +
			`.*\nTotals over 12 periods\n` +
			`  Payments          EUR 580,950\.00\n` +
			`  Total deductions  EUR  72,998\.14\n` +
			`  Net payment       EUR 507,951\.86\n` +
			`  Notices           breach 11, missing_data 4, chronic_failure 5, credit_cap 1\n$`,
	},
	{
		// The notice of 2026-06 counts failures in 2026-03 to 2026-05,
		// which are evaluated but not reported.
		name: "eval one reported period",
		args: []string{"eval", cloudhost, "--data", cloudhostData, "--from", "2026-06", "--to", "2026-06"},
		code: exitOK,
		stdoutRE: `(?s)^Cloudhost Managed Platform for the City of Springfield\n` +
			`.*\nPeriods   2026-06 to 2026-06 \(1\)\n\n2026-06\n` +
			`.*\n  2026-06  chronic_failure +Chronic availability failure \(Schedule 3, para 5\.1\): ` +
			`service level uptime failed in 3 of the last 6 periods: 2026-03 \(degraded\), 2026-04 \(degraded\), 2026-05 \(impaired\)\.\n` +
			`.*\n  Net payment       EUR 46,412\.50\n`,
	},

	// Contract errors.
	{
		name: "eval contract error",
		args: []string{"eval", "testdata/cli/errors.pacta", "--data", cloudhostData},
		code: exitContractError,
		stderrRE: `(?s)^testdata/cli/errors\.pacta:5:12: unknown currency "EUX"; did you mean "EUR"\?\n` +
			`    +currency EUX\n {4}\s+\^{3}\n` +
			`.*testdata/cli/errors\.pacta:21:22: unknown service level "availabilty"; did you mean "availability"\?\n` +
			`.*\n$`,
	},

	// Bad period data, as CSV and as JSON.
	{
		name:   "unknown csv column",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/unknown_column.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/unknown_column.csv:1:8: unknown column \"uptme\"; did you mean \"uptime\"?\n    period,uptme,p1_response\n           ^\n",
	},
	{
		name:   "unknown json key",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/unknown_column.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/unknown_column.json:2:25: unknown key \"uptme\"; did you mean \"uptime\"?\n      {\"period\": \"2026-01\", \"uptme\": \"99.95%\", \"p1_response\": \"22min\"}\n                            ^\n",
	},
	{
		name:   "malformed csv number",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/malformed_number.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/malformed_number.csv:3:9: invalid percent \"99.5.1%\"; write it as 83.5% or as the fraction 0.835\n    2026-02,99.5.1%,30min\n            ^\n",
	},
	{
		name:   "malformed json number",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/malformed_number.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/malformed_number.json:3:35: invalid percent \"99.5.1%\"; write it as 83.5% or as the fraction 0.835\n      {\"period\": \"2026-02\", \"uptime\": \"99.5.1%\", \"p1_response\": \"30min\"}\n                                      ^\n",
	},
	{
		name:   "bare csv percent above 1",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/bare_percent.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/bare_percent.csv:2:9: percent \"99.95\" has no % sign and is above 1; write 99.95% for a percentage or 0.9995 as a fraction\n    2026-01,99.95,22min\n            ^\n",
	},
	{
		name:   "bare json percent above 1",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/bare_percent.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/bare_percent.json:2:35: percent \"99.95\" has no % sign and is above 1; write 99.95% for a percentage or 0.9995 as a fraction\n      {\"period\": \"2026-01\", \"uptime\": 99.95, \"p1_response\": \"22min\"}\n                                      ^\n",
	},
	{
		name:   "duplicate csv period",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/duplicate_period.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/duplicate_period.csv:4:1: period 2026-02 appears twice, first on line 3; keep one row per period\n    2026-02,99.8%,31min\n    ^\n",
	},
	{
		name:   "duplicate json period",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/duplicate_period.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/duplicate_period.json:4:14: period 2026-02 appears twice, first on line 3; keep one object per period\n      {\"period\": \"2026-02\", \"uptime\": \"99.8%\", \"p1_response\": \"31min\"}\n                 ^\n",
	},
	{
		name:   "csv period outside term",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/outside_term.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/outside_term.csv:2:1: period 2025-12 is outside the contract term 2026-01 to 2028-12; remove the row\n    2025-12,99.95%,22min\n    ^\n",
	},
	{
		name:   "json period outside term",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/outside_term.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/outside_term.json:2:14: period 2025-12 is outside the contract term 2026-01 to 2028-12; remove the object\n      {\"period\": \"2025-12\", \"uptime\": \"99.95%\", \"p1_response\": \"22min\"},\n                 ^\n",
	},
	{
		name:   "gap in csv periods",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/gap.csv"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/gap.csv:4:1: period 2026-03 is missing between 2026-02 and 2026-04; add a row for it, leaving cells empty where no value was reported\n    2026-04,99.8%,31min\n    ^\n",
	},
	{
		name:   "gap in json periods",
		args:   []string{"eval", cloudhost, "--data", "testdata/cli/gap.json"},
		code:   exitUsageOrData,
		stderr: "testdata/cli/gap.json:4:3: period 2026-03 is missing between 2026-02 and 2026-04; add an object for it, with null for each measure that was not reported\n      {\"period\": \"2026-04\", \"uptime\": \"99.8%\", \"p1_response\": \"31min\"}\n      ^\n",
	},
	{
		// The data is valid, but the contract treats the empty cell as
		// an error, so the evaluation stops.
		name: "missing value is an error",
		args: []string{"eval", "testdata/cli/strict.pacta", "--data", "testdata/cli/strict_missing.csv"},
		code: exitUsageOrData,
		stderr: "testdata/cli/strict_missing.csv:3:9: service level uptime has no value for 2026-02 (not reported), and its contract treats a missing value as an error; " +
			"supply the value, or state the rule in service level uptime (testdata/cli/strict.pacta:12): missing value counts as failed, or missing value is not assessed\n" +
			"    2026-02,\n            ^\n",
	},

	// Bad flags and arguments.
	{
		name:   "missing data flag",
		args:   []string{"eval", cloudhost},
		code:   exitUsageOrData,
		stderr: "pacta: missing --data FILE: give the period data to evaluate, e.g. --data testdata/springfield/periods.csv, or the records with --source NAME=FILE\n",
	},
	{
		name:   "unknown format",
		args:   []string{"eval", cloudhost, "--data", cloudhostData, "--format", "xml"},
		code:   exitUsageOrData,
		stderr: "pacta: invalid --format \"xml\"; use text, json or csv\n",
	},
	{
		name:   "malformed from",
		args:   []string{"eval", cloudhost, "--data", cloudhostData, "--from", "2026-13"},
		code:   exitUsageOrData,
		stderr: "pacta: --from: invalid month period \"2026-13\"; write it as YYYY-MM, such as 2026-01\n",
	},
	{
		name:   "to before from",
		args:   []string{"eval", cloudhost, "--data", cloudhostData, "--from", "2026-06", "--to", "2026-03"},
		code:   exitUsageOrData,
		stderr: "pacta: --to 2026-03 is before --from 2026-06\n",
	},
	{
		name:   "range without data",
		args:   []string{"eval", cloudhost, "--data", cloudhostData, "--from", "2027-01"},
		code:   exitUsageOrData,
		stderr: "pacta: testdata/cloudhost/periods.csv covers 2026-01 to 2026-12, and --from 2027-01 selects none of it; choose periods in that range\n",
	},
	{
		name:     "nonexistent contract",
		args:     []string{"eval", "testdata/cli/nonexistent.pacta", "--data", cloudhostData},
		code:     exitUsageOrData,
		stderrRE: `^pacta: cannot read contract: open testdata/cli/nonexistent\.pacta: .+\n$`,
	},
	{
		name:     "check nonexistent contract",
		args:     []string{"check", "testdata/cli/nonexistent.pacta"},
		code:     exitUsageOrData,
		stderrRE: `^pacta: cannot read contract: open testdata/cli/nonexistent\.pacta: .+\n$`,
	},
	{
		name:     "nonexistent data file",
		args:     []string{"eval", cloudhost, "--data", "testdata/cli/nonexistent.csv"},
		code:     exitUsageOrData,
		stderrRE: `^pacta: cannot read data: open testdata/cli/nonexistent\.csv: .+\n$`,
	},
	{
		name:   "unknown subcommand",
		args:   []string{"frobnicate"},
		code:   exitUsageOrData,
		stderr: "pacta: unknown command \"frobnicate\" for \"pacta\"\nRun 'pacta --help' for usage.\n",
	},
	{
		name:   "unknown flag",
		args:   []string{"eval", cloudhost, "--data", cloudhostData, "--bogus"},
		code:   exitUsageOrData,
		stderr: "pacta: unknown flag: --bogus\nRun 'pacta --help' for usage.\n",
	},
	{
		name:   "eval without contract",
		args:   []string{"eval", "--data", cloudhostData},
		code:   exitUsageOrData,
		stderr: "pacta: eval takes one contract file, not 0 arguments: pacta eval CONTRACT --data FILE\n",
	},
}

func TestCLI(t *testing.T) {
	chdirRepoRoot(t)
	for _, tc := range cliCases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			command := "pacta " + strings.Join(tc.args, " ")

			if code != tc.code {
				t.Errorf("%s: exit code %d, want %d", command, code, tc.code)
			}
			// A failed command must not leave a partial result on stdout
			// that could pass for a whole one.
			if code != exitOK && stdout.Len() != 0 {
				t.Errorf("%s: exit code %d but stdout is not empty:\n%s", command, code, stdout.String())
			}
			checkOutput(t, command, "stdout", stdout.String(), tc.stdout, tc.stdoutRE)
			checkOutput(t, command, "stderr", stderr.String(), tc.stderr, tc.stderrRE)
		})
	}
}

// checkOutput compares one output stream with the exact text want, or with
// the regexp wantRE when it is set.
func checkOutput(t *testing.T, command, stream, got, want, wantRE string) {
	t.Helper()
	if wantRE != "" {
		if !regexp.MustCompile(wantRE).MatchString(got) {
			t.Errorf("%s: %s does not match %s:\n%s", command, stream, wantRE, got)
		}
		return
	}
	if got != want {
		t.Errorf("%s: %s is\n%s\nwant\n%s", command, stream, got, want)
	}
}

// TestCheckShippedContracts checks every contract in contracts/, so that a
// new contract is covered without a new table entry.
func TestCheckShippedContracts(t *testing.T) {
	chdirRepoRoot(t)
	for _, contract := range shippedContracts(t) {
		t.Run(contractName(contract), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", contract}, &stdout, &stderr)
			if code != exitOK {
				t.Errorf("pacta check %s: exit code %d, want %d", contract, code, exitOK)
			}
			want := regexp.MustCompile(`^` + regexp.QuoteMeta(contract) + `: ok \(\d+ measures, \d+ service levels, \d+ notices\)\n$`)
			if !want.MatchString(stdout.String()) {
				t.Errorf("pacta check %s: stdout does not match %s:\n%s", contract, want, stdout.String())
			}
			if stderr.Len() != 0 {
				t.Errorf("pacta check %s: stderr is not empty:\n%s", contract, stderr.String())
			}
		})
	}
}

// TestCheckReportsEveryError checks that one run of check reports every
// error of testdata/cli/errors.pacta, each as file:line:col: message, then
// the source line and a caret under the column.
func TestCheckReportsEveryError(t *testing.T) {
	chdirRepoRoot(t)
	const file = "testdata/cli/errors.pacta"
	want := []struct {
		line, col int
		message   string
	}{
		{5, 12, `unknown currency "EUX"; did you mean "EUR"?`},
		{13, 10, `unknown measure or payment "uptme"; did you mean "uptime"?`},
		{18, 26, `unknown tier "mnior" in service level uptime_tiers; did you mean "minor"?`},
		{21, 22, `unknown service level "availabilty"; did you mean "availability"?`},
	}

	var stdout, stderr bytes.Buffer
	code := run([]string{"check", file}, &stdout, &stderr)
	if code != exitContractError {
		t.Errorf("pacta check %s: exit code %d, want %d", file, code, exitContractError)
	}
	if stdout.Len() != 0 {
		t.Errorf("pacta check %s: stdout is not empty:\n%s", file, stdout.String())
	}

	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sourceLines := strings.Split(string(src), "\n")
	got := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(got) != 3*len(want) {
		t.Fatalf("pacta check %s: stderr has %d lines, want 3 for each of %d errors:\n%s", file, len(got), len(want), stderr.String())
	}
	for i, w := range want {
		header, source, caret := got[3*i], got[3*i+1], got[3*i+2]
		if wantHeader := fmt.Sprintf("%s:%d:%d: %s", file, w.line, w.col, w.message); header != wantHeader {
			t.Errorf("error %d is\n%s\nwant\n%s", i+1, header, wantHeader)
		}
		if wantSource := "    " + sourceLines[w.line-1]; source != wantSource {
			t.Errorf("error %d: source line is\n%q\nwant\n%q", i+1, source, wantSource)
		}
		// The file has no tabs, so the caret's column is the error's.
		if caretCol := strings.Index(caret, "^") - len("    ") + 1; caretCol != w.col {
			t.Errorf("error %d: caret is under column %d, want %d:\n%s\n%s", i+1, caretCol, w.col, source, caret)
		}
	}
}

// TestBinaryExitCodes builds pacta and runs it, so that the exit code is
// the process's and not only run's return value.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the pacta binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is not on PATH, so pacta cannot be built: %v", err)
	}
	chdirRepoRoot(t)
	binary := filepath.Join(t.TempDir(), "pacta")
	build := exec.Command(goTool, "build", "-o", binary, "./cmd/pacta")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pacta: %v\n%s", err, out)
	}

	cases := []struct {
		name string
		args []string
		code int
	}{
		{"eval", []string{"eval", cloudhost, "--data", cloudhostData}, exitOK},
		{"contract error", []string{"check", "testdata/cli/errors.pacta"}, exitContractError},
		{"contract error in eval", []string{"eval", "testdata/cli/errors.pacta", "--data", cloudhostData}, exitContractError},
		{"data error", []string{"eval", cloudhost, "--data", "testdata/cli/bare_percent.csv"}, exitUsageOrData},
		{"missing value error", []string{"eval", "testdata/cli/strict.pacta", "--data", "testdata/cli/strict_missing.csv"}, exitUsageOrData},
		{"unknown flag", []string{"eval", cloudhost, "--data", cloudhostData, "--bogus"}, exitUsageOrData},
		{"unknown subcommand", []string{"frobnicate"}, exitUsageOrData},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(binary, tc.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			command := "pacta " + strings.Join(tc.args, " ")

			code := 0
			var exitErr *exec.ExitError
			switch {
			case errors.As(err, &exitErr):
				code = exitErr.ExitCode()
			case err != nil:
				t.Fatalf("%s: %v", command, err)
			}
			if code != tc.code {
				t.Errorf("%s: exit code %d, want %d; stderr:\n%s", command, code, tc.code, stderr.String())
			}
			if code != exitOK && stdout.Len() != 0 {
				t.Errorf("%s: exit code %d but stdout is not empty:\n%s", command, code, stdout.String())
			}
			if code != exitOK && stderr.Len() == 0 {
				t.Errorf("%s: exit code %d but stderr is empty", command, code)
			}
			if code == exitOK && stdout.Len() == 0 {
				t.Errorf("%s: exit code 0 but stdout is empty", command)
			}
		})
	}
}
