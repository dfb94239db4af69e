package syntax

import (
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/shopspring/decimal"
)

// Node is any element of the syntax tree. Every node has a source span.
type Node interface {
	Span() diag.Span
}

// File is one parsed contract.
type File struct {
	Name     string
	Src      []byte
	Decls    []Decl
	Comments []*Comment
	// Headings are the Markdown headings of a literate contract.
	Headings []Heading
}

// Comment is one "# ..." comment. The parser keeps comments beside the tree,
// not in it, so that a formatter can put each back on its line.
type Comment struct {
	Sp   diag.Span
	Text string
}

func (c *Comment) Span() diag.Span { return c.Sp }

// Decl is a top-level declaration.
type Decl interface {
	Node
	declNode()
}

// Ident is a name as written in the source.
type Ident struct {
	Sp   diag.Span
	Name string
}

// StringLit is a quoted string, already unquoted.
type StringLit struct {
	Sp    diag.Span
	Value string
}

// Ref is a `ref "..."` citation of the contract clause a rule implements.
type Ref struct {
	Sp   diag.Span
	Text *StringLit
}

// ContractDecl is the contract header.
type ContractDecl struct {
	Sp       diag.Span
	Title    *StringLit
	Currency *Ident
	Term     *Term
	Rounding *Rounding
	Ref      *Ref
	// Zone, Business and Holidays set the calendar that measures over
	// records use; all three are optional.
	Zone     *Zone
	Business *BusinessHours
	Holidays []*Holidays
	// AgreedRates is the range of deduction rates the parties agreed.
	AgreedRates *AgreedRates
}

// AgreedRates is "deduction rates 0.1% to 1.0%".
type AgreedRates struct {
	Sp   diag.Span
	Low  *PercentLit
	High *PercentLit
}

// Zone is "time zone America/Los_Angeles".
type Zone struct {
	Sp   diag.Span
	Name string
}

// BusinessHours is "business hours Monday to Friday 08:00 to 18:00" or
// "business hours Monday, Wednesday 09:00 to 17:00". A range has Last
// set; a list has the days in Days.
type BusinessHours struct {
	Sp    diag.Span
	Days  []*Ident
	Last  *Ident
	Open  *Clock
	Close *Clock
}

// Clock is a wall-clock time of day, "08:00".
type Clock struct {
	Sp     diag.Span
	Hour   string
	Minute string
}

// Holidays is "holidays 2026-01-01, 2026-12-25" or "holidays from
// \"holidays.csv\"".
type Holidays struct {
	Sp    diag.Span
	Dates []*DateLit
	File  *StringLit
}

// DateLit is a calendar date, "2026-01-19".
type DateLit struct {
	Sp   diag.Span
	Text string
}

// SourceDecl declares a kind of raw record (call-detail records, cases,
// outages) and its fields.
type SourceDecl struct {
	Sp       diag.Span
	Name     *Ident
	Title    *StringLit
	Ref      *Ref
	PeriodBy []*Ident // exactly one is valid; the checker reports the rest
	Fields   []*FieldDecl
}

// FieldDecl is "field wait: duration in seconds" or "field outcome: text
// one of \"answered\", \"abandoned\"".
type FieldDecl struct {
	Sp       diag.Span
	Name     *Ident
	Optional bool
	Type     *Ident
	In       *Ident
	OneOf    []*StringLit
}

// Term is "term 2026-01 to 2050-12 monthly".
type Term struct {
	Sp          diag.Span
	Start       *PeriodLit
	End         *PeriodLit
	Granularity *Ident
}

// PeriodLit is a period as written: "2026-01", "2026-Q1" or "2026".
type PeriodLit struct {
	Sp   diag.Span
	Text string
}

// Rounding is "rounding half up", "rounding half even" or "rounding down".
type Rounding struct {
	Sp   diag.Span
	Mode string
}

