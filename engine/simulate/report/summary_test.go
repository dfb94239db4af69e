package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/pacta-dev/pacta/engine/simulate"
)

// oneYear returns results for a twelve-month term with one run per total,
// every total in the first month, payments of USD 100.00, the given notice
// kinds and no service level.
func oneYear(totals []int64, notices ...string) *simulate.Results {
	r := &simulate.Results{Meta: simulate.Meta{
		Contract: "c.pacta", ContractTitle: "C", Currency: "USD", MinorUnits: 2,
		From: "2026-01", To: "2026-12", Periods: 12, PeriodsPerYear: 12, Years: []string{"2026"},
		Runs: len(totals), Evaluator: "compiled", Payments: 10_000, PaymentsByYear: []int64{10_000},
	}}
	for _, n := range notices {
		r.Meta.Notices = append(r.Meta.Notices, simulate.Item{Name: n})
	}
	for _, total := range totals {
		o := simulate.Outcome{Total: total, ByYear: []int64{total}, FirstNotice: make([]int, len(notices))}
		for k := range notices {
			o.FirstNotice[k] = -1
			o.NoticeYears = append(o.NoticeYears, []bool{false})
		}
		r.Runs = append(r.Runs, o)
	}
	return r
}

// threeYears returns results for a 36-month term with four runs of zero
// deductions and the given notice kinds, none issued.
func threeYears(notices ...string) *simulate.Results {
	r := oneYear([]int64{0, 0, 0, 0}, notices...)
	m := &r.Meta
	m.To, m.Periods, m.Years = "2028-12", 36, []string{"2026", "2027", "2028"}
	m.Payments, m.PaymentsByYear = 30_000, []int64{10_000, 10_000, 10_000}
	for i := range r.Runs {
		r.Runs[i].ByYear = []int64{0, 0, 0}
		for k := range r.Runs[i].NoticeYears {
			r.Runs[i].NoticeYears[k] = []bool{false, false, false}
		}
	}
	return r
}

func str(d decimal.Decimal, places int32) string { return d.StringFixed(places) }

func nullStr(d decimal.NullDecimal, places int32) string {
	if !d.Valid {
		return "invalid"
	}
	return d.Decimal.StringFixed(places)
}

