package data

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"github.com/shopspring/decimal"
)

var usd, _ = types.LookupCurrency("USD")

var year2026 = types.Term{
	Start: types.NewPeriod(types.Monthly, 2026, 1),
	End:   types.NewPeriod(types.Monthly, 2026, 12),
}

// fullSchema has a measure of every unit.
var fullSchema = Schema{
	Columns: []Column{
		{Name: "csat", Unit: types.Percent},
		{Name: "fcr", Unit: types.Percent},
		{Name: "calls", Unit: types.Count},
		{Name: "asa", Unit: types.Duration},
		{Name: "fee", Unit: types.Money},
		{Name: "nps", Unit: types.Number},
	},
	Computed: []string{"csat_trend"},
	Term:     year2026,
	Currency: usd,
}

// smallSchema keeps the inputs of the error cases short.
var smallSchema = Schema{
	Columns: []Column{
		{Name: "csat", Unit: types.Percent},
		{Name: "asa", Unit: types.Duration},
		{Name: "fee", Unit: types.Money},
	},
	Computed: []string{"csat_trend"},
	Term:     year2026,
	Currency: usd,
}

var equalDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func month(m int) types.Period { return types.NewPeriod(types.Monthly, 2026, m) }

// at returns the position of a 1-based line and byte column of src. Like
// the readers, it does not count a leading byte-order mark in columns but
// does in offsets.
func at(src string, line, col int) diag.Pos {
	offset := 0
	if strings.HasPrefix(src, "\uFEFF") {
		offset = len("\uFEFF")
	}
	lines := strings.SplitAfter(src[offset:], "\n")
	for _, l := range lines[:line-1] {
		offset += len(l)
	}
	return diag.Pos{Line: line, Col: col, Offset: offset + col - 1}
}

func value(src string, line, col int, v string) Cell {
	return Cell{Value: decimal.RequireFromString(v), Pos: at(src, line, col)}
}

func missing(src string, line, col int) Cell {
	return Cell{Missing: true, Pos: at(src, line, col)}
}

// errorStrings formats each diagnostic as "file:line:col: message; hint".
func errorStrings(l *diag.List) []string {
	if l == nil {
		return nil
	}
	var out []string
	for _, d := range l.Items() {
		out = append(out, d.Error())
	}
	return out
}

func TestReadPicksFormatByExtension(t *testing.T) {
	csvSrc := "period,csat,asa,fee\n2026-01,83%,45s,1.00\n"
	jsonSrc := `{"periods": [{"period": "2026-01", "csat": "83%", "asa": "45s", "fee": 1.00}]}`
	tests := []struct {
		file string
		src  string
	}{
		{"data.csv", csvSrc},
		{"DATA.CSV", csvSrc},
		{"dir.json/data.csv", csvSrc},
		{"data.json", jsonSrc},
		{"data.Json", jsonSrc},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			table, errs := Read(tt.file, []byte(tt.src), smallSchema)
			if errs != nil {
				t.Fatalf("Read returned errors:\n%v", errs)
			}
			if len(table.Rows) != 1 || table.Rows[0].Period != month(1) {
				t.Errorf("rows = %+v, want one row for 2026-01", table.Rows)
			}
			if table.File != tt.file {
				t.Errorf("File = %q, want %q", table.File, tt.file)
			}
		})
	}
}

func TestReadRejectsOtherExtensions(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"data.xlsx", `data.xlsx: unsupported data file extension ".xlsx"; use a .csv or .json file`},
		{"data", `data: data file "data" has no extension; name it *.csv or *.json after its format`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			table, errs := Read(tt.file, []byte("period\n2026-01\n"), smallSchema)
			if table != nil {
				t.Errorf("table = %+v, want nil", table)
			}
			if diff := cmp.Diff([]string{tt.want}, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
