package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// sourceFlags are the flags of commands that compute measures from
// records.
type sourceFlags struct {
	sources []string
	skipBad bool
	asOf    string
}

func (f *sourceFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.sources, "source", nil, "records of a source, as NAME=FILE (a CSV file with a header row); repeat for each source")
	cmd.Flags().BoolVar(&f.skipBad, "skip-bad-records", false, "skip malformed rows instead of stopping with exit code 2; each skipped row is counted and listed on stderr and in the JSON output")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "time of the records, such as 2027-01-01 or 2027-01-01T06:00:00 in the contract's time zone; a deadline that has not passed by then is pending (default: the end of the last measured period)")
}

// sourceInputs parses the --source flags.
func sourceInputs(c *engine.Program, specs []string) ([]measure.Input, map[string]bool, error) {
	var inputs []measure.Input
	given := map[string]bool{}
	var names []string
	for _, s := range c.Contract().Sources {
		names = append(names, s.Name)
	}
	for _, spec := range specs {
		name, file, ok := strings.Cut(spec, "=")
		if !ok || name == "" || file == "" {
			return nil, nil, usageError("invalid --source %q: write NAME=FILE, such as --source calls=testdata/springfield/records/calls.csv", spec)
		}
		known := false
		for _, n := range names {
			known = known || n == name
		}
		if !known {
			msg := fmt.Sprintf("--source %s: the contract has no source %q", spec, name)
			if hint := diag.DidYouMean(name, names); hint != "" {
				msg += "; " + hint
			} else if len(names) > 0 {
				msg += "; its sources are " + strings.Join(names, ", ")
			}
			return nil, nil, usageError("%s", msg)
		}
		if given[name] {
			return nil, nil, usageError("--source %s is given twice; give one file per source", name)
		}
		given[name] = true
		info, err := os.Stat(file)
		if err != nil {
			return nil, nil, usageError("cannot read source %s: %v", name, err)
		}
		path := file
		inputs = append(inputs, measure.Input{
			Source: name,
			File:   file,
			Size:   info.Size(),
			Open:   func() (io.ReadCloser, error) { return os.Open(path) },
		})
	}
	return inputs, given, nil
}

// holidayFiles reads the holiday files a contract names, relative to the
// contract file: one date per line, YYYY-MM-DD, optionally followed by a
// comma and a name; blank lines and lines starting with # are skipped.
func holidayFiles(prog *engine.Program, contract string) ([]calendar.Date, error) {
	var dates []calendar.Date
	for _, f := range prog.Contract().Calendar.HolidayFiles {
		path := filepath.Join(filepath.Dir(contract), f.Value)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, usageError("%s:%d:%d: cannot read the holiday file: %v", contract, f.Sp.Start.Line, f.Sp.Start.Col, err)
		}
		for n, line := range strings.Split(string(src), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			text, _, _ := strings.Cut(line, ",")
			d, err := calendar.ParseDate(strings.TrimSpace(text))
			if err != nil {
				return nil, usageError("%s:%d: %v", path, n+1, err)
			}
			dates = append(dates, d)
		}
	}
	return dates, nil
}

// measureRecords computes the measures over records from the --source
// files, over the periods that from and to select.
func measureRecords(prog *engine.Program, contract string, f sourceFlags, inputs []measure.Input, from, to *types.Period, stderr io.Writer) (*measure.Result, error) {
	holidays, err := holidayFiles(prog, contract)
	if err != nil {
		return nil, err
	}
	plan, err := measure.Compile(prog.Contract(), holidays)
	if err != nil {
		return nil, usageError("%s: %v", contract, err)
	}
	opts := measure.Options{SkipBad: f.skipBad, From: from, To: to}
	if f.asOf != "" {
		text := f.asOf
		if len(text) == len("2006-01-02") {
			// A bare date is the start of that day.
			text += "T00:00:00"
		}
		t, err := plan.Zone().ParseTimestamp([]byte(text))
		if err != nil {
			return nil, usageError("--as-of: %v", err)
		}
		opts.AsOf = &t
	}

	bar := newProgress(inputs, stderr)
	if bar != nil {
		opts.Progress = bar.set
	}
	res, errs := plan.Run(inputs, opts)
	if bar != nil {
		bar.finish()
	}
	if errs != nil {
		diag.Render(stderr, errs, nil)
		return nil, &exitError{code: exitUsageOrData, err: fmt.Errorf("bad records"), reported: true}
	}
	return res, nil
}

// progressDelay is how long a run goes before a progress bar appears, so
// that short runs print nothing.
const progressDelay = 2 * time.Second

// progress draws a bar over the total size of the inputs on stderr, when
// stderr is a terminal and the run takes longer than progressDelay. The
// bar counts from the start, so that its rate is right when it appears.
type progress struct {
	bar *progressbar.ProgressBar
	out *delayedWriter
}

// delayedWriter drops what is written to it until progressDelay has
// passed since start.
type delayedWriter struct {
	w     io.Writer
	start time.Time
}

func (d *delayedWriter) Write(b []byte) (int, error) {
	if !d.shown() {
		return len(b), nil
	}
	return d.w.Write(b)
}

func (d *delayedWriter) shown() bool { return time.Since(d.start) >= progressDelay }

// newProgress returns a progress, or nil when stderr is not a terminal.
func newProgress(inputs []measure.Input, stderr io.Writer) *progress {
	file, ok := stderr.(*os.File)
	if !ok || !isatty.IsTerminal(file.Fd()) {
		return nil
	}
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	out := &delayedWriter{w: stderr, start: time.Now()}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription("reading records"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar, out: out}
}

func (p *progress) set(done int64) { _ = p.bar.Set64(done) }

func (p *progress) finish() {
	if p.out.shown() {
		_ = p.bar.Finish()
	}
}

// reportSources writes to stderr, for each source, the rows skipped and
// the records outside the term or the measured periods, so that nothing is
// dropped without a word.
func reportSources(w io.Writer, reports []*data.SourceReport) {
	for _, r := range reports {
		var notes []string
		if r.Skipped > 0 {
			notes = append(notes, plural(r.Skipped, "malformed row")+" skipped")
		}
		if r.BeforeTerm > 0 {
			notes = append(notes, plural(r.BeforeTerm, "record")+" before the contract term")
		}
		if r.AfterTerm > 0 {
			notes = append(notes, plural(r.AfterTerm, "record")+" after the contract term")
		}
		if r.OutsideRange > 0 {
			notes = append(notes, plural(r.OutsideRange, "record")+" outside the measured periods")
		}
		if len(notes) == 0 {
			continue
		}
		fmt.Fprintf(w, "pacta: source %s (%s): %s; %s\n", r.Source, r.File, plural(r.Rows, "row"), strings.Join(notes, "; "))
		for _, b := range r.Bad {
			fmt.Fprintf(w, "  %s:%d:%d: skipped: %s\n", r.File, b.Line, b.Column, b.Message)
		}
		if int64(len(r.Bad)) < r.Skipped {
			fmt.Fprintf(w, "  ... and %d more skipped rows; the JSON output lists the first %d\n", r.Skipped-int64(len(r.Bad)), data.MaxListed)
		}
	}
}

// plural writes n and a noun, with an s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
