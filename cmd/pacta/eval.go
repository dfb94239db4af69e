package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure"
	"github.com/pacta-dev/pacta/engine/render"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/spf13/cobra"
)

type evalFlags struct {
	sourceFlags
	data    string
	format  string
	explain bool
	from    string
	to      string
}

func newEvalCmd(stdout, stderr io.Writer) *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval CONTRACT (--data FILE | --source NAME=FILE...)",
		Short: "Evaluate a contract over period data and print the ledger and notices",
		Long: `eval runs the contract over every period of the data file, in order, and
prints for each period every service level's value, status and deduction, the
cap, the total deduction and the net payment, then the notices.

The data file is CSV or JSON (by extension), with one row per period and one
column per reported measure; see docs/language.md. With --source, the
measures that the contract defines over records are computed from the record
files instead, and --data, if given, supplies the other measures.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("eval takes one contract file, not %d arguments: pacta eval CONTRACT --data FILE", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runEval(args[0], f, stdout, stderr)
		},
	}
	cmd.Flags().StringVar(&f.data, "data", "", "period data file, .csv or .json (required unless --source gives every measure)")
	f.register(cmd)
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or csv")
	cmd.Flags().BoolVar(&f.explain, "explain", false, "text format: print each line's explanation under it (json and csv always include explanations)")
	cmd.Flags().StringVar(&f.from, "from", "", "first period to report, e.g. 2026-04 (earlier periods are still evaluated for streaks and history)")
	cmd.Flags().StringVar(&f.to, "to", "", "last period to report, e.g. 2026-09")
	return cmd
}

func runEval(contract string, f evalFlags, stdout, stderr io.Writer) error {
	write, err := writer(f.format, f.explain)
	if err != nil {
		return err
	}
	ev, err := evaluate(contract, f, stderr)
	if err != nil {
		return err
	}
	if err := write(stdout, ev.res); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the output: %v", err)}
	}
	if ev.measured != nil {
		reportSources(stderr, ev.measured.Sources)
	}
	return nil
}

// evaluation is a contract evaluated over its data, with what the
// commands that print it need to cite the inputs.
type evaluation struct {
	prog     *engine.Program
	res      *engine.Result
	dataSrc  []byte
	measured *measure.Result
}

// evaluate loads the contract, reads the --data file or computes the
// measures from the --source files, and evaluates the selected periods.
func evaluate(contract string, f evalFlags, stderr io.Writer) (*evaluation, error) {
	if f.data == "" && len(f.sources) == 0 {
		return nil, usageError("missing --data FILE: give the period data to evaluate, e.g. --data testdata/springfield/periods.csv, or the records with --source NAME=FILE")
	}

	prog, src, err := loadContract(contract, stderr)
	if err != nil {
		return nil, err
	}
	opts, err := periodRange(prog, f)
	if err != nil {
		return nil, err
	}
	table, dataSrc, measured, err := evalTable(prog, contract, f, stderr)
	if err != nil {
		return nil, err
	}

	res, errs := prog.Evaluate(table, opts)
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{f.data: dataSrc, contract: src})
		return nil, &exitError{code: evalExitCode(errs, contract), err: fmt.Errorf("evaluation failed"), reported: true}
	}
	if len(res.Periods) == 0 {
		first, last := table.Rows[0].Period, table.Rows[len(table.Rows)-1].Period
		return nil, usageError("%s covers %s to %s, and %s selects none of it; choose periods in that range", f.data, first, last, rangeFlags(f))
	}
	if f.data != "" {
		sum := sha256.Sum256(dataSrc)
		res.Data = &engine.DataInfo{File: f.data, SHA256: hex.EncodeToString(sum[:])}
	}
	if measured != nil {
		res.Sources, res.AsOf = measured.Sources, measured.AsOf
		noteSkipped(prog, res)
	}
	return &evaluation{prog: prog, res: res, dataSrc: dataSrc, measured: measured}, nil
}

// evalTable returns the period table to evaluate: the --data file, the
// measures computed from the --source files, or both merged by period.
func evalTable(prog *engine.Program, contract string, f evalFlags, stderr io.Writer) (*data.Table, []byte, *measure.Result, error) {
	if len(f.sources) == 0 {
		table, src, err := readData(prog, f.data, prog.Schema(), stderr)
		return table, src, nil, err
	}

	inputs, given, err := sourceInputs(prog, f.sources)
	if err != nil {
		return nil, nil, nil, err
	}
	full := prog.Schema()
	var table *data.Table
	var src []byte
	var from, to *types.Period
	if f.data != "" {
		table, src, err = readData(prog, f.data, prog.SchemaWithout(given), stderr)
		if err != nil {
			return nil, nil, nil, err
		}
		first, last := table.Rows[0].Period, table.Rows[len(table.Rows)-1].Period
		from, to = &first, &last
	} else if missing := uncovered(prog, full, given); len(missing) > 0 {
		return nil, nil, nil, usageError("no value for %s: give --data FILE with %s, or --source for the source they are computed from",
			strings.Join(missing, ", "), pluralColumns(len(missing)))
	}

	res, err := measureRecords(prog, contract, f.sourceFlags, inputs, from, to, stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	// Diagnostics about measured values name the record files, because
	// no data file gave them.
	label := f.data
	if label == "" {
		var files []string
		for _, in := range inputs {
			files = append(files, in.File)
		}
		label = strings.Join(files, ", ")
	}
	measuredTable := res.Table(label, full.Columns)
	if table == nil {
		return measuredTable, nil, res, nil
	}
	return mergeTables(table, prog.SchemaWithout(given), measuredTable, full), src, res, nil
}

func pluralColumns(n int) string {
	if n == 1 {
		return "its column"
	}
	return "their columns"
}

// uncovered lists the reported measures that neither the given sources
// compute nor any data supplies.
func uncovered(prog *engine.Program, s data.Schema, given map[string]bool) []string {
	var out []string
	for _, m := range prog.Contract().Measures {
		if m.Reported && (m.Records == nil || !given[m.Records.Source.Name]) {
			out = append(out, m.Name)
		}
	}
	return out
}

// mergeTables puts the data file's cells and the measured cells into one
// table over the data file's periods, with the columns of the full schema.
func mergeTables(dataTable *data.Table, dataSchema data.Schema, measured *data.Table, full data.Schema) *data.Table {
	dataCol := map[string]int{}
	for j, c := range dataSchema.Columns {
		dataCol[c.Name] = j
	}
	out := &data.Table{File: dataTable.File}
	for k, row := range dataTable.Rows {
		merged := data.Row{Period: row.Period, Pos: row.Pos, Cells: make([]data.Cell, len(full.Columns))}
		for j, c := range full.Columns {
			if d, ok := dataCol[c.Name]; ok {
				merged.Cells[j] = row.Cells[d]
			} else {
				merged.Cells[j] = measured.Rows[k].Cells[j]
			}
		}
		out.Rows = append(out.Rows, merged)
	}
	return out
}

// evalExitCode returns 1 when an evaluation error points into the
// contract (tiers whose computed thresholds fall out of order), because the
// contract needs the fix. It returns 2 when the errors are all in the data.
func evalExitCode(errs *diag.List, contract string) int {
	for _, d := range errs.Items() {
		if d.File == contract {
			return exitContractError
		}
	}
	return exitUsageOrData
}

// rangeFlags writes the --from and --to flags that were given.
func rangeFlags(f evalFlags) string {
	var parts []string
	if f.from != "" {
		parts = append(parts, "--from "+f.from)
	}
	if f.to != "" {
		parts = append(parts, "--to "+f.to)
	}
	return strings.Join(parts, " ")
}

func writer(format string, explain bool) (func(io.Writer, *engine.Result) error, error) {
	switch format {
	case "text":
		return func(w io.Writer, r *engine.Result) error { return render.Text(w, r, explain) }, nil
	case "json":
		return render.JSON, nil
	case "csv":
		return render.CSV, nil
	}
	return nil, usageError("invalid --format %q; use text, json or csv", format)
}

func periodRange(prog *engine.Program, f evalFlags) (engine.Options, error) {
	var opts engine.Options
	gran := prog.Contract().Term.Start.Gran
	for _, p := range []struct {
		flag string
		text string
		dst  **types.Period
	}{{"--from", f.from, &opts.From}, {"--to", f.to, &opts.To}} {
		if p.text == "" {
			continue
		}
		period, err := types.ParsePeriod(p.text, gran)
		if err != nil {
			return opts, usageError("%s: %v", p.flag, err)
		}
		*p.dst = &period
	}
	if opts.From != nil && opts.To != nil && opts.To.Index < opts.From.Index {
		return opts, usageError("--to %s is before --from %s", opts.To, opts.From)
	}
	return opts, nil
}

func readData(prog *engine.Program, name string, schema data.Schema, stderr io.Writer) (*data.Table, []byte, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, usageError("cannot read data: %v", err)
	}
	table, errs := data.Read(name, src, schema)
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{name: src})
		return nil, nil, &exitError{code: exitUsageOrData, err: fmt.Errorf("bad data"), reported: true}
	}
	return table, src, nil
}

// noteSkipped adds to the explanation of each service level that reads a
// measure over records how many malformed rows of that source
// --skip-bad-records left out, so that no explanation passes off figures
// from part of a file as the whole.
func noteSkipped(prog *engine.Program, res *engine.Result) {
	skipped := map[string]*data.SourceReport{}
	for _, s := range res.Sources {
		if s.Skipped > 0 {
			skipped[s.Source] = s
		}
	}
	if len(skipped) == 0 {
		return
	}
	sourceOf := map[string]string{}
	for _, m := range prog.Contract().Measures {
		if m.Records != nil {
			sourceOf[m.Name] = m.Records.Source.Name
		}
	}
	for p := range res.Periods {
		for l := range res.Periods[p].ServiceLevels {
			lr := &res.Periods[p].ServiceLevels[l]
			noted := map[string]bool{}
			for _, b := range lr.Basis {
				s := skipped[sourceOf[b.Measure]]
				if s == nil || noted[s.Source] {
					continue
				}
				noted[s.Source] = true
				note := fmt.Sprintf(" %s of %s were skipped as malformed and are not in these figures.", plural(s.Skipped, "row"), s.File)
				if s.Skipped == 1 {
					note = fmt.Sprintf(" 1 row of %s was skipped as malformed and is not in these figures.", s.File)
				}
				lr.Explanation += note
			}
		}
	}
}
