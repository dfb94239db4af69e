package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/suite"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"github.com/spf13/cobra"
)

type testFlags struct {
	run         string
	format      string
	verbose     bool
	coverage    bool
	coverageMin float64
}

func newTestCmd(stdout, stderr io.Writer) *cobra.Command {
	var f testFlags
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Run the test cases of contracts",
		Long: `test finds the contracts under each PATH (a file or a directory, searched
recursively; the default is the current directory) and runs their test
cases: the test blocks in the contract file and in NAME_test.pacta beside
NAME.pacta. See docs/testing.md for the test language.

The last line of the text output is "N passed, N failed". test exits with
1 when a case fails or a contract has errors, and with 2 for bad flags or
paths.`,
		RunE: func(_ *cobra.Command, args []string) error {
			return runTests(args, f, stdout, stderr)
		},
	}
	cmd.Flags().StringVar(&f.run, "run", "", "run only the cases whose name matches this regular expression")
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or junit")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "text format: also list each test that passes")
	cmd.Flags().BoolVar(&f.coverage, "coverage", false, "report which rules (service levels met and failed, tiers, deduct lines, caps, missing-value and minimum-sample rules, notices) the tests fired")
	cmd.Flags().Float64Var(&f.coverageMin, "coverage-min", 0, "fail when the rules fired are fewer than this percentage of all rules, such as 90 (implies --coverage)")
	return cmd
}

func runTests(paths []string, f testFlags, stdout, stderr io.Writer) error {
	if f.format != "text" && f.format != "json" && f.format != "junit" {
		return usageError("invalid --format %q; use text, json or junit", f.format)
	}
	var filter *regexp.Regexp
	if f.run != "" {
		re, err := regexp.Compile(f.run)
		if err != nil {
			return usageError("invalid --run %q: %v", f.run, err)
		}
		filter = re
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	contracts, err := findContracts(paths)
	if err != nil {
		return err
	}

	if f.coverageMin < 0 || f.coverageMin > 100 {
		return usageError("invalid --coverage-min %v; give a percentage from 0 to 100", f.coverageMin)
	}
	if f.coverageMin > 0 {
		f.coverage = true
	}

	var results []suite.Result
	var coverage []*suite.Coverage
	broken, found := false, 0
	for _, c := range contracts {
		rs, cov, ok := testContract(c, filter, stderr)
		results = append(results, rs...)
		if cov != nil && len(rs) > 0 {
			coverage = append(coverage, cov)
		}
		broken = broken || !ok
		found += len(rs)
	}
	if found == 0 && !broken {
		if filter != nil {
			fmt.Fprintf(stderr, "pacta: no test matches --run %q\n", f.run)
		} else {
			// A run that finds nothing must not pass in CI unnoticed.
			fmt.Fprintf(stderr, "pacta: no tests found under %s; add test blocks, see docs/testing.md\n", strings.Join(paths, ", "))
			broken = true
		}
	}

	if !f.coverage {
		coverage = nil
	}
	if err := writeTestResults(f.format, f.verbose, stdout, results, coverage); err != nil {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("cannot write the output: %v", err)}
	}
	if covered, total := coverageTotals(coverage); f.coverageMin > 0 && suite.Percent(covered, total) < f.coverageMin {
		fmt.Fprintf(stderr, "pacta: coverage %s is below --coverage-min %v%%; the rules not fired are listed above\n", suite.Summary(covered, total), f.coverageMin)
		broken = true
	}
	for _, r := range results {
		if !r.Passed {
			broken = true
		}
	}
	if broken {
		return &exitError{code: exitContractError, err: fmt.Errorf("tests failed"), reported: true}
	}
	return nil
}

// findContracts returns the contract files under paths, sorted: NAME.pacta
// and literate NAME.pacta.md files. A path NAME_test.pacta stands for
// NAME.pacta.
func findContracts(paths []string) ([]string, error) {
	seen := map[string]bool{}
	add := func(p string) {
		if strings.HasSuffix(p, "_test.pacta") {
			// The tests belong to NAME.pacta, or to NAME.pacta.md when only
			// the literate contract exists.
			base := strings.TrimSuffix(p, "_test.pacta")
			p = base + ".pacta"
			if _, err := os.Stat(p); err != nil {
				if _, err := os.Stat(base + ".pacta.md"); err == nil {
					p = base + ".pacta.md"
				}
			}
		}
		seen[filepath.Clean(p)] = true
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, usageError("cannot read %s: %v", p, err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		// WalkDir does not follow a symbolic link at its root, so walk the
		// directory the link points to.
		root := p
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			root = resolved
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".pacta") || syntax.IsLiterate(path)) {
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, usageError("cannot read %s: %v", p, err)
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// testContract loads a contract and its test file and runs their cases.
// It returns false when the contract or the test file has errors.
func testContract(contract string, filter *regexp.Regexp, stderr io.Writer) ([]suite.Result, *suite.Coverage, bool) {
	src, err := os.ReadFile(contract)
	if err != nil {
		fmt.Fprintf(stderr, "pacta: cannot read contract: %v\n", err)
		return []suite.Result{brokenResult(contract, contract, err.Error())}, nil, false
	}
	prog, errs := engine.Load(contract, src)
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{contract: src})
		return []suite.Result{brokenResult(contract, contract, errs.Err().Error())}, nil, false
	}
	cases := suite.Cases(prog.Contract().File)

	testFile := strings.TrimSuffix(strings.TrimSuffix(contract, ".md"), ".pacta") + "_test.pacta"
	testSrc, err := os.ReadFile(testFile)
	switch {
	case err == nil:
		f, errs := syntax.Parse(testFile, testSrc)
		if errs != nil {
			diag.Render(stderr, errs, map[string][]byte{testFile: testSrc})
			return []suite.Result{brokenResult(contract, testFile, errs.Err().Error())}, nil, false
		}
		if !onlyTests(f, testFile, stderr) {
			return []suite.Result{brokenResult(contract, testFile, "a test file holds test blocks only")}, nil, false
		}
		cases = append(cases, suite.Cases(f)...)
	case !errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "pacta: cannot read tests: %v\n", err)
		return []suite.Result{brokenResult(contract, testFile, err.Error())}, nil, false
	}

	var results []suite.Result
	cov := suite.NewCoverage(contract, prog.Contract())
	for _, c := range cases {
		if filter != nil && !filter.MatchString(c.Name()) {
			continue
		}
		r := suite.Run(prog, contract, c)
		if r.Evaluation != nil {
			cov.Add(prog.Contract(), r.Evaluation)
		}
		results = append(results, r)
	}
	return results, cov, true
}

