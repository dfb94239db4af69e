package a11y

import (
	"fmt"
	"strings"
	"testing"
)

// requireTools returns the directory of check.mjs, and skips t when the
// check cannot run on this machine.
func requireTools(t *testing.T) string {
	t.Helper()
	dir, err := toolDir()
	if err != nil {
		t.Fatal(err)
	}
	if missing := missingTool(dir); missing != "" {
		t.Skipf("%s is missing; run bash tools/a11y/setup.sh", missing)
	}
	return dir
}

func TestCheckGoodPagePasses(t *testing.T) {
	Check(t, "testdata/good.html")
}

func TestCheckFailingPages(t *testing.T) {
	dir := requireTools(t)
	cases := []struct {
		file     string
		exitCode int
		want     []string
	}{
		{
			file:     "testdata/bad.html",
			exitCode: 1,
			want: []string{
				"html-has-lang (serious)",
				"color-contrast (serious)",
				"contrast of 1.91",
				"td-has-header (critical)",
				"image-alt (critical)",
				"FAIL: 4 axe rules violated on 4 elements",
			},
		},
		{
			file:     "testdata/network.html",
			exitCode: 1,
			want: []string{
				"GET https://fonts.example.com/report.css (stylesheet",
				"GET http://127.0.0.1:9/chart.png (image)",
				"FAIL: 2 network requests",
			},
		},
		{
			file:     "testdata/script-only.html",
			exitCode: 1,
			want: []string{
				"the page has 1 <script> element",
				"FAIL: the page body shows no text with JavaScript disabled",
			},
		},
		{
			file:     "testdata/missing.html",
			exitCode: 2,
			want:     []string{"testdata/missing.html: file not found"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			output, exitCode, err := runCheck(dir, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if exitCode != tc.exitCode {
				t.Errorf("exit status = %d, want %d; output:\n%s", exitCode, tc.exitCode, output)
			}
			for _, want := range tc.want {
				if !strings.Contains(output, want) {
					t.Errorf("output lacks %q; output:\n%s", want, output)
				}
			}
		})
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and returns
// instead of stopping the test. Every other method is the wrapped test's.
type fatalRecorder struct {
	testing.TB
	messages []string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.messages = append(r.messages, fmt.Sprintf(format, args...))
}

func TestCheckBadPageFailsTest(t *testing.T) {
	requireTools(t)
	recorder := &fatalRecorder{TB: t}
	Check(recorder, "testdata/bad.html")

	if len(recorder.messages) != 1 {
		t.Fatalf("Check called Fatalf %d times, want 1: %q", len(recorder.messages), recorder.messages)
	}
	message := recorder.messages[0]
	if !strings.Contains(message, "testdata/bad.html failed the accessibility check") {
		t.Errorf("message lacks the file name; message:\n%s", message)
	}
	if !strings.Contains(message, "image-alt (critical)") {
		t.Errorf("message lacks the check's output; message:\n%s", message)
	}
}
