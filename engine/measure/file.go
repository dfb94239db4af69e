package measure

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/measure/csvread"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
)

// This file reads a part of a record file that can be read at any offset.
// Most rows of an export look alike: a timestamp of 19 characters, a few
// digits, a word from a fixed list. For each column the scanner knows the
// field's type, so it reads such a row in one pass from left to right,
// converting each cell as it finds it, the way a parser written for one
// layout would. Any row that does not take that shape, because a cell is
// empty, padded, quoted, malformed or simply written another way, goes
// through the general path: the line is split at its commas and each cell
// converted as the CSV reader's path does, with the same errors and
// positions. From the first line with a double quote on, the rest of the
// part goes to the CSV reader itself, because a quoted field may contain
// commas and line ends. TestSplitMatchesStream and FuzzScan compare the
// results with those of the CSV reader alone.

// fileBuffer is the size of the blocks read from the file.
const fileBuffer = 1 << 20

// cellKind is how the one-pass row parser reads a column.
type cellKind int

const (
	cellSkip      cellKind = iota // a column no field reads
	cellTimestamp                 // exactly YYYY-MM-DDTHH:MM:SS
	cellDigits                    // a duration of up to 9 digits in a unit of at most a second
	cellCount                     // a count of up to 12 digits
	cellBool                      // one of 0, 1, y, n, Y, N
	cellChoice                    // a text field with a "one of" list
	cellText                      // any other text field
	cellOther                     // a type the one-pass parser leaves to the general path
)

// columnPlan is how the one-pass parser reads one column.
type columnPlan struct {
	kind  cellKind
	field int
	unit  int64
	// values are the texts of a choice, or the literals that conditions
	// compare a text field with, whose index is the field's value.
	values [][]byte
	cache  *calendar.DayCache
}

func (sc *scanner) columnPlans() []columnPlan {
	plans := make([]columnPlan, sc.width)
	for i := range plans {
		plans[i] = columnPlan{kind: cellSkip, field: -1}
	}
	for i, f := range sc.sp.src.Fields {
		p := columnPlan{field: i, kind: cellOther}
		switch f.Kind {
		case check.FieldTimestamp:
			p.kind, p.cache = cellTimestamp, sc.ru.p.zone.NewDayCache()
		case check.FieldDuration:
			p.unit = f.Scale.Shift(9).IntPart()
			if f.Scale.Shift(9).IsInteger() && p.unit > 0 && p.unit <= 1e9 {
				p.kind = cellDigits
			}
		case check.FieldBool:
			p.kind = cellBool
		case check.FieldCount:
			p.kind, p.unit = cellCount, numberScale
		case check.FieldText:
			p.kind = cellText
			texts := sc.sp.literals[i]
			if len(f.Values) > 0 {
				p.kind, texts = cellChoice, f.Values
			}
			for _, t := range texts {
				p.values = append(p.values, []byte(t))
			}
		}
		plans[sc.cols[i]] = p
	}
	return plans
}

// scanFile reads the part pt of at.
func (sc *scanner) scanFile(at io.ReaderAt, pt part) {
	rec := record{v: make([]int64, len(sc.sp.src.Fields)), ok: make([]bool, len(sc.sp.src.Fields))}
	plans := sc.columnPlans()
	buf := make([]byte, fileBuffer)
	line := pt.lines
	pos := pt.lo // the file offset of buf[0]
	n := 0       // the bytes of buf in use

	for {
		if want := min(int64(len(buf)-n), pt.hi-pos-int64(n)); want > 0 {
			got, err := at.ReadAt(buf[n:n+int(want)], pos+int64(n))
			if got < int(want) && err != nil && err != io.EOF {
				sc.errs.Errorf(sc.file, diag.Span{}, "cannot read source %s: %v", sc.sp.src.Name, err)
				return
			}
			n += got
			if got < int(want) {
				// The file is shorter than its reported size, so it ends here.
				pt.hi = pos + int64(n)
			}
		}
		data := buf[:n]
		atEnd := pos+int64(n) >= pt.hi

		p := 0
		for p < len(data) {
			// Skip a blank line, as the CSV reader does.
			if data[p] == '\n' {
				p++
				line++
				continue
			}
			if data[p] == '\r' && (p+1 < len(data) && data[p+1] == '\n' || p+1 == len(data) && atEnd) {
				p += min(2, len(data)-p)
				line++
				continue
			}

			if next, ok := sc.fastRow(plans, data, p, atEnd, &rec); ok {
				sc.rep.Rows++
				line++
				sc.add(&rec)
				p = next
				continue
			}

			end := bytes.IndexByte(data[p:], '\n')
			if end < 0 && !atEnd {
				break // the line continues in the next block
			}
			next := len(data)
			if end >= 0 {
				end += p
				next = end + 1
			} else {
				end = len(data)
			}
			l := data[p:end]
			if bytes.IndexByte(l, '"') >= 0 {
				sc.quoted = true
				sc.handOver(at, pt, pos+int64(p), line)
				return
			}
			line++
			p = next
			if len(l) > 0 && l[len(l)-1] == '\r' {
				l = l[:len(l)-1]
			}
			sc.rep.Rows++
			if msg, col := sc.parseLine(l, &rec); msg != "" {
				if !sc.bad(line, col, msg) {
					sc.read.Store(pos + int64(p) - pt.lo)
					sc.endLine = line
					return
				}
				continue
			}
			sc.add(&rec)
		}

		// Move the partial last line to the front of the buffer, and grow
		// the buffer for a line longer than it.
		rest := copy(buf, data[p:])
		pos += int64(p)
		n = rest
		sc.read.Store(pos - pt.lo)
		if atEnd && n == 0 {
			sc.endLine = line
			return
		}
		if rest == len(buf) {
			bigger := make([]byte, 2*len(buf))
			copy(bigger, buf[:rest])
			buf = bigger
		}
	}
}

