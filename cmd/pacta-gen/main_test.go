package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCommand(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunWritesAllFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	code, stdout, stderr := runCommand("--out", dir, "--calls", "2000")
	if code != exitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr)
	}

	for _, name := range []string{"calls.csv", "cases.csv", "surveys.csv", "outages.csv"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
		if !strings.Contains(stdout, path+": ") {
			t.Errorf("stdout does not report %s:\n%s", path, stdout)
		}
	}
	if want := filepath.Join(dir, "calls.csv") + ": 2000 rows,"; !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
}

func TestRunSameFlagsSameBytes(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	for _, dir := range []string{first, second} {
		if code, _, stderr := runCommand("--out", dir, "--calls", "3000", "--seed", "7", "--year", "2027"); code != exitOK {
			t.Fatalf("exit code %d, stderr: %s", code, stderr)
		}
	}
	for _, name := range []string{"calls.csv", "cases.csv", "surveys.csv", "outages.csv"} {
		a, errA := os.ReadFile(filepath.Join(first, name))
		b, errB := os.ReadFile(filepath.Join(second, name))
		if errA != nil || errB != nil {
			t.Fatalf("read %s: %v, %v", name, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same flags", name)
		}
	}
}

func TestRunOnlySelectedFiles(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCommand("--out", dir, "--only", "outages, cases")
	if code != exitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "cases.csv outages.csv" {
		t.Errorf("files written: %s, want cases.csv outages.csv", got)
	}
}

func TestRunRejectsInvalidFlags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing out", []string{"--calls", "10"}, "missing --out"},
		{"unknown file", []string{"--out", dir, "--only", "calls,tickets"}, `invalid --only value "tickets"`},
		{"negative calls", []string{"--out", dir, "--calls", "-5"}, "invalid call count -5"},
		{"year out of range", []string{"--out", dir, "--year", "1800"}, "invalid year 1800"},
		{"positional argument", []string{"--out", dir, "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"--out", dir, "--rows", "5"}, "flag provided but not defined: -rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCommand(tt.args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	code, _, stderr := runCommand("--help")
	if code != exitOK {
		t.Errorf("exit code %d, want %d", code, exitOK)
	}
	for _, want := range []string{"Usage: pacta-gen --out DIR", "-calls", "-only files", "-seed seed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("help lacks %q:\n%s", want, stderr)
		}
	}
}

func TestRunReportsWriteFailure(t *testing.T) {
	// A regular file where the output directory should be makes the
	// directory impossible to create.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCommand("--out", filepath.Join(blocker, "dir"))
	if code != exitWriteError {
		t.Errorf("exit code %d, want %d", code, exitWriteError)
	}
	if !strings.Contains(stderr, "pacta-gen: ") {
		t.Errorf("stderr lacks an error message:\n%s", stderr)
	}
}
