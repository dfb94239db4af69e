package measure

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
)

const scanContract = `contract "Scan"
  currency USD
  term 2026-01 to 2026-12 monthly
  time zone America/Los_Angeles

source calls
  period by offered_at
  field offered_at: timestamp
  field outcome: text one of "answered", "abandoned"
  field wait: duration in seconds
  field note: text

measure answered: percent
  share of calls where outcome == "answered" and wait <= 45s
measure p90: duration
  p90 of wait over calls
`

func loadScanPlan(t *testing.T) *Plan {
	t.Helper()
	f, errs := syntax.Parse("scan.pacta", []byte(scanContract))
	if errs != nil {
		t.Fatal(errs.Err())
	}
	c, errs := check.Check(f)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	p, err := Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// callRows writes n rows over the year, some with a bad cell when bad is
// set, every 1000th row.
func callRows(n int, bad bool) string { return callRowsEvery(n, bad, 1000) }

// callRowsEvery writes n rows, every k-th with a bad cell when bad is set.
func callRowsEvery(n int, bad bool, k int) string {
	var b strings.Builder
	b.WriteString("offered_at,outcome,wait,note\n")
	for i := range n {
		month := i*12/n + 1
		day := i%28 + 1
		outcome := "answered"
		if i%7 == 0 {
			outcome = "abandoned"
		}
		wait := (i * 37) % 200
		cell := strconvItoa(wait)
		if bad && i%k == k-1 {
			cell = "x"
		}
		b.WriteString("2026-" + pad2(month) + "-" + pad2(day) + "T" + pad2(i%24) + ":" + pad2(i%60) + ":00," + outcome + "," + cell + ",plain\n")
	}
	return b.String()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconvItoa(n)
	}
	return strconvItoa(n)
}

func strconvItoa(n int) string { return string(bytes.TrimSpace([]byte(itoa(n)))) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

// runFile measures the file at path, read through an io.ReaderAt when
// parallel is true, and as a plain stream otherwise.
func runFile(t *testing.T, path string, parallel bool, opts Options) (*Result, string) {
	t.Helper()
	p := loadScanPlan(t)
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil || parallel {
			return f, err
		}
		return struct {
			io.Reader
			io.Closer
		}{f, f}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	res, errs := p.Run([]Input{{Source: "calls", File: "calls.csv", Open: open, Size: info.Size()}}, opts)
	if errs != nil {
		var b strings.Builder
		for _, d := range errs.Items() {
			b.WriteString(d.Error() + "\n")
		}
		if errs.Truncated() {
			b.WriteString("(further errors not looked for)\n")
		}
		if n := errs.Dropped(); n > 0 {
			b.WriteString("(" + itoa(n) + " more errors)\n")
		}
		return nil, b.String()
	}
	return res, ""
}

func summary(res *Result) []string {
	var out []string
	for _, m := range res.Measures {
		for k, v := range m.Values {
			out = append(out, m.Measure.Name+" "+res.Periods[k].String()+" "+v.Value.String()+" "+itoa(int(v.Basis.Records)))
		}
	}
	return out
}

func withSplitting(t *testing.T) {
	t.Helper()
	old, procs := parallelMin, runtime.GOMAXPROCS(4)
	parallelMin = 1
	t.Cleanup(func() {
		parallelMin = old
		runtime.GOMAXPROCS(procs)
	})
}

func TestParallelScanMatchesSequential(t *testing.T) {
	withSplitting(t)
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(callRows(20000, false)), 0o644); err != nil {
		t.Fatal(err)
	}
	seq, msg := runFile(t, path, false, Options{})
	if msg != "" {
		t.Fatal(msg)
	}
	par, msg := runFile(t, path, true, Options{})
	if msg != "" {
		t.Fatal(msg)
	}
	if diff := cmp.Diff(summary(seq), summary(par)); diff != "" {
		t.Errorf("parallel scan differs from one scan (-one +parallel):\n%s", diff)
	}
}

