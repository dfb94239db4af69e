package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/report"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/spf13/cobra"
)

type reportFlags struct {
	evalFlags
	out       string
	quarterly bool
	timestamp string
}

// timestampNow is the --timestamp value that stands for the current time.
const timestampNow = "now"

func newReportCmd(stdout, stderr io.Writer) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report CONTRACT (--data FILE | --source NAME=FILE...) -o FILE.html|FILE.md",
		Short: "Write the board report: KPI ledger, heatmap, deductions chart and notices",
		Long: `report evaluates the contract like eval and writes the report a contract board
reads: a summary with an audit block (the SHA-256 of every input file and the
pacta version), the KPI ledger of each month reconciled to the net payment, a
heatmap of service levels by month, the deductions per month against the cap,
and the notices with their reasons. With --quarterly it adds a plain-language
transparency page per quarter for residents, showing the service levels the
contract marks public.

The output is one HTML file that needs no other file, font or script, or the
same content in Markdown, by the extension of -o. The same inputs give the
same bytes; --timestamp adds the time of the run.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 2 && f.timestamp == timestampNow {
				return usageError("report takes one contract file, and %q looks like a time for --timestamp; write it after an equals sign: --timestamp=%s", args[1], args[1])
			}
			if len(args) != 1 {
				return usageError("report takes one contract file, not %d arguments: pacta report CONTRACT --data FILE -o FILE.html", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runReport(args[0], f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "period data file, .csv or .json (required unless --source gives every measure)")
	f.register(cmd)
	fl.StringVarP(&f.out, "output", "o", "", "report file to write, ending in .html or .md (required)")
	fl.StringVar(&f.from, "from", "", "first period to report, e.g. 2026-04 (earlier periods are still evaluated for streaks and history)")
	fl.StringVar(&f.to, "to", "", "last period to report, e.g. 2026-09")
	fl.BoolVar(&f.quarterly, "quarterly", false, "add the quarterly transparency report for residents")
	fl.StringVar(&f.timestamp, "timestamp", "", "write this time in the audit block; alone, the current time in UTC (without it the report carries no time, so it is reproducible)")
	fl.Lookup("timestamp").NoOptDefVal = timestampNow
	return cmd
}

func runReport(contract string, f reportFlags, stdout, stderr io.Writer) error {
	write, err := reportWriter(f.out)
	if err != nil {
		return err
	}
	if _, err := reportTimestamp(f.timestamp); err != nil {
		return err
	}
	if err := outputIsNoInput(f.out, contract, f); err != nil {
		return err
	}
	ev, err := evaluate(contract, f.evalFlags, stderr)
	if err != nil {
		return err
	}

	opts := report.Options{Version: version, Quarterly: f.quarterly}
	if opts.Timestamp, err = reportTimestamp(f.timestamp); err != nil {
		return err
	}
	if opts.Inputs, err = reportInputs(f, ev); err != nil {
		return err
	}

	var buf bytes.Buffer
	if err := write(&buf, ev.prog.Contract(), ev.res, opts); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot render the report: %v", err)}
	}
	if err := writeAtomic(f.out, buf.Bytes()); err != nil {
		return usageError("cannot write the report: %v", err)
	}
	if ev.measured != nil {
		reportSources(stderr, ev.measured.Sources)
	}
	fmt.Fprintf(stdout, "%s: %s of %s, %s to %s\n", f.out, reportKind(f), ev.res.Contract.Title,
		ev.res.Periods[0].Period, ev.res.Periods[len(ev.res.Periods)-1].Period)
	return nil
}

// outputIsNoInput rejects an -o that names the contract or a data file,
// which writing the report would destroy.
func outputIsNoInput(out, contract string, f reportFlags) error {
	inputs := []string{contract, f.data}
	for _, spec := range f.sources {
		if _, file, ok := strings.Cut(spec, "="); ok {
			inputs = append(inputs, file)
		}
	}
	outInfo, err := os.Stat(out)
	if err != nil {
		return nil
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		if inInfo, err := os.Stat(in); err == nil && os.SameFile(outInfo, inInfo) {
			return usageError("-o %s is an input of the report; write the report to another file", out)
		}
	}
	return nil
}

// writeAtomic writes data to a temporary file beside name and renames it
// into place, so that a failed write leaves any earlier report whole and
// never leaves a partial one.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// reportTimestamp returns the time --timestamp asks for: the current time
// in UTC for the bare flag, or the given date or RFC 3339 time.
func reportTimestamp(text string) (string, error) {
	switch text {
	case "":
		return "", nil
	case timestampNow:
		return time.Now().UTC().Format(time.RFC3339), nil
	}
	if _, err := time.Parse(time.RFC3339, text); err == nil {
		return text, nil
	}
	if _, err := time.Parse(time.DateOnly, text); err == nil {
		return text, nil
	}
	return "", usageError("--timestamp=%q is not a time; write --timestamp alone for now, or --timestamp=2026-12-04T10:00:00Z or --timestamp=2026-12-04", text)
}

func reportKind(f reportFlags) string {
	if f.quarterly {
		return "board and quarterly transparency report"
	}
	return "board report"
}

// reportWriter picks the format from the extension of -o.
func reportWriter(out string) (func(io.Writer, *check.Contract, *engine.Result, report.Options) error, error) {
	if out == "" {
		return nil, usageError("missing -o FILE: give the report file to write, e.g. -o /tmp/report.html (or .md for Markdown)")
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".html", ".htm":
		return report.HTML, nil
	case ".md", ".markdown":
		return report.Markdown, nil
	}
	return nil, usageError("-o %q: the file must end in .html or .md, which selects the format", out)
}

// reportInputs lists the files the evaluated data came from, with the
// SHA-256 of each, for the audit block.
func reportInputs(f reportFlags, ev *evaluation) ([]report.Input, error) {
	var out []report.Input
	if f.data != "" {
		sum := sha256.Sum256(ev.dataSrc)
		out = append(out, report.Input{Name: "period data", File: f.data, SHA256: hex.EncodeToString(sum[:])})
	}
	if ev.measured == nil {
		return out, nil
	}
	for _, s := range ev.measured.Sources {
		sum, err := fileSHA256(s.File)
		if err != nil {
			return nil, usageError("cannot read %s again to hash it: %v", s.File, err)
		}
		out = append(out, report.Input{Name: "records of " + s.Source, File: s.File, SHA256: sum})
	}
	return out, nil
}

// fileSHA256 hashes a file as it streams, because record files can be
// gigabytes.
func fileSHA256(name string) (string, error) {
	file, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
