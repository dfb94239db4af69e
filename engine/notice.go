package engine

import (
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/syntax"
)

// predState is a notice condition's predicate in one period.
type predState struct {
	holds bool
	// levels[k] is the predicate for service level k alone, for a
	// condition about "the same service level".
	levels []bool
	// detail is the reason it held, for the explanation: the tier, or the
	// service levels that matched.
	detail      string
	levelDetail []string
}

// notices issues the period's notices: a breach for every failed service
// level, a missing_data notice for every missing value, then each declared
// notice whose condition holds, in dependency order.
func (ev *evaluator) notices(i int) {
	pr := &ev.periods[i]
	pr.Notices = []Notice{}
	for k, l := range ev.c.Levels {
		if o := ev.outcomes[i][k]; o.fails {
			pr.Notices = append(pr.Notices, Notice{
				Period: pr.Period, Kind: "breach", ServiceLevel: l.Name, Ref: l.Ref,
				Message: pr.ServiceLevels[k].Explanation,
			})
		}
	}
	for k, l := range ev.c.Levels {
		if o := ev.outcomes[i][k]; o.missing {
			ref := l.Missing.Ref
			if ref == "" {
				ref = l.Ref
			}
			pr.Notices = append(pr.Notices, Notice{
				Period: pr.Period, Kind: "missing_data", ServiceLevel: l.Name, Ref: ref,
				Message: ev.missingMessage(l, i),
			})
		}
	}
	for _, k := range ev.c.NoticeOrder {
		pr.Notices = append(pr.Notices, ev.declared(ev.c.Notices[k], i)...)
	}
}

func (ev *evaluator) missingMessage(l *check.ServiceLevel, i int) string {
	var names []string
	for _, m := range l.Inputs {
		if v := ev.vals[i][m.Slot]; !v.ok {
			names = append(names, m.Name+" ("+v.why+")")
		}
	}
	what := strings.Join(names, ", ")
	tierUnknown := false
	if len(names) == 0 {
		why := ev.eval(l.Subject, i).why
		if why == "" {
			why = ev.eval(l.Threshold, i).why
		}
		if why == "" {
			why, tierUnknown = missingTierThreshold(l, ev.tierThresholds(l, i)), true
		}
		what = check.Text(l.Subject) + " (" + why + ")"
	}

	p := l.Missing
	rule := "treats it as an error"
	switch p.Kind {
	case check.MissingCountsAs:
		rule = "counts it as " + failureName(l, p.Tier)
	case check.MissingNotAssessed:
		rule = "does not assess it"
	}
	if tierUnknown {
		return fmt.Sprintf("The tier of service level %s is unknown in %s (%s); the contract %s%s.", l.Name, ev.periodName(i), missingTierThreshold(l, ev.tierThresholds(l, i)), rule, cite(p.Ref))
	}
	return fmt.Sprintf("No value for %s in %s; service level %s %s%s.", what, ev.periodName(i), l.Name, rule, cite(p.Ref))
}

// declared evaluates notice n in period i and returns the notices it
// issues: one per service level for a condition about "the same service
// level", one in all for other conditions. When several conditions hold,
// the first one in the contract explains the notice.
func (ev *evaluator) declared(n *check.Notice, i int) []Notice {
	var out []Notice
	levelDone := make([]bool, len(ev.c.Levels))
	periodDone := false

	for j, cond := range n.Conditions {
		st := ev.pred(cond, i)
		ev.preds[n.Index][j][i] = st
		hist := ev.preds[n.Index][j]

		if lp, ok := cond.Pred.(*check.LevelPred); ok && lp.Scope == syntax.ScopeSame {
			for k, l := range ev.c.Levels {
				holds, hits := ev.window(cond.Window, i, func(p int) bool { return hist[p].levels[k] })
				if !holds || levelDone[k] {
					continue
				}
				levelDone[k] = true
				details := make([]string, len(hits))
				for h, p := range hits {
					details[h] = hist[p].levelDetail[k]
				}
				out = append(out, ev.notice(n, cond, i, l.Name, hits, details))
			}
			continue
		}

		holds, hits := ev.window(cond.Window, i, func(p int) bool { return hist[p].holds })
		if !holds || periodDone {
			continue
		}
		periodDone = true
		details := make([]string, len(hits))
		for h, p := range hits {
			details[h] = hist[p].detail
		}
		out = append(out, ev.notice(n, cond, i, "", hits, details))
	}
	ev.issued[n.Index][i] = len(out) > 0
	return out
}

