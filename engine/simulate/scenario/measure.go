package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
)

var measureKeys = []string{
	"fixed", "normal", "beta", "triangular", "discrete", "regime", "bootstrap",
	"ar1", "trend", "shock", "min", "max",
}

// marginalKinds are the keys of a marginal, in the order the
// documentation gives them.
var marginalKinds = []string{"fixed", "normal", "beta", "triangular", "discrete"}

// valueRange is the range of one measure's values and what messages need
// to talk about it.
type valueRange struct {
	name   string
	unit   types.Unit
	lo, hi float64
	// minGiven and maxGiven are true when the scenario sets min: or max:.
	minGiven, maxGiven bool
	// step is MeasureInfo.Step.
	step float64
}

// String describes the range for messages, such as "from 0% to 100%".
func (v valueRange) String() string {
	if math.IsInf(v.hi, 1) {
		return "from " + formatValue(v.lo, v.unit) + " up"
	}
	return "from " + formatValue(v.lo, v.unit) + " to " + formatValue(v.hi, v.unit)
}

// parseMeasure reads one entry under measures: and stores its model, or
// reports its errors.
func (p *parser) parseMeasure(slot int, key, value *yaml.Node) {
	info := p.measures[slot]
	label := "measure " + types.Quote(info.Name)
	errorsBefore := p.errorCount()
	keys, entries, ok := p.mapping(value, label, measureKeys)
	if !ok {
		return
	}

	// An invalid min: or max: leaves the unit's bound in the range, so
	// that the rest of the entry is still checked.
	m := &model{slot: slot, name: info.Name, unit: info.Unit, trendYears: math.Inf(1)}
	rng := p.parseRange(info, entries)
	m.lo, m.hi = rng.lo, rng.hi

	// A measure has one source of values: a marginal, a regime or the
	// bootstrap.
	var source []string
	for _, k := range keys {
		if contains(marginalKinds, k) || k == "regime" {
			source = append(source, k)
			continue
		}
		if k == "bootstrap" {
			if on, ok := p.boolean(entries[k].value, "bootstrap of "+info.Name); ok && on {
				source = append(source, k)
				p.optIn[slot] = entries[k].value
			}
		}
	}
	if len(source) > 1 {
		first, second := entries[source[0]], entries[source[1]]
		p.errorf(second.key, "%s has two sources of values, %s on line %d and %s; keep one of them",
			label, source[0], first.key.Line, source[1])
		return
	}

	if e, given := entries["bootstrap"]; given && len(source) == 0 && p.errorCount() == errorsBefore {
		p.errorf(e.value, "%s has bootstrap: false and no marginal; give a marginal such as normal: {mean: %s, sd: %s}, or set bootstrap: true",
			label, exampleValue(info.Unit), exampleSD(info.Unit))
		return
	}

	switch {
	case len(source) == 0 || source[0] == "bootstrap":
		m.kind = kindBootstrap
	case source[0] == "regime":
		m.kind = kindRegime
		m.regime = p.parseRegime(entries["regime"].value, rng)
	default:
		e := entries[source[0]]
		m.marginal = p.parseMarginal(source[0], e.value, rng)
		m.kind = kindMarginal
		if _, fixed := m.marginal.(fixedMarginal); fixed {
			m.kind = kindFixed
		}
	}

	if e, ok := entries["ar1"]; ok {
		p.parseAR1(m, e, len(source) == 0)
	}
	if e, ok := entries["trend"]; ok {
		p.parseTrend(m, e.value)
	}
	if e, ok := entries["shock"]; ok {
		p.parseShocks(m, e.value)
	}

	if p.errorCount() > errorsBefore || (m.kind == kindRegime && m.regime == nil) || (m.kind == kindMarginal && m.marginal == nil) {
		return
	}
	if m.kind == kindBootstrap {
		// The bootstrap section fills in the history, or reports that it
		// cannot.
		p.pending = append(p.pending, slot)
	}
	p.models[slot] = m
}

