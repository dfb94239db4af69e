package report

import (
	"fmt"
	"html/template"
	"strings"
)

// colorPair is a text colour on a background colour, as CSS hex.
type colorPair struct {
	Name, Text, Background string
}

// statusColors are the colours of the status cells. Each text colour has a
// contrast ratio of at least 4.5:1 with its background (WCAG 2.1 AA for
// normal text), which a test checks.
var statusColors = []colorPair{
	{classMet, "#14451f", "#d9f2d9"},
	{classTierLow, "#4d3a00", "#fff1b8"},
	{classTierMid, "#4f2600", "#ffd3a3"},
	{classTierHigh, "#ffffff", "#a4161a"},
	{classMissing, "#35225c", "#e3dcf2"},
	{classNA, "#333333", "#e8e8e8"},
}

// pageColors are the other text and background colours of the page.
var pageColors = []colorPair{
	{"body", "#1a1a1a", "#ffffff"},
	{"header cell", "#1a1a1a", "#ececec"},
	{"link", "#0b4f9c", "#ffffff"},
	{"muted", "#4a4a4a", "#ffffff"},
	// A reference in a row header is muted text on a header cell.
	{"muted header", "#4a4a4a", "#ececec"},
	{"note", "#1a1a1a", "#fff8e1"},
}

// pageColor returns the named pair of pageColors.
func pageColor(name string) colorPair {
	for _, p := range pageColors {
		if p.Name == name {
			return p
		}
	}
	panic("report: no page colour " + name)
}

