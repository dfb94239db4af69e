package report

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// chartView is the deductions chart and the table it is drawn from.
type chartView struct {
	Title string
	// Summary states what the chart shows, for readers who cannot see it.
	Summary string
	// Series are the stacked series: the service levels that have a
	// deduction in some period, then the excess carried in, if any.
	Series   []chartSeries
	Rows     []chartRow
	HasCap   bool
	Omitted  []string
	SVG      template.HTML
	Currency string
}

type chartSeries struct {
	// Level is the service level's name, or "" for the excess carried in.
	Level, Label string
}

type chartRow struct {
	Period, Label, Short string
	// Cells are the amounts of the series, in the order of Series.
	Cells     []amount
	BeforeCap amount
	CapLimit  *amount
	Total     amount
}

func buildChart(v *view, c *check.Contract, res *engine.Result) chartView {
	ch := chartView{Title: "Deductions by " + v.PeriodNoun + " and service level", Currency: v.Currency}
	deducts := map[string]bool{}
	carried := false
	for _, p := range res.Periods {
		for _, lr := range p.ServiceLevels {
			if lr.Deduction.Value.IsPositive() {
				deducts[lr.Name] = true
			}
		}
		if p.CarriedIn.Value.IsPositive() {
			carried = true
		}
		if p.Cap != nil {
			ch.HasCap = true
		}
	}
	for _, l := range c.Levels {
		if deducts[l.Name] {
			ch.Series = append(ch.Series, chartSeries{Level: l.Name, Label: l.Label()})
		} else {
			ch.Omitted = append(ch.Omitted, l.Label())
		}
	}
	if carried {
		ch.Series = append(ch.Series, chartSeries{Label: "Excess carried in"})
	}

	for k, p := range res.Periods {
		row := chartRow{
			Period: p.Period, Label: v.Ledger[k].Label, Short: periodShort(v.Gran, p.Period),
			BeforeCap: money(p.DeductionsBeforeCap), Total: money(p.TotalDeduction),
		}
		for _, s := range ch.Series {
			if s.Level == "" {
				row.Cells = append(row.Cells, money(p.CarriedIn))
				continue
			}
			for _, lr := range p.ServiceLevels {
				if lr.Name == s.Level {
					row.Cells = append(row.Cells, money(lr.Deduction))
				}
			}
		}
		if p.Cap != nil {
			a := money(p.Cap.Limit)
			row.CapLimit = &a
		}
		ch.Rows = append(ch.Rows, row)
	}
	ch.Summary = chartSummary(v, res)
	return ch
}