// parseRange reads min: and max: and returns the measure's range: the
// unit's range narrowed by them. It reports an invalid bound and leaves
// the unit's bound in its place.
func (p *parser) parseRange(info MeasureInfo, entries map[string]entry) valueRange {
	rng := valueRange{name: info.Name, unit: info.Unit, step: info.Step}
	rng.lo, rng.hi = unitRange(info.Unit)
	unitHi := rng.hi

	if e, given := entries["min"]; given {
		v, valid := p.quantity(e.value, info.Unit, "min of "+info.Name, false)
		switch {
		case !valid:
		case v > unitHi:
			p.errorf(e.value, "min %s of %s is above 100%%, the largest percent; give a min from 0%% to 100%%", formatValue(v, info.Unit), info.Name)
		default:
			rng.lo, rng.minGiven = v, true
		}
	}

	if e, given := entries["max"]; given {
		v, valid := p.quantity(e.value, info.Unit, "max of "+info.Name, false)
		switch {
		case !valid:
		case v > unitHi:
			p.errorf(e.value, "max %s of %s is above 100%%, the largest percent; give a max from 0%% to 100%%", formatValue(v, info.Unit), info.Name)
		case rng.minGiven && v <= rng.lo:
			p.errorf(e.value, "max %s of %s is not above its min %s; give a max above the min",
				formatValue(v, info.Unit), info.Name, formatValue(rng.lo, info.Unit))
			// Checking the marginal against a range that is empty would
			// only repeat this error.
			rng.lo, rng.minGiven = 0, false
		case v <= rng.lo:
			p.errorf(e.value, "max %s of %s is not above %s; give a max above it", formatValue(v, info.Unit), info.Name, formatValue(rng.lo, info.Unit))
		default:
			rng.hi, rng.maxGiven = v, true
		}
	}
	return rng
}

// parseMarginal reads one marginal of the given kind.
func (p *parser) parseMarginal(kind string, n *yaml.Node, rng valueRange) marginal {
	switch kind {
	case "fixed":
		v, ok := p.quantity(n, rng.unit, "fixed value of "+rng.name, false)
		if !ok || !p.inRange(n, v, "fixed value", rng) || !p.onStep(n, v, "fixed value", rng) {
			return nil
		}
		return fixedMarginal{value: v}
	case "normal":
		return p.parseNormal(n, rng)
	case "beta":
		return p.parseBeta(n, rng)
	case "triangular":
		return p.parseTriangular(n, rng)
	case "discrete":
		return p.parseDiscrete(n, rng)
	}
	return nil
}

// inRange reports whether v lies in the measure's range, and reports an
// error at n when it does not.
func (p *parser) inRange(n *yaml.Node, v float64, label string, rng valueRange) bool {
	if v >= rng.lo && v <= rng.hi {
		return true
	}
	p.errorf(n, "%s %s of %s is outside its range, %s; give a value in the range%s",
		label, formatValue(v, rng.unit), rng.name, rng, rangeHint(rng))
	return false
}

// onStep reports whether v is a whole number of the measure's steps, and
// reports an error at n when it is not.
func (p *parser) onStep(n *yaml.Node, v float64, label string, rng valueRange) bool {
	if rng.step <= 0 {
		return true
	}
	steps := v / rng.step
	if math.Abs(steps-math.Round(steps)) <= 1e-6+1e-12*math.Abs(steps) {
		return true
	}
	p.errorf(n, "%s %s of %s is finer than the simulation keeps, %s; round it to that step",
		label, types.Quote(n.Value), rng.name, formatValue(rng.step, rng.unit))
	return false
}

// rangeHint explains where a range comes from, for messages.
func rangeHint(rng valueRange) string {
	if rng.minGiven || rng.maxGiven {
		return ", or change min: and max:"
	}
	return ""
}

