package engine_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/engine/*.txtar")

// TestScenarios evaluates each testdata/engine/*.txtar archive: a contract
// (contract.pacta), its data (data.csv) and the expected ledger (want) in
// the compact form that dump writes, or the expected errors (errors). The
// want sections were computed by hand; -update rewrites them, after which
// each change must be checked by hand again.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("../testdata/engine/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios found: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runScenario(t, file)
		})
	}
}

func runScenario(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string][]byte{}
	for _, f := range ar.Files {
		sections[f.Name] = f.Data
	}

	got := evaluate(sections["contract.pacta"], sections["data.csv"])
	wantName := "want"
	if _, ok := sections["errors"]; ok {
		wantName = "errors"
	}
	if *update {
		for i := range ar.Files {
			if ar.Files[i].Name == wantName {
				ar.Files[i].Data = []byte(got)
			}
		}
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(string(sections[wantName]), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", wantName, diff)
	}
}

// evaluate runs a scenario and returns the dump of its result, or its
// errors one per line.
func evaluate(contract, csv []byte) string {
	prog, errs := engine.Load("contract.pacta", contract)
	if errs != nil {
		return errs.Error() + "\n"
	}
	table, errs := data.Read("data.csv", csv, prog.Schema())
	if errs != nil {
		return errs.Error() + "\n"
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		return errs.Error() + "\n"
	}
	return dump(res)
}

// dump writes the facts a scenario checks, one per line: each service
// level's value, status, tier, deduction and rule, the cap, the totals and
// each notice with the periods it counted.
func dump(r *engine.Result) string {
	var b strings.Builder
	for _, p := range r.Periods {
		fmt.Fprintf(&b, "%s\n", p.Period)
		for _, l := range p.ServiceLevels {
			status := string(l.Status)
			if l.Tier != "" {
				status += " " + l.Tier
			}
			fmt.Fprintf(&b, "  %s %s %s %s", l.Name, l.Value.Text, status, l.Deduction)
			if l.Deduction.Value.LessThan(l.DeductionBeforeCap.Value) {
				fmt.Fprintf(&b, " (capped from %s)", l.DeductionBeforeCap)
			}
			if l.Rule != "" {
				fmt.Fprintf(&b, " [%s]", l.Rule)
			}
			b.WriteString("\n")
		}
		if c := p.Cap; c != nil {
			fmt.Fprintf(&b, "  cap %s -> %s, excess %s, carried %s\n", c.Before, c.After, c.Excess, c.CarriedForward)
		}
		fmt.Fprintf(&b, "  total %s net %s\n", p.TotalDeduction, p.NetPayment)
		for _, n := range p.Notices {
			fmt.Fprintf(&b, "  notice %s", n.Kind)
			if n.ServiceLevel != "" {
				fmt.Fprintf(&b, " %s", n.ServiceLevel)
			}
			if len(n.Periods) > 0 {
				fmt.Fprintf(&b, " [%s]", strings.Join(n.Periods, " "))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "totals payments %s deductions %s net %s\n", r.Totals.Payments, r.Totals.TotalDeduction, r.Totals.NetPayment)
	return b.String()
}