// PaymentDecl is "payment availability = USD 125,000.00 per month".
type PaymentDecl struct {
	Sp     diag.Span
	Name   *Ident
	Title  *StringLit
	Amount *MoneyLit
	Per    *Ident
	Ref    *Ref
}

// MeasureDecl is a reported measure ("measure csat: reported percent") or a
// computed one ("measure trend: percent = mean of csat over prior 12 periods else 85%").
type MeasureDecl struct {
	Sp       diag.Span
	Name     *Ident
	Title    *StringLit
	Reported bool
	Unit     *Ident
	Expr     Expr // nil for a reported measure
	Ref      *Ref
	// Aggregates, Among, Excluding and Minimum define a measure over
	// records. One aggregate is valid; the checker reports the rest.
	Aggregates []*RecordAggregate
	Among      []*Among
	Excluding  []*Exclusion
	Minimum    []*MinimumSample
}

// RecordAggregate is the line that computes a measure from records:
// "count cases where ...", "share of calls where ...", "uptime of outages
// from started_at to ended_at", or "mean of wait over calls where ...".
type RecordAggregate struct {
	Sp diag.Span
	// Func is "count", "share", "uptime", or a statistic: sum, mean, min,
	// max, median or a percentile such as p90.
	Func   *Ident
	Source *Ident
	Value  Expr   // the statistic's operand
	From   *Ident // uptime only
	To     *Ident // uptime only
	Where  Expr
}

// Among is the denominator of a share: "among calls where ...".
type Among struct {
	Sp     diag.Span
	Source *Ident
	Where  Expr
}

// Exclusion is "excluding calls where relief because \"relief event\"".
type Exclusion struct {
	Sp     diag.Span
	Source *Ident
	Where  Expr
	Reason *StringLit
}

// MinimumSample is "minimum sample 100 calls".
type MinimumSample struct {
	Sp    diag.Span
	Count *NumberLit
	Noun  *Ident
}

// ServiceLevelDecl is a "service level" block.
type ServiceLevelDecl struct {
	Sp      diag.Span
	Name    *Ident
	Title   *StringLit
	Ref     *Ref
	Targets []*Target // exactly one is valid; the checker reports the rest
	Tiers   []*Tier
	Deducts []*Deduct
	Missing []*MissingPolicy
	Caps    []*LevelCap
	Sample  []*SamplePolicy
	// Public lines mark the service level for the quarterly transparency
	// report; exactly one is valid.
	Public []*Public
}

// Public is "public" or `public "Calls answered quickly"`: the service
// level is shown to residents, under the plain-language title if given.
type Public struct {
	Sp    diag.Span
	Title *StringLit
}

// SamplePolicy is what a value that rests on fewer records than its
// measure's minimum sample means: "below minimum sample is not assessed"
// (the default), "below minimum sample counts as severe" or "below minimum
// sample is assessed".
type SamplePolicy struct {
	Sp       diag.Span
	CountsAs *Ident
	Kind     string // "counts as", "not assessed" or "assessed"
	Ref      *Ref
}

// Target is "target csat >= 85%".
type Target struct {
	Sp   diag.Span
	Cond Expr
}

// Tier is "tier severe when csat < 75%".
type Tier struct {
	Sp   diag.Span
	Name *Ident
	Cond Expr
	Ref  *Ref
}

// Deduct is one deduction line of a service level.
type Deduct struct {
	Sp      diag.Span
	Amount  *Amount
	PerUnit *PerUnit
	When    *Ident // a tier name, or "failed" for any failure
	Window  *Window
	Ref     *Ref
}

// Amount is either a rate of a named payment ("0.5% of availability") or
// a fixed sum of money ("USD 500.00").
type Amount struct {
	Sp      diag.Span
	Rate    *PercentLit
	Payment *Ident
	Money   *MoneyLit
}

// PerUnit scales a deduction by the shortfall: "per 0.1% of shortfall",
// "per full 0.1% of shortfall" (whole units only), "per started 0.1% of
// shortfall" (any part of a unit counts as one).
type PerUnit struct {
	Sp    diag.Span
	Count string // "", "full" or "started"
	Unit  Expr   // a literal
}