// chartSummary states the chart's main facts in sentences: how many
// periods had a deduction, the largest total, and where the cap bound.
func chartSummary(v *view, res *engine.Result) string {
	n := len(res.Periods)
	with := 0
	largest := -1
	for k, p := range res.Periods {
		if p.TotalDeduction.Value.IsPositive() {
			with++
			if largest < 0 || p.TotalDeduction.Value.GreaterThan(res.Periods[largest].TotalDeduction.Value) {
				largest = k
			}
		}
	}
	cur := v.Currency + " "
	if with == 0 {
		return fmt.Sprintf("No deduction in any of the %s.", plural(n, v.PeriodNoun))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Deductions in %d of %s, %s%s in total. ", with, plural(n, v.PeriodNoun), cur, money(res.Totals.TotalDeduction).Text)
	p := res.Periods[largest]
	fmt.Fprintf(&b, "The largest total was %s%s in %s.", cur, money(p.TotalDeduction).Text, v.Ledger[largest].Label)

	var bound []string
	for k, p := range res.Periods {
		if p.Cap != nil && p.Cap.Binding {
			bound = append(bound, fmt.Sprintf("in %s the deductions of %s%s were cut to %s%s",
				v.Ledger[k].Label, cur, money(p.Cap.Before).Text, cur, money(p.Cap.After).Text))
		}
	}
	switch {
	case len(bound) > 0:
		fmt.Fprintf(&b, " The cap on total deductions bound in %s: %s.", plural(len(bound), v.PeriodNoun), strings.Join(bound, "; "))
	case res.Periods[0].Cap != nil:
		b.WriteString(" The cap on total deductions never bound.")
	}
	return b.String()
}

const (
	chartWidth  = 17 * vg.Centimeter
	chartHeight = 10 * vg.Centimeter
)

// seriesColors are the Okabe–Ito palette without its black, which is
// meant to stay distinguishable under the common colour-vision
// deficiencies. A chart with more series than colours reuses them, and
// then the legend order and the table tell the series apart.
var seriesColors = []color.RGBA{
	{0xE6, 0x9F, 0x00, 0xFF},
	{0x56, 0xB4, 0xE9, 0xFF},
	{0x00, 0x9E, 0x73, 0xFF},
	{0xF0, 0xE4, 0x42, 0xFF},
	{0x00, 0x72, 0xB2, 0xFF},
	{0xD5, 0x5E, 0x00, 0xFF},
	{0xCC, 0x79, 0xA7, 0xFF},
}

// sansFont is the Liberation Sans face that gonum/plot carries. The SVG
// names it without embedding it, and inlineSVG adds Arial, whose metrics
// Liberation Sans matches, as a fallback.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// chartHeightFor returns the height of a chart with the given number of
// series. The legend takes two columns; beyond four rows of it, each row
// adds its height, so that many service levels leave room for the bars.
func chartHeightFor(series int) vg.Length {
	rows := (series + 2) / 2
	return chartHeight + vg.Length(max(0, rows-4))*vg.Points(12)
}

// chartSVG draws the deductions chart with gonum/plot as an SVG element to
// inline in the page.
//
// NOTE: The Go compiler may fuse multiply-adds on some architectures, such
// as arm64, so coordinates may differ in the last digits from those drawn
// on amd64. Two renders on one machine are byte-identical.
func chartSVG(v *view) (template.HTML, error) {
	c := vgsvg.New(chartWidth, chartHeightFor(len(v.Chart.Series)))
	if err := drawChart(c, v.Chart); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("report: failed to write the deductions chart: %w", err)
	}
	return inlineSVG(buf.String(), v.Chart.Title)
}

// drawChart draws the chart of ch onto c: one stacked bar per period, a
// segment per series, the cap as a dashed step line, and the legend below
// the plot.
func drawChart(c vg.CanvasSizer, ch chartView) error {
	p := plot.New()
	setFonts(p)
	p.Y.Label.Text = "Deduction (" + ch.Currency + ")"
	p.Y.Tick.Marker = amountTicks{}
	p.Y.Min = 0
	p.Add(plotter.NewGrid())

	n := len(ch.Rows)
	var entries []legendItem
	// The bars take about two thirds of the room per period, which is the
	// plot's width less about 60pt for the Y axis.
	width := vg.Points(math.Max(1, math.Min(36, 0.65*(chartWidth.Points()-60)/float64(n))))
	var below *plotter.BarChart
	for k, s := range ch.Series {
		values := make(plotter.Values, n)
		for i, row := range ch.Rows {
			values[i] = row.Cells[k].float()
		}
		bars, err := plotter.NewBarChart(values, width)
		if err != nil {
			return fmt.Errorf("report: failed to draw the deductions chart: %w", err)
		}
		bars.Color = seriesColors[k%len(seriesColors)]
		// A dark outline sets each segment off from its neighbours and from
		// the white background, which the light colours alone do not.
		bars.LineStyle.Color = color.Gray{Y: 0x33}
		bars.LineStyle.Width = vg.Points(0.5)
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		entries = append(entries, legendItem{s.Label, bars})
	}

	top := 0.0
	for _, row := range ch.Rows {
		top = math.Max(top, row.BeforeCap.float())
	}
	if ch.HasCap {
		var steps plotter.XYs
		for i, row := range ch.Rows {
			if row.CapLimit == nil {
				continue
			}
			y := row.CapLimit.float()
			top = math.Max(top, y)
			steps = append(steps, plotter.XY{X: float64(i) - 0.5, Y: y}, plotter.XY{X: float64(i) + 0.5, Y: y})
		}
		line, err := plotter.NewLine(steps)
		if err != nil {
			return fmt.Errorf("report: failed to draw the cap line: %w", err)
		}
		line.Color = color.Black
		line.Width = vg.Points(1.5)
		line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(line)
		entries = append(entries, legendItem{"Cap on total deductions", line})
	}
	if top == 0 {
		top = 1
	}
	p.Y.Max = top * 1.08
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.X.Tick.Marker = periodTicks(ch.Rows)

	dc := draw.New(c)
	legends, height := legendColumns(dc, entries)
	p.Draw(draw.Crop(dc, 0, 0, height, 0))
	for k, l := range legends {
		x := vg.Length(k) * chartWidth / vg.Length(len(legends))
		l.Draw(draw.Crop(dc, x+vg.Points(8), x-chartWidth+chartWidth/vg.Length(len(legends)), 0, height-(dc.Max.Y-dc.Min.Y)))
	}
	return nil
}

