package report

import (
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"
)

// jsonFormat and jsonVersion identify the JSON report, so that a reader can
// reject a version it does not know.
const (
	jsonFormat  = "pacta simulate report"
	jsonVersion = 1
)

// methods states how the figures were computed. The JSON and CSV reports
// carry it, so that a reader of either needs no other document.
var methods = jsonMethods{
	Percentiles: "nearest rank: the P-th percentile of n runs is the value of rank ceil(P/100 * n), at least 1, " +
		"in ascending order, so every percentile is an actual run's value",
	StandardDeviation: "sample standard deviation with the n-1 denominator, from exact integer sums, " +
		"rounded half up to the minor unit, and 0 for a single run",
	Rounding: "half up (halves away from zero), once, from exact integer sums: money to the minor unit, " +
		"percentages to 2 decimal places, fractions of runs to 4",
	Confidence: "95% half-width by the normal approximation, 1.96 * sqrt(p * (1 - p) / runs), " +
		"poor when the event occurs in very few or nearly all runs",
}

type jsonReport struct {
	Format        string              `json:"format"`
	Version       int                 `json:"version"`
	Contract      jsonContract        `json:"contract"`
	Scenario      jsonFile            `json:"scenario"`
	Simulation    jsonSimulation      `json:"simulation"`
	Methods       jsonMethods         `json:"methods"`
	Deductions    jsonDeductions      `json:"deductions"`
	Termination   *string             `json:"termination"`
	Notices       []jsonNotice        `json:"notices"`
	Caps          []jsonCap           `json:"caps"`
	ServiceLevels []jsonLevel         `json:"service_levels"`
	Sensitivity   []jsonSensitivity   `json:"sensitivity"`
	NPV           *jsonNPV            `json:"npv,omitempty"`
	Compare       *jsonCompareSummary `json:"compare,omitempty"`
}

type jsonContract struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	SHA256    string `json:"sha256"`
	Evaluator string `json:"evaluator"`
}

type jsonFile struct {
	File   string `json:"file"`
	Title  string `json:"title,omitempty"`
	SHA256 string `json:"sha256"`
}

type jsonSimulation struct {
	Runs           int      `json:"runs"`
	Seed           uint64   `json:"seed"`
	Currency       string   `json:"currency"`
	MinorUnits     int32    `json:"minor_units"`
	From           string   `json:"from"`
	To             string   `json:"to"`
	Periods        int      `json:"periods"`
	PeriodsPerYear int      `json:"periods_per_year"`
	Years          []string `json:"years"`
	Payments       string   `json:"payments"`
	DiscountRate   string   `json:"discount_rate,omitempty"`
}

type jsonMethods struct {
	Percentiles       string `json:"percentiles"`
	StandardDeviation string `json:"standard_deviation"`
	Rounding          string `json:"rounding"`
	Confidence        string `json:"confidence"`
}

type jsonDeductions struct {
	Term  jsonDistribution   `json:"term"`
	Years []jsonDistribution `json:"years"`
}

type jsonDistribution struct {
	Year     string     `json:"year"`
	Payments string     `json:"payments"`
	Mean     jsonAmount `json:"mean"`
	SD       jsonAmount `json:"sd"`
	P50      jsonAmount `json:"p50"`
	P90      jsonAmount `json:"p90"`
	P95      jsonAmount `json:"p95"`
	P99      jsonAmount `json:"p99"`
	Max      jsonAmount `json:"max"`
}

type jsonAmount struct {
	Amount            string  `json:"amount"`
	PercentOfPayments *string `json:"percent_of_payments"`
}

type jsonShare struct {
	Runs     int    `json:"runs"`
	Fraction string `json:"fraction"`
}

type jsonProbability struct {
	Runs          int    `json:"runs"`
	Probability   string `json:"probability"`
	CI95HalfWidth string `json:"ci95_half_width"`
}

type jsonYearProbability struct {
	Year string `json:"year"`
	jsonProbability
}

type jsonYearShare struct {
	Year string `json:"year"`
	jsonShare
}

type jsonNotice struct {
	Name       string                `json:"name"`
	Title      string                `json:"title,omitempty"`
	Ref        string                `json:"ref,omitempty"`
	Builtin    bool                  `json:"builtin"`
	Term       jsonProbability       `json:"term"`
	Years      []jsonYearProbability `json:"years"`
	FirstIssue *jsonFirstIssue       `json:"first_issue,omitempty"`
}

type jsonFirstIssue struct {
	Years  []jsonYearShare `json:"years"`
	Never  jsonShare       `json:"never"`
	Median *jsonPeriod     `json:"median"`
}

type jsonPeriod struct {
	Index  int    `json:"index"`
	Period string `json:"period"`
	Year   string `json:"year"`
}