// Window is "in 3 consecutive periods" or "in 3 of the last 12 periods".
// Last is 0 for a consecutive window.
type Window struct {
	Sp    diag.Span
	Count *NumberLit
	Last  *NumberLit
}

// MissingPolicy is the meaning of a missing value: "missing value counts as
// severe", "missing value is not assessed" or "missing value is an error".
type MissingPolicy struct {
	Sp       diag.Span
	CountsAs *Ident
	Kind     string // "counts as", "not assessed" or "error"
	Ref      *Ref
}

// LevelCap is a service level's own cap: "cap at 5% of availability".
type LevelCap struct {
	Sp     diag.Span
	Amount *Amount
	Ref    *Ref
}

// CapDecl is a cap on the total deductions of a period.
type CapDecl struct {
	Sp     diag.Span
	Amount *Amount
	Excess *Excess
	Ref    *Ref
}

// Excess is "excess is lost" or "excess carries forward".
type Excess struct {
	Sp           diag.Span
	CarryForward bool
}

// NoticeDecl is a named notice and the conditions that issue it.
type NoticeDecl struct {
	Sp    diag.Span
	Name  *Ident
	Title *StringLit
	Ref   *Ref
	Whens []*Condition
}

// Condition is one "when" line of a notice: a predicate over one period,
// counted over a window.
type Condition struct {
	Sp     diag.Span
	Pred   Predicate
	Window *Window
}

// Predicate is the test a notice condition applies to one period.
type Predicate interface {
	Node
	predicateNode()
}

// Scope is the set of service levels a LevelPredicate reads.
type Scope int

const (
	// ScopeSame counts each service level separately: "the same service level".
	ScopeSame Scope = iota + 1
	// ScopeAny holds when at least one service level matches: "any service level".
	ScopeAny
	// ScopeNamed looks at one service level: "service level csat".
	ScopeNamed
	// ScopeAtLeast holds when N or more match: "at least 3 service levels".
	ScopeAtLeast
)

// LevelPredicate tests service-level outcomes: "any service level is severe".
type LevelPredicate struct {
	Sp      diag.Span
	Scope   Scope
	Level   *Ident     // for ScopeNamed
	AtLeast *NumberLit // for ScopeAtLeast
	// Outcome is "fails", "missing", "not assessed", or a tier name.
	Outcome *Ident
}

// DeductionPredicate tests a period's total deduction: "total deductions
// >= USD 10,000.00" or "total deductions reach the cap".
type DeductionPredicate struct {
	Sp         diag.Span
	ReachesCap bool
	Op         string
	Amount     Expr
}

// NoticePredicate holds in a period in which another notice was issued:
// "notice warning is issued".
type NoticePredicate struct {
	Sp     diag.Span
	Notice *Ident
}

// ExprPredicate is a condition over measures: "uptime_3m < 97%".
type ExprPredicate struct {
	Sp   diag.Span
	Cond Expr
}

// TestDecl is a test case: period data, from a file or inline rows, and
// the results the contract must give over it.
type TestDecl struct {
	Sp      diag.Span
	Name    *StringLit
	Data    []*StringLit // one is valid; the runner reports the rest
	Columns [][]*Ident   // one is valid
	Rows    []*Row
	// IgnoreNotices holds the "ignore notices" lines.
	IgnoreNotices []diag.Span
	Expects       []*Expect
}

// Row is an inline row of period data: "row 2026-01: 85.0%, 78.2%".
type Row struct {
	Sp     diag.Span
	Period *PeriodLit
	Cells  []*Cell
}

// Cell is a value of an inline row as written, or "missing".
type Cell struct {
	Sp      diag.Span
	Missing bool
	Text    string
}

