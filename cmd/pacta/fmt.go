package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/format"
	"github.com/spf13/cobra"
)

type fmtFlags struct {
	write bool
	list  bool
	diff  bool
	check bool
}

func newFmtCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var f fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [-w | -l | -d | --check] [FILE...]",
		Short: "Print contracts in the canonical layout",
		Long: `fmt prints each contract in the canonical layout: declaration heads at the
left margin, clauses indented by two spaces, single spaces between tokens,
the names of consecutive tier lines aligned, and one blank line where the
source had one or more. It keeps every comment and the order of every
declaration and clause, and the output parses to the same contract.

Without a flag it prints the formatted files to stdout; without a file it
formats stdin. A directory stands for the .pacta files under it. A file that does not parse is reported with its errors and
left alone; fmt then exits with 1.`,
		RunE: func(_ *cobra.Command, args []string) error {
			return runFmt(args, f, stdin, stdout, stderr)
		},
	}
	cmd.Flags().BoolVarP(&f.write, "write", "w", false, "write the formatted contract back to each file that differs")
	cmd.Flags().BoolVarP(&f.list, "list", "l", false, "list the files whose layout differs from the canonical one")
	cmd.Flags().BoolVarP(&f.diff, "diff", "d", false, "print a unified diff of the changes for each file that differs")
	cmd.Flags().BoolVar(&f.check, "check", false, "change nothing; exit with 1 when any file differs, listing it on stderr (for CI)")
	return cmd
}

func runFmt(args []string, f fmtFlags, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		if f.write {
			return usageError("fmt -w needs files to write: pacta fmt -w FILE...")
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			return usageError("cannot read stdin: %v", err)
		}
		return fmtOne("<stdin>", src, f, stdout, stderr, nil)
	}

	files, err := pactaFiles(args)
	if err != nil {
		return err
	}
	failed, differ := false, false
	unreadable := false
	for _, name := range files {
		if name == "-" {
			src, err := io.ReadAll(stdin)
			if err != nil {
				return usageError("cannot read stdin: %v", err)
			}
			if err := fmtOne("<stdin>", src, fmtFlags{check: f.check, diff: f.diff}, stdout, stderr, &differ); err != nil {
				failed = true
			}
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "pacta: cannot read %v\n", err)
			unreadable = true
			continue
		}
		err = fmtOne(name, src, f, stdout, stderr, &differ)
		if ee, ok := err.(*exitError); ok && ee.code == exitContractError {
			failed = true
			continue
		}
		if err != nil {
			return err
		}
	}
	if unreadable {
		return &exitError{code: exitUsageOrData, err: fmt.Errorf("unreadable files"), reported: true}
	}
	if failed || (f.check && differ) {
		return &exitError{code: exitContractError, err: fmt.Errorf("files need formatting"), reported: true}
	}
	return nil
}

// fmtOne formats one contract and does what the flags ask with it.
func fmtOne(name string, src []byte, f fmtFlags, stdout, stderr io.Writer, differ *bool) error {
	out, errs := format.Source(name, src)
	if errs != nil {
		diag.Render(stderr, errs, map[string][]byte{name: src})
		return &exitError{code: exitContractError, err: fmt.Errorf("errors found"), reported: true}
	}
	changed := !bytes.Equal(src, out)
	if changed && differ != nil {
		*differ = true
	}

	switch {
	case f.check:
		if !changed {
			return nil
		}
		if name == "<stdin>" {
			fmt.Fprintln(stderr, "<stdin> is not formatted")
		} else {
			fmt.Fprintf(stderr, "%s is not formatted; run pacta fmt -w %s\n", name, name)
		}
		if f.diff {
			fmt.Fprint(stdout, udiff.Unified(name, name+" (formatted)", string(src), string(out)))
		}
	case f.list || f.diff || f.write:
		if !changed {
			return nil
		}
		if f.list {
			fmt.Fprintln(stdout, name)
		}
		if f.diff {
			fmt.Fprint(stdout, udiff.Unified(name, name+" (formatted)", string(src), string(out)))
		}
		if f.write {
			info, err := os.Stat(name)
			if err != nil {
				return usageError("cannot write %s: %v", name, err)
			}
			if err := os.WriteFile(name, out, info.Mode().Perm()); err != nil {
				return usageError("cannot write %s: %v", name, err)
			}
		}
	default:
		_, err := stdout.Write(out)
		return err
	}
	return nil
}

// pactaFiles expands each directory among paths into the .pacta files
// under it, sorted, and keeps the other paths as they are.
func pactaFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".pacta") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, usageError("cannot read %s: %v", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
