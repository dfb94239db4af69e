package scenario

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/mat"
)

// correlation is the Gaussian copula over some measures: the factor F of
// their correlation matrix C (F·Fᵀ = C), both in slot order.
type correlation struct {
	slots  []int
	factor [][]float64
}

// psdTolerance is how far below zero the smallest eigenvalue of a
// correlation matrix may be, so that a singular matrix written with
// rounded decimals still passes.
const psdTolerance = 1e-10

// symmetryTolerance is how far two mirrored entries may differ.
const symmetryTolerance = 1e-12

// parseCorrelation reads the correlation: section and factors its matrix.
func (p *parser) parseCorrelation(n *yaml.Node) {
	_, entries, ok := p.mapping(n, "correlation", []string{"measures", "matrix"})
	if !ok {
		return
	}
	measuresEntry, hasMeasures := entries["measures"]
	matrixEntry, hasMatrix := entries["matrix"]
	if !hasMeasures || !hasMatrix {
		missing := "measures"
		if hasMeasures {
			missing = "matrix"
		}
		p.missing(n, "correlation has no %s; write it as correlation: {measures: [csat, fcr], matrix: [[1, 0.5], [0.5, 1]]}", missing)
		return
	}

	slots, ok := p.correlationMeasures(measuresEntry.value)
	if !ok {
		return
	}
	matrix, ok := p.correlationMatrix(matrixEntry.value, len(slots))
	if !ok {
		return
	}

	// Reorder the matrix to slot order, the order in which a draw takes
	// the normals.
	order := make([]int, len(slots))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return slots[order[a]] < slots[order[b]] })
	k := len(slots)
	sorted := mat.NewSymDense(k, nil)
	c := &correlation{slots: make([]int, k)}
	for a, i := range order {
		c.slots[a] = slots[i]
		for b, j := range order {
			sorted.SetSym(a, b, matrix[i][j])
		}
	}

	factor, smallest, ok := factorize(sorted)
	if !ok {
		scale := 1 / (1 - smallest)
		p.errorf(matrixEntry.value, "correlation matrix is not positive semi-definite: its smallest eigenvalue is %s, so no measures can have these correlations together; lower the off-diagonal entries, for example multiply each by %s or less",
			strconv.FormatFloat(smallest, 'g', 4, 64), strconv.FormatFloat(math.Floor(scale*1000)/1000, 'f', -1, 64))
		return
	}
	c.factor = factor
	p.correlation = c
	for _, slot := range c.slots {
		p.inCorrelation[slot] = true
	}
}

// correlationMeasures reads the measures of the correlation, each of
// which must have a random marginal or a regime.
func (p *parser) correlationMeasures(n *yaml.Node) ([]int, bool) {
	items, ok := p.sequence(n, "measures of correlation", "measures: [csat, fcr]")
	if !ok {
		return nil, false
	}
	seen := map[int]*yaml.Node{}
	var slots []int
	for _, item := range items {
		name, valid := p.scalar(item, "measure of correlation", "csat")
		if !valid {
			ok = false
			continue
		}
		slot, known := p.slots[name]
		if !known {
			d := p.errorf(item, "unknown measure %s in the correlation; the contract reports %s", types.Quote(name), strings.Join(p.reported, ", "))
			d.Hint = diag.DidYouMean(name, p.reported)
			ok = false
			continue
		}
		if first := seen[slot]; first != nil {
			p.errorf(item, "measure %s is in the correlation twice, first %s; remove one of them", types.Quote(name), firstAt(first, item))
			ok = false
			continue
		}
		seen[slot] = item
		slots = append(slots, slot)

		m := p.models[slot]
		switch {
		case m == nil && p.entries[slot] != nil:
			// The entry has errors, which are reported already.
			ok = false
		case m == nil:
			p.errorf(item, "measure %s is in the correlation but not modelled; add it under measures: with a marginal", types.Quote(name))
			ok = false
		case m.kind == kindFixed:
			p.errorf(item, "measure %s is in the correlation but has a fixed value, which cannot correlate; remove it from the correlation", types.Quote(name))
			ok = false
		case m.kind == kindBootstrap:
			p.errorf(item, "measure %s is in the correlation but is drawn by the bootstrap, whose rows keep the correlations of the history; remove it from the correlation", types.Quote(name))
			ok = false
		}
	}
	if ok && len(slots) < 2 {
		p.errorf(n, "correlation has %s; list two or more measures, or remove the correlation", plural(len(slots), "measure"))
		return nil, false
	}
	return slots, ok
}

