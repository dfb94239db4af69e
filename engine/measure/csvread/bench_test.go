package csvread

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
)

// benchmarkLines is the number of records in each benchmark input.
const benchmarkLines = 1_000_000

var benchmarkStatuses = []string{"answered", "abandoned", "answered", "transferred", "answered"}

// callRecords returns benchmarkLines call-detail records in the layout
// "2026-01-05T08:31:12,answered,37,5,0", with values that vary from line to
// line. When quoted is true, the timestamp and status are quoted, as many
// CRM exports write text columns.
func callRecords(quoted bool) []byte {
	var buf bytes.Buffer
	for i := range benchmarkLines {
		second := i % 86400
		timestamp := fmt.Sprintf("2026-01-05T%02d:%02d:%02d", second/3600, second/60%60, second%60)
		status := benchmarkStatuses[i%len(benchmarkStatuses)]
		if quoted {
			fmt.Fprintf(&buf, "%q,%q,%d,%d,%d\r\n", timestamp, status, i%600, i%30, i%2)
		} else {
			fmt.Fprintf(&buf, "%s,%s,%d,%d,%d\n", timestamp, status, i%600, i%30, i%2)
		}
	}
	return buf.Bytes()
}

func benchmarkReader(b *testing.B, input []byte) {
	source := bytes.NewReader(input)
	r := NewReader(source)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	b.ResetTimer()

	for b.Loop() {
		source.Reset(input)
		r.Reset(source)
		records := 0
		for r.Next() {
			records++
		}
		if r.Err() != nil || records != benchmarkLines {
			b.Fatalf("read %d records with error %v, want %d", records, r.Err(), benchmarkLines)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchmarkLines), "ns/record")
}

func benchmarkEncodingCSV(b *testing.B, input []byte) {
	source := bytes.NewReader(input)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	b.ResetTimer()

	for b.Loop() {
		source.Reset(input)
		cr := csv.NewReader(source)
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		records := 0
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
		if records != benchmarkLines {
			b.Fatalf("read %d records, want %d", records, benchmarkLines)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchmarkLines), "ns/record")
}

func BenchmarkReader(b *testing.B) {
	benchmarkReader(b, callRecords(false))
}

func BenchmarkEncodingCSV(b *testing.B) {
	benchmarkEncodingCSV(b, callRecords(false))
}

func BenchmarkReaderQuoted(b *testing.B) {
	benchmarkReader(b, callRecords(true))
}

func BenchmarkEncodingCSVQuoted(b *testing.B) {
	benchmarkEncodingCSV(b, callRecords(true))
}
