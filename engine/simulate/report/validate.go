package report

import (
	"errors"
	"fmt"

	"github.com/pacta-dev/pacta/engine/simulate"
)

// Validate checks that the results are consistent with their Meta: at
// least one run, one entry per contract year, service level and notice kind
// in every Outcome, first-notice periods inside the term, and one Compare
// Outcome per run. Summarize relies on each of these.
func Validate(r *simulate.Results) error {
	m := r.Meta
	if len(r.Runs) == 0 {
		return errors.New("the results have no runs")
	}
	if m.Runs != len(r.Runs) {
		return fmt.Errorf("Meta.Runs is %d but the results have %d runs", m.Runs, len(r.Runs))
	}
	if m.MinorUnits < 0 || m.MinorUnits > 18 {
		return fmt.Errorf("invalid Meta.MinorUnits %d: want 0 to 18", m.MinorUnits)
	}
	if m.Periods <= 0 || m.PeriodsPerYear <= 0 {
		return fmt.Errorf("invalid term: Meta.Periods is %d and Meta.PeriodsPerYear is %d, want both positive", m.Periods, m.PeriodsPerYear)
	}
	years := (m.Periods + m.PeriodsPerYear - 1) / m.PeriodsPerYear
	if len(m.Years) != years {
		return fmt.Errorf("Meta.Years has %d entries, want %d for %d periods at %d a year", len(m.Years), years, m.Periods, m.PeriodsPerYear)
	}
	if len(m.PaymentsByYear) != years {
		return fmt.Errorf("Meta.PaymentsByYear has %d entries, want one per contract year (%d)", len(m.PaymentsByYear), years)
	}
	if len(m.LevelCaps) != 0 && len(m.LevelCaps) != len(m.Levels) {
		return fmt.Errorf("Meta.LevelCaps has %d entries, want one per service level (%d)", len(m.LevelCaps), len(m.Levels))
	}

	for i, o := range r.Runs {
		if err := validateOutcome(m, len(m.Notices), o); err != nil {
			return fmt.Errorf("run %d: %w", i, err)
		}
		if err := validateLevels(m, o); err != nil {
			return fmt.Errorf("run %d: %w", i, err)
		}
	}
	if err := validateCompare(r); err != nil {
		return err
	}
	return validateShifts(r)
}

// validateOutcome checks the per-year and per-notice fields of an Outcome
// of either contract. notices is the number of the contract's notice kinds.
func validateOutcome(m simulate.Meta, notices int, o simulate.Outcome) error {
	if len(o.ByYear) != len(m.Years) {
		return fmt.Errorf("ByYear has %d entries, want one per contract year (%d)", len(o.ByYear), len(m.Years))
	}
	if len(o.FirstNotice) != notices || len(o.NoticeYears) != notices {
		return fmt.Errorf("FirstNotice has %d entries and NoticeYears %d, want one per notice kind (%d)", len(o.FirstNotice), len(o.NoticeYears), notices)
	}
	for k, first := range o.FirstNotice {
		if first < -1 || first >= m.Periods {
			return fmt.Errorf("FirstNotice[%d] is %d, want -1 or a period index below %d", k, first, m.Periods)
		}
		if len(o.NoticeYears[k]) != len(m.Years) {
			return fmt.Errorf("NoticeYears[%d] has %d entries, want one per contract year (%d)", k, len(o.NoticeYears[k]), len(m.Years))
		}
	}
	return nil
}

// validateLevels checks the per-level fields of an Outcome of the first
// contract.
func validateLevels(m simulate.Meta, o simulate.Outcome) error {
	if len(o.ByLevel) != len(m.Levels) {
		return fmt.Errorf("ByLevel has %d entries, want one per service level (%d)", len(o.ByLevel), len(m.Levels))
	}
	for i, hasCap := range m.LevelCaps {
		if hasCap && len(o.LevelCapBound) != len(m.Levels) {
			return fmt.Errorf("service level %q has a cap but LevelCapBound has %d entries, want %d", m.Levels[i].Name, len(o.LevelCapBound), len(m.Levels))
		}
	}
	return nil
}

func validateCompare(r *simulate.Results) error {
	if r.Compare == nil {
		return nil
	}
	m := r.Meta
	if m.Compare == nil {
		return errors.New("the results have Compare outcomes but Meta.Compare is nil")
	}
	if len(r.Compare) != len(r.Runs) {
		return fmt.Errorf("the results have %d Compare outcomes, want one per run (%d)", len(r.Compare), len(r.Runs))
	}
	for i, o := range r.Compare {
		if err := validateOutcome(m, len(m.Compare.Notices), o); err != nil {
			return fmt.Errorf("compare run %d: %w", i, err)
		}
	}
	return nil
}

func validateShifts(r *simulate.Results) error {
	type key struct {
		measure string
		up      bool
	}
	seen := map[key]bool{}
	for _, sh := range r.Shifts {
		if sh.Sigmas == 0 {
			return fmt.Errorf("shift of %q has Sigmas 0, want +1 or -1", sh.Measure)
		}
		k := key{sh.Measure, sh.Sigmas > 0}
		if seen[k] {
			return fmt.Errorf("measure %q is shifted twice in the same direction", sh.Measure)
		}
		seen[k] = true
		if len(sh.NoticeRuns) != len(r.Meta.Notices) {
			return fmt.Errorf("shift of %q has %d NoticeRuns, want one per notice kind (%d)", sh.Measure, len(sh.NoticeRuns), len(r.Meta.Notices))
		}
	}
	return nil
}