// styleSheet returns the page's CSS. Its text and background colours come
// from the colour tables, so that the contrast test checks them.
func styleSheet() template.CSS {
	var b strings.Builder
	fmt.Fprintf(&b, `body { font-family: system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 64em; margin: 0 auto; padding: 1em; line-height: 1.5; color: %s; background: %s; }
a { color: %s; }
a:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.skip { position: absolute; left: -999em; }
.skip:focus { left: 1em; top: 1em; padding: 0.5em 1em; background: #ffffff; border: 2px solid #1a1a1a; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #8c8c8c; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { color: %s; background: %s; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: right; }
tfoot th, tfoot td { font-weight: normal; }
tfoot tr.total th, tfoot tr.total td, tfoot tr.net th, tfoot tr.net td { font-weight: bold; }
.ref, .muted, small { color: %s; }
.note { color: %s; background: %s; padding: 0.5em 1em; border-left: 4px solid #8a6d00; }
code { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
td.target { white-space: nowrap; }
dl.explanations dt { font-weight: bold; margin-top: 0.5em; }
dl.explanations dd { margin-left: 1.5em; }
ul.legend { list-style: none; padding: 0; }
ul.legend li { margin: 0.2em 0; }
.status { white-space: nowrap; }
figure.chart { margin: 1em 0; }
figure.chart svg { width: 100%%; max-width: 48em; height: auto; }
.scroll { overflow-x: auto; }
table.heatmap { font-size: 0.8em; }
/* A symbol and its word are joined by a no-break space, so a narrow cell
   wraps only between words. */
table.heatmap .status { white-space: normal; }
ol.notices li { margin-bottom: 0.8em; }
ol.notices p { margin: 0.2em 0; }
`, pageColor("body").Text, pageColor("body").Background, pageColor("link").Text,
		pageColor("header cell").Text, pageColor("header cell").Background, pageColor("muted").Text,
		pageColor("note").Text, pageColor("note").Background)
	for _, s := range statusColors {
		fmt.Fprintf(&b, ".status.%s { color: %s; background: %s; }\n", s.Name, s.Text, s.Background)
	}
	b.WriteString(`@media print {
  @page { margin: 12mm; }
  body { max-width: none; font-size: 10pt; }
  table { font-size: 8pt; }
  th, td { padding: 0.2em 0.3em; }
  .skip, a.back { display: none; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  .month, .quarter { break-before: page; }
  tr, figure { break-inside: avoid; }
  .status, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`)
	return template.CSS(b.String())
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"css":        styleSheet,
	"join":       strings.Join,
	"capitalize": capitalize,
}).Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}}</title>
<style>
{{css}}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>{{.Heading}}</h1>
<p>Amounts are in {{.Currency}}. The report covers {{.Range}} ({{.Summary.Periods}} {{.PeriodNoun}}{{if ne .Summary.Periods 1}}s{{end}}).</p>
<nav aria-labelledby="contents">
<h2 id="contents">Contents</h2>
<ol>
{{- range .Contents}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{- end}}
</ol>
</nav>
</header>
<main id="main">
{{template "summary" .}}
{{template "ledger" .}}
{{template "heatmap" .}}
{{template "chart" .}}
{{template "notices" .}}
{{- if .Quarterly}}
{{template "quarterly" .}}
{{- end}}
</main>
</body>
</html>
{{define "summary" -}}
<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p>{{.Summary.Lead}}</p>
<table>
<caption>Payments and deductions, {{.Range}} ({{.Currency}})</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
{{- range .Summary.Payments}}
<tr><th scope="row">{{.Label}}{{if .Ref}} <span class="ref">({{.Ref}})</span>{{end}}</th><td class="num" data-field="payment" data-payment="{{.Name}}" data-value="{{.Amount.Value}}">{{.Amount.Text}}</td></tr>
{{- end}}
<tr><th scope="row">Payments due</th><td class="num" data-field="payments" data-value="{{.Summary.PaymentsTotal.Value}}">{{.Summary.PaymentsTotal.Text}}</td></tr>
<tr><th scope="row">Total deductions</th><td class="num" data-field="total_deduction" data-value="{{.Summary.TotalDeduction.Value}}">{{.Summary.TotalDeduction.Text}}</td></tr>
<tr class="net"><th scope="row">Net payment (payments due − total deductions)</th><td class="num" data-field="net_payment" data-value="{{.Summary.NetPayment.Value}}">{{.Summary.NetPayment.Text}}</td></tr>
{{- with .Summary.CarriedForward}}
<tr><th scope="row">Excess carried beyond the last {{$.PeriodNoun}}</th><td class="num" data-field="carried_forward" data-value="{{.Value}}">{{.Text}}</td></tr>
{{- end}}
</tbody>
</table>
<table>
<caption>Notices by kind</caption>
<thead><tr><th scope="col">Notice</th><th scope="col">Kind</th><th scope="col" class="num">Count</th></tr></thead>
<tbody>
{{- range .Summary.NoticeCounts}}
<tr><th scope="row">{{.Title}}</th><td><code>{{.Kind}}</code></td><td class="num" data-field="notice_count" data-kind="{{.Kind}}" data-value="{{.Count}}">{{.Count}}</td></tr>
{{- end}}
</tbody>
</table>
<section id="audit" aria-labelledby="audit-h">
<h3 id="audit-h">Audit</h3>
<table>
<caption>Inputs of this report</caption>
<thead><tr><th scope="col">Item</th><th scope="col">File</th><th scope="col">SHA-256</th><th scope="col">Detail</th></tr></thead>
<tbody>
{{- range .Audit}}
<tr><th scope="row">{{.Item}}</th><td>{{if .File}}<code>{{.File}}</code>{{end}}</td><td>{{if .SHA256}}<code>{{.SHA256}}</code>{{else if .File}}not given{{end}}</td><td>{{.Detail}}</td></tr>
{{- end}}
</tbody>
</table>
</section>
</section>
{{- end}}
{{define "ledger" -}}
<section id="ledger" aria-labelledby="ledger-h">
<h2 id="ledger-h">Ledger</h2>
<p>One table per {{.PeriodNoun}}: each service level's value, target, status, tier and deduction, then the cap on total deductions, the total and the net payment. Each row links to its explanation below the table.</p>
{{- range .Ledger}}
{{template "month" .}}
{{- end}}
</section>
{{- end}}
{{define "month" -}}
<section class="month" id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h3 id="{{.ID}}-h">{{.Label}}</h3>
<table>
<caption>Ledger, {{.Label}}</caption>
<thead><tr><th scope="col">Service level</th><th scope="col" class="num">Value</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Tier</th><th scope="col" class="num">Deduction</th><th scope="col">Ref</th><th scope="col">Explanation</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr id="{{.RowID}}"><th scope="row">{{.Label}}<br><code>{{.Level}}</code></th>
<td class="num" data-period="{{.Period}}" data-level="{{.Level}}" data-field="value"{{with .Value}} data-value="{{.}}"{{end}}>{{.ValueText}}</td>
<td class="target" data-period="{{.Period}}" data-level="{{.Level}}" data-field="target"{{with .Target}} data-value="{{.}}"{{end}}>{{.TargetText}}</td>
<td class="status {{.StatusView.Class}}" data-period="{{.Period}}" data-level="{{.Level}}" data-field="status" data-value="{{.Status}}">{{.StatusText}}</td>
<td data-period="{{.Period}}" data-level="{{.Level}}" data-field="tier" data-value="{{.Tier}}">{{if .Tier}}{{.Tier}}{{else}}–{{end}}</td>
<td class="num" data-period="{{.Period}}" data-level="{{.Level}}" data-field="deduction" data-value="{{.Deduction.Value}}">{{.Deduction.Text}}{{if .Capped}}<br><small>capped from <span data-period="{{.Period}}" data-level="{{.Level}}" data-field="deduction_before_cap" data-value="{{.BeforeCap.Value}}">{{.BeforeCap.Text}}</span></small>{{end}}</td>
<td class="ref">{{.Ref}}{{if .RuleRef}}<br>deduction: {{.RuleRef}}{{end}}</td>
<td><a href="#{{.ExplID}}">Explanation<span class="visually-hidden"> for {{.Level}}, {{.Period}}</span></a></td></tr>
{{- end}}
</tbody>
<tfoot>
{{- with .CarriedIn}}
<tr><th scope="row" colspan="5">Excess carried in from the previous period</th><td class="num" data-period="{{$.Period}}" data-field="carried_in" data-value="{{.Value}}">{{.Text}}</td><td colspan="2"></td></tr>
{{- end}}
<tr><th scope="row" colspan="5">Deductions before the cap on total deductions</th><td class="num" data-period="{{.Period}}" data-field="deductions_before_cap" data-value="{{.BeforeCap.Value}}">{{.BeforeCap.Text}}</td><td colspan="2"></td></tr>
{{- with .Cap}}
<tr><th scope="row" colspan="5">{{.Label}} (limit <span data-period="{{$.Period}}" data-field="cap_limit" data-value="{{.Limit.Value}}">{{.Limit.Text}}</span>): {{if .Binding}}binds; the excess of <span data-period="{{$.Period}}" data-field="cap_excess" data-value="{{.Excess.Value}}">{{.Excess.Text}}</span> {{.Fate}}{{else}}not reached{{end}}</th><td class="num"></td><td class="ref">{{.Ref}}</td><td><a href="#{{.ExplID}}">Explanation<span class="visually-hidden"> for the cap, {{$.Period}}</span></a></td></tr>
{{- end}}
<tr class="total"><th scope="row" colspan="5">Total deduction</th><td class="num" data-period="{{.Period}}" data-field="total_deduction" data-value="{{.Total.Value}}">{{.Total.Text}}</td><td colspan="2"></td></tr>
{{- range .Payments}}
<tr><th scope="row" colspan="5">{{.Label}}</th><td class="num" data-period="{{$.Period}}" data-field="payment" data-payment="{{.Name}}" data-value="{{.Amount.Value}}">{{.Amount.Text}}</td><td class="ref">{{.Ref}}</td><td></td></tr>
{{- end}}
<tr class="net"><th scope="row" colspan="5">Net payment: payments {{.PaymentsTotal.Text}} − total deduction {{.Total.Text}}</th><td class="num" data-period="{{.Period}}" data-field="net_payment" data-value="{{.Net.Value}}">{{.Net.Text}}</td><td colspan="2"></td></tr>
</tfoot>
</table>
<h4>Explanations, {{.Label}}</h4>
<dl class="explanations">
{{- range .Rows}}
<dt id="{{.ExplID}}">{{.Label}} (<code>{{.Level}}</code>)</dt>
<dd>{{.Explanation}}{{if .Rule}} Rule applied: <code>{{.Rule}}</code>.{{end}} <a class="back" href="#{{.RowID}}">Back to the row<span class="visually-hidden"> for {{.Level}}, {{.Period}}</span></a></dd>
{{- end}}
{{- with .Cap}}
<dt id="{{.ExplID}}">Cap on total deductions</dt>
<dd>{{.Explanation}} <a class="back" href="#{{$.ID}}">Back to the table<span class="visually-hidden"> for {{$.Period}}</span></a></dd>
{{- end}}
</dl>
</section>
{{- end}}
{{define "heatmap" -}}
<section id="heatmap" aria-labelledby="heatmap-h">
<h2 id="heatmap-h">Heatmap of service levels</h2>
{{- if not .Heatmap.Rows}}
<p>The contract has no service levels, so there is nothing to show here.</p>
{{- else}}
<div class="scroll" role="region" aria-labelledby="heatmap-caption" tabindex="0">
<table class="heatmap">
<caption id="heatmap-caption">Status of each service level by {{.PeriodNoun}}</caption>
<thead><tr><th scope="col">Service level</th>{{range .Heatmap.Periods}}<th scope="col">{{.Short}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Heatmap.Rows}}
<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="status {{.Status.Class}}">{{.Status.Symbol}}&nbsp;{{.Status.Word}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
<h3>Legend</h3>
<ul class="legend">
{{- range .Heatmap.Legend}}
<li><span class="status {{.Status.Class}}">{{.Status.Symbol}}&nbsp;{{.Status.Word}}</span>: {{.Meaning}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
{{define "chart" -}}
<section id="deductions" aria-labelledby="deductions-h">
<h2 id="deductions-h">Deductions by {{.PeriodNoun}}</h2>
<figure class="chart">
{{.Chart.SVG}}
<figcaption id="chart-summary">{{.Chart.Summary}} The bars stack each service level's deduction{{if .Chart.HasCap}}; the dashed line is the cap on total deductions{{end}}. The table below lists the figures the chart is drawn from.</figcaption>
</figure>
<div class="scroll" role="region" aria-labelledby="chart-table-caption" tabindex="0">
<table>
<caption id="chart-table-caption">{{.Chart.Title}} ({{.Currency}})</caption>
<thead><tr><th scope="col">{{capitalize .PeriodNoun}}</th>{{range .Chart.Series}}<th scope="col" class="num">{{.Label}}</th>{{end}}<th scope="col" class="num">Before the cap</th>{{if .Chart.HasCap}}<th scope="col" class="num">Cap</th>{{end}}<th scope="col" class="num">Total deduction</th></tr></thead>
<tbody>
{{- range .Chart.Rows}}
{{- $row := .}}
<tr><th scope="row">{{.Label}}</th>
{{- range $k, $s := $.Chart.Series}}{{with index $row.Cells $k}}<td class="num"{{if $s.Level}} data-period="{{$row.Period}}" data-level="{{$s.Level}}" data-field="deduction"{{else}} data-period="{{$row.Period}}" data-field="carried_in"{{end}} data-value="{{.Value}}">{{.Text}}</td>{{end}}{{end -}}
<td class="num" data-period="{{.Period}}" data-field="deductions_before_cap" data-value="{{.BeforeCap.Value}}">{{.BeforeCap.Text}}</td>
{{- if $.Chart.HasCap}}{{with .CapLimit}}<td class="num" data-period="{{$row.Period}}" data-field="cap_limit" data-value="{{.Value}}">{{.Text}}</td>{{else}}<td class="num">–</td>{{end}}{{end -}}
<td class="num" data-period="{{.Period}}" data-field="total_deduction" data-value="{{.Total.Value}}">{{.Total.Text}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- with .Chart.Omitted}}
<p>No deduction in any {{$.PeriodNoun}}, so not in the chart: {{join . ", "}}.</p>
{{- end}}
</section>
{{- end}}
{{define "notices" -}}
<section id="notices" aria-labelledby="notices-h">
<h2 id="notices-h">Notices</h2>
{{- if not .Notices.Kinds}}
<p>No notice in {{.Range}}.</p>
{{- else}}
<h3>Timeline</h3>
<div class="scroll" role="region" aria-labelledby="timeline-caption" tabindex="0">
<table>
<caption id="timeline-caption">Notices by {{.PeriodNoun}}: the count, then the service levels</caption>
<thead><tr><th scope="col">{{capitalize .PeriodNoun}}</th>{{range .Notices.Kinds}}<th scope="col">{{.Title}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Notices.Timeline}}
<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td>{{if .Count}}{{.Count}}{{with .Levels}}: {{join . ", "}}{{end}}{{else}}–{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
<h3>Notices by kind</h3>
{{- range .Notices.Kinds}}
<section id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h4 id="{{.ID}}-h">{{.Title}} (<code>{{.Kind}}</code>): {{len .Notices}}</h4>
<ol class="notices">
{{- range .Notices}}
<li id="{{.ID}}"><p><strong>{{.PeriodLabel}}</strong>{{if .Level}}, service level {{.LevelLabel}} (<code>{{.Level}}</code>){{end}}{{if .Ref}}, <span class="ref">{{.Ref}}</span>{{end}}</p>
<p>{{.Message}}</p>
{{- with .Periods}}
<p>Streak: {{join . ", "}}</p>
{{- end}}</li>
{{- end}}
</ol>
</section>
{{- end}}
{{- end}}
</section>
{{- end}}
{{define "quarterly" -}}
<section id="quarterly" aria-labelledby="quarterly-h">
<h2 id="quarterly-h">Quarterly transparency report</h2>
<p>These pages are for residents. They show how well the service met the standards that the contract makes public, quarter by quarter.</p>
{{- with .Quarterly}}
{{- if eq .Public 0}}
<p class="note">The contract marks no service standard as public, so these pages have nothing to show.</p>
{{- else}}
{{- if .Short}}
<p class="note">The contract marks {{.Public}} service standard{{if ne .Public 1}}s{{end}} as public, fewer than the {{.Min}} these pages are meant to show.</p>
{{- end}}
{{- range .Quarters}}
<section class="quarter" id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h3 id="{{.ID}}-h">{{.Label}}: {{.Months}}</h3>
<p>{{.MetText}}{{with .Partial}} {{.}}{{end}}</p>
<table>
<caption>How the service performed, {{.Label}}</caption>
<thead><tr><th scope="col">Service standard</th><th scope="col">Target</th>{{range .Columns}}<th scope="col" class="num">{{.Short}}</th>{{end}}<th scope="col" class="num">Average</th><th scope="col">{{.OnTarget}}</th><th scope="col">{{if .Previous}}Compared with {{.Previous}}{{else}}Trend{{end}}</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><th scope="row">{{.Label}}</th><td>{{.Target}}</td>{{range .Values}}<td class="num">{{.}}</td>{{end}}<td class="num">{{.Average}}</td><td>{{.Met}}</td><td>{{.Trend.Text}}{{with .Trend.Detail}} <span class="muted">({{.}})</span>{{end}}</td></tr>
{{- end}}
</tbody>
</table>
<table>
<caption>Average by quarter</caption>
<thead><tr><th scope="col">Service standard</th>{{range .History.Quarters}}<th scope="col" class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .History.Rows}}
<tr><th scope="row">{{.Label}}</th>{{range .Values}}<td class="num">{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</section>
{{- end}}
{{- end}}
{{- end}}
</section>
{{- end}}
`
