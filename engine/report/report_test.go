package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/net/html"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/lang/check"
)

var update = flag.Bool("update", false, "rewrite the golden files testdata/springfield.html and .md with the current report output")

const (
	contractPath = "contracts/springfield.pacta"
	dataPath     = "testdata/springfield/periods.csv"
)

// springfield evaluates the shipped Springfield contract over its period
// data, with the file names a user in the repository root would type.
// With a nil public, the levels are public as the contract marks them.
// Otherwise exactly the levels named in public are, and a name other than
// "" is the level's plain-language title.
func springfield(t *testing.T, public map[string]string) (*check.Contract, *engine.Result, Options) {
	t.Helper()
	return evaluate(t, contractPath, dataPath, public)
}

// cloudhost evaluates the shipped Cloudhost contract, which has three
// tiers, a service level with its own cap and one that is not assessed
// when its value is missing. Both its service levels are public.
func cloudhost(t *testing.T) (*check.Contract, *engine.Result, Options) {
	t.Helper()
	return evaluate(t, "contracts/cloudhost.pacta", "testdata/cloudhost/periods.csv", map[string]string{"uptime": "", "p1_response": ""})
}

func evaluate(t *testing.T, contractPath, dataPath string, public map[string]string) (*check.Contract, *engine.Result, Options) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", contractPath))
	if err != nil {
		t.Fatal(err)
	}
	prog, errs := engine.Load(contractPath, src)
	if errs != nil {
		t.Fatal(errs.Err())
	}
	c := prog.Contract()

	if public != nil {
		for _, l := range c.Levels {
			name, ok := public[l.Name]
			l.Public, l.PublicTitle = ok, name
		}
	}
	csv, err := os.ReadFile(filepath.Join("..", "..", dataPath))
	if err != nil {
		t.Fatal(err)
	}
	table, errs := data.Read(dataPath, csv, prog.Schema())
	if errs != nil {
		t.Fatal(errs.Err())
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs.Err())
	}

	sum := sha256.Sum256(csv)
	dataSum := hex.EncodeToString(sum[:])
	res.Data = &engine.DataInfo{File: dataPath, SHA256: dataSum}
	opts := Options{
		Version:        "v0.0.0-test",
		ContractFile:   contractPath,
		ContractSHA256: prog.SHA256(),
		Inputs:         []Input{{Name: "period data", File: dataPath, SHA256: dataSum}},
	}
	return c, res, opts
}

// fivePublic marks five of Springfield's six service levels public, two
// of them with a plain-language name.
var fivePublic = map[string]string{
	"csat":               "",
	"fcr":                "Problems solved at the first contact",
	"web_uptime":         "",
	"calls_answered_45s": "Calls answered within 45 seconds",
	"email_24h":          "",
}

