package engine

import (
	"encoding/json"
	"github.com/pacta-dev/pacta/engine/data"

	"github.com/shopspring/decimal"
)

// Money is an amount in the contract's currency, already rounded to the
// currency's minor unit. It prints, and marshals to JSON, as a decimal
// string with exactly the minor unit's digits ("625.00"), so that no
// consumer of the output ever parses money as a float.
type Money struct {
	Value  decimal.Decimal
	Places int32
}

func (m Money) String() string { return m.Value.StringFixed(m.Places) }

// MarshalJSON writes m as a string.
func (m Money) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// Result is the outcome of evaluating a contract over period data. Every
// slice is in a fixed order (periods ascending, then declaration order),
// so the same inputs always give the same result.
type Result struct {
	Contract ContractInfo `json:"contract"`
	Data     *DataInfo    `json:"data,omitempty"`
	// Sources accounts for the record files that measures were computed
	// from, with every skipped row counted.
	Sources []*data.SourceReport `json:"sources,omitempty"`
	AsOf    string               `json:"as_of,omitempty"`
	Periods []PeriodResult       `json:"periods"`
	// Notices lists every notice of every period, in period order.
	Notices []Notice `json:"notices"`
	Totals  Totals   `json:"totals"`
}

// ContractInfo identifies the contract that produced a result.
type ContractInfo struct {
	Title      string `json:"title"`
	File       string `json:"file"`
	SHA256     string `json:"sha256"`
	Currency   string `json:"currency"`
	MinorUnits int32  `json:"minor_units"`
	Rounding   string `json:"rounding"`
	Term       string `json:"term"`
}

// DataInfo identifies the period data a result was computed from.
type DataInfo struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// PeriodResult is one period's ledger.
type PeriodResult struct {
	Period        string         `json:"period"`
	Payments      []PaymentLine  `json:"payments"`
	Measures      []MeasureValue `json:"measures"`
	ServiceLevels []LevelResult  `json:"service_levels"`
	Cap           *CapResult     `json:"cap,omitempty"`
	// CarriedIn is the excess of the previous period's cap carried into
	// this one, when the cap carries its excess forward.
	CarriedIn Money `json:"carried_in"`
	// DeductionsBeforeCap is the sum of the service levels' deductions,
	// after their own caps, plus CarriedIn.
	DeductionsBeforeCap Money    `json:"deductions_before_cap"`
	TotalDeduction      Money    `json:"total_deduction"`
	NetPayment          Money    `json:"net_payment"`
	Notices             []Notice `json:"notices"`
}

// PaymentLine is a payment due for the period.
type PaymentLine struct {
	Name   string `json:"name"`
	Title  string `json:"title,omitempty"`
	Amount Money  `json:"amount"`
	Ref    string `json:"ref,omitempty"`
}

// Value is a measured or computed quantity. Value is a decimal string in
// the unit's display scale: percentage points for a percent ("83.5"),
// seconds for a duration, the currency for money. A quotient that does
// not terminate is written to 16 decimal places and its exact value is
// given in Fraction. Text is how the ledger prints it ("83.5%").
type Value struct {
	Value    *string `json:"value"`
	Fraction string  `json:"fraction,omitempty"`
	Unit     string  `json:"unit"`
	Text     string  `json:"text"`
}

// MeasureValue is one measure's value in the period. A missing value has
// a nil Value, and Missing holds the reason.
type MeasureValue struct {
	Name string `json:"name"`
	Value
	Reported bool   `json:"reported"`
	Missing  string `json:"missing,omitempty"`
	// Basis is what a value computed from records rests on.
	Basis *MeasureBasis `json:"basis,omitempty"`
}

// MeasureBasis is what a measure's value in a period rests on, when it was
// computed from records or the period data gives its record count.
type MeasureBasis struct {
	Measure string `json:"measure"`
	// Records is the sample: a share's denominator, or the records that a
	// count or statistic aggregated.
	Records int64 `json:"records"`
	// Numerator is a share's numerator.
	Numerator *int64          `json:"numerator,omitempty"`
	Excluded  []data.Excluded `json:"excluded,omitempty"`
	// Pending counts records whose deadline had not passed by the time of
	// the data.
	Pending       int64  `json:"pending,omitempty"`
	MinimumSample int64  `json:"minimum_sample,omitempty"`
	BelowMinimum  bool   `json:"below_minimum,omitempty"`
	Detail        string `json:"detail,omitempty"`
}

