package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/pacta-dev/pacta/lang/types"
)

// Sampler draws simulated terms of monthly values from a scenario. It is
// immutable after Parse, so several goroutines may call Draw at once, each
// with its own *rand.Rand.
type Sampler struct {
	// width is the number of the contract's reported measures, the row
	// length of Draw's output.
	width          int
	periodsPerYear float64
	// models are the modelled measures in slot order, and bySlot maps a
	// slot to its model or nil.
	models []*model
	bySlot []*model

	// regimes, latent and uniform list the models that take a regime
	// uniform, a latent normal and a uniform of their own each period,
	// in slot order. A model's regimeIndex, latentIndex and
	// uniformIndex are its position in these lists.
	regimes []*model
	latent  []*model
	uniform []*model

	// correlated holds the latent indexes of the correlation's measures
	// in slot order, and factor its factor in the same order.
	correlated []int
	factor     [][]float64

	// block and rows are the bootstrap's block length and the number of
	// rows of its data. block is 0 when no measure is bootstrapped.
	block, rows int
}

func newSampler(models []*model, inCorrelation []bool, c *correlation, b *bootstrapSpec, term types.Term) *Sampler {
	s := &Sampler{
		width:          len(models),
		periodsPerYear: float64(term.Start.Gran.PerYear()),
		bySlot:         models,
	}
	for slot, m := range models {
		if m == nil {
			continue
		}
		s.models = append(s.models, m)
		m.regimeIndex, m.latentIndex, m.uniformIndex = -1, -1, -1
		if m.kind == kindRegime {
			m.regimeIndex = len(s.regimes)
			s.regimes = append(s.regimes, m)
		}
		if m.latent(inCorrelation[slot]) {
			m.latentIndex = len(s.latent)
			s.latent = append(s.latent, m)
		}
		if m.needsUniform(inCorrelation[slot]) {
			m.uniformIndex = len(s.uniform)
			s.uniform = append(s.uniform, m)
		}
		if m.kind == kindBootstrap {
			s.block, s.rows = b.block, b.rows
		}
	}
	if c != nil {
		for _, slot := range c.slots {
			s.correlated = append(s.correlated, models[slot].latentIndex)
		}
		s.factor = c.factor
	}
	return s
}

// Measures returns the slots of the measures that the scenario models, in
// ascending order.
func (s *Sampler) Measures() []int {
	slots := make([]int, len(s.models))
	for i, m := range s.models {
		slots[i] = m.slot
	}
	return slots
}

// StdDev returns the standard deviation of the monthly marginal of the
// measure in slot, before trend, shock and clamp. It is the analytic value
// for a marginal and the SD of the stationary mixture of a regime's two
// states. A bootstrap gives the sample SD of its history, a fixed value 0,
// and a measure that the scenario does not model NaN.
func (s *Sampler) StdDev(slot int) float64 {
	if slot < 0 || slot >= len(s.bySlot) || s.bySlot[slot] == nil {
		return math.NaN()
	}
	return s.bySlot[slot].stdDev()
}

// Draw fills out with one simulated term of periods months, row by row:
// out[p*len(measures)+slot] is the value of the measure in slot in period
// p, counted from 0 at the start of the contract term. A measure that the
// scenario does not model gets NaN, which means a missing value, and so
// does a bootstrapped month whose history has no value.
//
// shift, when not nil, has one entry per measure, which is added to the
// measure's value after trend and shock and before the clamp to its
// range. Draw takes the same random numbers from rng with or without
// shift, so that runs with and without it differ only by the shift.
//
// Draw takes its random numbers in a fixed order. First, one Float64 per
// bootstrap block picks each block's start. Then, for each period: one
// Float64 per regime, in slot order; one NormFloat64 per latent normal,
// in slot order; and one Float64 per measure that draws its own uniform,
// in slot order.
//
// Draw panics when out or shift has the wrong length.
func (s *Sampler) Draw(rng *rand.Rand, periods int, shift []float64, out []float64) {
	s.DrawFrom(rng, 0, periods, shift, out)
}

