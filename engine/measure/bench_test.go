package measure_test

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/measure"
	"github.com/pacta-dev/pacta/internal/benchfloor"
	"github.com/pacta-dev/pacta/internal/gen"
)

// The benchmarks read a call file of PACTA_BENCH_ROWS rows (default
// 1,000,000), generated once per run into a temporary directory, or the
// file that PACTA_BENCH_CALLS names. docs/benchmarks.md has the commands
// for the 10-million-row figures.

const benchContract = `contract "Calls benchmark"
  currency USD
  term 2026-01 to 2026-12 monthly
  time zone America/Los_Angeles

source calls "Call-detail records"
  period by offered_at
  field offered_at: timestamp
  field outcome: text one of "answered", "abandoned"
  field wait: duration in seconds
  field hold_music: duration in seconds
  field relief: bool

measure calls_answered_45s "Calls answered within 45 seconds": percent
  share of calls where outcome == "answered" and wait - hold_music <= 45s
  among calls where outcome == "answered" or (outcome == "abandoned" and wait > 30s)
  excluding calls where relief because "relief event"
  minimum sample 100 calls
`

var (
	benchOnce sync.Once
	benchFile string
	benchErr  error
)

func callFile(b *testing.B) string {
	benchOnce.Do(func() {
		if path := os.Getenv("PACTA_BENCH_CALLS"); path != "" {
			benchFile = path
			return
		}
		dir, err := os.MkdirTemp("", "pacta-bench")
		if err != nil {
			benchErr = err
			return
		}
		benchFile = filepath.Join(dir, "calls.csv")
		f, err := os.Create(benchFile)
		if err != nil {
			benchErr = err
			return
		}
		defer f.Close()
		c := gen.DefaultConfig()
		c.Calls = 1_000_000
		_, benchErr = gen.WriteCalls(f, c)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFile
}

func fileSize(b *testing.B, path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return info.Size()
}

// BenchmarkMeasureCalls runs the measure end to end: compile, read every
// field of every row with full CSV quoting rules, aggregate by month. A
// file of 16 MiB or more is scanned in one part per processor.
func BenchmarkMeasureCalls(b *testing.B) {
	path := callFile(b)
	prog, errs := engine.Load("calls.pacta", []byte(benchContract))
	if errs != nil {
		b.Fatal(errs.Err())
	}
	size := fileSize(b, path)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		plan, err := measure.Compile(prog.Contract(), nil)
		if err != nil {
			b.Fatal(err)
		}
		in := measure.Input{Source: "calls", File: path, Size: size, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
		if _, errs := plan.Run([]measure.Input{in}, measure.Options{}); errs != nil {
			b.Fatal(errs.Err())
		}
	}
}

// BenchmarkEncodingCSV reads the same file with encoding/csv and does
// nothing else: the cost of reading the fields the standard way.
func BenchmarkEncodingCSV(b *testing.B) {
	path := callFile(b)
	b.SetBytes(fileSize(b, path))
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := benchfloor.ReadEncodingCSV(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkFloor computes the same monthly figure with a hand-written
// parser for exactly this layout, without validation: the floor.
func BenchmarkFloor(b *testing.B) {
	path := callFile(b)
	b.SetBytes(fileSize(b, path))
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := benchfloor.Answered45Floor(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