// Expect is one "expect" line of a test.
type Expect struct {
	Sp diag.Span
	// Kind is "error", "no notices", "notice", "total deductions", "net
	// payment" or "level".
	Kind   string
	Error  *StringLit
	Notice *Ident // the notice kind
	Level  *Ident // the service level of a notice or level line
	// Period is the period of the line, or nil for totals over the run.
	Period *PeriodLit
	Amount *MoneyLit
	// Status is "met", "failed", "missing" or "not assessed".
	Status    string
	Tier      *Ident
	Deduction *MoneyLit
}

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// NumberLit is a plain number: "12", "0.5".
type NumberLit struct {
	Sp    diag.Span
	Text  string
	Value decimal.Decimal
}

// PercentLit is "85%"; Value is the fraction 0.85.
type PercentLit struct {
	Sp    diag.Span
	Text  string
	Value decimal.Decimal
}

// DurationLit is "45s", "30min", "4h" or "2d"; Value is in seconds.
type DurationLit struct {
	Sp    diag.Span
	Text  string
	Value decimal.Decimal
}

// MoneyLit is "USD 125,000.00".
type MoneyLit struct {
	Sp       diag.Span
	Text     string
	Currency string
	Value    decimal.Decimal
}

// Unary is "-x" or "not x".
type Unary struct {
	Sp diag.Span
	Op string
	X  Expr
}

// Binary is an arithmetic, comparison or logical operation.
type Binary struct {
	Sp diag.Span
	Op string // + - * / < <= > >= == != and or
	X  Expr
	Y  Expr
}

// Paren is a parenthesised expression, kept so that a formatter can print
// the parentheses the author wrote.
type Paren struct {
	Sp diag.Span
	X  Expr
}

// Call is "min(a, b)", "max(a, b)", "abs(x)" or "round(x, 0.1%)".
type Call struct {
	Sp   diag.Span
	Func *Ident
	Args []Expr
}

// Aggregate is "mean of csat over prior 12 periods else 85%". Prior excludes
// the current period; "last" includes it.
type Aggregate struct {
	Sp      diag.Span
	Func    *Ident // mean, min, max or sum
	Measure *Ident
	Prior   bool
	Count   *NumberLit
	Else    Expr
}

// Within is a deadline over two timestamps of a record: "acknowledged_at
// within 4h of opened_at", or with Business set, "within 4 business hours
// of opened_at". Limit is a DurationLit, or a NumberLit of hours when
// Business is set.
type Within struct {
	Sp       diag.Span
	End      Expr
	Limit    Expr
	Business bool
	Start    Expr
}

// IsMissing is "acknowledged_at is missing" or "is not missing".
type IsMissing struct {
	Sp  diag.Span
	X   Expr
	Not bool
}

// Lag is "csat from 12 periods ago else 85%".
type Lag struct {
	Sp      diag.Span
	Measure *Ident
	Count   *NumberLit
	Else    Expr
}

