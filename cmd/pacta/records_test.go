package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/internal/gen"
)

// The contracts and record files of these tests are in testdata/measure.
// engine/measure/measure_test.go works out their figures by hand.
const (
	callsContract = "testdata/measure/calls.pacta"
	badRows       = "testdata/measure/bad_rows.csv"
)

// badRowErrors are the malformed rows of bad_rows.csv, as the start of
// the message that names each one: file:line:col, then the problem and,
// where the row has one, the value.
var badRowErrors = []struct {
	line, column int
	message      string
}{
	{3, 1, `offered_at: invalid timestamp "2026-01-05T25:00:00": hour 25 is out of range`},
	{4, 30, `wait: invalid duration "2O"`},
	{5, 21, `outcome: "dropped" is not a value of outcome`},
	{6, 33, `the row has 4 fields`},
	{7, 24, `bare quote in unquoted field`},
	{10, 41, `the row has 6 fields`},
}

// runPacta runs one pacta command line and returns its exit code, stdout
// and stderr.
func runPacta(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestMeasureBadRecords(t *testing.T) {
	chdirRepoRoot(t)
	for _, command := range []string{"measure", "eval"} {
		t.Run(command, func(t *testing.T) {
			code, stdout, stderr := runPacta(command, callsContract, "--source", "calls="+badRows)

			if code != exitUsageOrData {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitUsageOrData, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty:\n%s", stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != len(badRowErrors) {
				t.Fatalf("stderr has %d lines, want one per malformed row (%d):\n%s", len(lines), len(badRowErrors), stderr)
			}
			for k, want := range badRowErrors {
				prefix := fmt.Sprintf("%s:%d:%d: %s", badRows, want.line, want.column, want.message)
				if !strings.HasPrefix(lines[k], prefix) {
					t.Errorf("stderr line %d is\n%s\nwant it to start with\n%s", k+1, lines[k], prefix)
				}
				if !strings.HasSuffix(lines[k], "--skip-bad-records to skip malformed rows and list them in the output") {
					t.Errorf("stderr line %d does not name --skip-bad-records:\n%s", k+1, lines[k])
				}
			}
		})
	}
}

// sourceJSON is the part of a source report that these tests check.
type sourceJSON struct {
	Source  string `json:"source"`
	Rows    int64  `json:"rows"`
	Skipped int64  `json:"skipped"`
	Bad     []struct {
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"bad_records"`
}

// checkSkipped checks the report of bad_rows.csv: 9 rows, of which the
// 6 malformed ones are skipped and listed.
func checkSkipped(t *testing.T, sources []sourceJSON) {
	t.Helper()
	if len(sources) != 1 {
		t.Fatalf("%d source reports, want 1", len(sources))
	}
	s := sources[0]
	if s.Source != "calls" {
		t.Errorf("source %q, want calls", s.Source)
	}
	if s.Rows != 9 {
		t.Errorf("%d rows, want 9", s.Rows)
	}
	if s.Skipped != 6 {
		t.Errorf("%d rows skipped, want 6", s.Skipped)
	}
	if len(s.Bad) != len(badRowErrors) {
		t.Fatalf("%d bad records listed, want %d", len(s.Bad), len(badRowErrors))
	}
	for k, want := range badRowErrors {
		got := s.Bad[k]
		if got.Line != want.line || got.Column != want.column {
			t.Errorf("bad record %d is at %d:%d, want %d:%d", k+1, got.Line, got.Column, want.line, want.column)
		}
		if !strings.HasPrefix(got.Message, want.message) {
			t.Errorf("bad record %d: message %q, want it to start with %q", k+1, got.Message, want.message)
		}
	}
}

func TestMeasureSkipBadRecords(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("measure", callsContract, "--source", "calls="+badRows, "--skip-bad-records")

	if code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	// The good rows are lines 2 (answered after 20 s), 8 (answered after
	// 60 s) and 9 (abandoned after 40 s): 1 of 3 calls within 45 s, and
	// a mean speed of answer of (20 + 60)/2 = 40 s.
	wantCSV := "period,calls_answered_45s,calls_answered_45s.records,calls_answered_45s.numerator,calls_answered_45s.excluded[relief event],calls_answered_45s.pending,calls_answered_45s.below_minimum,asa,asa.records,asa.exact,asa.excluded[relief event],asa.excluded[no value],asa.pending\n" +
		"2026-01,33.3333333333%,3,1,0,0,true,40s,2,,0,0,0\n"
	if stdout != wantCSV {
		t.Errorf("stdout is\n%s\nwant\n%s", stdout, wantCSV)
	}

	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	wantHead := "pacta: source calls (" + badRows + "): 9 rows; 6 malformed rows skipped"
	if lines[0] != wantHead {
		t.Errorf("stderr starts with\n%s\nwant\n%s", lines[0], wantHead)
	}
	if len(lines) != 1+len(badRowErrors) {
		t.Fatalf("stderr has %d lines, want a summary and one per skipped row:\n%s", len(lines), stderr)
	}
	for k, want := range badRowErrors {
		prefix := fmt.Sprintf("  %s:%d:%d: skipped: %s", badRows, want.line, want.column, want.message)
		if !strings.HasPrefix(lines[k+1], prefix) {
			t.Errorf("stderr line %d is\n%s\nwant it to start with\n%s", k+2, lines[k+1], prefix)
		}
	}
}

func TestMeasureSkipBadRecordsJSON(t *testing.T) {
	chdirRepoRoot(t)
	for _, command := range []string{"measure", "eval"} {
		t.Run(command, func(t *testing.T) {
			code, stdout, stderr := runPacta(command, callsContract, "--source", "calls="+badRows, "--skip-bad-records", "--format", "json")
			if code != exitOK {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitOK, stderr)
			}
			var out struct {
				Sources []sourceJSON `json:"sources"`
			}
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
			}
			checkSkipped(t, out.Sources)
		})
	}
}

func TestSourceFlagUnknownName(t *testing.T) {
	chdirRepoRoot(t)
	for _, command := range []string{"measure", "eval"} {
		t.Run(command, func(t *testing.T) {
			code, stdout, stderr := runPacta(command, callsContract, "--source", "call=testdata/measure/calls.csv")
			if code != exitUsageOrData {
				t.Errorf("exit code %d, want %d", code, exitUsageOrData)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty:\n%s", stdout)
			}
			want := "pacta: --source call=testdata/measure/calls.csv: the contract has no source \"call\"; did you mean \"calls\"?\n"
			if stderr != want {
				t.Errorf("stderr is\n%s\nwant\n%s", stderr, want)
			}
		})
	}
}

func TestSourceMissingColumn(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("measure", callsContract, "--source", "calls=testdata/measure/bad_header.csv")
	if code != exitUsageOrData {
		t.Errorf("exit code %d, want %d", code, exitUsageOrData)
	}
	if stdout != "" {
		t.Errorf("stdout is not empty:\n%s", stdout)
	}
	want := "testdata/measure/bad_header.csv:1:1: source calls: the header has no column \"hold_music\"; " +
		"the contract declares the columns offered_at, outcome, wait, hold_music, relief\n"
	if stderr != want {
		t.Errorf("stderr is\n%s\nwant\n%s", stderr, want)
	}
}

// ledgerJSON is the part of pacta eval's JSON output that the round trip
// compares: every service level's outcome and the totals.
type ledgerJSON struct {
	Periods []struct {
		Period        string `json:"period"`
		ServiceLevels []struct {
			Name        string `json:"name"`
			Status      string `json:"status"`
			Tier        string `json:"tier"`
			Deduction   string `json:"deduction"`
			Explanation string `json:"explanation"`
		} `json:"service_levels"`
	} `json:"periods"`
	Totals map[string]any `json:"totals"`
}

// evalLedger runs pacta eval with --format json and decodes its output.
func evalLedger(t *testing.T, args ...string) ledgerJSON {
	t.Helper()
	args = append(append([]string{"eval"}, args...), "--format", "json")
	code, stdout, stderr := runPacta(args...)
	if code != exitOK {
		t.Fatalf("pacta %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, exitOK, stderr)
	}
	var out ledgerJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("pacta %s: stdout is not JSON: %v", strings.Join(args, " "), err)
	}
	return out
}

func TestEvalMinimumSample(t *testing.T) {
	chdirRepoRoot(t)
	cases := []struct {
		file   string
		status string
		sample bool
	}{
		// 99 calls in the denominator, fewer than the minimum of 100.
		{"testdata/measure/calls_99.csv", "not_assessed", true},
		// 80 of 100 calls within 45 s: 80%, which meets the target.
		{"testdata/measure/calls_100.csv", "met", false},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			ledger := evalLedger(t, callsContract, "--source", "calls="+tc.file)
			if len(ledger.Periods) != 1 || len(ledger.Periods[0].ServiceLevels) != 1 {
				t.Fatalf("want one period with one service level, got %+v", ledger.Periods)
			}
			level := ledger.Periods[0].ServiceLevels[0]
			if level.Status != tc.status {
				t.Errorf("status %s, want %s; explanation: %s", level.Status, tc.status, level.Explanation)
			}
			if level.Deduction != "0.00" {
				t.Errorf("deduction %s, want 0.00", level.Deduction)
			}
			named := strings.Contains(level.Explanation, "fewer than its minimum sample of 100")
			if named != tc.sample {
				t.Errorf("explanation names the minimum sample: %v, want %v; explanation: %s", named, tc.sample, level.Explanation)
			}
		})
	}
}

// checkRoundTrip checks that pacta measure followed by pacta eval --data
// gives the same outcomes and totals as pacta eval --source, with the
// period table written as CSV and as JSON.
func checkRoundTrip(t *testing.T, contract string, sources []string) ledgerJSON {
	t.Helper()
	fromRecords := evalLedger(t, append([]string{contract}, sources...)...)
	if len(outcomes(fromRecords)) == 0 {
		t.Fatalf("eval --source gives no service level outcome, so the round trip compares none")
	}

	for _, format := range []string{"csv", "json"} {
		args := append([]string{"measure", contract, "--format", format}, sources...)
		code, stdout, stderr := runPacta(args...)
		if code != exitOK {
			t.Fatalf("pacta %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, exitOK, stderr)
		}
		table := filepath.Join(t.TempDir(), "periods."+format)
		if err := os.WriteFile(table, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		fromTable := evalLedger(t, contract, "--data", table)

		if diff := cmp.Diff(fromRecords.Totals, fromTable.Totals); diff != "" {
			t.Errorf("%s table: totals differ from eval --source (-source +data):\n%s", format, diff)
		}
		if diff := cmp.Diff(outcomes(fromRecords), outcomes(fromTable)); diff != "" {
			t.Errorf("%s table: service levels differ from eval --source (-source +data):\n%s", format, diff)
		}
	}
	return fromRecords
}

// outcomes lists every service level's outcome in every period as
// "PERIOD NAME STATUS TIER DEDUCTION".
func outcomes(l ledgerJSON) []string {
	var out []string
	for _, p := range l.Periods {
		for _, s := range p.ServiceLevels {
			out = append(out, strings.Join([]string{p.Period, s.Name, s.Status, s.Tier, s.Deduction}, " "))
		}
	}
	return out
}

func TestMeasureRoundTripSmall(t *testing.T) {
	chdirRepoRoot(t)
	// The small files use the Springfield sources' columns.
	ledger := checkRoundTrip(t, "contracts/springfield.pacta", []string{
		"--source", "calls=testdata/measure/calls.csv",
		"--source", "cases=testdata/measure/cases.csv",
		"--source", "surveys=testdata/measure/surveys.csv",
		"--source", "outages=testdata/measure/outages.csv",
	})
	// The comparison covers deductions only if some level failed.
	if ledger.Totals["total_deduction"] == "0.00" {
		t.Errorf("the small files give no deduction, so the round trip compares none")
	}
}

func TestMeasureRoundTripGeneratedYear(t *testing.T) {
	chdirRepoRoot(t)
	dir := t.TempDir()
	var sources []string
	for _, d := range gen.Datasets() {
		path := filepath.Join(dir, d.File)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Write(f, gen.DefaultConfig()); err != nil {
			t.Fatalf("write %s: %v", d.File, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, "--source", d.Name+"="+path)
	}

	ledger := checkRoundTrip(t, "contracts/springfield.pacta", sources)
	if got := ledger.Totals["periods"]; got != 12.0 {
		t.Errorf("the generated year gives %v periods, want 12", got)
	}
}

// TestMeasuredTableKeepsExactValue checks that an uptime a hair below its
// target still fails after pacta measure writes it and eval --data reads
// it back, in both formats: the table carries the exact fraction.
func TestMeasuredTableKeepsExactValue(t *testing.T) {
	chdirRepoRoot(t)
	contract := "testdata/measure/uptime_edge.pacta"
	for _, format := range []string{"csv", "json"} {
		code, table, stderr := runPacta("measure", contract, "--source", "outages=testdata/measure/uptime_edge.csv", "--format", format)
		if code != exitOK {
			t.Fatalf("measure --format %s: exit %d, stderr:\n%s", format, code, stderr)
		}
		path := filepath.Join(t.TempDir(), "table."+format)
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runPacta("eval", contract, "--data", path, "--format", "csv")
		if code != exitOK {
			t.Fatalf("eval --data %s: exit %d, stderr:\n%s", format, code, stderr)
		}
		if !strings.Contains(out, ",failed,") {
			t.Errorf("eval --data of the %s table: the uptime passed; output:\n%s", format, out)
		}
	}
}

// TestCheckReadsHolidayFiles checks that pacta check reports a holiday file
// that cannot be read, because evaluation would fail on it.
func TestCheckReadsHolidayFiles(t *testing.T) {
	dir := t.TempDir()
	contract := filepath.Join(dir, "c.pacta")
	src := "contract \"C\"\n  currency USD\n  term 2026-01 to 2026-12 monthly\n  business hours Monday to Friday 08:00 to 18:00\n  holidays from \"holidays.txt\"\n"
	if err := os.WriteFile(contract, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runPacta("check", contract)
	if code != exitContractError || stdout != "" || !strings.Contains(stderr, "c.pacta:5:17: cannot read the holiday file") {
		t.Errorf("missing file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	if err := os.WriteFile(filepath.Join(dir, "holidays.txt"), []byte("# 2026\n2026-01-01, New Year's Day\n2026-02-30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runPacta("check", contract)
	if code != exitContractError || !strings.Contains(stderr, "holidays.txt:3:") {
		t.Errorf("invalid date: exit %d, stderr %q", code, stderr)
	}

	if err := os.WriteFile(filepath.Join(dir, "holidays.txt"), []byte("2026-01-01, New Year's Day\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = runPacta("check", contract); code != exitOK {
		t.Errorf("valid file: exit %d, stderr %q", code, stderr)
	}
}

// TestEvalTextListsSkippedRows checks that the text ledger accounts for
// the record files, lists each skipped row, and that explanations say
// that figures rest on part of a file.
func TestEvalTextListsSkippedRows(t *testing.T) {
	chdirRepoRoot(t)
	code, stdout, stderr := runPacta("eval", callsContract, "--source", "calls="+badRows, "--skip-bad-records", "--explain")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"Records   as of ",
		"calls (" + badRows + "): ",
		"6 malformed rows skipped",
		"skipped " + badRows + ":3:1: offered_at: invalid timestamp",
		"6 rows of " + badRows + " were skipped as malformed and are not in these figures.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q; output:\n%s", want, stdout)
		}
	}
}