// meanAndSD reads the mean: and sd: of a normal or a beta.
func (p *parser) meanAndSD(kind string, n *yaml.Node, rng valueRange) (mean, sd float64, ok bool) {
	label := kind + " of " + rng.name
	_, entries, ok := p.mapping(n, label, []string{"mean", "sd"})
	if !ok {
		return 0, 0, false
	}
	example := fmt.Sprintf("%s: {mean: %s, sd: %s}", kind, exampleValue(rng.unit), exampleSD(rng.unit))
	meanEntry, hasMean := entries["mean"]
	sdEntry, hasSD := entries["sd"]
	if !hasMean || !hasSD {
		missing := "mean"
		if hasMean {
			missing = "sd"
		}
		p.missing(n, "%s has no %s; write it as %s", label, missing, example)
		return 0, 0, false
	}

	mean, meanOK := p.quantity(meanEntry.value, rng.unit, kind+" mean of "+rng.name, false)
	if meanOK {
		meanOK = p.inRange(meanEntry.value, mean, kind+" mean", rng)
	}
	sd, sdOK := p.quantity(sdEntry.value, rng.unit, kind+" sd of "+rng.name, true)
	switch {
	case !sdOK:
	case sd < 0:
		p.errorf(sdEntry.value, "%s sd %s of %s is below zero; give a standard deviation above zero, such as %s",
			kind, formatValue(sd, rng.unit), rng.name, exampleSD(rng.unit))
		sdOK = false
	case sd == 0:
		p.errorf(sdEntry.value, "%s sd of %s is zero; give a standard deviation above zero, or write fixed: %s for a value that never varies",
			kind, rng.name, formatValue(mean, rng.unit))
		sdOK = false
	}
	return mean, sd, meanOK && sdOK
}

func (p *parser) parseNormal(n *yaml.Node, rng valueRange) marginal {
	mean, sd, ok := p.meanAndSD("normal", n, rng)
	if !ok {
		return nil
	}
	return newNormal(mean, sd, rng.lo, rng.hi)
}

// parseBeta reads a beta by mean and standard deviation on the measure's
// range, which must be bounded.
func (p *parser) parseBeta(n *yaml.Node, rng valueRange) marginal {
	if math.IsInf(rng.hi, 1) {
		p.errorf(n, "beta of %s needs a bounded range, because a %s has no upper limit; add max: to the measure, or use normal or triangular",
			rng.name, rng.unit)
		return nil
	}
	mean, sd, ok := p.meanAndSD("beta", n, rng)
	if !ok {
		return nil
	}
	if mean <= rng.lo || mean >= rng.hi {
		p.errorf(n, "beta mean %s of %s is at the edge of its range, %s; give a mean strictly inside the range",
			formatValue(mean, rng.unit), rng.name, rng)
		return nil
	}

	// A beta on [lo, hi] with mean m has a variance below
	// (m-lo)(hi-m), the variance of the two-point distribution on the
	// bounds. Near that bound, rounding can make a shape parameter 0, so
	// the shapes are checked too. The bounds in the messages are moved
	// inward by 0.001% before they are rounded to 6 digits, so that the
	// value the message gives passes.
	width := rng.hi - rng.lo
	mu := (mean - rng.lo) / width
	largest := math.Sqrt(mu*(1-mu)) * width
	alpha, beta := betaShapes(mu, sd/width)
	if sd >= largest || !(alpha > 0 && beta > 0) {
		p.errorf(n, "beta sd %s of %s is too large for mean %s on the range %s; give an sd below %s",
			formatValue(sd, rng.unit), rng.name, formatValue(mean, rng.unit), rng, formatValue(largest*(1-1e-5), rng.unit))
		return nil
	}
	if alpha+beta > maxBetaShape {
		smallest := width * math.Sqrt(mu*(1-mu)/(maxBetaShape+1))
		p.errorf(n, "beta sd %s of %s is too small to draw accurately for mean %s on the range %s; give an sd of at least %s, or use normal",
			formatValue(sd, rng.unit), rng.name, formatValue(mean, rng.unit), rng, formatValue(smallest*(1+1e-5), rng.unit))
		return nil
	}
	return newBeta(mean, sd, rng.lo, rng.hi)
}

