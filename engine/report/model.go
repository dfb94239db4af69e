package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// view is everything a report shows, computed once and written by both the
// HTML template and the Markdown writer.
type view struct {
	Title string
	// Heading is the page's title and h1.
	Heading    string
	Range      string
	Gran       types.Granularity
	PeriodNoun string
	Currency   string
	Summary    summaryView
	Audit      []auditRow
	Ledger     []ledgerPeriod
	Heatmap    heatmapView
	Chart      chartView
	Notices    noticesView
	Quarterly  *quarterlyView
	// Contents lists the sections, for the table of contents.
	Contents []contentsEntry
}

type contentsEntry struct {
	ID, Title string
}

// amount is a money figure: Value as the JSON output writes it ("1250.00")
// and Text with grouped thousands ("1,250.00").
type amount struct {
	Value, Text string
}

func money(m engine.Money) amount {
	s := m.String()
	return amount{Value: s, Text: types.GroupThousands(s)}
}

func moneyOf(d decimal.Decimal, places int32) amount {
	return money(engine.Money{Value: d, Places: places})
}

type summaryView struct {
	Periods        int
	Payments       []paymentLine
	PaymentsTotal  amount
	TotalDeduction amount
	NetPayment     amount
	CarriedForward *amount
	// Failures counts the service levels' failures, missing values deemed
	// failed included, and FailedPeriods the periods with at least one.
	Failures, FailedPeriods int
	CapBound                []string
	NoticeCounts            []noticeCount
	// Lead states the outcome of the reported periods in one paragraph.
	Lead string
}

type paymentLine struct {
	Name, Label, Ref string
	Amount           amount
}

type noticeCount struct {
	Kind, Title string
	Count       int
}

type auditRow struct {
	Item, File, SHA256, Detail string
}

type ledgerPeriod struct {
	Period, Label, ID string
	Rows              []ledgerRow
	CarriedIn         *amount
	BeforeCap         amount
	Cap               *capLine
	Total             amount
	Payments          []paymentLine
	PaymentsTotal     amount
	Net               amount
}

type ledgerRow struct {
	Period, Level, Label string
	ValueText            string
	// Value and Target are nil when the result has no number for them.
	Value, Target *string
	TargetText    string
	Status        string
	StatusView    statusView
	// StatusText is the ledger's status cell: the heatmap's symbol and
	// the status in words.
	StatusText string
	Tier       string
	Deduction  amount
	BeforeCap  amount
	// Capped is set when the service level's own cap lowered its deduction.
	Capped      bool
	Ref         string
	Rule        string
	RuleRef     string
	RowID       string
	ExplID      string
	Explanation string
}

type capLine struct {
	// Label is the rule as a sentence: "Cap total deductions at 10% of
	// availability".
	Label, Ref string
	Limit      amount
	Binding    bool
	Excess     amount
	// Fate is the predicate that ends the sentence about a binding cap's
	// excess: "is lost" or "is carried into the next month".
	Fate        string
	ExplID      string
	Explanation string
}

// statusView is the look of a status in the ledger and the heatmap: a
// colour class, a symbol and a word. The symbol and the word carry the
// colour's information for readers who cannot tell colours apart, and for
// print.
type statusView struct {
	Class, Symbol, Word string
}

func (s statusView) Text() string { return s.Symbol + " " + s.Word }

type heatmapView struct {
	Periods []periodHead
	Rows    []heatRow
	Legend  []legendEntry
}

type periodHead struct {
	Period, Label, Short string
}

type heatRow struct {
	Level, Label string
	Cells        []heatCell
}

type heatCell struct {
	Status statusView
}

type legendEntry struct {
	Status  statusView
	Meaning string
}

type noticesView struct {
	Kinds    []noticeKind
	Timeline []timelineRow
}

type noticeKind struct {
	Kind, Title, ID string
	Notices         []noticeView
}

