// Package a11y runs tools/a11y/check.mjs from Go tests. The script checks an
// HTML page against WCAG 2.1 A and AA with axe-core in headless Chromium, and
// checks that the page makes no network requests and shows text with
// JavaScript disabled.
package a11y

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// chromiumPath is the browser's path in Debian's chromium package, the same
// path that check.mjs launches.
const chromiumPath = "/usr/bin/chromium"

// Check runs check.mjs on htmlFile and fails t with the script's output when
// the page violates an axe-core rule, makes a network request or shows no
// text with JavaScript disabled. It skips t when Chromium, node or the npm
// packages in tools/a11y/node_modules are missing.
func Check(t testing.TB, htmlFile string) {
	t.Helper()
	dir, err := toolDir()
	if err != nil {
		t.Fatalf("a11y: %v", err)
		return
	}
	if missing := missingTool(dir); missing != "" {
		t.Skipf("a11y: %s is missing, so the accessibility check is skipped; run bash tools/a11y/setup.sh", missing)
		return
	}

	output, exitCode, err := runCheck(dir, htmlFile)
	switch {
	case err != nil:
		t.Fatalf("a11y: %v\n%s", err, output)
	case exitCode == 1:
		t.Fatalf("a11y: %s failed the accessibility check:\n%s", htmlFile, output)
	case exitCode != 0:
		t.Fatalf("a11y: check.mjs exited with status %d on %s:\n%s", exitCode, htmlFile, output)
	}
}

// toolDir returns the directory that contains check.mjs, found from the path
// of this source file.
func toolDir() (string, error) {
	_, source, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("runtime.Caller failed, so the path of a11y.go is unknown")
	}
	dir := filepath.Dir(source)
	if _, err := os.Stat(filepath.Join(dir, "check.mjs")); err != nil {
		// NOTE: a binary built with -trimpath records a module path here, not a
		// directory, so the check cannot be found.
		return "", fmt.Errorf("check.mjs not found next to %s: %w", source, err)
	}
	return dir, nil
}

// missingTool returns the first of Chromium, node and the npm packages that
// is not installed, or "" when all of them are.
func missingTool(dir string) string {
	if _, err := os.Stat(chromiumPath); err != nil {
		return chromiumPath
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "node"
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		return filepath.Join(dir, "node_modules")
	}
	return ""
}

// runCheck runs check.mjs on htmlFile and returns its combined output and
// exit status. The error is set only when node could not be run at all.
func runCheck(dir, htmlFile string) (output string, exitCode int, err error) {
	cmd := exec.Command("node", filepath.Join(dir, "check.mjs"), htmlFile)
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return string(out), exitErr.ExitCode(), nil
	}
	if err != nil {
		return string(out), -1, fmt.Errorf("running node %s: %w", filepath.Join(dir, "check.mjs"), err)
	}
	return string(out), 0, nil
}
