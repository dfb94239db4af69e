package scenario_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/pacta-dev/pacta/engine/simulate/scenario"
	"github.com/pacta-dev/pacta/lang/types"
	"golang.org/x/tools/txtar"
)

// fuzzMeasures are the reported measures of contracts/springfield.pacta
// in slot order, written out so that the fuzz target does not load the
// contract on every input.
var fuzzMeasures = []scenario.MeasureInfo{
	{Name: "calls_answered_45s", Unit: types.Percent},
	{Name: "asa", Unit: types.Duration},
	{Name: "urgent_ack_4h", Unit: types.Percent},
	{Name: "email_24h", Unit: types.Percent},
	{Name: "web_ack", Unit: types.Percent},
	{Name: "web_uptime", Unit: types.Percent},
	{Name: "csat", Unit: types.Percent},
	{Name: "promoters", Unit: types.Percent},
	{Name: "detractors", Unit: types.Percent},
	{Name: "fcr", Unit: types.Percent},
	{Name: "backlog", Unit: types.Count},
}

// FuzzParse checks that Parse never panics, that it returns either a
// scenario or errors, and that a scenario it accepts draws values in
// range or NaN.
func FuzzParse(f *testing.F) {
	if src, err := os.ReadFile(springfieldScenario); err == nil {
		f.Add(src)
	}
	f.Add([]byte(fullScenario))
	paths, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, path := range paths {
		archive, err := txtar.ParseFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range archive.Files {
			if file.Name == "test.scenario" {
				f.Add(file.Data)
			}
		}
	}

	f.Fuzz(func(t *testing.T, src []byte) {
		measures := append(fuzzMeasures, testMeasures...)
		sc, errs := scenario.Parse("fuzz.scenario", src, measures, nil, testTerm, testHistory)
		if (sc == nil) == (errs == nil) {
			t.Fatalf("Parse returned scenario %v and errors %v; want exactly one", sc, errs)
		}
		if sc == nil {
			if !errs.HasErrors() {
				t.Fatal("Parse returned no scenario and a list without errors")
			}
			return
		}

		s := sc.Sampler()
		const periods = 30
		out := make([]float64, periods*len(measures))
		s.Draw(rand.New(rand.NewPCG(1, 2)), periods, nil, out)
		for i, v := range out {
			unit := measures[i%len(measures)].Unit
			if math.IsNaN(v) {
				continue
			}
			if v < 0 || math.IsInf(v, 0) || (unit == types.Percent && v > 1) {
				t.Fatalf("%s in period %d = %v, outside its unit's range", measures[i%len(measures)].Name, i/len(measures), v)
			}
		}
		for _, slot := range s.Measures() {
			if sd := s.StdDev(slot); math.IsNaN(sd) || sd < 0 {
				t.Fatalf("StdDev(%d) = %v for a modelled measure", slot, sd)
			}
		}
	})
}
