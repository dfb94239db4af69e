package scenario_test

import (
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/simulate/scenario"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

const springfieldScenario = "../../../contracts/springfield.scenario"

// springfieldRequired are the measures that the service levels of
// contracts/springfield.pacta read.
var springfieldRequired = []string{"csat", "fcr", "web_uptime", "calls_answered_45s", "urgent_ack_4h", "email_24h"}

// springfield loads the shipped contract and returns its reported
// measures, its term and a history reader built on engine/data, as
// pacta simulate builds them.
func springfield(t testing.TB) ([]scenario.MeasureInfo, types.Term, scenario.History) {
	t.Helper()
	src, err := os.ReadFile("../../../contracts/springfield.pacta")
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load("springfield.pacta", src)
	if errs != nil {
		t.Fatalf("loading the contract failed:\n%s", errs.Error())
	}
	titles := map[string]string{}
	for _, m := range prog.Contract().Measures {
		titles[m.Name] = m.Title
	}
	schema := prog.Schema()
	var measures []scenario.MeasureInfo
	for _, c := range schema.Columns {
		measures = append(measures, scenario.MeasureInfo{Name: c.Name, Title: titles[c.Name], Unit: c.Unit})
	}
	return measures, prog.Contract().Term, historyReader(schema)
}

// historyReader reads a period data file with engine/data and returns
// its columns, with NaN for a value not reported.
func historyReader(schema data.Schema) scenario.History {
	return func(path string) (map[string][]float64, *diag.List) {
		src, err := os.ReadFile(path)
		if err != nil {
			var list diag.List
			list.Errorf(path, diag.Span{}, "failed to read the bootstrap data: %v", err)
			return nil, &list
		}
		table, errs := data.Read(path, src, schema)
		if errs != nil {
			return nil, errs
		}
		columns := map[string][]float64{}
		for j, c := range schema.Columns {
			column := make([]float64, len(table.Rows))
			for i, row := range table.Rows {
				column[i] = math.NaN()
				if cell := row.Cells[j]; !cell.Missing {
					column[i] = cell.Value.InexactFloat64()
				}
			}
			columns[c.Name] = column
		}
		return columns, nil
	}
}

func parseSpringfield(t *testing.T, src []byte) (*scenario.Sampler, []scenario.MeasureInfo, types.Term) {
	t.Helper()
	measures, term, history := springfield(t)
	sc, errs := scenario.Parse(springfieldScenario, src, measures, springfieldRequired, term, history)
	if errs != nil {
		t.Fatalf("Parse failed:\n%s", errs.Error())
	}
	return sc.Sampler(), measures, term
}

// TestSpringfieldScenario checks that the shipped scenario parses against
// the shipped contract and that its draws mostly meet the targets, with
// occasional misses and rare severe months.
func TestSpringfieldScenario(t *testing.T) {
	src, err := os.ReadFile(springfieldScenario)
	if err != nil {
		t.Fatal(err)
	}
	s, measures, term := parseSpringfield(t, src)

	slotOf := map[string]int{}
	for i, m := range measures {
		slotOf[m.Name] = i
	}
	var wantSlots []int
	for _, name := range springfieldRequired {
		wantSlots = append(wantSlots, slotOf[name])
	}
	slices.Sort(wantSlots)
	if got := s.Measures(); !slices.Equal(got, wantSlots) {
		t.Errorf("Measures() = %v, want the slots of the six measures that the service levels read, %v", got, wantSlots)
	}

	tests := []struct {
		name           string
		target, severe float64
	}{
		{"csat", 0.85, 0.75},
		{"fcr", 0.75, 0.65},
		{"web_uptime", 0.999, 0.99},
		{"calls_answered_45s", 0.80, 0.70},
		{"urgent_ack_4h", 0.95, 0.85},
		{"email_24h", 0.95, 0.85},
	}
	const terms = 200
	periods := term.Len()
	width := len(measures)
	out := make([]float64, periods*width)
	met := make([]int, len(tests))
	severe := make([]int, len(tests))
	for seed := range uint64(terms) {
		s.Draw(rand.New(rand.NewPCG(seed, 2)), periods, nil, out)
		for i, tt := range tests {
			slot := slotOf[tt.name]
			for p := range periods {
				v := out[p*width+slot]
				if v >= tt.target {
					met[i]++
				}
				if v < tt.severe {
					severe[i]++
				}
			}
		}
	}
	months := float64(terms * periods)
	for i, tt := range tests {
		share := float64(met[i]) / months
		if share < 0.80 || share > 0.99 {
			t.Errorf("%s meets its target in %.1f%% of months, want 80%% to 99%%", tt.name, 100*share)
		}
		if share := float64(severe[i]) / months; share > 0.05 {
			t.Errorf("%s is severe in %.1f%% of months, want at most 5%%", tt.name, 100*share)
		}
	}
}

var (
	commentedBootstrap = regexp.MustCompile(`(?m)^# (bootstrap:|  data:|  block:|  measures:)`)
	commentedShock     = regexp.MustCompile(`(?m)^(\s+)# (shock:)`)
)

// TestSpringfieldCommentedLines uncomments the example's shock and
// bootstrap, which must parse. The shock lowers email_24h by exactly 5
// points in 2030-06 to 2030-08 and changes nothing else, and the
// bootstrap replays asa from the shipped period data, which it finds
// relative to the scenario file.
func TestSpringfieldCommentedLines(t *testing.T) {
	src, err := os.ReadFile(springfieldScenario)
	if err != nil {
		t.Fatal(err)
	}
	withShock := commentedShock.ReplaceAllString(string(src), "$1$2")
	withBootstrap := commentedBootstrap.ReplaceAllString(string(src), "$1")
	if withShock == string(src) {
		t.Fatal("the example has no commented shock line")
	}
	if got := strings.Count(string(src), "\n#") - strings.Count(withBootstrap, "\n#"); got != 4 {
		t.Fatalf("uncommenting the bootstrap changed %d lines, want 4", got)
	}

	base, measures, term := parseSpringfield(t, src)
	shocked, _, _ := parseSpringfield(t, []byte(withShock))
	bootstrapped, _, _ := parseSpringfield(t, []byte(withBootstrap))

	slotOf := map[string]int{}
	for i, m := range measures {
		slotOf[m.Name] = i
	}
	periods, width := term.Len(), len(measures)
	draw := func(s *scenario.Sampler) []float64 {
		out := make([]float64, periods*width)
		s.Draw(rand.New(rand.NewPCG(3, 3)), periods, nil, out)
		return out
	}

	without, with := draw(base), draw(shocked)
	shockStart := types.NewPeriod(types.Monthly, 2030, 6).Sub(term.Start)
	for p := range periods {
		for slot := range width {
			i := p*width + slot
			want := without[i]
			if slot == slotOf["email_24h"] && p >= shockStart && p < shockStart+3 {
				want -= 0.05
			}
			if !sameFloat(with[i], want) {
				t.Fatalf("%s in month %d = %v with the shock, want %v", measures[slot].Name, p, with[i], want)
			}
		}
	}

	if got, want := len(bootstrapped.Measures()), len(measures); got != want {
		t.Errorf("with the bootstrap, the scenario models %d measures, want all %d", got, want)
	}
	replayed := draw(bootstrapped)
	asaHistory := []float64{36.4, 34.7, 40.8, 31.4, 36.6, 111.7, 104.0, 29.6, 32.4, 33.7, 37.0, 38.4}
	for p := range periods {
		if v := replayed[p*width+slotOf["asa"]]; !slices.Contains(asaHistory, v) {
			t.Fatalf("asa in month %d = %v, which is no value of the period data", p, v)
		}
	}
	if v := without[slotOf["asa"]]; !math.IsNaN(v) {
		t.Errorf("asa without the bootstrap = %v, want NaN", v)
	}
}

// BenchmarkDrawSpringfield draws one 300-month term of the shipped
// scenario per iteration.
func BenchmarkDrawSpringfield(b *testing.B) {
	src, err := os.ReadFile(springfieldScenario)
	if err != nil {
		b.Fatal(err)
	}
	measures, term, history := springfield(b)
	sc, errs := scenario.Parse(springfieldScenario, src, measures, springfieldRequired, term, history)
	if errs != nil {
		b.Fatal(errs.Error())
	}
	s := sc.Sampler()
	out := make([]float64, term.Len()*len(measures))
	rng := rand.New(rand.NewPCG(1, 1))
	for b.Loop() {
		s.Draw(rng, term.Len(), nil, out)
	}
}

// TestDocExample parses the full example of docs/simulate.md against the
// shipped contract, as if it stood in contracts/, where its data: path
// points at the shipped period data.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/simulate.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start := strings.Index(text, "```yaml\n")
	if start < 0 {
		t.Fatal("docs/simulate.md has no yaml example")
	}
	text = text[start+len("```yaml\n"):]
	example := text[:strings.Index(text, "```")]

	measures, term, history := springfield(t)
	sc, errs := scenario.Parse("../../../contracts/example.scenario", []byte(example), measures, springfieldRequired, term, history)
	if errs != nil {
		t.Fatalf("the example of docs/simulate.md does not parse:\n%s", errs.Error())
	}
	if got, want := len(sc.Sampler().Measures()), len(measures); got != want {
		t.Errorf("the example models %d measures, want all %d", got, want)
	}
	if sc.Title != "Springfield, every key" {
		t.Errorf("Title = %q, want %q", sc.Title, "Springfield, every key")
	}
}