func TestSummarizeTermDeductions(t *testing.T) {
	s := Summarize(oneYear([]int64{100, 400, 300, 200}))
	d := s.Term
	got := map[string][2]string{}
	for _, row := range distributionRows(d) {
		got[row.name] = [2]string{str(row.amount.Value, 2), nullStr(row.amount.PercentOfPayments, 2)}
	}
	want := map[string][2]string{
		"Mean":         {"2.50", "2.50"},
		"SD":           {"1.29", "1.29"}, // √(50,000/3) = 129.1 cents
		"P50 (median)": {"2.00", "2.00"},
		"P90":          {"4.00", "4.00"},
		"P95":          {"4.00", "4.00"},
		"P99":          {"4.00", "4.00"},
		"Max":          {"4.00", "4.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("term deductions (-want +got):\n%s", diff)
	}
	if got := str(d.Payments, 2); got != "100.00" {
		t.Errorf("payments = %s, want 100.00", got)
	}
	if diff := cmp.Diff(got, yearFigures(s.Years[0])); diff != "" {
		t.Errorf("the only year differs from the term (-term +year):\n%s", diff)
	}
}

func yearFigures(d Distribution) map[string][2]string {
	got := map[string][2]string{}
	for _, row := range distributionRows(d) {
		got[row.name] = [2]string{str(row.amount.Value, 2), nullStr(row.amount.PercentOfPayments, 2)}
	}
	return got
}

func TestSummarizeMeanRoundsHalfUp(t *testing.T) {
	tests := []struct {
		totals     []int64
		minorUnits int32
		want       string
	}{
		{[]int64{1, 2}, 2, "0.02"},       // 1.5 cents
		{[]int64{1, 1, 1, 2}, 2, "0.01"}, // 1.25 cents
		{[]int64{1, 2, 2, 2}, 2, "0.02"}, // 1.75 cents
		{[]int64{0, 0, 1, 1}, 2, "0.01"}, // 0.5 cents
		{[]int64{1, 2}, 0, "2"},          // 1.5 yen
		{[]int64{1, 2}, 3, "0.002"},      // 1.5 fils
	}
	for _, tt := range tests {
		r := oneYear(tt.totals)
		r.Meta.MinorUnits = tt.minorUnits
		s := Summarize(r)
		if got := str(s.Term.Mean.Value, tt.minorUnits); got != tt.want {
			t.Errorf("mean of %v with %d minor digits = %s, want %s", tt.totals, tt.minorUnits, got, tt.want)
		}
	}
}

func TestSummarizeZeroPayments(t *testing.T) {
	r := oneYear([]int64{100, 200})
	r.Meta.Payments, r.Meta.PaymentsByYear = 0, []int64{0}
	s := Summarize(r)
	if s.Term.Mean.PercentOfPayments.Valid || s.Term.StdDev.PercentOfPayments.Valid || s.Term.P90.PercentOfPayments.Valid {
		t.Errorf("percentages of zero payments are valid, want invalid: %+v", s.Term)
	}
}

func TestSummarizeStdDevPercent(t *testing.T) {
	// SD of 0 and 1 cent is √0.5 = 0.707 cents, 7.07% of 10 cents.
	r := oneYear([]int64{0, 1})
	r.Meta.Payments, r.Meta.PaymentsByYear = 10, []int64{10}
	s := Summarize(r)
	if got := str(s.Term.StdDev.Value, 2); got != "0.01" {
		t.Errorf("SD = %s, want 0.01", got)
	}
	if got := nullStr(s.Term.StdDev.PercentOfPayments, 2); got != "7.07" {
		t.Errorf("SD percent = %s, want 7.07", got)
	}
}

func TestSummarizeNoticeProbabilities(t *testing.T) {
	r := threeYears("breach", "termination")
	// Run 0 issues a termination notice in April 2026, run 1 in March 2027
	// and again in 2028, runs 2 and 3 never. Every run has a breach.
	r.Runs[0].FirstNotice[1] = 3
	r.Runs[0].NoticeYears[1][0] = true
	r.Runs[1].FirstNotice[1] = 14
	r.Runs[1].NoticeYears[1][1] = true
	r.Runs[1].NoticeYears[1][2] = true
	for i := range r.Runs {
		r.Runs[i].FirstNotice[0] = 0
		r.Runs[i].NoticeYears[0][0] = true
	}
	s := Summarize(r)

	if s.Termination != 1 {
		t.Fatalf("Termination = %d, want 1", s.Termination)
	}
	term := s.Notices[1]
	// 1.96·√(0.5·0.5/4) = 0.49 and 1.96·√(0.25·0.75/4) = 0.42435.
	probabilities := []struct {
		name string
		got  Probability
		runs int
		p    string
		hw   string
	}{
		{"term", term.Term, 2, "0.5000", "0.4900"},
		{"2026", term.Years[0], 1, "0.2500", "0.4244"},
		{"2027", term.Years[1], 1, "0.2500", "0.4244"},
		{"2028", term.Years[2], 1, "0.2500", "0.4244"},
		{"breach term", s.Notices[0].Term, 4, "1.0000", "0.0000"},
		{"breach 2027", s.Notices[0].Years[1], 0, "0.0000", "0.0000"},
	}
	for _, p := range probabilities {
		if p.got.Runs != p.runs {
			t.Errorf("%s: runs = %d, want %d", p.name, p.got.Runs, p.runs)
		}
		if got := str(p.got.Fraction, 4); got != p.p {
			t.Errorf("%s: probability = %s, want %s", p.name, got, p.p)
		}
		if got := str(p.got.HalfWidth95, 4); got != p.hw {
			t.Errorf("%s: half-width = %s, want %s", p.name, got, p.hw)
		}
	}

	if s.Notices[0].FirstIssue != nil {
		t.Errorf("breach has a first-issue distribution, want nil for a built-in kind")
	}
	f := term.FirstIssue
	var years []string
	for _, y := range f.Years {
		years = append(years, str(y.Fraction, 4))
	}
	if diff := cmp.Diff([]string{"0.2500", "0.2500", "0.0000"}, years); diff != "" {
		t.Errorf("first issue by year (-want +got):\n%s", diff)
	}
	if f.Never.Runs != 2 {
		t.Errorf("runs never issuing = %d, want 2", f.Never.Runs)
	}
	// The nearest-rank median of periods 3 and 14 is the first, April 2026.
	if diff := cmp.Diff(&Period{Index: 3, Label: "2026-04", Year: 0}, f.Median); diff != "" {
		t.Errorf("median first period (-want +got):\n%s", diff)
	}
}

func TestSummarizeNoTermination(t *testing.T) {
	s := Summarize(threeYears("warning"))
	if s.Termination != -1 {
		t.Errorf("Termination = %d, want -1", s.Termination)
	}
	if f := s.Notices[0].FirstIssue; f == nil || f.Median != nil || f.Never.Runs != 4 {
		t.Errorf("first issue of a notice never issued = %+v, want no median and 4 runs never", f)
	}
}

func TestPeriodAtLabels(t *testing.T) {
	tests := []struct {
		from    string
		perYear int
		index   int
		want    string
	}{
		{"2026-01", 12, 0, "2026-01"},
		{"2026-01", 12, 14, "2027-03"},
		{"2026-07", 12, 6, "2027-01"},
		{"2026-Q3", 4, 3, "2027-Q2"},
		{"2026", 1, 2, "2028"},
		{"not a period", 12, 4, "period 5"},
	}
	for _, tt := range tests {
		got := periodAt(simulate.Meta{From: tt.from, PeriodsPerYear: tt.perYear}, tt.index)
		if got.Label != tt.want {
			t.Errorf("period %d from %s = %q, want %q", tt.index, tt.from, got.Label, tt.want)
		}
	}
}

func TestSummarizeCaps(t *testing.T) {
	r := oneYear([]int64{10, 20, 30, 40})
	r.Meta.Levels = []simulate.Item{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	r.Meta.Cap = &simulate.Item{Name: "total", Ref: "§4"}
	r.Meta.LevelCaps = []bool{false, true, true}
	capBound := []int{0, 2, 0, 1}
	levelBound := [][]int{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}, {0, 5, 0}}
	for i := range r.Runs {
		r.Runs[i].ByLevel = []int64{0, 0, 0}
		r.Runs[i].CapBound = capBound[i]
		r.Runs[i].LevelCapBound = levelBound[i]
	}
	s := Summarize(r)

	type capFigures struct {
		Name        string
		Level       int
		Runs        int
		Fraction    string
		MeanPeriods string
	}
	var got []capFigures
	for _, c := range s.Caps {
		got = append(got, capFigures{c.Item.Name, c.Level, c.Binds.Runs, str(c.Binds.Fraction, 4), str(c.MeanPeriods, 2)})
	}
	want := []capFigures{
		{"total", -1, 2, "0.5000", "0.75"},
		{"b", 1, 2, "0.5000", "1.50"},
		{"c", 2, 0, "0.0000", "0.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("caps (-want +got):\n%s", diff)
	}
}

func TestSummarizeLevelShares(t *testing.T) {
	r := oneYear([]int64{0, 0, 0, 0})
	r.Meta.Levels = []simulate.Item{{Name: "availability"}, {Name: "response"}, {Name: "helpdesk"}}
	byLevel := [][]int64{{100, 0, 0}, {100, 50, 0}, {50, 25, 0}, {50, 25, 0}}
	for i := range r.Runs {
		r.Runs[i].ByLevel = byLevel[i]
	}
	s := Summarize(r)

	var got [][3]string
	for _, l := range s.Levels {
		got = append(got, [3]string{l.Item.Name, str(l.Mean, 2), nullStr(l.Percent, 2)})
	}
	want := [][3]string{
		{"availability", "0.75", "75.00"},
		{"response", "0.25", "25.00"},
		{"helpdesk", "0.00", "0.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("level shares (-want +got):\n%s", diff)
	}

	for i := range r.Runs {
		r.Runs[i].ByLevel = []int64{0, 0, 0}
	}
	if p := Summarize(r).Levels[0].Percent; p.Valid {
		t.Errorf("share when no level deducts = %s, want invalid", p.Decimal)
	}
}

func TestSummarizeSensitivityOrder(t *testing.T) {
	r := oneYear([]int64{100, 200, 300, 400}, "termination")
	r.Runs[0].FirstNotice[0] = 0
	r.Runs[0].NoticeYears[0][0] = true
	// The base sum is 1,000 cents over 4 runs.
	r.Shifts = []simulate.Shift{
		{Measure: "b", Sigmas: 1, Delta: "+1", TotalSum: 1100, NoticeRuns: []int{2}},
		{Measure: "a", Sigmas: 1, Delta: "+1", TotalSum: 1100, NoticeRuns: []int{1}},
		{Measure: "a", Sigmas: -1, Delta: "-1", TotalSum: 950, NoticeRuns: []int{0}},
		{Measure: "c", Sigmas: -1, Delta: "-2", TotalSum: 700, NoticeRuns: []int{0}},
		{Measure: "d", Sigmas: 1, Delta: "+3", TotalSum: 1000, NoticeRuns: []int{4}},
	}
	s := Summarize(r)

	var order []string
	for _, row := range s.Sensitivity {
		order = append(order, row.Measure)
	}
	// c moves the sum by 300, a and b by 100 (a tie broken by name), d by 0.
	if diff := cmp.Diff([]string{"c", "a", "b", "d"}, order); diff != "" {
		t.Fatalf("sensitivity order (-want +got):\n%s", diff)
	}

	a := s.Sensitivity[1]
	if a.Up == nil || a.Down == nil {
		t.Fatalf("measure a: Up = %v, Down = %v, want both", a.Up, a.Down)
	}
	effects := []struct {
		name        string
		got         *ShiftEffect
		mean        string
		change      string
		termination string
	}{
		{"a +1 SD", a.Up, "2.75", "0.25", "0.0000"},
		{"a -1 SD", a.Down, "2.38", "-0.13", "-0.2500"}, // 237.5 and -12.5 cents round away from zero
		{"c -1 SD", s.Sensitivity[0].Down, "1.75", "-0.75", "-0.2500"},
		{"d +1 SD", s.Sensitivity[3].Up, "2.50", "0.00", "0.7500"},
	}
	for _, e := range effects {
		if got := str(e.got.Mean, 2); got != e.mean {
			t.Errorf("%s: mean = %s, want %s", e.name, got, e.mean)
		}
		if got := str(e.got.DeductionChange, 2); got != e.change {
			t.Errorf("%s: deduction change = %s, want %s", e.name, got, e.change)
		}
		if got := nullStr(e.got.TerminationChange, 4); got != e.termination {
			t.Errorf("%s: termination change = %s, want %s", e.name, got, e.termination)
		}
	}
	if s.Sensitivity[0].Up != nil {
		t.Errorf("measure c has an Up effect, want nil because only -1 SD ran")
	}
}

func TestSummarizeSensitivityWithoutTermination(t *testing.T) {
	r := oneYear([]int64{100})
	r.Shifts = []simulate.Shift{{Measure: "a", Sigmas: 1, TotalSum: 150, NoticeRuns: []int{}}}
	s := Summarize(r)
	if s.Sensitivity[0].Up.TerminationChange.Valid {
		t.Errorf("termination change without a termination notice is valid, want invalid")
	}
}

func TestSummarizeNPV(t *testing.T) {
	r := oneYear([]int64{0, 0, 0, 0})
	if Summarize(r).NPV != nil {
		t.Errorf("NPV without a discount rate is not nil")
	}
	r.Meta.DiscountRate = "0.05"
	for i, npv := range []int64{101, 300, 200, 400} {
		r.Runs[i].NPV = npv
	}
	n := Summarize(r).NPV
	got := [4]string{n.DiscountRate, str(n.Mean, 2), str(n.P90, 2), str(n.P95, 2)}
	// The mean is 250.25 cents, rounded to 2.50.
	if diff := cmp.Diff([4]string{"0.05", "2.50", "4.00", "4.00"}, got); diff != "" {
		t.Errorf("NPV (-want +got):\n%s", diff)
	}
}

func TestSummarizeCompare(t *testing.T) {
	r := threeYears("termination", "warning")
	totals := []int64{100, 200, 300, 400}
	second := []int64{150, 200, 250, 500}
	r.Meta.Compare = &simulate.CompareMeta{Contract: "d.pacta", Notices: []simulate.Item{{Name: "warning"}, {Name: "termination"}}}
	for i := range r.Runs {
		r.Runs[i].Total = totals[i]
		r.Runs[i].ByYear = []int64{totals[i], 0, 0}
		o := simulate.Outcome{
			Total:       second[i],
			ByYear:      []int64{second[i] - 10, 10, 0},
			FirstNotice: []int{-1, -1},
			NoticeYears: [][]bool{{false, false, false}, {false, false, false}},
		}
		r.Compare = append(r.Compare, o)
	}
	// The first contract terminates in run 0 in 2026. The second, whose
	// termination is its notice kind 1, in runs 0 and 1 in 2027.
	r.Runs[0].FirstNotice[0] = 0
	r.Runs[0].NoticeYears[0][0] = true
	for _, i := range []int{0, 1} {
		r.Compare[i].FirstNotice[1] = 12
		r.Compare[i].NoticeYears[1][1] = true
	}
	c := Summarize(r).Compare

	// The differences are 50, 0, -50 and 100 cents.
	got := map[string]string{
		"mean": str(c.Mean, 2), "sd": str(c.StdDev, 2),
		"p5": str(c.P5, 2), "p50": str(c.P50, 2), "p95": str(c.P95, 2),
		"more": str(c.More.Fraction, 4), "less": str(c.Less.Fraction, 4), "same": str(c.Same.Fraction, 4),
		"2026 mean": str(c.Years[0].Mean, 2), "2027 mean": str(c.Years[1].Mean, 2), "2028 mean": str(c.Years[2].Mean, 2),
		"term termination": str(c.Termination.Difference, 4),
		"2026 termination": str(c.Years[0].Termination.Difference, 4),
		"2027 termination": str(c.Years[1].Termination.Difference, 4),
	}
	want := map[string]string{
		"mean": "0.25", "sd": "0.65", // √(12,500/3) = 64.55 cents
		"p5": "-0.50", "p50": "0.00", "p95": "1.00",
		"more": "0.5000", "less": "0.2500", "same": "0.2500",
		"2026 mean": "0.15", "2027 mean": "0.10", "2028 mean": "0.00", // 2026: (40 - 10 - 60 + 90) / 4
		"term termination": "0.2500",
		"2026 termination": "-0.2500",
		"2027 termination": "0.5000",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparison (-want +got):\n%s", diff)
	}
}

func TestSummarizeCompareWithoutSecondTermination(t *testing.T) {
	r := oneYear([]int64{100}, "termination")
	r.Meta.Compare = &simulate.CompareMeta{Contract: "d.pacta"}
	r.Compare = []simulate.Outcome{{Total: 90, ByYear: []int64{90}}}
	c := Summarize(r).Compare
	if c.Termination != nil || c.Years[0].Termination != nil {
		t.Errorf("termination compared when the second contract declares none")
	}
	if got := str(c.Mean, 2); got != "-0.10" {
		t.Errorf("mean difference = %s, want -0.10", got)
	}
}

func TestValidateRejectsInconsistentResults(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *simulate.Results)
		want   string
	}{
		{"no runs", func(r *simulate.Results) { r.Runs = nil; r.Meta.Runs = 0 }, "no runs"},
		{"run count", func(r *simulate.Results) { r.Meta.Runs = 5 }, "Meta.Runs is 5"},
		{"years", func(r *simulate.Results) { r.Meta.Years = nil }, "Meta.Years has 0 entries"},
		{"payments by year", func(r *simulate.Results) { r.Meta.PaymentsByYear = nil }, "Meta.PaymentsByYear"},
		{"by year", func(r *simulate.Results) { r.Runs[1].ByYear = nil }, "run 1: ByYear"},
		{"first notice", func(r *simulate.Results) { r.Runs[0].FirstNotice = nil }, "run 0: FirstNotice"},
		{"first notice range", func(r *simulate.Results) { r.Runs[0].FirstNotice[0] = 12 }, "FirstNotice[0] is 12"},
		{"compare meta", func(r *simulate.Results) { r.Compare = r.Runs }, "Meta.Compare is nil"},
		{"shift sigmas", func(r *simulate.Results) {
			r.Shifts = []simulate.Shift{{Measure: "m", NoticeRuns: []int{0}}}
		}, "Sigmas 0"},
		{"shift twice", func(r *simulate.Results) {
			s := simulate.Shift{Measure: "m", Sigmas: 1, NoticeRuns: []int{0}}
			r.Shifts = []simulate.Shift{s, s}
		}, "shifted twice"},
		{"level cap", func(r *simulate.Results) {
			r.Meta.Levels = []simulate.Item{{Name: "a"}}
			r.Meta.LevelCaps = []bool{true}
			for i := range r.Runs {
				r.Runs[i].ByLevel = []int64{0}
			}
		}, `service level "a" has a cap`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := oneYear([]int64{1, 2}, "termination")
			tt.change(r)
			err := Validate(r)
			if err == nil {
				t.Fatalf("Validate returned nil, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %q, want it to contain %q", err, tt.want)
			}
		})
	}
	if err := Validate(oneYear([]int64{1, 2}, "termination")); err != nil {
		t.Errorf("Validate of consistent results = %v, want nil", err)
	}
}

