package scenario

import (
	"slices"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
)

// MeasureInfo is a measure of the contract, in slot order. A scenario may
// model a reported measure; a computed one follows from those it reads.
type MeasureInfo struct {
	Name     string
	Title    string
	Unit     types.Unit
	Computed bool
	// Currency is the contract's currency, which a money value must use.
	Currency types.Currency
	// Step is the smallest change of the measure's value that the
	// simulation keeps (1e-6 for a percent, as a fraction), or 0. A fixed
	// or discrete value finer than Step is an error, because it would be
	// rounded before the contract compares it.
	Step float64
}

// Scenario is a parsed and checked scenario file.
type Scenario struct {
	// Title is the scenario's title: entry, or "" when it has none.
	Title string
	// Data is the bootstrap data file, resolved against the scenario
	// file's directory, or "" when the scenario has no bootstrap.
	Data string

	sampler *Sampler
}

// Sampler returns the sampler of the scenario's monthly values.
func (s *Scenario) Sampler() *Sampler { return s.sampler }

// History reads a period data file and returns the values of each
// reported measure in the file, in period order, with NaN for a value not
// reported. Values are in the measure's canonical scale: a fraction for a
// percent and seconds for a duration.
type History func(path string) (map[string][]float64, *diag.List)

var topKeys = []string{"title", "measures", "correlation", "bootstrap"}

// parser holds the state of one Parse call.
type parser struct {
	*reader
	measures []MeasureInfo
	names    []string
	// reported lists the reported measures, which messages offer as the
	// names a scenario may use.
	reported []string
	slots    map[string]int
	term     types.Term
	history  History

	// models holds the model of each slot, nil for a measure that the
	// scenario does not model or whose entry has errors.
	models []*model
	// entries holds the key node of each measure's entry under measures:.
	entries []*yaml.Node
	// pending lists the slots whose entry gives no marginal, which the
	// bootstrap may still supply.
	pending []int
	// optIn holds the bootstrap: true node of each slot that opts in.
	optIn map[int]*yaml.Node
	// inCorrelation marks the slots of the correlation's measures.
	inCorrelation []bool
	correlation   *correlation
	bootstrap     *bootstrapSpec
	// measuresKey is the measures: key, where errors about the whole
	// list of measures point.
	measuresKey *yaml.Node
	// nearMisses holds the measures that an unknown measure name is close
	// to. The "did you mean" hint names such a measure, so checkRequired
	// does not report it missing as well.
	nearMisses map[string]bool
}

// Parse reads and checks a scenario file.
//
// measures are the contract's reported measures in slot order. required
// lists the measures that the contract's service levels read, and each
// must be modelled. term is the contract term, which places trends and
// shocks. history reads the bootstrap data file; Parse resolves the
// file's path against the directory of file.
//
// Parse reports every error it finds, each at the line and column of the
// YAML node at fault, and returns a Scenario only when there is none.
func Parse(file string, src []byte, measures []MeasureInfo, required []string, term types.Term, history History) (*Scenario, *diag.List) {
	p := &parser{
		reader:        newReader(file, src),
		measures:      measures,
		slots:         make(map[string]int, len(measures)),
		term:          term,
		history:       history,
		models:        make([]*model, len(measures)),
		entries:       make([]*yaml.Node, len(measures)),
		optIn:         map[int]*yaml.Node{},
		inCorrelation: make([]bool, len(measures)),
		nearMisses:    map[string]bool{},
	}
	for i, m := range measures {
		p.names = append(p.names, m.Name)
		p.slots[m.Name] = i
		if !m.Computed {
			p.reported = append(p.reported, m.Name)
		}
		if m.Currency.Code != "" {
			p.currency = m.Currency
		}
	}

	root := p.decode()
	if root == nil {
		return nil, p.list
	}
	sc := p.parseRoot(root, required)
	if p.list.HasErrors() {
		p.list.Sort()
		return nil, p.list
	}
	return sc, nil
}

