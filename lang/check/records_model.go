package check

import (
	"time"

	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/shopspring/decimal"
)

// Calendar is the time zone, business hours and holidays that measures over
// records use.
type Calendar struct {
	// Zone is an IANA time zone name; "UTC" when the contract declares none.
	Zone     string
	Business *BusinessHours
	// Holidays are the dates listed in the contract; HolidayFiles name files
	// of further dates, relative to the contract file, which the engine reads.
	Holidays     []Date
	HolidayFiles []*syntax.StringLit
}

// BusinessHours are the open days and the daily opening and closing times,
// in minutes after local midnight.
type BusinessHours struct {
	Days        []time.Weekday
	Open, Close int
	Text        string
}

// Date is a calendar date.
type Date struct{ Year, Month, Day int }

// FieldKind is the type of a source field.
type FieldKind int

const (
	FieldTimestamp FieldKind = iota + 1
	FieldDuration
	FieldNumber
	FieldCount
	FieldMoney
	FieldBool
	FieldText
)

var fieldKindWords = map[string]FieldKind{
	"timestamp": FieldTimestamp, "duration": FieldDuration, "number": FieldNumber,
	"count": FieldCount, "money": FieldMoney, "bool": FieldBool, "text": FieldText,
}

// String returns the word that declares the kind.
func (k FieldKind) String() string {
	for w, kind := range fieldKindWords {
		if kind == k {
			return w
		}
	}
	return "unknown"
}

// Source is a checked source: a kind of raw record and its fields.
type Source struct {
	Decl  *syntax.SourceDecl
	Name  string
	Title string
	Ref   string
	// Fields are in declaration order; a field's Index is its position.
	Fields   []*Field
	PeriodBy *Field
	Index    int
}

// Label returns the title of s, or its name when it has none.
func (s *Source) Label() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Name
}

// Field returns the named field, or nil.
func (s *Source) Field(name string) *Field {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Field is one column of a source.
type Field struct {
	Decl     *syntax.FieldDecl
	Name     string
	Kind     FieldKind
	Optional bool
	// Scale is the length in seconds of one unit of a duration field whose
	// cells are bare numbers: 1 for "in seconds", 60 for "in minutes".
	Scale decimal.Decimal
	// Values lists the allowed values of a text field declared "one of";
	// empty means any text.
	Values []string
	Index  int
}

// AggKind is the aggregate a measure over records computes.
type AggKind int

const (
	AggCount AggKind = iota + 1
	AggShare
	AggSum
	AggMean
	AggMin
	AggMax
	AggPercentile
	AggUptime
)

// RecordMeasure is the definition of a measure computed from records.
type RecordMeasure struct {
	Kind AggKind
	// Percentile is 1-99 for AggPercentile; median is 50.
	Percentile int
	Source     *Source
	// Value is the operand of sum, mean, min, max and percentiles.
	Value RExpr
	// Where selects the records counted: for a share, its numerator among
	// the records that Among selects; otherwise the records aggregated.
	// Nil selects every record.
	Where RExpr
	// Among is a share's denominator; nil means every record.
	Among RExpr
	// From and To are the interval fields of an uptime.
	From, To   *Field
	Exclusions []*Exclusion
	// MinSample is the least number of records the value may rest on, or 0.
	MinSample int64
	// Text is the aggregate line as written; AmongText the among line.
	Text      string
	AmongText string
}

// Exclusion removes records from a measure, for a reason that explanations
// name.
type Exclusion struct {
	Decl   *syntax.Exclusion
	Where  RExpr
	Reason string
}

// SampleKind is what a value resting on too few records means for a
// service level.
type SampleKind int

const (
	// SampleNotAssessed is the default: too small a sample is not assessed.
	SampleNotAssessed SampleKind = iota
	// SampleCountsAs deems the service level failed at a tier.
	SampleCountsAs
	// SampleAssessed assesses the value as if the sample were large enough.
	SampleAssessed
)

// SamplePolicy is a service level's rule for a value below its measure's
// minimum sample.
type SamplePolicy struct {
	Kind     SampleKind
	Tier     int
	Ref      string
	Declared bool
}

// RKind is the type of an expression over one record.
type RKind int

const (
	RBad RKind = iota
	RBool
	RTimestamp
	RDuration
	RNumber
	RMoney
	RText
)

func (k RKind) String() string {
	return [...]string{"invalid value", "condition", "timestamp", "duration", "number", "money amount", "text"}[k]
}

// RExpr is a typed expression over the fields of one record.
type RExpr interface {
	Kind() RKind
	Node() syntax.Expr
}

// RField reads a field of the record.
type RField struct {
	Field *Field
	N     syntax.Expr
}

// RConst is a literal: Value in seconds for a duration, or Text for text.
type RConst struct {
	Value decimal.Decimal
	Text  string
	K     RKind
	N     syntax.Expr
}

// RArith is + or -.
type RArith struct {
	Op   byte
	X, Y RExpr
	K    RKind
	N    syntax.Expr
}

// RCompare compares two values of one kind.
type RCompare struct {
	Op   CmpOp
	X, Y RExpr
	N    syntax.Expr
}

// RLogic is "and" or "or".
type RLogic struct {
	And  bool
	X, Y RExpr
	N    syntax.Expr
}

// RNot is "not".
type RNot struct {
	X RExpr
	N syntax.Expr
}

// RWithin is a deadline: End is at most Limit after Start, in elapsed or in
// business time. A missing End has not happened yet, so the deadline has
// failed once it has passed, and is pending until then.
type RWithin struct {
	End, Start RExpr
	// Limit is in seconds.
	Limit    decimal.Decimal
	Business bool
	N        syntax.Expr
}

// RIsMissing tests whether an optional field is empty.
type RIsMissing struct {
	Field *Field
	Not   bool
	N     syntax.Expr
}

func (e *RField) Kind() RKind     { return fieldRKind(e.Field.Kind) }
func (e *RConst) Kind() RKind     { return e.K }
func (e *RArith) Kind() RKind     { return e.K }
func (e *RCompare) Kind() RKind   { return RBool }
func (e *RLogic) Kind() RKind     { return RBool }
func (e *RNot) Kind() RKind       { return RBool }
func (e *RWithin) Kind() RKind    { return RBool }
func (e *RIsMissing) Kind() RKind { return RBool }

func (e *RField) Node() syntax.Expr     { return e.N }
func (e *RConst) Node() syntax.Expr     { return e.N }
func (e *RArith) Node() syntax.Expr     { return e.N }
func (e *RCompare) Node() syntax.Expr   { return e.N }
func (e *RLogic) Node() syntax.Expr     { return e.N }
func (e *RNot) Node() syntax.Expr       { return e.N }
func (e *RWithin) Node() syntax.Expr    { return e.N }
func (e *RIsMissing) Node() syntax.Expr { return e.N }

func fieldRKind(k FieldKind) RKind {
	switch k {
	case FieldTimestamp:
		return RTimestamp
	case FieldDuration:
		return RDuration
	case FieldNumber, FieldCount:
		return RNumber
	case FieldMoney:
		return RMoney
	case FieldBool:
		return RBool
	case FieldText:
		return RText
	}
	return RBad
}
