// Package check resolves and type-checks a parsed contract.
//
// Check walks the syntax tree once per kind of declaration: the contract
// header first (the currency and term that later checks need), then names,
// payments, measures, service levels, the cap and the notices. It resolves
// every name to a slot, gives every expression a unit, parses every rate and
// threshold, and orders computed measures and notices by their
// dependencies. The result, a *Contract, points into the syntax tree but
// does not change it.
//
// Like the parser, the checker reports every error it finds in one run. An
// expression with an error gets the unit "bad", and operations on a bad
// operand report nothing more, so one mistake gives one message.
package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

type checker struct {
	file     string
	errs     diag.List
	c        *Contract
	currency types.Currency
	gran     types.Granularity

	// values holds measures and payments, which share one namespace
	// because both can appear in expressions.
	values  map[string]any
	levels  map[string]*ServiceLevel
	notices map[string]*Notice
	// businessDeclared is true when the header has a business hours
	// clause, valid or not, so that a deadline in business hours reports
	// nothing more than the clause's own error.
	businessDeclared bool
	// badTiers holds, per service level, the tiers that were declared but
	// had an error, so that lines naming them report nothing more.
	badTiers map[*ServiceLevel]map[string]bool
}

// Check checks f. It returns the checked contract and a nil list, or a nil
// contract and every error found.
func Check(f *syntax.File) (*Contract, *diag.List) {
	ck := &checker{
		file:     f.Name,
		c:        &Contract{File: f},
		values:   map[string]any{},
		levels:   map[string]*ServiceLevel{},
		notices:  map[string]*Notice{},
		badTiers: map[*ServiceLevel]map[string]bool{},
	}
	ck.header(f)
	ck.declare(f)
	ck.sourceDecls(f)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.PaymentDecl:
			ck.payment(d)
		}
	}
	ck.measures(f)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.ServiceLevelDecl:
			ck.serviceLevel(d)
		case *syntax.CapDecl:
			ck.totalCap(d)
		}
	}
	ck.noticeDecls(f)

	if ck.errs.HasErrors() {
		ck.errs.Sort()
		return nil, &ck.errs
	}
	return ck.c, nil
}

// suggest returns a "did you mean" hint for name, or "" once the error
// list is full: the hint would not be shown, and on a file with thousands
// of misspelt names computing it is the slow part.
func (ck *checker) suggest(name string, candidates []string) string {
	if ck.errs.Len() >= diag.MaxErrors {
		return ""
	}
	return diag.DidYouMean(name, candidates)
}

func (ck *checker) errorf(n syntax.Node, format string, args ...any) *diag.Diagnostic {
	d := &diag.Diagnostic{Severity: diag.Error, File: ck.file, Span: n.Span(), Message: fmt.Sprintf(format, args...)}
	ck.errs.Add(d)
	return d
}

func refText(r *syntax.Ref) string {
	if r == nil {
		return ""
	}
	return r.Text.Value
}

// declRef returns the ref of a declaration: its ref line, or in a literate
// contract the text of the nearest heading above it.
func (ck *checker) declRef(d syntax.Node, r *syntax.Ref) string {
	if r != nil {
		return r.Text.Value
	}
	return ck.c.File.HeadingRef(d.Span().Start.Line)
}

func titleText(s *syntax.StringLit) string {
	if s == nil {
		return ""
	}
	return s.Value
}

// header checks the contract declaration: there must be exactly one, with
// a currency and a term.
func (ck *checker) header(f *syntax.File) {
	var hdr *syntax.ContractDecl
	for _, d := range f.Decls {
		c, ok := d.(*syntax.ContractDecl)
		if !ok {
			continue
		}
		if hdr != nil {
			ck.errorf(c, "second contract declaration").Hint = "a file holds one contract"
			continue
		}
		hdr = c
	}
	if hdr == nil {
		ck.errs.Add(&diag.Diagnostic{
			Severity: diag.Error, File: ck.file, Span: diag.Span{Start: diag.Pos{Line: 1, Col: 1}},
			Message: "missing contract declaration",
			Hint:    `start the file with: contract "Title", then currency and term lines`,
		})
		return
	}

	ck.c.Title = hdr.Title.Value
	if strings.TrimSpace(hdr.Title.Value) == "" {
		ck.errorf(hdr.Title, "the contract's title is empty").Hint = `give the contract's name, as in contract "Springfield Customer Service Concession"`
	}
	ck.c.Ref = refText(hdr.Ref)
	ck.headerCurrency(hdr)
	ck.headerTerm(hdr)
	ck.calendar(hdr)
	if a := hdr.AgreedRates; a != nil {
		if a.Low.Value.GreaterThan(a.High.Value) {
			ck.errorf(a, "the agreed deduction rates run from %s to %s, a range that is empty", a.Low.Text, a.High.Text).Hint = "write the lower rate first"
		} else {
			ck.c.AgreedLow, ck.c.AgreedHigh, ck.c.HasAgreed = a.Low.Value, a.High.Value, true
		}
	}
	if hdr.Rounding != nil {
		ck.c.Rounding = map[string]types.Rounding{"half up": types.HalfUp, "half even": types.HalfEven, "down": types.Down}[hdr.Rounding.Mode]
	}
}