type noticeView struct {
	ID, PeriodLabel   string
	Level, LevelLabel string
	Ref, Message      string
	Periods           []string
}

type timelineRow struct {
	Label string
	Cells []timelineCell
}

type timelineCell struct {
	Count  int
	Levels []string
}

// build computes the view of res. It fails when the result does not fit
// the contract or does not reconcile, because the report would then state
// figures that contradict each other.
func build(c *check.Contract, res *engine.Result, opts Options) (*view, error) {
	if c == nil || res == nil {
		return nil, fmt.Errorf("report: the contract or the result is nil; pass both")
	}
	if len(res.Periods) == 0 {
		return nil, fmt.Errorf("report: the result has no periods, so there is nothing to report")
	}
	levels := map[string]*check.ServiceLevel{}
	for _, l := range c.Levels {
		levels[l.Name] = l
	}
	for _, p := range res.Periods {
		for _, lr := range p.ServiceLevels {
			if levels[lr.Name] == nil {
				return nil, fmt.Errorf("report: the result has service level %q, which contract %q does not declare; render the report with the contract that produced the result", lr.Name, c.Title)
			}
		}
	}

	first, last := res.Periods[0].Period, res.Periods[len(res.Periods)-1].Period
	v := &view{
		Title:      res.Contract.Title,
		Range:      first + " to " + last,
		Gran:       c.Term.Start.Gran,
		PeriodNoun: c.Term.Start.Gran.Noun(),
		Currency:   res.Contract.Currency,
	}
	if first == last {
		v.Range = first
	}
	v.Heading = v.Title + ": performance report, " + v.Range

	var err error
	if v.Ledger, err = buildLedger(v, levels, res); err != nil {
		return nil, err
	}
	if v.Summary, err = buildSummary(v, c, res); err != nil {
		return nil, err
	}
	v.Audit = buildAudit(res, opts)
	v.Heatmap = buildHeatmap(v, c, levels)
	v.Chart = buildChart(v, c, res)
	v.Notices = buildNotices(v, c, res)
	v.Contents = []contentsEntry{
		{"summary", "Summary"},
		{"ledger", "Ledger"},
		{"heatmap", "Heatmap of service levels"},
		{"deductions", "Deductions by " + v.PeriodNoun},
		{"notices", "Notices"},
	}
	if opts.Quarterly {
		v.Quarterly = buildQuarterly(v, c, levels, res)
		v.Contents = append(v.Contents, contentsEntry{"quarterly", "Quarterly transparency report"})
	}
	return v, nil
}

func label(title, name string) string {
	if title == "" {
		return name
	}
	return title
}

// periodLabel writes a period for people: "January 2026", "Q1 2026" or
// "2026".
func periodLabel(g types.Granularity, s string) string {
	p, err := types.ParsePeriod(s, g)
	if err != nil {
		return s
	}
	switch g {
	case types.Monthly:
		return fmt.Sprintf("%s %d", time.Month(p.Number()), p.Year())
	case types.Quarterly:
		return fmt.Sprintf("Q%d %d", p.Number(), p.Year())
	}
	return s
}

// periodShort writes a period for a narrow column: "Jan 2026".
func periodShort(g types.Granularity, s string) string {
	p, err := types.ParsePeriod(s, g)
	if err != nil || g != types.Monthly {
		return periodLabel(g, s)
	}
	return fmt.Sprintf("%s %d", time.Month(p.Number()).String()[:3], p.Year())
}

