package engine

import (
	"fmt"
	"github.com/pacta-dev/pacta/engine/num"
	"strings"

	"github.com/pacta-dev/pacta/lang/check"
)

// This file reports what a value computed from records rests on, and
// applies the minimum sample of its measure.

// basis returns what measure m's value in period i rests on, or nil when
// the period data gives no record count for it.
func (ev *evaluator) basis(m *check.Measure, i int) *MeasureBasis {
	col := ev.p.column[m.Slot]
	if col < 0 {
		return nil
	}
	cell := ev.t.Rows[i].Cells[col]
	b := cell.Basis
	if b == nil {
		return nil
	}
	mb := &MeasureBasis{Measure: m.Name, Records: b.Records, Excluded: b.Excluded, Pending: b.Pending, Detail: b.Detail}
	if b.Share {
		n := b.Numerator
		mb.Numerator = &n
	}
	if m.Records != nil && m.Records.MinSample > 0 {
		mb.MinimumSample = m.Records.MinSample
		// A value that is missing, such as a share of no records, follows
		// the missing-value rule, not the minimum sample.
		mb.BelowMinimum = b.Records < m.Records.MinSample && !cell.Missing
	}
	return mb
}

func (ev *evaluator) levelBasis(l *check.ServiceLevel, i int) []MeasureBasis {
	var out []MeasureBasis
	for _, m := range l.Inputs {
		if b := ev.basis(m, i); b != nil {
			out = append(out, *b)
		}
	}
	return out
}

// smallSample returns the first input below its minimum sample, or nil.
func smallSample(bases []MeasureBasis) *MeasureBasis {
	for k := range bases {
		if bases[k].BelowMinimum {
			return &bases[k]
		}
	}
	return nil
}

// sampleLevel applies the service level's rule for a value that rests on
// fewer records than the minimum sample.
func (ev *evaluator) sampleLevel(le *levelEval, b *MeasureBasis) {
	l := le.l
	p := l.Sample
	records := num.GroupInt(b.Records) + " records"
	if b.Records == 1 {
		records = "1 record"
	}
	facts := fmt.Sprintf("%s rests on %s, fewer than its minimum sample of %s", b.Measure, records, num.GroupInt(b.MinimumSample))
	if p.Kind == check.SampleCountsAs {
		le.o = outcome{status: Failed, tier: p.Tier, fails: true}
		le.step("below minimum sample counts as "+tierWord(l, p.Tier), p.Ref, "applies: "+facts)
		what := "a failure"
		if p.Tier >= 0 {
			what = "a " + l.Tiers[p.Tier].Name + " failure"
		}
		le.say("%s, which counts as %s%s", facts, what, cite(p.Ref))
		return
	}
	le.o = outcome{status: NotAssessed, tier: -1}
	le.step("below minimum sample is not assessed", p.Ref, "applies: "+facts)
	le.say("%s, so the service level is not assessed%s", facts, cite(p.Ref))
}

// basisSentence describes the records behind a service level's inputs:
// " Records for calls_answered_45s: 6,012 of 7,380 calls, with 120
// excluded (relief event)."
func basisSentence(bases []MeasureBasis) string {
	var parts []string
	for _, b := range bases {
		detail := b.Detail
		if detail == "" {
			detail = num.GroupInt(b.Records) + " records"
			if b.Records == 1 {
				detail = "1 record"
			}
			if b.Numerator != nil {
				detail = num.GroupInt(*b.Numerator) + " of " + detail
			}
		}
		s := "records for " + b.Measure + ": " + detail
		var notes []string
		for _, x := range b.Excluded {
			notes = append(notes, fmt.Sprintf("%s excluded (%s)", num.GroupInt(x.Count), x.Reason))
		}
		if b.Pending > 0 {
			notes = append(notes, fmt.Sprintf("%s pending, their deadline not yet passed", num.GroupInt(b.Pending)))
		}
		if len(notes) > 0 {
			s += ", with " + strings.Join(notes, ", ")
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + upperFirst(strings.Join(parts, "; ")) + "."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
