package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/pacta-dev/pacta/engine/simulate"
	"github.com/pacta-dev/pacta/lang/types"
)

// Plot file names, without the extension. WritePlots writes each as .svg
// and .png.
const (
	HistogramPlot   = "deductions_histogram"
	ExceedancePlot  = "exceedance"
	TerminationPlot = "termination_by_year"
)

const (
	plotWidth  = 16 * vg.Centimeter
	plotHeight = 10 * vg.Centimeter
	pngDPI     = 150
	// maxExceedancePoints bounds the points of the exceedance curve, so
	// that the SVG stays small for a large number of runs.
	maxExceedancePoints = 2000
)

var (
	barColor  = color.RGBA{R: 0x4c, G: 0x72, B: 0xb0, A: 0xff}
	lineColor = color.RGBA{R: 0xc4, G: 0x4e, B: 0x52, A: 0xff}
)

// WritePlots writes the plots of the report into dir, creating it if
// needed: the histogram of the term's total deductions, the exceedance
// curve (the probability that the term's deductions exceed an amount), and,
// when the contract has a termination notice, the probability of a
// termination notice per contract year. Each is written as SVG and PNG.
//
// The same inputs give byte-identical files on one platform: neither format
// carries a time or a random id. The SVG names the Liberation fonts without
// embedding them, so a viewer without them substitutes its own.
//
// NOTE: The Go compiler may fuse multiply-adds on some architectures, such
// as arm64, so coordinates and pixels may differ in the last digits from
// the files made on amd64. Only amd64 has been checked.
func WritePlots(dir string, s *Summary, r *simulate.Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("failed to create the plot directory: %w", err)
	}

	plots := []struct {
		name string
		make func() (*plot.Plot, error)
	}{
		{HistogramPlot, func() (*plot.Plot, error) { return histogramPlot(s, r) }},
		{ExceedancePlot, func() (*plot.Plot, error) { return exceedancePlot(s, r) }},
	}
	if s.Termination >= 0 {
		plots = append(plots, struct {
			name string
			make func() (*plot.Plot, error)
		}{TerminationPlot, func() (*plot.Plot, error) { return terminationPlot(s) }})
	}

	for _, pl := range plots {
		p, err := pl.make()
		if err != nil {
			return fmt.Errorf("failed to draw plot %s: %w", pl.name, err)
		}
		if err := savePlot(p, filepath.Join(dir, pl.name)); err != nil {
			return err
		}
	}
	return nil
}

// savePlot writes p to base+".svg" and base+".png".
func savePlot(p *plot.Plot, base string) error {
	svg := vgsvg.New(plotWidth, plotHeight)
	png := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(pngDPI))}
	for _, out := range []struct {
		ext    string
		canvas vg.CanvasWriterTo
	}{{".svg", svg}, {".png", png}} {
		// A margin keeps the title and the axis labels off the image's
		// edges, and the title's padding keeps a legend at the top from
		// touching it.
		margin := vg.Points(6)
		p.Title.Padding = vg.Points(8)
		p.Draw(draw.Crop(draw.New(out.canvas), margin, -margin, margin, -margin))
		var buf bytes.Buffer
		if _, err := out.canvas.WriteTo(&buf); err != nil {
			return fmt.Errorf("failed to render plot %s: %w", base+out.ext, err)
		}
		if err := os.WriteFile(base+out.ext, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("failed to write plot: %w", err)
		}
	}
	return nil
}

// currencyUnits converts minor units to currency units for plotting. Plot
// coordinates are float64, but no reported figure is read from them.
func currencyUnits(minor int64, minorUnits int32) float64 {
	return float64(minor) / math.Pow10(int(minorUnits))
}

func histogramPlot(s *Summary, r *simulate.Results) (*plot.Plot, error) {
	m := s.Meta
	h := &plotter.Histogram{
		Bins:      histogramBins(runTotals(r.Runs), m.MinorUnits),
		FillColor: barColor,
		LineStyle: plotter.DefaultLineStyle,
	}
	h.Width = h.Bins[0].Max - h.Bins[0].Min
	h.LineStyle.Color = color.White

	p := plot.New()
	p.Title.Text = "Total deductions over the term, " + plural(len(r.Runs), "run")
	p.X.Label.Text = "Total deductions over the term (" + m.Currency + ")"
	p.X.Tick.Marker = amountTicks{}
	p.Y.Label.Text = "Runs"
	p.Add(plotter.NewGrid(), h)
	// The margin keeps the highest bar clear of the title.
	p.Y.Max *= 1.05
	return p, nil
}

