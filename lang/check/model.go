package check

import (
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

// Contract is a checked contract: every name resolved to a slot, every
// expression typed, every rate and threshold parsed. It points back into
// the syntax tree for positions and source text but does not change it.
type Contract struct {
	File     *syntax.File
	Title    string
	Currency types.Currency
	Term     types.Term
	Rounding types.Rounding
	Ref      string

	Payments []*Payment
	// Measures are in declaration order; a measure's Slot is its index.
	Measures []*Measure
	// Computed lists the computed measures in an order in which each comes
	// after every measure it reads in the same period.
	Computed []*Measure
	Levels   []*ServiceLevel
	// Cap is the cap on a period's total deductions, or nil.
	Cap *Cap
	// Notices are in declaration order; NoticeOrder lists their indexes in
	// an order in which a notice comes after every notice it reads.
	Notices     []*Notice
	NoticeOrder []int
	// HistoryDepth is the largest number of earlier periods any expression
	// reads, which is how much history the engine keeps.
	HistoryDepth int
	// AgreedLow and AgreedHigh bound the deduction rates the parties
	// agreed, as fractions, when HasAgreed is set.
	AgreedLow, AgreedHigh decimal.Decimal
	HasAgreed             bool
	// Calendar and Sources serve the measures computed from raw records.
	Calendar Calendar
	Sources  []*Source
}

// Payment is a named amount paid every period.
type Payment struct {
	Decl   *syntax.PaymentDecl
	Name   string
	Title  string
	Ref    string
	Amount decimal.Decimal
	Slot   int
}

// Measure is a reported or computed measure.
type Measure struct {
	Decl     *syntax.MeasureDecl
	Name     string
	Title    string
	Ref      string
	Unit     types.Unit
	Reported bool
	// Expr is the formula of a computed measure, nil for a reported one.
	Expr Expr
	Slot int
	// Records defines a measure computed from the records of a source. Such
	// a measure is also Reported: the period data may give its value, or
	// the engine computes it from the records.
	Records *RecordMeasure
}

// Label returns the title of m, or its name when it has none.
func (m *Measure) Label() string {
	if m.Title != "" {
		return m.Title
	}
	return m.Name
}

// CmpOp is a comparison operator.
type CmpOp int

const (
	OpGE CmpOp = iota + 1
	OpGT
	OpLE
	OpLT
	OpEQ
	OpNE
)

var cmpOpText = map[CmpOp]string{OpGE: ">=", OpGT: ">", OpLE: "<=", OpLT: "<", OpEQ: "==", OpNE: "!="}

func (o CmpOp) String() string { return cmpOpText[o] }

// Words returns the plain-English reading of a target operator, as
// explanations use it: ">=" is "at least".
func (o CmpOp) Words() string {
	switch o {
	case OpGE:
		return "at least"
	case OpGT:
		return "above"
	case OpLE:
		return "at most"
	case OpLT:
		return "below"
	case OpEQ:
		return "equal to"
	}
	return "not equal to"
}

// Holds reports whether "a op b" is true, given c = a.Cmp(b).
func (o CmpOp) Holds(c int) bool {
	switch o {
	case OpGE:
		return c >= 0
	case OpGT:
		return c > 0
	case OpLE:
		return c <= 0
	case OpLT:
		return c < 0
	case OpEQ:
		return c == 0
	}
	return c != 0
}

// Negate returns the operator that holds exactly when o does not.
func (o CmpOp) Negate() CmpOp {
	switch o {
	case OpGE:
		return OpLT
	case OpGT:
		return OpLE
	case OpLE:
		return OpGT
	case OpLT:
		return OpGE
	case OpEQ:
		return OpNE
	}
	return OpEQ
}

// HigherIsBetter reports whether a target with this operator is met by
// large values (">=" and ">").
func (o CmpOp) HigherIsBetter() bool { return o == OpGE || o == OpGT }

// ServiceLevel is a checked service level.
type ServiceLevel struct {
	Decl  *syntax.ServiceLevelDecl
	Name  string
	Title string
	Ref   string
	Index int

	// The target is "Subject Op Threshold", e.g. csat >= 85%.
	Subject   Expr
	Op        CmpOp
	Threshold Expr
	Unit      types.Unit
	// TargetText is the target as written, for explanations.
	TargetText string

	// Tiers run from the least to the most severe. A failure takes the most
	// severe tier whose condition holds; the first tier covers every failure.
	Tiers      []*Tier
	Deductions []*Deduction
	Missing    MissingPolicy
	Sample     SamplePolicy
	Cap        *LevelCap
	// Inputs are the reported measures the target reads in the current
	// period; when one is missing, the service level's value is missing.
	Inputs []*Measure
	// Public marks a service level that the quarterly transparency report
	// shows to residents, and PublicTitle is its plain-language name
	// there, or "" to use the title.
	Public      bool
	PublicTitle string
}

// Label returns the title of l, or its name when it has none.
func (l *ServiceLevel) Label() string {
	if l.Title != "" {
		return l.Title
	}
	return l.Name
}

// TierIndex returns the index of the named tier, or -1.
func (l *ServiceLevel) TierIndex(name string) int {
	for i, t := range l.Tiers {
		if t.Name == name {
			return i
		}
	}
	return -1
}

// Tier is a severity tier: "tier severe when csat < 75%".
type Tier struct {
	Decl      *syntax.Tier
	Name      string
	Op        CmpOp
	Threshold Expr
	Ref       string
	Text      string
}

// AnyTier is the Deduction.Tier of a line that applies to every failure
// ("when failed").
const AnyTier = -1

// Deduction is one deduct line.
type Deduction struct {
	Decl *syntax.Deduct
	// Amount is the deduction, or the deduction per unit of shortfall when
	// PerUnit is set.
	Amount  Amount
	PerUnit *PerUnit
	// Tier is the index of the tier the line applies to, or AnyTier.
	Tier   int
	Window *Window
	Ref    string
	Text   string
}

// Amount is a rate of a payment or a fixed sum.
type Amount struct {
	// Rate is a fraction (0.005 for 0.5%) of Payment, when Payment is set.
	Rate    decimal.Decimal
	Payment *Payment
	// Money is a fixed sum, when Payment is nil.
	Money decimal.Decimal
	Text  string
}

// PerUnitMode is the way a shortfall is counted in units.
type PerUnitMode int

const (
	// Proportional counts fractions of a unit: 0.25 units pay a quarter.
	Proportional PerUnitMode = iota
	// FullUnits counts whole units only, rounding down.
	FullUnits
	// StartedUnits counts any part of a unit as a whole one, rounding up.
	StartedUnits
)

// PerUnit scales a deduction by the shortfall measured in Unit.
type PerUnit struct {
	Unit decimal.Decimal
	Mode PerUnitMode
	Text string
}

// Window is "in N consecutive periods" (Last == 0) or "in N of the last
// Last periods". The current period is always part of the window.
type Window struct {
	Count int
	Last  int
	Text  string
}

// Consecutive reports whether w is a streak window.
func (w *Window) Consecutive() bool { return w.Last == 0 }

// Span returns the number of periods w looks at, the current one included.
func (w *Window) Span() int {
	if w.Consecutive() {
		return w.Count
	}
	return w.Last
}

// MissingKind is the meaning of a missing value for a service level.
type MissingKind int

const (
	// MissingIsError stops the evaluation; it is the default, because a
	// silent guess about missing data is worse than no result.
	MissingIsError MissingKind = iota
	// MissingCountsAs deems the service level failed at a tier.
	MissingCountsAs
	// MissingNotAssessed leaves the service level unassessed.
	MissingNotAssessed
)

// MissingPolicy is a service level's missing-value rule.
type MissingPolicy struct {
	Kind MissingKind
	// Tier is the tier a missing value counts as, for MissingCountsAs.
	Tier     int
	Ref      string
	Declared bool
}

// LevelCap caps one service level's deduction in a period.
type LevelCap struct {
	Amount Amount
	Ref    string
}

// Cap caps the total deduction of a period.
type Cap struct {
	Decl         *syntax.CapDecl
	Amount       Amount
	CarryForward bool
	Ref          string
}

// Notice is a named notice and the conditions that issue it.
type Notice struct {
	Decl       *syntax.NoticeDecl
	Name       string
	Title      string
	Ref        string
	Index      int
	Conditions []*Condition
	// PerLevel is true when a condition counts each service level on its
	// own ("the same service level"), so the notice names a service level.
	PerLevel bool
}

// Condition is one "when" line of a notice.
type Condition struct {
	Decl   *syntax.Condition
	Pred   Pred
	Window *Window
	Text   string
}

// Pred is a checked notice predicate.
type Pred interface{ pred() }

// Outcome is the service-level result a LevelPred looks for.
type Outcome int

const (
	// OutcomeFails matches any failure, a missing value deemed failed included.
	OutcomeFails Outcome = iota + 1
	// OutcomeTier matches a failure at a named tier.
	OutcomeTier
	// OutcomeMissing matches a missing value, whatever the policy made of it.
	OutcomeMissing
	// OutcomeNotAssessed matches a service level that was not assessed.
	OutcomeNotAssessed
)

// LevelPred tests service-level outcomes in a period.
type LevelPred struct {
	Scope syntax.Scope
	// Level is the service level's index, for ScopeNamed.
	Level   int
	AtLeast int
	Outcome Outcome
	// TierName is the tier for OutcomeTier. Tiers[i] is its index in
	// service level i, or -1 where that level has no such tier.
	TierName string
	Tiers    []int
}

// TotalPred tests the total deduction of a period.
type TotalPred struct {
	ReachesCap bool
	Op         CmpOp
	Amount     decimal.Decimal
}

// NoticePred holds in a period in which another notice was issued.
type NoticePred struct {
	Notice int
}

// ExprPred is a condition over measures.
type ExprPred struct {
	Expr Expr
}

func (*LevelPred) pred()  {}
func (*TotalPred) pred()  {}
func (*NoticePred) pred() {}
func (*ExprPred) pred()   {}

// MissingText describes the service level's missing-value rule in words:
// "counts as a severe failure", "is not assessed" or "is an error that
// stops the evaluation".
func (l *ServiceLevel) MissingText() string {
	switch l.Missing.Kind {
	case MissingCountsAs:
		return "counts as " + l.failureText(l.Missing.Tier)
	case MissingNotAssessed:
		return "is not assessed"
	}
	return "is an error that stops the evaluation"
}

// SampleText describes the rule for a value below the minimum sample.
func (l *ServiceLevel) SampleText() string {
	switch l.Sample.Kind {
	case SampleCountsAs:
		return "counts as " + l.failureText(l.Sample.Tier)
	case SampleAssessed:
		return "is assessed as usual"
	}
	return "is not assessed"
}

func (l *ServiceLevel) failureText(tier int) string {
	if tier >= 0 && tier < len(l.Tiers) {
		return "a " + l.Tiers[tier].Name + " failure"
	}
	return "a failure"
}
