package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/plot/plotter"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

func TestWritePlotsFiles(t *testing.T) {
	r := fixture(200)
	s := Summarize(r)
	first, second := t.TempDir(), filepath.Join(t.TempDir(), "nested", "plots")
	if err := WritePlots(first, s, r); err != nil {
		t.Fatal(err)
	}
	if err := WritePlots(second, s, r); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{HistogramPlot, ExceedancePlot, TerminationPlot} {
		for _, ext := range []string{".svg", ".png"} {
			file := name + ext
			a, err := os.ReadFile(filepath.Join(first, file))
			if err != nil {
				t.Fatal(err)
			}
			if len(a) == 0 {
				t.Errorf("%s is empty", file)
			}
			switch ext {
			case ".svg":
				if !bytes.HasPrefix(a, []byte("<?xml")) || !bytes.Contains(a, []byte("<svg")) || !bytes.HasSuffix(a, []byte("</svg>\n")) {
					t.Errorf("%s is not an SVG document: starts %q", file, a[:min(len(a), 60)])
				}
			case ".png":
				if !bytes.HasPrefix(a, pngSignature) {
					t.Errorf("%s does not start with the PNG signature: %q", file, a[:min(len(a), 8)])
				}
			}
			b, err := os.ReadFile(filepath.Join(second, file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between two calls with the same results", file)
			}
		}
	}
}

func TestWritePlotsWithoutTermination(t *testing.T) {
	r := quietResults()
	r.Meta.Notices = r.Meta.Notices[:1]
	for i := range r.Runs {
		r.Runs[i].FirstNotice = r.Runs[i].FirstNotice[:1]
		r.Runs[i].NoticeYears = r.Runs[i].NoticeYears[:1]
	}
	dir := t.TempDir()
	// Every run deducts zero, so the histogram has a single value.
	if err := WritePlots(dir, Summarize(r), r); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{HistogramPlot + ".png", ExceedancePlot + ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, TerminationPlot+".svg")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("termination plot without a termination notice: stat error %v, want not exist", err)
	}
}

func TestExceedancePointsExact(t *testing.T) {
	got := exceedancePoints([]int64{400, 200, 100, 200}, 2)
	want := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0.75}, {X: 2, Y: 0.25}, {X: 4, Y: 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exceedance points (-want +got):\n%s", diff)
	}
}

func TestExceedancePointsThinned(t *testing.T) {
	// 5,000 distinct totals are more than maxExceedancePoints.
	totals := make([]int64, 5000)
	for i := range totals {
		totals[i] = int64(5000-i) * 100
	}
	got := exceedancePoints(totals, 2)
	if len(got) > maxExceedancePoints+1 {
		t.Errorf("%d points, want at most %d", len(got), maxExceedancePoints+1)
	}
	if last := got[len(got)-1]; last.X != 5000 || last.Y != 0 {
		t.Errorf("last point = %v, want {5000 0}: the largest total, exceeded by no run", last)
	}
	for i := 1; i < len(got); i++ {
		if got[i].X < got[i-1].X || got[i].Y > got[i-1].Y {
			t.Fatalf("points %d and %d (%v, %v) are not a falling step", i-1, i, got[i-1], got[i])
		}
	}
}

func TestHistogramBinsLattice(t *testing.T) {
	// Totals on a USD 625.00 lattice from 0 to 12,500.00: 21 lattice points
	// in at most 10 bins (4 runs) means 3 points a bin.
	totals := []int64{0, 62_500, 625_000, 1_250_000}
	bins := histogramBins(totals, 2)
	if len(bins) != 7 {
		t.Fatalf("%d bins, want 7", len(bins))
	}
	if got := bins[0]; got.Min != -312.5 || got.Max != 1562.5 || got.Weight != 2 {
		t.Errorf("first bin = %+v, want [-312.5, 1562.5) with 2 runs", got)
	}
	var runs float64
	for i, b := range bins {
		runs += b.Weight
		if w := b.Max - b.Min; w != 1875 {
			t.Errorf("bin %d is %v wide, want 1875 (3 lattice steps)", i, w)
		}
	}
	if runs != 4 {
		t.Errorf("bins hold %v runs, want 4", runs)
	}
	if last := bins[len(bins)-1]; last.Weight != 1 || last.Min > 12_500 || last.Max < 12_500 {
		t.Errorf("last bin = %+v, want the run of 12,500.00", last)
	}
}

func TestHistogramBinsSingleValue(t *testing.T) {
	bins := histogramBins([]int64{500, 500, 500}, 2)
	want := []plotter.HistogramBin{{Min: 4.5, Max: 5.5, Weight: 3}}
	if diff := cmp.Diff(want, bins); diff != "" {
		t.Errorf("bins (-want +got):\n%s", diff)
	}
}
