package measure_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/types"
)

// The contracts and records of these tests are in testdata/measure. Each
// file has about a dozen records, so that every expected figure below is
// worked out by hand in the comment next to it. All contracts are in
// America/Los_Angeles and their term is 2026-01 to 2026-12.
const testdata = "../../testdata/measure"

// load parses and checks a contract in testdata/measure.
func load(t *testing.T, name string) *engine.Program {
	t.Helper()
	path := filepath.Join(testdata, name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load(path, src)
	if errs != nil {
		t.Fatalf("load %s: %v", path, errs)
	}
	return prog
}

// compile builds the plan of the measures over records of prog's contract.
func compile(t *testing.T, prog *engine.Program) *measure.Plan {
	t.Helper()
	plan, err := measure.Compile(prog.Contract(), nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return plan
}

// runFiles runs plan over record files in testdata/measure, given as
// source name and file name pairs.
func runFiles(t *testing.T, plan *measure.Plan, opts measure.Options, sourceFiles ...string) *measure.Result {
	t.Helper()
	var inputs []measure.Input
	for k := 0; k+1 < len(sourceFiles); k += 2 {
		path := filepath.Join(testdata, sourceFiles[k+1])
		inputs = append(inputs, measure.Input{
			Source: sourceFiles[k],
			File:   path,
			Open:   func() (io.ReadCloser, error) { return os.Open(path) },
		})
	}
	res, errs := plan.Run(inputs, opts)
	if errs != nil {
		t.Fatalf("run: %v", errs)
	}
	return res
}

// measureOnce loads a contract and measures one record file with the
// default options.
func measureOnce(t *testing.T, contract, source, file string) *measure.Result {
	t.Helper()
	return runFiles(t, compile(t, load(t, contract)), measure.Options{}, source, file)
}

// valueOf returns a measure's value in a period, such as "2026-01".
func valueOf(t *testing.T, res *measure.Result, name, period string) measure.Value {
	t.Helper()
	k := periodIndex(t, res, period)
	for _, m := range res.Measures {
		if m.Measure.Name == name {
			return m.Values[k]
		}
	}
	t.Fatalf("the result has no measure %s", name)
	return measure.Value{}
}

func periodIndex(t *testing.T, res *measure.Result, period string) int {
	t.Helper()
	for k, p := range res.Periods {
		if p.String() == period {
			return k
		}
	}
	t.Fatalf("the result has no period %s; its periods are %v", period, res.Periods)
	return -1
}

// ratio returns a/b exactly.
func ratio(a, b int64) num.Num {
	q, ok := num.FromInt(a).Quo(num.FromInt(b))
	if !ok {
		panic("ratio: division by zero")
	}
	return q
}

// checkValue checks that v is defined and equal to want exactly.
func checkValue(t *testing.T, what string, v measure.Value, want num.Num) {
	t.Helper()
	if !v.OK {
		t.Errorf("%s is undefined (%s), want %s", what, v.Why, want)
		return
	}
	if v.Value.Cmp(want) != 0 {
		t.Errorf("%s = %s, want %s", what, v.Value, want)
	}
}

func checkBasis(t *testing.T, what string, got, want data.Basis) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s basis differs (-want +got):\n%s", what, diff)
	}
}

// evaluate evaluates prog over the measured values, as pacta eval
// --source does.
func evaluate(t *testing.T, prog *engine.Program, res *measure.Result) *engine.Result {
	t.Helper()
	out, errs := prog.Evaluate(res.Table("records", prog.Schema().Columns), engine.Options{})
	if errs != nil {
		t.Fatalf("evaluate: %v", errs)
	}
	return out
}

func levelOf(t *testing.T, r *engine.Result, name, period string) engine.LevelResult {
	t.Helper()
	for _, p := range r.Periods {
		if p.Period != period {
			continue
		}
		for _, l := range p.ServiceLevels {
			if l.Name == name {
				return l
			}
		}
	}
	t.Fatalf("the evaluation has no service level %s in %s", name, period)
	return engine.LevelResult{}
}

