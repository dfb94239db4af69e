package gen

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// OutagesHeader is the header line of outages.csv.
const OutagesHeader = "service,started_at,ended_at,planned"

const (
	// A planned web maintenance window starts at maintenanceStartHour
	// local time on the second Tuesday and lasts maintenanceHours.
	maintenanceStartHour = 22
	maintenanceHours     = 4
	// overrunMinutes is how long before a planned window's end the
	// unplanned outage of an overrun starts.
	overrunMinutes = 15
	// openOutageMinutes is the most downtime that the web outage still
	// open at the extract time has accrued by then.
	openOutageMinutes = 20
	// outageGap is the least time between two separately placed outages
	// of one service.
	outageGap = 30 * minute
	// placeAttempts bounds the random starts tried for one outage.
	placeAttempts = 10_000
)

// outage is one row of outages.csv. Times are Unix seconds on whole
// minutes. An end of 0 means the outage was still open at the extract.
type outage struct {
	service    string
	start, end int64
	planned    bool
}

// outagePlan collects a year's outages and the web downtime, in minutes,
// that each month still has to receive.
type outagePlan struct {
	cal       *calendar
	r         *rand.Rand
	records   []outage
	budget    [12]int
	webBusy   [][2]int64
	phoneBusy [][2]int64
}

// WriteOutages writes outages.csv, sorted by started_at, and returns the
// number of rows.
//
// The merged unplanned web downtime of each month, clipped to the month,
// is the month's minutes times 1 - WebUptime, rounded down to whole
// minutes.
// December always ends with a web outage still open at the extract time,
// unless its downtime is under 2 minutes. Months with more than an hour of
// downtime record their longest outage as two overlapping rows, as when
// two monitors report one incident.
func WriteOutages(w io.Writer, c Config) (int, error) {
	cal, err := prepare(c)
	if err != nil {
		return 0, err
	}
	plan := &outagePlan{cal: cal, r: newRand(c.Seed, streamOutages)}
	for m, p := range c.Profile {
		minutes := (cal.monthStart[m+1] - cal.monthStart[m]) / minute
		// Rounding the downtime down keeps uptime at or above the
		// target, so 99.9% meets a 99.9% threshold.
		plan.budget[m] = int((1-p.WebUptime)*float64(minutes) + 1e-9)
	}

	// Fixed events come first, so that the random outages avoid them.
	for m, p := range c.Profile {
		if p.PlannedMaintenance {
			plan.addMaintenance(m, p.MaintenanceOverrun)
		}
		if p.OutageIntoNextMonth && m < 11 {
			plan.addMonthEndOutage(m)
		}
	}
	plan.addOpenOutage()

	for m, p := range c.Profile {
		if err := plan.addWebOutages(m); err != nil {
			return 0, err
		}
		if p.PhoneOutage {
			if err := plan.addPhoneOutage(m); err != nil {
				return 0, err
			}
		}
	}

	slices.SortFunc(plan.records, func(a, b outage) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.service, b.service), cmp.Compare(a.end, b.end))
	})
	rw := newRowWriter(w, OutagesHeader)
	for _, o := range plan.records {
		line := append(rw.line[:0], o.service...)
		line = append(line, ',')
		line = cal.appendInstant(line, o.start)
		line = append(line, ',')
		if o.end != 0 {
			line = cal.appendInstant(line, o.end)
		}
		if o.planned {
			line = append(line, ",yes\n"...)
		} else {
			line = append(line, ",no\n"...)
		}
		rw.line = line
		rw.writeLine()
	}
	return rw.finish()
}

// addMaintenance adds the month's planned web window and, for an overrun,
// an unplanned outage that starts before the window ends. The overlap
// counts as unplanned downtime, since only unplanned rows count.
func (p *outagePlan) addMaintenance(month int, overrun bool) {
	cal := p.cal
	day := nthWeekday(cal.year, time.Month(month+1), time.Tuesday, 2, cal.loc)
	start := time.Date(cal.year, time.January, day+1, maintenanceStartHour, 0, 0, 0, cal.loc).Unix()
	end := start + maintenanceHours*hour
	p.records = append(p.records, outage{service: "web", start: start, end: end, planned: true})
	p.webBusy = append(p.webBusy, [2]int64{start, end})

	if !overrun || p.budget[month] == 0 {
		return
	}
	length := min(p.budget[month], 90)
	overrunStart := end - overrunMinutes*minute
	overrunEnd := overrunStart + int64(length)*minute
	p.records = append(p.records, outage{service: "web", start: overrunStart, end: overrunEnd})
	p.webBusy = append(p.webBusy, [2]int64{overrunStart, overrunEnd})
	p.budget[month] -= length
}