// TestParallelScanLines checks that errors in every part name their line
// in the whole file, and that skipped rows are listed in file order.
func TestParallelScanLines(t *testing.T) {
	withSplitting(t)
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(callRows(20000, true)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, seqMsg := runFile(t, path, false, Options{})
	_, parMsg := runFile(t, path, true, Options{})
	if seqMsg == "" || seqMsg != parMsg {
		t.Errorf("errors differ:\none scan:\n%s\nparallel:\n%s", seqMsg, parMsg)
	}

	seq, _ := runFile(t, path, false, Options{SkipBad: true})
	par, _ := runFile(t, path, true, Options{SkipBad: true})
	if diff := cmp.Diff(seq.Sources, par.Sources); diff != "" {
		t.Errorf("skipped rows differ (-one +parallel):\n%s", diff)
	}
	if got := par.Sources[0].Skipped; got != 20 {
		t.Errorf("skipped %d rows, want 20", got)
	}
	// Row i is on line i+2, and rows 999, 1999, ... are bad.
	if got := par.Sources[0].Bad[1].Line; got != 2001 {
		t.Errorf("second skipped row on line %d, want 2001", got)
	}
}

// TestQuoteStopsSplitting checks that a quoted field with a line end, in
// the first of several parts, makes the scan read the file again in one
// part, with the same result as one stream.
func TestQuoteStopsSplitting(t *testing.T) {
	withSplitting(t)
	rows := callRows(20000, false)
	rows = strings.Replace(rows, ",plain\n", ",\"two\nlines\"\n", 1)
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	stream, msg := runFile(t, path, false, Options{})
	if msg != "" {
		t.Fatal(msg)
	}
	file, msg := runFile(t, path, true, Options{})
	if msg != "" {
		t.Fatal(msg)
	}
	if diff := cmp.Diff(summary(stream), summary(file)); diff != "" {
		t.Errorf("values differ (-stream +parts):\n%s", diff)
	}
	if diff := cmp.Diff(stream.Sources, file.Sources); diff != "" {
		t.Errorf("sources differ (-stream +parts):\n%s", diff)
	}
}

// measureText measures the records of one source given as text.
func measureText(t *testing.T, contract, source, records string, opts Options) *Result {
	t.Helper()
	f, errs := syntax.Parse("c.pacta", []byte(contract))
	if errs != nil {
		t.Fatal(errs.Err())
	}
	c, errs := check.Check(f)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	p, err := Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(records)), nil }
	res, errs := p.Run([]Input{{Source: source, File: source + ".csv", Open: open}}, opts)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	return res
}

// TestExcludedBeforePending checks that a record matching an excluding
// line counts as excluded even while its deadline is undecided.
func TestExcludedBeforePending(t *testing.T) {
	const contract = `contract "C"
  currency USD
  term 2026-01 to 2026-12 monthly

source cases
  period by opened_at
  field channel: text
  field opened_at: timestamp
  field acknowledged_at: optional timestamp

measure ack: percent
  share of cases where acknowledged_at within 4h of opened_at
  excluding cases where channel == "walk_in" because "walk-in"
`
	// As-of is 2026-02-01T00:00Z, so W1's deadline (01:00) is undecided,
	// W2's has passed, and W3 was acknowledged in time.
	records := "channel,opened_at,acknowledged_at\n" +
		"walk_in,2026-01-31T21:00:00,\n" +
		"walk_in,2026-01-10T21:00:00,\n" +
		"web,2026-01-10T21:00:00,2026-01-10T22:00:00\n"
	res := measureText(t, contract, "cases", records, Options{})
	b := res.Measures[0].Values[0].Basis
	if len(b.Excluded) != 1 || b.Excluded[0].Count != 2 || b.Pending != 0 {
		t.Errorf("excluded %v, pending %d; want 2 walk-in, 0 pending", b.Excluded, b.Pending)
	}
	if got := res.Measures[0].Values[0].Value.String(); got != "1" {
		t.Errorf("ack = %s, want 1 (one of one)", got)
	}
}