func measureValueOf(t *testing.T, r *engine.Result, name, period string) engine.MeasureValue {
	t.Helper()
	for _, p := range r.Periods {
		if p.Period != period {
			continue
		}
		for _, m := range p.Measures {
			if m.Name == name {
				return m
			}
		}
	}
	t.Fatalf("the evaluation has no measure %s in %s", name, period)
	return engine.MeasureValue{}
}

func parseInstant(t *testing.T, plan *measure.Plan, text string) *calendar.Instant {
	t.Helper()
	at, err := plan.Zone().ParseTimestamp([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return &at
}

func TestCallsShare(t *testing.T) {
	res := measureOnce(t, "calls.pacta", "calls", "calls.csv")
	v := valueOf(t, res, "calls_answered_45s", "2026-01")

	// calls.csv, line by line (wait - hold_music, among?, within 45 s?):
	//   2 answered 50-5 = 45: among, 45 <= 45 counts
	//   3 answered 51-5 = 46: among, 46 > 45 does not count
	//   4 abandoned after 30 s: not among, because 30 is not > 30
	//   5 abandoned after 31 s: among, not answered
	//   6 answered 21: among, counts
	//   7 answered 30: among, counts
	//   8 answered, relief: among, excluded (relief event)
	//   9 abandoned after 40 s, relief: among, excluded (relief event)
	//  10 abandoned after 5 s, relief: not among, so not counted as excluded
	//  11 answered 45-0 = 45: among, counts
	//  12 abandoned after 12 s: not among
	//  13 answered 90-60 = 30: among, counts
	// Denominator: lines 2, 3, 5, 6, 7, 11, 13 = 7 calls.
	// Numerator: lines 2, 6, 7, 11, 13 = 5 calls. Share 5/7.
	checkValue(t, "calls_answered_45s", v, ratio(5, 7))
	checkBasis(t, "calls_answered_45s", v.Basis, data.Basis{
		Records: 7, Numerator: 5, Share: true,
		Excluded: []data.Excluded{{Reason: "relief event", Count: 2}},
		Detail:   "5 of 7 calls",
	})
	// 7 calls are fewer than the minimum sample of 100.
	if !v.BelowMinimum {
		t.Errorf("calls_answered_45s rests on 7 calls, but BelowMinimum is false")
	}
}

func TestCallsMean(t *testing.T) {
	res := measureOnce(t, "calls.pacta", "calls", "calls.csv")
	v := valueOf(t, res, "asa", "2026-01")

	// Answered calls without relief, wait - hold_music: 45, 46, 21, 30, 45
	// and 30 seconds, on lines 2, 3, 6, 7, 11 and 13. The sum is 217 s over
	// 6 calls, so the mean is 217/6 s = 36.1666... s. The answered relief
	// call on line 8 is the only exclusion: the abandoned relief call on
	// line 9 is not among the answered calls that the mean reads.
	checkValue(t, "asa", v, ratio(217, 6))
	if got := v.Value.String(); got != "217/6" {
		t.Errorf("asa = %s, want the fraction 217/6", got)
	}
	checkBasis(t, "asa", v.Basis, data.Basis{
		Records:  6,
		Excluded: []data.Excluded{{Reason: "relief event", Count: 1}},
		Detail:   "6 calls",
	})
	if v.BelowMinimum {
		t.Errorf("asa has no minimum sample, but BelowMinimum is true")
	}
}

func TestCallsMinimumSample(t *testing.T) {
	prog := load(t, "calls.pacta")
	plan := compile(t, prog)

	// calls_N.csv has N answered calls on 2026-01-05: the first 80 waited
	// 20 s and the rest 60 s. One more answered call is a relief call,
	// which is excluded and so does not count towards the sample.
	cases := []struct {
		file   string
		calls  int64
		below  bool
		status engine.Status
	}{
		// 80/99 = 80.80...%, on 99 calls: below the minimum of 100.
		{"calls_99.csv", 99, true, engine.NotAssessed},
		// 80/100 = 80%, which meets the target of 80% or more.
		{"calls_100.csv", 100, false, engine.Met},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			res := runFiles(t, plan, measure.Options{}, "calls", tc.file)
			v := valueOf(t, res, "calls_answered_45s", "2026-01")
			checkValue(t, "calls_answered_45s", v, ratio(80, tc.calls))
			checkBasis(t, "calls_answered_45s", v.Basis, data.Basis{
				Records: tc.calls, Numerator: 80, Share: true,
				Excluded: []data.Excluded{{Reason: "relief event", Count: 1}},
				Detail:   "80 of " + num.FromInt(tc.calls).String() + " calls",
			})
			if v.BelowMinimum != tc.below {
				t.Errorf("BelowMinimum = %v, want %v", v.BelowMinimum, tc.below)
			}

			level := levelOf(t, evaluate(t, prog, res), "calls_answered_45s", "2026-01")
			if level.Status != tc.status {
				t.Errorf("status = %s, want %s; explanation: %s", level.Status, tc.status, level.Explanation)
			}
			mentionsSample := strings.Contains(level.Explanation, "fewer than its minimum sample of 100")
			if mentionsSample != tc.below {
				t.Errorf("explanation names the minimum sample: %v, want %v; explanation: %s", mentionsSample, tc.below, level.Explanation)
			}
		})
	}
}

