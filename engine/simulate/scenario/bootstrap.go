package scenario

import (
	"math"
	"path/filepath"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
)

// bootstrapSpec is the bootstrap: section: a moving-block bootstrap of
// the rows of a period data file.
type bootstrapSpec struct {
	key *yaml.Node
	// data is the data: value as written, and path is data resolved
	// against the directory of the scenario file.
	data, path string
	dataNode   *yaml.Node
	block      int
	// listed holds the measures: list of the section by slot, with the
	// node of each name. It is nil when the section has no list.
	listed map[int]*yaml.Node
	// columns are the values of each measure in the file, and rows is
	// their common length.
	columns map[string][]float64
	rows    int
	// failed is true when the section or the data file has errors, so
	// that the bootstrap measures are not checked against the data.
	failed bool
}

// parseBootstrap reads the bootstrap: section and the data file it
// names.
func (p *parser) parseBootstrap(key, n *yaml.Node) {
	spec := &bootstrapSpec{key: key, block: 1, failed: true}
	p.bootstrap = spec
	_, entries, ok := p.mapping(n, "bootstrap", []string{"data", "block", "measures"})
	if !ok {
		return
	}

	e, given := entries["data"]
	if !given {
		p.missing(n, "bootstrap has no data; name the period data file to resample, such as data: periods.csv")
		ok = false
	} else if spec.data, given = p.scalar(e.value, "data of bootstrap", "periods.csv"); given {
		spec.dataNode = e.value
		spec.path = spec.data
		if !filepath.IsAbs(spec.path) {
			spec.path = filepath.Join(filepath.Dir(p.file), spec.path)
		}
	} else {
		ok = false
	}

	var blockNode *yaml.Node
	if e, given := entries["block"]; given {
		blockNode = e.value
		if spec.block, given = p.integer(e.value, "block of bootstrap", 1, "3"); !given {
			ok = false
		}
	}
	if e, given := entries["measures"]; given {
		if !p.parseBootstrapList(spec, e.value) {
			ok = false
		}
	}
	if !ok {
		return
	}
	spec.failed = !p.readHistory(spec, blockNode)
}

// parseBootstrapList reads the measures: list of the bootstrap section.
func (p *parser) parseBootstrapList(spec *bootstrapSpec, n *yaml.Node) bool {
	items, ok := p.sequence(n, "measures of bootstrap", "measures: [asa, web_ack]")
	if !ok {
		return false
	}
	spec.listed = map[int]*yaml.Node{}
	for _, item := range items {
		name, valid := p.scalar(item, "measure of bootstrap", "asa")
		if !valid {
			ok = false
			continue
		}
		slot, known := p.slots[name]
		switch {
		case !known:
			d := p.errorf(item, "unknown measure %s in the bootstrap's measures; the contract reports %s", types.Quote(name), strings.Join(p.reported, ", "))
			d.Hint = diag.DidYouMean(name, p.reported)
			ok = false
		case spec.listed[slot] != nil:
			p.errorf(item, "measure %s is listed twice in the bootstrap's measures, first %s; remove one of them", types.Quote(name), firstAt(spec.listed[slot], item))
			ok = false
		default:
			spec.listed[slot] = item
		}
	}
	return ok
}

// readHistory reads the data file and checks that it has rows enough for
// one block.
func (p *parser) readHistory(spec *bootstrapSpec, blockNode *yaml.Node) bool {
	if p.history == nil {
		p.errorf(spec.dataNode, "bootstrap is not available here, because no period data reader was given; model each measure with a marginal")
		return false
	}
	columns, errs := p.history(spec.path)
	if errs != nil {
		p.list.Append(errs)
		if errs.HasErrors() {
			return false
		}
	}
	spec.columns = columns

	// The rows of one data file are one period each, so every column has
	// the same length.
	spec.rows = -1
	for _, name := range p.names {
		column, ok := columns[name]
		if !ok {
			continue
		}
		if spec.rows >= 0 && len(column) != spec.rows {
			p.errorf(spec.dataNode, "bootstrap data %s has %d values of %s but %d of the measures before it; give every measure one value per period",
				spec.data, len(column), name, spec.rows)
			return false
		}
		spec.rows = len(column)
	}
	if spec.rows <= 0 {
		p.errorf(spec.dataNode, "bootstrap data %s has no rows of reported measures; give a file with one row per period", spec.data)
		return false
	}
	if spec.block > spec.rows {
		at := blockNode
		if at == nil {
			at = spec.dataNode
		}
		p.errorf(at, "bootstrap block %d is longer than the data, which has %d periods; give a block of at most %d",
			spec.block, spec.rows, spec.rows)
		return false
	}
	return true
}

