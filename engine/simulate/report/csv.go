package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/shopspring/decimal"
)

// csvHeader names the columns of the long CSV format. The package
// documentation lists the sections and statistics.
var csvHeader = []string{"section", "item", "year", "statistic", "value"}

// WriteCSV writes every figure of the summary in long format, one figure a
// row: section, item (a notice, cap, service level or measure, or empty),
// year ("term", a contract year's label, or empty for a figure that has no
// year), statistic and value. Values are written as in the JSON report, and
// a figure that JSON writes as null is an empty value.
func WriteCSV(w io.Writer, s *Summary) error {
	c := &csvWriter{cw: csv.NewWriter(w), f: formatter{minorUnits: s.Meta.MinorUnits}}
	c.write(csvHeader...)
	c.meta(s)
	c.deductions(s)
	c.notices(s)
	c.caps(s)
	c.levels(s)
	c.sensitivity(s)
	c.npv(s)
	c.compare(s)
	c.cw.Flush()
	if c.err != nil {
		return c.err
	}
	return c.cw.Error()
}

type csvWriter struct {
	cw  *csv.Writer
	f   formatter
	err error
}

func (c *csvWriter) write(record ...string) {
	if c.err == nil {
		c.err = c.cw.Write(record)
	}
}

func (c *csvWriter) row(section, item, year, statistic, value string) {
	c.write(section, item, year, statistic, value)
}

func nullText(d decimal.NullDecimal, places int32) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.StringFixed(places)
}

func (c *csvWriter) meta(s *Summary) {
	m := s.Meta
	for _, kv := range [][2]string{
		{"format", jsonFormat},
		{"version", strconv.Itoa(jsonVersion)},
		{"contract", m.Contract},
		{"contract_title", m.ContractTitle},
		{"contract_sha256", m.ContractSHA256},
		{"evaluator", m.Evaluator},
		{"scenario", m.Scenario},
		{"scenario_title", m.ScenarioTitle},
		{"scenario_sha256", m.ScenarioSHA256},
		{"runs", strconv.Itoa(m.Runs)},
		{"seed", strconv.FormatUint(m.Seed, 10)},
		{"currency", m.Currency},
		{"minor_units", strconv.Itoa(int(m.MinorUnits))},
		{"from", m.From},
		{"to", m.To},
		{"periods", strconv.Itoa(m.Periods)},
		{"periods_per_year", strconv.Itoa(m.PeriodsPerYear)},
		{"discount_rate", m.DiscountRate},
		{"percentiles", methods.Percentiles},
		{"standard_deviation", methods.StandardDeviation},
		{"rounding", methods.Rounding},
		{"confidence", methods.Confidence},
	} {
		c.row("meta", "", "", kv[0], kv[1])
	}
}

func (c *csvWriter) deductions(s *Summary) {
	for _, d := range append([]Distribution{s.Term}, s.Years...) {
		c.row("deductions", "", d.Label, "payments", c.f.money(d.Payments))
		for _, st := range []struct {
			name   string
			amount Amount
		}{
			{"mean", d.Mean}, {"sd", d.StdDev}, {"p50", d.P50}, {"p90", d.P90},
			{"p95", d.P95}, {"p99", d.P99}, {"max", d.Max},
		} {
			c.row("deductions", "", d.Label, st.name, c.f.money(st.amount.Value))
			c.row("deductions", "", d.Label, st.name+"_percent_of_payments", nullText(st.amount.PercentOfPayments, 2))
		}
	}
}

func (c *csvWriter) probability(section, item, year string, p Probability) {
	c.row(section, item, year, "runs", strconv.Itoa(p.Runs))
	c.row(section, item, year, "probability", p.Fraction.StringFixed(4))
	c.row(section, item, year, "ci95_half_width", p.HalfWidth95.StringFixed(4))
}

func (c *csvWriter) share(section, item, year, prefix string, sh Share) {
	c.row(section, item, year, prefix+"runs", strconv.Itoa(sh.Runs))
	c.row(section, item, year, prefix+"fraction", sh.Fraction.StringFixed(4))
}