type jsonCap struct {
	Name         string    `json:"name"`
	Title        string    `json:"title,omitempty"`
	Ref          string    `json:"ref,omitempty"`
	ServiceLevel *string   `json:"service_level"`
	Binds        jsonShare `json:"binds"`
	MeanPeriods  string    `json:"mean_periods_bound"`
}

type jsonLevel struct {
	Name    string  `json:"name"`
	Title   string  `json:"title,omitempty"`
	Ref     string  `json:"ref,omitempty"`
	Mean    string  `json:"mean"`
	Percent *string `json:"percent"`
}

type jsonSensitivity struct {
	Measure string           `json:"measure"`
	Title   string           `json:"title,omitempty"`
	Minus   *jsonShiftEffect `json:"minus_1sd"`
	Plus    *jsonShiftEffect `json:"plus_1sd"`
}

type jsonShiftEffect struct {
	Sigmas            float64 `json:"sigmas"`
	Delta             string  `json:"delta"`
	Mean              string  `json:"mean"`
	DeductionChange   string  `json:"deduction_change"`
	TerminationChange *string `json:"termination_change"`
}

type jsonNPV struct {
	DiscountRate string `json:"discount_rate"`
	Mean         string `json:"mean"`
	P90          string `json:"p90"`
	P95          string `json:"p95"`
}

type jsonCompareSummary struct {
	Contract    jsonContract         `json:"contract"`
	FirstMean   string               `json:"first_mean"`
	SecondMean  string               `json:"second_mean"`
	Mean        string               `json:"mean"`
	SD          string               `json:"sd"`
	P5          string               `json:"p5"`
	P50         string               `json:"p50"`
	P95         string               `json:"p95"`
	More        jsonShare            `json:"more"`
	Less        jsonShare            `json:"less"`
	Same        jsonShare            `json:"same"`
	Termination *jsonTermination     `json:"termination"`
	Years       []jsonYearDifference `json:"years"`
}

type jsonTermination struct {
	First      jsonShare `json:"first"`
	Second     jsonShare `json:"second"`
	Difference string    `json:"difference"`
}

type jsonYearDifference struct {
	Year        string           `json:"year"`
	Mean        string           `json:"mean"`
	Termination *jsonTermination `json:"termination"`
}

// WriteJSON writes every figure of the summary as indented JSON. Money is
// a decimal string with the currency's minor digits, percentages and
// fractions are decimal strings, and keys come in a fixed order, so the
// same summary always gives the same bytes. The package documentation
// lists the keys.
func WriteJSON(w io.Writer, s *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(newJSONReport(s))
}

func newJSONReport(s *Summary) jsonReport {
	m := s.Meta
	f := formatter{minorUnits: m.MinorUnits}
	r := jsonReport{
		Format:   jsonFormat,
		Version:  jsonVersion,
		Contract: jsonContract{File: m.Contract, Title: m.ContractTitle, SHA256: m.ContractSHA256, Evaluator: m.Evaluator},
		Scenario: jsonFile{File: m.Scenario, Title: m.ScenarioTitle, SHA256: m.ScenarioSHA256},
		Simulation: jsonSimulation{
			Runs: m.Runs, Seed: m.Seed, Currency: m.Currency, MinorUnits: m.MinorUnits,
			From: m.From, To: m.To, Periods: m.Periods, PeriodsPerYear: m.PeriodsPerYear,
			Years: nonNil(m.Years), Payments: f.money(s.Term.Payments), DiscountRate: m.DiscountRate,
		},
		Methods:       methods,
		Deductions:    jsonDeductions{Term: f.distribution(s.Term), Years: []jsonDistribution{}},
		Notices:       []jsonNotice{},
		Caps:          []jsonCap{},
		ServiceLevels: []jsonLevel{},
		Sensitivity:   []jsonSensitivity{},
	}

	for _, d := range s.Years {
		r.Deductions.Years = append(r.Deductions.Years, f.distribution(d))
	}
	if s.Termination >= 0 {
		r.Termination = &s.Notices[s.Termination].Item.Name
	}
	for _, n := range s.Notices {
		r.Notices = append(r.Notices, f.notice(s, n))
	}

	for _, c := range s.Caps {
		jc := jsonCap{Name: c.Item.Name, Title: c.Item.Title, Ref: c.Item.Ref, Binds: share(c.Binds), MeanPeriods: c.MeanPeriods.StringFixed(2)}
		if c.Level >= 0 {
			jc.ServiceLevel = &m.Levels[c.Level].Name
		}
		r.Caps = append(r.Caps, jc)
	}
	for _, l := range s.Levels {
		r.ServiceLevels = append(r.ServiceLevels, jsonLevel{
			Name: l.Item.Name, Title: l.Item.Title, Ref: l.Item.Ref, Mean: f.money(l.Mean), Percent: nullFixed(l.Percent, 2),
		})
	}
	for _, row := range s.Sensitivity {
		r.Sensitivity = append(r.Sensitivity, jsonSensitivity{
			Measure: row.Measure, Title: row.Title, Minus: f.shiftEffect(row.Down), Plus: f.shiftEffect(row.Up),
		})
	}

	if n := s.NPV; n != nil {
		r.NPV = &jsonNPV{DiscountRate: n.DiscountRate, Mean: f.money(n.Mean), P90: f.money(n.P90), P95: f.money(n.P95)}
	}
	if c := s.Compare; c != nil {
		r.Compare = f.compare(c)
	}
	return r
}