func coverageTotals(coverage []*suite.Coverage) (covered, total int) {
	for _, c := range coverage {
		covered += c.Covered()
		total += len(c.Items)
	}
	return covered, total
}

// brokenResult stands for the tests of a contract or test file that has
// errors, so that JSON and JUnit reports show the failure too.
func brokenResult(contract, file, message string) suite.Result {
	return suite.Result{Contract: contract, File: file, Line: 1, Name: "(" + filepath.Base(file) + " does not load)",
		Failures: []suite.Failure{{File: file, Line: 1, Message: message}}}
}

// onlyTests reports a test file that declares anything but tests, which
// would silently not be part of the contract.
func onlyTests(f *syntax.File, name string, stderr io.Writer) bool {
	for _, d := range f.Decls {
		if _, ok := d.(*syntax.TestDecl); !ok {
			p := d.Span().Start
			fmt.Fprintf(stderr, "%s:%d:%d: a test file holds test blocks only; move this declaration into the contract\n", name, p.Line, p.Col)
			return false
		}
	}
	return true
}

func writeTestResults(format string, verbose bool, w io.Writer, results []suite.Result, coverage []*suite.Coverage) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if results == nil {
			results = []suite.Result{}
		}
		out := map[string]any{"results": results, "passed": passed(results), "failed": len(results) - passed(results)}
		if coverage != nil {
			out["coverage"] = coverageJSON(coverage)
		}
		return enc.Encode(out)
	case "junit":
		return writeJUnit(w, results)
	}
	for _, r := range results {
		if r.Passed {
			if verbose {
				fmt.Fprintf(w, "ok   %s:%d: %q\n", r.File, r.Line, r.Name)
			}
			continue
		}
		fmt.Fprintf(w, "--- FAIL: %s:%d: %q\n", r.File, r.Line, r.Name)
		for _, f := range r.Failures {
			fmt.Fprintf(w, "    %s:%d: %s\n", f.File, f.Line, f.Message)
			if f.Explanation != "" {
				fmt.Fprintf(w, "        actual: %s\n", f.Explanation)
			}
		}
	}
	writeCoverage(w, coverage)
	_, err := fmt.Fprintf(w, "%d passed, %d failed\n", passed(results), len(results)-passed(results))
	return err
}

// writeCoverage writes each contract's coverage with the rules that no
// test fired, then the total.
func writeCoverage(w io.Writer, coverage []*suite.Coverage) {
	if coverage == nil {
		return
	}
	for _, c := range coverage {
		fmt.Fprintf(w, "coverage: %s %s\n", c.Contract, suite.Summary(c.Covered(), len(c.Items)))
		for _, it := range c.Items {
			if it.Fired == 0 {
				fmt.Fprintf(w, "    not fired: %s\n", it.Rule)
			}
		}
	}
	covered, total := coverageTotals(coverage)
	fmt.Fprintf(w, "coverage: total %s\n", suite.Summary(covered, total))
}

func coverageJSON(coverage []*suite.Coverage) map[string]any {
	var contracts []map[string]any
	for _, c := range coverage {
		contracts = append(contracts, map[string]any{
			"contract": c.Contract, "covered": c.Covered(), "rules": len(c.Items), "items": c.Items,
		})
	}
	covered, total := coverageTotals(coverage)
	return map[string]any{"contracts": contracts, "covered": covered, "rules": total, "percent": suite.Percent(covered, total)}
}

func passed(results []suite.Result) int {
	n := 0
	for _, r := range results {
		if r.Passed {
			n++
		}
	}
	return n
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Line      int           `xml:"line,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the results as JUnit XML, one suite per contract, for
// CI systems that show test reports.
func writeJUnit(w io.Writer, results []suite.Result) error {
	out := junitSuites{}
	index := map[string]int{}
	for _, r := range results {
		k, ok := index[r.Contract]
		if !ok {
			k = len(out.Suites)
			index[r.Contract] = k
			out.Suites = append(out.Suites, junitSuite{Name: r.Contract})
		}
		s := &out.Suites[k]
		c := junitCase{Name: r.Name, ClassName: r.Contract, File: r.File, Line: r.Line}
		if !r.Passed {
			var lines []string
			for _, f := range r.Failures {
				lines = append(lines, fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message))
				if f.Explanation != "" {
					lines = append(lines, "    actual: "+f.Explanation)
				}
			}
			c.Failure = &junitFailure{Message: r.Failures[0].Message, Text: strings.Join(lines, "\n")}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