func (c *csvWriter) notices(s *Summary) {
	for _, n := range s.Notices {
		name := n.Item.Name
		c.probability("notice_probability", name, "term", n.Term)
		for y, p := range n.Years {
			c.probability("notice_probability", name, s.Years[y].Label, p)
		}
	}
	for _, n := range s.Notices {
		fi := n.FirstIssue
		if fi == nil {
			continue
		}
		name := n.Item.Name
		for y, sh := range fi.Years {
			c.share("notice_first_issue", name, s.Years[y].Label, "", sh)
		}
		c.share("notice_first_issue", name, "never", "", fi.Never)
		if p := fi.Median; p != nil {
			c.row("notice_first_issue", name, s.Years[p.Year].Label, "median_period", p.Label)
			c.row("notice_first_issue", name, s.Years[p.Year].Label, "median_period_index", strconv.Itoa(p.Index))
		} else {
			c.row("notice_first_issue", name, "", "median_period", "")
		}
	}
}

func (c *csvWriter) caps(s *Summary) {
	for _, cp := range s.Caps {
		item := "total"
		if cp.Level >= 0 {
			item = s.Meta.Levels[cp.Level].Name
		}
		c.share("caps", item, "term", "binds_", cp.Binds)
		c.row("caps", item, "term", "mean_periods_bound", cp.MeanPeriods.StringFixed(2))
	}
}

func (c *csvWriter) levels(s *Summary) {
	for _, l := range s.Levels {
		c.row("service_levels", l.Item.Name, "term", "mean", c.f.money(l.Mean))
		c.row("service_levels", l.Item.Name, "term", "percent", nullText(l.Percent, 2))
	}
}

func (c *csvWriter) sensitivity(s *Summary) {
	for _, row := range s.Sensitivity {
		for _, side := range []struct {
			prefix string
			effect *ShiftEffect
		}{{"minus_1sd_", row.Down}, {"plus_1sd_", row.Up}} {
			e := side.effect
			if e == nil {
				continue
			}
			c.row("sensitivity", row.Measure, "term", side.prefix+"delta", e.Delta)
			c.row("sensitivity", row.Measure, "term", side.prefix+"mean", c.f.money(e.Mean))
			c.row("sensitivity", row.Measure, "term", side.prefix+"deduction_change", c.f.money(e.DeductionChange))
			c.row("sensitivity", row.Measure, "term", side.prefix+"termination_change", nullText(e.TerminationChange, 4))
		}
	}
}

func (c *csvWriter) npv(s *Summary) {
	n := s.NPV
	if n == nil {
		return
	}
	c.row("npv", "", "term", "discount_rate", n.DiscountRate)
	c.row("npv", "", "term", "mean", c.f.money(n.Mean))
	c.row("npv", "", "term", "p90", c.f.money(n.P90))
	c.row("npv", "", "term", "p95", c.f.money(n.P95))
}

func (c *csvWriter) compare(s *Summary) {
	cp := s.Compare
	if cp == nil {
		return
	}
	c.row("compare", "", "", "contract", cp.Meta.Contract)
	c.row("compare", "", "", "contract_title", cp.Meta.ContractTitle)
	c.row("compare", "", "", "contract_sha256", cp.Meta.ContractSHA256)
	c.row("compare", "", "", "evaluator", cp.Meta.Evaluator)
	for _, st := range [][2]string{
		{"mean", c.f.money(cp.Mean)}, {"sd", c.f.money(cp.StdDev)},
		{"p5", c.f.money(cp.P5)}, {"p50", c.f.money(cp.P50)}, {"p95", c.f.money(cp.P95)},
	} {
		c.row("compare", "", "term", st[0], st[1])
	}
	c.share("compare", "", "term", "more_", cp.More)
	c.share("compare", "", "term", "less_", cp.Less)
	c.share("compare", "", "term", "same_", cp.Same)
	c.termination("term", cp.Termination)
	for _, y := range cp.Years {
		c.row("compare", "", y.Label, "mean", c.f.money(y.Mean))
		c.termination(y.Label, y.Termination)
	}
}

func (c *csvWriter) termination(year string, t *TerminationDifference) {
	if t == nil {
		return
	}
	c.share("compare", "termination", year, "first_", t.First)
	c.share("compare", "termination", year, "second_", t.Second)
	c.row("compare", "termination", year, "difference", t.Difference.StringFixed(4))
}
