package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const unformatted = "contract   \"C\"\n    currency USD\n  term 2026-01 to 2026-12   monthly  # first year\n"

const formatted = "contract \"C\"\n  currency USD\n  term 2026-01 to 2026-12 monthly  # first year\n"

func writeContract(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.pacta")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFmtPrints(t *testing.T) {
	path := writeContract(t, unformatted)
	code, stdout, stderr := runPacta("fmt", path)
	if code != exitOK || stdout != formatted || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestFmtCheck(t *testing.T) {
	path := writeContract(t, unformatted)
	code, stdout, stderr := runPacta("fmt", "--check", path)
	if code != exitContractError || stdout != "" || !strings.Contains(stderr, path+" is not formatted") {
		t.Errorf("unformatted: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	ok := writeContract(t, formatted)
	if code, _, stderr := runPacta("fmt", "--check", ok); code != exitOK {
		t.Errorf("formatted: exit %d, stderr %q", code, stderr)
	}
}

func TestFmtListAndDiff(t *testing.T) {
	path := writeContract(t, unformatted)
	ok := writeContract(t, formatted)
	code, stdout, _ := runPacta("fmt", "-l", path, ok)
	if code != exitOK || stdout != path+"\n" {
		t.Errorf("-l: exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = runPacta("fmt", "-d", path)
	if code != exitOK || !strings.HasPrefix(stdout, "--- "+path) || !strings.Contains(stdout, "+  currency USD") {
		t.Errorf("-d: exit %d, stdout:\n%s", code, stdout)
	}
}

func TestFmtWrite(t *testing.T) {
	path := writeContract(t, unformatted)
	if code, _, stderr := runPacta("fmt", "-w", path); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != formatted {
		t.Errorf("file after -w:\n%s\nwant:\n%s", got, formatted)
	}
}

func TestFmtRejectsBrokenContract(t *testing.T) {
	path := writeContract(t, "contract \"C\"\n  currency\n")
	code, stdout, stderr := runPacta("fmt", "-w", path)
	if code != exitContractError || stdout != "" || !strings.Contains(stderr, "c.pacta:2:") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != "contract \"C\"\n  currency\n" {
		t.Errorf("fmt -w changed a file that does not parse: %q", got)
	}
	if code, _, _ := runPacta("fmt", filepath.Join(t.TempDir(), "missing.pacta")); code != exitUsageOrData {
		t.Errorf("missing file: exit %d, want %d", code, exitUsageOrData)
	}
}