func TestUptimeOutages(t *testing.T) {
	res := measureOnce(t, "outages.pacta", "outages", "outages.csv")
	if got := len(res.Periods); got != 2 {
		t.Fatalf("%d periods, want 2 (2026-01 and 2026-02)", got)
	}

	// January has 31 days without a clock change: 44,640 min.
	//   10:00-11:00 and 10:30-12:00 on 2026-01-10 overlap: their union
	//   is 10:00-12:00, 120 min, not 60 + 90 = 150.
	//   The planned outage of 2026-01-12 is excluded and counted.
	//   The phone outage is not a web outage: neither down nor excluded.
	//   2026-01-31T23:00 to 2026-02-01T01:00: 60 min before midnight.
	// Down 120 + 60 = 180 min: (44,640 - 180)/44,640 = 44,460/44,640,
	// which is 247/248 after dividing by 180.
	jan := valueOf(t, res, "web_uptime", "2026-01")
	checkValue(t, "web_uptime in 2026-01", jan, ratio(247, 248))
	checkBasis(t, "web_uptime in 2026-01", jan.Basis, data.Basis{
		Records:  3,
		Excluded: []data.Excluded{{Reason: "planned maintenance", Count: 1}},
		Detail:   "180 min down of 44,640 min in the month (3 outages)",
	})

	// February has 28 days: 40,320 min.
	//   The outage from January: 60 min after midnight.
	//   2026-02-10 03:00-03:30: 30 min.
	//   2026-02-28T22:00 with no end lasts until the time of the data,
	//   which defaults to the end of the last measured period,
	//   2026-03-01T00:00: 120 min.
	// Down 60 + 30 + 120 = 210 min: (40,320 - 210)/40,320 =
	// 40,110/40,320, which is 191/192 after dividing by 210. Two outages
	// start in February; the open phone outage is not a web outage.
	feb := valueOf(t, res, "web_uptime", "2026-02")
	checkValue(t, "web_uptime in 2026-02", feb, ratio(191, 192))
	checkBasis(t, "web_uptime in 2026-02", feb.Basis, data.Basis{
		Records: 2,
		Detail:  "210 min down of 40,320 min in the month (2 outages)",
	})
}

