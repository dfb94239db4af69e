package main

import (
	"fmt"
	"io"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/render"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/spf13/cobra"
)

type measureFlags struct {
	sourceFlags
	format string
	from   string
	to     string
}

func newMeasureCmd(stdout, stderr io.Writer) *cobra.Command {
	var f measureFlags
	cmd := &cobra.Command{
		Use:   "measure CONTRACT --source NAME=FILE...",
		Short: "Compute the measures over records and write the period table",
		Long: `measure reads the record files of the contract's sources, each once, and
computes every measure that the contract defines over records, period by
period. It writes the period table that pacta eval --data reads: a value per
measure and period, the number of records each value rests on
(NAME.records) and, for a share, its numerator (NAME.numerator).

The JSON format adds, for every value, the records excluded by reason and
the records pending, and for every source the rows read, the rows skipped
and the records outside the term.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("measure takes one contract file, not %d arguments: pacta measure CONTRACT --source NAME=FILE", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runMeasure(args[0], f, stdout, stderr)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.format, "format", "csv", "output format: csv or json")
	cmd.Flags().StringVar(&f.from, "from", "", "first period to measure, e.g. 2026-01 (default: the first period with records)")
	cmd.Flags().StringVar(&f.to, "to", "", "last period to measure, e.g. 2026-12 (default: the last period with records)")
	return cmd
}

func runMeasure(contract string, f measureFlags, stdout, stderr io.Writer) error {
	write := render.MeasureCSV
	switch f.format {
	case "csv":
	case "json":
		write = render.MeasureJSON
	default:
		return usageError("invalid --format %q; use csv or json", f.format)
	}
	if len(f.sources) == 0 {
		return usageError("missing --source NAME=FILE: give the records to measure, e.g. --source calls=calls.csv")
	}

	prog, _, err := loadContract(contract, stderr)
	if err != nil {
		return err
	}
	opts, err := periodRange(prog, evalFlags{from: f.from, to: f.to})
	if err != nil {
		return err
	}
	if err := withinTerm(prog, opts); err != nil {
		return err
	}
	inputs, _, err := sourceInputs(prog, f.sources)
	if err != nil {
		return err
	}
	res, err := measureRecords(prog, contract, f.sourceFlags, inputs, opts.From, opts.To, stderr)
	if err != nil {
		return err
	}
	if err := write(stdout, res); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the output: %v", err)}
	}
	reportSources(stderr, res.Sources)
	return nil
}

// withinTerm rejects a --from or --to outside the contract term, which
// would measure no period.
func withinTerm(prog *engine.Program, opts engine.Options) error {
	term := prog.Contract().Term
	for _, p := range []struct {
		flag string
		per  *types.Period
	}{{"--from", opts.From}, {"--to", opts.To}} {
		if p.per != nil && !term.Contains(*p.per) {
			return usageError("%s %s is outside the contract term %s to %s", p.flag, p.per, term.Start, term.End)
		}
	}
	return nil
}
