package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/compare"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/spf13/cobra"
)

func newDiffCmd(stdout, stderr io.Writer) *cobra.Command {
	var data, format string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW [--data FILE]",
		Short: "List the rule changes between two versions of a contract, and with data the results they change",
		Long: `diff compares two versions of a contract and lists each rule that changed,
in contract terms: a payment, a target, a tier, a deduct line, a cap, a
missing-value rule or a notice that was added, removed or changed, with the
amount in money where the rule takes one. Layout and comments are no change.

With --data it evaluates both versions over the period data and lists,
side by side, each period and service level whose status, tier or deduction
changes, each period's total deductions that change, and the totals.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError("diff takes two contract files, OLD and NEW, and got %d: pacta diff OLD NEW", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runDiff(args[0], args[1], data, format, stdout, stderr)
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "period data to evaluate both versions over, .csv or .json")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// resultChange is one figure that differs between the two evaluations.
type resultChange struct {
	Period string `json:"period"`
	Item   string `json:"item"`
	Old    string `json:"old"`
	New    string `json:"new"`
}

func runDiff(oldName, newName, data, format string, stdout, stderr io.Writer) error {
	if format != "text" && format != "json" {
		return usageError("invalid --format %q; use text or json", format)
	}
	oldProg, _, err := loadContract(oldName, stderr)
	if err != nil {
		return err
	}
	newProg, _, err := loadContract(newName, stderr)
	if err != nil {
		return err
	}
	rules := compare.Contracts(oldProg.Contract(), newProg.Contract())
	if format == "text" {
		writeRuleChanges(stdout, oldName, newName, rules)
	}

	var results []resultChange
	var totals [2]string
	if data != "" {
		oldRes, err := evaluateData(oldProg, oldName, data, stderr)
		if err != nil {
			return err
		}
		newRes, err := evaluateData(newProg, newName, data, stderr)
		if err != nil {
			return err
		}
		results = compareResults(oldRes, newRes)
		totals = [2]string{formatMoney(oldRes, oldRes.Totals.TotalDeduction), formatMoney(newRes, newRes.Totals.TotalDeduction)}
	}

	if format == "json" {
		out := map[string]any{"rules": nonNil(rules)}
		if data != "" {
			out["results"] = results
			out["total_deduction"] = map[string]string{"old": totals[0], "new": totals[1]}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if data == "" {
		return nil
	}
	fmt.Fprintf(stdout, "\nResults over %s:\n", data)
	if len(results) == 0 {
		fmt.Fprintln(stdout, "  no figure changes")
	}
	for _, r := range results {
		fmt.Fprintf(stdout, "  %-8s %-20s %32s → %s\n", r.Period, r.Item, r.Old, r.New)
	}
	fmt.Fprintf(stdout, "  %-8s %-20s %32s → %s\n", "all", "total deductions", totals[0], totals[1])
	return nil
}

func writeRuleChanges(w io.Writer, oldName, newName string, rules []compare.Change) {
	if len(rules) == 0 {
		fmt.Fprintln(w, "No rule changes.")
		return
	}
	fmt.Fprintf(w, "Rule changes from %s to %s:\n", oldName, newName)
	for _, c := range rules {
		fmt.Fprintf(w, "  %s\n", c)
	}
}

func nonNil(c []compare.Change) []compare.Change {
	if c == nil {
		return []compare.Change{}
	}
	return c
}

// evaluateData evaluates one version over the data. Columns that the
// version does not declare are skipped, because the other version may
// need them.
func evaluateData(prog *engine.Program, contract, data string, stderr io.Writer) (*engine.Result, error) {
	schema := prog.Schema()
	schema.IgnoreUnknown = true
	table, dataSrc, err := readData(prog, data, schema, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "pacta: the data does not fit %s\n", contract)
		return nil, err
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{data: dataSrc})
		return nil, &exitError{code: evalExitCode(errs, contract), err: fmt.Errorf("evaluation failed"), reported: true}
	}
	return res, nil
}

// compareResults lists, per period, each service level whose status, tier
// or deduction differs, and each total deduction that differs.
func compareResults(old, new *engine.Result) []resultChange {
	var out []resultChange
	newPeriods := map[string]engine.PeriodResult{}
	for _, p := range new.Periods {
		newPeriods[p.Period] = p
	}
	for _, op := range old.Periods {
		np, ok := newPeriods[op.Period]
		if !ok {
			continue
		}
		newLevels := map[string]engine.LevelResult{}
		for _, l := range np.ServiceLevels {
			newLevels[l.Name] = l
		}
		for _, ol := range op.ServiceLevels {
			nl, ok := newLevels[ol.Name]
			if !ok {
				continue
			}
			if a, b := outcomeText(old, ol), outcomeText(new, nl); a != b {
				out = append(out, resultChange{Period: op.Period, Item: ol.Name, Old: a, New: b})
			}
		}
		if a, b := formatMoney(old, op.TotalDeduction), formatMoney(new, np.TotalDeduction); a != b {
			out = append(out, resultChange{Period: op.Period, Item: "total deductions", Old: a, New: b})
		}
	}
	return out
}

func outcomeText(res *engine.Result, l engine.LevelResult) string {
	s := strings.ReplaceAll(string(l.Status), "_", " ")
	if l.Tier != "" {
		s += " (" + l.Tier + ")"
	}
	return s + ", " + formatMoney(res, l.Deduction)
}

// formatMoney writes an amount of a result as the contract writes amounts.
func formatMoney(res *engine.Result, m engine.Money) string {
	if cur, ok := types.LookupCurrency(res.Contract.Currency); ok {
		return cur.Format(m.Value)
	}
	return m.String()
}
