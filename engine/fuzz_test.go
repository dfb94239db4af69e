package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/lang/types"
	"golang.org/x/tools/txtar"
)

// valuePools holds data cells per unit, the empty cell (not reported)
// included, so that generated data reaches boundaries, failures and
// missing values.
var valuePools = map[types.Unit][]string{
	types.Percent:  {"0%", "50%", "74.99%", "75%", "85%", "99.9%", "100%", ""},
	types.Count:    {"0", "1", "10", "1000", ""},
	types.Duration: {"0s", "30s", "1min", "4h", ""},
	types.Money:    {"0.00", "100.00", "12500.00", ""},
	types.Number:   {"-1", "0", "0.5", "3", ""},
}

// generatedData writes periods rows of data for the program's schema,
// starting at the contract's first period, with cells picked from
// valuePools by seed.
func generatedData(s data.Schema, seed uint8, periods int) string {
	var b strings.Builder
	b.WriteString("period")
	for _, c := range s.Columns {
		b.WriteString("," + c.Name)
	}
	b.WriteString("\n")
	for row := 0; row < periods; row++ {
		p := s.Term.Start.Add(row)
		if !s.Term.Contains(p) {
			break
		}
		b.WriteString(p.String())
		for col, c := range s.Columns {
			pool := valuePools[c.Unit]
			b.WriteString("," + pool[(int(seed)+row*7+col*3)%len(pool)])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FuzzEvaluate checks that any contract that loads evaluates over generated
// data without a panic, and returns a result or errors, never both and
// never neither.
func FuzzEvaluate(f *testing.F) {
	seeds, _ := filepath.Glob("../contracts/*.pacta")
	for _, path := range seeds {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src, uint8(0))
		}
	}
	archives, _ := filepath.Glob("../testdata/engine/*.txtar")
	for _, path := range archives {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			continue
		}
		for _, file := range ar.Files {
			if file.Name == "contract.pacta" {
				f.Add(file.Data, uint8(len(path)))
			}
		}
	}

	f.Fuzz(func(t *testing.T, src []byte, seed uint8) {
		prog, errs := engine.Load("fuzz.pacta", src)
		if prog == nil {
			if errs == nil || !errs.HasErrors() {
				t.Fatal("Load returned neither a program nor errors")
			}
			return
		}
		table, errs := data.Read("fuzz.csv", []byte(generatedData(prog.Schema(), seed, 14)), prog.Schema())
		if errs != nil {
			// A contract may declare a term or columns that generated data
			// cannot satisfy; that is the reader's business, not a bug.
			return
		}
		res, errs := prog.Evaluate(table, engine.Options{})
		if (res == nil) == (errs == nil) {
			t.Fatalf("Evaluate returned result %v and errors %v", res != nil, errs)
		}
	})
}