// histogramBins counts the run totals in 10 to 50 bins of equal width (the
// square root of the number of runs, clamped). Deductions often fall on a
// lattice, multiples of a fixed amount such as USD 625.00, and bins of a
// width that is not a multiple of its step would hold alternately more
// and fewer lattice points. So the width is rounded up to a multiple of the
// step, the greatest common divisor of the totals' distances from the
// smallest, and the edges fall halfway between lattice points.
func histogramBins(totals []int64, minorUnits int32) []plotter.HistogramBin {
	lo, hi := slices.Min(totals), slices.Max(totals)
	var step int64
	for _, v := range totals {
		step = gcd(step, v-lo)
	}
	unit := math.Pow10(int(minorUnits))
	if step == 0 {
		// Every run has the same total: one bin one currency unit wide.
		x := float64(lo) / unit
		return []plotter.HistogramBin{{Min: x - 0.5, Max: x + 0.5, Weight: float64(len(totals))}}
	}

	target := int64(min(max(int(math.Ceil(math.Sqrt(float64(len(totals))))), 10), 50))
	points := (hi-lo)/step + 1
	perBin := (points + target - 1) / target
	// Edges in doubled minor units keep the half-step offset an integer.
	width := 2 * step * perBin
	start := 2*lo - step
	count := (2*hi-start)/width + 1
	bins := make([]plotter.HistogramBin, count)
	for i := range bins {
		bins[i].Min = float64(start+int64(i)*width) / 2 / unit
		bins[i].Max = float64(start+int64(i+1)*width) / 2 / unit
	}
	for _, v := range totals {
		bins[(2*v-start)/width].Weight++
	}
	return bins
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// exceedancePlot draws P(T > x) for the term's total deductions T as a step
// function of x.
func exceedancePlot(s *Summary, r *simulate.Results) (*plot.Plot, error) {
	m := s.Meta
	line, err := plotter.NewLine(exceedancePoints(runTotals(r.Runs), m.MinorUnits))
	if err != nil {
		return nil, err
	}
	line.StepStyle = plotter.PostStep
	line.Color = barColor
	line.Width = vg.Points(1.5)

	p := plot.New()
	p.Title.Text = "Probability that the term's deductions exceed an amount"
	p.X.Label.Text = "Total deductions over the term (" + m.Currency + ")"
	p.X.Tick.Marker = amountTicks{}
	p.Y.Label.Text = "Probability of exceeding"
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid(), line)
	return p, nil
}

// exceedancePoints returns the corners of the step function P(T > x) for
// the run totals, for a post-step line that starts at probability 1. Above
// maxExceedancePoints distinct totals it keeps the points at evenly spaced
// ranks, so the curve then lies above the exact one by at most
// 1/maxExceedancePoints between two kept points.
func exceedancePoints(totals []int64, minorUnits int32) plotter.XYs {
	sorted := slices.Sorted(slices.Values(totals))
	n := len(sorted)

	// ends holds the index after the last run of each kept amount: the
	// probability of exceeding sorted[end-1] is (n-end)/n.
	var ends []int
	for i := 1; i <= n; i++ {
		if i == n || sorted[i] != sorted[i-1] {
			ends = append(ends, i)
		}
	}
	if len(ends) > maxExceedancePoints {
		thinned := make([]int, 0, maxExceedancePoints)
		for k := 1; k <= maxExceedancePoints; k++ {
			rank := (k*n + maxExceedancePoints - 1) / maxExceedancePoints
			i, _ := slices.BinarySearch(ends, rank)
			if len(thinned) == 0 || thinned[len(thinned)-1] != ends[i] {
				thinned = append(thinned, ends[i])
			}
		}
		ends = thinned
	}

	start := min(0, currencyUnits(sorted[0], minorUnits))
	points := plotter.XYs{{X: start, Y: 1}}
	for _, end := range ends {
		points = append(points, plotter.XY{X: currencyUnits(sorted[end-1], minorUnits), Y: float64(n-end) / float64(n)})
	}
	return points
}

// terminationPlot draws, per contract year, the probability that a
// termination notice is issued in that year (bars) and the probability that
// one has been issued by the end of that year (line).
func terminationPlot(s *Summary) (*plot.Plot, error) {
	n := s.Notices[s.Termination]
	years := len(s.Years)
	inYear := make(plotter.Values, years)
	cumulative := make(plotter.XYs, years)
	first := 0
	for y := range years {
		inYear[y] = n.Years[y].Fraction.InexactFloat64()
		first += n.FirstIssue.Years[y].Runs
		cumulative[y] = plotter.XY{X: float64(y + 1), Y: float64(first) / float64(s.Meta.Runs)}
	}

	p := plot.New()
	p.Title.Text = "Termination notice by contract year"
	p.X.Label.Text = "Contract year, labelled by its first period"
	p.X.Tick.Marker = yearTicks(s.Years)
	p.X.Min, p.X.Max = 0.5, float64(years)+0.5
	p.Y.Label.Text = "Probability"
	// A notice issued in a year has been first issued by its end, so the
	// last cumulative point is the highest. The margin above it leaves room
	// for the legend.
	p.Y.Min, p.Y.Max = 0, 1
	if last := cumulative[years-1].Y; last > 0 {
		p.Y.Max = min(1, last*1.4)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.YOffs = -vg.Points(4)

	bars, err := plotter.NewBarChart(inYear, vg.Points(min(40, max(2, 240/float64(years)))))
	if err != nil {
		return nil, err
	}
	bars.XMin = 1
	bars.Color = barColor
	bars.LineStyle.Width = 0

	line, points, err := plotter.NewLinePoints(cumulative)
	if err != nil {
		return nil, err
	}
	line.Color = lineColor
	points.Color = lineColor

	p.Add(plotter.NewGrid(), bars, line, points)
	p.Legend.Add("issued in the year", bars)
	p.Legend.Add("first issued by the end of the year", line, points)
	return p, nil
}

// yearTicks marks every contract year and labels at most six of them with
// the start of the year's label ("2026-01" of "2026-01 to 2026-12"), so
// that the labels do not overlap.
func yearTicks(years []Distribution) plot.ConstantTicks {
	step := (len(years) + 5) / 6
	var ticks plot.ConstantTicks
	for y, d := range years {
		t := plot.Tick{Value: float64(y + 1)}
		if y%step == 0 {
			t.Label, _, _ = strings.Cut(d.Label, " to ")
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// amountTicks labels money ticks in plain notation with grouped thousands
// ("1,500,000") where the default ticks would write "1.5e+06".
type amountTicks struct{}

func (amountTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label == "" {
			continue
		}
		if strings.ContainsAny(t.Label, "eE") && math.Abs(t.Value) >= 1 {
			ticks[i].Label = types.GroupThousands(strconv.FormatFloat(t.Value, 'f', 0, 64))
		} else {
			ticks[i].Label = types.GroupThousands(t.Label)
		}
	}
	return ticks
}
