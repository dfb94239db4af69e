package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/spf13/cobra"
)

func newCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Parse and check contracts, reporting every error",
		Long: `check parses and checks each contract file. Errors are written to stderr as
file:line:col: message, with the source line and a caret under the column.
It prints one "ok" line per valid file and exits with 1 when any file has an error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			failed := false
			for _, name := range args {
				src, err := os.ReadFile(name)
				if err != nil {
					return usageError("cannot read contract: %v", err)
				}
				prog, errs := engine.Load(name, src)
				if errs != nil {
					diag.Render(stderr, errs, map[string][]byte{name: src})
					failed = true
					continue
				}
				c := prog.Contract()
				fmt.Fprintf(stdout, "%s: ok (%d measures, %d service levels, %d notices)\n",
					name, len(c.Measures), len(c.Levels), len(c.Notices))
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
