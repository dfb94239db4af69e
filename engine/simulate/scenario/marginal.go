package scenario

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// marginal is the distribution of one measure's value in one month. Each
// kind maps a uniform u in [0, 1) to a value with its quantile function
// (inverse CDF), so that a Gaussian copula or an AR(1) latent process can
// drive any kind. Values are in the measure's canonical scale.
type marginal interface {
	quantile(u float64) float64
	mean() float64
	stdDev() float64
	// random reports whether the marginal needs a uniform, which only a
	// fixed value does not.
	random() bool
}

// fixedMarginal is a constant value.
type fixedMarginal struct{ value float64 }

func (m fixedMarginal) quantile(float64) float64 { return m.value }
func (m fixedMarginal) mean() float64            { return m.value }
func (m fixedMarginal) stdDev() float64          { return 0 }
func (m fixedMarginal) random() bool             { return false }

// normalMarginal is a normal distribution N(mu, sigma²) truncated to the
// measure's range [lo, hi]. The quantile maps u into [Φ(a), Φ(b)], with a
// and b the standardized bounds, so the draw is a proper truncated normal
// from one uniform and never needs a redraw.
type normalMarginal struct {
	mu, sigma float64
	lo, hi    float64
	// cdfLo and cdfHi are Φ(a) and Φ(b).
	cdfLo, cdfHi float64
	// truncMean and truncSD are the moments of the truncated distribution.
	truncMean, truncSD float64
}

func newNormal(mu, sigma, lo, hi float64) *normalMarginal {
	m := &normalMarginal{mu: mu, sigma: sigma, lo: lo, hi: hi}
	a, b := (lo-mu)/sigma, (hi-mu)/sigma
	m.cdfLo, m.cdfHi = normalCDF(a), normalCDF(b)
	m.truncMean, m.truncSD = truncatedMoments(mu, sigma, a, b)
	return m
}

func (m *normalMarginal) quantile(u float64) float64 {
	p := m.cdfLo + u*(m.cdfHi-m.cdfLo)
	// Keep p inside (0, 1) so that the quantile stays finite when u is at
	// the edge of its range or the bound is deep in a tail. The clamp to
	// [lo, hi] below then catches rounding at the bounds.
	p = min(max(p, math.SmallestNonzeroFloat64), 1-0x1p-53)
	x := m.mu + m.sigma*mathext.NormalQuantile(p)
	return min(max(x, m.lo), m.hi)
}

func (m *normalMarginal) mean() float64   { return m.truncMean }
func (m *normalMarginal) stdDev() float64 { return m.truncSD }
func (m *normalMarginal) random() bool    { return true }

// truncatedMoments returns the mean and standard deviation of N(mu, sigma²)
// truncated to the standardized bounds [a, b], where b may be +Inf.
func truncatedMoments(mu, sigma, a, b float64) (mean, sd float64) {
	z := normalCDF(b) - normalCDF(a)
	if z <= 0 {
		// The interval has no mass in float64, which a mean inside the
		// range rules out, so this only guards the division.
		return mu, 0
	}
	pa, pb := normalPDF(a), normalPDF(b)
	apa, bpb := a*pa, b*pb
	if math.IsInf(a, 0) {
		apa = 0
	}
	if math.IsInf(b, 0) {
		bpb = 0
	}
	ratio := (pa - pb) / z
	variance := 1 + (apa-bpb)/z - ratio*ratio
	return mu + sigma*ratio, sigma * math.Sqrt(max(variance, 0))
}

func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func normalPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

// betaMarginal is a beta distribution scaled to [lo, hi], set by its mean
// and standard deviation.
type betaMarginal struct {
	// dist is Beta(α, β) and mirror is Beta(β, α), the distribution of
	// 1 - X.
	dist, mirror distuv.Beta
	lo, hi       float64
	meanValue    float64
	sdValue      float64
	// table holds the quantile at u = Φ(z) for z on a grid. exact[i] is
	// true for a step of the grid in which interpolating would be less
	// accurate than tableTolerance, so the quantile is computed there.
	table []float64
	exact []bool
}