func buildLedger(v *view, levels map[string]*check.ServiceLevel, res *engine.Result) ([]ledgerPeriod, error) {
	places := res.Contract.MinorUnits
	var out []ledgerPeriod
	for _, p := range res.Periods {
		lp := ledgerPeriod{
			Period:    p.Period,
			Label:     periodLabel(v.Gran, p.Period),
			ID:        "ledger-" + p.Period,
			BeforeCap: money(p.DeductionsBeforeCap),
			Total:     money(p.TotalDeduction),
			Net:       money(p.NetPayment),
		}
		for _, lr := range p.ServiceLevels {
			lp.Rows = append(lp.Rows, ledgerRow{
				Period:      p.Period,
				Level:       lr.Name,
				Label:       label(lr.Title, lr.Name),
				ValueText:   lr.Value.Text,
				Value:       lr.Value.Value,
				Target:      lr.Target.Value,
				TargetText:  lr.Comparison + " " + lr.Target.Text,
				Status:      string(lr.Status),
				StatusView:  statusOf(levels[lr.Name], lr),
				StatusText:  statusOf(levels[lr.Name], lr).Symbol + " " + statusWords(lr.Status),
				Tier:        lr.Tier,
				Deduction:   money(lr.Deduction),
				BeforeCap:   money(lr.DeductionBeforeCap),
				Capped:      lr.Deduction.Value.LessThan(lr.DeductionBeforeCap.Value),
				Ref:         lr.Ref,
				Rule:        lr.Rule,
				RuleRef:     lr.RuleRef,
				RowID:       "row-" + p.Period + "-" + lr.Name,
				ExplID:      explID(p.Period, lr.Name),
				Explanation: lr.Explanation,
			})
		}
		if p.CarriedIn.Value.IsPositive() {
			a := money(p.CarriedIn)
			lp.CarriedIn = &a
		}
		if cp := p.Cap; cp != nil {
			fate := "is lost"
			if cp.CarriedForward.Value.IsPositive() {
				fate = "is carried into the next " + v.PeriodNoun
			}
			lp.Cap = &capLine{
				Label: "Cap on total deductions, " + strings.TrimPrefix(cp.Rule, "cap total deductions at "), Ref: cp.Ref, Limit: money(cp.Limit), Binding: cp.Binding,
				Excess: money(cp.Excess), Fate: fate,
				ExplID: explID(p.Period, "cap"), Explanation: cp.Explanation,
			}
		}
		paid := decimal.Zero
		for _, pl := range p.Payments {
			lp.Payments = append(lp.Payments, paymentLine{Name: pl.Name, Label: label(pl.Title, pl.Name), Ref: pl.Ref, Amount: money(pl.Amount)})
			paid = paid.Add(pl.Amount.Value)
		}
		lp.PaymentsTotal = moneyOf(paid, places)
		if !paid.Sub(p.TotalDeduction.Value).Equal(p.NetPayment.Value) {
			return nil, fmt.Errorf("report: %s does not reconcile: payments %s - total deduction %s is not the net payment %s",
				p.Period, lp.PaymentsTotal.Value, lp.Total.Value, lp.Net.Value)
		}
		out = append(out, lp)
	}
	return out, nil
}

// State writes the cap's effect: "not reached", or "binds; the excess of
// 2,500.00 is lost".
func (cp *capLine) State() string {
	if !cp.Binding {
		return "not reached"
	}
	return "binds; the excess of " + cp.Excess.Text + " " + cp.Fate
}

func explID(period, name string) string { return "expl-" + period + "-" + name }

// Status classes, for the colours of the ledger and the heatmap.
const (
	classMet      = "met"
	classTierLow  = "tier-low"
	classTierMid  = "tier-mid"
	classTierHigh = "tier-high"
	classMissing  = "missing"
	classNA       = "na"
)

// statusOf returns the look of a service level's outcome. A failure's
// symbol and colour follow its tier's rank among the level's tiers, so
// that the most severe tier looks the same whatever the contract names it.
func statusOf(l *check.ServiceLevel, lr engine.LevelResult) statusView {
	switch lr.Status {
	case engine.Met:
		return statusView{classMet, "✓", "met"}
	case engine.NotAssessed:
		return statusView{classNA, "–", "n/a"}
	case engine.Missing:
		word := "missing"
		if lr.Tier != "" {
			word += ", " + lr.Tier
		}
		return statusView{classMissing, "?", word}
	}
	word := lr.Tier
	if word == "" {
		word = "failed"
	}
	switch tierRank(l, lr.Tier) {
	case rankLow:
		return statusView{classTierLow, "▲", word}
	case rankMid:
		return statusView{classTierMid, "◆", word}
	}
	return statusView{classTierHigh, "■", word}
}

