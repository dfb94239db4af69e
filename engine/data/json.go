package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/pacta-dev/pacta/engine/num"
	"io"
	"strings"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// ReadJSON reads period data written as JSON:
//
//	{"periods": [{"period": "2026-01", "csat": "83.5%", "calls": 1520, "asa": null}, ...]}
//
// Each object has a "period" key and one key per reported measure. A value
// is a JSON number, kept with its exact digits, or a string written as in a
// CSV cell. A null or a blank string means that the value was not reported.
// A measure's key must be present even then, so that a forgotten measure is
// not mistaken for a missing value.
func ReadJSON(file string, src []byte, s Schema) (*Table, *diag.List) {
	r := &jsonReader{
		file:     file,
		schema:   s,
		src:      newSource(src),
		list:     &diag.List{EveryColumn: true},
		complete: true,
	}
	r.columnIndex = make(map[string]int)
	for j, c := range s.Columns {
		r.columnIndex[c.Name] = j
	}
	r.computed = make(map[string]bool)
	for _, name := range s.Computed {
		r.computed[name] = true
	}

	// The token walk below cannot place syntax errors, because in Go 1.26
	// the offset of a SyntaxError from Decoder.Token leaves out the
	// delimiters, commas and colons that Token consumed itself. A first
	// pass with Decode reports the offset of the invalid byte exactly.
	if r.checkSyntax() {
		r.dec = json.NewDecoder(bytes.NewReader(r.src.text))
		r.dec.UseNumber()
		r.readTop()
	}
	if r.failed {
		r.complete = false
	}
	return finish(file, r.rows, r.complete, s, jsonFormat, r.list)
}

type jsonReader struct {
	file        string
	schema      Schema
	src         source
	list        *diag.List
	columnIndex map[string]int
	computed    map[string]bool
	dec         *json.Decoder
	// failed is set when the decoder returned an error, after which it
	// cannot go on.
	failed bool
	rows   []pendingRow
	// complete is false when some element of "periods" has no usable
	// period.
	complete bool
}

// checkSyntax reports the first syntax error of the file, an empty file or
// data after the top-level value, and returns whether there was none.
func (r *jsonReader) checkSyntax() bool {
	dec := json.NewDecoder(bytes.NewReader(r.src.text))
	var raw json.RawMessage
	err := dec.Decode(&raw)
	var syntaxErr *json.SyntaxError
	switch {
	case err == io.EOF:
		r.list.Errorf(r.file, span(r.src.posAt(0)), "file is empty; write an object such as {%q: [%s]}",
			"periods", r.exampleObject())
		return false
	case errors.As(err, &syntaxErr):
		// Offset counts the bytes read up to and including the invalid one.
		// NOTE: with GOEXPERIMENT=jsonv2 (Go 1.26), Offset may instead
		// point at the separator before the invalid byte, so the column
		// can be a few bytes early, and the tests of it fail.
		pos := r.src.posAt(int(syntaxErr.Offset) - 1)
		r.list.Errorf(r.file, span(pos), "invalid JSON: %s; fix the syntax at this position", syntaxErr)
		return false
	case errors.Is(err, io.ErrUnexpectedEOF):
		r.list.Errorf(r.file, span(r.src.end()), "invalid JSON: the file ends inside a value; close every open string, array and object")
		return false
	case err != nil:
		r.list.Errorf(r.file, span(r.src.end()), "failed to read JSON: %v", err)
		return false
	}

	rest := r.src.text[dec.InputOffset():]
	if space := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n")); space < len(rest) {
		pos := r.src.posAt(int(dec.InputOffset()) + space)
		r.list.Errorf(r.file, span(pos), "invalid JSON: unexpected data after the top-level value; remove it")
		return false
	}
	return true
}

// next returns the next token and the position where it starts.
func (r *jsonReader) next() (json.Token, diag.Pos, bool) {
	if r.failed {
		return nil, diag.Pos{}, false
	}
	start := skipSeparators(r.src.text, int(r.dec.InputOffset()))
	tok, err := r.dec.Token()
	if err != nil {
		// checkSyntax has accepted the file, so this is not expected.
		r.list.Errorf(r.file, span(r.src.posAt(start)), "failed to read JSON: %v", err)
		r.failed = true
		return nil, diag.Pos{}, false
	}
	return tok, r.src.posAt(start), true
}

// skipSeparators returns the offset of the first byte at or after off that
// is neither white space nor a comma or colon, which is where the decoder's
// next token starts.
func skipSeparators(text []byte, off int) int {
	for off < len(text) && strings.IndexByte(" \t\r\n,:", text[off]) >= 0 {
		off++
	}
	return off
}

