package report

import (
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/pacta-dev/pacta/engine/simulate"
)

// TerminationNotice is the name of the notice kind that the report treats
// as the right to terminate the contract.
const TerminationNotice = "termination"

// builtinNotices are the notice kinds that the engine issues for every
// contract, as opposed to the kinds that a contract declares.
var builtinNotices = map[string]bool{"breach": true, "missing_data": true}

// Summary holds every figure of a simulation report.
//
// Money is a decimal in currency units rounded half up (halves away from
// zero) to the currency's minor unit. Percentiles use the nearest-rank
// method, so each is the amount of an actual run. Shares of runs are
// fractions rounded half up to 4 decimal places, and percentages of
// payments are rounded half up to 2 decimal places. Every rounded figure
// is rounded once, from exact integer sums.
type Summary struct {
	Meta simulate.Meta
	// Termination is the index in Meta.Notices and Notices of the notice
	// named "termination", or -1.
	Termination int

	Term  Distribution
	Years []Distribution

	Notices []NoticeSummary
	Caps    []CapSummary
	Levels  []LevelShare
	// Sensitivity has one row per shifted measure, the largest change in
	// expected deductions first.
	Sensitivity []Sensitivity
	// NPV is nil when the simulation had no discount rate.
	NPV *NPVSummary
	// Compare is nil when the simulation had no second contract.
	Compare *Comparison
}

// Amount is a money figure and its share of the availability payments.
type Amount struct {
	Value decimal.Decimal
	// PercentOfPayments is Value as a percentage of the payments, rounded
	// half up to 2 decimal places. It is invalid when the payments are zero.
	PercentOfPayments decimal.NullDecimal
}

// Distribution is the distribution of the deductions over the runs, for
// the whole term or one contract year.
type Distribution struct {
	// Label is "term" or the contract year's label from Meta.Years.
	Label    string
	Payments decimal.Decimal
	Mean     Amount
	// StdDev is the sample standard deviation (n−1 denominator).
	StdDev Amount
	P50    Amount
	P90    Amount
	P95    Amount
	P99    Amount
	Max    Amount
}

// Share is a count of runs and its fraction of all runs.
type Share struct {
	Runs int
	// Fraction is Runs divided by the number of runs, rounded half up to 4
	// decimal places.
	Fraction decimal.Decimal
}

// Probability is the estimated probability of an event and the half-width
// of its 95% confidence interval by the normal approximation,
// 1.96·√(p(1−p)/n), rounded half up to 4 decimal places. The
// approximation is poor when the event occurs in only a few runs or in
// nearly all of them.
type Probability struct {
	Share
	HalfWidth95 decimal.Decimal
}

// NoticeSummary is how often one notice kind is issued.
type NoticeSummary struct {
	Item simulate.Item
	// Builtin is true for "breach" and "missing_data", which the engine
	// issues without a declaration in the contract.
	Builtin bool
	// Term is the probability that the notice is issued at least once in
	// the term, and Years the same per contract year.
	Term  Probability
	Years []Probability
	// FirstIssue is nil for the built-in kinds.
	FirstIssue *FirstIssue
}

// FirstIssue is the distribution of the period that first issued a notice.
type FirstIssue struct {
	// Years[y] is the share of runs whose first issue falls in contract
	// year y, and Never the share of runs without one.
	Years []Share
	Never Share
	// Median is the nearest-rank median of the first period among the runs
	// that issue the notice, or nil when no run does.
	Median *Period
}

// Period is one period of the simulated term.
type Period struct {
	// Index counts periods from Meta.From, starting at 0.
	Index int
	// Label is the period as the contract writes it ("2031-04"), or
	// "period N" (1-based) when Meta.From cannot be parsed.
	Label string
	// Year is the 0-based contract year that contains the period.
	Year int
}

// CapSummary is how often one cap binds.
type CapSummary struct {
	Item simulate.Item
	// Level is the index in Meta.Levels of the service level that the cap
	// belongs to, or -1 for the cap on total deductions.
	Level int
	// Binds is the share of runs in which the cap binds in at least one
	// period.
	Binds Share
	// MeanPeriods is the mean number of periods per run in which the cap
	// binds, rounded half up to 2 decimal places.
	MeanPeriods decimal.Decimal
}

// LevelShare is one service level's part of the expected deductions,
// before the cap on total deductions.
type LevelShare struct {
	Item simulate.Item
	// Mean is the level's mean deductions per run, after its own cap.
	Mean decimal.Decimal
	// Percent is the level's share of the sum of all levels' deductions,
	// rounded half up to 2 decimal places. It is invalid when no level
	// deducts anything in any run.
	Percent decimal.NullDecimal
}

// Sensitivity is the effect of moving one measure by one standard
// deviation in either direction.
type Sensitivity struct {
	Measure string
	Title   string
	// Down is the −1 SD shift and Up the +1 SD shift. Either is nil when
	// the simulation did not run it.
	Down *ShiftEffect
	Up   *ShiftEffect

	// maxChange is the largest absolute change of the runs' summed term
	// deductions over the two shifts, in minor units, for ordering.
	maxChange *big.Int
}

// ShiftEffect is the change that one shifted measure causes.
type ShiftEffect struct {
	Sigmas float64
	// Delta is the shift in the measure's unit ("+2.00%").
	Delta string
	// Mean is the expected total deductions over the term with the shift.
	Mean decimal.Decimal
	// DeductionChange is Mean minus the expected total deductions without
	// the shift, computed from the exact sums.
	DeductionChange decimal.Decimal
	// TerminationChange is the change in the probability that a
	// termination notice is issued in the term, rounded half up to 4
	// decimal places. It is invalid when the contract has no termination
	// notice.
	TerminationChange decimal.NullDecimal
}

// NPVSummary is the distribution of the present value of the deductions.
type NPVSummary struct {
	// DiscountRate is the annual rate as given ("0.08").
	DiscountRate string
	Mean         decimal.Decimal
	P90          decimal.Decimal
	P95          decimal.Decimal
}

// Comparison is the difference between the second contract's deductions
// and the first's over the same draws: second minus first, run by run.
type Comparison struct {
	Meta simulate.CompareMeta
	// FirstMean and SecondMean are each contract's mean total deductions
	// over the term.
	FirstMean  decimal.Decimal
	SecondMean decimal.Decimal
	Mean       decimal.Decimal
	StdDev     decimal.Decimal
	P5         decimal.Decimal
	P50        decimal.Decimal
	P95        decimal.Decimal
	// More, Less and Same count the runs in which the second contract
	// deducts more than, less than or the same as the first.
	More Share
	Less Share
	Same Share
	// Years[y] is the mean difference in contract year y.
	Years []YearDifference
	// Termination compares the probability of a termination notice over
	// the term. It is nil unless both contracts declare one.
	Termination *TerminationDifference
}

// YearDifference is the difference between the two contracts in one
// contract year.
type YearDifference struct {
	Label string
	Mean  decimal.Decimal
	// Termination is nil unless both contracts declare a termination
	// notice.
	Termination *TerminationDifference
}

// TerminationDifference is the probability that a termination notice is
// issued under each contract, and the second minus the first.
type TerminationDifference struct {
	First  Share
	Second Share
	// Difference is Second.Runs − First.Runs over the runs, rounded half
	// up to 4 decimal places.
	Difference decimal.Decimal
}