// TestOutageFromBeforeTerm checks that an outage that starts before the
// term still counts in the first period it overlaps.
func TestOutageFromBeforeTerm(t *testing.T) {
	const contract = `contract "C"
  currency USD
  term 2026-01 to 2026-12 monthly

source outages
  period by started_at
  field started_at: timestamp
  field ended_at: timestamp

measure up: percent
  uptime of outages from started_at to ended_at
`
	records := "started_at,ended_at\n" +
		"2025-12-31T23:00:00,2026-01-01T01:00:00\n" +
		"2026-01-10T10:00:00,2026-01-10T10:30:00\n"
	res := measureText(t, contract, "outages", records, Options{})
	// January has 44,640 minutes; 60 + 30 are down: 44,550/44,640 = 495/496.
	if got := res.Measures[0].Values[0].Value.String(); got != "495/496" {
		t.Errorf("January uptime = %s, want 495/496", got)
	}
	if got := res.Sources[0].BeforeTerm; got != 1 {
		t.Errorf("before term = %d, want 1", got)
	}
}

// FuzzScan checks, on any call file, that measuring never panics and
// that a parallel scan gives what one scan gives: the same values and
// counts, or the same errors. It is seeded with the call files of
// testdata/measure.
func FuzzScan(f *testing.F) {
	paths, _ := filepath.Glob("../../testdata/measure/calls*.csv")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(callRows(300, true)))
	f.Fuzz(func(t *testing.T, src []byte) {
		withSplitting(t)
		path := filepath.Join(t.TempDir(), "calls.csv")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, skip := range []bool{false, true} {
			seq, seqMsg := runFile(t, path, false, Options{SkipBad: skip})
			par, parMsg := runFile(t, path, true, Options{SkipBad: skip})
			if seqMsg != parMsg {
				t.Fatalf("skip %v: errors differ:\none scan:\n%s\nparallel:\n%s", skip, seqMsg, parMsg)
			}
			if seq == nil {
				continue
			}
			if diff := cmp.Diff(summary(seq), summary(par)); diff != "" {
				t.Fatalf("skip %v: values differ (-one +parallel):\n%s", skip, diff)
			}
			if diff := cmp.Diff(seq.Sources, par.Sources); diff != "" {
				t.Fatalf("skip %v: sources differ (-one +parallel):\n%s", skip, diff)
			}
		}
	})
}

