package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"github.com/pacta-dev/pacta/engine/num"
	"io"
	"strings"
	"unicode"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// ReadCSV reads period data written as CSV: a header row, then one row per
// period.
//
// The header has a "period" column, in any position, and one column per
// reported measure. Spaces around names and cells are trimmed. Lines that
// are blank, or that contain only commas and spaces, are skipped. An empty
// cell means that the value was not reported.
func ReadCSV(file string, src []byte, s Schema) (*Table, *diag.List) {
	r := &csvReader{
		file:     file,
		schema:   s,
		src:      newSource(src),
		list:     &diag.List{EveryColumn: true},
		complete: true,
	}
	r.csv = csv.NewReader(bytes.NewReader(r.src.text))
	// Accept any field count, so that readRow reports a wrong count with a
	// message that gives the fix.
	r.csv.FieldsPerRecord = -1
	r.read()
	return finish(file, r.rows, r.complete, s, csvFormat, r.list)
}

type csvReader struct {
	file   string
	schema Schema
	src    source
	list   *diag.List
	csv    *csv.Reader
	header csvHeader
	rows   []pendingRow
	// complete is false when some data row has no usable period.
	complete bool
}

// csvHeader maps the contract's columns to CSV fields.
type csvHeader struct {
	fields int
	// period is the field index of the period column, or -1 when the
	// header has none.
	period int
	// columns holds the field index of each of Schema.Columns, or -1 for a
	// measure that the header lacks.
	columns []int
	// extras are the extra columns of measures computed from records.
	extras []extraField
}

// extraField is a NAME.records, NAME.numerator or NAME.exact column.
type extraField struct {
	field, column int
	kind          extraKind
}

// errSkipped is returned by next for a record with a syntax error, which
// next has already reported.
var errSkipped = errors.New("record with a syntax error")

func (r *csvReader) read() {
	header, err := r.next()
	if err == errSkipped {
		return
	}
	if err == io.EOF {
		r.list.Errorf(r.file, span(r.src.posAt(0)), "file is empty; write a header row such as %q, then one row per period",
			r.exampleHeader())
		return
	}
	if !r.readHeader(header) {
		return
	}

	dataRows := 0
	for {
		fields, err := r.next()
		if err == io.EOF {
			break
		}
		dataRows++
		if err != nil {
			r.complete = false
			continue
		}
		r.readRow(fields)
	}
	if dataRows == 0 {
		r.list.Errorf(r.file, span(r.src.end()), "file has no data rows; add one row per period under the header")
	}
}

// next returns the next record that is not blank, or io.EOF at the end of
// the input. A record with a syntax error is reported and returned as
// errSkipped.
func (r *csvReader) next() ([]string, error) {
	for {
		before := r.csv.InputOffset()
		fields, err := r.csv.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			r.reportSyntaxError(err)
			if r.csv.InputOffset() == before {
				// The reader made no progress, so reading on would loop.
				return nil, io.EOF
			}
			return nil, errSkipped
		}
		if !isBlank(fields) {
			return fields, nil
		}
	}
}

func isBlank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func (r *csvReader) reportSyntaxError(err error) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		r.list.Errorf(r.file, span(r.src.end()), "failed to read CSV: %v", err)
		return
	}

	pos := r.src.posOf(pe.Line, pe.Column)
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		r.list.Errorf(r.file, span(pos), `invalid CSV: bare " in a field without enclosing quotes; `+
			`enclose the field in double quotes and write each quote inside it as ""`)
	case errors.Is(pe.Err, csv.ErrQuote) && r.isQuoteAt(pos):
		r.list.Errorf(r.file, span(pos), `invalid CSV: text follows the closing quote of a field; `+
			`write each quote inside a quoted field as ""`)
	case errors.Is(pe.Err, csv.ErrQuote):
		// The reader reached the end of the file inside a quoted field, so
		// pe.Line is the last line. Point at the row where the field starts.
		r.list.Errorf(r.file, span(r.src.posOf(pe.StartLine, 1)), `invalid CSV: a quoted field in this row is not closed; end it with "`)
	default:
		r.list.Errorf(r.file, span(pos), "invalid CSV: %v", pe.Err)
	}
}