// Status is a service level's outcome in a period.
type Status string

const (
	// Met: the target was met.
	Met Status = "met"
	// Failed: the target was missed, and Tier gives the severity.
	Failed Status = "failed"
	// Missing: no value, and the contract deems the level failed at Tier.
	Missing Status = "missing"
	// NotAssessed: no value, and the contract's rule is not to assess the level.
	NotAssessed Status = "not_assessed"
)

// LevelResult is one service level's outcome in one period.
type LevelResult struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Ref   string `json:"ref,omitempty"`
	// Value is the measured value compared with the target.
	Value
	// Target is the threshold's value and Comparison its operator; TargetText
	// is the target as written ("csat >= 85%").
	Target     Value  `json:"target"`
	Comparison string `json:"comparison"`
	TargetText string `json:"target_text"`
	Status     Status `json:"status"`
	Tier       string `json:"tier,omitempty"`
	// Streak counts the consecutive periods, this one included, with the
	// same outcome: met, failed at the same tier (a missing value deemed
	// failed at that tier counts), or not assessed.
	Streak int `json:"streak"`
	// Rule is the deduct line that applied, and RuleRef its reference.
	Rule    string `json:"rule,omitempty"`
	RuleRef string `json:"rule_ref,omitempty"`
	// DeductionBeforeCap is the rounded deduction of the rule; Deduction is
	// what remains after the service level's own cap.
	DeductionBeforeCap Money  `json:"deduction_before_cap"`
	Deduction          Money  `json:"deduction"`
	Explanation        string `json:"explanation"`
	// Basis lists what the measured inputs rest on, for inputs computed
	// from records.
	Basis []MeasureBasis `json:"basis,omitempty"`
	Trace Trace          `json:"trace"`
}

// CapResult is the effect of the cap on total deductions in a period.
type CapResult struct {
	Ref    string `json:"ref,omitempty"`
	Rule   string `json:"rule"`
	Limit  Money  `json:"limit"`
	Before Money  `json:"before"`
	After  Money  `json:"after"`
	// Excess is the amount the cap removed. It is lost, or carried into the
	// next period as CarriedForward.
	Excess         Money  `json:"excess"`
	CarriedForward Money  `json:"carried_forward"`
	Binding        bool   `json:"binding"`
	Explanation    string `json:"explanation"`
}

// Notice is a notice the contract gives in a period: "breach" for each
// failed service level, "missing_data" for each missing value, and each
// declared notice whose condition holds.
type Notice struct {
	Period       string `json:"period"`
	Kind         string `json:"kind"`
	Title        string `json:"title,omitempty"`
	ServiceLevel string `json:"service_level,omitempty"`
	Ref          string `json:"ref,omitempty"`
	Message      string `json:"message"`
	// Periods lists the periods that made the condition hold, for notices
	// that count periods.
	Periods []string `json:"periods,omitempty"`
}

// Totals sums the reported periods.
type Totals struct {
	Periods        int   `json:"periods"`
	Payments       Money `json:"payments"`
	TotalDeduction Money `json:"total_deduction"`
	NetPayment     Money `json:"net_payment"`
	// CarriedForward is the excess still carried after the last reported
	// period, by a cap whose excess carries forward.
	CarriedForward Money         `json:"carried_forward"`
	Notices        []NoticeCount `json:"notices"`
}

// NoticeCount is how many notices of a kind the reported periods gave.
type NoticeCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Trace is the structured form of an explanation: the inputs, each rule
// that was applied in order, and the result.
type Trace struct {
	Inputs []TraceInput `json:"inputs"`
	Steps  []TraceStep  `json:"steps"`
	Result string       `json:"result"`
}

// TraceInput is a value an explanation used.
type TraceInput struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// TraceStep is one rule and what it gave.
type TraceStep struct {
	Rule   string `json:"rule"`
	Ref    string `json:"ref,omitempty"`
	Result string `json:"result"`
}