// skipRest skips the rest of a value whose first token is tok.
func (r *jsonReader) skipRest(tok json.Token) {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return
	}
	for depth := 1; depth > 0; {
		t, _, ok := r.next()
		if !ok {
			return
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

func (r *jsonReader) skipValue() {
	if tok, _, ok := r.next(); ok {
		r.skipRest(tok)
	}
}

// nextKey returns the next key of an object, or ok false at its end.
func (r *jsonReader) nextKey() (key string, pos diag.Pos, ok bool) {
	tok, pos, ok := r.next()
	if !ok || tok == json.Delim('}') {
		return "", pos, false
	}
	key, ok = tok.(string)
	if !ok {
		// The decoder returns only strings as keys.
		r.list.Errorf(r.file, span(pos), "failed to read JSON: expected an object key, found %v", tok)
		r.failed = true
	}
	return key, pos, ok
}

// kindOf returns the JSON kind of a value, with its article, from the
// value's first token.
func kindOf(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case json.Delim:
		if t == '[' {
			return "an array"
		}
	}
	return "an object"
}

func (r *jsonReader) exampleObject() string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"period": %q`, r.schema.Term.Start.Gran.Example())
	if len(r.schema.Columns) > 0 {
		fmt.Fprintf(&b, `, %q: ...`, r.schema.Columns[0].Name)
	}
	b.WriteString("}")
	return b.String()
}

// readTop reads the top-level object, which must have a "periods" key and
// nothing else.
func (r *jsonReader) readTop() {
	tok, topPos, ok := r.next()
	if !ok {
		return
	}
	if tok != json.Delim('{') {
		r.list.Errorf(r.file, span(topPos), "top level is %s; write an object such as {%q: [%s]}",
			kindOf(tok), "periods", r.exampleObject())
		return
	}

	seen := false
	for {
		key, pos, ok := r.nextKey()
		if !ok {
			break
		}
		switch {
		case key == "periods" && seen:
			r.list.Errorf(r.file, span(pos), "duplicate key %q; merge the two arrays into one", key)
			r.skipValue()
		case key == "periods":
			seen = true
			r.readPeriods()
		case key == "sources" || key == "as_of" || key == "basis":
			// pacta measure writes these beside the periods, to account for
			// the records; the evaluation does not need them.
			r.skipValue()
		default:
			d := r.list.Errorf(r.file, span(pos), "unknown key %q in the top-level object", key)
			d.Hint = diag.DidYouMean(key, []string{"periods"})
			if d.Hint == "" {
				d.Hint = `remove it: the top-level object has the "periods" key, and the "sources", "as_of" and "basis" keys that pacta measure writes`
			}
			r.skipValue()
		}
	}
	if !seen && !r.failed {
		r.list.Errorf(r.file, span(topPos), "top-level object has no %q key; add one with an array such as [%s]",
			"periods", r.exampleObject())
	}
}

// readPeriods reads the "periods" array.
func (r *jsonReader) readPeriods() {
	tok, arrayPos, ok := r.next()
	if !ok {
		return
	}
	if tok != json.Delim('[') {
		r.list.Errorf(r.file, span(arrayPos), "%q is %s; write an array with one object per period, such as [%s]",
			"periods", kindOf(tok), r.exampleObject())
		r.skipRest(tok)
		return
	}

	elements := 0
	for {
		tok, pos, ok := r.next()
		if !ok || tok == json.Delim(']') {
			break
		}
		elements++
		if tok != json.Delim('{') {
			r.list.Errorf(r.file, span(pos), "element %d of %q is %s; write an object such as %s",
				elements, "periods", kindOf(tok), r.exampleObject())
			r.skipRest(tok)
			r.complete = false
			continue
		}
		r.readRow(pos)
	}
	if elements == 0 && !r.failed {
		r.list.Errorf(r.file, span(arrayPos), "%q is empty; add one object per period, such as %s",
			"periods", r.exampleObject())
	}
}

// readRow reads one element of "periods" after its opening brace.
func (r *jsonReader) readRow(objPos diag.Pos) {
	pr := pendingRow{row: Row{Pos: objPos, Cells: make([]Cell, len(r.schema.Columns))}}
	present := make([]bool, len(r.schema.Columns))
	hasPeriod := false
	seenKeys := map[string]bool{}
	exacts := make([]*num.Num, len(r.schema.Columns))
	// suggested holds the names that an unknown key's hint offers, so that
	// a misspelt key gives one error, not also "has no value for".
	suggested := make(map[string]bool)
	for {
		key, pos, ok := r.nextKey()
		if !ok {
			break
		}
		j, isColumn := r.columnIndex[key]
		cj, extra, isExtra := extraColumn(key, r.schema)
		switch {
		case key == periodKey && hasPeriod, isColumn && present[j], isExtra && seenKeys[key]:
			r.list.Errorf(r.file, span(pos), "duplicate key %q; keep one value per key", key)
			r.skipValue()
		case key == periodKey:
			hasPeriod = true
			r.readPeriod(&pr)
		case isColumn:
			present[j] = true
			basis := pr.row.Cells[j].Basis
			pr.row.Cells[j] = r.readCell(key, r.schema.Columns[j])
			pr.row.Cells[j].Basis = basis
		case isExtra:
			seenKeys[key] = true
			r.readExtra(&pr.row.Cells[cj], &exacts[cj], extra)
		case infoColumn(key, r.schema):
			r.skipValue()
		case r.schema.IgnoreUnknown:
			r.skipValue()
		case r.computed[key] || r.computed[extraBase(key)]:
			r.list.Errorf(r.file, span(pos), "%q is computed by the contract; remove the key", key)
			r.skipValue()
		default:
			d := r.list.Errorf(r.file, span(pos), "unknown key %q", key)
			d.Hint = unknownMeasureHint(key, r.schema)
			suggested[diag.Closest(key, measureCandidates(r.schema))] = true
			r.skipValue()
		}
	}
	if r.failed {
		return
	}

	if !hasPeriod && !suggested[periodKey] {
		r.list.Errorf(r.file, span(objPos), "object has no %q key; add one such as \"period\": %q",
			periodKey, r.schema.Term.Start.Gran.Example())
	}
	r.reportAbsentKeys(pr, present, suggested)
	for j := range pr.row.Cells {
		finishExtras(&pr.row.Cells[j], exacts[j])
	}
	if !pr.periodOK {
		r.complete = false
	}
	r.rows = append(r.rows, pr)
}

func (r *jsonReader) reportAbsentKeys(pr pendingRow, present []bool, suggested map[string]bool) {
	var absent []string
	for j, c := range r.schema.Columns {
		if !present[j] && !suggested[c.Name] {
			absent = append(absent, c.Name)
		}
	}
	if len(absent) == 0 {
		return
	}
	subject := "object"
	if pr.periodOK {
		subject = "period " + pr.row.Period.String()
	}
	if len(absent) == 1 {
		r.list.Errorf(r.file, span(pr.row.Pos), "%s has no value for %s; write null if it was not reported",
			subject, absent[0])
		return
	}
	r.list.Errorf(r.file, span(pr.row.Pos), "%s has no value for %s; write null for each one that was not reported",
		subject, joinWords(absent))
}

// readPeriod reads the value of a "period" key. A number is accepted, so
// that a yearly period may be written 2026.
func (r *jsonReader) readPeriod(pr *pendingRow) {
	tok, pos, ok := r.next()
	if !ok {
		return
	}
	pr.periodPos = pos

	var text string
	switch v := tok.(type) {
	case string:
		text = strings.TrimSpace(v)
	case json.Number:
		text = string(v)
	default:
		r.list.Errorf(r.file, span(pos), "period is %s; write it as a string such as %q",
			kindOf(tok), r.schema.Term.Start.Gran.Example())
		r.skipRest(tok)
		return
	}

	period, err := types.ParsePeriod(text, r.schema.Term.Start.Gran)
	if err != nil {
		r.list.Errorf(r.file, span(pos), "%s", err)
		return
	}
	pr.row.Period, pr.periodOK = period, true
}

// readCell reads the value of a measure's key.
func (r *jsonReader) readCell(key string, c Column) Cell {
	tok, pos, ok := r.next()
	cell := Cell{Pos: pos}
	if !ok {
		return cell
	}

	var text string
	switch v := tok.(type) {
	case nil:
		cell.Missing = true
		return cell
	case string:
		text = strings.TrimSpace(v)
		if text == "" {
			cell.Missing = true
			return cell
		}
	case json.Number:
		text = string(v)
	default:
		r.list.Errorf(r.file, span(pos), "value of %q is %s; write %s, or null if it was not reported",
			key, kindOf(tok), unitExample(c.Unit, r.schema.Currency))
		r.skipRest(tok)
		return cell
	}

	v, err := types.ParseValue(text, c.Unit, r.schema.Currency)
	if err != nil {
		reportValueError(r.list, r.file, pos, text, c, r.schema.Currency, err)
		return cell
	}
	cell.Value = v
	return cell
}

// unitExample returns how to write a value of unit u, for messages.
func unitExample(u types.Unit, cur types.Currency) string {
	switch u {
	case types.Percent:
		return `a percent such as "83.5%" or 0.835`
	case types.Count:
		return "a whole number such as 1520"
	case types.Money:
		return fmt.Sprintf(`an amount such as "%s 1,250.00" or 1250.00`, cur.Code)
	case types.Duration:
		return `a duration such as "45s" or "4h"`
	}
	return "a number such as 12.5"
}

// readExtra reads an extra column of a measure computed from records: a
// whole number of records, an exact value as a string, or null.
func (r *jsonReader) readExtra(cell *Cell, exact **num.Num, kind extraKind) {
	tok, pos, ok := r.next()
	if !ok || tok == nil {
		return
	}
	var text string
	switch v := tok.(type) {
	case json.Number:
		text = string(v)
	case string:
		text = v
	default:
		r.list.Errorf(r.file, span(pos), "an extra column of a measure is %s; write a number of records, or an exact value such as \"1339/1344\"", kindOf(tok))
		r.skipRest(tok)
		return
	}
	if err := setExtra(cell, exact, kind, text); err != nil {
		r.list.Errorf(r.file, span(pos), "%v", err)
	}
}