// assignBootstrap decides which measures the bootstrap draws and gives
// each its column of the data. A measure is drawn by the bootstrap when
// the section's measures: list names it, when its entry has
// bootstrap: true, or, without a list, when the data has values for it
// and the scenario gives it no marginal.
func (p *parser) assignBootstrap() {
	spec := p.bootstrap
	if spec == nil {
		for _, slot := range p.pending {
			if at := p.optIn[slot]; at != nil {
				p.errorf(at, "measure %s has bootstrap: true, but the scenario has no bootstrap: section; add one, such as bootstrap: {data: periods.csv, block: 3}",
					types.Quote(p.measures[slot].Name))
			} else {
				p.reportNoMarginal(slot, "")
			}
			p.models[slot] = nil
		}
		return
	}

	// members maps each bootstrap measure to the node that makes it one,
	// or to nil for a measure that the default includes.
	members := map[int]*yaml.Node{}
	for slot, at := range spec.listed {
		if m := p.models[slot]; m != nil && m.kind != kindBootstrap {
			p.errorf(at, "measure %s is in the bootstrap's measures but also has a marginal, on line %d; remove it from one of them",
				types.Quote(p.measures[slot].Name), p.entries[slot].Line)
			continue
		}
		if p.entries[slot] != nil && p.models[slot] == nil {
			// The entry has errors, which are reported already.
			continue
		}
		members[slot] = at
	}
	for slot, at := range p.optIn {
		members[slot] = at
	}
	for _, slot := range p.pending {
		if _, ok := members[slot]; ok {
			continue
		}
		if spec.listed != nil {
			p.reportNoMarginal(slot, "add it to the bootstrap's measures or ")
			p.models[slot] = nil
			continue
		}
		members[slot] = p.entries[slot]
	}
	if spec.listed == nil && !spec.failed {
		for slot, name := range p.names {
			if p.entries[slot] == nil && hasValues(spec.columns[name]) {
				members[slot] = nil
			}
		}
	}

	for slot := range p.measures {
		at, ok := members[slot]
		if !ok {
			continue
		}
		if spec.failed {
			p.models[slot] = nil
			continue
		}
		if p.entries[slot] != nil && p.models[slot] == nil {
			// The entry has errors, which are reported already.
			continue
		}
		name := p.measures[slot].Name
		column := spec.columns[name]
		if !hasValues(column) {
			if at == nil {
				at = spec.key
			}
			p.errorf(at, "bootstrap data %s has no values of %s; model %s with a marginal, or give data that reports it",
				spec.data, name, name)
			p.models[slot] = nil
			continue
		}
		m := p.models[slot]
		if m == nil {
			m = &model{slot: slot, name: name, unit: p.measures[slot].Unit, trendYears: math.Inf(1)}
			m.lo, m.hi = unitRange(m.unit)
			p.models[slot] = m
		}
		m.kind = kindBootstrap
		m.history = column
	}
}

func (p *parser) reportNoMarginal(slot int, alternative string) {
	name := p.measures[slot].Name
	p.errorf(p.entries[slot], "measure %s has no marginal; give one of %s or regime, such as normal: {mean: %s, sd: %s}, or %sset bootstrap: true",
		types.Quote(name), strings.Join(marginalKinds, ", "), exampleValue(p.measures[slot].Unit), exampleSD(p.measures[slot].Unit), alternative)
}

// hasValues reports whether column has a value that is not NaN.
func hasValues(column []float64) bool {
	for _, v := range column {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}