func TestUptimeOpenEndAsOf(t *testing.T) {
	plan := compile(t, load(t, "outages.pacta"))
	asOf := parseInstant(t, plan, "2026-02-28T23:00:00")
	res := runFiles(t, plan, measure.Options{AsOf: asOf}, "outages", "outages.csv")

	// The open outage now lasts 22:00-23:00, 60 min, so February is down
	// 60 + 30 + 60 = 150 min: (40,320 - 150)/40,320 = 40,170/40,320,
	// which is 1,339/1,344 after dividing by 30.
	feb := valueOf(t, res, "web_uptime", "2026-02")
	checkValue(t, "web_uptime in 2026-02", feb, ratio(1339, 1344))
	if res.AsOf != "2026-02-28T23:00:00-08:00" {
		t.Errorf("AsOf = %s, want 2026-02-28T23:00:00-08:00", res.AsOf)
	}
}

func TestUptimeDaylightSaving(t *testing.T) {
	res := measureOnce(t, "outages.pacta", "outages", "outages_dst.csv")
	if got := len(res.Periods); got != 9 {
		t.Fatalf("%d periods, want 9 (2026-03 to 2026-11)", got)
	}

	// Clocks spring forward on 2026-03-08 at 02:00, so March has
	// 31 x 24 - 1 = 743 hours = 44,580 min.
	//   2026-03-08 01:30 PST to 03:30 PDT is 60 min, because the hour
	//   from 02:00 to 03:00 does not exist.
	//   2026-03-10 12:00-13:00: 60 min.
	//   The planned outage of 2026-03-21 is excluded and counted.
	// Down 120 min: (44,580 - 120)/44,580 = 44,460/44,580 = 741/743.
	mar := valueOf(t, res, "web_uptime", "2026-03")
	checkValue(t, "web_uptime in 2026-03", mar, ratio(741, 743))
	checkBasis(t, "web_uptime in 2026-03", mar.Basis, data.Basis{
		Records:  2,
		Excluded: []data.Excluded{{Reason: "planned maintenance", Count: 1}},
		Detail:   "120 min down of 44,580 min in the month (2 outages)",
	})

	// April has 30 days and no clock change, 43,200 min, and no outage.
	apr := valueOf(t, res, "web_uptime", "2026-04")
	checkValue(t, "web_uptime in 2026-04", apr, num.FromInt(1))
	if want := "0 min down of 43,200 min in the month (0 outages)"; apr.Basis.Detail != want {
		t.Errorf("web_uptime in 2026-04: detail %q, want %q", apr.Basis.Detail, want)
	}

	// Clocks fall back on 2026-11-01 at 02:00, so November has
	// 30 x 24 + 1 = 721 hours = 43,260 min.
	//   2026-11-01 00:30 PDT to 02:30 PST is 180 min, because the hour
	//   from 01:00 to 02:00 occurs twice.
	//   2026-11-10 12:00-13:00: 60 min.
	// Down 240 min: (43,260 - 240)/43,260 = 43,020/43,260 = 717/721.
	nov := valueOf(t, res, "web_uptime", "2026-11")
	checkValue(t, "web_uptime in 2026-11", nov, ratio(717, 721))
	checkBasis(t, "web_uptime in 2026-11", nov.Basis, data.Basis{
		Records: 2,
		Detail:  "240 min down of 43,260 min in the month (2 outages)",
	})
}

