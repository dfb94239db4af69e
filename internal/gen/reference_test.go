package gen_test

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pacta-dev/pacta/internal/gen"
)

// monthFigures are one month's raw tallies, computed from the CSV files
// by the straightforward reference below, in the definitions of the
// Springfield measures.
type monthFigures struct {
	// Calls without relief: all, answered, net wait of the answered ones,
	// and the calls_answered_45s numerator and denominator.
	calls, answered int
	netWaitSum      int
	answered45      int
	callDenominator int

	urgent, urgentOnTime int
	email, emailOnTime   int
	phone, firstContact  int

	surveys, satisfied                int
	npsAnswers, promoters, detractors int

	downSeconds, monthSeconds int64
}

// minCallsAssessed is the fewest calls a month needs for
// calls_answered_45s to be assessed.
const minCallsAssessed = 100

func percent(numerator, denominator int) float64 {
	return 100 * float64(numerator) / float64(denominator)
}

func (f monthFigures) callsAnswered45() (float64, bool) {
	if f.calls < minCallsAssessed {
		return 0, false
	}
	return percent(f.answered45, f.callDenominator), true
}

func (f monthFigures) asa() float64 {
	return float64(f.netWaitSum) / float64(f.answered)
}

func (f monthFigures) urgentAck4h() float64 { return percent(f.urgentOnTime, f.urgent) }
func (f monthFigures) email24h() float64    { return percent(f.emailOnTime, f.email) }
func (f monthFigures) fcr() float64         { return percent(f.firstContact, f.phone) }
func (f monthFigures) csat() float64        { return percent(f.satisfied, f.surveys) }

func (f monthFigures) nps() float64 {
	return percent(f.promoters, f.npsAnswers) - percent(f.detractors, f.npsAnswers)
}

func (f monthFigures) webUptime() float64 {
	return 100 * (1 - float64(f.downSeconds)/float64(f.monthSeconds))
}

// referenceFigures computes every month's tallies from the four files of
// the given year.
func referenceFigures(t *testing.T, files map[string][]byte, year int) [12]monthFigures {
	t.Helper()
	var months [12]monthFigures
	extract, err := gen.ExtractTime(year)
	if err != nil {
		t.Fatal(err)
	}
	monthIndex := func(at time.Time) int {
		if at.Year() != year {
			t.Fatalf("%s is outside %d", at.Format(gen.TimeLayout), year)
		}
		return int(at.Month()) - 1
	}

	for _, row := range readRecords(t, files["calls"], gen.CallsHeader) {
		if row[4] == "1" {
			continue
		}
		f := &months[monthIndex(parseWall(t, row[0]))]
		wait := atoi(t, row[2])
		hold := atoi(t, row[3])
		f.calls++
		switch row[1] {
		case "answered":
			f.answered++
			f.callDenominator++
			f.netWaitSum += wait - hold
			if wait-hold <= 45 {
				f.answered45++
			}
		case "abandoned":
			if wait > 30 {
				f.callDenominator++
			}
		}
	}

	for _, row := range readRecords(t, files["cases"], gen.CasesHeader) {
		opened := parseWall(t, row[3])
		f := &months[monthIndex(opened)]
		if row[2] == "urgent" {
			countDeadline(t, &f.urgent, &f.urgentOnTime, opened, row[4], 4*time.Hour, extract)
		}
		switch row[1] {
		case "email":
			countDeadline(t, &f.email, &f.emailOnTime, opened, row[5], 24*time.Hour, extract)
		case "phone":
			f.phone++
			if row[6] == "yes" {
				f.firstContact++
			}
		}
	}

	for _, row := range readRecords(t, files["surveys"], gen.SurveysHeader) {
		f := &months[monthIndex(parseWall(t, row[0]))]
		f.surveys++
		if csat := atoi(t, row[1]); csat >= 4 {
			f.satisfied++
		}
		if row[2] == "" {
			continue
		}
		f.npsAnswers++
		switch nps := atoi(t, row[2]); {
		case nps >= 9:
			f.promoters++
		case nps <= 6:
			f.detractors++
		}
	}

	var outages [][2]int64
	for _, row := range readRecords(t, files["outages"], gen.OutagesHeader) {
		if row[0] != "web" || row[3] == "yes" {
			continue
		}
		end := extract
		if row[2] != "" {
			end = parseWall(t, row[2])
		}
		outages = append(outages, [2]int64{parseWall(t, row[1]).Unix(), end.Unix()})
	}
	loc := extract.Location()
	for m := range months {
		from := time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, loc).Unix()
		to := time.Date(year, time.Month(m+2), 1, 0, 0, 0, 0, loc).Unix()
		months[m].monthSeconds = to - from
		months[m].downSeconds = mergedSeconds(outages, from, to)
	}
	return months
}

// countDeadline counts a case against a deadline. An empty timestamp is a
// failure once the deadline has passed at the extract time. Before that
// the case is pending and not counted.
func countDeadline(t *testing.T, total, onTime *int, opened time.Time, field string, limit time.Duration, extract time.Time) {
	t.Helper()
	if field == "" {
		if extract.Sub(opened) > limit {
			*total++
		}
		return
	}
	*total++
	if parseWall(t, field).Sub(opened) <= limit {
		*onTime++
	}
}

// mergedSeconds returns the seconds of [from, to) covered by the union of
// the intervals.
func mergedSeconds(intervals [][2]int64, from, to int64) int64 {
	var clipped [][2]int64
	for _, iv := range intervals {
		start, end := max(iv[0], from), min(iv[1], to)
		if start < end {
			clipped = append(clipped, [2]int64{start, end})
		}
	}
	slices.SortFunc(clipped, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })

	var total, coveredTo int64
	coveredTo = from
	for _, iv := range clipped {
		start := max(iv[0], coveredTo)
		if iv[1] > start {
			total += iv[1] - start
			coveredTo = iv[1]
		}
	}
	return total
}

func atoi(t *testing.T, field string) int {
	t.Helper()
	v, err := strconv.Atoi(field)
	if err != nil {
		t.Fatalf("invalid integer %q: %v", field, err)
	}
	return v
}

// tier classifies a percentage under a Springfield service level: met at
// or above target, severe below severe, minor between.
func tier(value, target, severe float64) string {
	switch {
	case value >= target:
		return "met"
	case value >= severe:
		return "minor"
	default:
		return "severe"
	}
}

// measureCheck compares one measure of one month with the profile.
type measureCheck struct {
	name           string
	got, want      float64
	target, severe float64
	// tolerance is the largest accepted distance in percentage points.
	tolerance float64
}

func (c measureCheck) String() string {
	return fmt.Sprintf("%s %.3f%% (profile %.3f%%)", c.name, c.got, c.want)
}
