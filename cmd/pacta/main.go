// Command pacta checks and evaluates service-level payment schedules
// written in the pacta contract language.
//
// Exit codes: 0 success; 1 the contract has an error (or, for check, any
// file does); 2 the data, the flags or the arguments are wrong.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

// version is the pacta release; the JSON output does not carry it, so
// that outputs stay identical across builds of the same inputs.
const version = "0.1.0-dev"

// Exit codes, as the README documents them.
const (
	exitOK            = 0
	exitContractError = 1
	exitUsageOrData   = 2
)

// exitError carries the exit code of a failed command. Its message has
// already been written to stderr when reported is true.
type exitError struct {
	code     int
	err      error
	reported bool
}

func (e *exitError) Error() string { return e.err.Error() }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsageOrData, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one pacta command line and returns its exit code. Tests
// call it directly with their own writers.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}

	var ee *exitError
	if errors.As(err, &ee) {
		if !ee.reported {
			fmt.Fprintf(stderr, "pacta: %v\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: an unknown command or flag, a wrong number of
	// arguments.
	fmt.Fprintf(stderr, "pacta: %v\nRun 'pacta --help' for usage.\n", err)
	return exitUsageOrData
}

// boolParseError and numberParseError match the Go parser's wording in
// pflag's message for a bad flag value, which means nothing to a user.
var (
	boolParseError   = regexp.MustCompile(`: strconv\.ParseBool: parsing "[^"]*": invalid syntax`)
	numberParseError = regexp.MustCompile(`: strconv\.Parse(Uint|Int): parsing "[^"]*": (invalid syntax|value out of range)`)
)

// flagMessage rewrites a flag error in plain words.
func flagMessage(err error) string {
	msg := boolParseError.ReplaceAllString(err.Error(), "; write the flag alone for true, or =false")
	return numberParseError.ReplaceAllStringFunc(msg, func(m string) string {
		if strings.HasPrefix(m, ": strconv.ParseUint") {
			return "; give a whole number from 0 to 18446744073709551615"
		}
		return "; give a whole number"
	})
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "pacta",
		Short: "Check and evaluate service-level payment schedules written as code",
		Long: `pacta evaluates the payment mechanism of a service contract: service levels,
severity tiers, deductions, caps and notices, written in the pacta language,
over a table of period data.

Exit codes: 0 success; 1 an error in the contract; 2 bad data, flags or arguments.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError("%s\nRun 'pacta --help' for usage.", flagMessage(err))
	})
	root.AddCommand(newCheckCmd(stdout, stderr), newEvalCmd(stdout, stderr), newMeasureCmd(stdout, stderr), newFmtCmd(os.Stdin, stdout, stderr), newTestCmd(stdout, stderr), newLintCmd(stdout, stderr), newDocCmd(stdout, stderr), newDiffCmd(stdout, stderr), newSimulateCmd(stdout, stderr), newReportCmd(stdout, stderr))
	return root
}
