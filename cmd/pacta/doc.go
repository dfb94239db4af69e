package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pacta-dev/pacta/engine/doc"
	"github.com/spf13/cobra"
)

func newDocCmd(stdout, stderr io.Writer) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "doc CONTRACT [-o FILE.html|FILE.md]",
		Short: "Render the contract as a document for review, with tables generated from the code",
		Long: `doc renders the document that lawyers review. For a literate contract
(.pacta.md) it keeps the schedule's text and puts, in place of each block of
code, tables generated from it: each service level's target, tiers, deduct
lines with their amounts in money, caps and missing-value rules, the cap on
total deductions and the notices. The code follows each table in a collapsed
section. A plain contract gives a document of tables alone.

Without -o it writes Markdown to stdout. With -o FILE.html it writes one
self-contained HTML page; with -o FILE.md, Markdown.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("doc takes one contract file, not %d arguments: pacta doc CONTRACT [-o FILE.html]", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runDoc(args[0], out, stdout, stderr)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the document to this file, .html or .md (default: Markdown to stdout)")
	return cmd
}

func runDoc(contract, out string, stdout, stderr io.Writer) error {
	if out != "" && !strings.HasSuffix(out, ".html") && !strings.HasSuffix(out, ".md") {
		return usageError("invalid -o %q: give a file name ending in .html or .md", out)
	}
	prog, src, err := loadContract(contract, stderr)
	if err != nil {
		return err
	}
	md := doc.Markdown(prog.Contract(), src)
	content := md
	if strings.HasSuffix(out, ".html") {
		content, err = doc.HTML(prog.Contract().Title, md)
		if err != nil {
			return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot render HTML: %v", err)}
		}
	}
	if out == "" {
		_, err = stdout.Write(content)
		return err
	}
	if err := os.WriteFile(out, content, 0o644); err != nil {
		return usageError("cannot write %s: %v", out, err)
	}
	return nil
}