func (ck *checker) headerCurrency(hdr *syntax.ContractDecl) {
	if hdr.Currency == nil {
		ck.errorf(hdr, "the contract has no currency").Hint = "add a line such as: currency USD"
		return
	}
	cur, ok := types.LookupCurrency(hdr.Currency.Name)
	if !ok {
		d := ck.errorf(hdr.Currency, "unknown currency %q", hdr.Currency.Name)
		d.Hint = ck.suggest(strings.ToUpper(hdr.Currency.Name), types.CurrencyCodes())
		if d.Hint == "" {
			d.Hint = "write an ISO 4217 code such as USD, EUR, GBP or JPY"
		}
		return
	}
	ck.currency = cur
	ck.c.Currency = cur
}

func (ck *checker) headerTerm(hdr *syntax.ContractDecl) {
	t := hdr.Term
	if t == nil {
		ck.errorf(hdr, "the contract has no term").Hint = "add a line such as: term 2026-01 to 2050-12 monthly"
		return
	}

	g, ok := types.GranularityFromWord(t.Granularity.Name)
	if !ok {
		d := ck.errorf(t.Granularity, "unknown period length %q", t.Granularity.Name)
		d.Hint = ck.suggest(t.Granularity.Name, []string{"monthly", "quarterly", "yearly"})
		if d.Hint == "" {
			d.Hint = "write monthly, quarterly or yearly"
		}
		return
	}
	// TODO(periods): the checker, the data reader and the engine accept
	// quarterly and yearly terms, but only monthly ones have tests and
	// examples so far.
	ck.gran = g

	start, err1 := types.ParsePeriod(t.Start.Text, g)
	if err1 != nil {
		ck.errorf(t.Start, "%v", err1)
	}
	end, err2 := types.ParsePeriod(t.End.Text, g)
	if err2 != nil {
		ck.errorf(t.End, "%v", err2)
	}
	if err1 != nil || err2 != nil {
		return
	}

	if end.Index < start.Index {
		ck.errorf(t, "the term ends (%s) before it starts (%s)", end, start).Hint = "write the first period, then the last"
		return
	}
	ck.c.Term = types.Term{Start: start, End: end}
}

// reserved lists words that cannot be names because the grammar uses
// them where a name could also stand.
var reserved = map[string]bool{
	"and": true, "or": true, "not": true, "of": true, "over": true, "from": true, "else": true,
	"in": true, "when": true, "ref": true, "per": true, "at": true, "is": true, "to": true,
	"prior": true, "last": true, "ago": true, "the": true, "target": true, "tier": true,
	"deduct": true, "missing": true, "cap": true, "notice": true, "measure": true,
	"payment": true, "contract": true, "service": true, "level": true, "total": true,
	"deductions": true, "failed": true, "fails": true, "source": true, "field": true,
	"where": true, "among": true, "excluding": true, "within": true,
	"minimum": true, "below": true, "because": true,
}

// builtinNotices are notice kinds the engine issues itself.
var builtinNotices = map[string]bool{"breach": true, "missing_data": true}

func (ck *checker) checkName(id *syntax.Ident, kind string) bool {
	if reserved[id.Name] {
		ck.errorf(id, "%q is a keyword and cannot name a %s", id.Name, kind).Hint = "choose another name"
		return false
	}
	if id.Name == "period" && kind == "measure" {
		ck.errorf(id, "\"period\" cannot name a measure: the period data uses that column for the period").Hint = "choose another name"
		return false
	}
	return true
}

