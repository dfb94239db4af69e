package syntax

import "strings"

// lineForms gives, for the first word of a line, the form that line takes.
// A syntax error's hint quotes the form of the line it is on, which helps
// more than a list of the tokens the grammar could have taken.
var lineForms = map[string]string{
	"contract":  `contract "Title"`,
	"currency":  `currency CODE, an ISO 4217 code such as USD`,
	"term":      `term 2026-01 to 2050-12 monthly`,
	"rounding":  `rounding half up, rounding half even or rounding down`,
	"payment":   `payment NAME "Title" = USD 125,000.00 per month`,
	"measure":   `measure NAME "Title": reported UNIT, or measure NAME "Title": UNIT = EXPRESSION, where UNIT is percent, count, money, duration or number`,
	"service":   `service level NAME "Title"`,
	"target":    `target MEASURE >= VALUE (or >, <=, <)`,
	"tier":      `tier NAME when MEASURE < VALUE`,
	"deduct":    `deduct 0.5% of PAYMENT when TIER, or deduct USD 500.00 when TIER, optionally with "per 0.1% of shortfall" before "when" and "in 2 consecutive periods" after the tier`,
	"missing":   `missing value counts as TIER, missing value is not assessed, or missing value is an error`,
	"cap":       `cap at 5% of PAYMENT or cap at USD 5,000.00 inside a service level, or cap total deductions at 10% of PAYMENT`,
	"excess":    `excess is lost, or excess carries forward`,
	"notice":    `notice NAME "Title"`,
	"when":      `when the same service level fails in 2 consecutive periods, or when any service level is TIER in 3 of the last 12 periods`,
	"ref":       `ref "Schedule 7, para 2.1"`,
	"time":      `time zone America/Los_Angeles`,
	"business":  `business hours Monday to Friday 08:00 to 18:00`,
	"holidays":  `holidays 2026-01-01, 2026-12-25, or holidays from "holidays.txt"`,
	"source":    `source NAME "Title"`,
	"period":    `period by TIMESTAMP_FIELD`,
	"field":     `field NAME: TYPE, where TYPE is timestamp, duration in seconds, number, count, money, bool, or text one of "a", "b"; optional before the type allows empty cells`,
	"count":     `count SOURCE where CONDITION (no "of" after count)`,
	"share":     `share of SOURCE where CONDITION`,
	"uptime":    `uptime of SOURCE from START_FIELD to END_FIELD`,
	"sum":       `sum of VALUE over SOURCE where CONDITION`,
	"mean":      `mean of VALUE over SOURCE where CONDITION`,
	"among":     `among SOURCE where CONDITION`,
	"excluding": `excluding SOURCE where CONDITION because "reason"`,
	"minimum":   `minimum sample 100 SOURCE`,
	"below":     `below minimum sample counts as TIER, below minimum sample is not assessed, or below minimum sample is assessed`,
}

// formHint returns the hint for a syntax error on the given 1-based line of
// text.
func formHint(text string, lineNo int) string {
	lines := strings.Split(text, "\n")
	if lineNo < 1 || lineNo > len(lines) {
		return ""
	}
	fields := strings.Fields(lines[lineNo-1])
	if len(fields) == 0 {
		return ""
	}
	if fields[0] == "measure" && historyWithoutElse(lines[lineNo-1]) {
		return "a value from earlier periods needs a fallback for the first periods: add else VALUE, as in mean of csat over prior 12 periods else 85%"
	}
	if form, ok := lineForms[fields[0]]; ok {
		return "this line should read: " + form
	}
	return "a line starts with a keyword such as contract, payment, measure, service level, target, tier, deduct, missing, cap, public, notice, when or ref"
}

// historyWithoutElse reports whether a line reads earlier periods ("over
// prior 3 periods", "from 1 period ago") but has no "else".
func historyWithoutElse(line string) bool {
	words := " " + strings.Join(strings.Fields(line), " ") + " "
	history := strings.Contains(words, " over prior ") || strings.Contains(words, " over last ") || strings.Contains(words, " ago ")
	return history && !strings.Contains(words, " else ")
}