func TestSummarizePanicsOnInvalidResults(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Summarize of results without runs did not panic")
		}
	}()
	Summarize(&simulate.Results{})
}

// TestSummarizeAgreesWithFloat checks the exact figures of the fixture
// against a float64 computation of the same statistics, which must agree
// to within a cent.
func TestSummarizeAgreesWithFloat(t *testing.T) {
	r := fixture(200)
	s := Summarize(r)

	totals := make([]float64, len(r.Runs))
	var sum float64
	for i, o := range r.Runs {
		totals[i] = float64(o.Total) / 100
		sum += totals[i]
	}
	mean := sum / float64(len(totals))
	var squares float64
	for _, x := range totals {
		squares += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(squares / float64(len(totals)-1))
	slices.Sort(totals)
	// Rank ⌈0.9 · 200⌉ = 180 is index 179.
	p90 := totals[179]

	for _, c := range []struct {
		name  string
		exact decimal.Decimal
		float float64
	}{
		{"mean", s.Term.Mean.Value, mean},
		{"sd", s.Term.StdDev.Value, sd},
		{"p90", s.Term.P90.Value, p90},
		{"max", s.Term.Max.Value, totals[len(totals)-1]},
	} {
		if diff := math.Abs(c.exact.InexactFloat64() - c.float); diff > 0.005 {
			t.Errorf("%s = %s, float64 gives %.4f", c.name, c.exact, c.float)
		}
	}
	if got, want := s.Term.Mean.PercentOfPayments.Decimal.InexactFloat64(), mean/3_600_000*100; math.Abs(got-want) > 0.005 {
		t.Errorf("mean percent of payments = %v, float64 gives %.4f", got, want)
	}
}
