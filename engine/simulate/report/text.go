package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pacta-dev/pacta/lang/types"
)

// indent starts every line under a section heading.
const indent = "  "

// WriteText writes the report for a bid manager: a header, then one
// section per group of figures, each with aligned tables and a sentence or
// two that state the main figures in words. Lines fit in 100 columns, except
// a single word or table column that is wider by itself.
func WriteText(w io.Writer, s *Summary) error {
	t := &textWriter{w: w, s: s}
	t.header()
	t.termDeductions()
	t.yearDeductions()
	t.termination()
	t.notices()
	t.firstIssues()
	t.caps()
	t.levels()
	t.sensitivity()
	t.npv()
	t.compare()
	return t.err
}

type textWriter struct {
	w   io.Writer
	s   *Summary
	err error
}

func (t *textWriter) println(line string) {
	if t.err != nil {
		return
	}
	_, t.err = io.WriteString(t.w, line+"\n")
}

func (t *textWriter) heading(title string) {
	t.println("")
	t.println(title)
	t.println(strings.Repeat("-", len(title)))
}

// sentence writes text wrapped to the report's width under the current
// heading.
func (t *textWriter) sentence(format string, args ...any) {
	for _, line := range wrap(indent, fmt.Sprintf(format, args...)) {
		t.println(line)
	}
}

func (t *textWriter) table(tb *table) {
	for _, line := range tb.lines(indent) {
		t.println(line)
	}
}

// amount formats money with the currency's minor digits and grouped
// thousands, without the currency code.
func (t *textWriter) amount(d decimal.Decimal) string {
	return types.GroupThousands(d.StringFixed(t.s.Meta.MinorUnits))
}

// money formats money with the currency code: "USD 1,234.50". A
// no-break space joins the two, so that wrap keeps them on one line.
func (t *textWriter) money(d decimal.Decimal) string {
	return t.s.Meta.Currency + noBreakSpace + t.amount(d)
}

// moneyShare formats money with the currency code and its share of the
// payments: "USD 1,234.50 (2.10% of payments)", or without the share when
// the payments are zero. payments names the payments in the sentence.
func (t *textWriter) moneyShare(a Amount, payments string) string {
	if !a.PercentOfPayments.Valid {
		return t.money(a.Value)
	}
	return t.money(a.Value) + " (" + percentText(a.PercentOfPayments) + " of " + payments + ")"
}

// signedAmount formats a difference with an explicit sign: "+1,234.50".
func (t *textWriter) signedAmount(d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + t.amount(d)
	}
	return t.amount(d)
}

func percentText(p decimal.NullDecimal) string {
	if !p.Valid {
		return "n/a"
	}
	return p.Decimal.StringFixed(2) + "%"
}

// fractionText formats a fraction of runs as a percentage: 0.1234 is
// "12.34%". The fraction has 4 decimal places, so no digit is lost.
func fractionText(f decimal.Decimal) string {
	return f.Shift(2).StringFixed(2) + "%"
}

// pointsText formats a change in a fraction as signed percentage points:
// -0.0012 is "-0.12".
func pointsText(f decimal.Decimal) string {
	s := f.Shift(2).StringFixed(2)
	if f.Sign() > 0 {
		return "+" + s
	}
	return s
}

func probabilityText(p Probability) string {
	return fractionText(p.Fraction) + " ±" + p.HalfWidth95.Shift(2).StringFixed(2)
}

func countText(n int) string {
	return types.GroupThousands(strconv.Itoa(n))
}

// fileText writes a file name with the first 12 digits of its SHA-256,
// when known.
func fileText(file, sum string) string {
	if sum == "" {
		return file
	}
	return file + " (SHA-256 " + sum[:min(len(sum), 12)] + ")"
}

func (t *textWriter) header() {
	m := t.s.Meta
	t.println("Simulation of " + m.ContractTitle)
	t.println(indent + "Contract    " + fileText(m.Contract, m.ContractSHA256))
	if m.Scenario != "" {
		t.println(indent + "Scenario    " + fileText(m.Scenario, m.ScenarioSHA256))
		if m.ScenarioTitle != "" {
			t.println(indent + "            " + m.ScenarioTitle)
		}
	}
	t.println(indent + "Runs        " + countText(m.Runs) + " with seed " + strconv.FormatUint(m.Seed, 10) + ", " + m.Evaluator + " evaluator")
	term := fmt.Sprintf("%s to %s, %s %s in %s", m.From, m.To, countText(m.Periods), periodNoun(m.PeriodsPerYear, m.Periods), plural(len(m.Years), "contract year"))
	t.println(indent + "Term        " + term)
	t.println(indent + "Payments    " + m.Currency + " " + t.amount(t.s.Term.Payments) + " of payments due over the term")
	t.println("")
	t.sentence("Amounts are in %s. Each percentile is the amount of an actual run (nearest-rank method), "+
		"and SD is the standard deviation over the runs.", m.Currency)
}

