package engine_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
)

// springfieldMonth is one month of the shipped Springfield data as computed
// by hand from contracts/springfield.pacta: each failed service level and
// its tier, the total deduction, the net payment and the declared notices.
type springfieldMonth struct {
	failures string
	total    string
	net      string
	notices  string
}

// TestSpringfieldByHand checks the shipped Springfield ledger against
// figures computed by hand. Minor is 0.5% of USD 125,000.00 (625.00),
// severe 1.0% (1,250.00), a second consecutive severe month 2.0%
// (2,500.00), and the month's total is capped at 10% (12,500.00).
func TestSpringfieldByHand(t *testing.T) {
	want := map[string]springfieldMonth{
		// csat is exactly 85.0% and web_uptime exactly 99.9%: both met.
		"2026-01": {"", "0.00", "125000.00", ""},
		"2026-02": {"csat:minor", "625.00", "124375.00", ""},
		"2026-03": {"csat:minor fcr:severe", "1875.00", "123125.00", "warning:csat"},
		// fcr's second consecutive severe month: the 2.0% ratchet.
		"2026-04": {"fcr:severe web_uptime:severe", "3750.00", "121250.00", "warning:fcr"},
		// calls_answered_45s is missing: a severe failure and a
		// missing_data notice. Three consecutive months with a severe
		// failure start the termination right.
		"2026-05": {"fcr:minor web_uptime:severe calls_answered_45s:severe", "4375.00", "120625.00",
			"missing_data:calls_answered_45s warning:fcr warning:web_uptime termination"},
		// 1,250 + 1,250 + 2,500 + 2,500 + 1,250 + 1,250.
		"2026-06": {"csat:severe fcr:severe web_uptime:severe calls_answered_45s:severe urgent_ack_4h:severe email_24h:severe",
			"10000.00", "115000.00", "warning:fcr warning:web_uptime warning:calls_answered_45s termination"},
		// Six ratchets are 15,000.00; the cap binds at 12,500.00.
		"2026-07": {"csat:severe fcr:severe web_uptime:severe calls_answered_45s:severe urgent_ack_4h:severe email_24h:severe",
			"12500.00", "112500.00",
			"warning:csat warning:fcr warning:web_uptime warning:calls_answered_45s warning:urgent_ack_4h warning:email_24h termination"},
		// No severe failure: the termination streak resets.
		"2026-08": {"email_24h:minor", "625.00", "124375.00", "warning:email_24h"},
		"2026-09": {"csat:severe", "1250.00", "123750.00", ""},
		// Exactly 75.00% is not below 75%: minor, not severe.
		"2026-10": {"csat:minor", "625.00", "124375.00", "warning:csat"},
		"2026-11": {"urgent_ack_4h:severe", "1250.00", "123750.00", ""},
		"2026-12": {"urgent_ack_4h:severe", "2500.00", "122500.00", "warning:urgent_ack_4h"},
	}

	res := evaluateSpringfield(t)
	got := map[string]springfieldMonth{}
	for _, p := range res.Periods {
		got[p.Period] = summarizeMonth(p)
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(springfieldMonth{})); diff != "" {
		t.Errorf("Springfield ledger differs from the hand computation (-want +got):\n%s", diff)
	}

	if s := res.Totals.TotalDeduction.String(); s != "39375.00" {
		t.Errorf("total deductions = %s, want 39375.00", s)
	}
	if s := res.Totals.NetPayment.String(); s != "1460625.00" {
		t.Errorf("net payment = %s, want 1460625.00", s)
	}
}

func evaluateSpringfield(t *testing.T) *engine.Result {
	t.Helper()
	src, err := os.ReadFile("../contracts/springfield.pacta")
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load("springfield.pacta", src)
	if errs != nil {
		t.Fatal(errs)
	}
	csv, err := os.ReadFile("../testdata/springfield/periods.csv")
	if err != nil {
		t.Fatal(err)
	}
	table, errs := data.Read("periods.csv", csv, prog.Schema())
	if errs != nil {
		t.Fatal(errs)
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	return res
}

func summarizeMonth(p engine.PeriodResult) springfieldMonth {
	var failures, notices []string
	for _, l := range p.ServiceLevels {
		if l.Status != engine.Met {
			failures = append(failures, l.Name+":"+l.Tier)
		}
	}
	for _, n := range p.Notices {
		if n.Kind == "breach" {
			continue
		}
		if n.ServiceLevel != "" {
			notices = append(notices, n.Kind+":"+n.ServiceLevel)
		} else {
			notices = append(notices, n.Kind)
		}
	}
	return springfieldMonth{
		failures: strings.Join(failures, " "),
		total:    p.TotalDeduction.String(),
		net:      p.NetPayment.String(),
		notices:  strings.Join(notices, " "),
	}
}
