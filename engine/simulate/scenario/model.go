package scenario

import (
	"math"

	"github.com/pacta-dev/pacta/lang/types"
)

// kind is how a measure's monthly value arises.
type kind int

const (
	kindFixed kind = iota + 1
	kindMarginal
	kindRegime
	kindBootstrap
)

// model is the parsed model of one measure.
type model struct {
	slot int
	name string
	unit types.Unit
	kind kind

	// marginal is the distribution of kindFixed and kindMarginal.
	marginal marginal
	// regime is set for kindRegime.
	regime *regime
	// history is the measure's column of the bootstrap data, for
	// kindBootstrap. NaN marks a month without a reported value.
	history []float64

	// ar1 is the AR(1) coefficient of the latent normal, and hasAR1 is
	// true when the scenario gives one.
	ar1    float64
	hasAR1 bool

	// trendPerYear is the change per contract year, during the first
	// trendYears years (+Inf when the trend lasts the whole term).
	trendPerYear float64
	trendYears   float64
	shocks       []shock

	// lo and hi are the measure's range, which truncates the marginals
	// and clamps the final value.
	lo, hi float64

	// Indexes into the per-period random numbers of a draw, set by
	// newSampler, or -1 when the measure takes none of that kind.
	regimeIndex  int
	latentIndex  int
	uniformIndex int
}

// latent reports whether the measure's uniform comes from a latent
// normal, because it has an AR(1) coefficient or is in the correlation.
func (m *model) latent(inCorrelation bool) bool {
	if m.kind != kindMarginal && m.kind != kindRegime {
		return false
	}
	return m.hasAR1 || inCorrelation
}

// needsUniform reports whether the measure takes a uniform of its own
// each month, because it is random and has no latent normal.
func (m *model) needsUniform(inCorrelation bool) bool {
	switch m.kind {
	case kindMarginal:
		return m.marginal.random() && !m.latent(inCorrelation)
	case kindRegime:
		return !m.latent(inCorrelation)
	}
	return false
}

// adjustment returns the trend and shock change of period p, counted
// from 0 at the start of the term.
func (m *model) adjustment(p int, periodsPerYear float64) float64 {
	change := 0.0
	if m.trendPerYear != 0 {
		change += m.trendPerYear * min(float64(p)/periodsPerYear, m.trendYears)
	}
	for _, s := range m.shocks {
		if p >= s.first && p <= s.last {
			change += s.change
		}
	}
	return change
}

// stdDev returns the standard deviation of the monthly marginal, before
// trend, shock and clamp.
func (m *model) stdDev() float64 {
	switch m.kind {
	case kindFixed, kindMarginal:
		return m.marginal.stdDev()
	case kindRegime:
		return m.regime.stdDev()
	case kindBootstrap:
		return sampleStdDev(m.history)
	}
	return math.NaN()
}

// startState is the state of a regime in the first period of the term.
type startState int

const (
	startNormal startState = iota
	startDegraded
	startStationary
)

var startWords = []string{"normal", "degraded", "stationary"}

// regime is a two-state Markov chain of normal and degraded months, each
// with its own marginal.
type regime struct {
	normal, degraded   marginal
	pDegrade, pRecover float64
	start              startState
	stationaryDegraded float64
}

// newRegime computes the stationary share of degraded months,
// p_degrade / (p_degrade + p_recover). A chain that never moves keeps its
// start state, and newRegime's caller rejects a stationary start then.
func newRegime(normal, degraded marginal, pDegrade, pRecover float64, start startState) *regime {
	g := &regime{normal: normal, degraded: degraded, pDegrade: pDegrade, pRecover: pRecover, start: start}
	switch {
	case pDegrade+pRecover > 0:
		g.stationaryDegraded = pDegrade / (pDegrade + pRecover)
	case start == startDegraded:
		g.stationaryDegraded = 1
	}
	return g
}

// next returns whether period p is degraded, given whether period p-1
// was and one uniform u. In period 0 u picks the start state when the
// regime starts stationary and is unused otherwise.
func (g *regime) next(p int, degraded bool, u float64) bool {
	if p == 0 {
		switch g.start {
		case startDegraded:
			return true
		case startStationary:
			return u < g.stationaryDegraded
		}
		return false
	}
	if degraded {
		return u >= g.pRecover
	}
	return u < g.pDegrade
}

// stdDev returns the standard deviation of the stationary mixture of the
// two states' marginals.
func (g *regime) stdDev() float64 {
	w := g.stationaryDegraded
	mn, md := g.normal.mean(), g.degraded.mean()
	sn, sd := g.normal.stdDev(), g.degraded.stdDev()
	mean := (1-w)*mn + w*md
	second := (1-w)*(sn*sn+mn*mn) + w*(sd*sd+md*md)
	return math.Sqrt(max(second-mean*mean, 0))
}

// shock is a change added to the periods first to last, counted from 0
// at the start of the term.
type shock struct {
	first, last int
	change      float64
}

// sampleStdDev returns the sample standard deviation (n-1 in the
// denominator) of the values that are not NaN, or 0 for fewer than two.
func sampleStdDev(values []float64) float64 {
	n, sum := 0, 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			n++
			sum += v
		}
	}
	if n < 2 {
		return 0
	}
	mean := sum / float64(n)
	squares := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			squares += (v - mean) * (v - mean)
		}
	}
	return math.Sqrt(squares / float64(n-1))
}

// unitRange returns the range of a measure of unit u: [0, 1] for a
// percent and [0, +Inf) otherwise.
func unitRange(u types.Unit) (lo, hi float64) {
	if u == types.Percent {
		return 0, 1
	}
	return 0, math.Inf(1)
}
