package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// minPublic is the number of service levels a transparency page is meant
// to show. A page with fewer states that.
const minPublic = 5

// historyQuarters is how many earlier quarters a page's history table
// shows.
const historyQuarters = 4

type quarterlyView struct {
	// Public is the number of service levels that the contract marks
	// public.
	Public int
	// Short is set when Public is less than Min, the number of service
	// levels a page is meant to show.
	Short    bool
	Min      int
	Quarters []quarterView
}

type quarterView struct {
	ID, Label string
	// Months names the quarter's months for people: "January to March 2026".
	Months string
	// Columns are the periods of the quarter that the report covers.
	Columns []periodHead
	// Partial is set when the report covers only some of the quarter.
	Partial string
	// Previous labels the quarter that the trend compares with, or "".
	Previous string
	Rows     []kpiRow
	// MetAll counts the service levels whose target was met in every
	// period of the quarter, and MetText says so in a sentence.
	MetAll  int
	MetText string
	// OnTarget heads the column of periods on target: "Months on target".
	OnTarget string
	History  historyView
}

type kpiRow struct {
	Label, Target string
	Values        []string
	Average       string
	Met           string
	Trend         trend
}

// trend compares a quarter's average with the previous quarter's. Arrow
// is the direction of the value, and Word is "better", "worse" or "same"
// for residents.
type trend struct {
	Arrow, Word, Detail string
}

func (t trend) Text() string {
	if t.Arrow == "" {
		return t.Word
	}
	return t.Arrow + " " + t.Word
}

type historyView struct {
	Quarters []string
	Rows     []historyRow
}

type historyRow struct {
	Label  string
	Values []string
}

// quarterGroup is the periods of one calendar quarter, or of one year for
// a yearly contract.
type quarterGroup struct {
	id, label, months string
	// size is how many periods make the whole quarter.
	size    int
	periods []int
}

// groupQuarters puts the result's periods, which are in order, into
// calendar quarters.
func groupQuarters(g types.Granularity, res *engine.Result) []*quarterGroup {
	var out []*quarterGroup
	for i, pr := range res.Periods {
		p, err := types.ParsePeriod(pr.Period, g)
		if err != nil {
			continue
		}
		var id, lbl, months string
		size := 1
		switch g {
		case types.Monthly:
			q := (p.Number()-1)/3 + 1
			id = fmt.Sprintf("quarter-%d-Q%d", p.Year(), q)
			lbl = fmt.Sprintf("Q%d %d", q, p.Year())
			months = fmt.Sprintf("%s to %s %d", time.Month(3*q-2), time.Month(3*q), p.Year())
			size = 3
		case types.Quarterly:
			id = fmt.Sprintf("quarter-%d-Q%d", p.Year(), p.Number())
			lbl = fmt.Sprintf("Q%d %d", p.Number(), p.Year())
			months = fmt.Sprintf("%s to %s %d", time.Month(3*p.Number()-2), time.Month(3*p.Number()), p.Year())
		default:
			id = fmt.Sprintf("year-%d", p.Year())
			lbl = fmt.Sprint(p.Year())
			months = "January to December " + lbl
		}
		if n := len(out); n == 0 || out[n-1].id != id {
			out = append(out, &quarterGroup{id: id, label: lbl, months: months, size: size})
		}
		last := out[len(out)-1]
		last.periods = append(last.periods, i)
	}
	return out
}

// publicLevel is a service level that the transparency pages show.
type publicLevel struct {
	level *check.ServiceLevel
	label string
}