// correlationMatrix reads a k×k correlation matrix and checks that it is
// symmetric, with a unit diagonal and entries in [-1, 1].
func (p *parser) correlationMatrix(n *yaml.Node, k int) ([][]float64, bool) {
	example := "matrix: [[1, 0.5], [0.5, 1]]"
	rows, ok := p.sequence(n, "matrix of correlation", example)
	if !ok {
		return nil, false
	}
	if len(rows) != k {
		p.errorf(n, "correlation matrix has %s, but the correlation has %d measures; give one row per measure, in the order of measures:", plural(len(rows), "row"), k)
		return nil, false
	}

	matrix := make([][]float64, k)
	nodes := make([][]*yaml.Node, k)
	// valid marks the entries that pass the checks of one entry. The
	// symmetry check compares only those, so that it does not repeat an
	// error.
	valid := make([][]bool, k)
	for i, row := range rows {
		matrix[i] = make([]float64, k)
		valid[i] = make([]bool, k)
		cells, isList := p.sequence(row, fmt.Sprintf("row %d of the correlation matrix", i+1), "[1, 0.5]")
		if !isList {
			ok = false
			continue
		}
		if len(cells) != k {
			p.errorf(row, "row %d of the correlation matrix has %s, but the correlation has %d measures; give one entry per measure",
				i+1, plural(len(cells), "entry"), k)
			ok = false
			continue
		}
		nodes[i] = cells
		for j, cell := range cells {
			label := fmt.Sprintf("entry in row %d, column %d of the correlation matrix", i+1, j+1)
			v, isNumber := p.number(cell, label, "0.5")
			switch {
			case !isNumber:
				ok = false
			case i == j && math.Abs(v-1) > symmetryTolerance:
				p.errorf(cell, "%s is %s; a measure's correlation with itself is 1, so write 1 on the diagonal", label, cell.Value)
				ok = false
			case v < -1 || v > 1:
				p.errorf(cell, "%s is %s, outside [-1, 1]; give a correlation from -1 to 1", label, cell.Value)
				ok = false
			default:
				valid[i][j] = true
			}
			matrix[i][j] = v
		}
	}
	for i := range k {
		for j := range i {
			if valid[i][j] && valid[j][i] && math.Abs(matrix[i][j]-matrix[j][i]) > symmetryTolerance {
				p.errorf(nodes[i][j], "correlation matrix is not symmetric: row %d, column %d is %s but row %d, column %d is %s; make them equal",
					i+1, j+1, nodes[i][j].Value, j+1, i+1, nodes[j][i].Value)
				ok = false
			}
		}
	}
	return matrix, ok
}

// plural writes n with the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return strconv.Itoa(n) + " " + strings.TrimSuffix(noun, "y") + "ies"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// factorize returns a factor F with F·Fᵀ = c: the Cholesky factor when c
// is positive definite, and V·sqrt(Λ) from the eigendecomposition when it
// is only positive semi-definite. It returns ok = false, with the
// smallest eigenvalue, when c is not positive semi-definite.
func factorize(c *mat.SymDense) (factor [][]float64, smallest float64, ok bool) {
	k := c.SymmetricDim()
	var eigen mat.EigenSym
	if !eigen.Factorize(c, true) {
		return nil, math.NaN(), false
	}
	values := eigen.Values(nil)
	smallest = values[0]
	for _, v := range values {
		smallest = min(smallest, v)
	}
	if smallest < -psdTolerance {
		return nil, smallest, false
	}

	factor = make([][]float64, k)
	for i := range factor {
		factor[i] = make([]float64, k)
	}
	var chol mat.Cholesky
	if chol.Factorize(c) {
		var lower mat.TriDense
		chol.LTo(&lower)
		for i := range k {
			for j := range i + 1 {
				factor[i][j] = lower.At(i, j)
			}
		}
		return factor, smallest, true
	}

	var vectors mat.Dense
	eigen.VectorsTo(&vectors)
	for i := range k {
		norm := 0.0
		for j := range k {
			factor[i][j] = vectors.At(i, j) * math.Sqrt(max(values[j], 0))
			norm += factor[i][j] * factor[i][j]
		}
		// Dropping the tiny negative eigenvalues moves the diagonal of
		// F·Fᵀ off 1 by up to psdTolerance, so each row is rescaled to
		// keep every latent normal at unit variance.
		if norm > 0 {
			for j := range k {
				factor[i][j] /= math.Sqrt(norm)
			}
		}
	}
	return factor, smallest, true
}