// fastRow reads the row at data[p:] in one pass when every cell takes its
// column's usual shape.
//
// TODO(speed): a scan still takes 2.4 to 3.1 times the time of a parser
// written for one layout (docs/benchmarks.md). The conditions, closures
// over a record, are the next cost to cut. It returns the offset after the row's line end and
// true, or false, having stored nothing that the general path does not
// overwrite, when the row needs the general path.
func (sc *scanner) fastRow(plans []columnPlan, data []byte, p int, atEnd bool, rec *record) (int, bool) {
	last := len(plans) - 1
	for c := range plans {
		cp := &plans[c]
		q, ok := sc.fastCell(cp, data, p, rec)
		if !ok {
			return 0, false
		}
		if c < last {
			if q >= len(data) || data[q] != ',' {
				return 0, false
			}
			p = q + 1
			continue
		}
		switch {
		case q == len(data):
			return q, atEnd
		case data[q] == '\n':
			return q + 1, true
		case data[q] == '\r' && q+1 < len(data) && data[q+1] == '\n':
			return q + 2, true
		}
	}
	return 0, false
}

// fastCell reads the cell at data[p:] for column cp and returns the offset
// after it, or false when the cell needs the general path.
func (sc *scanner) fastCell(cp *columnPlan, data []byte, p int, rec *record) (int, bool) {
	switch cp.kind {
	case cellTimestamp:
		q := p + 19
		if q > len(data) {
			return 0, false
		}
		t, err := cp.cache.ParseTimestamp(data[p:q])
		if err != nil {
			return 0, false
		}
		rec.v[cp.field], rec.ok[cp.field] = int64(t), true
		return q, true

	case cellDigits, cellCount:
		limit := 9
		if cp.kind == cellCount {
			limit = 12
		}
		var v int64
		q := p
		for q < len(data) && q-p < limit && data[q]-'0' <= 9 {
			v = v*10 + int64(data[q]-'0')
			q++
		}
		if q == p {
			return 0, false
		}
		rec.v[cp.field], rec.ok[cp.field] = v*cp.unit, true
		return q, true

	case cellBool:
		if p >= len(data) {
			return 0, false
		}
		switch data[p] {
		case '1', 'y', 'Y':
			rec.v[cp.field] = 1
		case '0', 'n', 'N':
			rec.v[cp.field] = 0
		default:
			return 0, false
		}
		rec.ok[cp.field] = true
		return p + 1, true

	case cellChoice:
		for k, v := range cp.values {
			q := p + len(v)
			// The delimiter test comes first: it rules out most other
			// values with one comparison.
			if q <= len(data) && (q == len(data) || isDelimiter(data[q])) && bytes.Equal(data[p:q], v) {
				rec.v[cp.field], rec.ok[cp.field] = int64(k), true
				return q, true
			}
		}
		return 0, false

	case cellText, cellSkip:
		q := p
		for q < len(data) && !isDelimiter(data[q]) && data[q] != '"' {
			q++
		}
		if q < len(data) && data[q] == '"' {
			return 0, false
		}
		if cp.kind == cellSkip {
			return q, true
		}
		if q == p || data[p] == ' ' || data[q-1] == ' ' {
			return 0, false
		}
		rec.v[cp.field] = -1
		for k, v := range cp.values {
			if bytes.Equal(data[p:q], v) {
				rec.v[cp.field] = int64(k)
				break
			}
		}
		rec.ok[cp.field] = true
		return q, true
	}
	return 0, false
}

func isDelimiter(b byte) bool { return b == ',' || b == '\n' || b == '\r' }

// handOver reads the rest of the part, from the line that starts at file
// offset off after lines lines, with the CSV reader.
func (sc *scanner) handOver(at io.ReaderAt, pt part, off int64, lines int) {
	sc.lines = lines
	sc.scanFrom(csvread.NewReader(io.NewSectionReader(at, off, pt.hi-off)), off-pt.lo)
}

// parseLine fills rec from a line without quotes, split at its commas. On
// a malformed line it returns the message and the 1-based column of the
// field at fault, as the CSV reader's path reports them.
func (sc *scanner) parseLine(l []byte, rec *record) (string, int) {
	fields := bytes.Count(l, []byte{','}) + 1
	if fields != sc.width {
		return fieldCountError(l, fields, sc.width)
	}
	starts := make([]int, 0, sc.width)
	for start := 0; ; {
		starts = append(starts, start)
		i := bytes.IndexByte(l[start:], ',')
		if i < 0 {
			break
		}
		start += i + 1
	}
	for i := range sc.sp.src.Fields {
		c := sc.cols[i]
		end := len(l)
		if c+1 < len(starts) {
			end = starts[c+1] - 1
		}
		if msg := sc.parseCell(i, l[starts[c]:end], rec); msg != "" {
			return msg, starts[c] + 1
		}
	}
	return "", 0
}

// fieldCountError returns the message and column of a line with the wrong
// number of fields, as the CSV reader's path reports them. The column is
// that of its last field when it is short, and of its first extra field
// when it is long.
func fieldCountError(l []byte, fields, width int) (string, int) {
	if fields < width {
		return fmt.Sprintf("the row has %d fields, but the header has %d", fields, width), bytes.LastIndexByte(l, ',') + 2
	}
	start := 0
	for range width {
		start += bytes.IndexByte(l[start:], ',') + 1
	}
	return fmt.Sprintf("the row has %d fields, but the header has %d; quote a value that contains a comma", fields, width), start + 1
}