// window applies a condition's window; a condition without one looks at
// the current period only.
func (ev *evaluator) window(w *check.Window, i int, at func(int) bool) (bool, []int) {
	if w == nil {
		if at(i) {
			return true, []int{i}
		}
		return false, nil
	}
	return windowHolds(w, i, at)
}

func (ev *evaluator) pred(cond *check.Condition, i int) predState {
	switch p := cond.Pred.(type) {
	case *check.LevelPred:
		return ev.levelPred(p, i)
	case *check.TotalPred:
		pr := &ev.periods[i]
		if p.ReachesCap {
			return predState{holds: ev.capReached[i], detail: "deductions " + ev.moneyText(pr.DeductionsBeforeCap.Value)}
		}
		holds := p.Op.Holds(pr.TotalDeduction.Value.Cmp(p.Amount))
		return predState{holds: holds, detail: ev.moneyText(pr.TotalDeduction.Value)}
	case *check.NoticePred:
		return predState{holds: ev.issued[p.Notice][i]}
	case *check.ExprPred:
		return predState{holds: ev.truth(p.Expr, i), detail: ev.conditionInputs(p.Expr, i)}
	}
	return predState{}
}

// conditionInputs lists the measures a condition reads with their values in
// period i ("punct_trend 85.1667%"), so that a notice shows its figures.
func (ev *evaluator) conditionInputs(e check.Expr, i int) string {
	var parts []string
	seen := map[*check.Measure]bool{}
	check.Walk(e, func(x check.Expr) {
		ref, ok := x.(*check.MeasureRef)
		if !ok || seen[ref.Measure] {
			return
		}
		seen[ref.Measure] = true
		parts = append(parts, ref.Measure.Name+" "+ev.valText(ev.vals[i][ref.Measure.Slot], ref.Measure.Unit))
	})
	return strings.Join(parts, ", ")
}

// levelPred tests each service level's outcome in period i.
func (ev *evaluator) levelPred(p *check.LevelPred, i int) predState {
	n := len(ev.c.Levels)
	st := predState{levels: make([]bool, n), levelDetail: make([]string, n)}
	var matched []string
	for k, l := range ev.c.Levels {
		if p.Scope == syntax.ScopeNamed && k != p.Level {
			continue
		}
		o := ev.outcomes[i][k]
		if !outcomeMatches(p, o, k) {
			continue
		}
		st.levels[k] = true
		st.levelDetail[k] = outcomeWord(l, o)
		matched = append(matched, l.Name+" "+outcomeWord(l, o))
	}

	switch p.Scope {
	case syntax.ScopeAtLeast:
		st.holds = len(matched) >= p.AtLeast
	default:
		st.holds = len(matched) > 0
	}
	if p.Scope == syntax.ScopeNamed && st.holds {
		st.detail = st.levelDetail[p.Level]
	} else {
		st.detail = strings.Join(matched, ", ")
	}
	return st
}

func outcomeMatches(p *check.LevelPred, o outcome, k int) bool {
	switch p.Outcome {
	case check.OutcomeFails:
		return o.fails
	case check.OutcomeTier:
		return o.fails && p.Tiers[k] >= 0 && o.tier == p.Tiers[k]
	case check.OutcomeMissing:
		return o.missing
	default:
		return o.status == NotAssessed
	}
}

