package check

import (
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

func (ck *checker) noticeDecls(f *syntax.File) {
	for _, n := range ck.c.Notices {
		if len(n.Decl.Whens) == 0 {
			ck.errorf(n.Decl.Name, "notice %s has no condition", n.Name).Hint =
				"add a line such as: when the same service level fails in 2 consecutive periods"
		}
		for _, w := range n.Decl.Whens {
			if c := ck.condition(n, w); c != nil {
				n.Conditions = append(n.Conditions, c)
			}
		}
	}
	ck.orderNotices()
}

func (ck *checker) condition(n *Notice, w *syntax.Condition) *Condition {
	c := &Condition{Decl: w, Window: ck.window(w.Window), Text: syntax.PredicateString(w.Pred)}
	if c.Window != nil {
		c.Text += " " + c.Window.Text
	}

	switch p := w.Pred.(type) {
	case *syntax.LevelPredicate:
		c.Pred = ck.levelPred(p)
		if p.Scope == syntax.ScopeSame {
			n.PerLevel = true
		}
	case *syntax.DeductionPredicate:
		c.Pred = ck.totalPred(p)
	case *syntax.NoticePredicate:
		target, ok := ck.notices[p.Notice.Name]
		if !ok {
			d := ck.errorf(p.Notice, "unknown notice %q", p.Notice.Name)
			d.Hint = ck.suggest(p.Notice.Name, ck.noticeNames())
			return nil
		}
		c.Pred = &NoticePred{Notice: target.Index}
	case *syntax.ExprPredicate:
		e := ck.expr(p.Cond)
		if u := e.Unit(); u != types.Bool && u != bad {
			ck.errorf(p.Cond, "the condition %s is a %s, not a condition", syntax.ExprString(p.Cond), unitName(u)).Hint =
				"compare it with a threshold, as in: when uptime < 97%"
			return nil
		}
		c.Pred = &ExprPred{Expr: e}
	}
	if c.Pred == nil {
		return nil
	}
	return c
}

func (ck *checker) levelPred(p *syntax.LevelPredicate) Pred {
	out := &LevelPred{Scope: p.Scope, Level: -1}
	levels := ck.c.Levels

	switch p.Scope {
	case syntax.ScopeNamed:
		l, ok := ck.levels[p.Level.Name]
		if !ok {
			d := ck.errorf(p.Level, "unknown service level %q", p.Level.Name)
			d.Hint = ck.suggest(p.Level.Name, ck.levelNames())
			return nil
		}
		out.Level = l.Index
		levels = []*ServiceLevel{l}
	case syntax.ScopeAtLeast:
		n := p.AtLeast.Value
		switch {
		case !n.IsInteger() || n.LessThan(decimal.NewFromInt(1)):
			ck.errorf(p.AtLeast, "invalid number of service levels %s", p.AtLeast.Text).Hint =
				fmt.Sprintf("write a whole number from 1 to %d, the number of service levels", len(ck.c.Levels))
		case n.GreaterThan(decimal.NewFromInt(int64(len(ck.c.Levels)))):
			ck.errorf(p.AtLeast, "at least %s service levels can never hold: the contract has %d", p.AtLeast.Text, len(ck.c.Levels))
		default:
			out.AtLeast = int(n.IntPart())
		}
	}

	switch p.Outcome.Name {
	case "fails", "failed":
		out.Outcome = OutcomeFails
	case "missing":
		out.Outcome = OutcomeMissing
	case "not assessed":
		out.Outcome = OutcomeNotAssessed
	default:
		if !ck.outcomeTier(out, p.Outcome, levels) {
			return nil
		}
	}
	return out
}

// outcomeTier resolves a tier name across the service levels in scope.
// It is an error only when no service level in scope has the tier.
func (ck *checker) outcomeTier(out *LevelPred, id *syntax.Ident, levels []*ServiceLevel) bool {
	out.Outcome, out.TierName = OutcomeTier, id.Name
	out.Tiers = make([]int, len(ck.c.Levels))
	found := false
	var all []string
	for i := range out.Tiers {
		out.Tiers[i] = -1
	}

	declaredWithError := false
	for _, l := range levels {
		if i := l.TierIndex(id.Name); i >= 0 {
			out.Tiers[l.Index] = i
			found = true
		}
		declaredWithError = declaredWithError || ck.badTiers[l][id.Name]
		for _, t := range l.Tiers {
			all = append(all, t.Name)
		}
	}

	// A tier that was declared with an error has its own message already.
	if found {
		return true
	}
	if declaredWithError {
		return false
	}

	d := ck.errorf(id, "no service level in scope has a tier %q", id.Name)
	d.Hint = ck.suggest(id.Name, append(all, "missing"))
	if d.Hint == "" && len(all) > 0 {
		d.Hint = "the tiers are " + strings.Join(unique(all), ", ")
	}
	return false
}

func unique(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func (ck *checker) totalPred(p *syntax.DeductionPredicate) Pred {
	if p.ReachesCap {
		if ck.c.Cap == nil {
			ck.errorf(p, "the contract has no cap on total deductions").Hint = "add a line such as: cap total deductions at 10% of availability"
			return nil
		}
		return &TotalPred{ReachesCap: true}
	}
	e := ck.expr(p.Amount)
	v, ok := ConstValue(e)
	switch {
	case e.Unit() == bad:
		return nil
	case e.Unit() != types.Money || !ok:
		d := ck.errorf(p.Amount, "total deductions must be compared with an amount, not %s", syntax.ExprString(p.Amount))
		d.Hint = literalHint("10,000.00", types.Money, ck.currency.Code)
		if e.Unit() == untyped {
			d.Hint = literalHint(syntax.ExprString(p.Amount), types.Money, ck.currency.Code)
		}
		return nil
	}
	return &TotalPred{Op: cmpOps[p.Op], Amount: v}
}

// orderNotices sorts the notices so that a notice comes after the notices
// its conditions read, and reports a cycle.
func (ck *checker) orderNotices() {
	state := make([]int, len(ck.c.Notices)) // 0 unvisited, 1 visiting, 2 done
	var visit func(n *Notice, path []string)
	visit = func(n *Notice, path []string) {
		switch state[n.Index] {
		case 2:
			return
		case 1:
			ck.errorf(n.Decl.Name, "notice %s depends on itself: %s", n.Name, strings.Join(append(path, n.Name), " -> ")).Hint =
				"a notice may read notices declared for earlier steps of a ladder, not itself"
			return
		}
		state[n.Index] = 1
		for _, c := range n.Conditions {
			if p, ok := c.Pred.(*NoticePred); ok {
				visit(ck.c.Notices[p.Notice], append(path, n.Name))
			}
		}
		state[n.Index] = 2
		ck.c.NoticeOrder = append(ck.c.NoticeOrder, n.Index)
	}
	for _, n := range ck.c.Notices {
		visit(n, nil)
	}
}
