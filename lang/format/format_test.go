package format_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/format"
	"github.com/pacta-dev/pacta/lang/syntax"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the output sections of testdata/format/*.txtar")

// TestFormatGolden formats the input of each testdata/format archive and
// compares the result with its output section.
func TestFormatGolden(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/format/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			input := section(t, a, "input.pacta")
			got, errs := format.Source("input.pacta", input)
			if errs != nil {
				t.Fatalf("input does not parse: %v", errs.Err())
			}
			if *update {
				setSection(a, "output.pacta", got)
				if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(section(t, a, "output.pacta")), string(got)); diff != "" {
				t.Errorf("formatted output (-want +got):\n%s", diff)
			}
			checkStable(t, input, got)
		})
	}
}

// TestShippedContractsFormatted checks that every contract in contracts/
// is in the canonical layout.
func TestShippedContractsFormatted(t *testing.T) {
	paths, _ := filepath.Glob("../../contracts/*.pacta")
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, errs := format.Source(path, src)
		if errs != nil {
			t.Fatalf("%s: %v", path, errs.Err())
		}
		if diff := cmp.Diff(string(src), string(got)); diff != "" {
			t.Errorf("%s is not formatted; run pacta fmt -w %s (-file +formatted):\n%s", path, path, diff)
		}
	}
}

func section(t *testing.T, a *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no %s section", name)
	return nil
}

func setSection(a *txtar.Archive, name string, data []byte) {
	for i, f := range a.Files {
		if f.Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}

var positions = regexp.MustCompile(`(?m)^(\s*)\d+:\d+ `)

// shape returns the tree of src without positions, and its comments.
func shape(t *testing.T, name string, src []byte) (string, []string) {
	t.Helper()
	f, errs := syntax.Parse(name, src)
	if errs != nil {
		t.Fatalf("%s does not parse: %v\n%s", name, errs.Err(), src)
	}
	var comments []string
	for _, c := range f.Comments {
		comments = append(comments, strings.TrimRight(c.Text, " \t"))
	}
	return positions.ReplaceAllString(syntax.Dump(f), "$1"), comments
}

// checkStable checks that formatted parses to the same tree and comments
// as input, and that formatting it again changes nothing.
func checkStable(t *testing.T, input, formatted []byte) {
	t.Helper()
	wantTree, wantComments := shape(t, "input", input)
	gotTree, gotComments := shape(t, "formatted", formatted)
	if diff := cmp.Diff(wantTree, gotTree); diff != "" {
		t.Errorf("the formatted tree differs (-input +formatted):\n%s", diff)
	}
	if diff := cmp.Diff(wantComments, gotComments); diff != "" {
		t.Errorf("the comments differ (-input +formatted):\n%s", diff)
	}
	again, errs := format.Source("formatted", formatted)
	if errs != nil {
		t.Fatalf("formatted output does not parse: %v", errs.Err())
	}
	if diff := cmp.Diff(string(formatted), string(again)); diff != "" {
		t.Errorf("formatting twice changes the output (-once +twice):\n%s", diff)
	}
}

// FuzzFormat checks, on every input that parses, that the formatted
// output parses to the same tree with the same comments, and that
// formatting it again changes nothing. It is seeded with the shipped
// contracts and the test inputs.
func FuzzFormat(f *testing.F) {
	for _, pattern := range []string{"../../contracts/*.pacta", "../../testdata/check/*.pacta", "../../testdata/measure/*.pacta"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	for _, pattern := range []string{"../../testdata/syntax/*.txtar", "../../testdata/format/*.txtar"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			a, err := txtar.ParseFile(p)
			if err != nil {
				continue
			}
			for _, file := range a.Files {
				if file.Name == "input.pacta" {
					f.Add(file.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, errs := format.Source("fuzz.pacta", src)
		if errs != nil {
			return
		}
		checkStable(t, src, out)
	})
}

// TestLiterateKeepsIndent checks that a pacta block inside a list item
// keeps its indentation, and that the prose is untouched.
func TestLiterateKeepsIndent(t *testing.T) {
	src := "Text  with  spaces.\n\n- item\n\n  ```pacta\n  payment   fee = USD 1000 per month\n  ```\n"
	want := "Text  with  spaces.\n\n- item\n\n  ```pacta\n  payment fee = USD 1000 per month\n  ```\n"
	got, errs := format.Source("l.pacta.md", []byte(src))
	if errs != nil {
		t.Fatal(errs.Err())
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	again, _ := format.Source("l.pacta.md", got)
	if string(again) != string(got) {
		t.Errorf("formatting twice changes the file:\n%s", again)
	}
}