// TestParallelScanErrorCap checks that a file with more malformed rows
// than are reported gives the same errors, and the same note that reading
// stopped, whatever the number of parts.
func TestParallelScanErrorCap(t *testing.T) {
	withSplitting(t)
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(callRowsEvery(20000, true, 250)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, seqMsg := runFile(t, path, false, Options{})
	_, parMsg := runFile(t, path, true, Options{})
	if !strings.Contains(seqMsg, "(further errors not looked for)") {
		t.Errorf("one scan does not say it stopped:\n%s", seqMsg)
	}
	if seqMsg != parMsg {
		t.Errorf("errors differ:\none scan:\n%s\nparallel:\n%s", seqMsg, parMsg)
	}
}

// TestSplitMatchesStream checks a file read in parts against the same file
// read as one stream, on lines that test the edges of the split.
func TestSplitMatchesStream(t *testing.T) {
	withSplitting(t)
	const header = "offered_at,outcome,wait,note\n"
	cases := map[string]string{
		"crlf":             "offered_at,outcome,wait,note\r\n2026-01-05T10:00:00,answered,12,a\r\n2026-01-06T10:00:00,abandoned,40,b\r\n",
		"bom":              "\ufeff" + header + "2026-01-05T10:00:00,answered,12,a\n",
		"no final newline": header + "2026-01-05T10:00:00,answered,12,a\n2026-01-06T10:00:00,answered,50,b",
		"blank lines":      header + "\n\r\n2026-01-05T10:00:00,answered,12,a\n\n2026-01-06T10:00:00,answered,50,b\n\n",
		"short and long":   header + "2026-01-05T10:00:00,answered\n2026-01-05T10:00:00,answered,12,a,extra,more\n2026-01-06T10:00:00,answered,50,b\n",
		"bad cells":        header + "2026-01-05T10:00:00,answred,12,a\n2026-13-05T10:00:00,answered,12,a\n2026-01-05T10:00:00,answered,-3,a\n2026-01-05T10:00:00,answered,,a\n",
		"spaces":           header + " 2026-01-05T10:00:00 , answered ,12 , a \n",
		"quote late":       header + "2026-01-05T10:00:00,answered,12,a\n2026-01-06T10:00:00,answered,13,\"b, with\nline\"\n2026-01-07T10:00:00,answered,70,c\n",
		"quote bad":        header + "2026-01-05T10:00:00,answered,12,a\n2026-01-06T10:00:00,answered,13,b\"c\n2026-01-07T10:00:00,answered,70,c\n",
		"lone cr":          header + "2026-01-05T10:00:00,answered,12,a\rb\n",
		"header only":      header,
		"header no eol":    "offered_at,outcome,wait,note",
		"long line":        header + "2026-01-05T10:00:00,answered,12," + strings.Repeat("x", 3<<20) + "\n2026-01-06T10:00:00,answered,50,b\n",
		"many lines":       callRowsEvery(50000, true, 777),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "calls.csv")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, skip := range []bool{false, true} {
				stream, streamMsg := runFile(t, path, false, Options{SkipBad: skip})
				file, fileMsg := runFile(t, path, true, Options{SkipBad: skip})
				if streamMsg != fileMsg {
					t.Fatalf("skip %v: errors differ:\nstream:\n%s\nparts:\n%s", skip, streamMsg, fileMsg)
				}
				if stream == nil {
					continue
				}
				if diff := cmp.Diff(summary(stream), summary(file)); diff != "" {
					t.Errorf("skip %v: values differ (-stream +parts):\n%s", skip, diff)
				}
				if diff := cmp.Diff(stream.Sources, file.Sources); diff != "" {
					t.Errorf("skip %v: sources differ (-stream +parts):\n%s", skip, diff)
				}
			}
		})
	}
}

// TestOutsideOutageWithDeadline checks that an outage before the term
// whose condition waits on a deadline still counts once the time of the
// data decides it.
func TestOutsideOutageWithDeadline(t *testing.T) {
	const contract = `contract "C"
  currency USD
  term 2026-01 to 2026-12 monthly

source outages
  period by started_at
  field started_at: timestamp
  field ended_at: timestamp
  field acked_at: optional timestamp

measure up: percent
  uptime of outages from started_at to ended_at where not (acked_at within 1h of started_at)
`
	records := "started_at,ended_at,acked_at\n" +
		"2025-12-31T23:00:00,2026-01-01T01:00:00,\n" +
		"2026-01-10T10:00:00,2026-01-10T10:30:00,\n"
	res := measureText(t, contract, "outages", records, Options{})
	// 60 + 30 minutes down of January's 44,640: 495/496.
	if got := res.Measures[0].Values[0].Value.String(); got != "495/496" {
		t.Errorf("January uptime = %s, want 495/496", got)
	}
}

// TestProgressStopsWithRun checks that no progress report comes after Run
// returns; under the race detector it also checks the reports' access to
// the run's state.
func TestProgressStopsWithRun(t *testing.T) {
	withSplitting(t)
	path := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(path, []byte(callRows(2000, false)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, parallel := range []bool{false, true} {
		var reports atomic.Int64
		runFile(t, path, parallel, Options{Progress: func(int64) { reports.Add(1) }})
		after := reports.Load()
		// Reports come every 200 ms while a scan runs.
		time.Sleep(300 * time.Millisecond)
		if got := reports.Load(); got != after {
			t.Errorf("parallel %v: %d progress reports came after Run returned", parallel, got-after)
		}
	}
}