func periodNoun(perYear, n int) string {
	noun := "period"
	if g, ok := granularity(perYear); ok {
		noun = g.Noun()
	}
	if n != 1 {
		noun += "s"
	}
	return noun
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return countText(n) + " " + noun + "s"
}

func (t *textWriter) termDeductions() {
	d := t.s.Term
	t.heading("Total deductions over the term")
	tb := newTable("Statistic", t.s.Meta.Currency, "% of payments")
	for _, row := range distributionRows(d) {
		tb.add(row.name, t.amount(row.amount.Value), percentText(row.amount.PercentOfPayments))
	}
	t.table(tb)
	t.println("")
	t.sentence("On average the term's deductions are %s. In at least 9 runs out of 10 they are at most %s, and the worst run deducts %s.",
		t.moneyShare(d.Mean, "payments"), t.moneyShare(d.P90, "payments"), t.moneyShare(d.Max, "payments"))
}

type distributionRow struct {
	name   string
	amount Amount
}

func distributionRows(d Distribution) []distributionRow {
	return []distributionRow{
		{"Mean", d.Mean}, {"SD", d.StdDev}, {"P50 (median)", d.P50}, {"P90", d.P90},
		{"P95", d.P95}, {"P99", d.P99}, {"Max", d.Max},
	}
}

func (t *textWriter) yearDeductions() {
	t.heading("Deductions by contract year (" + t.s.Meta.Currency + ")")
	money := newTable("Year", "Mean", "SD", "P50", "P90", "P95", "P99", "Max")
	percent := newTable("Year", "Payments", "Mean", "SD", "P50", "P90", "P95", "P99", "Max")
	for _, d := range t.s.Years {
		cells := []string{d.Label}
		shares := []string{d.Label, t.amount(d.Payments)}
		for _, row := range distributionRows(d) {
			cells = append(cells, t.amount(row.amount.Value))
			shares = append(shares, percentText(row.amount.PercentOfPayments))
		}
		money.add(cells...)
		percent.add(shares...)
	}
	t.table(money)

	t.heading("Deductions by contract year (% of the year's payments)")
	t.table(percent)

	worst := -1
	for y, d := range t.s.Years {
		if worst < 0 || d.Mean.Value.GreaterThan(t.s.Years[worst].Mean.Value) {
			worst = y
		}
	}
	t.println("")
	if worst < 0 || t.s.Years[worst].Mean.Value.IsZero() {
		t.sentence("No contract year has expected deductions above zero.")
		return
	}
	d := t.s.Years[worst]
	t.sentence("The highest expected deductions fall in %s: %s.", d.Label, t.moneyShare(d.Mean, "that year's payments"))
}

func (t *textWriter) termination() {
	t.heading("Termination right")
	if t.s.Termination < 0 {
		t.sentence("The contract declares no notice named %q, so the report has no termination figures.", TerminationNotice)
		return
	}
	n := t.s.Notices[t.s.Termination]
	p := n.Term
	if p.Runs == 0 {
		t.sentence("No run issues a termination notice (0 of %s runs).", countText(t.s.Meta.Runs))
		return
	}
	t.sentence("A termination notice is issued at least once in %s of runs (%s of %s, ±%s percentage points at 95%% confidence).",
		fractionText(p.Fraction), countText(p.Runs), countText(t.s.Meta.Runs), p.HalfWidth95.Shift(2).StringFixed(2))

	f := n.FirstIssue
	modal := 0
	for y, share := range f.Years {
		if share.Runs > f.Years[modal].Runs {
			modal = y
		}
	}
	t.sentence("The first one falls most often in %s (%s of runs). Among the runs that issue one, the median first issue is in %s.",
		t.s.Years[modal].Label, fractionText(f.Years[modal].Fraction), f.Median.Label)
}

func (t *textWriter) notices() {
	if len(t.s.Notices) == 0 {
		return
	}
	t.heading("Notices: probability of at least one")
	tb := newTable(append([]string{"Year"}, noticeNames(t.s.Notices, false)...)...)
	for y, d := range t.s.Years {
		cells := []string{d.Label}
		for _, n := range t.s.Notices {
			cells = append(cells, probabilityText(n.Years[y]))
		}
		tb.add(cells...)
	}
	cells := []string{"Term"}
	for _, n := range t.s.Notices {
		cells = append(cells, probabilityText(n.Term))
	}
	tb.add(cells...)
	t.table(tb)
	t.println("")
	t.sentence("Each cell is the share of runs that issue the notice at least once in that year or over the term, " +
		"± the half-width of its 95%% confidence interval in percentage points (normal approximation).")
}