func (p *parser) parseRoot(root *yaml.Node, required []string) *Scenario {
	_, top, ok := p.mapping(root, "scenario", topKeys)
	if !ok {
		return nil
	}
	sc := &Scenario{}
	if e, ok := top["title"]; ok {
		sc.Title, _ = p.scalar(e.value, "title", `"Base case"`)
	}

	// A scenario without measures: is valid when its bootstrap draws
	// every measure.
	measuresEntry, hasMeasures := top["measures"]
	bootstrapEntry, hasBootstrap := top["bootstrap"]
	switch {
	case hasMeasures:
		p.measuresKey = measuresEntry.key
		p.parseMeasures(measuresEntry.value)
	case hasBootstrap:
		p.measuresKey = bootstrapEntry.key
	default:
		p.errorf(root, "scenario has no measures: entry; add one with a marginal for each measure the service levels read, such as measures: {csat: {normal: {mean: 86%%, sd: 2%%}}}")
		return nil
	}

	if hasBootstrap {
		p.parseBootstrap(bootstrapEntry.key, bootstrapEntry.value)
		sc.Data = p.bootstrap.path
	}
	p.assignBootstrap()

	if e, ok := top["correlation"]; ok {
		p.parseCorrelation(e.value)
	}
	p.checkRequired(required)

	if p.errorCount() > 0 {
		return nil
	}
	if !slices.ContainsFunc(p.models, func(m *model) bool { return m != nil }) {
		p.errorf(p.measuresKey, "scenario models no measure; add a marginal for each measure the service levels read under measures:")
		return nil
	}
	sc.sampler = newSampler(p.models, p.inCorrelation, p.correlation, p.bootstrap, p.term)
	return sc
}

// parseMeasures reads the measures: mapping, one entry per measure.
func (p *parser) parseMeasures(n *yaml.Node) {
	names, entries, ok := p.mapping(n, "measures", nil)
	if !ok {
		return
	}
	for _, name := range names {
		e := entries[name]
		slot, known := p.slots[name]
		if !known {
			d := p.errorf(e.key, "unknown measure %s; the contract reports %s", types.Quote(name), strings.Join(p.reported, ", "))
			d.Hint = diag.DidYouMean(name, p.reported)
			if c := diag.Closest(name, p.reported); c != "" {
				p.nearMisses[c] = true
			}
			continue
		}
		if p.measures[slot].Computed {
			p.errorf(e.key, "measure %s is computed by the contract from other measures, so the scenario cannot draw it; model the measures it reads instead", types.Quote(name))
			continue
		}
		p.entries[slot] = e.key
		p.parseMeasure(slot, e.key, e.value)
	}
}

// checkRequired reports the measures that a service level reads and the
// scenario does not model. A measure whose entry has errors is reported
// already.
func (p *parser) checkRequired(required []string) {
	if p.bootstrap != nil && p.bootstrap.failed {
		// Which measures the bootstrap draws is unknown until its errors
		// are fixed.
		return
	}
	var missing []string
	for _, name := range required {
		slot, ok := p.slots[name]
		if !ok || p.entries[slot] != nil || p.models[slot] != nil || p.nearMisses[name] || contains(missing, name) {
			continue
		}
		missing = append(missing, name)
	}
	if len(missing) == 0 {
		return
	}

	// One error names every missing measure, because all of them would
	// point at the same measures: key.
	first := p.measures[p.slots[missing[0]]]
	example := first.Name + ": {normal: {mean: " + exampleValue(first.Unit) + ", sd: " + exampleSD(first.Unit) + "}}"
	at := p.measuresKey
	if len(missing) == 1 {
		p.errorf(at, "measure %s is not modelled, but the contract reads it; add it under measures: with a marginal, such as %s, or bootstrap it from history",
			types.Quote(first.Name), example)
		return
	}
	quoted := make([]string, len(missing))
	for i, name := range missing {
		quoted[i] = types.Quote(name)
	}
	p.errorf(at, "measures %s are not modelled, but the contract reads them; add each under measures: with a marginal, such as %s, or bootstrap them from history",
		strings.Join(quoted, ", "), example)
}

// exampleSD returns a standard deviation of unit u for messages.
func exampleSD(u types.Unit) string {
	switch u {
	case types.Percent:
		return "2%"
	case types.Duration:
		return "5s"
	}
	return "1.5"
}
