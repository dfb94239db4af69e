package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pacta-dev/pacta/lang/diag"
)

// addSeeds adds every file of testdata/data as a seed, whatever its
// extension, because a JSON file is a good malformed CSV and the reverse.
func addSeeds(f *testing.F) {
	files, err := filepath.Glob("../../testdata/data/*")
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatal("no seed files in testdata/data")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		table, errs := ReadCSV("f.csv", src, fullSchema)
		checkResult(t, "f.csv", src, table, errs)
	})
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		table, errs := ReadJSON("f.json", src, fullSchema)
		checkResult(t, "f.json", src, table, errs)
	})
}

// checkResult checks what holds for every input: a table or errors but not
// both, errors at valid positions of src, and a table whose rows are the
// consecutive periods of the term with one cell per column.
func checkResult(t *testing.T, file string, src []byte, table *Table, errs *diag.List) {
	t.Helper()
	if (table == nil) == (errs == nil) {
		t.Fatalf("table is %v and error list is %v; want exactly one of them", table, errs)
	}

	if errs != nil {
		if !errs.HasErrors() || errs.Len() == 0 {
			t.Fatal("error list holds no errors")
		}
		for _, d := range errs.Items() {
			if d.File != file {
				t.Errorf("diagnostic %q has file %q, want %q", d.Message, d.File, file)
			}
			if d.Message == "" {
				t.Errorf("diagnostic at %+v has no message", d.Span.Start)
			}
			checkPos(t, string(src), d.Span.Start)
		}
		return
	}

	if table.File != file {
		t.Errorf("table file = %q, want %q", table.File, file)
	}
	if len(table.Rows) == 0 {
		t.Fatal("table has no rows")
	}
	for i, row := range table.Rows {
		if !fullSchema.Term.Contains(row.Period) {
			t.Errorf("row %d has period %s outside the term", i, row.Period)
		}
		if i > 0 && row.Period.Sub(table.Rows[i-1].Period) != 1 {
			t.Errorf("row %d has period %s after %s", i, row.Period, table.Rows[i-1].Period)
		}
		if len(row.Cells) != len(fullSchema.Columns) {
			t.Fatalf("row %d has %d cells, want %d", i, len(row.Cells), len(fullSchema.Columns))
		}
		checkPos(t, string(src), row.Pos)
		for _, c := range row.Cells {
			checkPos(t, string(src), c.Pos)
			if c.Missing && !c.Value.IsZero() {
				t.Errorf("missing cell at %+v has value %s", c.Pos, c.Value)
			}
		}
	}
}

// checkPos checks that p is a position in src whose line and column agree
// with its offset, counting columns after a leading byte-order mark.
func checkPos(t *testing.T, src string, p diag.Pos) {
	t.Helper()
	mark := 0
	if strings.HasPrefix(src, "\uFEFF") {
		mark = len("\uFEFF")
	}
	lines := strings.SplitAfter(src[mark:], "\n")
	if p.Line < 1 || p.Line > len(lines) {
		t.Errorf("position %+v: line outside 1 to %d", p, len(lines))
		return
	}
	if p.Col < 1 || p.Col-1 > len(lines[p.Line-1]) {
		t.Errorf("position %+v: column outside line %q", p, lines[p.Line-1])
		return
	}
	if want := at(src, p.Line, p.Col).Offset; p.Offset != want {
		t.Errorf("position %+v: offset should be %d", p, want)
	}
}