func TestBusinessHoursDeadline(t *testing.T) {
	res := measureOnce(t, "cases.pacta", "cases", "cases.csv")
	v := valueOf(t, res, "ack_4bh", "2026-01")

	// Business hours are Monday to Friday 08:00-18:00, and Monday
	// 2026-01-19 is a holiday. The time of the data defaults to the end of
	// January, 2026-02-01T00:00.
	//   C01 Fri 01-16 16:00 to Tue 01-20 09:59: 2h + 1h59 = 3h59, met
	//   C02 to Tue 10:00: 2h + 2h = 4h, met (the limit is inclusive)
	//   C03 to Tue 10:01: 4h01, missed
	//   C04 Sat 01-24 10:00 to Mon 01-26 11:59: the clock starts Monday
	//       at 08:00, 3h59, met
	//   C05 to Mon 12:01: 4h01, missed
	//   C06 Tue 01-20 07:00 to 11:30: the clock starts at 08:00, 3h30, met
	//   C07 Thu 01-29 09:00, not acknowledged: the deadline, 13:00 that
	//       day, passed before the time of the data, missed
	//   C08 Fri 01-30 15:00, not acknowledged: 3h on Friday leaves 1h, so
	//       the deadline is Mon 02-02 09:00, after the time of the data,
	//       pending
	//   C09 Fri 01-30 17:30 to Mon 02-02 11:29: 30 min + 3h29 = 3h59, met
	//   C10 Mon 01-19 (holiday) 09:00 to Tue 01-20 11:59: 3h59, met
	//   C11 to Tue 12:01: 4h01, missed
	//   C12 Fri 01-09 17:00, not acknowledged: deadline Mon 01-12 11:00,
	//       missed
	//   C13 Sat 01-31 20:00 and C14 21:00, not acknowledged: deadline
	//       Mon 02-02 12:00, pending
	//   C15 Wed 01-14 12:00 to 16:00: 4h, met
	//   C16 to 16:01: 4h01, missed
	// Met: C01, C02, C04, C06, C09, C10, C15 = 7. Missed: C03, C05, C07,
	// C11, C12, C16 = 6. Pending, outside the denominator: 3. Share 7/13.
	checkValue(t, "ack_4bh", v, ratio(7, 13))
	checkBasis(t, "ack_4bh", v.Basis, data.Basis{
		Records: 13, Numerator: 7, Share: true, Pending: 3,
		Detail: "7 of 13 cases",
	})
}

func TestClockHoursDeadline(t *testing.T) {
	res := measureOnce(t, "cases.pacta", "cases", "cases.csv")
	v := valueOf(t, res, "ack_4h", "2026-01")

	// In clock hours only C15 (12:00 to 16:00, exactly 4h) is met. Every
	// other acknowledgement comes more than 4h after opening. Of the cases
	// not acknowledged, C07, C08 and C12 have long passed their deadline.
	// C13, opened at 20:00 on 01-31, has its deadline at 2026-02-01T00:00,
	// which is the time of the data: missed. C14, opened at 21:00, has it
	// at 01:00, after the time of the data: pending.
	// Met 1, missed 14, pending 1. Share 1/15.
	checkValue(t, "ack_4h", v, ratio(1, 15))
	checkBasis(t, "ack_4h", v.Basis, data.Basis{
		Records: 15, Numerator: 1, Share: true, Pending: 1,
		Detail: "1 of 15 cases",
	})
}

func TestDeadlineAsOf(t *testing.T) {
	plan := compile(t, load(t, "cases.pacta"))
	asOf := parseInstant(t, plan, "2026-02-02T09:00:00")
	res := runFiles(t, plan, measure.Options{AsOf: asOf}, "cases", "cases.csv")

	// At Mon 2026-02-02 09:00, C08's business deadline, 09:00, has passed
	// (a deadline at the time of the data counts as passed): missed. C13
	// and C14 stay pending until 12:00. Met 7, missed 7. Share 7/14 = 1/2.
	bh := valueOf(t, res, "ack_4bh", "2026-01")
	checkValue(t, "ack_4bh", bh, ratio(1, 2))
	checkBasis(t, "ack_4bh", bh.Basis, data.Basis{
		Records: 14, Numerator: 7, Share: true, Pending: 2,
		Detail: "7 of 14 cases",
	})

	// In clock hours C14's deadline, 2026-02-01T01:00, has passed too:
	// met 1, missed 15. Share 1/16.
	clock := valueOf(t, res, "ack_4h", "2026-01")
	checkValue(t, "ack_4h", clock, ratio(1, 16))
	checkBasis(t, "ack_4h", clock.Basis, data.Basis{
		Records: 16, Numerator: 1, Share: true,
		Detail: "1 of 16 cases",
	})
}

