package engine

import (
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// outcome is the record of a service level's result in one period, as
// streaks, ratchets and notices read it.
type outcome struct {
	status Status
	// tier is the tier index, or -1 when the failure has no tier.
	tier int
	// fails is true for a failure, including a missing value deemed failed.
	fails   bool
	missing bool
}

// matches reports whether o is a failure at tier t, or any failure when t
// is check.AnyTier.
func (o outcome) matches(t int) bool {
	return o.fails && (t == check.AnyTier || o.tier == t)
}

// levelEval carries one service level's evaluation in one period while the
// explanation and trace are assembled.
type levelEval struct {
	l     *check.ServiceLevel
	i     int
	subj  val
	thr   val
	o     outcome
	r     *LevelResult
	steps []TraceStep
	// sentence is the explanation, built clause by clause.
	sentence []string
	// tierWhy is the reason a failure's tier is unknown (a tier threshold
	// with no value), or "" when the tier is known.
	tierWhy string
}

func (le *levelEval) step(rule, ref, result string) {
	le.steps = append(le.steps, TraceStep{Rule: rule, Ref: ref, Result: result})
}

func (le *levelEval) say(format string, args ...any) {
	le.sentence = append(le.sentence, fmt.Sprintf(format, args...))
}

func (ev *evaluator) level(l *check.ServiceLevel, i int) LevelResult {
	r := LevelResult{
		Name:       l.Name,
		Title:      l.Title,
		Ref:        l.Ref,
		Comparison: l.Op.String(),
		TargetText: l.TargetText,
	}
	le := &levelEval{l: l, i: i, subj: ev.eval(l.Subject, i), thr: ev.eval(l.Threshold, i), r: &r}
	r.Value = ev.value(le.subj, l.Unit)
	r.Target = ev.value(le.thr, l.Unit)
	r.Trace.Inputs = ev.levelInputs(l, i)

	r.Basis = ev.levelBasis(l, i)
	small := smallSample(r.Basis)
	switch {
	case small != nil && l.Sample.Kind != check.SampleAssessed:
		ev.sampleLevel(le, small)
	case !le.subj.ok || !le.thr.ok:
		ev.missingLevel(le)
	default:
		ev.assess(le)
	}
	ev.outcomes[i][l.Index] = le.o
	r.Status = le.o.status
	if le.o.tier >= 0 {
		r.Tier = l.Tiers[le.o.tier].Name
	}
	r.Streak = ev.streak(l.Index, i)

	if le.o.fails {
		ev.deduct(le)
	} else {
		zero := ev.money(decimal.Zero)
		r.Deduction, r.DeductionBeforeCap = zero, zero
		le.say("no deduction")
	}
	r.Explanation = sentence(le.sentence) + basisSentence(r.Basis)
	r.Trace.Steps = le.steps
	r.Trace.Result = traceResult(r)
	return r
}

// sentence joins the clauses of an explanation: the first clause states
// the facts, a colon leads to the consequences, and semicolons separate
// those.
func sentence(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	s := parts[0]
	for k, p := range parts[1:] {
		if k == 0 {
			s += ": " + p
		} else {
			s += "; " + p
		}
	}
	return s + "."
}

func traceResult(r LevelResult) string {
	s := string(r.Status)
	if r.Tier != "" {
		s += " (" + r.Tier + ")"
	}
	return s + ", deduction " + r.Deduction.String()
}

// levelInputs lists the reported measures the target reads, and the
// compared values themselves when they are computed.
func (ev *evaluator) levelInputs(l *check.ServiceLevel, i int) []TraceInput {
	var in []TraceInput
	for _, m := range l.Inputs {
		in = append(in, TraceInput{Name: m.Name, Value: ev.valText(ev.vals[i][m.Slot], m.Unit)})
	}
	for _, e := range []check.Expr{l.Subject, l.Threshold} {
		if _, ok := e.(*check.Const); ok {
			continue
		}
		if ref, ok := e.(*check.MeasureRef); ok && ref.Measure.Reported {
			continue
		}
		in = append(in, TraceInput{Name: check.Text(e), Value: ev.valText(ev.eval(e, i), l.Unit)})
	}
	return in
}

func (ev *evaluator) valText(v val, u types.Unit) string {
	if !v.ok {
		return "missing"
	}
	return ev.text(v.n, u)
}

// thresholdText writes a threshold as the contract states it, with its
// value when it is computed: "85%", or "csat_trend (87.1667…%)".
func (ev *evaluator) thresholdText(e check.Expr, v val, u types.Unit) string {
	if _, ok := check.ConstValue(e); ok {
		return check.Text(e)
	}
	return fmt.Sprintf("%s (%s)", check.Text(e), ev.valText(v, u))
}

// failWords describes a value that fails a comparison with operator op.
func failWords(op check.CmpOp) string {
	switch op {
	case check.OpGE:
		return "below"
	case check.OpGT:
		return "not above"
	case check.OpLE:
		return "above"
	case check.OpLT:
		return "not below"
	case check.OpEQ:
		return "not equal to"
	}
	return "equal to"
}

// assess compares the value with the target and, on a failure, finds the
// most severe tier whose condition holds.
func (ev *evaluator) assess(le *levelEval) {
	l, i := le.l, le.i
	subject := check.Text(l.Subject)
	value := ev.text(le.subj.n, l.Unit)
	target := ev.thresholdText(l.Threshold, le.thr, l.Unit)
	ref := cite(l.Ref)

	if l.Op.Holds(le.subj.n.Cmp(le.thr.n)) {
		le.o = outcome{status: Met, tier: -1}
		le.step("target "+l.TargetText, l.Ref, fmt.Sprintf("met: %s %s %s", value, l.Op, ev.valText(le.thr, l.Unit)))
		le.say("%s %s meets the target of %s %s%s", subject, value, l.Op.Words(), target, ref)
		return
	}

	le.step("target "+l.TargetText, l.Ref, fmt.Sprintf("not met: %s %s %s", value, l.Op.Negate(), ev.valText(le.thr, l.Unit)))
	// Each tier threshold is evaluated once here and read by the checks below.
	thresholds := ev.tierThresholds(l, i)
	if why := missingTierThreshold(l, thresholds); why != "" {
		le.tierWhy = why
		ev.missingLevel(le)
		return
	}
	ev.checkTierOrder(l, le.thr, thresholds, i)
	tier := tierOf(l, le.subj.n, thresholds)
	le.o = outcome{status: Failed, tier: tier, fails: true}
	facts := fmt.Sprintf("%s %s is %s the target of %s", subject, value, failWords(l.Op), target)
	if tier > 0 {
		t := l.Tiers[tier]
		facts += fmt.Sprintf(" and %s the %s threshold of %s", failWords(t.Op.Negate()), t.Name, ev.thresholdText(t.Threshold, thresholds[tier], l.Unit))
	}
	if tier >= 0 {
		t := l.Tiers[tier]
		le.step("tier "+t.Name+" when "+t.Text, t.Ref, "holds")
		if t.Ref != l.Ref {
			ref = cite(l.Ref + "; " + t.Ref)
		}
	}
	le.say("%s%s", facts, ref)
}

// checkTierOrder reports a period in which computed tier thresholds are
// out of order: each tier must be stricter than the one before it, and
// the first as strict as the target. The checker proves this for constant
// thresholds. A threshold computed from the data is checked here, because a
// tier that is less strict than the one before it would silently take
// values that belong to the milder tier.
func (ev *evaluator) checkTierOrder(l *check.ServiceLevel, thr val, thresholds []val, i int) {
	prev, prevText := thr, check.Text(l.Threshold)
	prevInclusive := l.Op.Negate() == check.OpLE || l.Op.Negate() == check.OpGE
	for k, t := range l.Tiers {
		tv := thresholds[k]
		if !tv.ok || !prev.ok {
			return
		}
		inclusive := t.Op == check.OpLE || t.Op == check.OpGE
		c := tv.n.Cmp(prev.n)
		if !l.Op.HigherIsBetter() {
			c = -c
		}
		if c > 0 || (c == 0 && inclusive && !prevInclusive) {
			ev.errs.Add(&diag.Diagnostic{
				Severity: diag.Error,
				File:     ev.c.File.Name,
				Span:     t.Decl.Cond.Span(),
				Message: fmt.Sprintf("in %s, tier %s (%s, threshold %s) is less strict than the threshold before it (%s = %s), so the tiers are out of order",
					ev.periodName(i), t.Name, t.Text, ev.valText(tv, l.Unit), prevText, ev.valText(prev, l.Unit)),
				Hint: "derive each tier's threshold from the one before it, for example from the target's threshold minus a margin",
			})
			return
		}
		prev, prevText, prevInclusive = tv, check.Text(t.Threshold), inclusive
	}
}

// tierThresholds evaluates each tier's threshold in period i.
func (ev *evaluator) tierThresholds(l *check.ServiceLevel, i int) []val {
	out := make([]val, len(l.Tiers))
	for k, t := range l.Tiers {
		out[k] = ev.eval(t.Threshold, i)
	}
	return out
}

// missingTierThreshold returns why a tier threshold has no value, or ""
// when every threshold has one. Without a threshold a failure's tier is
// unknown, and guessing the mildest tier would understate the deduction.
func missingTierThreshold(l *check.ServiceLevel, thresholds []val) string {
	for k, t := range l.Tiers {
		if tv := thresholds[k]; !tv.ok {
			return fmt.Sprintf("the threshold of tier %s, %s, has no value: %s", t.Name, check.Text(t.Threshold), tv.why)
		}
	}
	return ""
}

// tierOf returns the most severe tier whose condition holds for value v,
// or -1 when the service level has no tiers.
func tierOf(l *check.ServiceLevel, v num.Num, thresholds []val) int {
	for k := len(l.Tiers) - 1; k >= 0; k-- {
		t, tv := l.Tiers[k], thresholds[k]
		if tv.ok && t.Op.Holds(v.Cmp(tv.n)) {
			return k
		}
	}
	if len(l.Tiers) > 0 {
		// The checker makes the first tier cover every failure, so this
		// is reached only when a tier threshold is itself missing.
		return 0
	}
	return -1
}

// missingLevel applies the service level's missing-value rule.
func (ev *evaluator) missingLevel(le *levelEval) {
	l, i := le.l, le.i
	why := le.subj.why
	if le.subj.ok {
		why = le.thr.why
	}
	facts := fmt.Sprintf("%s has no value for %s (%s)", check.Text(l.Subject), ev.periodName(i), why)
	if le.tierWhy != "" {
		why = le.tierWhy
		facts = fmt.Sprintf("%s %s is %s the target of %s, but its tier is unknown for %s (%s)", check.Text(l.Subject),
			ev.text(le.subj.n, l.Unit), failWords(l.Op), ev.thresholdText(l.Threshold, le.thr, l.Unit), ev.periodName(i), why)
	}
	p := l.Missing

	switch p.Kind {
	case check.MissingCountsAs:
		le.o = outcome{status: Missing, tier: p.Tier, fails: true, missing: true}
		what := "a failure"
		if p.Tier >= 0 {
			what = "a " + l.Tiers[p.Tier].Name + " failure"
		}
		le.step("missing value counts as "+tierWord(l, p.Tier), p.Ref, "applies: "+why)
		le.say("%s; a missing value counts as %s%s", facts, what, cite(p.Ref))
	case check.MissingNotAssessed:
		le.o = outcome{status: NotAssessed, tier: -1, missing: true}
		le.step("missing value is not assessed", p.Ref, "applies: "+why)
		le.say("%s; a missing value is not assessed%s", facts, cite(p.Ref))
	default:
		le.o = outcome{status: NotAssessed, tier: -1, missing: true}
		ev.missingError(l, i, why)
		le.say("%s", facts)
	}
}

// countsAsExample writes a "counts as" line that the service level
// accepts: with its most severe tier, or "failed" when it has none.
func countsAsExample(l *check.ServiceLevel) string {
	if len(l.Tiers) == 0 {
		return "missing value counts as failed"
	}
	return "missing value counts as " + l.Tiers[len(l.Tiers)-1].Name
}

func tierWord(l *check.ServiceLevel, t int) string {
	if t < 0 {
		return "failed"
	}
	return l.Tiers[t].Name
}

// missingError reports a missing value for a service level whose contract
// treats one as an error. It points at the empty data cell when the value
// comes straight from the data.
func (ev *evaluator) missingError(l *check.ServiceLevel, i int, why string) {
	row := ev.t.Rows[i]
	pos := row.Pos
	for col, slot := range ev.p.reportedSlots {
		for _, in := range l.Inputs {
			if in.Slot == slot && row.Cells[col].Missing {
				pos = row.Cells[col].Pos
			}
		}
	}
	declared := l.Decl.Sp.Start
	ev.errs.Add(&diag.Diagnostic{
		Severity: diag.Error,
		File:     ev.t.File,
		Span:     diag.Span{Start: pos, End: pos},
		Message: fmt.Sprintf("service level %s has no value for %s (%s), and its contract treats a missing value as an error",
			l.Name, ev.periodName(i), why),
		Hint: fmt.Sprintf("supply the value, or state the rule in service level %s (%s:%d): %s, or missing value is not assessed",
			l.Name, ev.c.File.Name, declared.Line, countsAsExample(l)),
	})
}

// streak counts the consecutive periods, ending with period i, in which
// level k had the same outcome: met, failed at the same tier (a missing
// value deemed failed at that tier included, as ratchets count it), or not
// assessed.
func (ev *evaluator) streak(k, i int) int {
	cur := ev.outcomes[i][k]
	n := 0
	for j := i; j >= 0; j-- {
		if !sameOutcome(ev.outcomes[j][k], cur) {
			break
		}
		n++
	}
	return n
}

func sameOutcome(a, b outcome) bool {
	if a.fails || b.fails {
		return a.fails && b.fails && a.tier == b.tier
	}
	return a.status == b.status
}

// candidate is a deduct line that applies, with its amount.
type candidate struct {
	d       *check.Deduction
	exact   num.Num
	rounded decimal.Decimal
	// how is the amount's derivation ("0.5% of availability USD 125,000.00").
	how  string
	hits []int
	ok   bool
}

// deduct picks the deduct line that applies to the failure, computes and
// rounds its amount, and applies the service level's cap. When several
// lines apply (a plain line and a ratchet), the largest amount is taken,
// the first in the contract on a tie, because a ratchet replaces the plain
// rate instead of adding to it.
func (ev *evaluator) deduct(le *levelEval) {
	l, i, r := le.l, le.i, le.r
	var best *candidate
	for _, d := range l.Deductions {
		c := ev.candidate(le, d)
		if c == nil || !c.ok {
			continue
		}
		if best == nil || c.rounded.GreaterThan(best.rounded) {
			best = c
		}
	}

	zero := ev.money(decimal.Zero)
	if best == nil {
		r.Deduction, r.DeductionBeforeCap = zero, zero
		le.say("the contract sets no deduction for %s", failureName(l, le.o.tier))
		return
	}

	d := best.d
	r.Rule, r.RuleRef = d.Text, d.Ref
	r.DeductionBeforeCap = ev.money(best.rounded)
	r.Deduction = r.DeductionBeforeCap
	le.step(d.Text, d.Ref, "applies"+hitsText(ev, best.hits))
	le.step(best.how, "", ev.text(best.exact, types.Money))

	// A missing value's sentence has already named its tier, so it only
	// needs the clause when a window made the line apply.
	clause := failureName(l, le.o.tier)
	if d.Window != nil {
		clause += " " + windowPhrase(d.Window, len(best.hits), ev.streakOf(l.Index, i, d.Tier))
	}
	if le.o.missing && d.Window == nil {
		clause = ""
	}
	amount := fmt.Sprintf("deduction %s = %s", best.how, ev.moneyText(best.rounded))
	if best.how == ev.moneyText(best.rounded) {
		amount = "deduction " + best.how
	}
	if roundedAway(best.exact, best.rounded) {
		amount = fmt.Sprintf("deduction %s = %s, rounded %s to %s", best.how, ev.text(best.exact, types.Money), ev.c.Rounding, ev.moneyText(best.rounded))
		le.step(fmt.Sprintf("round %s to %d decimal places", ev.c.Rounding, ev.c.Currency.MinorUnits), "", ev.moneyText(best.rounded))
	}
	if d.Ref != l.Ref && d.Ref != "" {
		amount += cite(d.Ref)
	}
	if clause != "" {
		le.say("%s", clause)
	}
	le.say("%s", amount)
	ev.levelCap(le)
}

func failureName(l *check.ServiceLevel, tier int) string {
	if tier < 0 {
		return "a failure"
	}
	return article(l.Tiers[tier].Name) + " " + l.Tiers[tier].Name + " failure"
}

// article returns "an" before a word that starts with a vowel letter and
// "a" otherwise. Tier names are short English words, for which the letter
// is a good enough guide.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// plural writes "1 unit" or "1.5 units".
func plural(n, noun string) string {
	if n == "1" {
		return n + " " + noun
	}
	return n + " " + noun + "s"
}

func roundedAway(exact num.Num, rounded decimal.Decimal) bool {
	return exact.Cmp(num.FromDecimal(rounded)) != 0
}

// streakOf counts the consecutive periods ending with i in which level k
// failed at tier t.
func (ev *evaluator) streakOf(k, i, t int) int {
	n := 0
	for j := i; j >= 0 && ev.outcomes[j][k].matches(t); j-- {
		n++
	}
	return n
}

// windowPhrase describes why a window held: "for the 2nd consecutive
// period", or "for the 4th time in the last 12 periods".
func windowPhrase(w *check.Window, hits, streak int) string {
	if w.Consecutive() {
		return fmt.Sprintf("for the %s consecutive period", ordinal(streak))
	}
	return fmt.Sprintf("for the %s time in the last %d periods", ordinal(hits), w.Last)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

func hitsText(ev *evaluator, hits []int) string {
	if len(hits) == 0 {
		return ""
	}
	var names []string
	for _, j := range hits {
		names = append(names, ev.periodName(j))
	}
	return " in " + strings.Join(names, ", ")
}

// candidate evaluates one deduct line for the current failure, or returns
// nil when it does not apply.
func (ev *evaluator) candidate(le *levelEval, d *check.Deduction) *candidate {
	l, i := le.l, le.i
	if !le.o.matches(d.Tier) {
		return nil
	}
	c := &candidate{d: d, hits: []int{i}}
	if d.Window != nil {
		holds, hits := windowHolds(d.Window, i, func(j int) bool { return ev.outcomes[j][l.Index].matches(d.Tier) })
		if !holds {
			return nil
		}
		c.hits = hits
	}

	base, how := ev.amount(d.Amount)
	c.exact, c.how, c.ok = base, how, true
	if d.PerUnit != nil {
		ev.perUnit(le, c, base)
	}
	c.rounded = ev.roundMoney(c.exact)
	return c
}

// amount evaluates a rate of a payment or a fixed sum.
func (ev *evaluator) amount(a check.Amount) (num.Num, string) {
	if a.Payment == nil {
		return num.FromDecimal(a.Money), ev.moneyText(a.Money)
	}
	exact := num.FromDecimal(a.Rate).Mul(num.FromDecimal(a.Payment.Amount))
	return exact, fmt.Sprintf("%s %s", a.Text, ev.moneyText(a.Payment.Amount))
}

// perUnit scales a deduction by the shortfall: the distance between the
// value and the target's threshold, counted in units.
func (ev *evaluator) perUnit(le *levelEval, c *candidate, base num.Num) {
	l, p := le.l, c.d.PerUnit
	if !le.subj.ok || !le.thr.ok {
		ev.errs.Add(&diag.Diagnostic{
			Severity: diag.Error,
			File:     ev.c.File.Name,
			Span:     c.d.Decl.Sp,
			Message: fmt.Sprintf("service level %s has no value for %s, so the per-unit deduction %q has no shortfall to count",
				l.Name, ev.periodName(le.i), c.d.Text),
			Hint: "give a missing value a tier whose deduction is not per unit, or supply the value",
		})
		c.ok = false
		return
	}

	shortfall := le.subj.n.Sub(le.thr.n).Abs()
	units, _ := shortfall.Quo(num.FromDecimal(p.Unit))
	switch p.Mode {
	case check.FullUnits:
		units = units.Floor()
	case check.StartedUnits:
		units = units.Ceil()
	}
	c.exact = base.Mul(units)
	c.how = fmt.Sprintf("%s per %s of shortfall × %s (shortfall %s)",
		c.how, p.Text, plural(units.Text(displayPlaces), "unit"), ev.text(shortfall, l.Unit))
}

// levelCap limits the deduction to the service level's own cap.
func (ev *evaluator) levelCap(le *levelEval) {
	l, r := le.l, le.r
	if l.Cap == nil {
		return
	}
	exact, how := ev.amount(l.Cap.Amount)
	limit := ev.roundMoney(exact)
	if r.Deduction.Value.LessThanOrEqual(limit) {
		le.step("cap at "+l.Cap.Amount.Text, l.Cap.Ref, "not reached: limit "+ev.moneyText(limit))
		return
	}
	r.Deduction = ev.money(limit)
	le.step("cap at "+l.Cap.Amount.Text, l.Cap.Ref, "binds: "+ev.moneyText(limit))
	if how == ev.moneyText(limit) {
		le.say("capped at %s%s", how, cite(l.Cap.Ref))
		return
	}
	le.say("capped at %s = %s%s", how, ev.moneyText(limit), cite(l.Cap.Ref))
}

// windowHolds reports whether at(j) holds for the window ending with
// period i, and which periods it held in. Periods before the first period
// of the data count as not holding.
func windowHolds(w *check.Window, i int, at func(j int) bool) (bool, []int) {
	var hits []int
	if w.Consecutive() {
		for j := i - w.Count + 1; j <= i; j++ {
			if j < 0 || !at(j) {
				return false, nil
			}
			hits = append(hits, j)
		}
		return true, hits
	}
	for j := max(0, i-w.Last+1); j <= i; j++ {
		if at(j) {
			hits = append(hits, j)
		}
	}
	return len(hits) >= w.Count, hits
}

// cite formats a reference for the end of a clause: " (Schedule 7, para 2.1)".
func cite(ref string) string {
	if ref == "" {
		return ""
	}
	return " (" + ref + ")"
}
