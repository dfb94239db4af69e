package simulate

// Meta describes a simulation: the contract, the scenario, the simulated
// term and what the report needs to label its figures. Money is in the
// currency's minor unit (cents for USD) throughout this package, so that
// sums and percentiles stay exact integers.
type Meta struct {
	Contract       string `json:"contract"`
	ContractTitle  string `json:"contract_title"`
	ContractSHA256 string `json:"contract_sha256"`
	Scenario       string `json:"scenario"`
	ScenarioTitle  string `json:"scenario_title,omitempty"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	Currency       string `json:"currency"`
	// MinorUnits is the number of decimal places of the currency: 2 for
	// USD, 0 for JPY.
	MinorUnits int32 `json:"minor_units"`

	// From and To are the first and last simulated periods ("2026-01").
	From    string `json:"from"`
	To      string `json:"to"`
	Periods int    `json:"periods"`
	// PeriodsPerYear is 12 for a monthly term, 4 for a quarterly one.
	// Contract year y covers periods [y*PeriodsPerYear, (y+1)*PeriodsPerYear)
	// counted from From; the last year may be shorter.
	PeriodsPerYear int      `json:"periods_per_year"`
	Years          []string `json:"years"`

	Runs    int    `json:"runs"`
	Seed    uint64 `json:"seed"`
	Workers int    `json:"-"`
	// Evaluator is "compiled" when the fast evaluator ran the contract and
	// "reference" when the contract uses a feature it does not support.
	Evaluator string `json:"evaluator"`

	// Payments is the availability payment due over the term and
	// PaymentsByYear per contract year, in minor units.
	Payments       int64   `json:"payments"`
	PaymentsByYear []int64 `json:"payments_by_year"`

	Levels  []Item `json:"service_levels"`
	Notices []Item `json:"notices"`
	// Cap is the cap on total deductions, or nil. LevelCaps[i] is true when
	// service level i has its own cap.
	Cap       *Item  `json:"cap,omitempty"`
	LevelCaps []bool `json:"-"`

	// DiscountRate is the annual rate of --discount-rate as a decimal
	// string ("0.08"), or "" when none was given.
	DiscountRate string `json:"discount_rate,omitempty"`
	// Compare is the second contract of --compare, or nil.
	Compare *CompareMeta `json:"compare,omitempty"`
}

// Item names a service level, notice kind or cap, with its clause.
type Item struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
	Ref   string `json:"ref,omitempty"`
}

// CompareMeta identifies the second contract version of --compare.
type CompareMeta struct {
	Contract       string `json:"contract"`
	ContractTitle  string `json:"contract_title"`
	ContractSHA256 string `json:"contract_sha256"`
	Evaluator      string `json:"evaluator"`
	// Notices lists the second contract's notice kinds, the order of the
	// FirstNotice and NoticeYears of its Outcomes. It may differ from
	// Meta.Notices, because the two versions may declare different notices.
	Notices []Item `json:"notices"`
	// Levels lists the second contract's service levels, the order of the
	// ByLevel and LevelCapBound of its Outcomes.
	Levels []Item `json:"service_levels"`
}

// Outcome is the result of one simulated term under one contract.
type Outcome struct {
	// Total is the sum of the periods' total deductions, after every cap.
	Total int64
	// ByYear is Total split by contract year.
	ByYear []int64
	// ByLevel is each service level's deductions over the term after its
	// own cap but before the cap on total deductions, because a total cap
	// does not say which service level's deduction it removes.
	ByLevel []int64
	// NPV is the present value of the period deductions at the discount
	// rate, at the start of the term, rounded half up to the minor unit.
	// It is zero when no rate was given.
	NPV int64

	// CapBound counts the periods in which the cap on total deductions
	// bound (the sum before the cap exceeded it). LevelCapBound does the
	// same for each service level's own cap.
	CapBound      int
	LevelCapBound []int

	// FirstNotice is, for each notice kind in Meta.Notices order, the index
	// of the first period that issued it, or -1. NoticeYears[k][y] is true
	// when notice kind k was issued in contract year y.
	FirstNotice []int
	NoticeYears [][]bool
}

// Shift is a sensitivity run: every run drawn again with the same random
// numbers, but with one measure's monthly value moved by Sigmas standard
// deviations of its distribution.
type Shift struct {
	Measure string `json:"measure"`
	Title   string `json:"title,omitempty"`
	// Sigmas is +1 or -1. Delta is the shift in the measure's unit as text
	// ("+2.00%", "-4.1s").
	Sigmas float64 `json:"sigmas"`
	Delta  string  `json:"delta"`
	// TotalSum is the sum of Outcome.Total over all runs, in minor units.
	TotalSum int64 `json:"-"`
	// NoticeRuns counts, per notice kind in Meta.Notices order, the runs in
	// which that notice was issued at least once.
	NoticeRuns []int `json:"-"`

	slot int
	sd   float64
}

// Results is everything a simulation produced: one Outcome per run in run
// order (so the order does not depend on the number of workers), the
// Outcomes of the --compare contract over the same draws, and the
// sensitivity runs.
type Results struct {
	Meta    Meta
	Runs    []Outcome
	Compare []Outcome
	Shifts  []Shift
}
