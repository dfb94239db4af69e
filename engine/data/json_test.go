package data

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/types"
)

// periodsJSON writes objects as the elements of "periods", one per line from
// line 2, each starting at column 3.
func periodsJSON(objects ...string) string {
	return "{\"periods\": [\n  " + strings.Join(objects, ",\n  ") + "\n]}\n"
}

func TestReadJSON(t *testing.T) {
	unitsSrc := periodsJSON(
		`{"period": "2026-02", "csat": "83.5%", "fcr": 0.74, "calls": 1520, "asa": "28s", "fee": "USD 1,250.00", "nps": 41.5}`,
		`{"nps": 0.1000000000000000055511151231257827, "fee": 125000.00, "asa": "4h", "calls": "980", "fcr": "74%", "csat": 0.835, "period": "2026-01"}`,
		`{"period": "2026-03", "csat": null, "fcr": " ", "calls": 1610, "asa": "45s", "fee": "1,250.00", "nps": null}`,
	)

	bomSrc := "\uFEFF{\"periods\": [{\"period\": \"2026-01\", \"csat\": \"83%\", \"asa\": \"30min\", \"fee\": 5}]}"

	yearly := smallSchema
	yearly.Term = types.Term{Start: types.NewPeriod(types.Yearly, 2025, 1), End: types.NewPeriod(types.Yearly, 2027, 1)}
	yearlySrc := "{\"periods\": [\n" +
		"  {\"period\": 2026, \"csat\": null, \"asa\": null, \"fee\": null},\n" +
		"  {\"period\": \"2025\", \"csat\": null, \"asa\": null, \"fee\": null}\n" +
		"]}"

	tests := []struct {
		name   string
		src    string
		schema Schema
		want   []Row
	}{
		{
			name:   "every unit, unsorted, null and blank",
			src:    unitsSrc,
			schema: fullSchema,
			want: []Row{
				{Period: month(1), Pos: at(unitsSrc, 3, 3), Cells: []Cell{
					value(unitsSrc, 3, 118, "0.835"),
					value(unitsSrc, 3, 103, "0.74"),
					value(unitsSrc, 3, 89, "980"),
					value(unitsSrc, 3, 74, "14400"),
					value(unitsSrc, 3, 56, "125000.00"),
					value(unitsSrc, 3, 11, "0.1000000000000000055511151231257827"),
				}},
				{Period: month(2), Pos: at(unitsSrc, 2, 3), Cells: []Cell{
					value(unitsSrc, 2, 33, "0.835"),
					value(unitsSrc, 2, 49, "0.74"),
					value(unitsSrc, 2, 64, "1520"),
					value(unitsSrc, 2, 77, "28"),
					value(unitsSrc, 2, 91, "1250"),
					value(unitsSrc, 2, 114, "41.5"),
				}},
				{Period: month(3), Pos: at(unitsSrc, 4, 3), Cells: []Cell{
					missing(unitsSrc, 4, 33),
					missing(unitsSrc, 4, 46),
					value(unitsSrc, 4, 60, "1610"),
					value(unitsSrc, 4, 73, "45"),
					value(unitsSrc, 4, 87, "1250"),
					missing(unitsSrc, 4, 106),
				}},
			},
		},
		{
			name:   "byte-order mark",
			src:    bomSrc,
			schema: smallSchema,
			want: []Row{
				{Period: month(1), Pos: at(bomSrc, 1, 14), Cells: []Cell{
					value(bomSrc, 1, 44, "0.83"),
					value(bomSrc, 1, 58, "1800"),
					value(bomSrc, 1, 74, "5"),
				}},
			},
		},
		{
			name:   "yearly periods as number and string",
			src:    yearlySrc,
			schema: yearly,
			want: []Row{
				{Period: types.NewPeriod(types.Yearly, 2025, 1), Pos: at(yearlySrc, 3, 3), Cells: []Cell{
					missing(yearlySrc, 3, 30),
					missing(yearlySrc, 3, 43),
					missing(yearlySrc, 3, 56),
				}},
				{Period: types.NewPeriod(types.Yearly, 2026, 1), Pos: at(yearlySrc, 2, 3), Cells: []Cell{
					missing(yearlySrc, 2, 28),
					missing(yearlySrc, 2, 41),
					missing(yearlySrc, 2, 54),
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, errs := ReadJSON("d.json", []byte(tt.src), tt.schema)
			if errs != nil {
				t.Fatalf("ReadJSON returned errors:\n%v", errs)
			}
			want := &Table{File: "d.json", Rows: tt.want}
			if diff := cmp.Diff(want, table, equalDecimals); diff != "" {
				t.Errorf("table (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadJSONKeepsNumberDigits(t *testing.T) {
	src := periodsJSON(`{"period": "2026-01", "csat": null, "asa": null, "fee": 125000.10}`)
	table, errs := ReadJSON("d.json", []byte(src), smallSchema)
	if errs != nil {
		t.Fatalf("ReadJSON returned errors:\n%v", errs)
	}
	if got := table.Rows[0].Cells[2].Value.String(); got != "125000.1" {
		t.Errorf("fee = %s, want 125000.1", got)
	}
	if got := table.Rows[0].Cells[2].Value.Exponent(); got != -2 {
		t.Errorf("fee exponent = %d, want -2 as written", got)
	}
}

func TestReadJSONTestdataFile(t *testing.T) {
	src, err := os.ReadFile("../../testdata/data/good.json")
	if err != nil {
		t.Fatal(err)
	}
	table, errs := ReadJSON("good.json", src, fullSchema)
	if errs != nil {
		t.Fatalf("ReadJSON returned errors:\n%v", errs)
	}
	for i, row := range table.Rows {
		if row.Period != month(i+1) {
			t.Errorf("row %d has period %s, want %s", i, row.Period, month(i+1))
		}
	}
	if len(table.Rows) != 3 {
		t.Errorf("table has %d rows, want 3", len(table.Rows))
	}
}

func TestReadJSONErrors(t *testing.T) {
	// complete returns an element for period with every key of smallSchema,
	// each set to null.
	complete := func(period string) string {
		return `{"period": "` + period + `", "csat": null, "asa": null, "fee": null}`
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "missing comma",
			src:  `{"periods": [{"period": "2026-01" "csat": null}]}`,
			want: []string{`d.json:1:35: invalid JSON: invalid character '"' after object key:value pair; fix the syntax at this position`},
		},
		{
			name: "trailing comma",
			src:  "{\"periods\": [],\n}",
			want: []string{`d.json:2:1: invalid JSON: invalid character '}' looking for beginning of object key string; fix the syntax at this position`},
		},
		{
			name: "file ends inside array",
			src:  `{"periods": [`,
			want: []string{`d.json:1:14: invalid JSON: the file ends inside a value; close every open string, array and object`},
		},
		{
			name: "empty file",
			src:  " \n",
			want: []string{`d.json:1:1: file is empty; write an object such as {"periods": [{"period": "2026-01", "csat": ...}]}`},
		},
		{
			name: "data after top-level object",
			src:  "{\"periods\": []}\n{}",
			want: []string{`d.json:2:1: invalid JSON: unexpected data after the top-level value; remove it`},
		},
		{
			name: "top level is array",
			src:  `[{"period": "2026-01"}]`,
			want: []string{`d.json:1:1: top level is an array; write an object such as {"periods": [{"period": "2026-01", "csat": ...}]}`},
		},
		{
			name: "no periods key",
			src:  `{}`,
			want: []string{`d.json:1:1: top-level object has no "periods" key; add one with an array such as [{"period": "2026-01", "csat": ...}]`},
		},
		{
			name: "unknown top-level key",
			src:  "{\n  \"period\": [],\n  \"periods\": [" + complete("2026-01") + "]\n}",
			want: []string{`d.json:2:3: unknown key "period" in the top-level object; did you mean "periods"?`},
		},
		{
			name: "unknown top-level key near nothing",
			src:  "{\n  \"version\": 2,\n  \"periods\": [" + complete("2026-01") + "]\n}",
			want: []string{`d.json:2:3: unknown key "version" in the top-level object; remove it: the top-level object has the "periods" key, and the "sources", "as_of" and "basis" keys that pacta measure writes`},
		},
		{
			name: "duplicate periods key",
			src:  "{\"periods\": [" + complete("2026-01") + "],\n\"periods\": []}",
			want: []string{`d.json:2:1: duplicate key "periods"; merge the two arrays into one`},
		},
		{
			name: "periods is object",
			src:  `{"periods": {"period": "2026-01"}}`,
			want: []string{`d.json:1:13: "periods" is an object; write an array with one object per period, such as [{"period": "2026-01", "csat": ...}]`},
		},
		{
			name: "periods is empty",
			src:  `{"periods": []}`,
			want: []string{`d.json:1:13: "periods" is empty; add one object per period, such as {"period": "2026-01", "csat": ...}`},
		},
		{
			name: "element is string",
			src:  periodsJSON(complete("2026-01"), `"2026-02"`),
			want: []string{`d.json:3:3: element 2 of "periods" is a string; write an object such as {"period": "2026-01", "csat": ...}`},
		},
		{
			name: "value is boolean",
			src:  periodsJSON(`{"period": "2026-01", "csat": true, "asa": null, "fee": null}`),
			want: []string{`d.json:2:33: value of "csat" is a boolean; write a percent such as "83.5%" or 0.835, or null if it was not reported`},
		},
		{
			name: "value is array",
			src:  periodsJSON(`{"period": "2026-01", "asa": [45], "csat": null, "fee": null}`),
			want: []string{`d.json:2:32: value of "asa" is an array; write a duration such as "45s" or "4h", or null if it was not reported`},
		},
		{
			name: "value is object",
			src:  periodsJSON(`{"period": "2026-01", "fee": {"usd": 1}, "csat": null, "asa": null}`),
			want: []string{`d.json:2:32: value of "fee" is an object; write an amount such as "USD 1,250.00" or 1250.00, or null if it was not reported`},
		},
		{
			name: "key absent",
			src:  periodsJSON(`{"period": "2026-03", "asa": null, "fee": null}`),
			want: []string{`d.json:2:3: period 2026-03 has no value for csat; write null if it was not reported`},
		},
		{
			name: "two keys absent",
			src:  periodsJSON(`{"period": "2026-03", "asa": null}`),
			want: []string{`d.json:2:3: period 2026-03 has no value for csat and fee; write null for each one that was not reported`},
		},
		{
			name: "key absent from object with malformed period",
			src: "{\"periods\": [{\n" +
				"  \"period\": \"March\",\n" +
				"  \"csat\": null\n" +
				"}]}",
			want: []string{
				`d.json:1:14: object has no value for asa and fee; write null for each one that was not reported`,
				`d.json:2:13: invalid month period "March"; write it as YYYY-MM, such as 2026-01`,
			},
		},
		{
			name: "period key absent",
			src:  periodsJSON(`{"csat": null, "asa": null, "fee": null}`),
			want: []string{`d.json:2:3: object has no "period" key; add one such as "period": "2026-01"`},
		},
		{
			name: "period is null",
			src:  periodsJSON(`{"period": null, "csat": null, "asa": null, "fee": null}`),
			want: []string{`d.json:2:14: period is null; write it as a string such as "2026-01"`},
		},
		{
			name: "malformed period",
			src:  periodsJSON(complete("2026-1")),
			want: []string{`d.json:2:14: invalid month period "2026-1"; write it as YYYY-MM, such as 2026-01`},
		},
		{
			name: "unknown key",
			src:  periodsJSON(`{"period": "2026-01", "cast": null, "csat": null, "asa": null, "fee": null}`),
			want: []string{`d.json:2:25: unknown key "cast"; did you mean "csat"?`},
		},
		{
			name: "computed measure key",
			src:  periodsJSON(`{"period": "2026-01", "csat_trend": 1, "csat": null, "asa": null, "fee": null}`),
			want: []string{`d.json:2:25: "csat_trend" is computed by the contract; remove the key`},
		},
		{
			name: "duplicate key",
			src:  periodsJSON(`{"period": "2026-01", "csat": null, "csat": "80%", "asa": null, "fee": null}`),
			want: []string{`d.json:2:39: duplicate key "csat"; keep one value per key`},
		},
		{
			name: "malformed string value",
			src:  periodsJSON(`{"period": "2026-01", "csat": "83,5%", "asa": null, "fee": null}`),
			want: []string{`d.json:2:33: invalid percent "83,5%"; write it as 83.5% or as the fraction 0.835`},
		},
		{
			name: "number above 1 for percent",
			src:  periodsJSON(`{"period": "2026-01", "csat": 83.5, "asa": null, "fee": null}`),
			want: []string{`d.json:2:33: percent "83.5" has no % sign and is above 1; write 83.5% for a percentage or 0.835 as a fraction`},
		},
		{
			name: "number with exponent",
			src:  periodsJSON(`{"period": "2026-01", "fee": 1e3, "csat": null, "asa": null}`),
			want: []string{`d.json:2:32: value "1e3" has an exponent; write the number in full, without e or E`},
		},
		{
			name: "amount in another currency",
			src:  periodsJSON(`{"period": "2026-01", "fee": "EUR 5.00", "csat": null, "asa": null}`),
			want: []string{`d.json:2:32: amount "EUR 5.00" is in EUR but the contract is in USD; convert the amount to USD`},
		},
		{
			name: "duplicate period",
			src:  periodsJSON(complete("2026-01"), complete("2026-02"), complete("2026-01")),
			want: []string{`d.json:4:14: period 2026-01 appears twice, first on line 2; keep one object per period`},
		},
		{
			name: "period outside term",
			src:  periodsJSON(complete("2025-12"), complete("2026-01")),
			want: []string{`d.json:2:14: period 2025-12 is outside the contract term 2026-01 to 2026-12; remove the object`},
		},
		{
			name: "gap of two periods",
			src:  periodsJSON(complete("2026-06"), complete("2026-03"), complete("2026-02"), complete("2026-01")),
			want: []string{`d.json:2:3: periods 2026-04 to 2026-05 are missing between 2026-03 and 2026-06; add objects for them, with null for each measure that was not reported`},
		},
		{
			name: "gap of one period",
			src:  periodsJSON(complete("2026-01"), complete("2026-03")),
			want: []string{`d.json:3:3: period 2026-02 is missing between 2026-01 and 2026-03; add an object for it, with null for each measure that was not reported`},
		},
		{
			name: "no gap reported next to non-object element",
			src:  periodsJSON(complete("2026-01"), `[]`, complete("2026-03")),
			want: []string{`d.json:3:3: element 2 of "periods" is an array; write an object such as {"period": "2026-01", "csat": ...}`},
		},
		{
			name: "errors on several lines, sorted",
			src: periodsJSON(
				complete("2026-02"),
				`{"period": "2026-01", "csat": "101", "asa": null, "fee": null}`,
				`{"period": "2026-03", "csat": null, "asa": null, "fee": null, "fcr": null}`,
				complete("2026-02"),
			),
			want: []string{
				`d.json:3:33: percent "101" has no % sign and is above 1; write 101% for a percentage or 1.01 as a fraction`,
				`d.json:4:65: unknown key "fcr"; remove it, or rename it to a reported measure: csat, asa, fee`,
				`d.json:5:14: period 2026-02 appears twice, first on line 2; keep one object per period`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, errs := ReadJSON("d.json", []byte(tt.src), smallSchema)
			if table != nil {
				t.Errorf("table = %+v, want nil", table)
			}
			if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
