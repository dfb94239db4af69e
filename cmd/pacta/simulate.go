package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/kernel"
	"github.com/pacta-dev/pacta/engine/simulate"
	"github.com/pacta-dev/pacta/engine/simulate/report"
	"github.com/pacta-dev/pacta/engine/simulate/scenario"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/schollz/progressbar/v3"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
)

// maxRuns bounds --runs, because every run's outcome is kept in memory
// for the percentiles (about 1 KB a run for a 25-year term).
const maxRuns = 1_000_000

type simulateFlags struct {
	scenario     string
	runs         int
	seed         uint64
	workers      int
	format       string
	out          string
	from, to     string
	discountRate string
	compare      string
	sensitivity  bool
}

func newSimulateCmd(stdout, stderr io.Writer) *cobra.Command {
	var f simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate CONTRACT --scenario FILE",
		Short: "Simulate the payment exposure of a contract over many random terms",
		Long: `simulate draws monthly values for the contract's measures from a scenario
file, runs the contract's own rules over each simulated term, and reports the
distribution of the deductions: per term and contract year, the chance of each
notice, how often each cap binds, each service level's share, a sensitivity
table and, with --compare, the difference a second contract version makes over
the same draws. docs/simulate.md describes the scenario file.

The same seed gives the same results whatever the number of workers.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("simulate takes one contract file, not %d arguments: pacta simulate CONTRACT --scenario FILE", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runSimulate(args[0], f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.scenario, "scenario", "", "scenario file (YAML) that says how each measure's monthly value is drawn (required)")
	fl.IntVar(&f.runs, "runs", 10000, "number of simulated terms")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed; the same seed gives the same results")
	fl.IntVar(&f.workers, "workers", 0, "number of parallel workers (default: the number of CPUs)")
	fl.StringVar(&f.format, "format", "text", "output format: text, json or csv")
	fl.StringVar(&f.out, "out", "", "directory for the plots (SVG and PNG), created if missing")
	fl.StringVar(&f.from, "from", "", "first simulated period, e.g. 2027-01 (default: the start of the term)")
	fl.StringVar(&f.to, "to", "", "last simulated period (default: the end of the term)")
	fl.StringVar(&f.discountRate, "discount-rate", "", "annual discount rate for the present value of deductions, e.g. 8% or 0.08")
	fl.StringVar(&f.compare, "compare", "", "second contract version to run over the same draws, e.g. a negotiated change")
	fl.BoolVar(&f.sensitivity, "sensitivity", true, "run each measure again at +1 and -1 standard deviation for the sensitivity table")
	return cmd
}

func runSimulate(contract string, f simulateFlags, stdout, stderr io.Writer) error {
	write, err := simulateWriter(f.format)
	if err != nil {
		return err
	}
	if f.scenario == "" {
		return usageError("missing --scenario FILE: give the scenario that says how measures are drawn, e.g. --scenario contracts/springfield.scenario")
	}
	if f.runs < 1 || f.runs > maxRuns {
		return usageError("--runs %d is out of range; give a number from 1 to %d", f.runs, maxRuns)
	}
	if f.workers < 0 {
		return usageError("--workers %d is negative; give 0 for one worker per CPU, or a positive number", f.workers)
	}
	rate, err := parseRate(f.discountRate)
	if err != nil {
		return err
	}

	prog, _, err := loadContract(contract, stderr)
	if err != nil {
		return err
	}
	cfg := simulate.Config{Program: prog, Runs: f.runs, Seed: f.seed, Workers: f.workers, DiscountRate: rate, Sensitivity: f.sensitivity}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if err := simulatedPeriods(prog, f, &cfg); err != nil {
		return err
	}
	if f.compare != "" {
		if cfg.Compare, _, err = loadContract(f.compare, stderr); err != nil {
			return err
		}
	}
	scen, scenSrc, err := loadScenario(prog, f.scenario, stderr)
	if err != nil {
		return err
	}
	cfg.Sampler = scen.Sampler()
	for _, p := range []*engine.Program{cfg.Program, cfg.Compare} {
		if p == nil {
			continue
		}
		if why := simulate.NotCompiled(p); why != "" {
			fmt.Fprintf(stderr, "pacta: %s runs on the engine instead of the compiled evaluator, which is several hundred times slower, because %s\n", p.Contract().File.Name, why)
		}
	}

	bar := newRunProgress(simulate.Evaluations(cfg), stderr)
	if bar != nil {
		cfg.Progress = bar.set
	}
	if f.out != "" {
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			return usageError("--out %s: cannot create the directory for the plots: %v", f.out, err)
		}
	}
	res, err := simulate.Run(cfg)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return &exitError{code: exitUsageOrData, err: err}
	}
	sum := sha256.Sum256(scenSrc)
	res.Meta.Scenario, res.Meta.ScenarioSHA256 = f.scenario, hex.EncodeToString(sum[:])
	res.Meta.ScenarioTitle = scen.Title

	if err := report.Validate(res); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("the simulation gave inconsistent results, which is a bug in pacta: %v", err)}
	}
	s := report.Summarize(res)
	if f.out != "" {
		if err := report.WritePlots(f.out, s, res); err != nil {
			return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the plots to %s: %v", f.out, err)}
		}
	}
	if err := write(stdout, s); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the output: %v", err)}
	}
	return nil
}

func simulateWriter(format string) (func(io.Writer, *report.Summary) error, error) {
	switch format {
	case "text":
		return report.WriteText, nil
	case "json":
		return report.WriteJSON, nil
	case "csv":
		return report.WriteCSV, nil
	}
	return nil, usageError("--format %q is not a format simulate writes; use text, json or csv", format)
}

// parseRate reads --discount-rate as a percent ("8%") or a fraction
// ("0.08").
func parseRate(text string) (*decimal.Decimal, error) {
	if text == "" {
		return nil, nil
	}
	var d decimal.Decimal
	var ok bool
	if strings.HasSuffix(text, "%") {
		d, ok = types.ParsePercent(text)
	} else {
		d, ok = types.ParseDecimal(text)
	}
	if !ok || d.IsNegative() || d.GreaterThanOrEqual(decimal.NewFromInt(1)) {
		return nil, usageError("--discount-rate %q is not a rate from 0 up to but not including 100%%; write it as 8%% or 0.08", text)
	}
	return &d, nil
}

// simulatedPeriods sets the first period and the number of periods from
// --from and --to, within the contract term.
func simulatedPeriods(prog *engine.Program, f simulateFlags, cfg *simulate.Config) error {
	opts, err := periodRange(prog, evalFlags{from: f.from, to: f.to})
	if err != nil {
		return err
	}
	term := prog.Contract().Term
	first, last := term.Start, term.End
	if opts.From != nil {
		first = *opts.From
	}
	if opts.To != nil {
		last = *opts.To
	}
	for _, p := range []types.Period{first, last} {
		if !term.Contains(p) {
			return usageError("%s is outside the contract term %s to %s; give --from and --to within it", p, term.Start, term.End)
		}
	}
	if last.Index < first.Index {
		return usageError("--to %s is before --from %s", last, first)
	}
	cfg.Start = &first
	cfg.Periods = last.Sub(first) + 1
	return nil
}

// loadScenario reads and checks the scenario against the contract's
// measures. Bootstrap history files it names are read with the contract's
// period-data schema.
func loadScenario(prog *engine.Program, name string, stderr io.Writer) (*scenario.Scenario, []byte, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, usageError("cannot read scenario: %v", err)
	}
	c := prog.Contract()
	var measures []scenario.MeasureInfo
	for _, m := range c.Measures {
		measures = append(measures, scenario.MeasureInfo{
			Name: m.Name, Title: m.Title, Unit: m.Unit, Computed: !m.Reported,
			Currency: c.Currency, Step: math.Pow10(-int(kernel.ScaleOf(m.Unit, c.Currency))),
		})
	}
	var required []string
	for _, m := range simulate.Reads(c) {
		required = append(required, m.Name)
	}

	files := map[string][]byte{name: src}
	history := func(path string) (map[string][]float64, *diag.List) {
		hsrc, err := os.ReadFile(path)
		if err != nil {
			var l diag.List
			l.Add(&diag.Diagnostic{Severity: diag.Error, File: name, Message: fmt.Sprintf("cannot read the bootstrap history %s: %v", path, err)})
			return nil, &l
		}
		files[path] = hsrc
		schema := historySchema(prog, path, hsrc)
		table, errs := data.Read(path, hsrc, schema)
		if errs != nil {
			return nil, errs
		}
		return historyColumns(schema, table), nil
	}
	s, errs := scenario.Parse(name, src, measures, required, c.Term, history)
	if errs != nil {
		diag.Render(stderr, errs, files)
		return nil, nil, &exitError{code: exitUsageOrData, err: fmt.Errorf("bad scenario"), reported: true}
	}
	return s, src, nil
}

// historySchema is the schema a bootstrap history is read with. History
// may come from before the contract term, or from a predecessor contract,
// so any period is accepted. A CSV file need only have the columns of the
// measures it reports; other files must have every column.
func historySchema(prog *engine.Program, path string, src []byte) data.Schema {
	schema := prog.Schema()
	schema.IgnoreUnknown = true
	gran := schema.Term.Start.Gran
	schema.Term = types.Term{Start: types.NewPeriod(gran, 1, 1), End: types.NewPeriod(gran, 9999, gran.PerYear())}
	if strings.ToLower(filepath.Ext(path)) != ".csv" {
		return schema
	}
	header, err := csv.NewReader(bytes.NewReader(src)).Read()
	if err != nil {
		return schema
	}
	present := map[string]bool{}
	for _, name := range header {
		present[strings.TrimSpace(name)] = true
	}
	var columns []data.Column
	for _, c := range schema.Columns {
		if present[c.Name] {
			columns = append(columns, c)
		}
	}
	schema.Columns = columns
	return schema
}

// historyColumns returns each column's values in a period table, in the
// canonical unit, NaN where a value is missing.
func historyColumns(schema data.Schema, t *data.Table) map[string][]float64 {
	out := map[string][]float64{}
	for col, c := range schema.Columns {
		values := make([]float64, len(t.Rows))
		for i, row := range t.Rows {
			values[i] = math.NaN()
			if cell := row.Cells[col]; !cell.Missing {
				values[i], _ = cell.Value.Float64()
			}
		}
		out[c.Name] = values
	}
	return out
}

// runProgress draws a bar over the simulated terms on stderr, when stderr
// is a terminal and the run takes longer than progressDelay.
type runProgress struct {
	bar *progressbar.ProgressBar
	out *delayedWriter
}

func newRunProgress(total int, stderr io.Writer) *runProgress {
	file, ok := stderr.(*os.File)
	if !ok || !isatty.IsTerminal(file.Fd()) {
		return nil
	}
	out := &delayedWriter{w: stderr, start: time.Now()}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription("simulating terms"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
	)
	return &runProgress{bar: bar, out: out}
}

// set is called from every worker; the bar serializes its own updates.
func (p *runProgress) set(done int) { _ = p.bar.Set(done) }

func (p *runProgress) finish() {
	if p.out.shown() {
		_ = p.bar.Finish()
	}
}