// formatter writes the summary's decimals as strings with a fixed number of
// digits.
type formatter struct {
	minorUnits int32
}

func (f formatter) money(d decimal.Decimal) string {
	return d.StringFixed(f.minorUnits)
}

func (f formatter) amount(a Amount) jsonAmount {
	return jsonAmount{Amount: f.money(a.Value), PercentOfPayments: nullFixed(a.PercentOfPayments, 2)}
}

func (f formatter) distribution(d Distribution) jsonDistribution {
	return jsonDistribution{
		Year: d.Label, Payments: f.money(d.Payments),
		Mean: f.amount(d.Mean), SD: f.amount(d.StdDev),
		P50: f.amount(d.P50), P90: f.amount(d.P90), P95: f.amount(d.P95), P99: f.amount(d.P99), Max: f.amount(d.Max),
	}
}

func (f formatter) notice(s *Summary, n NoticeSummary) jsonNotice {
	jn := jsonNotice{
		Name: n.Item.Name, Title: n.Item.Title, Ref: n.Item.Ref, Builtin: n.Builtin,
		Term: probability(n.Term), Years: []jsonYearProbability{},
	}
	for y, p := range n.Years {
		jn.Years = append(jn.Years, jsonYearProbability{Year: s.Years[y].Label, jsonProbability: probability(p)})
	}
	if fi := n.FirstIssue; fi != nil {
		jf := &jsonFirstIssue{Years: []jsonYearShare{}, Never: share(fi.Never)}
		for y, sh := range fi.Years {
			jf.Years = append(jf.Years, jsonYearShare{Year: s.Years[y].Label, jsonShare: share(sh)})
		}
		if p := fi.Median; p != nil {
			jf.Median = &jsonPeriod{Index: p.Index, Period: p.Label, Year: s.Years[p.Year].Label}
		}
		jn.FirstIssue = jf
	}
	return jn
}

func (f formatter) shiftEffect(e *ShiftEffect) *jsonShiftEffect {
	if e == nil {
		return nil
	}
	return &jsonShiftEffect{
		Sigmas: e.Sigmas, Delta: e.Delta, Mean: f.money(e.Mean), DeductionChange: f.money(e.DeductionChange),
		TerminationChange: nullFixed(e.TerminationChange, 4),
	}
}

func (f formatter) compare(c *Comparison) *jsonCompareSummary {
	jc := &jsonCompareSummary{
		Contract:  jsonContract{File: c.Meta.Contract, Title: c.Meta.ContractTitle, SHA256: c.Meta.ContractSHA256, Evaluator: c.Meta.Evaluator},
		FirstMean: f.money(c.FirstMean), SecondMean: f.money(c.SecondMean),
		Mean: f.money(c.Mean), SD: f.money(c.StdDev),
		P5: f.money(c.P5), P50: f.money(c.P50), P95: f.money(c.P95),
		More: share(c.More), Less: share(c.Less), Same: share(c.Same),
		Termination: termination(c.Termination),
		Years:       []jsonYearDifference{},
	}
	for _, y := range c.Years {
		jc.Years = append(jc.Years, jsonYearDifference{Year: y.Label, Mean: f.money(y.Mean), Termination: termination(y.Termination)})
	}
	return jc
}

func termination(t *TerminationDifference) *jsonTermination {
	if t == nil {
		return nil
	}
	return &jsonTermination{First: share(t.First), Second: share(t.Second), Difference: t.Difference.StringFixed(4)}
}

func share(s Share) jsonShare {
	return jsonShare{Runs: s.Runs, Fraction: s.Fraction.StringFixed(4)}
}

func probability(p Probability) jsonProbability {
	return jsonProbability{Runs: p.Runs, Probability: p.Fraction.StringFixed(4), CI95HalfWidth: p.HalfWidth95.StringFixed(4)}
}

// nullFixed formats d with the given decimal places, or returns nil (JSON
// null) when d is invalid.
func nullFixed(d decimal.NullDecimal, places int32) *string {
	if !d.Valid {
		return nil
	}
	s := d.Decimal.StringFixed(places)
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
