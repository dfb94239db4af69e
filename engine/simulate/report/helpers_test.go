package report

import (
	"github.com/pacta-dev/pacta/engine/simulate"
)

// splitmix64 is a small deterministic generator for the fixture, so that
// the golden files do not depend on the sequence of a library generator.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n).
func (s *splitmix64) intn(n int64) int64 {
	return int64(s.next() % uint64(n))
}

// fixtureMeta describes a three-year monthly term with three service
// levels, the two built-in notice kinds and two declared ones, a cap on
// total deductions and a cap on one service level.
func fixtureMeta(runs int) simulate.Meta {
	return simulate.Meta{
		Contract:       "contracts/harbor_bridge.pacta",
		ContractTitle:  "Harbor Bridge Maintenance Agreement",
		ContractSHA256: "3f5a9c0e1b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468",
		Scenario:       "scenarios/harbor_base.scenario",
		ScenarioSHA256: "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
		Currency:       "USD",
		MinorUnits:     2,
		From:           "2026-01",
		To:             "2028-12",
		Periods:        36,
		PeriodsPerYear: 12,
		Years:          []string{"2026", "2027", "2028"},
		Runs:           runs,
		Seed:           20260101,
		Evaluator:      "compiled",
		Payments:       360_000_000,
		PaymentsByYear: []int64{120_000_000, 120_000_000, 120_000_000},
		Levels: []simulate.Item{
			{Name: "availability", Title: "Lane availability", Ref: "Sch 2 §1.1"},
			{Name: "response_time", Title: "Incident response", Ref: "Sch 2 §1.2"},
			{Name: "helpdesk", Title: "Helpdesk answer rate", Ref: "Sch 2 §1.3"},
		},
		Notices: []simulate.Item{
			{Name: "breach"},
			{Name: "missing_data"},
			{Name: "warning", Title: "Warning notice", Ref: "§9.1"},
			{Name: "termination", Title: "Termination for persistent failure", Ref: "§9.4"},
		},
		Cap:          &simulate.Item{Name: "total", Title: "Cap on total deductions", Ref: "§4.3"},
		LevelCaps:    []bool{true, false, false},
		DiscountRate: "0.08",
	}
}

// fixtureOutcome draws one run's outcome. A year's deductions are the sum
// of twelve monthly amounts, most of them zero, and the notices follow from
// the monthly amounts, so that the figures are related as in a real run.
func fixtureOutcome(g *splitmix64, scale int64) simulate.Outcome {
	const years, perYear = 3, 12
	o := simulate.Outcome{
		ByYear:        make([]int64, years),
		ByLevel:       make([]int64, 3),
		LevelCapBound: make([]int, 3),
		FirstNotice:   []int{-1, -1, -1, -1},
		NoticeYears:   [][]bool{make([]bool, years), make([]bool, years), make([]bool, years), make([]bool, years)},
	}
	severe := 0
	for p := range years * perYear {
		y := p / perYear
		var month int64
		if g.intn(4) == 0 {
			month = (50_000 + g.intn(400_000)) * scale / 100
		}
		if month > 0 {
			issue(&o, 0, p)
			o.ByLevel[0] += month * 6 / 10
			o.ByLevel[1] += month * 3 / 10
			o.ByLevel[2] += month - month*6/10 - month*3/10
		}
		if g.intn(50) == 0 {
			issue(&o, 1, p)
		}
		if month > 300_000 {
			severe++
			issue(&o, 2, p)
			o.LevelCapBound[0]++
		}
		if severe >= 4 {
			issue(&o, 3, p)
		}
		// The cap on total deductions is USD 4,000.00 a month.
		if month > 400_000 {
			month = 400_000
			o.CapBound++
		}
		o.ByYear[y] += month
		o.Total += month
		// The present value discounts each year by 8%.
		o.NPV += month * 100 / (100 + 8*int64(y))
	}
	return o
}

func issue(o *simulate.Outcome, kind, period int) {
	if o.FirstNotice[kind] < 0 {
		o.FirstNotice[kind] = period
	}
	o.NoticeYears[kind][period/12] = true
}

// fixture returns results with every section of the report: runs, shifts
// of two measures (one shifted only upward), an NPV and a second contract
// whose notice kinds come in another order.
func fixture(runs int) *simulate.Results {
	r := &simulate.Results{Meta: fixtureMeta(runs)}
	g := splitmix64(1)
	for range runs {
		r.Runs = append(r.Runs, fixtureOutcome(&g, 100))
	}

	r.Meta.Compare = &simulate.CompareMeta{
		Contract:       "contracts/harbor_bridge_v2.pacta",
		ContractTitle:  "Harbor Bridge Maintenance Agreement, revised draft",
		ContractSHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		Evaluator:      "reference",
		Notices: []simulate.Item{
			{Name: "termination", Ref: "§9.4"},
			{Name: "breach"},
			{Name: "missing_data"},
			{Name: "warning", Ref: "§9.1"},
		},
	}
	g = splitmix64(1)
	for i := range runs {
		// The second contract deducts 15% less in two runs out of three
		// and 10% more in the third.
		scale := int64(85)
		if i%3 == 2 {
			scale = 110
		}
		o := fixtureOutcome(&g, scale)
		// Reorder the notice kinds to the second contract's order.
		o.FirstNotice = []int{o.FirstNotice[3], o.FirstNotice[0], o.FirstNotice[1], o.FirstNotice[2]}
		o.NoticeYears = [][]bool{o.NoticeYears[3], o.NoticeYears[0], o.NoticeYears[1], o.NoticeYears[2]}
		r.Compare = append(r.Compare, o)
	}

	for _, sh := range []struct {
		measure, delta string
		sigmas         float64
		scale          int64
	}{
		{"uptime", "+0.40%", 1, 80},
		{"uptime", "-0.40%", -1, 125},
		{"response_minutes", "+6.0min", 1, 110},
		{"response_minutes", "-6.0min", -1, 92},
		{"csat", "+3.00%", 1, 97},
	} {
		g := splitmix64(1)
		shift := simulate.Shift{Measure: sh.measure, Sigmas: sh.sigmas, Delta: sh.delta, NoticeRuns: make([]int, 4)}
		for range runs {
			o := fixtureOutcome(&g, sh.scale)
			shift.TotalSum += o.Total
			for k, first := range o.FirstNotice {
				if first >= 0 {
					shift.NoticeRuns[k]++
				}
			}
		}
		r.Shifts = append(r.Shifts, shift)
	}
	return r
}
