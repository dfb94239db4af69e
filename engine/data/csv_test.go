package data

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadCSV(t *testing.T) {
	unitsSrc := "period, csat, fcr, calls, asa, fee, nps\n" +
		"2026-02,83.5%,0.74,1520,28s,\"USD 1,250.00\",41.5\n" +
		"\n" +
		"2026-01, 0.835 ,74%,980,4h,125000.00,-3\n" +
		"2026-03,,,1610,45s,\"1,250.00\",\n"

	bomSrc := "\uFEFFperiod,csat,asa,fee\r\n2026-01,83%,30min,USD 5\r\n"

	blankSrc := "\n   \nperiod,csat,asa,fee\n , , , \n2026-01,,,\n,,,\n"

	periodLastSrc := "csat,asa,fee,period\n\" 80% \",1d,0.5,2026-01\n"

	tests := []struct {
		name string
		src  string
		want []Row
	}{
		{
			name: "every unit, unsorted, empty cells",
			src:  unitsSrc,
			want: []Row{
				{Period: month(1), Pos: at(unitsSrc, 4, 1), Cells: []Cell{
					value(unitsSrc, 4, 10, "0.835"),
					value(unitsSrc, 4, 17, "0.74"),
					value(unitsSrc, 4, 21, "980"),
					value(unitsSrc, 4, 25, "14400"),
					value(unitsSrc, 4, 28, "125000"),
					value(unitsSrc, 4, 38, "-3"),
				}},
				{Period: month(2), Pos: at(unitsSrc, 2, 1), Cells: []Cell{
					value(unitsSrc, 2, 9, "0.835"),
					value(unitsSrc, 2, 15, "0.74"),
					value(unitsSrc, 2, 20, "1520"),
					value(unitsSrc, 2, 25, "28"),
					value(unitsSrc, 2, 29, "1250"),
					value(unitsSrc, 2, 44, "41.5"),
				}},
				{Period: month(3), Pos: at(unitsSrc, 5, 1), Cells: []Cell{
					missing(unitsSrc, 5, 9),
					missing(unitsSrc, 5, 10),
					value(unitsSrc, 5, 11, "1610"),
					value(unitsSrc, 5, 16, "45"),
					value(unitsSrc, 5, 20, "1250"),
					missing(unitsSrc, 5, 31),
				}},
			},
		},
		{
			name: "byte-order mark and CRLF",
			src:  bomSrc,
			want: []Row{
				{Period: month(1), Pos: at(bomSrc, 2, 1), Cells: []Cell{
					value(bomSrc, 2, 9, "0.83"),
					value(bomSrc, 2, 13, "1800"),
					value(bomSrc, 2, 19, "5"),
				}},
			},
		},
		{
			name: "blank lines skipped",
			src:  blankSrc,
			want: []Row{
				{Period: month(1), Pos: at(blankSrc, 5, 1), Cells: []Cell{
					missing(blankSrc, 5, 9),
					missing(blankSrc, 5, 10),
					missing(blankSrc, 5, 11),
				}},
			},
		},
		{
			name: "period column last, quoted cell",
			src:  periodLastSrc,
			want: []Row{
				{Period: month(1), Pos: at(periodLastSrc, 2, 1), Cells: []Cell{
					value(periodLastSrc, 2, 1, "0.8"),
					value(periodLastSrc, 2, 9, "86400"),
					value(periodLastSrc, 2, 12, "0.5"),
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema := smallSchema
			if tt.src == unitsSrc {
				schema = fullSchema
			}
			table, errs := ReadCSV("d.csv", []byte(tt.src), schema)
			if errs != nil {
				t.Fatalf("ReadCSV returned errors:\n%v", errs)
			}
			want := &Table{File: "d.csv", Rows: tt.want}
			if diff := cmp.Diff(want, table, equalDecimals); diff != "" {
				t.Errorf("table (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadCSVTestdataFiles(t *testing.T) {
	for _, file := range []string{"good.csv", "bom_crlf.csv"} {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile("../../testdata/data/" + file)
			if err != nil {
				t.Fatal(err)
			}
			table, errs := ReadCSV(file, src, fullSchema)
			if errs != nil {
				t.Fatalf("ReadCSV returned errors:\n%v", errs)
			}
			if len(table.Rows) == 0 {
				t.Fatal("table has no rows")
			}
			for i, row := range table.Rows {
				if row.Period != month(i+1) {
					t.Errorf("row %d has period %s, want %s", i, row.Period, month(i+1))
				}
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "no period column",
			src:  "csat,asa,fee\n83%,45s,1.00\n",
			want: []string{`d.csv:1:1: header has no "period" column; add one that gives the period of each row, such as 2026-01`},
		},
		{
			name: "unknown column near a measure",
			src:  "period,cast,asa,fee\n2026-01,83%,45s,1.00\n",
			want: []string{`d.csv:1:8: unknown column "cast"; did you mean "csat"?`},
		},
		{
			name: "unknown column near period",
			src:  "perod,csat,asa,fee\n2026-01,83%,45s,1.00\n",
			want: []string{`d.csv:1:1: unknown column "perod"; did you mean "period"?`},
		},
		{
			name: "unknown column near nothing",
			src:  "period,csat,asa,fee,uptime\n2026-01,83%,45s,1.00,99.9\n",
			want: []string{`d.csv:1:21: unknown column "uptime"; remove it, or rename it to a reported measure: csat, asa, fee`},
		},
		{
			name: "computed measure column",
			src:  "period,csat,asa,fee,csat_trend\n2026-01,83%,45s,1.00,1\n",
			want: []string{`d.csv:1:21: "csat_trend" is computed by the contract; remove the column`},
		},
		{
			name: "one measure column missing",
			src:  "period,csat,fee\n2026-01,83%,1.00\n",
			want: []string{`d.csv:1:1: column "asa" is missing; add it, and leave a cell empty for a period without a value`},
		},
		{
			name: "two measure columns missing",
			src:  "period,csat\n2026-01,83%\n",
			want: []string{`d.csv:1:1: columns "asa" and "fee" are missing; add them, and leave a cell empty for a period without a value`},
		},
		{
			name: "duplicate column",
			src:  "period,csat,asa,fee,csat\n2026-01,83%,45s,1.00,83%\n",
			want: []string{`d.csv:1:21: duplicate column "csat", first in header field 2; remove one of the two`},
		},
		{
			name: "header field without name",
			src:  "period,csat,,asa,fee\n2026-01,83%,,45s,1.00\n",
			want: []string{`d.csv:1:13: header field 3 has no name; name it after a reported measure or remove the column`},
		},
		{
			name: "semicolon separators",
			src:  "period;csat;asa;fee\n2026-01;83%;45s;1.00\n",
			want: []string{`d.csv:1:1: header "period;csat;asa;fee" has one field; separate the fields with commas, not semicolons or tabs`},
		},
		{
			name: "too few fields",
			src:  "period,csat,asa,fee\n2026-01,83%,45s\n",
			want: []string{`d.csv:2:1: row has 3 fields but the header has 4; add the missing fields, leaving cells empty where no value was reported`},
		},
		{
			name: "too many fields",
			src:  "period,csat,asa,fee\n2026-01,83%,45s,1.00,7\n",
			want: []string{`d.csv:2:22: row has 5 fields but the header has 4; remove the extra fields`},
		},
		{
			name: "malformed period",
			src:  "period,csat,asa,fee\n2026-13,83%,45s,1.00\n",
			want: []string{`d.csv:2:1: invalid month period "2026-13"; write it as YYYY-MM, such as 2026-01`},
		},
		{
			name: "empty period",
			src:  "period,csat,asa,fee\n ,83%,45s,1.00\n",
			want: []string{`d.csv:2:2: missing period; write it as YYYY-MM, such as 2026-01`},
		},
		{
			name: "percent above 1 without sign",
			src:  "period,csat,asa,fee\n2026-01,83.5,45s,1.00\n",
			want: []string{`d.csv:2:9: percent "83.5" has no % sign and is above 1; write 83.5% for a percentage or 0.835 as a fraction`},
		},
		{
			name: "duration without unit",
			src:  "period,csat,asa,fee\n2026-01,83%,45,1.00\n",
			want: []string{`d.csv:2:13: invalid duration "45"; write a number with a unit: 45s, 30min, 4h or 2d`},
		},
		{
			name: "amount in another currency",
			src:  "period,csat,asa,fee\n2026-01,83%,45s, EUR 5.00\n",
			want: []string{`d.csv:2:18: amount "EUR 5.00" is in EUR but the contract is in USD; convert the amount to USD`},
		},
		{
			name: "malformed grouped amount",
			src:  "period,csat,asa,fee\n2026-01,83%,45s,\"1,25.00\"\n",
			want: []string{`d.csv:2:17: invalid amount "1,25.00"; write it as USD 1,250.00 or 1250.00`},
		},
		{
			name: "duplicate period",
			src:  "period,csat,asa,fee\n2026-01,,,\n2026-02,,,\n2026-01,,,\n",
			want: []string{`d.csv:4:1: period 2026-01 appears twice, first on line 2; keep one row per period`},
		},
		{
			name: "period outside term",
			src:  "period,csat,asa,fee\n2026-12,,,\n2027-01,,,\n",
			want: []string{`d.csv:3:1: period 2027-01 is outside the contract term 2026-01 to 2026-12; remove the row`},
		},
		{
			name: "gap of two periods",
			src:  "period,csat,asa,fee\n2026-06,,,\n2026-01,,,\n2026-02,,,\n2026-03,,,\n",
			want: []string{`d.csv:2:1: periods 2026-04 to 2026-05 are missing between 2026-03 and 2026-06; add rows for them, leaving cells empty where no value was reported`},
		},
		{
			name: "gap of one period",
			src:  "period,csat,asa,fee\n2026-01,,,\n2026-03,,,\n",
			want: []string{`d.csv:3:1: period 2026-02 is missing between 2026-01 and 2026-03; add a row for it, leaving cells empty where no value was reported`},
		},
		{
			name: "no gap reported next to malformed period",
			src:  "period,csat,asa,fee\n2026-01,,,\n2026-2,,,\n2026-03,,,\n",
			want: []string{`d.csv:3:1: invalid month period "2026-2"; write it as YYYY-MM, such as 2026-01`},
		},
		{
			name: "header only",
			src:  "period,csat,asa,fee\n",
			want: []string{`d.csv:2:1: file has no data rows; add one row per period under the header`},
		},
		{
			name: "empty file",
			src:  "",
			want: []string{`d.csv:1:1: file is empty; write a header row such as "period,csat,asa,fee", then one row per period`},
		},
		{
			name: "blank file",
			src:  "\n  \n,,\n",
			want: []string{`d.csv:1:1: file is empty; write a header row such as "period,csat,asa,fee", then one row per period`},
		},
		{
			name: "bare quote",
			src:  "period,csat,asa,fee\n2026-01,8\"3%,45s,1.00\n",
			want: []string{`d.csv:2:10: invalid CSV: bare " in a field without enclosing quotes; enclose the field in double quotes and write each quote inside it as ""`},
		},
		{
			name: "text after closing quote",
			src:  "period,csat,asa,fee\n2026-01,\"83%\"x,45s,1.00\n",
			want: []string{`d.csv:2:13: invalid CSV: text follows the closing quote of a field; write each quote inside a quoted field as ""`},
		},
		{
			name: "quoted field not closed",
			src:  "period,csat,asa,fee\n2026-01,\"83%,45s,1.00\n2026-02,,,\n",
			want: []string{`d.csv:2:1: invalid CSV: a quoted field in this row is not closed; end it with "`},
		},
		{
			name: "header with syntax error",
			src:  "period,\"csat\"x,asa,fee\n2026-01,,,\n",
			want: []string{`d.csv:1:13: invalid CSV: text follows the closing quote of a field; write each quote inside a quoted field as ""`},
		},
		{
			name: "errors on several lines, sorted",
			src: "period,csat,asa,fee,cast\n" +
				"2026-03,83%,45,1.00,\n" +
				"2026-01,8\"3%,45s,1.00,\n" +
				"2027-01,,,,\n" +
				"2026-01,101,,,\n" +
				"2026-01,,,,\n",
			want: []string{
				`d.csv:1:21: unknown column "cast"; did you mean "csat"?`,
				`d.csv:2:13: invalid duration "45"; write a number with a unit: 45s, 30min, 4h or 2d`,
				`d.csv:3:10: invalid CSV: bare " in a field without enclosing quotes; enclose the field in double quotes and write each quote inside it as ""`,
				`d.csv:4:1: period 2027-01 is outside the contract term 2026-01 to 2026-12; remove the row`,
				`d.csv:5:9: percent "101" has no % sign and is above 1; write 101% for a percentage or 1.01 as a fraction`,
				`d.csv:6:1: period 2026-01 appears twice, first on line 5; keep one row per period`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, errs := ReadCSV("d.csv", []byte(tt.src), smallSchema)
			if table != nil {
				t.Errorf("table = %+v, want nil", table)
			}
			if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadCSVByteOrderMarkPosition(t *testing.T) {
	src := "\uFEFFperiod,cast,asa,fee\n2026-01,,,\n"
	_, errs := ReadCSV("d.csv", []byte(src), smallSchema)
	if errs == nil || errs.Len() != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	got := errs.Items()[0].Span.Start
	want := at(src, 1, 8)
	if got != want {
		t.Errorf("position = %+v, want %+v", got, want)
	}
	if want.Offset != 10 {
		t.Errorf("test helper offset = %d, want 10 (3 bytes of mark and 7 of text)", want.Offset)
	}
}