func TestSurveysCSATAndNPS(t *testing.T) {
	prog := load(t, "surveys.pacta")
	res := runFiles(t, compile(t, prog), measure.Options{}, "surveys", "surveys.csv")

	// csat scores 5 4 4 5 3 5 4 2 5 4 4 5: all but the 3 and the 2 are 4
	// or more, so 10 of 12 = 5/6.
	csat := valueOf(t, res, "csat", "2026-01")
	checkValue(t, "csat", csat, ratio(5, 6))
	checkBasis(t, "csat", csat.Basis, data.Basis{Records: 12, Numerator: 10, Share: true, Detail: "10 of 12 surveys"})

	// nps scores 10 9 - 7 3 9 - 6 10 8 - 0, where - is an empty cell: 9
	// answers. Promoters (9 or 10): 10, 9, 9, 10 = 4 of 9. Detractors (0
	// to 6): 3, 6, 0 = 3 of 9 = 1/3. The passives are 7 and 8.
	promoters := valueOf(t, res, "promoters", "2026-01")
	checkValue(t, "promoters", promoters, ratio(4, 9))
	checkBasis(t, "promoters", promoters.Basis, data.Basis{Records: 9, Numerator: 4, Share: true, Detail: "4 of 9 surveys"})
	detractors := valueOf(t, res, "detractors", "2026-01")
	checkValue(t, "detractors", detractors, ratio(1, 3))
	checkBasis(t, "detractors", detractors.Basis, data.Basis{Records: 9, Numerator: 3, Share: true, Detail: "3 of 9 surveys"})

	// nps = promoters - detractors = 4/9 - 3/9 = 1/9, which is 100/9
	// percentage points, 11.11...
	nps := measureValueOf(t, evaluate(t, prog, res), "nps", "2026-01")
	if nps.Fraction != "100/9" {
		t.Errorf("nps fraction = %q, want 100/9 (percentage points); value %v", nps.Fraction, nps.Value.Value)
	}
	if nps.Text != "11.1111…%" {
		t.Errorf("nps text = %q, want 11.1111…%%", nps.Text)
	}
}

func TestPercentileNearestRank(t *testing.T) {
	res := measureOnce(t, "repairs.pacta", "repairs", "repairs.csv")

	// Repair times in minutes, sorted: 5 7 9 12 15 18 22 30 40 45 60 90
	// (90 is written as 1.5h). The thirteenth repair has no time and is
	// left out as "no value".
	basis := data.Basis{
		Records:  12,
		Excluded: []data.Excluded{{Reason: "no value", Count: 1}},
		Detail:   "12 repairs",
	}

	// p90: rank ceil(90 x 12 / 100) = ceil(10.8) = 11, the 11th value,
	// 60 min = 3,600 s.
	p90 := valueOf(t, res, "repair_p90", "2026-01")
	checkValue(t, "repair_p90", p90, num.FromInt(3600))
	checkBasis(t, "repair_p90", p90.Basis, basis)

	// median: rank ceil(50 x 12 / 100) = 6, the 6th value, 18 min =
	// 1,080 s. Nearest rank takes a value of the data, so it is not the
	// mean of the 6th and 7th values (20 min).
	median := valueOf(t, res, "repair_median", "2026-01")
	checkValue(t, "repair_median", median, num.FromInt(1080))
	checkBasis(t, "repair_median", median.Basis, basis)
}

