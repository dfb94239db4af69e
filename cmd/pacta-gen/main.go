// Command pacta-gen writes one calendar year of synthetic raw records for
// the Springfield 311 contact centre: calls.csv, cases.csv, surveys.csv and
// outages.csv. Package internal/gen describes the files and how their
// records are generated.
//
// Usage:
//
//	go run ./cmd/pacta-gen --out DIR [--year 2026] [--seed 1] [--calls N] [--only calls,cases,surveys,outages]
//
// The same flags always give byte-identical files. For each file written,
// pacta-gen prints its path, row count and size.
//
// Exit codes: 0 success, 1 a file could not be written, 2 invalid flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	// The records' wall times are in America/Los_Angeles, so the program
	// carries its own copy of the time zone database.
	_ "time/tzdata"

	"github.com/pacta-dev/pacta/internal/gen"
)

const (
	exitOK         = 0
	exitWriteError = 1
	exitUsage      = 2
)

const usageText = `Usage: pacta-gen --out DIR [--year 2026] [--seed 1] [--calls N] [--only calls,cases,surveys,outages]

Writes one calendar year of synthetic 311 contact-centre records to DIR:
calls.csv, cases.csv, surveys.csv and outages.csv. Wall times are local
time in America/Los_Angeles. The same flags give byte-identical files.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one pacta-gen command line and returns its exit code.
// Tests call it directly with their own writers.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pacta-gen", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "", "`directory` to write the files to, created if missing (required)")
	year := flags.Int("year", gen.DefaultYear, "calendar `year` of the records, 1970 to 9999")
	seed := flags.Uint64("seed", gen.DefaultSeed, "`seed` of the random streams")
	calls := flags.Int("calls", gen.DefaultCalls, "number of rows in calls.csv, spread over the year")
	only := flags.String("only", "", "comma-separated `files` to write, from calls, cases, surveys and outages (default all four)")
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), usageText)
		flags.PrintDefaults()
	}

	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if flags.NArg() > 0 {
		return usageError(stderr, "unexpected argument %q: pacta-gen takes only flags", flags.Arg(0))
	}
	if *out == "" {
		return usageError(stderr, "missing --out: give the directory to write the files to")
	}
	datasets, err := selectDatasets(*only)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	config := gen.DefaultConfig()
	config.Year = *year
	config.Seed = *seed
	config.Calls = *calls
	if err := config.Validate(); err != nil {
		return usageError(stderr, "%v", err)
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "pacta-gen: %v\n", err)
		return exitWriteError
	}
	for _, d := range datasets {
		path := filepath.Join(*out, d.File)
		rows, size, err := writeDataset(path, d, config)
		if err != nil {
			fmt.Fprintf(stderr, "pacta-gen: write %s: %v\n", path, err)
			return exitWriteError
		}
		fmt.Fprintf(stdout, "%s: %d rows, %d bytes\n", path, rows, size)
	}
	return exitOK
}

func usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "pacta-gen: "+format+"\n", args...)
	fmt.Fprintln(stderr, "Run pacta-gen --help for usage.")
	return exitUsage
}

// selectDatasets returns the datasets named in the --only list, in the
// standard order, or all of them for an empty list.
func selectDatasets(only string) ([]gen.Dataset, error) {
	all := gen.Datasets()
	if strings.TrimSpace(only) == "" {
		return all, nil
	}

	var names []string
	for _, d := range all {
		names = append(names, d.Name)
	}
	requested := map[string]bool{}
	for _, name := range strings.Split(only, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("invalid --only value %q: want a comma-separated list of %s", name, strings.Join(names, ", "))
		}
		requested[name] = true
	}

	var selected []gen.Dataset
	for _, d := range all {
		if requested[d.Name] {
			selected = append(selected, d)
		}
	}
	return selected, nil
}

// writeDataset writes one file and returns its row count and size in
// bytes. It removes the file when writing fails, so no partial file is
// left behind.
func writeDataset(path string, d gen.Dataset, config gen.Config) (rows int, size int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	rows, err = d.Write(f, config)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(path)
		return 0, 0, err
	}

	info, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return rows, info.Size(), nil
}
