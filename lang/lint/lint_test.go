package lint_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/lint"
	"github.com/pacta-dev/pacta/lang/syntax"
)

var section = regexp.MustCompile("(?s)\n## (PL\\d{3})\n.*?```pacta\n(.*?)```")

// TestDocExamples checks that each example of docs/lint.md yields the code
// of its section, and that every code has an example.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range section.FindAllStringSubmatch(string(doc), -1) {
		code, src := m[1], m[2]
		seen[code] = true
		t.Run(code, func(t *testing.T) {
			codes := lintCodes(t, code+".pacta", src)
			if !codes[code] {
				t.Errorf("the example yields %v, not %s", keys(codes), code)
			}
		})
	}
	for _, r := range lint.Rules {
		if !seen[r.Code] {
			t.Errorf("docs/lint.md has no example for %s", r.Code)
		}
	}
}

// TestCleanContract checks that a contract without these problems yields
// no finding.
func TestCleanContract(t *testing.T) {
	src := `contract "Clean"
  currency USD
  term 2026-01 to 2026-12 monthly
  deduction rates 0.5% to 2.0%

payment fee = USD 1,000.00 per month

measure csat: reported percent
measure fcr: reported percent

service level csat
  ref "Schedule 1"
  target csat >= 85%
  tier minor  when csat < 85%
  tier severe when csat < 75%
  deduct 0.5% of fee when minor
  deduct 2% of fee when severe in 2 consecutive periods

service level fcr
  ref "Schedule 1"
  target fcr >= 75%
  deduct 2% of fee when failed

cap total deductions at 3% of fee
  ref "Schedule 1, para 4"

notice warning
  ref "Schedule 1, para 6"
  when service level csat fails in 3 consecutive periods
`
	if codes := lintCodes(t, "clean.pacta", src); len(codes) > 0 {
		t.Errorf("findings on a clean contract: %v", keys(codes))
	}
}

func lintCodes(t *testing.T, name, src string) map[string]bool {
	t.Helper()
	f, errs := syntax.Parse(name, []byte(src))
	if errs != nil {
		t.Fatalf("%s does not parse: %v", name, errs.Err())
	}
	c, errs := check.Check(f)
	if errs != nil {
		t.Fatalf("%s does not check: %v", name, errs.Err())
	}
	codes := map[string]bool{}
	for _, finding := range lint.Contract(c) {
		codes[finding.Code] = true
	}
	return codes
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return strings.Join(out, ", ")
}

// TestWindowThatCanFill checks that "3 of the last 8 periods" in a term of
// 4 periods, which can fill, is not reported, and that a negative
// difference of percents is not taken for unreachable.
func TestWindowThatCanFill(t *testing.T) {
	src := `contract "W"
  currency USD
  term 2026-Q1 to 2026-Q4 quarterly

payment fee = USD 1,000.00 per quarter

measure pro: reported percent
measure det: reported percent
measure nps: percent = pro - det

service level nps
  ref "Schedule 1"
  target nps >= 0%
  tier low      when nps < 0%
  tier negative when nps < -20%
  deduct 1% of fee when low
  deduct 2% of fee when negative in 3 of the last 8 periods
`
	if codes := lintCodes(t, "w.pacta", src); codes["PL009"] || codes["PL001"] {
		t.Errorf("findings: %v", keys(codes))
	}
}

// TestComputedAndCappedLevels checks that a computed count may be
// negative (no PL001), and that a service level cap above its largest
// line does not hide a total cap that never binds (PL002).
func TestComputedAndCappedLevels(t *testing.T) {
	src := `contract "A"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 1,000.00 per month

measure offered: reported count
measure handled: reported count
measure backlog: count = handled - offered

service level backlog
  ref "S1"
  target backlog >= 0
  tier minor  when backlog < 0
  tier severe when backlog < -10
  deduct 1% of fee when minor
  deduct 2% of fee when severe
  cap at 50% of fee

cap total deductions at 10% of fee
  ref "S1, para 4"
`
	codes := lintCodes(t, "a.pacta", src)
	if codes["PL001"] {
		t.Error("PL001 on a computed count")
	}
	if !codes["PL002"] {
		t.Errorf("no PL002 for a total cap above the 2%% the rules can deduct: %v", keys(codes))
	}
}
