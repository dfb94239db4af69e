package main

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden with the current output of pacta eval")

// goldenDir holds one directory of golden outputs per shipped contract,
// named after the contract. The outputs are kept apart from the contract's
// input data in testdata/<name>/.
const goldenDir = "testdata/golden"

// goldenOutputs lists each golden file and the eval flags whose stdout it
// holds.
var goldenOutputs = []struct {
	file  string
	flags []string
}{
	{"eval.txt", []string{"--format", "text"}},
	{"eval.json", []string{"--format", "json"}},
	{"eval.csv", []string{"--format", "csv"}},
	{"eval-explain.txt", []string{"--explain"}},
}

// chdirRepoRoot makes the repository root the working directory for the
// rest of the test, so that pacta prints file names as a user in the root
// would type them ("contracts/springfield.pacta").
func chdirRepoRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
	if _, err := os.Stat("go.mod"); err != nil {
		t.Fatalf("the repository root is not two directories above cmd/pacta: %v", err)
	}
}

// shippedContracts returns the contracts in contracts/, as slash-separated
// paths relative to the repository root.
func shippedContracts(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob("contracts/*.pacta")
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) == 0 {
		t.Fatal("no contract in contracts/")
	}
	var contracts []string
	for _, m := range matches {
		if !strings.HasSuffix(m, "_test.pacta") {
			contracts = append(contracts, filepath.ToSlash(m))
		}
	}
	matches = contracts
	return matches
}

func contractName(contract string) string {
	return strings.TrimSuffix(path.Base(contract), ".pacta")
}

// TestEvalGolden evaluates every shipped contract that has period data in
// testdata/<name>/periods.csv and compares the output of each format with
// its golden file. Run it with -update to rewrite the golden files, then
// check the new figures by hand before committing them.
func TestEvalGolden(t *testing.T) {
	chdirRepoRoot(t)

	evaluated := map[string]bool{}
	for _, contract := range shippedContracts(t) {
		name := contractName(contract)
		data := path.Join("testdata", name, "periods.csv")
		if _, err := os.Stat(data); errors.Is(err, fs.ErrNotExist) {
			t.Logf("%s has no %s, so it has no golden outputs", contract, data)
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		evaluated[name] = true

		for _, out := range goldenOutputs {
			t.Run(name+"/"+out.file, func(t *testing.T) {
				args := append([]string{"eval", contract, "--data", data}, out.flags...)
				command := "pacta " + strings.Join(args, " ")
				var stdout, stderr bytes.Buffer
				if code := run(args, &stdout, &stderr); code != exitOK {
					t.Fatalf("%s: exit code %d, want %d; stderr:\n%s", command, code, exitOK, stderr.String())
				}
				if stderr.Len() != 0 {
					t.Errorf("%s: stderr is not empty:\n%s", command, stderr.String())
				}

				golden := path.Join(goldenDir, name, out.file)
				if *update {
					if err := os.MkdirAll(path.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v; create it with: go test ./cmd/pacta -run TestEvalGolden -update", err)
				}
				// Comparing lines, not one long string, makes the diff show
				// whole ledger lines.
				if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(stdout.String(), "\n")); diff != "" {
					t.Errorf("%s: output differs from %s (-want +got):\n%s", command, golden, diff)
				}
			})
		}
	}
	if len(evaluated) == 0 {
		t.Fatal("no contract in contracts/ has data in testdata/<name>/periods.csv")
	}

	// A golden directory without a contract is left over from a renamed or
	// removed contract, and nothing would ever compare it again.
	dirs, err := os.ReadDir(goldenDir)
	if err != nil && !*update {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && !evaluated[d.Name()] {
			t.Errorf("%s/%s has no contract contracts/%s.pacta with data testdata/%s/periods.csv; remove it",
				goldenDir, d.Name(), d.Name(), d.Name())
		}
	}
}