// outcomeWord names an outcome briefly: the tier, "missing, severe", or
// "not assessed".
func outcomeWord(l *check.ServiceLevel, o outcome) string {
	var w string
	switch {
	case o.status == NotAssessed:
		w = "not assessed"
	case o.tier >= 0:
		w = l.Tiers[o.tier].Name
	case o.fails:
		w = "failed"
	default:
		w = string(o.status)
	}
	if o.status == Missing {
		w = "missing, counted " + w
	}
	return w
}

// maxListed is the most periods a notice message lists; the JSON
// "periods" field always has them all.
const maxListed = 12

// notice builds a declared notice and its message.
func (ev *evaluator) notice(n *check.Notice, cond *check.Condition, i int, level string, hits []int, details []string) Notice {
	var periods, listed []string
	for h, p := range hits {
		name := ev.periodName(p)
		periods = append(periods, name)
		if details[h] != "" {
			name += " (" + details[h] + ")"
		}
		listed = append(listed, name)
	}
	if len(listed) > maxListed {
		// Keep the latest periods, which are the ones a reader acts on.
		earlier := len(listed) - maxListed
		listed = append([]string{fmt.Sprintf("%d earlier periods", earlier)}, listed[earlier:]...)
	}
	title := n.Title
	if title == "" {
		title = n.Name
	}
	msg := fmt.Sprintf("%s%s: %s %s: %s.", title, cite(n.Ref), predPhrase(ev.c, cond, level), windowWords(cond.Window, i, ev), strings.Join(listed, ", "))
	if cond.Window == nil {
		// The condition looked at this period only, which the sentence
		// already names; the detail goes in brackets after it.
		msg = fmt.Sprintf("%s%s: %s in %s", title, cite(n.Ref), predPhrase(ev.c, cond, level), ev.periodName(i))
		if details[0] != "" {
			msg += " (" + details[0] + ")"
		}
		msg += "."
	}
	return Notice{
		Period:       ev.periodName(i),
		Kind:         n.Name,
		Title:        n.Title,
		ServiceLevel: level,
		Ref:          n.Ref,
		Message:      msg,
		Periods:      periods,
	}
}

// predPhrase writes what a condition found, in the past tense.
func predPhrase(c *check.Contract, cond *check.Condition, level string) string {
	switch p := cond.Pred.(type) {
	case *check.LevelPred:
		verb := outcomeVerb(p)
		switch p.Scope {
		case syntax.ScopeSame:
			return "service level " + level + " " + verb
		case syntax.ScopeNamed:
			return "service level " + c.Levels[p.Level].Name + " " + verb
		case syntax.ScopeAny:
			return "at least one service level " + verb
		default:
			return fmt.Sprintf("at least %d service levels %s", p.AtLeast, pluralVerb(verb))
		}
	case *check.TotalPred:
		if p.ReachesCap {
			return "total deductions reached the cap"
		}
		return fmt.Sprintf("total deductions were %s %s", p.Op, c.Currency.Format(p.Amount))
	case *check.NoticePred:
		return "notice " + c.Notices[p.Notice].Name + " was issued"
	case *check.ExprPred:
		return check.Text(p.Expr) + " held"
	}
	return ""
}

func outcomeVerb(p *check.LevelPred) string {
	switch p.Outcome {
	case check.OutcomeFails:
		return "failed"
	case check.OutcomeTier:
		return "was " + p.TierName
	case check.OutcomeMissing:
		return "had no value"
	}
	return "was not assessed"
}

func pluralVerb(v string) string {
	switch {
	case strings.HasPrefix(v, "was "):
		return "were " + strings.TrimPrefix(v, "was ")
	case v == "had no value":
		return "had no values"
	}
	return v
}

func windowWords(w *check.Window, i int, ev *evaluator) string {
	switch {
	case w == nil:
		return "in " + ev.periodName(i)
	case w.Consecutive():
		return fmt.Sprintf("in each of %d consecutive periods", w.Count)
	}
	return fmt.Sprintf("in %d of the last %d periods", w.Count, w.Last)
}