func statusWords(s engine.Status) string {
	if s == engine.NotAssessed {
		return "not assessed"
	}
	return string(s)
}

type rank int

const (
	rankLow rank = iota
	rankMid
	rankHigh
)

// tierRank places a tier among the service level's tiers: the first of
// several is low, the last (or only) one high, any between them mid.
func tierRank(l *check.ServiceLevel, tier string) rank {
	k := l.TierIndex(tier)
	n := len(l.Tiers)
	switch {
	case k < 0 || n == 1 || k == n-1:
		return rankHigh
	case k == 0:
		return rankLow
	}
	return rankMid
}

func buildSummary(v *view, c *check.Contract, res *engine.Result) (summaryView, error) {
	s := summaryView{
		Periods:        res.Totals.Periods,
		PaymentsTotal:  money(res.Totals.Payments),
		TotalDeduction: money(res.Totals.TotalDeduction),
		NetPayment:     money(res.Totals.NetPayment),
	}
	places := res.Contract.MinorUnits
	if !res.Totals.Payments.Value.Sub(res.Totals.TotalDeduction.Value).Equal(res.Totals.NetPayment.Value) {
		return s, fmt.Errorf("report: the totals do not reconcile: payments %s - total deduction %s is not the net payment %s",
			s.PaymentsTotal.Value, s.TotalDeduction.Value, s.NetPayment.Value)
	}
	if res.Totals.CarriedForward.Value.IsPositive() {
		a := money(res.Totals.CarriedForward)
		s.CarriedForward = &a
	}

	// Payments are summed by name in the order of their first appearance.
	index := map[string]int{}
	sums := []decimal.Decimal{}
	for _, lp := range v.Ledger {
		failed := false
		for _, r := range lp.Rows {
			if r.Status == string(engine.Failed) || r.Status == string(engine.Missing) {
				s.Failures++
				failed = true
			}
		}
		if failed {
			s.FailedPeriods++
		}
		if lp.Cap != nil && lp.Cap.Binding {
			s.CapBound = append(s.CapBound, lp.Period)
		}
	}
	for _, p := range res.Periods {
		for _, pl := range p.Payments {
			k, ok := index[pl.Name]
			if !ok {
				k = len(s.Payments)
				index[pl.Name] = k
				s.Payments = append(s.Payments, paymentLine{Name: pl.Name, Label: label(pl.Title, pl.Name), Ref: pl.Ref})
				sums = append(sums, decimal.Zero)
			}
			sums[k] = sums[k].Add(pl.Amount.Value)
		}
	}
	for k := range s.Payments {
		s.Payments[k].Amount = moneyOf(sums[k], places)
	}
	s.NoticeCounts = noticeCounts(c, res)
	s.Lead = summaryLead(v, s)
	return s, nil
}

// noticeCounts counts the notices of every kind the contract can give,
// zero counts included: breach, missing_data, then the declared notices in
// declaration order, then any other kind the result has.
func noticeCounts(c *check.Contract, res *engine.Result) []noticeCount {
	out := []noticeCount{{Kind: "breach", Title: "Breach"}, {Kind: "missing_data", Title: "Missing data"}}
	for _, n := range c.Notices {
		out = append(out, noticeCount{Kind: n.Name, Title: label(n.Title, n.Name)})
	}
	at := map[string]int{}
	for k, n := range out {
		at[n.Kind] = k
	}
	for _, n := range res.Totals.Notices {
		k, ok := at[n.Kind]
		if !ok {
			k = len(out)
			at[n.Kind] = k
			out = append(out, noticeCount{Kind: n.Kind, Title: n.Kind})
		}
		out[k].Count = n.Count
	}
	return out
}

