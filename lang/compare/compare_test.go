package compare_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/compare"
	"github.com/pacta-dev/pacta/lang/syntax"
)

const base = `contract "C"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 1,000.00 per month

measure csat: reported percent

service level csat
  target csat >= 85%
  tier minor  when csat < 85%
  tier severe when csat < 75%
  deduct 1% of fee when minor
  deduct 2% of fee when severe

cap total deductions at 10% of fee

notice warning
  when service level csat fails in 2 consecutive periods
`

func load(t *testing.T, src string) *check.Contract {
	t.Helper()
	f, errs := syntax.Parse("c.pacta", []byte(src))
	if errs != nil {
		t.Fatal(errs.Err())
	}
	c, errs := check.Check(f)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	return c
}

func TestNoChangeForLayout(t *testing.T) {
	relaid := strings.ReplaceAll(base, "  tier minor  when", "  tier minor when") + "# a comment\n"
	if got := compare.Contracts(load(t, base), load(t, relaid)); len(got) != 0 {
		t.Errorf("layout and comments gave changes: %v", got)
	}
}

func TestRuleChanges(t *testing.T) {
	changed := strings.NewReplacer(
		"cap total deductions at 10% of fee", "cap total deductions at 8% of fee",
		"deduct 2% of fee when severe", "deduct 3% of fee when severe",
		"  tier severe when csat < 75%\n", "  tier severe when csat < 70%\n",
		"fails in 2 consecutive periods", "fails in 3 consecutive periods",
	).Replace(base)
	changed = strings.Replace(changed, "payment fee = USD 1,000.00 per month", "payment fee = USD 1,000.00 per month\npayment bonus = USD 50.00 per month", 1)
	var got []string
	for _, c := range compare.Contracts(load(t, base), load(t, changed)) {
		got = append(got, c.String())
	}
	want := []string{
		"payment bonus: added: USD 50.00 per month",
		"service level csat tier severe: when csat < 75% → when csat < 70%",
		"service level csat deduction when severe: 2% of fee (USD 20.00) → 3% of fee (USD 30.00)",
		"cap on total deductions: 10% of fee (USD 100.00), excess is lost → 8% of fee (USD 80.00), excess is lost",
		"notice warning: when service level csat fails in 2 consecutive periods → when service level csat fails in 3 consecutive periods",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func TestCalendarAndSampleChanges(t *testing.T) {
	withCalendar := strings.Replace(base, "  term 2026-01 to 2026-12 monthly\n", "  term 2026-01 to 2026-12 monthly\n  time zone Europe/London\n  holidays 2026-12-25\n", 1)
	var got []string
	for _, c := range compare.Contracts(load(t, base), load(t, withCalendar)) {
		got = append(got, c.String())
	}
	want := []string{"time zone: UTC → Europe/London", "holidays: added: 2026-12-25"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func TestPublicChanges(t *testing.T) {
	public := strings.Replace(base, "service level csat\n", "service level csat\n  public \"Residents satisfied\"\n", 1)
	if public == base {
		t.Fatal("the base contract has no service level csat to mark")
	}
	var got []string
	for _, c := range compare.Contracts(load(t, base), load(t, public)) {
		got = append(got, c.String())
	}
	want := []string{`service level csat public: added: public "Residents satisfied"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}