func TestRecordsOutsideTerm(t *testing.T) {
	res := measureOnce(t, "calls.pacta", "calls", "calls_term.csv")

	// calls_term.csv, in local time:
	//   2025-12-31T23:59:59: before the term
	//   2026-01-01T07:30:00Z = 2025-12-31T23:30 local: before the term
	//   2026-01-01T00:00:00, 2026-01-31T23:59:59 and 2026-02-01T07:59:59Z
	//   (= 2026-01-31T23:59:59 local): January
	//   2026-03-10T12:00:00: March
	//   2027-01-01T00:00:00 and 2027-01-01T08:00:00Z (= 2027-01-01T00:00
	//   local): after the term
	want := data.SourceReport{
		Source: "calls", File: filepath.Join(testdata, "calls_term.csv"),
		Rows: 8, BeforeTerm: 2, AfterTerm: 2,
	}
	if len(res.Sources) != 1 {
		t.Fatalf("%d source reports, want 1", len(res.Sources))
	}
	if diff := cmp.Diff(want, *res.Sources[0]); diff != "" {
		t.Errorf("source report differs (-want +got):\n%s", diff)
	}

	// The three January calls were answered after 10, 60 and 20 s: 2 of 3
	// within 45 s, and a mean of 90/3 = 30 s.
	checkValue(t, "calls_answered_45s in 2026-01", valueOf(t, res, "calls_answered_45s", "2026-01"), ratio(2, 3))
	checkValue(t, "asa in 2026-01", valueOf(t, res, "asa", "2026-01"), num.FromInt(30))
}

func TestEmptyDenominator(t *testing.T) {
	prog := load(t, "calls.pacta")
	res := runFiles(t, compile(t, prog), measure.Options{}, "calls", "calls_term.csv")
	if got := len(res.Periods); got != 3 {
		t.Fatalf("%d periods, want 3 (2026-01 to 2026-03)", got)
	}

	// February has no call at all. March has one call, abandoned after
	// 10 s, which is not among the calls that the share counts and is not
	// answered. Neither month has a value.
	for _, period := range []string{"2026-02", "2026-03"} {
		share := valueOf(t, res, "calls_answered_45s", period)
		if share.OK {
			t.Errorf("calls_answered_45s in %s = %s, want no value", period, share.Value)
		}
		if want := "no calls in the denominator"; share.Why != want {
			t.Errorf("calls_answered_45s in %s: Why = %q, want %q", period, share.Why, want)
		}
		if share.Basis.Records != 0 {
			t.Errorf("calls_answered_45s in %s rests on %d records, want 0", period, share.Basis.Records)
		}

		mean := valueOf(t, res, "asa", period)
		if mean.OK {
			t.Errorf("asa in %s = %s, want no value", period, mean.Value)
		}
		if want := "no calls to aggregate"; mean.Why != want {
			t.Errorf("asa in %s: Why = %q, want %q", period, mean.Why, want)
		}
	}

	// The engine reports the reason of a missing value.
	asa := measureValueOf(t, evaluate(t, prog, res), "asa", "2026-02")
	if want := "no calls to aggregate"; asa.Missing != want {
		t.Errorf("evaluated asa in 2026-02: missing %q, want %q", asa.Missing, want)
	}
}

func TestMeasuredRange(t *testing.T) {
	plan := compile(t, load(t, "calls.pacta"))
	jan, err := types.ParsePeriod("2026-01", types.Monthly)
	if err != nil {
		t.Fatal(err)
	}
	feb := jan.Add(1)
	res := runFiles(t, plan, measure.Options{From: &jan, To: &feb}, "calls", "calls_term.csv")

	if got := len(res.Periods); got != 2 {
		t.Fatalf("%d periods, want 2 (2026-01 and 2026-02)", got)
	}
	// The March call is inside the term but outside the measured periods.
	if got := res.Sources[0].OutsideRange; got != 1 {
		t.Errorf("OutsideRange = %d, want 1 (the call of 2026-03-10)", got)
	}
	// The time of the data is the end of February.
	if res.AsOf != "2026-03-01T00:00:00-08:00" {
		t.Errorf("AsOf = %s, want 2026-03-01T00:00:00-08:00", res.AsOf)
	}
}