func (p *parser) parseTriangular(n *yaml.Node, rng valueRange) marginal {
	label := "triangular of " + rng.name
	_, entries, ok := p.mapping(n, label, []string{"min", "mode", "max"})
	if !ok {
		return nil
	}
	var values [3]float64
	for i, k := range []string{"min", "mode", "max"} {
		e, given := entries[k]
		if !given {
			p.missing(n, "%s has no %s; write it as triangular: {min: %s, mode: %s, max: %s}",
				label, k, exampleLowValue(rng.unit), exampleValue(rng.unit), exampleHighValue(rng.unit))
			return nil
		}
		v, valid := p.quantity(e.value, rng.unit, "triangular "+k+" of "+rng.name, false)
		if !valid || !p.inRange(e.value, v, "triangular "+k, rng) {
			ok = false
		}
		values[i] = v
	}
	if !ok {
		return nil
	}

	low, mode, high := values[0], values[1], values[2]
	if low >= high {
		p.errorf(entries["max"].value, "triangular max %s of %s is not above its min %s; give a max above the min",
			formatValue(high, rng.unit), rng.name, formatValue(low, rng.unit))
		return nil
	}
	if mode < low || mode > high {
		p.errorf(entries["mode"].value, "triangular mode %s of %s is outside [%s, %s]; give a mode from the min to the max",
			formatValue(mode, rng.unit), rng.name, formatValue(low, rng.unit), formatValue(high, rng.unit))
		return nil
	}
	return triangularMarginal{low: low, mode: mode, high: high}
}

// discreteTolerance is how far the probabilities of a discrete marginal
// may sum from 1. It allows for the rounding of a float64 sum such as
// 0.1 + 0.2 + 0.7, not for thirds written as 0.333.
const discreteTolerance = 1e-9

func (p *parser) parseDiscrete(n *yaml.Node, rng valueRange) marginal {
	label := "discrete of " + rng.name
	example := fmt.Sprintf("discrete: [{value: %s, p: 0.7}, {value: %s, p: 0.3}]", exampleValue(rng.unit), exampleLowValue(rng.unit))
	items, ok := p.sequence(n, label, example)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errorf(n, "%s has no values; write it as %s", label, example)
		return nil
	}

	values := make([]float64, len(items))
	probs := make([]float64, len(items))
	sum := 0.0
	for i, item := range items {
		itemLabel := fmt.Sprintf("discrete entry %d of %s", i+1, rng.name)
		_, entries, valid := p.mapping(item, itemLabel, []string{"value", "p"})
		if !valid {
			ok = false
			continue
		}
		valueEntry, hasValue := entries["value"]
		probEntry, hasProb := entries["p"]
		if !hasValue || !hasProb {
			missing := "value"
			if hasValue {
				missing = "p"
			}
			p.missing(item, "%s has no %s; write each entry as {value: %s, p: 0.7}", itemLabel, missing, exampleValue(rng.unit))
			ok = false
			continue
		}
		v, vOK := p.quantity(valueEntry.value, rng.unit, "value of "+itemLabel, false)
		if vOK {
			vOK = p.inRange(valueEntry.value, v, "discrete value", rng) && p.onStep(valueEntry.value, v, "discrete value", rng)
		}
		prob, pOK := p.probability(probEntry.value, "p of "+itemLabel)
		if !vOK || !pOK {
			ok = false
			continue
		}
		values[i], probs[i] = v, prob
		sum += prob
	}
	if !ok {
		return nil
	}
	if math.Abs(sum-1) > discreteTolerance {
		p.errorf(n, "probabilities of %s sum to %s, not 1; change the p: values so that they sum to 1",
			label, formatProbability(sum))
		return nil
	}
	return newDiscrete(values, probs)
}

