package benchfloor

import (
	"bytes"
	"encoding/csv"
	"flag"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	// The generator writes wall times in America/Los_Angeles even where
	// the system has no time zone database.
	_ "time/tzdata"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pacta-dev/pacta/internal/gen"
)

// callsFile names a calls.csv for BenchmarkFloorFile and
// BenchmarkEncodingCSVFile, which are skipped without it.
var callsFile = flag.String("calls", "", "path of a calls.csv for the File benchmarks")

// generateCalls returns a calls.csv of the given number of rows from the
// default generator config.
func generateCalls(tb testing.TB, calls int) []byte {
	tb.Helper()
	c := gen.DefaultConfig()
	c.Calls = calls
	var buf bytes.Buffer
	if _, err := gen.WriteCalls(&buf, c); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// referenceCounts computes the tallies with encoding/csv and strconv,
// following the definitions in MonthCount field by field.
func referenceCounts(t *testing.T, data []byte) []MonthCount {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var counts []MonthCount
	for _, row := range records[1:] {
		year, errYear := strconv.Atoi(row[0][:4])
		month, errMonth := strconv.Atoi(row[0][5:7])
		wait, errWait := strconv.Atoi(row[2])
		hold, errHold := strconv.Atoi(row[3])
		for _, err := range []error{errYear, errMonth, errWait, errHold} {
			if err != nil {
				t.Fatalf("row %q: %v", row, err)
			}
		}

		// Rows come in time order, so a month is always the last one.
		if len(counts) == 0 || counts[len(counts)-1].Year != year || counts[len(counts)-1].Month != month {
			counts = append(counts, MonthCount{Year: year, Month: month})
		}
		c := &counts[len(counts)-1]
		switch {
		case row[4] == "1":
			c.Relief++
		case row[1] == "answered":
			c.Denominator++
			if wait-hold <= 45 {
				c.Answered45++
			}
		case row[1] == "abandoned" && wait > 30:
			c.Denominator++
		}
	}
	return counts
}

func TestFloorMatchesReference(t *testing.T) {
	data := generateCalls(t, 200_000)
	want := referenceCounts(t, data)
	if len(want) != 12 {
		t.Fatalf("reference found %d months, want 12", len(want))
	}

	got, err := Answered45Floor(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Answered45Floor (-reference +floor):\n%s", diff)
	}

	// Reading one byte at a time puts every buffer boundary inside a
	// line, so the carry-over of unfinished lines is exercised.
	small := data[:200_000]
	small = small[:bytes.LastIndexByte(small, '\n')+1]
	got, err = Answered45Floor(iotest.OneByteReader(bytes.NewReader(small)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(referenceCounts(t, small), got); diff != "" {
		t.Errorf("Answered45Floor one byte at a time (-reference +floor):\n%s", diff)
	}
}

func TestFloorLineEndings(t *testing.T) {
	rows := "2026-01-05T08:31:12,answered,46,1,0\n" + // net 45 meets the threshold
		"2026-01-05T08:31:13,answered,47,1,0\n" + // net 46 does not
		"2026-01-06T09:00:00,abandoned,30,0,0\n" + // outside the denominator
		"2026-01-06T09:00:01,abandoned,31,0,0\n" +
		"2026-02-01T10:00:00,answered,5,0,1\n" +
		"2025-12-31T23:59:59,answered,0,0,0\n"
	want := []MonthCount{
		{Year: 2025, Month: 12, Answered45: 1, Denominator: 1},
		{Year: 2026, Month: 1, Answered45: 1, Denominator: 3},
		{Year: 2026, Month: 2, Relief: 1},
	}
	inputs := map[string]string{
		"LF":                 gen.CallsHeader + "\n" + rows,
		"CRLF":               strings.ReplaceAll(gen.CallsHeader+"\n"+rows, "\n", "\r\n"),
		"no final newline":   gen.CallsHeader + "\n" + strings.TrimSuffix(rows, "\n"),
		"header only":        gen.CallsHeader + "\n",
		"header, no newline": gen.CallsHeader,
	}
	for name, input := range inputs {
		t.Run(name, func(t *testing.T) {
			got, err := Answered45Floor(strings.NewReader(input))
			if err != nil {
				t.Fatal(err)
			}
			expected := want
			if strings.HasPrefix(name, "header") {
				expected = []MonthCount{}
			}
			if diff := cmp.Diff(expected, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFloorRejectsBadInput(t *testing.T) {
	tests := map[string]struct {
		input string
		want  string
	}{
		"empty":        {"", "missing calls.csv header"},
		"wrong header": {"offered_at,outcome,wait\n", "invalid calls.csv header"},
		"short row":    {gen.CallsHeader + "\n2026-01-05T08:31:12,answered,37\n", "invalid calls.csv row"},
		"extra field":  {gen.CallsHeader + "\n2026-01-05T08:31:12,answered,37,5,0,x\n", "invalid calls.csv row"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Answered45Floor(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFloorGrowsBufferForLongLine(t *testing.T) {
	// Leading zeros make one row longer than the read buffer.
	row := "2026-03-01T08:00:00,answered," + strings.Repeat("0", floorBufferLen+10) + "12,2,0\n"
	got, err := Answered45Floor(strings.NewReader(gen.CallsHeader + "\n" + row))
	if err != nil {
		t.Fatal(err)
	}
	want := []MonthCount{{Year: 2026, Month: 3, Answered45: 1, Denominator: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadEncodingCSVCountsRecords(t *testing.T) {
	data := generateCalls(t, 10_000)
	rows, err := ReadEncodingCSV(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Count(data, []byte("\n")); rows != want {
		t.Errorf("ReadEncodingCSV read %d records, want %d with the header", rows, want)
	}

	if _, err := ReadEncodingCSV(strings.NewReader("a,b\n\"unclosed\n")); err == nil {
		t.Error("ReadEncodingCSV accepted an unclosed quote")
	}
}

var (
	benchOnce sync.Once
	benchData []byte
)

// benchCalls returns one million generated rows, built once.
func benchCalls(b *testing.B) []byte {
	benchOnce.Do(func() { benchData = generateCalls(b, 1_000_000) })
	return benchData
}

func BenchmarkFloor(b *testing.B) {
	data := benchCalls(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Answered45Floor(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkEncodingCSV(b *testing.B) {
	data := benchCalls(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadEncodingCSV(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchmarkFile runs read over the file named by -calls, opened anew each
// iteration, so the time includes reading the file.
func benchmarkFile(b *testing.B, read func(io.Reader) error) {
	if *callsFile == "" {
		b.Skip("no -calls file given")
	}
	info, err := os.Stat(*callsFile)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := ReadEncodingCSV(mustOpen(b, *callsFile))
	if err != nil {
		b.Fatal(err)
	}
	rows-- // the header

	b.SetBytes(info.Size())
	for b.Loop() {
		f := mustOpen(b, *callsFile)
		err := read(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func mustOpen(b *testing.B, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func BenchmarkFloorFile(b *testing.B) {
	benchmarkFile(b, func(r io.Reader) error {
		_, err := Answered45Floor(r)
		return err
	})
}

func BenchmarkEncodingCSVFile(b *testing.B) {
	benchmarkFile(b, func(r io.Reader) error {
		_, err := ReadEncodingCSV(r)
		return err
	})
}