func (n *Ident) Span() diag.Span              { return n.Sp }
func (n *StringLit) Span() diag.Span          { return n.Sp }
func (n *Ref) Span() diag.Span                { return n.Sp }
func (n *ContractDecl) Span() diag.Span       { return n.Sp }
func (n *Term) Span() diag.Span               { return n.Sp }
func (n *PeriodLit) Span() diag.Span          { return n.Sp }
func (n *Rounding) Span() diag.Span           { return n.Sp }
func (n *PaymentDecl) Span() diag.Span        { return n.Sp }
func (n *MeasureDecl) Span() diag.Span        { return n.Sp }
func (n *ServiceLevelDecl) Span() diag.Span   { return n.Sp }
func (n *Target) Span() diag.Span             { return n.Sp }
func (n *Tier) Span() diag.Span               { return n.Sp }
func (n *Deduct) Span() diag.Span             { return n.Sp }
func (n *Amount) Span() diag.Span             { return n.Sp }
func (n *PerUnit) Span() diag.Span            { return n.Sp }
func (n *Window) Span() diag.Span             { return n.Sp }
func (n *MissingPolicy) Span() diag.Span      { return n.Sp }
func (n *LevelCap) Span() diag.Span           { return n.Sp }
func (n *CapDecl) Span() diag.Span            { return n.Sp }
func (n *Excess) Span() diag.Span             { return n.Sp }
func (n *NoticeDecl) Span() diag.Span         { return n.Sp }
func (n *Condition) Span() diag.Span          { return n.Sp }
func (n *LevelPredicate) Span() diag.Span     { return n.Sp }
func (n *DeductionPredicate) Span() diag.Span { return n.Sp }
func (n *NoticePredicate) Span() diag.Span    { return n.Sp }
func (n *ExprPredicate) Span() diag.Span      { return n.Sp }
func (n *NumberLit) Span() diag.Span          { return n.Sp }
func (n *PercentLit) Span() diag.Span         { return n.Sp }
func (n *DurationLit) Span() diag.Span        { return n.Sp }
func (n *MoneyLit) Span() diag.Span           { return n.Sp }
func (n *Unary) Span() diag.Span              { return n.Sp }
func (n *Binary) Span() diag.Span             { return n.Sp }
func (n *Paren) Span() diag.Span              { return n.Sp }
func (n *Call) Span() diag.Span               { return n.Sp }
func (n *Aggregate) Span() diag.Span          { return n.Sp }
func (n *Lag) Span() diag.Span                { return n.Sp }
func (n *Zone) Span() diag.Span               { return n.Sp }
func (n *BusinessHours) Span() diag.Span      { return n.Sp }
func (n *Clock) Span() diag.Span              { return n.Sp }
func (n *Holidays) Span() diag.Span           { return n.Sp }
func (n *DateLit) Span() diag.Span            { return n.Sp }
func (n *SourceDecl) Span() diag.Span         { return n.Sp }
func (n *FieldDecl) Span() diag.Span          { return n.Sp }
func (n *RecordAggregate) Span() diag.Span    { return n.Sp }
func (n *Among) Span() diag.Span              { return n.Sp }
func (n *Exclusion) Span() diag.Span          { return n.Sp }
func (n *MinimumSample) Span() diag.Span      { return n.Sp }
func (n *Within) Span() diag.Span             { return n.Sp }
func (n *IsMissing) Span() diag.Span          { return n.Sp }
func (n *SamplePolicy) Span() diag.Span       { return n.Sp }
func (n *Public) Span() diag.Span             { return n.Sp }
func (n *TestDecl) Span() diag.Span           { return n.Sp }
func (n *AgreedRates) Span() diag.Span        { return n.Sp }
func (n *Row) Span() diag.Span                { return n.Sp }
func (n *Cell) Span() diag.Span               { return n.Sp }
func (n *Expect) Span() diag.Span             { return n.Sp }

func (*ContractDecl) declNode()     {}
func (*PaymentDecl) declNode()      {}
func (*MeasureDecl) declNode()      {}
func (*ServiceLevelDecl) declNode() {}
func (*CapDecl) declNode()          {}
func (*NoticeDecl) declNode()       {}
func (*SourceDecl) declNode()       {}
func (*TestDecl) declNode()         {}

func (*LevelPredicate) predicateNode()     {}
func (*DeductionPredicate) predicateNode() {}
func (*NoticePredicate) predicateNode()    {}
func (*ExprPredicate) predicateNode()      {}

func (*Ident) exprNode()       {}
func (*NumberLit) exprNode()   {}
func (*PercentLit) exprNode()  {}
func (*DurationLit) exprNode() {}
func (*MoneyLit) exprNode()    {}
func (*Unary) exprNode()       {}
func (*Binary) exprNode()      {}
func (*Paren) exprNode()       {}
func (*Call) exprNode()        {}
func (*Aggregate) exprNode()   {}
func (*Lag) exprNode()         {}
func (*StringLit) exprNode()   {}
func (*Within) exprNode()      {}
func (*IsMissing) exprNode()   {}
