package duckdbbench

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// benchThreads is the DuckDB worker thread count. It is fixed at 2, the core
// count of the project's benchmark machines, so a run on a larger host
// stays comparable.
const benchThreads = 2

// sampleCalls is a calls file of 12 rows over two months. The comment on
// each row names the counts it adds to.
var sampleCalls = []string{
	"offered_at,outcome,wait,hold_music,relief",
	"2026-01-05T08:31:12,answered,37,5,0",    // 32 s net: answered45, denominator
	"2026-01-05T09:00:00,answered,50,5,0",    // 45 s net: answered45, denominator
	"2026-01-06T10:15:30,answered,51,5,0",    // 46 s net: denominator only
	"2026-01-07T11:00:00,abandoned,30,0,0",   // abandoned at 30 s: neither
	"2026-01-08T12:00:00,abandoned,31,0,0",   // abandoned at 31 s: denominator only
	"2026-01-09T13:00:00,answered,20,0,1",    // relief
	"2026-01-31T23:59:59,abandoned,120,10,1", // relief, last second of January
	"2026-02-01T00:00:00,answered,45,0,0",    // 45 s, first second of February: answered45, denominator
	"2026-02-02T08:00:00,answered,46,0,0",    // 46 s: denominator only
	"2026-02-03T08:00:00,abandoned,5,0,0",    // abandoned at 5 s: neither
	"2026-02-04T08:00:00,abandoned,300,20,0", // abandoned at 300 s: denominator only
	"2026-02-05T08:00:00,answered,10,2,1",    // relief
}

// sampleCounts is the expected result for sampleCalls, worked out by hand.
var sampleCounts = []MonthCounts{
	{Year: 2026, Month: 1, Answered45: 2, Denominator: 4, Relief: 2, Rows: 7},
	{Year: 2026, Month: 2, Answered45: 1, Denominator: 3, Relief: 1, Rows: 5},
}

// writeSampleCalls writes sampleCalls to a file in dir and returns its path.
func writeSampleCalls(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "calls.csv")
	var data []byte
	for _, line := range sampleCalls {
		data = append(data, line...)
		data = append(data, '\n')
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatalf("write sample calls file: %v", err)
	}
	return path
}

func openTestDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := OpenDB(benchThreads)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestDuckDBAnswered45Small(t *testing.T) {
	db := openTestDB(t)
	path := writeSampleCalls(t, t.TempDir())

	got, err := QueryAnswered45(context.Background(), db, path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sampleCounts, got); diff != "" {
		t.Errorf("counts per month mismatch (-want +got):\n%s", diff)
	}
}

func TestDuckDBThreadsSetting(t *testing.T) {
	db := openTestDB(t)

	var threads int
	err := db.QueryRow("SELECT current_setting('threads')").Scan(&threads)
	if err != nil {
		t.Fatal(err)
	}
	if threads != benchThreads {
		t.Errorf("DuckDB threads setting = %d, want %d", threads, benchThreads)
	}
}

// BenchmarkDuckDBAnswered45 runs the query over the calls file named by
// PACTA_CALLS. With PACTA_DUCKDB_SELFTEST=1 and no PACTA_CALLS, it runs
// over sampleCalls and checks the counts instead.
func BenchmarkDuckDBAnswered45(b *testing.B) {
	path := os.Getenv("PACTA_CALLS")
	selfTest := path == "" && os.Getenv("PACTA_DUCKDB_SELFTEST") == "1"
	switch {
	case selfTest:
		path = writeSampleCalls(b, b.TempDir())
	case path == "":
		// TODO: cmd/pacta-gen is not in the repository yet, so the command
		// in this message fails until it lands.
		b.Skip("PACTA_CALLS is not set: from the repository root, run " +
			"`go run ./cmd/pacta-gen --out DIR --calls 10000000 --only calls` " +
			"and set PACTA_CALLS to the calls CSV file it writes, " +
			"or set PACTA_DUCKDB_SELFTEST=1 to run on 12 built-in rows")
	}

	info, err := os.Stat(path)
	if err != nil {
		b.Fatalf("invalid PACTA_CALLS: %v", err)
	}
	db := openTestDB(b)
	ctx := context.Background()

	b.SetBytes(info.Size())
	var runs, rows int64
	for b.Loop() {
		months, err := QueryAnswered45(ctx, db, path)
		if err != nil {
			b.Fatal(err)
		}
		if selfTest {
			if diff := cmp.Diff(sampleCounts, months); diff != "" {
				b.Fatalf("counts per month mismatch (-want +got):\n%s", diff)
			}
		}
		runs++
		rows = 0
		for _, m := range months {
			rows += m.Rows
		}
	}
	b.ReportMetric(float64(rows*runs)/b.Elapsed().Seconds(), "rows/s")
}