// checkMinorUnits reports an amount with more decimal places than the
// currency's minor unit, such as JPY 100.5. A payment, cap or fixed
// deduction is paid in whole minor units, so a finer amount would make each
// period's figures and their sum disagree.
func (ck *checker) checkMinorUnits(m *syntax.MoneyLit, what string) {
	if ck.currency.Code == "" || m.Currency != ck.currency.Code {
		return
	}
	if m.Value.Exponent() < -ck.currency.MinorUnits && !m.Value.Equal(m.Value.Round(ck.currency.MinorUnits)) {
		ck.errorf(m, "%s %s has more decimal places than %s's minor unit (%d)", what, m.Text, ck.currency.Code, ck.currency.MinorUnits).Hint =
			fmt.Sprintf("write the amount in whole minor units, such as %s", ck.currency.Format(m.Value.Round(ck.currency.MinorUnits)))
	}
}

// declare enters every measure, payment, service level and notice name,
// so that a declaration may refer to one declared below it.
func (ck *checker) declare(f *syntax.File) {
	seen := map[string]syntax.Node{}
	dup := func(id *syntax.Ident, kind string) bool {
		key := kind + " " + id.Name
		if prev, ok := seen[key]; ok {
			p := prev.Span().Start
			ck.errorf(id, "%s %q is declared twice", kind, id.Name).Hint = fmt.Sprintf("the first declaration is at line %d", p.Line)
			return true
		}
		seen[key] = id
		return false
	}

	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.PaymentDecl:
			if ck.checkName(d.Name, "payment") && !dup(d.Name, "measure or payment") {
				p := &Payment{Decl: d, Name: d.Name.Name, Title: titleText(d.Title), Ref: ck.declRef(d, d.Ref), Slot: len(ck.c.Payments)}
				ck.c.Payments = append(ck.c.Payments, p)
				ck.values[p.Name] = p
			}
		case *syntax.MeasureDecl:
			if ck.checkName(d.Name, "measure") && !dup(d.Name, "measure or payment") {
				m := &Measure{Decl: d, Name: d.Name.Name, Title: titleText(d.Title), Ref: ck.declRef(d, d.Ref), Reported: d.Reported, Slot: len(ck.c.Measures)}
				ck.c.Measures = append(ck.c.Measures, m)
				ck.values[m.Name] = m
			}
		case *syntax.ServiceLevelDecl:
			if ck.checkName(d.Name, "service level") && !dup(d.Name, "service level") {
				l := &ServiceLevel{Decl: d, Name: d.Name.Name, Title: titleText(d.Title), Ref: ck.declRef(d, d.Ref), Index: len(ck.c.Levels)}
				ck.c.Levels = append(ck.c.Levels, l)
				ck.levels[l.Name] = l
			}
		case *syntax.NoticeDecl:
			if builtinNotices[d.Name.Name] {
				ck.errorf(d.Name, "%q is a notice that pacta issues itself", d.Name.Name).Hint =
					"breach and missing_data notices come with every service level; choose another name"
				continue
			}
			if ck.checkName(d.Name, "notice") && !dup(d.Name, "notice") {
				n := &Notice{Decl: d, Name: d.Name.Name, Title: titleText(d.Title), Ref: ck.declRef(d, d.Ref), Index: len(ck.c.Notices)}
				ck.c.Notices = append(ck.c.Notices, n)
				ck.notices[n.Name] = n
			}
		}
	}
}

func (ck *checker) valueNames() []string {
	var names []string
	for _, m := range ck.c.Measures {
		names = append(names, m.Name)
	}
	for _, p := range ck.c.Payments {
		names = append(names, p.Name)
	}
	return names
}

func (ck *checker) measureNames() []string {
	var names []string
	for _, m := range ck.c.Measures {
		names = append(names, m.Name)
	}
	return names
}

func (ck *checker) levelNames() []string {
	var names []string
	for _, l := range ck.c.Levels {
		names = append(names, l.Name)
	}
	return names
}

func (ck *checker) noticeNames() []string {
	var names []string
	for _, n := range ck.c.Notices {
		names = append(names, n.Name)
	}
	return names
}

func (ck *checker) paymentNames() []string {
	var names []string
	for _, p := range ck.c.Payments {
		names = append(names, p.Name)
	}
	return names
}

func (ck *checker) payment(d *syntax.PaymentDecl) {
	p, ok := ck.values[d.Name.Name].(*Payment)
	if !ok || p.Decl != d {
		return
	}
	ck.checkCurrency(d.Amount)
	ck.checkMinorUnits(d.Amount, "payment")
	p.Amount = d.Amount.Value
	if d.Amount.Value.IsNegative() {
		ck.errorf(d.Amount, "payment %s is negative (%s)", d.Name.Name, d.Amount.Text)
	}

	g, ok := types.GranularityFromNoun(d.Per.Name)
	switch {
	case !ok:
		ck.errorf(d.Per, "unknown period %q", d.Per.Name).Hint = "write per month, per quarter or per year"
	case ck.gran != 0 && g != ck.gran:
		ck.errorf(d.Per, "the payment is per %s but the contract's periods are %s", g.Noun(), ck.gran.Word()).Hint =
			fmt.Sprintf("state the amount per %s", ck.gran.Noun())
	}
}