type legendItem struct {
	label string
	thumb plot.Thumbnailer
}

// legendColumns lays the legend out below the plot, in two columns when it
// has more than two entries, and returns the columns and the height they
// need.
func legendColumns(dc draw.Canvas, entries []legendItem) ([]plot.Legend, vg.Length) {
	cols := 1
	if len(entries) > 2 {
		cols = 2
	}
	perCol := (len(entries) + cols - 1) / cols
	var out []plot.Legend
	var height vg.Length
	for k := 0; k < len(entries); k += perCol {
		l := plot.NewLegend()
		l.TextStyle.Font = font.From(sansFont, 10)
		l.Top, l.Left = true, true
		l.ThumbnailWidth = vg.Points(14)
		for _, e := range entries[k:min(k+perCol, len(entries))] {
			l.Add(e.label, e.thumb)
		}
		height = max(height, l.Rectangle(dc).Size().Y)
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, 0
	}
	return out, height + vg.Points(12)
}

func setFonts(p *plot.Plot) {
	p.Title.TextStyle.Font = font.From(sansFont, 12)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, 11)
		a.Tick.Label.Font = font.From(sansFont, 9)
	}
}

func (a amount) float() float64 {
	f, _ := strconv.ParseFloat(a.Value, 64)
	return f
}

// periodTicks labels the bars with their periods, at most 12 labels so
// that they do not overlap. A label names the year under the first label
// and wherever the year changes: "Jan\n2026", "Feb", ... "Jan\n2027".
func periodTicks(rows []chartRow) plot.ConstantTicks {
	step := (len(rows) + 11) / 12
	var ticks plot.ConstantTicks
	lastYear := ""
	for i, row := range rows {
		t := plot.Tick{Value: float64(i)}
		if i%step == 0 {
			name, year, _ := strings.Cut(row.Short, " ")
			t.Label = name
			if year != lastYear {
				t.Label += "\n" + year
				lastYear = year
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// amountTicks labels money ticks with grouped thousands ("12,500").
type amountTicks struct{}

func (amountTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = types.GroupThousands(strconv.FormatFloat(t.Value, 'f', -1, 64))
		}
	}
	return ticks
}

var svgSize = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt" viewBox="([0-9. ]+)"`)

// inlineSVG turns the SVG document that vgsvg writes into an element to
// inline in HTML. It drops the XML prolog and the comment. It replaces the
// root's namespace declarations, URLs that HTML does not need, with the
// chart's accessible name and a reference to its description, the
// figure's caption with id chart-summary. It also adds fallbacks to the
// font that vgsvg names, for browsers without Liberation Sans.
func inlineSVG(doc, title string) (template.HTML, error) {
	start := strings.Index(doc, "<svg")
	end := strings.Index(doc[max(start, 0):], ">")
	m := svgSize.FindStringSubmatch(doc)
	if start < 0 || end < 0 || m == nil {
		return "", fmt.Errorf("report: the SVG from gonum/plot has an unexpected root element: %.200q", doc)
	}
	body := doc[start+end+1:]
	body = strings.ReplaceAll(body, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	var b strings.Builder
	fmt.Fprintf(&b, `<svg width="%spt" height="%spt" viewBox="%s" role="img" aria-labelledby="chart-title" aria-describedby="chart-summary">`, m[1], m[2], m[3])
	fmt.Fprintf(&b, "\n<title id=\"chart-title\">%s</title>", html.EscapeString(title))
	b.WriteString(body)
	return template.HTML(b.String()), nil
}