// addMonthEndOutage adds an unplanned web outage across the midnight that
// ends the month, taking up to a third of each month's downtime.
func (p *outagePlan) addMonthEndOutage(month int) {
	before := min(p.budget[month]/3, 90)
	after := min(p.budget[month+1]/3, 150)
	if before == 0 || after == 0 {
		return
	}
	midnight := p.cal.monthStart[month+1]
	start := midnight - int64(before)*minute
	end := midnight + int64(after)*minute
	if p.cal.inRepeatedHour(end) {
		end += hour
		after += 60
	}
	p.records = append(p.records, outage{service: "web", start: start, end: end})
	p.webBusy = append(p.webBusy, [2]int64{start, end})
	p.budget[month] -= before
	p.budget[month+1] = max(0, p.budget[month+1]-after)
}

// addOpenOutage adds the web outage still open at the extract time.
func (p *outagePlan) addOpenOutage() {
	open := min(openOutageMinutes, p.budget[11]/2)
	if open == 0 {
		return
	}
	extract := p.cal.monthStart[12]
	start := extract - int64(open)*minute
	p.records = append(p.records, outage{service: "web", start: start})
	p.webBusy = append(p.webBusy, [2]int64{start, extract})
	p.budget[11] -= open
}

// addWebOutages spends the month's remaining downtime on one to three
// unplanned web outages placed at random.
func (p *outagePlan) addWebOutages(month int) error {
	remaining := p.budget[month]
	if remaining == 0 {
		return nil
	}
	parts := 3
	switch {
	case remaining < 30:
		parts = 1
	case remaining <= 60:
		parts = 2
	}
	weights := make([]float64, parts)
	for i := range weights {
		weights[i] = 0.5 + p.r.Float64()
	}
	lengths := allocate(remaining, weights, p.r)
	longest := 0
	for i, n := range lengths {
		if n > lengths[longest] {
			longest = i
		}
	}

	for i, n := range lengths {
		if n == 0 {
			continue
		}
		split := remaining > 60 && i == longest
		var cuts []int64
		if split {
			cuts = []int64{int64(n/3) * minute, int64(2*n/3) * minute}
		}
		start, err := p.place(month, n, cuts, &p.webBusy)
		if err != nil {
			return err
		}
		end := start + int64(n)*minute
		if split {
			// Two rows that overlap in the middle third and whose union
			// is the outage.
			p.records = append(p.records,
				outage{service: "web", start: start, end: start + cuts[1]},
				outage{service: "web", start: start + cuts[0], end: end})
		} else {
			p.records = append(p.records, outage{service: "web", start: start, end: end})
		}
	}
	p.budget[month] = 0
	return nil
}

// addPhoneOutage adds an unplanned phone outage of 10 to 90 minutes.
func (p *outagePlan) addPhoneOutage(month int) error {
	length := 10 + p.r.IntN(81)
	start, err := p.place(month, length, nil, &p.phoneBusy)
	if err != nil {
		return err
	}
	p.records = append(p.records, outage{service: "phone", start: start, end: start + int64(length)*minute})
	return nil
}

// place returns a random start on a whole minute for an outage of the
// given minutes inside the month, at least outageGap from every busy
// interval, and records the outage as busy. No boundary of the outage,
// including the cuts (offsets from its start), falls in a repeated wall
// hour.
func (p *outagePlan) place(month, minutes int, cuts []int64, busy *[][2]int64) (int64, error) {
	from, to := p.cal.monthStart[month], p.cal.monthStart[month+1]
	length := int64(minutes) * minute
	choices := (to-from-length)/minute + 1
	for range placeAttempts {
		start := from + minute*p.r.Int64N(choices)
		end := start + length
		if p.overlapsBusy(*busy, start-outageGap, end+outageGap) {
			continue
		}
		clean := !p.cal.inRepeatedHour(start) && !p.cal.inRepeatedHour(end)
		for _, cut := range cuts {
			clean = clean && !p.cal.inRepeatedHour(start+cut)
		}
		if !clean {
			continue
		}
		*busy = append(*busy, [2]int64{start, end})
		return start, nil
	}
	return 0, fmt.Errorf("no room for a %d-minute outage in month %d of %d after %d attempts", minutes, month+1, p.cal.year, placeAttempts)
}

func (p *outagePlan) overlapsBusy(busy [][2]int64, start, end int64) bool {
	for _, b := range busy {
		if start < b[1] && b[0] < end {
			return true
		}
	}
	return false
}
