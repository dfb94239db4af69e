package simulate

import (
	"sort"

	"github.com/pacta-dev/pacta/lang/check"
)

// Reads returns the reported measures whose values the contract's service
// levels and notice conditions read, directly or through computed
// measures and history functions, in slot order. A scenario must model
// each of them, or the contract would see a missing value every month.
func Reads(c *check.Contract) []*check.Measure {
	seen := map[*check.Measure]bool{}
	var visit func(e check.Expr)
	measure := func(m *check.Measure) {
		if seen[m] {
			return
		}
		seen[m] = true
		if !m.Reported {
			visit(m.Expr)
		}
	}
	visit = func(e check.Expr) {
		check.Walk(e, func(x check.Expr) {
			switch x := x.(type) {
			case *check.MeasureRef:
				measure(x.Measure)
			case *check.Lag:
				measure(x.Measure)
			case *check.Aggregate:
				measure(x.Measure)
			}
		})
	}

	for _, l := range c.Levels {
		visit(l.Subject)
		visit(l.Threshold)
		for _, t := range l.Tiers {
			visit(t.Threshold)
		}
	}
	for _, n := range c.Notices {
		for _, cond := range n.Conditions {
			if p, ok := cond.Pred.(*check.ExprPred); ok {
				visit(p.Expr)
			}
		}
	}

	var out []*check.Measure
	for m := range seen {
		if m.Reported {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slot < out[j].Slot })
	return out
}