func renderHTML(t *testing.T, c *check.Contract, res *engine.Result, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, c, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func renderMarkdown(t *testing.T, c *check.Contract, res *engine.Result, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, c, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// jsonResult is the part of the JSON output of pacta eval that the report
// marks in its HTML.
type jsonResult struct {
	Periods []struct {
		Period   string `json:"period"`
		Payments []struct {
			Name   string `json:"name"`
			Amount string `json:"amount"`
		} `json:"payments"`
		ServiceLevels []struct {
			Name               string                  `json:"name"`
			Value              *string                 `json:"value"`
			Target             struct{ Value *string } `json:"target"`
			Status             string                  `json:"status"`
			Tier               string                  `json:"tier"`
			DeductionBeforeCap string                  `json:"deduction_before_cap"`
			Deduction          string                  `json:"deduction"`
		} `json:"service_levels"`
		Cap *struct {
			Limit   string `json:"limit"`
			Excess  string `json:"excess"`
			Binding bool   `json:"binding"`
		} `json:"cap"`
		CarriedIn           string `json:"carried_in"`
		DeductionsBeforeCap string `json:"deductions_before_cap"`
		TotalDeduction      string `json:"total_deduction"`
		NetPayment          string `json:"net_payment"`
	} `json:"periods"`
	Totals struct {
		Payments       string `json:"payments"`
		TotalDeduction string `json:"total_deduction"`
		NetPayment     string `json:"net_payment"`
		CarriedForward string `json:"carried_forward"`
		Notices        []struct {
			Kind  string `json:"kind"`
			Count int    `json:"count"`
		} `json:"notices"`
	} `json:"totals"`
}

// markerKey names a marked figure: its period, service level, payment or
// notice kind, and field.
type markerKey struct {
	period, level, other, field string
}

// markers returns the data-value of every element with a data-field, by
// key. A figure that the page shows twice, in the ledger and in the chart
// table, has two values.
func markers(t *testing.T, page string) map[markerKey][]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[markerKey][]string{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || attr(n, "data-field") == "" {
			continue
		}
		k := markerKey{
			period: attr(n, "data-period"), level: attr(n, "data-level"),
			other: attr(n, "data-payment") + attr(n, "data-kind"), field: attr(n, "data-field"),
		}
		out[k] = append(out[k], attr(n, "data-value"))
	}
	return out
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// checkFigures parses the HTML report of res and checks each marked figure
// against the JSON output of res: every service level's value, target,
// status, tier and deduction in every period, each period's payments, cap
// and totals, and the summary. It fails on a marked figure that it does
// not check, and returns the number of figures checked.
func checkFigures(t *testing.T, page string, res *engine.Result) int {
	t.Helper()
	got := markers(t, page)
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var want jsonResult
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}

	checked := map[markerKey]bool{}
	// expect checks the figure of key k, which must be on the page unless
	// optional is set.
	expect := func(k markerKey, value string, optional bool) {
		t.Helper()
		checked[k] = true
		values, ok := got[k]
		if !ok && !optional {
			t.Errorf("%+v: no marked figure, want %q", k, value)
		}
		for _, v := range values {
			if v != value {
				t.Errorf("%+v: data-value %q, want %q", k, v, value)
			}
		}
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}

	for _, p := range want.Periods {
		for _, l := range p.ServiceLevels {
			expect(markerKey{p.Period, l.Name, "", "deduction"}, l.Deduction, false)
			expect(markerKey{p.Period, l.Name, "", "status"}, l.Status, false)
			expect(markerKey{p.Period, l.Name, "", "tier"}, l.Tier, false)
			expect(markerKey{p.Period, l.Name, "", "value"}, deref(l.Value), false)
			expect(markerKey{p.Period, l.Name, "", "target"}, deref(l.Target.Value), false)
			expect(markerKey{p.Period, l.Name, "", "deduction_before_cap"}, l.DeductionBeforeCap, l.Deduction == l.DeductionBeforeCap)
		}
		for _, pay := range p.Payments {
			expect(markerKey{p.Period, "", pay.Name, "payment"}, pay.Amount, false)
		}
		if p.Cap != nil {
			expect(markerKey{p.Period, "", "", "cap_limit"}, p.Cap.Limit, false)
			expect(markerKey{p.Period, "", "", "cap_excess"}, p.Cap.Excess, !p.Cap.Binding)
		}
		expect(markerKey{p.Period, "", "", "carried_in"}, p.CarriedIn, p.CarriedIn == "0.00")
		expect(markerKey{p.Period, "", "", "deductions_before_cap"}, p.DeductionsBeforeCap, false)
		expect(markerKey{p.Period, "", "", "total_deduction"}, p.TotalDeduction, false)
		expect(markerKey{p.Period, "", "", "net_payment"}, p.NetPayment, false)
	}
	expect(markerKey{"", "", "", "payments"}, want.Totals.Payments, false)
	expect(markerKey{"", "", "", "total_deduction"}, want.Totals.TotalDeduction, false)
	expect(markerKey{"", "", "", "net_payment"}, want.Totals.NetPayment, false)
	expect(markerKey{"", "", "", "carried_forward"}, want.Totals.CarriedForward, want.Totals.CarriedForward == "0.00")
	for _, n := range want.Totals.Notices {
		expect(markerKey{"", "", n.Kind, "notice_count"}, strconv.Itoa(n.Count), false)
	}

	for k, values := range got {
		if checked[k] {
			continue
		}
		switch {
		// The summary sums each payment over the periods; the test
		// contracts have one payment, so it is the total.
		case k.field == "payment" && k.period == "":
			expect(k, want.Totals.Payments, false)
		// The summary counts every kind of notice the contract declares,
		// so a kind without a notice is counted as zero.
		case k.field == "notice_count" && len(values) == 1 && values[0] == "0":
		default:
			t.Errorf("%+v: marked figure %q that the test does not check", k, values)
		}
	}
	return len(checked)
}

// TestHTMLFiguresMatchJSON checks the HTML reports of Springfield and
// Cloudhost against the JSON output.
func TestHTMLFiguresMatchJSON(t *testing.T) {
	c, res, opts := springfield(t, nil)
	if n := checkFigures(t, renderHTML(t, c, res, opts), res); n < 12*6*5 {
		t.Errorf("Springfield: checked %d figures, want at least %d", n, 12*6*5)
	}
	c, res, opts = cloudhost(t)
	if n := checkFigures(t, renderHTML(t, c, res, opts), res); n < 12*2*5 {
		t.Errorf("Cloudhost: checked %d figures, want at least %d", n, 12*2*5)
	}
}

// TestHTMLNetReconciles checks the summary's net payment against the
// payments and the total deduction, with the figures read from the page.
func TestHTMLNetReconciles(t *testing.T) {
	c, res, opts := springfield(t, nil)
	got := markers(t, renderHTML(t, c, res, opts))
	payments := got[markerKey{field: "payments"}]
	total := got[markerKey{field: "total_deduction"}]
	net := got[markerKey{field: "net_payment"}]
	if len(payments) != 1 || len(total) != 1 || len(net) != 1 {
		t.Fatalf("summary figures: payments %q, total %q, net %q; want one of each", payments, total, net)
	}
	if payments[0] != "1500000.00" || total[0] != "39375.00" || net[0] != "1460625.00" {
		t.Errorf("summary: payments %s - total deduction %s = net %s, want 1500000.00 - 39375.00 = 1460625.00", payments[0], total[0], net[0])
	}
}

// TestGolden compares both outputs, with the contract's own public
// service levels, with their golden files. Run it with
// -update to rewrite them, then read the diff before committing.
//
// The chart's coordinates may differ in the last digits on architectures
// whose compiler fuses multiply-adds, so on any architecture but amd64
// the SVG element is left out of the comparison.
func TestGolden(t *testing.T) {
	c, res, opts := springfield(t, nil)
	opts.Quarterly = true
	for _, out := range []struct {
		file   string
		render func(*testing.T, *check.Contract, *engine.Result, Options) string
	}{
		{"springfield.html", renderHTML},
		{"springfield.md", renderMarkdown},
	} {
		t.Run(out.file, func(t *testing.T) {
			got := out.render(t, c, res, opts)
			golden := filepath.Join("testdata", out.file)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			raw, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v; create it with: go test ./engine/report -run TestGolden -update", err)
			}
			want := string(raw)
			if runtime.GOARCH != "amd64" {
				want, got = withoutSVG(want), withoutSVG(got)
			}
			if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func withoutSVG(page string) string {
	start := strings.Index(page, "<svg")
	end := strings.Index(page, "</svg>")
	if start < 0 || end < start {
		return page
	}
	return page[:start] + "<svg/>" + page[end+len("</svg>"):]
}

func TestRenderDeterministic(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	if a, b := renderHTML(t, c, res, opts), renderHTML(t, c, res, opts); a != b {
		t.Error("two HTML renders of the same result differ")
	}
	if a, b := renderMarkdown(t, c, res, opts), renderMarkdown(t, c, res, opts); a != b {
		t.Error("two Markdown renders of the same result differ")
	}
}

// TestHTMLSelfContained checks that the page requests nothing: no script,
// no stylesheet link, no image or font source, no URL in CSS, and no link
// that leaves the page.
func TestHTMLSelfContained(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	page := renderHTML(t, c, res, opts)
	for _, bad := range []string{"http://", "https://", "<script", "<link", "url(", "@import", "@font-face", "<?xml", "<!--"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "link", "iframe", "img", "object", "embed", "image":
			t.Errorf("the page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			switch {
			case a.Key == "href" && !strings.HasPrefix(a.Val, "#"):
				t.Errorf("<%s href=%q> leaves the page", n.Data, a.Val)
			case a.Key == "src" || strings.HasSuffix(a.Key, "href") && a.Key != "href":
				t.Errorf("<%s %s=%q> loads a resource", n.Data, a.Key, a.Val)
			case strings.HasPrefix(a.Key, "on"):
				t.Errorf("<%s %s> is an event handler", n.Data, a.Key)
			}
		}
	}
}

// TestHTMLStructure checks the page's accessibility basics: the head, one
// h1, headings that skip no level, links to ids that exist, unique ids,
// tables with captions and header cells with a scope.
func TestHTMLStructure(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	page := renderHTML(t, c, res, opts)
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">") {
		t.Errorf("the page starts %q, want a doctype and <html lang=\"en\">", page[:min(len(page), 40)])
	}
	for _, want := range []string{`<meta charset="utf-8">`, `<meta name="viewport"`, "<title>Springfield Customer Service Concession: performance report, 2026-01 to 2026-12</title>", `<a class="skip" href="#main">`, "@media print", "break-before: page"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var hrefs []string
	h1, last := 0, 0
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if id := attr(n, "id"); id != "" {
			ids[id]++
		}
		if href := attr(n, "href"); href != "" {
			hrefs = append(hrefs, href)
		}
		if len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
			level := int(n.Data[1] - '0')
			if level == 1 {
				h1++
			}
			if level > last+1 {
				t.Errorf("<%s> %q follows an h%d", n.Data, text(n), last)
			}
			last = level
		}
		switch n.Data {
		case "table":
			if n.FirstChild == nil || firstElement(n).Data != "caption" {
				t.Errorf("a table has no caption as its first child")
			}
		case "th":
			if s := attr(n, "scope"); s != "col" && s != "row" {
				t.Errorf("<th> %q has scope %q, want col or row", text(n), s)
			}
		}
	}
	if h1 != 1 {
		t.Errorf("the page has %d h1 elements, want 1", h1)
	}
	for id, count := range ids {
		if count > 1 {
			t.Errorf("id %q is used %d times", id, count)
		}
	}
	for _, href := range hrefs {
		if ids[strings.TrimPrefix(href, "#")] == 0 {
			t.Errorf("link %q points to no element", href)
		}
	}
	for _, id := range []string{"summary", "audit", "ledger", "heatmap", "deductions", "notices", "quarterly", "expl-2026-07-csat", "expl-2026-07-cap", "ledger-2026-01", "quarter-2026-Q4"} {
		if ids[id] == 0 {
			t.Errorf("no element has id %q", id)
		}
	}
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return &html.Node{}
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// TestChartSVG checks the inlined chart: drawn by gonum/plot, with an
// accessible name and description, and no namespace URL or font file.
func TestChartSVG(t *testing.T) {
	c, res, opts := springfield(t, nil)
	page := renderHTML(t, c, res, opts)
	start, end := strings.Index(page, "<svg"), strings.Index(page, "</svg>")
	if start < 0 || end < start {
		t.Fatal("the page has no SVG element")
	}
	svg := page[start:end]
	for _, want := range []string{`role="img"`, `aria-labelledby="chart-title" aria-describedby="chart-summary"`, `<title id="chart-title">Deductions by month and service level</title>`, "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;", "Cap on total deductions", "Customer satisfaction", ">15,000<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	for _, bad := range []string{"xmlns", "font-family:Liberation Sans;"} {
		if strings.Contains(svg, bad) {
			t.Errorf("the SVG contains %q", bad)
		}
	}
	if want := `<figcaption id="chart-summary">Deductions in 11 of 12 months, USD 39,375.00 in total.`; !strings.Contains(page, want) {
		t.Errorf("the page lacks the chart's description %q", want)
	}
}

// relativeLuminance is the WCAG 2.1 relative luminance of a "#rrggbb"
// colour.
func relativeLuminance(t *testing.T, hexColor string) float64 {
	t.Helper()
	if len(hexColor) != 7 || hexColor[0] != '#' {
		t.Fatalf("invalid colour %q", hexColor)
	}
	var channels [3]float64
	for i := range channels {
		v, err := strconv.ParseUint(hexColor[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			channels[i] = s / 12.92
		} else {
			channels[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*channels[0] + 0.7152*channels[1] + 0.0722*channels[2]
}

func TestColorContrast(t *testing.T) {
	for _, p := range append(append([]colorPair{}, statusColors...), pageColors...) {
		a, b := relativeLuminance(t, p.Text), relativeLuminance(t, p.Background)
		ratio := (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
		if ratio < 4.5 {
			t.Errorf("%s: %s on %s has contrast %.2f:1, want at least 4.5:1", p.Name, p.Text, p.Background, ratio)
		}
	}
}

// TestEscapesAuthorText renders a result whose title, reference, notice
// message and explanation hold markup, and checks that neither output
// passes it through.
func TestEscapesAuthorText(t *testing.T) {
	c, res, opts := springfield(t, nil)
	res.Contract.Title = `<script>alert("title")</script> & Co`
	res.Periods[0].ServiceLevels[0].Ref = `"><img src=x onerror=alert(1)>`
	res.Periods[0].ServiceLevels[0].Explanation = "*bold* | [link](http://example.test) <b>tag</b>"
	res.Notices[0].Message = "`code` <i>x</i>\n# heading"

	page := renderHTML(t, c, res, opts)
	for _, bad := range []string{"<script>", "<img", "<b>tag", "<i>x"} {
		if strings.Contains(page, bad) {
			t.Errorf("the HTML contains %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; Co") {
		t.Error("the HTML lacks the escaped title")
	}

	md := renderMarkdown(t, c, res, opts)
	for _, want := range []string{
		`\<script>alert("title")\</script> & Co`,
		`"><img src=x onerror=alert(1)>`[:2] + `\<img src=x onerror=alert(1)>`,
		`\*bold\* \| \[link\](http://example.test) \<b>tag\</b>`,
		"\\`code\\` \\<i>x\\</i> # heading",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"calls_answered_45s", "calls_answered_45s"},
		{"_emphasis_", `\_emphasis\_`},
		{"a | b", `a \| b`},
		{"csat >= 85%", "csat >= 85%"},
		{"fcr <= 5% and <b>", `fcr <= 5% and \<b>`},
		{"&amp; & more", `\&amp; & more`},
		{"line\nbreak", "line break"},
		{"~~struck~~", `\~\~struck\~\~`},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"# not a heading", `\# not a heading`},
		{"3. not a list", `3\. not a list`},
		{"3 of 5", "3 of 5"},
	} {
		if got := mdPara(tc.in); got != tc.want {
			t.Errorf("mdPara(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := mdCode("a`b"); got != "`` a`b ``" {
		t.Errorf("mdCode(%q) = %q", "a`b", got)
	}
}

// TestMarkdownLedger checks each service level's row of the Markdown
// ledger against the result.
func TestMarkdownLedger(t *testing.T) {
	c, res, opts := springfield(t, nil)
	md := renderMarkdown(t, c, res, opts)
	lines := strings.Split(md, "\n")
	for _, p := range res.Periods {
		for _, l := range p.ServiceLevels {
			link := fmt.Sprintf("[Explanation](#expl-%s-%s)", p.Period, l.Name)
			var row string
			for _, line := range lines {
				if strings.HasSuffix(line, link+" |") {
					row = line
				}
			}
			if row == "" {
				t.Errorf("%s %s: no ledger row links to its explanation", p.Period, l.Name)
				continue
			}
			for _, want := range []string{"| " + l.Value.Text + " |", " " + string(l.Status), "| " + money(l.Deduction).Text + " |"} {
				if !strings.Contains(row, want) {
					t.Errorf("%s %s: row %q lacks %q", p.Period, l.Name, row, want)
				}
			}
		}
		net := fmt.Sprintf("− total deduction %s** |", money(p.TotalDeduction).Text)
		if !strings.Contains(md, net) {
			t.Errorf("%s: the Markdown lacks the net payment line with %q", p.Period, net)
		}
	}
	for _, want := range []string{"<a id=\"expl-2026-05-calls_answered_45s\"></a>", "| **Net payment (payments due − total deductions)** | **1,460,625.00** |", "The HTML report draws this table as a chart"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

func TestTimestampOnlyWhenGiven(t *testing.T) {
	c, res, opts := springfield(t, nil)
	if page := renderHTML(t, c, res, opts); strings.Contains(page, "Timestamp") {
		t.Error("the page has a timestamp, but none was given")
	}
	opts.Timestamp = "2027-01-05T09:00:00Z"
	for _, out := range []string{renderHTML(t, c, res, opts), renderMarkdown(t, c, res, opts)} {
		if !strings.Contains(out, "2027-01-05T09:00:00Z") {
			t.Error("the output lacks the given timestamp")
		}
	}
}

func TestAuditFallsBackToResult(t *testing.T) {
	c, res, _ := springfield(t, nil)
	page := renderHTML(t, c, res, Options{})
	for _, want := range []string{"<code>" + contractPath + "</code>", "<code>" + res.Contract.SHA256 + "</code>", "<code>" + res.Data.SHA256 + "</code>", "Data: period data", "not given"} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit block lacks %q", want)
		}
	}
}

// quarterlySection returns the text of the page's quarterly section.
func quarterlySection(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == "quarterly" {
			return text(n)
		}
	}
	t.Fatal("the page has no quarterly section")
	return ""
}

// TestQuarterlyTrend checks the averages and trends of Springfield's
// customer satisfaction: Q1 averages (85.0 + 84.9 + 83.0) / 3 = 84.3%, Q2
// (86.0 + 86.4 + 70.0) / 3 = 80.8%, which is worse for a target of at
// least 85%, Q3 (72.5 + 87.0 + 74.99) / 3 = 78.16% and Q4 (75.00 + 85.5 +
// 86.1) / 3 = 82.20%. An average has as many decimal places as the most
// precise value it is taken from.
func TestQuarterlyTrend(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	v, err := build(c, res, opts)
	if err != nil {
		t.Fatal(err)
	}
	q := v.Quarterly
	if len(q.Quarters) != 4 || q.Short || q.Public != 5 {
		t.Fatalf("quarterly view: %d quarters, %d public, short %v; want 4, 5, false", len(q.Quarters), q.Public, q.Short)
	}

	type row struct{ Label, Average, Trend, Met string }
	var got []row
	for _, qt := range q.Quarters {
		r := qt.Rows[0]
		got = append(got, row{r.Label, r.Average, r.Trend.Text(), r.Met})
	}
	want := []row{
		{"Customer satisfaction", "84.3%", "first in this report", "1 of 3"},
		{"Customer satisfaction", "80.8%", "↓ worse", "2 of 3"},
		{"Customer satisfaction", "78.16%", "↓ worse", "1 of 3"},
		{"Customer satisfaction", "82.20%", "↑ better", "2 of 3"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("customer satisfaction by quarter (-want +got):\n%s", diff)
	}

	if l := q.Quarters[0].Rows[1].Label; l != "Problems solved at the first contact" {
		t.Errorf("fcr is shown as %q, want its public title", l)
	}
	if h := q.Quarters[3].History; len(h.Quarters) != 4 || h.Rows[0].Values[0] != "84.3%" {
		t.Errorf("Q4 history: quarters %q, first row %q; want Q1 to Q4 with 84.3%% first", h.Quarters, h.Rows[0].Values)
	}
}

// TestQuarterlyPublicOnly checks that the transparency pages show only the
// public service levels and nothing internal: no money, tier, reference
// or deduction.
func TestQuarterlyPublicOnly(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	section := quarterlySection(t, renderHTML(t, c, res, opts))
	for _, bad := range []string{"USD", "Schedule", "Clause", "severe", "minor", "deduct", "Urgent cases", "urgent_ack_4h", "fcr"} {
		if strings.Contains(section, bad) {
			t.Errorf("the quarterly section contains %q", bad)
		}
	}
	for _, want := range []string{"Q1 2026: January to March 2026", "at least 85%", "Problems solved at the first contact", "Compared with Q3 2026", "Average by quarter"} {
		if !strings.Contains(section, want) {
			t.Errorf("the quarterly section lacks %q", want)
		}
	}
}

func TestQuarterlyFewPublic(t *testing.T) {
	c, res, opts := springfield(t, map[string]string{"csat": "", "web_uptime": "", "email_24h": ""})
	opts.Quarterly = true
	want := "The contract marks 3 service standards as public, fewer than the 5 these pages are meant to show."
	if section := quarterlySection(t, renderHTML(t, c, res, opts)); !strings.Contains(section, want) {
		t.Errorf("the HTML quarterly section lacks %q", want)
	}
	if md := renderMarkdown(t, c, res, opts); !strings.Contains(md, want) {
		t.Errorf("the Markdown lacks %q", want)
	}
}

// TestQuarterlyPartial reports from February, so the first quarter lacks
// January, and checks that its page states it.
func TestQuarterlyPartial(t *testing.T) {
	c, res, opts := springfield(t, fivePublic)
	opts.Quarterly = true
	res.Periods = res.Periods[1:]
	v, err := build(c, res, opts)
	if err != nil {
		t.Fatal(err)
	}
	q := v.Quarterly.Quarters[0]
	if want := "This report covers 2 of the quarter's 3 months: February and March."; q.Partial != want {
		t.Errorf("partial note %q, want %q", q.Partial, want)
	}
	if len(q.Columns) != 2 {
		t.Errorf("the first quarter has %d columns, want 2", len(q.Columns))
	}
}

func TestBuildRejectsMismatch(t *testing.T) {
	c, res, opts := springfield(t, nil)
	empty := *res
	empty.Periods = nil
	if _, err := build(c, &empty, opts); err == nil || !strings.Contains(err.Error(), "no periods") {
		t.Errorf("empty result: error %v, want one about no periods", err)
	}

	other := *c
	other.Levels = c.Levels[1:]
	if _, err := build(&other, res, opts); err == nil || !strings.Contains(err.Error(), `service level "csat"`) {
		t.Errorf("contract without csat: error %v, want one naming csat", err)
	}

	broken := *res
	broken.Totals.NetPayment = engine.Money{Value: res.Totals.NetPayment.Value.Add(res.Totals.NetPayment.Value), Places: 2}
	if _, err := build(c, &broken, opts); err == nil || !strings.Contains(err.Error(), "do not reconcile") {
		t.Errorf("totals that do not add up: error %v, want one about reconciling", err)
	}
}

// TestCloudhostStatuses checks how the report shows a middle tier, an
// only tier, a level that is not assessed, a missing value and a duration
// whose lower values are better.
func TestCloudhostStatuses(t *testing.T) {
	c, res, opts := cloudhost(t)
	opts.Quarterly = true
	page := renderHTML(t, c, res, opts)
	for _, want := range []string{
		`<td class="status tier-low">▲&nbsp;degraded</td>`,
		`<td class="status tier-mid">◆&nbsp;impaired</td>`,
		`<td class="status tier-high">■&nbsp;outage</td>`,
		`<td class="status tier-high">■&nbsp;late</td>`,
		`<td class="status na">–&nbsp;n/a</td>`,
		`<td class="status missing">?&nbsp;missing, impaired</td>`,
		`<li><span class="status tier-high">■&nbsp;outage, late</span>: failed at the most severe tier</li>`,
		"2,000.00<br><small>capped from ",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	v, err := build(c, res, opts)
	if err != nil {
		t.Fatal(err)
	}
	// p1_response averages 26min over January and February, and
	// (1801s + 40min + 2h) / 3 = 63.34min in Q2: worse, for a target of at
	// most 30min.
	q1, q2 := v.Quarterly.Quarters[0].Rows[1], v.Quarterly.Quarters[1].Rows[1]
	if q1.Average != "26min" || q2.Average != "63.34min" {
		t.Errorf("p1_response averages %q and %q, want 26min and 63.34min", q1.Average, q2.Average)
	}
	if got := q2.Trend.Text(); got != "↑ worse" {
		t.Errorf("p1_response trend in Q2 %q, want ↑ worse", got)
	}
}

// TestAuditListsInputs checks the audit block of a result computed from
// record files.
func TestAuditListsInputs(t *testing.T) {
	c, res, opts := springfield(t, nil)
	res.Sources = []*data.SourceReport{{Source: "calls", File: "records/calls.csv", Rows: 12345, Skipped: 2}}
	res.AsOf = "2027-01-03T00:00:00-08:00"
	opts.Inputs = append(opts.Inputs, Input{Name: "calls", File: "records/calls.csv", SHA256: "abc123"})
	want := "<tr><th scope=\"row\">Data: calls</th><td><code>records/calls.csv</code></td><td><code>abc123</code></td><td>12,345 rows, 2 malformed rows skipped</td></tr>"
	page := renderHTML(t, c, res, opts)
	if !strings.Contains(page, want) {
		t.Errorf("the audit block lacks %q", want)
	}
	if !strings.Contains(page, "<td>2027-01-03T00:00:00-08:00</td>") {
		t.Error("the audit block lacks the records' as-of time")
	}
}

// TestCarriedExcess marks an excess carried into August and one carried
// beyond December, as a cap that carries its excess forward gives, and
// checks that the ledger, the chart's table and the summary show them.
func TestCarriedExcess(t *testing.T) {
	c, res, opts := springfield(t, nil)
	res.Periods[7].CarriedIn = engine.Money{Value: decimal.RequireFromString("2500"), Places: 2}
	res.Totals.CarriedForward = engine.Money{Value: decimal.RequireFromString("100"), Places: 2}
	page := renderHTML(t, c, res, opts)
	checkFigures(t, page, res)
	for _, want := range []string{
		`<th scope="col" class="num">Excess carried in</th>`,
		`<tr><th scope="row" colspan="5">Excess carried in from the previous period</th><td class="num" data-period="2026-08" data-field="carried_in" data-value="2500.00">2,500.00</td>`,
		`<td class="num" data-field="carried_forward" data-value="100.00">100.00</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestResidentPercent checks that a long percentage is cut to two
// decimals toward failing its target, and that short ones keep the
// engine's text.
func TestResidentPercent(t *testing.T) {
	tests := []struct {
		value, text, comparison, want string
	}{
		{"85.0236", "85.0236%", ">=", "85.02%"},
		{"84.9999", "84.9999%", ">=", "84.99%"},
		{"30.0001", "30.0001%", "<=", "30.01%"},
		{"85.0", "85.0%", ">=", "85.0%"},
		{"99.95", "99.95%", ">=", "99.95%"},
	}
	for _, tt := range tests {
		value := tt.value
		lr := engine.LevelResult{Comparison: tt.comparison}
		lr.Value = engine.Value{Value: &value, Unit: "percent", Text: tt.text}
		if got := residentPercent(lr); got != tt.want {
			t.Errorf("residentPercent(%s %s) = %q, want %q", tt.comparison, tt.value, got, tt.want)
		}
	}
}

// TestNoServiceLevels checks that a contract with no service levels gets
// a sentence instead of an empty heatmap, in HTML and Markdown.
func TestNoServiceLevels(t *testing.T) {
	src := []byte("contract \"None\"\n  currency USD\n  term 2026-01 to 2026-12 monthly\n\npayment fee = USD 1,000.00 per month\n\nmeasure a: reported percent\n")
	p, errs := engine.Load("none.pacta", src)
	if errs != nil {
		t.Fatal(errs)
	}
	table, errs := data.Read("none.csv", []byte("period,a\n2026-01,80%\n"), p.Schema())
	if errs != nil {
		t.Fatal(errs)
	}
	res, errs := p.Evaluate(table, engine.Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	for name, write := range map[string]func(io.Writer, *check.Contract, *engine.Result, Options) error{"html": HTML, "markdown": Markdown} {
		var buf bytes.Buffer
		if err := write(&buf, p.Contract(), res, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(buf.String(), "The contract has no service levels") {
			t.Errorf("%s: no sentence for a contract without service levels", name)
		}
	}
}
