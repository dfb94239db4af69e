package suite

import (
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/check"
)

// Coverage counts, for each rule of a contract, the periods of the tests in
// which it fired and those in which it did not. A rule is covered when it
// fired at least once. The rules are: each service level met and failed,
// each tier, each deduct line (ratchets included), each service level's
// cap and missing-value and minimum-sample rules, the cap on total
// deductions, and each notice the contract declares.
type Coverage struct {
	Contract string
	Items    []*Item
	index    map[string]*Item
}

// Item is one rule and how often it fired in the tests' periods.
type Item struct {
	Rule     string `json:"rule"`
	Fired    int    `json:"fired"`
	NotFired int    `json:"not_fired"`
}

// NewCoverage lists the rules of contract c, none covered yet.
func NewCoverage(contract string, c *check.Contract) *Coverage {
	cov := &Coverage{Contract: contract, index: map[string]*Item{}}
	for _, l := range c.Levels {
		cov.add(levelRule(l.Name, "met"))
		cov.add(levelRule(l.Name, "failed"))
		for _, t := range l.Tiers {
			cov.add(tierRule(l.Name, t.Name))
		}
		for _, d := range l.Deductions {
			cov.add(deductRule(l.Name, d.Text))
		}
		if l.Cap != nil {
			cov.add(capRule(l.Name))
		}
		if l.Missing.Declared {
			cov.add(missingRule(l.Name))
		}
		if l.Sample.Declared {
			cov.add(sampleRule(l.Name))
		}
	}
	if c.Cap != nil {
		cov.add("cap on total deductions binds")
	}
	for _, n := range c.Notices {
		cov.add(noticeRule(n.Name))
	}
	return cov
}

func levelRule(level, outcome string) string { return "service level " + level + " " + outcome }
func tierRule(level, tier string) string     { return "service level " + level + " tier " + tier }
func deductRule(level, text string) string   { return "service level " + level + ": " + text }
func capRule(level string) string            { return "service level " + level + " cap binds" }
func missingRule(level string) string        { return "service level " + level + " missing-value rule" }
func sampleRule(level string) string         { return "service level " + level + " minimum-sample rule" }
func noticeRule(name string) string          { return "notice " + name + " issued" }

func (cov *Coverage) add(rule string) {
	if cov.index[rule] != nil {
		return
	}
	it := &Item{Rule: rule}
	cov.Items = append(cov.Items, it)
	cov.index[rule] = it
}

// mark counts one period in which rule fired or did not.
func (cov *Coverage) mark(rule string, fired bool) {
	it := cov.index[rule]
	if it == nil {
		return
	}
	if fired {
		it.Fired++
	} else {
		it.NotFired++
	}
}

// Add counts the periods of one test's result.
func (cov *Coverage) Add(c *check.Contract, res *engine.Result) {
	for _, p := range res.Periods {
		for k, lr := range p.ServiceLevels {
			cov.addLevel(c.Levels[k], lr)
		}
		if c.Cap != nil {
			cov.mark("cap on total deductions binds", p.Cap != nil && p.Cap.Binding)
		}
		issued := map[string]bool{}
		for _, n := range p.Notices {
			issued[n.Kind] = true
		}
		for _, n := range c.Notices {
			cov.mark(noticeRule(n.Name), issued[n.Name])
		}
	}
}

func (cov *Coverage) addLevel(l *check.ServiceLevel, lr engine.LevelResult) {
	cov.mark(levelRule(l.Name, "met"), lr.Status == engine.Met)
	cov.mark(levelRule(l.Name, "failed"), lr.Status == engine.Failed || lr.Status == engine.Missing)
	for _, t := range l.Tiers {
		cov.mark(tierRule(l.Name, t.Name), lr.Tier == t.Name)
	}
	for _, d := range l.Deductions {
		cov.mark(deductRule(l.Name, d.Text), lr.Rule == d.Text)
	}
	if l.Cap != nil {
		cov.mark(capRule(l.Name), lr.Deduction.Value.LessThan(lr.DeductionBeforeCap.Value))
	}
	missing, sample := false, false
	for _, s := range lr.Trace.Steps {
		missing = missing || strings.HasPrefix(s.Rule, "missing value")
		sample = sample || strings.HasPrefix(s.Rule, "below minimum sample")
	}
	if l.Missing.Declared {
		cov.mark(missingRule(l.Name), missing)
	}
	if l.Sample.Declared {
		cov.mark(sampleRule(l.Name), sample)
	}
}

// Covered returns the number of rules that fired at least once.
func (cov *Coverage) Covered() int {
	n := 0
	for _, it := range cov.Items {
		if it.Fired > 0 {
			n++
		}
	}
	return n
}

// Percent returns the covered share of the rules, in percent; a contract
// without rules is fully covered.
func Percent(covered, total int) float64 {
	if total == 0 {
		return 100
	}
	return 100 * float64(covered) / float64(total)
}

// Summary writes "85.0% (34 of 40 rules)".
func Summary(covered, total int) string {
	return fmt.Sprintf("%.1f%% (%d of %d rules)", Percent(covered, total), covered, total)
}
