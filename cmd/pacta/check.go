package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/suite"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/spf13/cobra"
)

func newCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Parse and check contracts, reporting every error",
		Long: `check parses and checks each contract file. Errors are written to stderr as
file:line:col: message, with the source line and a caret under the column.
It prints one "ok" line per valid file. It exits with 1 when any file has an
error, and with 2 when a file cannot be read; it checks every other file either way.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("check needs at least one contract file: pacta check FILE...")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			failed, unreadable := false, false
			for _, name := range args {
				src, err := os.ReadFile(name)
				if err != nil {
					fmt.Fprintf(stderr, "pacta: cannot read contract: %v\n", err)
					unreadable = true
					continue
				}
				if strings.HasSuffix(name, "_test.pacta") {
					// A test file holds test blocks only; pacta test runs them.
					f, errs := syntax.Parse(name, src)
					if errs != nil {
						diag.Render(stderr, errs, map[string][]byte{name: src})
						failed = true
						continue
					}
					if !onlyTests(f, name, stderr) {
						failed = true
						continue
					}
					fmt.Fprintf(stdout, "%s: ok (%s)\n", name, count(len(suite.Cases(f)), "test"))
					continue
				}
				prog, errs := engine.Load(name, src)
				if errs != nil {
					diag.Render(stderr, errs, map[string][]byte{name: src})
					failed = true
					continue
				}
				// The holiday files are part of the contract, so check reads
				// them too.
				if _, err := holidayFiles(prog, name); err != nil {
					fmt.Fprintln(stderr, err.(*exitError).err)
					failed = true
					continue
				}
				c := prog.Contract()
				fmt.Fprintf(stdout, "%s: ok (%s, %s, %s)\n", name,
					count(len(c.Measures), "measure"), count(len(c.Levels), "service level"), count(len(c.Notices), "notice"))
			}
			// An unreadable file is an argument error, which outranks a
			// contract error, so that a typo in a path is not read as a
			// broken contract.
			if unreadable {
				return &exitError{code: exitUsageOrData, err: fmt.Errorf("unreadable files"), reported: true}
			}
			if failed {
				return &exitError{code: exitContractError, err: fmt.Errorf("errors found"), reported: true}
			}
			return nil
		},
	}
}

// loadContract reads and checks a contract, writing its errors to stderr.
func loadContract(name string, stderr io.Writer) (*engine.Program, []byte, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, usageError("cannot read contract: %v", err)
	}
	prog, errs := engine.Load(name, src)
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{name: src})
		return nil, nil, &exitError{code: exitContractError, err: fmt.Errorf("contract has errors"), reported: true}
	}
	return prog, src, nil
}

// count writes "1 notice" or "2 notices".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