// formatProbability writes a sum of probabilities with enough digits to
// show how far it is from 1.
func formatProbability(v float64) string {
	s := fmt.Sprintf("%.12f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

var regimeKeys = []string{"normal", "degraded", "p_degrade", "p_recover", "start"}

// parseRegime reads a two-state regime: a marginal per state, the
// monthly transition probabilities and the start state.
func (p *parser) parseRegime(n *yaml.Node, rng valueRange) *regime {
	label := "regime of " + rng.name
	_, entries, ok := p.mapping(n, label, regimeKeys)
	if !ok {
		return nil
	}
	for _, k := range []string{"normal", "degraded", "p_degrade", "p_recover"} {
		if _, given := entries[k]; !given {
			p.missing(n, "%s has no %s; a regime needs normal:, degraded:, p_degrade: and p_recover:", label, k)
			ok = false
		}
	}
	if !ok {
		return nil
	}

	normal := p.parseState("normal", entries["normal"].value, rng)
	degraded := p.parseState("degraded", entries["degraded"].value, rng)
	pDegrade, okDegrade := p.probability(entries["p_degrade"].value, "p_degrade of "+rng.name)
	pRecover, okRecover := p.probability(entries["p_recover"].value, "p_recover of "+rng.name)
	start := startNormal
	okStart := true
	if e, given := entries["start"]; given {
		start, okStart = p.parseStart(e.value, rng.name)
	}
	if normal == nil || degraded == nil || !okDegrade || !okRecover || !okStart {
		return nil
	}
	if start == startStationary && pDegrade+pRecover == 0 {
		p.errorf(entries["start"].value, "regime of %s cannot start stationary when p_degrade and p_recover are both 0; start it normal or degraded", rng.name)
		return nil
	}
	return newRegime(normal, degraded, pDegrade, pRecover, start)
}

// parseState reads the marginal of one regime state: a mapping with one
// marginal key.
func (p *parser) parseState(state string, n *yaml.Node, rng valueRange) marginal {
	label := state + " state of " + rng.name
	keys, entries, ok := p.mapping(n, label, marginalKinds)
	if !ok {
		return nil
	}
	switch len(keys) {
	case 0:
		p.missing(n, "%s has no marginal; give one of %s, such as {normal: {mean: %s, sd: %s}}",
			label, strings.Join(marginalKinds, ", "), exampleValue(rng.unit), exampleSD(rng.unit))
		return nil
	case 1:
	default:
		p.errorf(entries[keys[1]].key, "%s has two marginals, %s on line %d and %s; keep one of them",
			label, keys[0], entries[keys[0]].key.Line, keys[1])
		return nil
	}
	return p.parseMarginal(keys[0], entries[keys[0]].value, rng)
}

func (p *parser) parseStart(n *yaml.Node, name string) (startState, bool) {
	s, ok := p.scalar(n, "start of the regime of "+name, "normal")
	if !ok {
		return 0, false
	}
	for i, w := range startWords {
		if s == w {
			return startState(i), true
		}
	}
	d := p.errorf(n, "invalid start %s of the regime of %s; write normal, degraded or stationary", types.Quote(s), name)
	d.Hint = diag.DidYouMean(s, startWords)
	return 0, false
}

// parseAR1 reads the AR(1) coefficient, which only a random marginal or
// a regime can use.
func (p *parser) parseAR1(m *model, e entry, noSource bool) {
	v, ok := p.number(e.value, "ar1 of "+m.name, "0.6")
	if !ok {
		return
	}
	if v <= -1 || v >= 1 {
		p.errorf(e.value, "ar1 %s of %s is out of range; give a coefficient above -1 and below 1, such as 0.6", e.value.Value, m.name)
		return
	}
	switch {
	case noSource:
		p.errorf(e.key, "ar1 of %s needs a marginal or a regime to act on, and the measure has neither; give one, such as normal: {mean: %s, sd: %s}", m.name, exampleValue(m.unit), exampleSD(m.unit))
		return
	case m.kind == kindBootstrap:
		p.errorf(e.key, "ar1 of %s applies to a marginal or a regime, not to a bootstrap, which keeps the persistence of the history; remove ar1 or give a marginal", m.name)
		return
	case m.kind == kindFixed:
		p.errorf(e.key, "ar1 of %s has no effect on a fixed value; remove ar1 or use a random marginal", m.name)
		return
	}
	m.ar1, m.hasAR1 = v, true
}

// parseTrend reads a linear change per contract year during the first
// years: years of the term.
func (p *parser) parseTrend(m *model, n *yaml.Node) {
	label := "trend of " + m.name
	_, entries, ok := p.mapping(n, label, []string{"per_year", "years"})
	if !ok {
		return
	}
	e, given := entries["per_year"]
	if !given {
		p.missing(n, "%s has no per_year; write it as trend: {per_year: %s, years: 3}", label, exampleSD(m.unit))
		return
	}
	perYear, ok := p.quantity(e.value, m.unit, "per_year of "+label, true)
	if !ok {
		return
	}
	years := math.Inf(1)
	if e, given := entries["years"]; given {
		y, ok := p.number(e.value, "years of "+label, "3")
		if !ok {
			return
		}
		if y <= 0 {
			p.errorf(e.value, "years %s of %s is not above zero; give the number of contract years the trend lasts, such as 3, or leave years out for the whole term",
				e.value.Value, label)
			return
		}
		years = y
	}
	m.trendPerYear, m.trendYears = perYear, years
}

// parseShocks reads one shock, or a list of them.
func (p *parser) parseShocks(m *model, n *yaml.Node) {
	n = resolve(n)
	if n != nil && n.Kind == yaml.SequenceNode {
		for _, item := range n.Content {
			p.parseShock(m, resolve(item))
		}
		return
	}
	p.parseShock(m, n)
}

// parseShock reads a change added for months: periods from the period
// from:.
func (p *parser) parseShock(m *model, n *yaml.Node) {
	label := "shock of " + m.name
	gran := p.term.Start.Gran
	example := fmt.Sprintf("shock: {from: %s, months: 3, change: -%s}", p.term.Start.Add(48), exampleSD(m.unit))
	_, entries, ok := p.mapping(n, label, []string{"from", "months", "change"})
	if !ok {
		return
	}
	fromEntry, hasFrom := entries["from"]
	changeEntry, hasChange := entries["change"]
	if !hasFrom || !hasChange {
		missing := "from"
		if hasFrom {
			missing = "change"
		}
		p.missing(n, "%s has no %s; write it as %s", label, missing, example)
		return
	}

	s, ok := p.scalar(fromEntry.value, "from of "+label, gran.Example())
	if !ok {
		return
	}
	from, err := types.ParsePeriod(s, gran)
	if err != nil {
		p.errorf(fromEntry.value, "invalid from of %s: %v", label, err)
		return
	}
	if !p.term.Contains(from) {
		p.errorf(fromEntry.value, "from %s of %s is outside the contract term, %s to %s; give a %s within the term",
			from, label, p.term.Start, p.term.End, gran.Noun())
		return
	}

	months := 1
	if e, given := entries["months"]; given {
		if months, ok = p.integer(e.value, "months of "+label, 1, "3"); !ok {
			return
		}
		if room := p.term.End.Sub(from) + 1; months > room {
			p.errorf(e.value, "%s runs %d months from %s, past the end of the term, %s; give months of at most %d",
				label, months, from, p.term.End, room)
			return
		}
	}

	change, ok := p.quantity(changeEntry.value, m.unit, "change of "+label, true)
	if !ok {
		return
	}
	first := from.Sub(p.term.Start)
	m.shocks = append(m.shocks, shock{first: first, last: first + months - 1, change: change})
}