// measures checks each measure's unit and formula, then orders the
// computed measures so that each comes after the measures it reads.
func (ck *checker) measures(f *syntax.File) {
	// Every unit is set before any formula is typed, because a formula may
	// read a measure declared below it.
	for _, m := range ck.c.Measures {
		d := m.Decl
		u, ok := types.UnitFromWord(d.Unit.Name)
		if !ok {
			e := ck.errorf(d.Unit, "unknown unit %q", d.Unit.Name)
			e.Hint = ck.suggest(d.Unit.Name, types.UnitWords())
			if e.Hint == "" {
				e.Hint = "the units are " + strings.Join(types.UnitWords(), ", ")
			}
		}
		m.Unit = u
	}

	for _, m := range ck.c.Measures {
		d := m.Decl
		switch {
		case len(d.Aggregates)+len(d.Among)+len(d.Excluding)+len(d.Minimum) > 0:
			ck.recordMeasure(m)
		case d.Reported && d.Expr != nil:
			ck.errorf(d.Expr, "measure %s is reported, so it cannot have a formula", m.Name).Hint =
				"remove the word reported for a computed measure, or the formula for a reported one"
		case !d.Reported && d.Expr == nil:
			ck.errorf(d, "measure %s has neither \"reported\" nor a formula", m.Name).Hint =
				fmt.Sprintf("write measure %s: reported %s, or measure %s: %s = FORMULA, or add an aggregate line over a source", m.Name, d.Unit.Name, m.Name, d.Unit.Name)
		case d.Expr != nil:
			m.Expr = ck.expr(d.Expr)
			if m.Unit != bad {
				ck.measureUnit(m)
			}
		}
	}
	ck.orderComputed()
}

// measureUnit checks that a computed measure's formula has its declared
// unit. A ratio (a number) may be declared a percent, because 0.835 is
// 83.5%.
func (ck *checker) measureUnit(m *Measure) {
	got := m.Expr.Unit()
	switch {
	case got == bad || got == m.Unit:
	case got == untyped && (m.Unit == types.Number || m.Unit == types.Count):
		setUnit(m.Expr, m.Unit)
	case got == types.Number && m.Unit == types.Percent:
	case got == types.Number && m.Unit == types.Count:
		ck.errorf(m.Decl.Expr, "measure %s is declared count but its formula gives a number (a ratio)", m.Name).Hint =
			"declare it as a number, or as a percent when the ratio is a share"
	case got == types.Bool:
		ck.errorf(m.Decl.Expr, "measure %s is a condition, not a %s", m.Name, m.Unit).Hint =
			"a measure holds a quantity; put conditions in a target, a tier or a notice"
	default:
		ck.errorf(m.Decl.Expr, "measure %s is declared %s but its formula gives a %s", m.Name, m.Unit, unitName(got)).Hint =
			fmt.Sprintf("declare it as %s, or change the formula", unitName(got))
	}
}

// orderComputed sorts the computed measures by same-period dependency and
// reports a cycle. Reading a measure's earlier periods ("prior" windows
// and lags) is not a same-period dependency, so a measure may read its
// own history.
func (ck *checker) orderComputed() {
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(ck.c.Measures))
	var visit func(m *Measure, path []*Measure)
	visit = func(m *Measure, path []*Measure) {
		switch state[m.Slot] {
		case done:
			return
		case visiting:
			ck.reportCycle(m, path)
			return
		}
		state[m.Slot] = visiting
		for _, dep := range sameperiodDeps(m.Expr) {
			visit(dep, append(path, m))
		}
		state[m.Slot] = done
		if !m.Reported && m.Expr != nil {
			ck.c.Computed = append(ck.c.Computed, m)
		}
	}
	for _, m := range ck.c.Measures {
		visit(m, nil)
	}
}

func (ck *checker) reportCycle(m *Measure, path []*Measure) {
	start := 0
	for i, p := range path {
		if p == m {
			start = i
		}
	}
	var names []string
	for _, p := range path[start:] {
		names = append(names, p.Name)
	}
	names = append(names, m.Name)
	ck.errorf(m.Decl.Name, "measure %s depends on itself: %s", m.Name, strings.Join(names, " -> ")).Hint =
		"break the cycle, or read an earlier period with \"from 1 period ago\""
}

