package simulate_test

import (
	"math"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"github.com/pacta-dev/pacta/engine/simulate"
	"github.com/pacta-dev/pacta/engine/simulate/scenario"
)

// pool is a Sampler that copies pre-drawn terms, so that a benchmark
// measures the evaluation and not the drawing. Term r of a run is term
// r mod len(terms); the random stream picks nothing.
type pool struct {
	terms [][]float64
	slots []int
	mu    sync.Mutex
	next  int
}

func (s *pool) DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64) {
	s.mu.Lock()
	t := s.terms[s.next%len(s.terms)]
	s.next++
	s.mu.Unlock()
	copy(out, t)
}

func (s *pool) Measures() []int         { return s.slots }
func (s *pool) StdDev(slot int) float64 { return 0.02 }

// springfieldPool draws 64 terms of Springfield's six service-level
// measures, each normal around its target so that about one month in six
// fails, with some severe failures and streaks.
func springfieldPool() (*pool, int) {
	p, s, _ := springfieldReplay(&testing.T{})
	c := p.Contract()
	periods := c.Term.Len()
	rng := rand.New(rand.NewPCG(1, 2))
	out := &pool{slots: s.slots}
	for range 64 {
		term := make([]float64, periods*len(c.Measures))
		for i := range term {
			term[i] = math.NaN()
		}
		for i := 0; i < periods; i++ {
			for _, l := range c.Levels {
				d := draws[l.Name]
				term[i*len(c.Measures)+l.Inputs[0].Slot] = min(1, d.mean+d.sd*rng.NormFloat64())
			}
		}
		out.terms = append(out.terms, term)
	}
	return out, periods
}

// draws gives each Springfield measure a mean one standard deviation
// above its target, so each fails in about one month in six.
var draws = map[string]struct{ mean, sd float64 }{
	"csat": {0.87, 0.02}, "fcr": {0.78, 0.03}, "web_uptime": {0.9995, 0.0005},
	"calls_answered_45s": {0.83, 0.03}, "urgent_ack_4h": {0.965, 0.015}, "email_24h": {0.965, 0.015},
}

// targets and severe are Springfield's thresholds as fractions.
var (
	targets = map[string]float64{"csat": 0.85, "fcr": 0.75, "web_uptime": 0.999, "calls_answered_45s": 0.80, "urgent_ack_4h": 0.95, "email_24h": 0.95}
	severe  = map[string]float64{"csat": 0.75, "fcr": 0.65, "web_uptime": 0.99, "calls_answered_45s": 0.70, "urgent_ack_4h": 0.85, "email_24h": 0.85}
)

// BenchmarkSpringfield evaluates 10,000 runs of Springfield's 300-month
// term on 2 workers per iteration, with terms copied from a pool.
func BenchmarkSpringfield(b *testing.B) {
	p, _, _ := springfieldReplay(&testing.T{})
	s, periods := springfieldPool()
	const runs = 10_000
	cfg := simulate.Config{Program: p, Sampler: s, Runs: runs, Seed: 1, Periods: periods, Workers: 2}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := simulate.Run(cfg); err != nil {
			b.Fatal(err)
		}
	}
	months := float64(runs * periods)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/months, "ns/month")
	b.ReportMetric(runs*float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkSpringfieldScenario is BenchmarkSpringfield with the values
// drawn from the shipped scenario, so it adds the cost of drawing.
func BenchmarkSpringfieldScenario(b *testing.B) {
	p, _, _ := springfieldReplay(&testing.T{})
	c := p.Contract()
	var measures []scenario.MeasureInfo
	for _, m := range c.Measures {
		measures = append(measures, scenario.MeasureInfo{Name: m.Name, Unit: m.Unit, Computed: !m.Reported})
	}
	src, err := os.ReadFile("../../contracts/springfield.scenario")
	if err != nil {
		b.Fatal(err)
	}
	sc, errs := scenario.Parse("springfield.scenario", src, measures, nil, c.Term, nil)
	if errs != nil {
		b.Fatal(errs)
	}
	const runs = 10_000
	cfg := simulate.Config{Program: p, Sampler: sc.Sampler(), Runs: runs, Seed: 1, Periods: c.Term.Len(), Workers: 2}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := simulate.Run(cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(runs*float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkFloatFloor is the floor the kernel is measured against: a
// hand-written float64 loop over the same pool that applies Springfield's
// six targets, their severe thresholds, the ratchet streaks and the cap,
// with no explanations, no notices and no exact arithmetic. Its sum is
// checked so the compiler cannot drop the loop.
func BenchmarkFloatFloor(b *testing.B) {
	s, periods := springfieldPool()
	p, _, _ := springfieldReplay(&testing.T{})
	c := p.Contract()
	type lvl struct {
		slot, severeStreak int
		target, severe     float64
	}
	var levels []lvl
	for _, l := range c.Levels {
		levels = append(levels, lvl{slot: l.Inputs[0].Slot, target: targets[l.Name], severe: severe[l.Name]})
	}
	n := len(c.Measures)
	const runs = 10_000
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		sums := make([]float64, 2)
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ls := make([]lvl, len(levels))
				for r := w; r < runs; r += 2 {
					term := s.terms[r%len(s.terms)]
					copy(ls, levels)
					for i := 0; i < periods; i++ {
						total := 0.0
						for k := range ls {
							v := term[i*n+ls[k].slot]
							d := 0.0
							switch {
							case v < ls[k].severe:
								ls[k].severeStreak++
								d = 1250
								if ls[k].severeStreak >= 2 {
									d = 2500
								}
							case v < ls[k].target:
								ls[k].severeStreak = 0
								d = 625
							default:
								ls[k].severeStreak = 0
							}
							total += d
						}
						sums[w] += min(total, 12500)
					}
				}
			}()
		}
		wg.Wait()
		if sums[0]+sums[1] <= 0 {
			b.Fatal("the floor loop deducted nothing")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(runs*periods*len(levels)), "ns/check")
}