// noticeNames returns the notice kinds' names, only the declared ones when
// declaredOnly is set.
func noticeNames(notices []NoticeSummary, declaredOnly bool) []string {
	var names []string
	for _, n := range notices {
		if !declaredOnly || !n.Builtin {
			names = append(names, n.Item.Name)
		}
	}
	return names
}

func (t *textWriter) firstIssues() {
	names := noticeNames(t.s.Notices, true)
	if len(names) == 0 {
		return
	}
	t.heading("Declared notices: contract year of the first issue")

	tb := newTable(append([]string{"Year"}, names...)...)
	for y, d := range t.s.Years {
		cells := []string{d.Label}
		for _, n := range t.s.Notices {
			if n.FirstIssue != nil {
				cells = append(cells, fractionText(n.FirstIssue.Years[y].Fraction))
			}
		}
		tb.add(cells...)
	}

	never := []string{"Never"}
	median := []string{"Median first period"}
	for _, n := range t.s.Notices {
		if n.FirstIssue == nil {
			continue
		}
		never = append(never, fractionText(n.FirstIssue.Never.Fraction))
		if n.FirstIssue.Median == nil {
			median = append(median, "none")
		} else {
			median = append(median, n.FirstIssue.Median.Label)
		}
	}
	tb.add(never...)
	tb.add(median...)
	t.table(tb)

	t.println("")
	t.sentence("Each cell is the share of all runs whose first issue of the notice falls in that year. " +
		"The median first period is taken over the runs that issue the notice.")
}

func (t *textWriter) caps() {
	t.heading("Caps")
	if len(t.s.Caps) == 0 {
		t.sentence("The contract has no caps.")
		return
	}
	tb := newTable("Cap", "Clause", "Runs where it binds", "Mean periods bound per run")
	for _, c := range t.s.Caps {
		tb.add(capName(c), c.Item.Ref, fractionText(c.Binds.Fraction), c.MeanPeriods.StringFixed(2))
	}
	t.table(tb)
	t.println("")
	c := t.s.Caps[0]
	t.sentence("The %s binds in at least one period in %s of runs, and in %s periods per run on average.",
		capName(c), fractionText(c.Binds.Fraction), c.MeanPeriods.StringFixed(2))
}

func capName(c CapSummary) string {
	if c.Level < 0 {
		return "cap on total deductions"
	}
	return "cap on " + c.Item.Name
}

func (t *textWriter) levels() {
	if len(t.s.Levels) == 0 {
		return
	}
	t.heading("Service levels: share of expected deductions")
	tb := newTable("Service level", "Mean per run ("+t.s.Meta.Currency+")", "Share")
	top := 0
	for i, l := range t.s.Levels {
		tb.add(l.Item.Name, t.amount(l.Mean), percentText(l.Percent))
		if l.Mean.GreaterThan(t.s.Levels[top].Mean) {
			top = i
		}
	}
	t.table(tb)
	t.println("")
	l := t.s.Levels[top]
	if !l.Percent.Valid {
		t.sentence("No service level deducts anything in any run.")
		return
	}
	t.sentence("Service level %s accounts for %s of the expected deductions. Shares are of the service levels' deductions after their own caps "+
		"and before the cap on total deductions, because that cap does not say which level's deduction it removes.",
		l.Item.Name, percentText(l.Percent))
}