func (r *csvReader) isQuoteAt(p diag.Pos) bool {
	off := p.Offset - r.src.markLen
	return off < len(r.src.text) && r.src.text[off] == '"'
}

// fieldPos returns the position of field i of the record last read. For a
// field without quotes it skips the leading spaces, so that the position is
// that of the value.
func (r *csvReader) fieldPos(fields []string, i int) diag.Pos {
	line, col := r.csv.FieldPos(i)
	off := r.src.offsetOf(line, col)
	if off < len(r.src.text) && r.src.text[off] != '"' {
		f := fields[i]
		off += len(f) - len(strings.TrimLeftFunc(f, unicode.IsSpace))
	}
	return r.src.posAt(off)
}

func (r *csvReader) exampleHeader() string {
	names := []string{periodKey}
	for _, c := range r.schema.Columns {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

// readHeader maps the header fields to the contract's columns and reports
// unknown, computed, duplicate and missing columns. It returns false when
// the header is unusable, so that reading the rows would only repeat its
// error.
func (r *csvReader) readHeader(fields []string) bool {
	start := r.fieldPos(fields, 0)
	if len(fields) == 1 && strings.ContainsAny(fields[0], ";\t") {
		r.list.Errorf(r.file, span(start), "header %q has one field; separate the fields with commas, not semicolons or tabs",
			strings.TrimSpace(fields[0]))
		return false
	}

	h := csvHeader{fields: len(fields), period: -1, columns: make([]int, len(r.schema.Columns))}
	for j := range h.columns {
		h.columns[j] = -1
	}
	columnIndex := make(map[string]int)
	for j, c := range r.schema.Columns {
		columnIndex[c.Name] = j
	}
	computed := make(map[string]bool)
	for _, name := range r.schema.Computed {
		computed[name] = true
	}

	firstField := make(map[string]int) // name -> 1-based field number
	// suggested holds the names that an unknown column's hint offers, so
	// that a misspelt column gives one error, not also "column is missing".
	suggested := make(map[string]bool)
	for i, raw := range fields {
		name := strings.TrimSpace(raw)
		pos := r.fieldPos(fields, i)
		if name == "" {
			r.list.Errorf(r.file, span(pos), "header field %d has no name; name it after a reported measure or remove the column", i+1)
			continue
		}
		if n, dup := firstField[name]; dup {
			r.list.Errorf(r.file, span(pos), "duplicate column %q, first in header field %d; remove one of the two", name, n)
			continue
		}
		firstField[name] = i + 1

		j, known := columnIndex[name]
		cj, extra, isExtra := extraColumn(name, r.schema)
		switch {
		case name == periodKey:
			h.period = i
		case known:
			h.columns[j] = i
		case isExtra:
			h.extras = append(h.extras, extraField{field: i, column: cj, kind: extra})
		case infoColumn(name, r.schema):
		case r.schema.IgnoreUnknown:
		case computed[name] || computed[extraBase(name)]:
			r.list.Errorf(r.file, span(pos), "%q is computed by the contract; remove the column", name)
		default:
			d := r.list.Errorf(r.file, span(pos), "unknown column %q", name)
			d.Hint = unknownMeasureHint(name, r.schema)
			suggested[diag.Closest(name, measureCandidates(r.schema))] = true
		}
	}

	if h.period < 0 && !suggested[periodKey] {
		r.list.Errorf(r.file, span(start), "header has no %q column; add one that gives the period of each row, such as %s",
			periodKey, r.schema.Term.Start.Gran.Example())
	}
	var missing []string
	for j, c := range r.schema.Columns {
		if h.columns[j] < 0 && !suggested[c.Name] {
			missing = append(missing, c.Name)
		}
	}
	switch {
	case len(missing) == 1:
		r.list.Errorf(r.file, span(start), "column %s is missing; add it, and leave a cell empty for a period without a value",
			joinWords(quoteAll(missing)))
	case len(missing) > 1:
		r.list.Errorf(r.file, span(start), "columns %s are missing; add them, and leave a cell empty for a period without a value",
			joinWords(quoteAll(missing)))
	}

	r.header = h
	return true
}

// readRow parses the period and the cells of one data row.
func (r *csvReader) readRow(fields []string) {
	h := r.header
	pr := pendingRow{row: Row{Pos: r.fieldPos(fields, 0), Cells: make([]Cell, len(r.schema.Columns))}}
	defer func() {
		if !pr.periodOK {
			r.complete = false
		}
		r.rows = append(r.rows, pr)
	}()

	if len(fields) != h.fields {
		r.reportFieldCount(fields, pr.row.Pos)
		// The period, if it parses, still takes part in the duplicate and
		// term checks. The cells may be shifted, so they are not read.
		if h.period >= 0 && h.period < len(fields) {
			pr.periodPos = r.fieldPos(fields, h.period)
			pr.row.Period, pr.periodOK = r.parsePeriod(fields[h.period])
		}
		return
	}

	if h.period >= 0 {
		pr.periodPos = r.fieldPos(fields, h.period)
		period, err := types.ParsePeriod(strings.TrimSpace(fields[h.period]), r.schema.Term.Start.Gran)
		if err != nil {
			r.list.Errorf(r.file, span(pr.periodPos), "%s", err)
		} else {
			pr.row.Period, pr.periodOK = period, true
		}
	}

	for j, c := range r.schema.Columns {
		i := h.columns[j]
		if i < 0 {
			pr.row.Cells[j] = Cell{Missing: true, Pos: pr.row.Pos}
			continue
		}
		pr.row.Cells[j] = r.readCell(fields, i, c)
	}
	r.readExtras(fields, &pr.row)
}

// readExtras reads the extra columns of measures computed from records.
func (r *csvReader) readExtras(fields []string, row *Row) {
	exacts := make([]*num.Num, len(row.Cells))
	for _, x := range r.header.extras {
		text := strings.TrimSpace(fields[x.field])
		if text == "" {
			continue
		}
		if err := setExtra(&row.Cells[x.column], &exacts[x.column], x.kind, text); err != nil {
			r.list.Errorf(r.file, span(r.fieldPos(fields, x.field)), "%v", err)
		}
	}
	for j := range row.Cells {
		finishExtras(&row.Cells[j], exacts[j])
	}
}

func (r *csvReader) parsePeriod(text string) (types.Period, bool) {
	p, err := types.ParsePeriod(strings.TrimSpace(text), r.schema.Term.Start.Gran)
	return p, err == nil
}

func (r *csvReader) readCell(fields []string, i int, c Column) Cell {
	cell := Cell{Pos: r.fieldPos(fields, i)}
	text := strings.TrimSpace(fields[i])
	if text == "" {
		cell.Missing = true
		return cell
	}
	v, err := types.ParseValue(text, c.Unit, r.schema.Currency)
	if err != nil {
		reportValueError(r.list, r.file, cell.Pos, text, c, r.schema.Currency, err)
		return cell
	}
	cell.Value = v
	return cell
}

func (r *csvReader) reportFieldCount(fields []string, rowPos diag.Pos) {
	want := r.header.fields
	if len(fields) < want {
		r.list.Errorf(r.file, span(rowPos), "row has %d fields but the header has %d; add the missing fields, %s",
			len(fields), want, csvFormat.notReported)
		return
	}
	r.list.Errorf(r.file, span(r.fieldPos(fields, want)), "row has %d fields but the header has %d; remove the extra fields",
		len(fields), want)
}