func buildAudit(res *engine.Result, opts Options) []auditRow {
	file, sum := opts.ContractFile, opts.ContractSHA256
	if file == "" {
		file, sum = res.Contract.File, res.Contract.SHA256
	}
	rows := []auditRow{{Item: "Contract", File: file, SHA256: sum}}

	inputs := opts.Inputs
	if len(inputs) == 0 {
		if d := res.Data; d != nil {
			inputs = append(inputs, Input{Name: "period data", File: d.File, SHA256: d.SHA256})
		}
		for _, s := range res.Sources {
			inputs = append(inputs, Input{Name: s.Source, File: s.File})
		}
	}
	for _, in := range inputs {
		row := auditRow{Item: "Data: " + in.Name, File: in.File, SHA256: in.SHA256}
		for _, s := range res.Sources {
			if s.File == in.File {
				row.Detail = sourceDetail(s.Rows, s.Skipped)
			}
		}
		rows = append(rows, row)
	}
	if res.AsOf != "" {
		rows = append(rows, auditRow{Item: "Records as of", Detail: res.AsOf})
	}
	rows = append(rows, auditRow{Item: "Currency and rounding", Detail: fmt.Sprintf("%s; each deduction is rounded %s to %d decimal places", res.Contract.Currency, res.Contract.Rounding, res.Contract.MinorUnits)})
	version := opts.Version
	if version == "" {
		version = "not given"
	}
	rows = append(rows, auditRow{Item: "pacta version", Detail: version})
	if opts.Timestamp != "" {
		rows = append(rows, auditRow{Item: "Timestamp", Detail: opts.Timestamp})
	}
	return rows
}

func sourceDetail(rows, skipped int64) string {
	s := plural(rows, "row")
	if skipped > 0 {
		s += ", " + plural(skipped, "malformed row") + " skipped"
	}
	return s
}

// plural writes n with grouped thousands and a noun, with an s unless n
// is 1.
func plural[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return num.GroupInt(int64(n)) + " " + noun + "s"
}

func buildHeatmap(v *view, c *check.Contract, levels map[string]*check.ServiceLevel) heatmapView {
	var h heatmapView
	row := map[string]int{}
	for _, lp := range v.Ledger {
		h.Periods = append(h.Periods, periodHead{Period: lp.Period, Label: lp.Label, Short: periodShort(v.Gran, lp.Period)})
		for _, r := range lp.Rows {
			k, ok := row[r.Level]
			if !ok {
				k = len(h.Rows)
				row[r.Level] = k
				h.Rows = append(h.Rows, heatRow{Level: r.Level, Label: r.Label})
			}
			h.Rows[k].Cells = append(h.Rows[k].Cells, heatCell{Status: r.StatusView})
		}
	}
	h.Legend = heatLegend(c)
	return h
}

// heatLegend explains each look that a status can have in this contract.
// The tiers are grouped by rank, with the names the contract gives them.
func heatLegend(c *check.Contract) []legendEntry {
	names := map[rank][]string{}
	seen := map[string]bool{}
	for _, l := range c.Levels {
		for _, t := range l.Tiers {
			r := tierRank(l, t.Name)
			key := fmt.Sprint(r) + "/" + t.Name
			if !seen[key] {
				seen[key] = true
				names[r] = append(names[r], t.Name)
			}
		}
	}
	out := []legendEntry{{statusView{classMet, "✓", "met"}, "the target was met"}}
	for _, e := range []struct {
		r       rank
		class   string
		symbol  string
		meaning string
	}{
		{rankLow, classTierLow, "▲", "failed at the least severe tier"},
		{rankMid, classTierMid, "◆", "failed at a tier between the least and the most severe"},
		{rankHigh, classTierHigh, "■", "failed at the most severe tier"},
	} {
		if len(names[e.r]) == 0 {
			continue
		}
		out = append(out, legendEntry{statusView{e.class, e.symbol, strings.Join(names[e.r], ", ")}, e.meaning})
	}
	out = append(out,
		legendEntry{statusView{classMissing, "?", "missing"}, "no value; a tier after the comma is the failure that the contract's missing-value rule counts it as"},
		legendEntry{statusView{classNA, "–", "n/a"}, "not assessed"},
	)
	return out
}