func (t *textWriter) sensitivity() {
	if len(t.s.Sensitivity) == 0 {
		return
	}
	withTermination := t.s.Termination >= 0
	t.heading("Sensitivity: one standard deviation on one measure")
	header := []string{"Measure", "-1 SD", "Change (" + t.s.Meta.Currency + ")"}
	if withTermination {
		header = append(header, "Termination")
	}
	header = append(header, "+1 SD", "Change ("+t.s.Meta.Currency+")")
	if withTermination {
		header = append(header, "Termination")
	}
	tb := newTable(header...)
	for _, row := range t.s.Sensitivity {
		cells := []string{row.Measure}
		for _, e := range []*ShiftEffect{row.Down, row.Up} {
			if e == nil {
				cells = append(cells, "not run", "")
				if withTermination {
					cells = append(cells, "")
				}
				continue
			}
			cells = append(cells, e.Delta, t.signedAmount(e.DeductionChange))
			if withTermination {
				cells = append(cells, pointsText(e.TerminationChange.Decimal))
			}
		}
		tb.add(cells...)
	}
	t.table(tb)
	t.println("")
	text := "Change is the change in the expected total deductions over the term when the measure moves by one standard deviation " +
		"and everything else is drawn the same."
	if withTermination {
		text += " Termination is the change in the probability of a termination notice, in percentage points."
	}
	t.sentence("%s", text)

	top := t.s.Sensitivity[0]
	if top.maxChange != nil && top.maxChange.Sign() == 0 {
		t.sentence("No shift changes the expected deductions.")
		return
	}
	// The larger change comes first.
	effects := []*ShiftEffect{top.Up, top.Down}
	if top.Up == nil || (top.Down != nil && top.Down.DeductionChange.Abs().GreaterThan(top.Up.DeductionChange.Abs())) {
		effects[0], effects[1] = effects[1], effects[0]
	}
	var parts []string
	for _, e := range effects {
		if e != nil {
			parts = append(parts, fmt.Sprintf("%s (%+g SD) changes them by %s", e.Delta, e.Sigmas, t.s.Meta.Currency+noBreakSpace+t.signedAmount(e.DeductionChange)))
		}
	}
	t.sentence("The expected deductions are most sensitive to %s: %s.", top.Measure, strings.Join(parts, " and "))
}

func (t *textWriter) npv() {
	n := t.s.NPV
	if n == nil {
		return
	}
	rate := n.DiscountRate
	if d, err := decimal.NewFromString(rate); err == nil {
		rate = d.Shift(2).String() + "%"
	}
	t.heading("Present value of deductions at " + rate + " a year")
	tb := newTable("Statistic", t.s.Meta.Currency)
	tb.add("Mean", t.amount(n.Mean))
	tb.add("P90", t.amount(n.P90))
	tb.add("P95", t.amount(n.P95))
	t.table(tb)
	t.println("")
	t.sentence("Discounted to the start of the term, the deductions are worth %s on average, and at most %s in at least 9 runs out of 10.",
		t.money(n.Mean), t.money(n.P90))
}

func (t *textWriter) compare() {
	c := t.s.Compare
	if c == nil {
		return
	}
	t.heading("Comparison with a second contract")
	t.println(indent + "Second      " + c.Meta.ContractTitle)
	t.println(indent + "Contract    " + fileText(c.Meta.Contract, c.Meta.ContractSHA256) + ", " + c.Meta.Evaluator + " evaluator")
	t.println("")
	t.sentence("Mean deductions over the term: %s under the first contract and %s under the second.", t.money(c.FirstMean), t.money(c.SecondMean))
	t.sentence("Differences are the second contract's deductions minus the first's, run by run over the same draws.")
	t.println("")

	tb := newTable("Statistic", "Difference ("+t.s.Meta.Currency+")")
	tb.add("Mean", t.signedAmount(c.Mean))
	tb.add("SD", t.amount(c.StdDev))
	tb.add("P5", t.signedAmount(c.P5))
	tb.add("P50 (median)", t.signedAmount(c.P50))
	tb.add("P95", t.signedAmount(c.P95))
	t.table(tb)
	t.println("")

	header := []string{"Year", "Mean difference"}
	if c.Termination != nil {
		header = append(header, "Termination, first", "second", "difference")
	}
	years := newTable(header...)
	for _, y := range c.Years {
		cells := []string{y.Label, t.signedAmount(y.Mean)}
		if y.Termination != nil {
			cells = append(cells, fractionText(y.Termination.First.Fraction), fractionText(y.Termination.Second.Fraction), pointsText(y.Termination.Difference))
		}
		years.add(cells...)
	}
	if c.Termination != nil {
		years.add("Term", t.signedAmount(c.Mean), fractionText(c.Termination.First.Fraction),
			fractionText(c.Termination.Second.Fraction), pointsText(c.Termination.Difference))
	}
	t.table(years)
	t.println("")

	t.sentence("The second contract deducts more in %s of runs, less in %s and the same in %s.",
		fractionText(c.More.Fraction), fractionText(c.Less.Fraction), fractionText(c.Same.Fraction))
	switch c.Mean.Sign() {
	case 1:
		t.sentence("On average it deducts %s more per term.", t.money(c.Mean))
	case -1:
		t.sentence("On average it deducts %s less per term.", t.money(c.Mean.Neg()))
	default:
		t.sentence("On average it deducts the same per term, to the minor unit.")
	}
	if c.Termination != nil {
		t.sentence("The termination probability changes from %s to %s (%s percentage points).",
			fractionText(c.Termination.First.Fraction), fractionText(c.Termination.Second.Fraction), pointsText(c.Termination.Difference))
	} else {
		t.sentence("The termination probabilities are not compared, because only one contract, or neither, declares a notice named %q.", TerminationNotice)
	}
}
