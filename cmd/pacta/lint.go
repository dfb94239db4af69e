package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/lint"
	"github.com/spf13/cobra"
)

func newLintCmd(stdout, stderr io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "lint FILE...",
		Short: "Report rules that cannot do what their drafters likely meant",
		Long: `lint checks each contract and reports warnings with a stable code each:
tiers no value can reach, caps that never bind or always bind, deduct lines
that alone exceed a cap, rates outside the agreed range, unused measures and
payments, rules without a ref, notices that can never be issued, and windows
longer than the term. docs/lint.md explains each code with an example.

It exits with 1 when it reports a warning or a contract has errors, and
with 2 when a file cannot be read.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("lint needs at least one contract file: pacta lint FILE...")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return runLint(args, format, stdout, stderr)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or sarif")
	return cmd
}

// lintFinding is a finding with its file, for the JSON output.
type lintFinding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func runLint(files []string, format string, stdout, stderr io.Writer) error {
	if format != "text" && format != "json" && format != "sarif" {
		return usageError("invalid --format %q; use text, json or sarif", format)
	}
	var all []lintFinding
	failed := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.pacta") {
			continue // test files hold test blocks, which lint does not check
		}
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
		for _, f := range lint.Contract(prog.Contract()) {
			all = append(all, lintFinding{File: name, Line: f.Span.Start.Line, Column: f.Span.Start.Col, Code: f.Code, Message: f.Message, Hint: f.Hint})
		}
	}

	var err error
	switch format {
	case "json":
		if all == nil {
			all = []lintFinding{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(map[string]any{"findings": all})
	case "sarif":
		err = writeSARIF(stdout, all)
	default:
		for _, f := range all {
			line := fmt.Sprintf("%s:%d:%d: warning: %s [%s]", f.File, f.Line, f.Column, f.Message, f.Code)
			if f.Hint != "" {
				line += "; " + f.Hint
			}
			fmt.Fprintln(stdout, line)
		}
	}
	if err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the output: %v", err)}
	}
	if failed || len(all) > 0 {
		return &exitError{code: exitContractError, err: fmt.Errorf("lint findings"), reported: true}
	}
	return nil
}

// writeSARIF writes the findings as SARIF 2.1.0, which code hosts and CI
// systems read to annotate pull requests.
func writeSARIF(w io.Writer, findings []lintFinding) error {
	type message struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID               string  `json:"id"`
		Name             string  `json:"name"`
		ShortDescription message `json:"shortDescription"`
		HelpURI          string  `json:"helpUri"`
	}
	var rules []rule
	for _, r := range lint.Rules {
		rules = append(rules, rule{ID: r.Code, Name: r.Name, ShortDescription: message{r.Summary}, HelpURI: "docs/lint.md#" + lowerCode(r.Code)})
	}
	results := []map[string]any{}
	for _, f := range findings {
		text := f.Message
		if f.Hint != "" {
			text += "; " + f.Hint
		}
		results = append(results, map[string]any{
			"ruleId":  f.Code,
			"level":   "warning",
			"message": message{text},
			"locations": []map[string]any{{
				"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": f.File},
					"region":           map[string]any{"startLine": f.Line, "startColumn": f.Column},
				},
			}},
		})
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []map[string]any{{
			"tool":    map[string]any{"driver": map[string]any{"name": "pacta lint", "rules": rules}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func lowerCode(code string) string {
	b := []byte(code)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