// The quantile table spans z in [-tableZ, tableZ] in steps of
// 1/tableSteps. Outside it (u below about 1e-16) the quantile is computed
// exactly. The incomplete beta function costs about a microsecond a call,
// which made the beta the cost of a whole simulation; the table costs tens
// of nanoseconds.
const (
	tableZ     = 8.0
	tableSteps = 256
	// tableTolerance is the largest interpolation error a step of the
	// table may have, as a fraction of the range, measured at the midpoint
	// of every step when the table is built. Simulated percents keep 1e-6
	// of a fraction, so the table changes a value by at most one step of
	// that, and only for a value within 5e-8 of a rounding boundary.
	tableTolerance = 5e-8
)

// maxBetaShape is the largest sum of the shape parameters α+β that a beta
// may have. α+β+1 is mean(1-mean)/sd² on the unit range, so the limit is
// a smallest sd. Up to it, TestBetaQuantileTails finds the quantiles
// right in both tails. Beyond it, gonum's inverse (v0.17.0) loses 5% of
// the SD at 1e7 and returns NaN near 1e17, and nothing has checked the
// CDF that would correct it there.
const maxBetaShape = 1e6

// betaTolerance is the relative error of a tail probability that
// betaLowerQuantile accepts from gonum's inverse before it searches.
const betaTolerance = 1e-7

// betaShapes returns α and β of the beta on the unit range with mean mu
// and standard deviation sigma.
func betaShapes(mu, sigma float64) (alpha, beta float64) {
	common := mu*(1-mu)/(sigma*sigma) - 1
	return mu * common, (1 - mu) * common
}

func newBeta(mean, sd, lo, hi float64) *betaMarginal {
	alpha, beta := betaShapes((mean-lo)/(hi-lo), sd/(hi-lo))
	m := &betaMarginal{
		dist:      distuv.Beta{Alpha: alpha, Beta: beta},
		mirror:    distuv.Beta{Alpha: beta, Beta: alpha},
		lo:        lo,
		hi:        hi,
		meanValue: mean,
		sdValue:   sd,
	}
	m.buildTable()
	return m
}

// buildTable tabulates the quantile over the z grid and checks the
// interpolation at the midpoint of every step against the exact quantile.
// A step whose midpoint misses by more than tableTolerance is marked
// exact: steps deep in a tail next to a bound, or every step of a shape
// with a sharp bend, such as α or β below 1.
func (m *betaMarginal) buildTable() {
	n := int(2*tableZ*tableSteps) + 1
	m.table = make([]float64, n)
	m.exact = make([]bool, n-1)
	for i := range m.table {
		m.table[i] = m.exactQuantile(normalCDF(-tableZ + float64(i)/tableSteps))
	}
	limit := tableTolerance * (m.hi - m.lo)
	for i := range m.exact {
		mid := m.exactQuantile(normalCDF(-tableZ + (float64(i)+0.5)/tableSteps))
		m.exact[i] = !(math.Abs(mid-(m.table[i]+m.table[i+1])/2) <= limit)
	}
}

// quantile interpolates the table linearly in z = Φ⁻¹(u), where the
// quantile is nearly a straight line, and falls back to the exact quantile
// outside the table.
func (m *betaMarginal) quantile(u float64) float64 {
	z := mathext.NormalQuantile(min(max(u, math.SmallestNonzeroFloat64), 1-0x1p-53))
	pos := (z + tableZ) * tableSteps
	if !(pos >= 0 && pos < float64(len(m.exact))) || m.exact[int(pos)] {
		return m.exactQuantile(u)
	}
	i := int(pos)
	frac := pos - float64(i)
	return m.table[i] + frac*(m.table[i+1]-m.table[i])
}

