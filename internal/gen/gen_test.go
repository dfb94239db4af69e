package gen_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	// The tests parse wall times in America/Los_Angeles even where the
	// system has no time zone database.
	_ "time/tzdata"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/internal/gen"
)

var (
	defaultOnce  sync.Once
	defaultFiles map[string][]byte
)

// generate writes every dataset of c to memory, keyed by dataset name, and
// checks that each Write reports the rows it wrote.
func generate(t *testing.T, c gen.Config) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, d := range gen.Datasets() {
		var buf bytes.Buffer
		rows, err := d.Write(&buf, c)
		if err != nil {
			t.Fatalf("write %s: %v", d.File, err)
		}
		if lines := bytes.Count(buf.Bytes(), []byte("\n")); rows != lines-1 {
			t.Errorf("%s: Write returned %d rows, file has %d lines after the header", d.File, rows, lines-1)
		}
		files[d.Name] = buf.Bytes()
	}
	return files
}

// defaultDatasets returns the files of DefaultConfig, generated once for
// all tests.
func defaultDatasets(t *testing.T) map[string][]byte {
	t.Helper()
	defaultOnce.Do(func() { defaultFiles = generate(t, gen.DefaultConfig()) })
	if defaultFiles == nil {
		t.Fatal("generating the default files failed in an earlier test")
	}
	return defaultFiles
}

var zoneOnce = sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation(gen.Zone) })

// parseWall parses a written wall time and checks that formatting the
// instant gives the same text back, which fails for a wall time that does
// not exist in the zone.
func parseWall(t *testing.T, field string) time.Time {
	t.Helper()
	loc, err := zoneOnce()
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation(gen.TimeLayout, field, loc)
	if err != nil {
		t.Fatalf("invalid timestamp %q: %v", field, err)
	}
	if back := at.Format(gen.TimeLayout); back != field {
		t.Fatalf("timestamp %q does not exist in %s: it parses to %s", field, gen.Zone, back)
	}
	return at
}

// readRecords parses a file with encoding/csv, checks its header and
// returns the data rows.
func readRecords(t *testing.T, data []byte, header string) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v", err)
	}
	if len(records) == 0 {
		t.Fatal("empty file")
	}
	if got := strings.Join(records[0], ","); got != header {
		t.Fatalf("header = %q, want %q", got, header)
	}
	return records[1:]
}

// checkSorted fails unless the times are in non-decreasing order.
func checkSorted(t *testing.T, file string, times []time.Time) {
	t.Helper()
	for i := 1; i < len(times); i++ {
		if times[i].Before(times[i-1]) {
			t.Fatalf("%s: row %d at %s is before the row above at %s", file, i+1,
				times[i].Format(gen.TimeLayout), times[i-1].Format(gen.TimeLayout))
		}
	}
}

func TestDeterministicOutput(t *testing.T) {
	first := defaultDatasets(t)
	second := generate(t, gen.DefaultConfig())
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two runs with the same config", name)
		}
	}
}