// sameperiodDeps returns the measures e reads in the current period.
func sameperiodDeps(e Expr) []*Measure {
	var deps []*Measure
	Walk(e, func(x Expr) {
		switch x := x.(type) {
		case *MeasureRef:
			deps = append(deps, x.Measure)
		case *Aggregate:
			if !x.Prior {
				deps = append(deps, x.Measure)
			}
		}
	})
	return deps
}

// reportedInputs returns the reported measures that e reads in the current
// period, directly or through computed measures, in slot order.
func reportedInputs(e Expr) []*Measure {
	seen := map[*Measure]bool{}
	var visit func(e Expr)
	visit = func(e Expr) {
		for _, m := range sameperiodDeps(e) {
			if seen[m] {
				continue
			}
			seen[m] = true
			if m.Expr != nil {
				visit(m.Expr)
			}
		}
	}
	visit(e)

	var out []*Measure
	for m := range seen {
		if m.Reported {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slot < out[j].Slot })
	return out
}

// amount checks a rate of a payment or a fixed sum. Rates must lie within
// 0-100%, as a deduction or cap rate above the whole payment is a typo.
func (ck *checker) amount(a *syntax.Amount, what string) Amount {
	if a.Money != nil {
		// A fixed sum is not a rate, so "deduction rate" becomes "deduction".
		what := strings.TrimSuffix(what, " rate")
		ck.checkCurrency(a.Money)
		ck.checkMinorUnits(a.Money, what)
		if a.Money.Value.IsNegative() {
			ck.errorf(a.Money, "%s %s is negative", what, a.Money.Text)
		}
		return Amount{Money: a.Money.Value, Text: a.Money.Text}
	}

	out := Amount{Rate: a.Rate.Value, Text: a.Rate.Text + " of " + a.Payment.Name}
	if a.Rate.Value.IsNegative() || a.Rate.Value.GreaterThan(decimal.NewFromInt(1)) {
		ck.errorf(a.Rate, "%s %s is outside 0-100%%", what, a.Rate.Text).Hint = "write a percentage from 0% to 100%"
	}
	switch v := ck.values[a.Payment.Name].(type) {
	case *Payment:
		out.Payment = v
	case *Measure:
		ck.errorf(a.Payment, "%s is a measure; a rate applies to a payment", a.Payment.Name).Hint =
			ck.suggest(a.Payment.Name, ck.paymentNames())
	default:
		d := ck.errorf(a.Payment, "unknown payment %q", a.Payment.Name)
		d.Hint = ck.suggest(a.Payment.Name, ck.paymentNames())
	}
	return out
}

func (ck *checker) totalCap(d *syntax.CapDecl) {
	if ck.c.Cap != nil {
		ck.errorf(d, "second cap on total deductions").Hint =
			fmt.Sprintf("the first is at line %d; keep one", ck.c.Cap.Decl.Sp.Start.Line)
		return
	}
	ck.c.Cap = &Cap{
		Decl:         d,
		Amount:       ck.amount(d.Amount, "cap"),
		CarryForward: d.Excess != nil && d.Excess.CarryForward,
		Ref:          ck.declRef(d, d.Ref),
	}
}

// window checks "in N consecutive periods" or "in N of the last M periods".
func (ck *checker) window(w *syntax.Window) *Window {
	if w == nil {
		return nil
	}
	out := &Window{Count: ck.periodCount(w.Count)}
	if w.Last != nil {
		out.Last = ck.periodCount(w.Last)
		if out.Last < out.Count {
			ck.errorf(w, "%d of the last %d periods can never hold", out.Count, out.Last).Hint =
				"the first number must not exceed the second"
		}
	}
	out.Text = windowText(out)
	ck.noteHistory(out.Span() - 1)
	return out
}

// windowText writes a checked window from its numbers, not its source
// text, so that "in 02 consecutive periods" and "in 2 consecutive periods"
// read the same and count as the same window.
func windowText(w *Window) string {
	if w.Consecutive() {
		return fmt.Sprintf("in %d consecutive %s", w.Count, periodWord(w.Count))
	}
	return fmt.Sprintf("in %d of the last %d %s", w.Count, w.Last, periodWord(w.Last))
}

func periodWord(n int) string {
	if n == 1 {
		return "period"
	}
	return "periods"
}

func syntaxWindowText(w *syntax.Window) string {
	if w.Last == nil {
		return fmt.Sprintf("in %s consecutive periods", w.Count.Text)
	}
	return fmt.Sprintf("in %s of the last %s periods", w.Count.Text, w.Last.Text)
}