// DrawFrom is Draw for a run that starts first periods after the start of
// the contract term, such as a run of pacta simulate --from. Then
// out[p*len(measures)+slot] is the value in period first+p of the term,
// which places the trends and shocks. The regimes, the AR(1) processes and
// the bootstrap blocks start afresh in the first drawn period, as in Draw.
func (s *Sampler) DrawFrom(rng *rand.Rand, first, periods int, shift []float64, out []float64) {
	if first < 0 {
		panic(fmt.Sprintf("scenario: DrawFrom first period %d is before the start of the term", first))
	}
	if periods < 0 || len(out) != periods*s.width {
		panic(fmt.Sprintf("scenario: Draw output has length %d, want periods × measures = %d × %d", len(out), periods, s.width))
	}
	if shift != nil && len(shift) != s.width {
		panic(fmt.Sprintf("scenario: Draw shift has length %d, want one entry per measure, %d", len(shift), s.width))
	}
	for i := range out {
		out[i] = math.NaN()
	}

	starts := s.blockStarts(rng, periods)
	degraded := make([]bool, len(s.regimes))
	normals := make([]float64, len(s.latent))
	latent := make([]float64, len(s.latent))
	correlated := make([]float64, len(s.correlated))
	uniforms := make([]float64, len(s.uniform))

	for p := range periods {
		for i, m := range s.regimes {
			degraded[i] = m.regime.next(p, degraded[i], rng.Float64())
		}

		for i := range normals {
			normals[i] = rng.NormFloat64()
		}
		s.correlate(normals, correlated)
		for i, m := range s.latent {
			if p == 0 {
				// The first period starts the AR(1) process in its
				// stationary distribution, N(0, 1).
				latent[i] = normals[i]
			} else {
				latent[i] = m.ar1*latent[i] + math.Sqrt(1-m.ar1*m.ar1)*normals[i]
			}
		}

		for i := range uniforms {
			uniforms[i] = rng.Float64()
		}

		row := out[p*s.width : (p+1)*s.width]
		for _, m := range s.models {
			v := s.base(m, p, starts, degraded, latent, uniforms)
			v += m.adjustment(first+p, s.periodsPerYear)
			if shift != nil {
				v += shift[m.slot]
			}
			// NaN, a missing bootstrapped value, fails both tests and
			// stays NaN.
			if v < m.lo {
				v = m.lo
			} else if v > m.hi {
				v = m.hi
			}
			row[m.slot] = v
		}
	}
}

// blockStarts draws the first history row of each bootstrap block of a
// term, uniformly over the rows where a whole block fits.
func (s *Sampler) blockStarts(rng *rand.Rand, periods int) []int {
	if s.block == 0 {
		return nil
	}
	valid := s.rows - s.block + 1
	starts := make([]int, (periods+s.block-1)/s.block)
	for i := range starts {
		starts[i] = min(int(rng.Float64()*float64(valid)), valid-1)
	}
	return starts
}

// correlate replaces the normals of the correlation's measures with
// F·n, where n are those normals in slot order, so that they have the
// correlation matrix F·Fᵀ. scratch has one entry per measure of the
// correlation.
func (s *Sampler) correlate(normals, scratch []float64) {
	for i := range s.correlated {
		sum := 0.0
		for j, index := range s.correlated {
			sum += s.factor[i][j] * normals[index]
		}
		scratch[i] = sum
	}
	for i, index := range s.correlated {
		normals[index] = scratch[i]
	}
}

// base returns a measure's value in period p before trend, shock, shift
// and clamp.
func (s *Sampler) base(m *model, p int, starts []int, degraded []bool, latent, uniforms []float64) float64 {
	if m.kind == kindBootstrap {
		row := starts[p/s.block] + p%s.block
		return m.history[row]
	}

	var u float64
	switch {
	case m.latentIndex >= 0:
		u = normalCDF(latent[m.latentIndex])
	case m.uniformIndex >= 0:
		u = uniforms[m.uniformIndex]
	}
	if m.kind == kindRegime {
		if degraded[m.regimeIndex] {
			return m.regime.degraded.quantile(u)
		}
		return m.regime.normal.quantile(u)
	}
	return m.marginal.quantile(u)
}