// exactQuantile computes each quantile in a lower tail, which the
// incomplete beta function resolves better than an upper one: the
// quantile of X at u ≤ 1/2, or 1 minus the quantile of 1 - X at 1 - u.
func (m *betaMarginal) exactQuantile(u float64) float64 {
	u = min(max(u, 0), 1)
	var x float64
	if u <= 0.5 {
		x = m.lo + (m.hi-m.lo)*betaLowerQuantile(m.dist, u)
	} else {
		x = m.hi - (m.hi-m.lo)*betaLowerQuantile(m.mirror, 1-u)
	}
	return min(max(x, m.lo), m.hi)
}

func (m *betaMarginal) mean() float64   { return m.meanValue }
func (m *betaMarginal) stdDev() float64 { return m.sdValue }
func (m *betaMarginal) random() bool    { return true }

// betaLowerQuantile returns the x in [0, 1] with CDF(x) = p, for p ≤ 1/2.
// gonum's inverse (v0.17.0) misses in the tails of some shapes, such as
// the lower tail of Beta(1e5, 1), where it returns 0.94 for p = 1e-6. So
// its answer is checked against the CDF, and when it misses by more than
// betaTolerance, a binary search over the float64 values in [0, 1] finds
// the smallest x with CDF(x) ≥ p, in at most 64 steps.
func betaLowerQuantile(d distuv.Beta, p float64) float64 {
	if p <= 0 {
		return 0
	}
	x := d.Quantile(p)
	if x >= 0 && x <= 1 && math.Abs(d.CDF(x)-p) <= betaTolerance*p {
		return x
	}

	lo, hi := uint64(0), math.Float64bits(1)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if d.CDF(math.Float64frombits(mid)) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Float64frombits(hi)
}

// triangularMarginal is the triangular distribution on [low, high] with
// its peak at mode.
type triangularMarginal struct{ low, mode, high float64 }

func (m triangularMarginal) quantile(u float64) float64 {
	width := m.high - m.low
	if u < (m.mode-m.low)/width {
		return m.low + math.Sqrt(u*width*(m.mode-m.low))
	}
	return m.high - math.Sqrt((1-u)*width*(m.high-m.mode))
}

func (m triangularMarginal) mean() float64 { return (m.low + m.mode + m.high) / 3 }

func (m triangularMarginal) stdDev() float64 {
	a, c, b := m.low, m.mode, m.high
	return math.Sqrt((a*a + b*b + c*c - a*b - a*c - b*c) / 18)
}

func (m triangularMarginal) random() bool { return true }

// discreteMarginal takes one of a few values with given probabilities.
type discreteMarginal struct {
	values []float64
	// cumulative[i] is the probability of values[0] to values[i]. The
	// last entry is exactly 1, so every u in [0, 1) finds a value.
	cumulative []float64
}

func newDiscrete(values, probs []float64) *discreteMarginal {
	m := &discreteMarginal{values: values, cumulative: make([]float64, len(probs))}
	sum := 0.0
	for i, p := range probs {
		sum += p
		m.cumulative[i] = sum
	}
	m.cumulative[len(probs)-1] = 1
	return m
}

func (m *discreteMarginal) quantile(u float64) float64 {
	for i, c := range m.cumulative {
		if u < c {
			return m.values[i]
		}
	}
	return m.values[len(m.values)-1]
}

func (m *discreteMarginal) mean() float64 {
	mean, prev := 0.0, 0.0
	for i, c := range m.cumulative {
		mean += (c - prev) * m.values[i]
		prev = c
	}
	return mean
}

func (m *discreteMarginal) stdDev() float64 {
	mean := m.mean()
	variance, prev := 0.0, 0.0
	for i, c := range m.cumulative {
		d := m.values[i] - mean
		variance += (c - prev) * d * d
		prev = c
	}
	return math.Sqrt(variance)
}

func (m *discreteMarginal) random() bool { return true }
