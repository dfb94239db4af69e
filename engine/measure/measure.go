// Package measure computes the measures that a contract defines over raw
// records: call-detail records, CRM cases, survey responses, outage logs.
//
// Compile turns a checked contract into a Plan once. For each source it
// builds a parser per declared field and, for each measure over that
// source, its conditions as closures over a record's fields, which hold
// int64 values: instants and durations in nanoseconds, numbers and amounts
// in millionths, booleans as 0 or 1, text as an index into the field's
// known values. Run then reads each source file once, in one streaming
// pass, and adds every record to per-period accumulators: counts for
// counts and shares, sums for means, per-value counts for percentiles, and
// the outage intervals for uptimes. Memory is flat in the number of
// records, except for percentiles (one counter per distinct value), uptimes
// (one interval per outage) and records whose deadline is still open when
// they are read (kept until the time of the data is known).
//
// Every value is exact: a share is a fraction of two counts, a mean a
// fraction of a sum and a count. The results become the period table that
// the engine evaluates, with the basis of each value (counts, exclusions by
// reason, pending records) for explanations.
package measure

import (
	"io"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
)

// Result is the outcome of a Run: the measured periods, each measure's
// value in each of them, and an account of every source's records.
type Result struct {
	// Periods are consecutive, from the first to the last period in which
	// any source has a record, or the range the options set.
	Periods []types.Period
	// Measures are the contract's measures over the records of the given
	// sources, in contract order.
	Measures []*MeasureResult
	Sources  []*data.SourceReport
	// AsOf is the time of the data: a deadline that has not passed by then
	// is pending.
	AsOf string
}

// MeasureResult is one measure's values, indexed like Result.Periods.
type MeasureResult struct {
	Measure *check.Measure
	Values  []Value
}

// Value is a measure's value in one period and what it rests on.
type Value struct {
	Value num.Num
	// OK is false when the value is undefined: a share with no records in
	// its denominator, or a mean of no records. Why says so.
	OK    bool
	Why   string
	Basis data.Basis
	// BelowMinimum is true when the value rests on fewer records than the
	// measure's minimum sample.
	BelowMinimum bool
}

// Input is one source file.
type Input struct {
	Source string
	File   string
	// Open returns the file's contents; Run closes it.
	Open func() (io.ReadCloser, error)
	// Size is the file size in bytes, for progress, or 0 when unknown.
	Size int64
}

// Options control a Run.
type Options struct {
	// SkipBad skips malformed rows, counting and listing them, instead of
	// stopping at the first one.
	SkipBad bool
	// From and To, when set, fix the measured periods.
	From, To *types.Period
	// AsOf, when set, is the time of the data. The default is the end of
	// the last measured period.
	AsOf *calendar.Instant
	// Progress, when set, is called now and then with the bytes read so
	// far of all inputs.
	Progress func(done int64)
}