func buildNotices(v *view, c *check.Contract, res *engine.Result) noticesView {
	var nv noticesView
	levelLabel := map[string]string{}
	for _, l := range c.Levels {
		levelLabel[l.Name] = l.Label()
	}
	// Declared notices come first, because they carry consequences beyond
	// a deduction, and breaches, which repeat the ledger, come last.
	counts := noticeCounts(c, res)
	slices.Reverse(counts[:2])
	counts = append(counts[2:], counts[:2]...)
	kindAt := map[string]int{}
	for _, nc := range counts {
		if nc.Count == 0 {
			continue
		}
		kindAt[nc.Kind] = len(nv.Kinds)
		nv.Kinds = append(nv.Kinds, noticeKind{Kind: nc.Kind, Title: nc.Title, ID: "notice-kind-" + nc.Kind})
	}
	for i, n := range res.Notices {
		k := kindAt[n.Kind]
		nv.Kinds[k].Notices = append(nv.Kinds[k].Notices, noticeView{
			ID: fmt.Sprintf("notice-%d", i+1), PeriodLabel: periodLabel(v.Gran, n.Period),
			Level: n.ServiceLevel, LevelLabel: levelLabel[n.ServiceLevel],
			Ref: n.Ref, Message: n.Message, Periods: n.Periods,
		})
	}

	byPeriod := map[string][]engine.Notice{}
	for _, n := range res.Notices {
		byPeriod[n.Period] = append(byPeriod[n.Period], n)
	}
	for _, lp := range v.Ledger {
		tr := timelineRow{Label: lp.Label}
		for _, kind := range nv.Kinds {
			var cell timelineCell
			for _, n := range byPeriod[lp.Period] {
				if n.Kind != kind.Kind {
					continue
				}
				cell.Count++
				if n.ServiceLevel != "" {
					cell.Levels = append(cell.Levels, n.ServiceLevel)
				}
			}
			tr.Cells = append(tr.Cells, cell)
		}
		nv.Timeline = append(nv.Timeline, tr)
	}
	return nv
}

// summaryLead writes the summary's first paragraph: the payments due, the
// failures, the deductions and the net payment, and where the cap bound.
func summaryLead(v *view, s summaryView) string {
	cur := v.Currency + " "
	var b strings.Builder
	fmt.Fprintf(&b, "Over %s the payments due were %s%s. ", plural(s.Periods, v.PeriodNoun), cur, s.PaymentsTotal.Text)
	if s.Failures == 0 {
		b.WriteString("No service level failed. ")
	} else {
		fmt.Fprintf(&b, "Service levels failed %s in %s. ", plural(s.Failures, "time"), plural(s.FailedPeriods, v.PeriodNoun))
	}
	fmt.Fprintf(&b, "Deductions total %s%s, which leaves a net payment of %s%s.", cur, s.TotalDeduction.Text, cur, s.NetPayment.Text)
	switch len(s.CapBound) {
	case 0:
	case 1:
		fmt.Fprintf(&b, " The cap on total deductions bound in %s.", periodLabel(v.Gran, s.CapBound[0]))
	default:
		labels := make([]string, len(s.CapBound))
		for k, p := range s.CapBound {
			labels[k] = periodLabel(v.Gran, p)
		}
		fmt.Fprintf(&b, " The cap on total deductions bound in %s: %s.", plural(len(s.CapBound), v.PeriodNoun), joinWords(labels))
	}
	return b.String()
}
