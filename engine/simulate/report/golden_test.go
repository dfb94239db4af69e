package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/pacta-dev/pacta/engine/simulate"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata with the current report output")

// goldenCases are the results whose report outputs have golden files
// testdata/<name>.txt, .json and .csv.
var goldenCases = []struct {
	name    string
	results func() *simulate.Results
}{
	// full has every section: notices, caps, shifts, an NPV and a second
	// contract.
	{"full", func() *simulate.Results { return fixture(200) }},
	// quiet deducts nothing, never issues its notices, has no cap and no
	// payments, so every percentage is n/a.
	{"quiet", quietResults},
}

func quietResults() *simulate.Results {
	r := oneYear([]int64{0, 0, 0}, "warning", "termination")
	r.Meta.Payments, r.Meta.PaymentsByYear = 0, []int64{0}
	r.Meta.Levels = []simulate.Item{{Name: "availability"}}
	for i := range r.Runs {
		r.Runs[i].ByLevel = []int64{0}
	}
	return r
}

var goldenWriters = []struct {
	ext   string
	write func(io.Writer, *Summary) error
}{
	{".txt", WriteText},
	{".json", WriteJSON},
	{".csv", WriteCSV},
}

// TestWriteGolden compares each output with its golden file. Run it with
// -update to rewrite the files, then check the new figures by hand before
// committing them.
func TestWriteGolden(t *testing.T) {
	for _, gc := range goldenCases {
		for _, w := range goldenWriters {
			t.Run(gc.name+w.ext, func(t *testing.T) {
				var got bytes.Buffer
				if err := w.write(&got, Summarize(gc.results())); err != nil {
					t.Fatal(err)
				}

				golden := filepath.Join("testdata", gc.name+w.ext)
				if *update {
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v; create it with: go test ./engine/simulate/report -run TestWriteGolden -update", err)
				}
				if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got.String(), "\n")); diff != "" {
					t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
				}
			})
		}
	}
}

func TestWriteDeterministic(t *testing.T) {
	for _, w := range goldenWriters {
		var first, second bytes.Buffer
		if err := w.write(&first, Summarize(fixture(200))); err != nil {
			t.Fatal(err)
		}
		if err := w.write(&second, Summarize(fixture(200))); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Errorf("%s output differs between two writes of the same results", w.ext)
		}
	}
}

func TestWriteTextWidth(t *testing.T) {
	for _, gc := range goldenCases {
		var out bytes.Buffer
		if err := WriteText(&out, Summarize(gc.results())); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(out.String(), "\n") {
			if n := utf8.RuneCountInString(line); n > textWidth {
				t.Errorf("%s line %d has %d columns, want at most %d: %q", gc.name, i+1, n, textWidth, line)
			}
		}
	}
}

func TestWriteTextWithoutTermination(t *testing.T) {
	r := oneYear([]int64{100, 200}, "warning")
	r.Meta.Compare = &simulate.CompareMeta{Contract: "d.pacta", Notices: []simulate.Item{{Name: "termination"}}}
	for _, total := range []int64{50, 300} {
		r.Compare = append(r.Compare, simulate.Outcome{
			Total: total, ByYear: []int64{total}, FirstNotice: []int{-1}, NoticeYears: [][]bool{{false}},
		})
	}
	var out bytes.Buffer
	if err := WriteText(&out, Summarize(r)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`The contract declares no notice named "termination"`,
		"The termination probabilities are not compared",
		"The second contract deducts more in 50.00% of runs, less in 50.00% and the same in 0.00%.",
		"On average it deducts USD 0.25 more per term.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report does not contain %q:\n%s", want, out.String())
		}
	}
}

func TestTableSplitsWideTables(t *testing.T) {
	tb := newTable("Year", strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 40))
	tb.add("2026", "1", "2", "3")
	lines := tb.lines(indent)
	// The first block holds columns a and b (2 + 4 + 3 + 40 + 3 + 40 = 92
	// columns), the second column c, each under a repeat of the first.
	want := []string{
		"  Year   " + strings.Repeat("a", 40) + "   " + strings.Repeat("b", 40),
		"  2026   " + strings.Repeat(" ", 39) + "1   " + strings.Repeat(" ", 39) + "2",
		"",
		"  Year   " + strings.Repeat("c", 40),
		"  2026   " + strings.Repeat(" ", 39) + "3",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("split table (-want +got):\n%s", diff)
	}
}

func TestWrapKeepsWordsWhole(t *testing.T) {
	long := strings.Repeat("x", 120)
	got := wrap(indent, "short "+long+" end")
	want := []string{"  short", "  " + long, "  end"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wrap (-want +got):\n%s", diff)
	}
}