func buildQuarterly(v *view, c *check.Contract, levels map[string]*check.ServiceLevel, res *engine.Result) *quarterlyView {
	var public []publicLevel
	for _, l := range c.Levels {
		if !l.Public {
			continue
		}
		name := l.PublicTitle
		if name == "" {
			name = l.Label()
		}
		public = append(public, publicLevel{l, name})
	}
	qv := &quarterlyView{Public: len(public), Short: len(public) < minPublic, Min: minPublic}
	groups := groupQuarters(v.Gran, res)

	// averages[g][k] is quarter g's average of public level k, or nil.
	averages := make([][]*average, len(groups))
	for g, grp := range groups {
		for _, pl := range public {
			averages[g] = append(averages[g], averageOf(res, grp.periods, pl.level.Name))
		}
	}

	for g, grp := range groups {
		q := quarterView{ID: grp.id, Label: grp.label, Months: grp.months, OnTarget: capitalize(v.PeriodNoun) + "s on target"}
		for _, i := range grp.periods {
			q.Columns = append(q.Columns, periodHead{Period: res.Periods[i].Period, Label: periodLabel(v.Gran, res.Periods[i].Period), Short: monthName(v.Gran, res.Periods[i].Period)})
		}
		if len(grp.periods) < grp.size {
			names := make([]string, len(q.Columns))
			for k, col := range q.Columns {
				names[k] = col.Short
			}
			q.Partial = fmt.Sprintf("This report covers %d of the %s's %d %ss: %s.", len(grp.periods), groupNoun(v.Gran), grp.size, v.PeriodNoun, joinWords(names))
		}
		if g > 0 {
			q.Previous = groups[g-1].label
		}
		noData := false
		for k, pl := range public {
			row := kpiRow{Label: pl.label}
			met := 0
			var targets []string
			for _, i := range grp.periods {
				lr := levelResult(res.Periods[i], pl.level.Name)
				if lr == nil {
					row.Values = append(row.Values, "no data")
					noData = true
					continue
				}
				value := residentValue(*lr)
				if value == "no data" || value == "not assessed" {
					noData = true
				}
				row.Values = append(row.Values, value)
				target := pl.level.Op.Words() + " " + lr.Target.Text
				if len(targets) == 0 || targets[len(targets)-1] != target {
					targets = append(targets, target)
				}
				if lr.Status == engine.Met {
					met++
				}
			}
			row.Target = strings.Join(targets, ", then ")
			row.Met = fmt.Sprintf("%d of %d", met, len(grp.periods))
			if met == len(grp.periods) {
				q.MetAll++
			}
			avg := averages[g][k]
			row.Average = avg.text()
			row.Trend = trendOf(pl.level.Op, avg, nil, "")
			if g > 0 {
				row.Trend = trendOf(pl.level.Op, avg, averages[g-1][k], groups[g-1].label)
			}
			q.Rows = append(q.Rows, row)
		}
		if noData {
			q.Partial = strings.TrimSpace(q.Partial + " A " + v.PeriodNoun + " marked \"no data\" has no value, and one marked \"not assessed\" rests on too few records to be judged; the average leaves both out.")
		}
		q.MetText = metSentence(q.MetAll, len(q.Rows), v.PeriodNoun, groupNoun(v.Gran))

		from := max(0, g-historyQuarters)
		for h := from; h <= g; h++ {
			q.History.Quarters = append(q.History.Quarters, groups[h].label)
		}
		for k, pl := range public {
			hr := historyRow{Label: pl.label}
			for h := from; h <= g; h++ {
				hr.Values = append(hr.Values, averages[h][k].text())
			}
			q.History.Rows = append(q.History.Rows, hr)
		}
		qv.Quarters = append(qv.Quarters, q)
	}
	return qv
}

// groupNoun names the span a transparency page covers: a quarter, or a
// year for a contract whose periods are years.
func groupNoun(g types.Granularity) string {
	if g == types.Yearly {
		return "year"
	}
	return "quarter"
}

// metSentence says how many service standards met their target in every
// period of a page: "4 of 6 service standards met their target in every
// month of the quarter."
func metSentence(met, total int, period, group string) string {
	noun := "service standards"
	if total == 1 {
		noun = "service standard"
	}
	if group == "year" && period == "year" {
		return fmt.Sprintf("%d of %d %s met their target in the year.", met, total, noun)
	}
	return fmt.Sprintf("%d of %d %s met their target in every %s of the %s.", met, total, noun, period, group)
}

// monthName writes a period as a column heading of a quarter page:
// "January" for a month, the label of a quarter or a year.
func monthName(g types.Granularity, s string) string {
	p, err := types.ParsePeriod(s, g)
	if err != nil || g != types.Monthly {
		return periodLabel(g, s)
	}
	return time.Month(p.Number()).String()
}

func joinWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func levelResult(p engine.PeriodResult, name string) *engine.LevelResult {
	for k := range p.ServiceLevels {
		if p.ServiceLevels[k].Name == name {
			return &p.ServiceLevels[k]
		}
	}
	return nil
}

// residentValue writes a month's value for residents, who need no
// distinction between a missing value and one that was not assessed.
func residentValue(lr engine.LevelResult) string {
	if lr.Value.Value == nil {
		return "no data"
	}
	if lr.Status == engine.NotAssessed {
		return "not assessed"
	}
	return residentPercent(lr)
}

