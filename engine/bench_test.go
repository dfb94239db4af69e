package engine_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
)

// springfieldTerm writes 300 months of Springfield data, the whole
// 2026-01 to 2050-12 term. Values come from a fixed linear congruential
// sequence, so every run measures the same work, and spread around the
// targets so that met, minor and severe periods, ratchets, the cap and the
// notices all occur.
func springfieldTerm() string {
	var b strings.Builder
	// The last four columns are measures reported for information, which
	// no service level reads; they take fixed values.
	b.WriteString("period,csat,fcr,web_uptime,calls_answered_45s,urgent_ack_4h,email_24h,asa,web_ack,promoters,detractors\n")
	targets := []float64{85, 75, 99.9, 80, 95, 95}
	seed := uint32(1)
	next := func() uint32 {
		seed = seed*1664525 + 1013904223
		return seed >> 8
	}
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "%04d-%02d", 2026+i/12, i%12+1)
		for _, t := range targets {
			// Hundredths of a point between 12 below and 3 above target.
			offset := int(next()%1500) - 1200
			v := int(t*100) + offset
			if v > 10000 {
				v = 10000
			}
			fmt.Fprintf(&b, ",%d.%02d%%", v/100, v%100)
		}
		b.WriteString(",30s,90%,40%,20%\n")
	}
	return b.String()
}

func loadSpringfield(b *testing.B) (*engine.Program, *data.Table) {
	src, err := os.ReadFile("../contracts/springfield.pacta")
	if err != nil {
		b.Fatal(err)
	}
	prog, errs := engine.Load("springfield.pacta", src)
	if errs != nil {
		b.Fatal(errs)
	}
	table, errs := data.Read("term.csv", []byte(springfieldTerm()), prog.Schema())
	if errs != nil {
		b.Fatal(errs)
	}
	return prog, table
}

// BenchmarkEvalSpringfield300 evaluates the Springfield contract over its
// whole 300-month term, explanations and traces included.
func BenchmarkEvalSpringfield300(b *testing.B) {
	prog, table := loadSpringfield(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := prog.Evaluate(table, engine.Options{}); errs != nil {
			b.Fatal(errs)
		}
	}
}

// BenchmarkLoadSpringfield parses and checks the Springfield contract.
func BenchmarkLoadSpringfield(b *testing.B) {
	src, err := os.ReadFile("../contracts/springfield.pacta")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := engine.Load("springfield.pacta", src); errs != nil {
			b.Fatal(errs)
		}
	}
}

// BenchmarkReadSpringfield300 reads the 300-month CSV.
func BenchmarkReadSpringfield300(b *testing.B) {
	prog, _ := loadSpringfield(b)
	csv := []byte(springfieldTerm())
	b.ReportAllocs()
	b.SetBytes(int64(len(csv)))
	for b.Loop() {
		if _, errs := data.Read("term.csv", csv, prog.Schema()); errs != nil {
			b.Fatal(errs)
		}
	}
}

// TestBenchDataReads checks that the benchmarks' generated data still fits
// the contract, which a benchmark run alone would only find when run.
func TestBenchDataReads(t *testing.T) {
	src, err := os.ReadFile("../contracts/springfield.pacta")
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load("springfield.pacta", src)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	if _, errs := data.Read("term.csv", []byte(springfieldTerm()), prog.Schema()); errs != nil {
		t.Fatal(errs.Err())
	}
}
