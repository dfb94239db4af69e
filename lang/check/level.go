package check

import (
	"fmt"
	"strings"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// tierReserved are words that explanations and notice conditions use for
// outcomes, so a tier cannot take them as its name.
var tierReserved = map[string]bool{"met": true, "failed": true, "fails": true, "missing": true, "not_assessed": true}

func (ck *checker) serviceLevel(d *syntax.ServiceLevelDecl) {
	l := ck.levels[d.Name.Name]
	if l == nil || l.Decl != d {
		return
	}

	switch len(d.Targets) {
	case 0:
		ck.errorf(d.Name, "service level %s has no target", l.Name).Hint = "add a line such as: target csat >= 85%"
		return
	case 1:
	default:
		ck.errorf(d.Targets[1], "service level %s has a second target", l.Name).Hint = "keep one target; put severity thresholds in tier lines"
	}
	if !ck.target(l, d.Targets[0]) {
		return
	}
	ck.tiers(l)
	ck.deductions(l)
	ck.missingPolicy(l)
	ck.missingShortfall(l)
	ck.samplePolicy(l)
	ck.levelCap(l)
	ck.public(l)
}

// public reads the "public" line of a service level.
func (ck *checker) public(l *ServiceLevel) {
	for i, p := range l.Decl.Public {
		if i > 0 {
			ck.errorf(p, "service level %s has a second public line", l.Name).Hint = "keep one"
			continue
		}
		l.Public = true
		if p.Title != nil && strings.TrimSpace(p.Title.Value) == "" {
			ck.errorf(p.Title, "the public title of service level %s is empty", l.Name).Hint = "write public alone to show the service level's title, or give a plain-language title"
			continue
		}
		if p.Title != nil {
			l.PublicTitle = p.Title.Value
		}
	}
}

// samplePolicy checks the "below minimum sample" line. It needs a measure
// with a minimum sample among the service level's inputs, or it could
// never apply.
func (ck *checker) samplePolicy(l *ServiceLevel) {
	for i, sp := range l.Decl.Sample {
		if i > 0 {
			ck.errorf(sp, "service level %s has a second below minimum sample line", l.Name).Hint = "keep one"
			continue
		}
		if !hasMinimumSample(l.Inputs) {
			ck.errorf(sp, "service level %s reads no measure with a minimum sample, so this line never applies", l.Name).Hint =
				"add a minimum sample line to the measure, or remove this line"
			continue
		}
		p := SamplePolicy{Ref: refText(sp.Ref), Declared: true}
		if p.Ref == "" {
			p.Ref = l.Ref
		}
		switch sp.Kind {
		case "counts as":
			tier, ok := ck.tierRef(l, sp.CountsAs, false)
			if !ok {
				continue
			}
			p.Kind, p.Tier = SampleCountsAs, tier
		case "assessed":
			p.Kind = SampleAssessed
		default:
			p.Kind = SampleNotAssessed
		}
		l.Sample = p
	}
	if l.Sample.Ref == "" {
		l.Sample.Ref = l.Ref
	}
}

func hasMinimumSample(inputs []*Measure) bool {
	for _, m := range inputs {
		if m.Records != nil && m.Records.MinSample > 0 {
			return true
		}
	}
	return false
}

// comparison unwraps parentheses and returns e as a comparison, or nil.
func comparison(e syntax.Expr) *syntax.Binary {
	for {
		p, ok := e.(*syntax.Paren)
		if !ok {
			break
		}
		e = p.X
	}
	b, ok := e.(*syntax.Binary)
	if !ok {
		return nil
	}
	switch b.Op {
	case ">=", ">", "<=", "<":
		return b
	}
	return nil
}

func (ck *checker) target(l *ServiceLevel, t *syntax.Target) bool {
	b := comparison(t.Cond)
	if b == nil {
		ck.errorf(t.Cond, "the target must compare a measure with a threshold using >=, >, <= or <, not %s", syntax.ExprString(t.Cond)).Hint =
			"write a line such as: target csat >= 85%"
		return false
	}

	cmp, ok := ck.expr(b).(*Compare)
	if !ok || cmp.X.Unit() != cmp.Y.Unit() || cmp.X.Unit() == bad {
		return false
	}
	if _, isConst := ConstValue(cmp.X); isConst {
		ck.errorf(b.X, "the target's left side %s is a constant", syntax.ExprString(b.X)).Hint =
			"put the measure on the left, as in: target csat >= 85%"
		return false
	}
	l.Subject, l.Op, l.Threshold = cmp.X, cmp.Op, cmp.Y
	l.Unit = cmp.X.Unit()
	if l.Unit == untyped {
		l.Unit = types.Number
	}
	l.TargetText = syntax.ExprString(b)
	l.Inputs = reportedInputs(cmp)
	return l.Unit != bad
}

// bound is the edge of a failure region: "csat < 75%" is {75%, false}.
type bound struct {
	v         decimal.Decimal
	inclusive bool
}

// subset reports whether failure region a lies within region b. For a
// higher-is-better target the regions extend downwards from their bounds.
func subset(higherBetter bool, a, b bound) bool {
	c := a.v.Cmp(b.v)
	if !higherBetter {
		c = -c
	}
	if c != 0 {
		return c < 0
	}
	return !a.inclusive || b.inclusive
}

func (ck *checker) tiers(l *ServiceLevel) {
	seen := map[string]bool{}
	for _, t := range l.Decl.Tiers {
		name := t.Name.Name
		switch {
		case tierReserved[name] || reserved[name]:
			ck.errorf(t.Name, "%q cannot name a tier", name).Hint = "choose a name such as minor, serious or severe"
			continue
		case seen[name]:
			ck.errorf(t.Name, "tier %s is declared twice in service level %s", name, l.Name)
			continue
		}
		seen[name] = true
		if tier := ck.tier(l, t); tier != nil {
			l.Tiers = append(l.Tiers, tier)
			continue
		}
		if ck.badTiers[l] == nil {
			ck.badTiers[l] = map[string]bool{}
		}
		ck.badTiers[l][name] = true
	}
	ck.tierOrder(l)
}

// tier checks that a tier compares the target's measure in the failing
// direction: a tier of "csat >= 85%" reads "csat < X" or "csat <= X".
func (ck *checker) tier(l *ServiceLevel, t *syntax.Tier) *Tier {
	b := comparison(t.Cond)
	subject := syntax.ExprString(l.Subject.Node())
	if b == nil || syntax.ExprString(b.X) != subject {
		ck.errorf(t.Cond, "tier %s must compare %s, the target's measure, with a threshold", t.Name.Name, subject).Hint =
			fmt.Sprintf("write a line such as: tier %s when %s %s VALUE", t.Name.Name, subject, l.Op.Negate())
		return nil
	}
	cmp, ok := ck.expr(b).(*Compare)
	if !ok || cmp.X.Unit() != cmp.Y.Unit() || cmp.Y.Unit() == bad {
		return nil
	}
	if cmp.Op.HigherIsBetter() == l.Op.HigherIsBetter() {
		ck.errorf(t.Cond, "tier %s describes values that meet the target (%s)", t.Name.Name, l.TargetText).Hint =
			fmt.Sprintf("a tier describes a failure: write %s %s VALUE", subject, l.Op.Negate())
		return nil
	}
	ref := refText(t.Ref)
	if ref == "" {
		ref = l.Ref
	}
	return &Tier{Decl: t, Name: t.Name.Name, Op: cmp.Op, Threshold: cmp.Y, Ref: ref, Text: syntax.ExprString(b)}
}

// tierOrder checks that the first tier covers every failure and that each
// later tier is strictly more severe than the one before it. Thresholds
// that are not constants are checked by their text only.
func (ck *checker) tierOrder(l *ServiceLevel) {
	if len(l.Tiers) == 0 {
		return
	}
	ck.firstTier(l, l.Tiers[0])

	hb := l.Op.HigherIsBetter()
	for i := 1; i < len(l.Tiers); i++ {
		prev, cur := l.Tiers[i-1], l.Tiers[i]
		pv, ok1 := ConstValue(prev.Threshold)
		cv, ok2 := ConstValue(cur.Threshold)
		if !ok1 || !ok2 {
			continue
		}
		a := bound{cv, cur.Op == OpLE || cur.Op == OpGE}
		b := bound{pv, prev.Op == OpLE || prev.Op == OpGE}
		switch {
		case subset(hb, a, b) && subset(hb, b, a):
			ck.errorf(cur.Decl.Cond, "tier %s can never apply: tier %s before it covers the same values (%s)", cur.Name, prev.Name, prev.Text).Hint =
				"give each tier a stricter threshold than the one before it"
		case !subset(hb, a, b):
			ck.errorf(cur.Decl.Cond, "tiers are out of order: tier %s (%s) is not more severe than tier %s (%s) before it", cur.Name, cur.Text, prev.Name, prev.Text).Hint =
				"list tiers from the least to the most severe"
		}
	}
}

// firstTier checks that the least severe tier starts exactly where the
// target stops being met, so every failure falls in a tier and no met
// value does.
func (ck *checker) firstTier(l *ServiceLevel, first *Tier) {
	want := l.Op.Negate()
	subject := Text(l.Subject)
	wantText := fmt.Sprintf("%s %s %s", subject, want, Text(l.Threshold))

	tv, ok1 := ConstValue(l.Threshold)
	fv, ok2 := ConstValue(first.Threshold)
	if !ok1 || !ok2 {
		if first.Op != want || Text(first.Threshold) != Text(l.Threshold) {
			ck.errorf(first.Decl.Cond, "the first tier, %s, must cover every failure of the target %s", first.Name, l.TargetText).Hint =
				fmt.Sprintf("write: tier %s when %s", first.Name, wantText)
		}
		return
	}

	hb := l.Op.HigherIsBetter()
	failure := bound{tv, want == OpLE || want == OpGE}
	tier := bound{fv, first.Op == OpLE || first.Op == OpGE}
	switch {
	case !subset(hb, tier, failure):
		ck.errorf(first.Decl.Cond, "tier %s (%s) overlaps values that meet the target %s", first.Name, first.Text, l.TargetText).Hint =
			fmt.Sprintf("start the first tier where the target fails: tier %s when %s", first.Name, wantText)
	case !subset(hb, failure, tier):
		ck.errorf(first.Decl.Cond, "gap between the target %s and tier %s (%s): some failures fall in no tier", l.TargetText, first.Name, first.Text).Hint =
			fmt.Sprintf("start the first tier where the target fails: tier %s when %s", first.Name, wantText)
	}
}

func (ck *checker) tierNames(l *ServiceLevel) []string {
	names := []string{"failed"}
	for _, t := range l.Tiers {
		names = append(names, t.Name)
	}
	return names
}

// tierRef resolves the tier named in a deduct or missing-value line:
// a tier name, or "failed" for every failure.
func (ck *checker) tierRef(l *ServiceLevel, id *syntax.Ident, allowFailed bool) (int, bool) {
	if id.Name == "failed" {
		if allowFailed || len(l.Tiers) == 0 {
			return AnyTier, true
		}
		ck.errorf(id, "service level %s has tiers, so name one", l.Name).Hint = "tiers: " + strings.Join(ck.tierNames(l)[1:], ", ")
		return 0, false
	}
	if i := l.TierIndex(id.Name); i >= 0 {
		return i, true
	}
	if ck.badTiers[l][id.Name] {
		return 0, false
	}
	if len(l.Tiers) == 0 && len(l.Decl.Tiers) == 0 {
		ck.errorf(id, "service level %s has no tier %q", l.Name, id.Name).Hint =
			"it declares no tiers, so write \"failed\", or add a line such as: tier " + id.Name + " when ..."
		return 0, false
	}
	d := ck.errorf(id, "unknown tier %q in service level %s", id.Name, l.Name)
	d.Hint = ck.suggest(id.Name, ck.tierNames(l))
	if d.Hint == "" {
		d.Hint = "the tiers are " + strings.Join(ck.tierNames(l)[1:], ", ") + "; \"failed\" means any of them"
	}
	return 0, false
}

func (ck *checker) deductions(l *ServiceLevel) {
	seen := map[string]int{}
	for _, d := range l.Decl.Deducts {
		amount := ck.amount(d.Amount, "deduction rate")
		tier, ok := ck.tierRef(l, d.When, true)
		ded := &Deduction{
			Decl:   d,
			Amount: amount,
			Tier:   tier,
			Window: ck.window(d.Window),
			Ref:    refText(d.Ref),
			Text:   deductText(d),
		}
		if ded.Ref == "" {
			ded.Ref = l.Ref
		}
		if d.PerUnit != nil {
			ded.PerUnit = ck.perUnit(l, d.PerUnit)
		}
		if !ok {
			continue
		}

		key := d.When.Name
		if ded.Window != nil {
			key += " " + ded.Window.Text
		}
		if line, dup := seen[key]; dup {
			ck.errorf(d, "a second deduction for %s", key).Hint =
				fmt.Sprintf("line %d already covers it; keep one deduction per tier and window", line)
			continue
		}
		seen[key] = d.Sp.Start.Line
		l.Deductions = append(l.Deductions, ded)
	}
}

func deductText(d *syntax.Deduct) string {
	s := "deduct "
	if d.Amount.Money != nil {
		s += d.Amount.Money.Text
	} else {
		s += d.Amount.Rate.Text + " of " + d.Amount.Payment.Name
	}
	if d.PerUnit != nil {
		s += " per " + strings.TrimSpace(d.PerUnit.Count+" "+syntax.ExprString(d.PerUnit.Unit)) + " of shortfall"
	}
	s += " when " + d.When.Name
	if d.Window != nil {
		s += " " + syntaxWindowText(d.Window)
	}
	return s
}

// perUnit checks the unit of shortfall: a literal in the service level's
// unit, above zero.
func (ck *checker) perUnit(l *ServiceLevel, p *syntax.PerUnit) *PerUnit {
	u := ck.expr(p.Unit)
	want := l.Unit
	if u.Unit() == untyped && (want == types.Count || want == types.Number) {
		setUnit(u, want)
	}
	v, _ := ConstValue(u)
	switch {
	case u.Unit() != want:
		ck.errorf(p.Unit, "the shortfall unit %s is a %s but service level %s measures a %s", Text(u), unitName(u.Unit()), l.Name, unitName(want)).Hint =
			literalHint(strings.TrimRight(Text(u), "%"), want, ck.currency.Code)
		return nil
	case !v.IsPositive():
		ck.errorf(p.Unit, "the shortfall unit must be above zero, not %s", Text(u))
		return nil
	}
	mode := map[string]PerUnitMode{"": Proportional, "full": FullUnits, "started": StartedUnits}[p.Count]
	return &PerUnit{Unit: v, Mode: mode, Text: strings.TrimSpace(p.Count + " " + Text(u))}
}

func (ck *checker) missingPolicy(l *ServiceLevel) {
	for i, m := range l.Decl.Missing {
		if i > 0 {
			ck.errorf(m, "service level %s has a second missing-value line", l.Name).Hint = "keep one"
			continue
		}
		p := MissingPolicy{Ref: refText(m.Ref), Declared: true}
		if p.Ref == "" {
			p.Ref = l.Ref
		}
		switch m.Kind {
		case "counts as":
			tier, ok := ck.tierRef(l, m.CountsAs, false)
			if !ok {
				continue
			}
			p.Kind, p.Tier = MissingCountsAs, tier
		case "not assessed":
			p.Kind = MissingNotAssessed
		default:
			p.Kind = MissingIsError
		}
		l.Missing = p
	}
}

// missingShortfall rejects a missing value that counts as a tier whose
// deduction is per unit of shortfall, because a missing value has no
// shortfall to count.
func (ck *checker) missingShortfall(l *ServiceLevel) {
	p := l.Missing
	if p.Kind != MissingCountsAs {
		return
	}
	for _, d := range l.Deductions {
		if d.PerUnit == nil || (d.Tier != p.Tier && d.Tier != AnyTier) {
			continue
		}
		ck.errorf(l.Decl.Missing[0], "a missing value counts as %s, but the deduction on line %d is per unit of shortfall, which a missing value does not have",
			tierName(l, p.Tier), d.Decl.Sp.Start.Line).Hint =
			"count a missing value as a tier with a fixed deduction, or write: missing value is not assessed"
		return
	}
}

func tierName(l *ServiceLevel, tier int) string {
	if tier == AnyTier {
		return "failed"
	}
	return l.Tiers[tier].Name
}

func (ck *checker) levelCap(l *ServiceLevel) {
	for i, c := range l.Decl.Caps {
		if i > 0 {
			ck.errorf(c, "service level %s has a second cap", l.Name).Hint = "keep one"
			continue
		}
		ref := refText(c.Ref)
		if ref == "" {
			ref = l.Ref
		}
		l.Cap = &LevelCap{Amount: ck.amount(c.Amount, "cap"), Ref: ref}
	}
}