// residentPercent writes a percentage with more than two decimals, such as
// a share computed from records (85.0236...%), to two decimals. It rounds
// toward failing the target, so that a value that misses the target never
// reads as one that meets it. Other values keep the engine's text.
func residentPercent(lr engine.LevelResult) string {
	d, err := decimal.NewFromString(*lr.Value.Value)
	if err != nil || lr.Value.Unit != "percent" || d.Exponent() >= -2 {
		return lr.Value.Text
	}
	if lr.Comparison == ">=" || lr.Comparison == ">" {
		d = d.RoundFloor(2)
	} else {
		d = d.RoundCeil(2)
	}
	return d.StringFixed(2) + "%"
}

// average is the mean of a service level's values over a quarter, as the
// page shows it: in the display unit and rounded.
type average struct {
	value  decimal.Decimal
	places int32
	// trim drops trailing zeros, as the engine writes durations ("1.5min").
	trim           bool
	prefix, suffix string
}

// averageOf returns the mean of the values that a service level has in the
// given periods, or nil when it has none. A percentage or a number is
// rounded half up to the largest number of decimal places among the
// values, at most 2 (and at least 1 for a percentage), so that residents
// see the precision the data has. A duration is written in the unit of the target ("30min"
// gives minutes) to 2 decimal places, so that quarters compare at a
// glance. Money has the currency's minor unit.
func averageOf(res *engine.Result, periods []int, name string) *average {
	sum := decimal.Zero
	n := 0
	places := int32(0)
	var last *engine.LevelResult
	for _, i := range periods {
		lr := levelResult(res.Periods[i], name)
		if lr == nil || lr.Value.Value == nil || lr.Status == engine.NotAssessed {
			continue
		}
		d, err := decimal.NewFromString(*lr.Value.Value)
		if err != nil {
			continue
		}
		sum = sum.Add(d)
		n++
		last = lr
		if _, frac, ok := strings.Cut(*lr.Value.Value, "."); ok {
			places = max(places, int32(len(frac)))
		}
	}
	if n == 0 {
		return nil
	}
	mean := sum.Div(decimal.NewFromInt(int64(n)))
	places = min(places, 2)

	switch last.Unit {
	case "percent":
		places = max(places, 1)
		return &average{value: mean.Round(places), places: places, suffix: "%"}
	case "seconds":
		scale, suffix := durationUnit(mean, last.Target.Value)
		return &average{value: mean.Div(decimal.NewFromInt(scale)).Round(2), places: 2, trim: true, suffix: suffix}
	case "number", "count":
		return &average{value: mean.Round(places), places: places}
	}
	// Any other unit is the contract's currency.
	minor := res.Contract.MinorUnits
	return &average{value: mean.Round(minor), places: minor, prefix: last.Unit + " "}
}

// durationUnit returns the largest unit, in seconds, in which the target
// is at least one, and its suffix. Without a target it chooses by the
// value itself.
func durationUnit(value decimal.Decimal, target *string) (int64, string) {
	basis := value
	if target != nil {
		if d, err := decimal.NewFromString(*target); err == nil {
			basis = d
		}
	}
	for _, u := range []struct {
		seconds int64
		suffix  string
	}{{86400, "d"}, {3600, "h"}, {60, "min"}} {
		if basis.Abs().GreaterThanOrEqual(decimal.NewFromInt(u.seconds)) {
			return u.seconds, u.suffix
		}
	}
	return 1, "s"
}

func (a *average) text() string {
	if a == nil {
		return "no data"
	}
	s := a.value.StringFixed(a.places)
	if a.trim {
		s = a.value.String()
	}
	return a.prefix + types.GroupThousands(s) + a.suffix
}

// trendOf compares a quarter's average with the previous one's. The
// comparison is of the rounded averages, so that "same" agrees with the
// figures on the page. For a target of equality, where neither direction
// is better, the word is "higher" or "lower".
func trendOf(op check.CmpOp, cur, prev *average, prevLabel string) trend {
	switch {
	case prevLabel == "":
		return trend{Word: "first in this report"}
	case cur == nil || prev == nil:
		return trend{Word: "cannot compare", Detail: "no data in " + pick(cur == nil, "this quarter", prevLabel)}
	}
	cmp := cur.value.Cmp(prev.value)
	detail := "from " + prev.text() + " in " + prevLabel
	if cmp == 0 {
		return trend{Arrow: "→", Word: "same", Detail: "as " + prev.text() + " in " + prevLabel}
	}
	arrow := pick(cmp > 0, "↑", "↓")
	if op != check.OpGE && op != check.OpGT && op != check.OpLE && op != check.OpLT {
		return trend{Arrow: arrow, Word: pick(cmp > 0, "higher", "lower"), Detail: detail}
	}
	better := (cmp > 0) == op.HigherIsBetter()
	return trend{Arrow: arrow, Word: pick(better, "better", "worse"), Detail: detail}
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