func TestSeedChangesEveryFile(t *testing.T) {
	first := defaultDatasets(t)
	c := gen.DefaultConfig()
	c.Seed = 2
	other := generate(t, c)
	for name, data := range first {
		if bytes.Equal(data, other[name]) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

func TestCallCountAffectsOnlyCalls(t *testing.T) {
	first := defaultDatasets(t)
	c := gen.DefaultConfig()
	c.Calls = 5000
	other := generate(t, c)
	for _, name := range []string{"cases", "surveys", "outages"} {
		if !bytes.Equal(first[name], other[name]) {
			t.Errorf("%s changed with the call count", name)
		}
	}
}

func TestHeaders(t *testing.T) {
	files := defaultDatasets(t)
	want := map[string]string{
		"calls":   "offered_at,outcome,wait,hold_music,relief",
		"cases":   "case_id,channel,priority,opened_at,acknowledged_at,responded_at,resolved_first_contact",
		"surveys": "responded_at,csat,nps",
		"outages": "service,started_at,ended_at,planned",
	}
	for name, header := range want {
		line, _, _ := bytes.Cut(files[name], []byte("\n"))
		if string(line) != header {
			t.Errorf("%s header = %q, want %q", name, line, header)
		}
	}
}

func TestCallRows(t *testing.T) {
	c := gen.DefaultConfig()
	rows := readRecords(t, defaultDatasets(t)["calls"], gen.CallsHeader)
	if len(rows) != c.Calls {
		t.Errorf("calls.csv has %d rows, want %d", len(rows), c.Calls)
	}

	var times []time.Time
	openHours, reliefCalls := 0, 0
	reliefDays := map[string]bool{}
	for i, row := range rows {
		if len(row) != 5 {
			t.Fatalf("row %d has %d fields, want 5: %q", i+1, len(row), row)
		}
		at := parseWall(t, row[0])
		times = append(times, at)
		if at.Year() != c.Year {
			t.Errorf("row %d: offered_at %s is outside %d", i+1, row[0], c.Year)
		}
		if row[1] != "answered" && row[1] != "abandoned" {
			t.Errorf("row %d: invalid outcome %q", i+1, row[1])
		}
		wait, hold := atoi(t, row[2]), atoi(t, row[3])
		if wait < 0 {
			t.Errorf("row %d: negative wait %d", i+1, wait)
		}
		if hold < 0 || hold > wait {
			t.Errorf("row %d: hold_music %d is outside 0 to wait %d", i+1, hold, wait)
		}
		switch row[4] {
		case "0":
		case "1":
			reliefCalls++
			reliefDays[row[0][:10]] = true
		default:
			t.Errorf("row %d: invalid relief %q", i+1, row[4])
		}
		if at.Weekday() != time.Sunday && at.Hour() >= 7 && at.Hour() < 21 {
			openHours++
		}
	}
	checkSorted(t, "calls.csv", times)

	if share := float64(openHours) / float64(len(rows)); share < 0.9 {
		t.Errorf("%.1f%% of calls fall in opening hours, want at least 90%%", 100*share)
	}
	if reliefCalls == 0 {
		t.Error("no call has relief = 1")
	}
	if len(reliefDays) > 6 {
		t.Errorf("relief calls fall on %d days, want a few", len(reliefDays))
	}
}

func TestCaseRows(t *testing.T) {
	rows := readRecords(t, defaultDatasets(t)["cases"], gen.CasesHeader)
	if len(rows) != 30_000 {
		t.Errorf("cases.csv has %d rows, want 30000", len(rows))
	}

	var times []time.Time
	channels := map[string]int{}
	urgent, noAck, noResponse := 0, 0, 0
	for i, row := range rows {
		if len(row) != 7 {
			t.Fatalf("row %d has %d fields, want 7: %q", i+1, len(row), row)
		}
		if want := "C" + strings.Repeat("0", 7-len(strconv.Itoa(i+1))) + strconv.Itoa(i+1); row[0] != want {
			t.Errorf("row %d: case_id %q, want %q", i+1, row[0], want)
		}
		switch row[1] {
		case "phone", "email", "web", "walk_in":
			channels[row[1]]++
		default:
			t.Errorf("row %d: invalid channel %q", i+1, row[1])
		}
		switch row[2] {
		case "urgent":
			urgent++
		case "normal":
		default:
			t.Errorf("row %d: invalid priority %q", i+1, row[2])
		}

		opened := parseWall(t, row[3])
		times = append(times, opened)
		ack := opened
		if row[4] == "" {
			noAck++
		} else {
			ack = parseWall(t, row[4])
			if ack.Before(opened) {
				t.Errorf("row %d: acknowledged_at %s is before opened_at %s", i+1, row[4], row[3])
			}
		}
		if row[5] == "" {
			noResponse++
		} else {
			responded := parseWall(t, row[5])
			if row[4] == "" {
				t.Errorf("row %d: responded_at %s without acknowledged_at", i+1, row[5])
			}
			if responded.Before(ack) {
				t.Errorf("row %d: responded_at %s is before acknowledged_at %s", i+1, row[5], row[4])
			}
		}
		if row[6] != "yes" && row[6] != "no" {
			t.Errorf("row %d: invalid resolved_first_contact %q", i+1, row[6])
		}
	}
	checkSorted(t, "cases.csv", times)

	wantChannels := map[string]int{"phone": 10_000, "email": 12_000, "web": 6_000, "walk_in": 2_000}
	if diff := cmp.Diff(wantChannels, channels); diff != "" {
		t.Errorf("cases per channel (-want +got):\n%s", diff)
	}
	if urgent < 1300 || urgent > 1700 {
		t.Errorf("%d urgent cases, want about 1500", urgent)
	}
	if noAck == 0 || noAck > 150 {
		t.Errorf("%d cases without acknowledged_at, want a few", noAck)
	}
	if noResponse < noAck || noResponse > 400 {
		t.Errorf("%d cases without responded_at, want a few more than the %d unacknowledged", noResponse, noAck)
	}
}

func TestSurveyRows(t *testing.T) {
	rows := readRecords(t, defaultDatasets(t)["surveys"], gen.SurveysHeader)
	if len(rows) != 9_000 {
		t.Errorf("surveys.csv has %d rows, want 9000", len(rows))
	}

	var times []time.Time
	blankNPS := 0
	for i, row := range rows {
		if len(row) != 3 {
			t.Fatalf("row %d has %d fields, want 3: %q", i+1, len(row), row)
		}
		times = append(times, parseWall(t, row[0]))
		if csat := atoi(t, row[1]); csat < 1 || csat > 5 {
			t.Errorf("row %d: csat %d is outside 1 to 5", i+1, csat)
		}
		if row[2] == "" {
			blankNPS++
		} else if nps := atoi(t, row[2]); nps < 0 || nps > 10 {
			t.Errorf("row %d: nps %d is outside 0 to 10", i+1, nps)
		}
	}
	checkSorted(t, "surveys.csv", times)

	if share := float64(blankNPS) / float64(len(rows)); share < 0.25 || share > 0.35 {
		t.Errorf("%.1f%% of responses leave nps blank, want about 30%%", 100*share)
	}
}

func TestOutageRows(t *testing.T) {
	rows := readRecords(t, defaultDatasets(t)["outages"], gen.OutagesHeader)
	if len(rows) < 20 || len(rows) > 40 {
		t.Errorf("outages.csv has %d rows, want 20 to 40", len(rows))
	}

	type interval struct{ start, end time.Time }
	var times []time.Time
	var unplannedWeb []interval
	planned, phone, open, acrossMonthEnd := 0, 0, 0, 0
	for i, row := range rows {
		if len(row) != 4 {
			t.Fatalf("row %d has %d fields, want 4: %q", i+1, len(row), row)
		}
		start := parseWall(t, row[1])
		times = append(times, start)
		if start.Second() != 0 {
			t.Errorf("row %d: started_at %s is not on a whole minute", i+1, row[1])
		}
		end := time.Time{}
		if row[2] == "" {
			open++
		} else {
			end = parseWall(t, row[2])
			if !end.After(start) {
				t.Errorf("row %d: ended_at %s is not after started_at %s", i+1, row[2], row[1])
			}
			if end.Month() != start.Month() {
				acrossMonthEnd++
			}
		}

		switch row[0] {
		case "web":
		case "phone":
			phone++
		default:
			t.Errorf("row %d: invalid service %q", i+1, row[0])
		}
		switch row[3] {
		case "yes":
			planned++
		case "no":
			if row[0] == "web" && row[2] != "" {
				unplannedWeb = append(unplannedWeb, interval{start, end})
			}
		default:
			t.Errorf("row %d: invalid planned %q", i+1, row[3])
		}
	}
	checkSorted(t, "outages.csv", times)

	overlaps := 0
	for i, a := range unplannedWeb {
		for _, b := range unplannedWeb[i+1:] {
			if a.start.Before(b.end) && b.start.Before(a.end) {
				overlaps++
			}
		}
	}
	if overlaps == 0 {
		t.Error("no two unplanned web outages overlap")
	}
	if planned == 0 {
		t.Error("no planned maintenance window")
	}
	if phone == 0 {
		t.Error("no phone outage")
	}
	if open != 1 {
		t.Errorf("%d outages without ended_at, want 1", open)
	}
	if acrossMonthEnd == 0 {
		t.Error("no outage spans the midnight at a month's end")
	}
}

// TestMonthlyFiguresMatchProfile computes each month's six measures from
// the default files with the reference in reference_test.go and checks
// that they land near the profile and in the same Springfield tier.
func TestMonthlyFiguresMatchProfile(t *testing.T) {
	c := gen.DefaultConfig()
	months := referenceFigures(t, defaultDatasets(t), c.Year)

	t.Logf("%-7s %8s %8s %10s %8s %8s %8s %6s %6s", "period", "csat", "fcr", "web_uptime",
		"calls45", "urgent4h", "email24h", "ASA", "NPS")
	for m, f := range months {
		p := c.Profile[m]
		calls, assessed := f.callsAnswered45()
		callsText := "-"
		if assessed {
			callsText = strconv.FormatFloat(calls, 'f', 2, 64)
		}
		t.Logf("%d-%02d %8.2f %8.2f %10.3f %8s %8.2f %8.2f %6.1f %6.1f", c.Year, m+1, f.csat(), f.fcr(),
			f.webUptime(), callsText, f.urgentAck4h(), f.email24h(), f.asa(), f.nps())

		checks := []measureCheck{
			{"csat", f.csat(), 100 * p.CSAT, 85, 75, 0.5},
			{"fcr", f.fcr(), 100 * p.FCR, 75, 65, 0.5},
			{"web_uptime", f.webUptime(), 100 * p.WebUptime, 99.9, 99.0, 0.01},
			// Cases opened shortly before the extract are pending, so
			// December's case measures may drift further.
			{"urgent_ack_4h", f.urgentAck4h(), 100 * p.UrgentAck4h, 95, 85, 2},
			{"email_24h", f.email24h(), 100 * p.Email24h, 95, 85, 1.5},
		}
		if p.CallLogLost {
			if assessed {
				t.Errorf("%d-%02d: calls_answered_45s assessed over %d calls, want fewer than %d", c.Year, m+1, f.calls, minCallsAssessed)
			}
		} else {
			if !assessed {
				t.Errorf("%d-%02d: calls_answered_45s not assessed, only %d calls", c.Year, m+1, f.calls)
			}
			checks = append(checks, measureCheck{"calls_answered_45s", calls, 100 * p.Answered45, 80, 70, 0.5})
		}

		for _, check := range checks {
			if math.Abs(check.got-check.want) > check.tolerance {
				t.Errorf("%d-%02d: %v, more than %.2f points off", c.Year, m+1, check, check.tolerance)
			}
			got, want := tier(check.got, check.target, check.severe), tier(check.want, check.target, check.severe)
			if got != want {
				t.Errorf("%d-%02d: %v is %s, profile is %s", c.Year, m+1, check, got, want)
			}
		}
	}
}

// TestProfileMatchesPeriods checks that SpringfieldProfile holds the
// figures of testdata/springfield/periods.csv, and that the month without
// a calls_answered_45s figure there is the month whose call log is lost.
func TestProfileMatchesPeriods(t *testing.T) {
	file, err := os.Open("../../testdata/springfield/periods.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	records, err := csv.NewReader(bufio.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The profile covers the six service-level measures, which come first;
	// the columns after them are measures the profile does not set.
	wantHeader := []string{"period", "csat", "fcr", "web_uptime", "calls_answered_45s", "urgent_ack_4h", "email_24h"}
	if len(records[0]) < len(wantHeader) {
		t.Fatalf("periods.csv header %v is shorter than %v", records[0], wantHeader)
	}
	if diff := cmp.Diff(wantHeader, records[0][:len(wantHeader)]); diff != "" {
		t.Fatalf("periods.csv header (-want +got):\n%s", diff)
	}
	if len(records) != 13 {
		t.Fatalf("periods.csv has %d periods, want 12", len(records)-1)
	}

	profile := gen.SpringfieldProfile()
	for m, row := range records[1:] {
		p := profile[m]
		values := []float64{p.CSAT, p.FCR, p.WebUptime, p.Answered45, p.UrgentAck4h, p.Email24h}
		for col, field := range row[1:len(wantHeader)] {
			name := wantHeader[col+1]
			if field == "" {
				if name != "calls_answered_45s" || !p.CallLogLost {
					t.Errorf("%s %s is missing in periods.csv but not in the profile", row[0], name)
				}
				continue
			}
			want := parseFraction(t, field)
			if math.Abs(values[col]-want) > 1e-9 {
				t.Errorf("%s %s: profile %v, periods.csv %v", row[0], name, values[col], want)
			}
		}
		if p.CallLogLost && row[4] != "" {
			t.Errorf("%s: call log lost in the profile, but periods.csv has calls_answered_45s %s", row[0], row[4])
		}
	}
}

// parseFraction parses "85.0%" or a bare fraction such as "0.9995".
func parseFraction(t *testing.T, field string) float64 {
	t.Helper()
	number, isPercent := strings.CutSuffix(field, "%")
	v, err := strconv.ParseFloat(number, 64)
	if err != nil {
		t.Fatalf("invalid value %q: %v", field, err)
	}
	if isPercent {
		return v / 100
	}
	return v
}

func TestCallCountExact(t *testing.T) {
	for _, calls := range []int{0, 1, 79, 80, 81, 1000, 12_345} {
		c := gen.DefaultConfig()
		c.Calls = calls
		var buf bytes.Buffer
		rows, err := gen.WriteCalls(&buf, c)
		if err != nil {
			t.Fatalf("calls %d: %v", calls, err)
		}
		if rows != calls {
			t.Errorf("WriteCalls with %d calls wrote %d rows", calls, rows)
		}
		for i, row := range readRecords(t, buf.Bytes(), gen.CallsHeader) {
			if hold, wait := atoi(t, row[3]), atoi(t, row[2]); hold > wait {
				t.Errorf("calls %d, row %d: hold_music %d exceeds wait %d", calls, i+1, hold, wait)
			}
		}
	}
}

func TestOtherYears(t *testing.T) {
	for _, year := range []int{2024, 2027, 2030} {
		c := gen.DefaultConfig()
		c.Year = year
		c.Calls = 20_000
		files := generate(t, c)
		months := referenceFigures(t, files, year)
		for m, f := range months {
			if got, want := f.webUptime(), 100*c.Profile[m].WebUptime; math.Abs(got-want) > 0.01 {
				t.Errorf("%d-%02d: web_uptime %.3f%%, profile %.3f%%", year, m+1, got, want)
			}
		}
		checkSorted(t, "calls.csv", wallTimes(t, files["calls"], gen.CallsHeader))
	}
}

func wallTimes(t *testing.T, data []byte, header string) []time.Time {
	t.Helper()
	var times []time.Time
	for _, row := range readRecords(t, data, header) {
		times = append(times, parseWall(t, row[0]))
	}
	return times
}

func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		name   string
		change func(*gen.Config)
		want   string
	}{
		{"year too early", func(c *gen.Config) { c.Year = 1969 }, "invalid year 1969"},
		{"year too late", func(c *gen.Config) { c.Year = 10000 }, "invalid year 10000"},
		{"negative calls", func(c *gen.Config) { c.Calls = -1 }, "invalid call count -1"},
		{"target above 1", func(c *gen.Config) { c.Profile[2].CSAT = 85 }, "month 3: csat target 85 is outside 0 to 1"},
		{"target NaN", func(c *gen.Config) { c.Profile[0].FCR = math.NaN() }, "fcr target NaN"},
		{"overrun alone", func(c *gen.Config) { c.Profile[0].MaintenanceOverrun = true }, "without PlannedMaintenance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := gen.DefaultConfig()
			tt.change(&c)
			for _, d := range gen.Datasets() {
				_, err := d.Write(&bytes.Buffer{}, c)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: error %v, want one containing %q", d.Name, err, tt.want)
				}
			}
		})
	}
}
