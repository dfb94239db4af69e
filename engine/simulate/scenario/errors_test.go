package scenario_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/engine/simulate/scenario"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the errors sections of testdata/errors/*.txtar")

// TestParseErrors parses each bad scenario in testdata/errors against
// testMeasures and testHistory. Each archive holds the scenario in a
// test.scenario section, an optional required section with the names
// that the service levels read, one a line, and an errors section with
// the expected diagnostics, one a line, as Diagnostic.Error prints them.
func TestParseErrors(t *testing.T) {
	paths, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no archives in testdata/errors")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			archive, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var src []byte
			var required []string
			want, errorsIndex := "", -1
			for i, f := range archive.Files {
				switch f.Name {
				case "test.scenario":
					src = f.Data
				case "required":
					required = strings.Fields(string(f.Data))
				case "errors":
					want, errorsIndex = string(f.Data), i
				default:
					t.Fatalf("unexpected section %q", f.Name)
				}
			}
			if src == nil {
				t.Fatal("no test.scenario section")
			}

			sc, errs := scenario.Parse("test.scenario", src, testMeasures, required, testTerm, testHistory)
			got := ""
			if errs != nil {
				got = errs.Error() + "\n"
			}
			if sc != nil && errs != nil {
				t.Error("Parse returned both a scenario and errors")
			}

			if *update {
				if errorsIndex < 0 {
					archive.Files = append(archive.Files, txtar.File{Name: "errors"})
					errorsIndex = len(archive.Files) - 1
				}
				archive.Files[errorsIndex].Data = []byte(got)
				if err := os.WriteFile(path, txtar.Format(archive), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if errorsIndex < 0 {
				t.Fatal("no errors section; run go test -update to write it")
			}
			if got == "" {
				t.Fatalf("Parse accepted the scenario, want errors:\n%s", want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors differ (-want +got):\n%s", diff)
			}
		})
	}
}
