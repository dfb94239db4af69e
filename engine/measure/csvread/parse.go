package csvread

import "bytes"

// recordScan is the general parser's place in the record it reads. Offsets
// count bytes from buf[start], the record's first byte, so they stay valid
// when fill moves the buffered bytes.
type recordScan struct {
	next      int // offset of the next field's first byte, or of the record's end once it is read
	lines     int // line feeds in the record before next
	lineStart int // offset of the first byte of the line that contains next
}

// fieldSpan is a field of the record that the general parser reads, as
// offsets from the record's first byte. For a quoted field the span is the
// text between the quotes.
type fieldSpan struct {
	start, end int
	unescape   bool // the text contains "" or CRLF, which Fields returns as " and LF
}

// scanResult is what follows the field that a scan function just read.
type scanResult int

const (
	moreFields scanResult = iota // a comma followed the field
	recordDone                   // a line end or the end of the input followed the field
	scanFailed                   // r.err is set
)

// nextSlow skips the byte order mark and empty lines, then reads the next
// record with the general parser.
func (r *Reader) nextSlow() bool {
	r.fields = r.fields[:0]
	r.pos = r.pos[:0]

	if !r.bomChecked {
		if !r.ensure(len(byteOrderMark)) {
			return false
		}
		if bytes.HasPrefix(r.buf[r.start:r.end], byteOrderMark) {
			r.start += len(byteOrderMark)
		}
		r.bomChecked = true
	}

	for {
		// Two bytes decide whether a line is empty, because a CR is data
		// unless an LF or the end of the input follows it.
		if !r.ensure(2) {
			return false
		}
		data := r.buf[r.start:r.end]

		switch {
		case len(data) == 0:
			return false
		case data[0] == '\n':
			r.start++
			r.nextLine++
		case data[0] == '\r' && len(data) == 1:
			r.start++
			return false
		case data[0] == '\r' && data[1] == '\n':
			r.start += 2
			r.nextLine++
		default:
			return r.parseRecord()
		}
	}
}

// parseRecord reads the record that starts at buf[start], which is not an
// empty line, reading more input as needed.
func (r *Reader) parseRecord() bool {
	r.spans = r.spans[:0]
	var scan recordScan

	for {
		// The first byte shows whether the field is quoted. At the end of
		// the input, scanUnquoted reads the empty field after a final comma.
		if scan.next == r.end-r.start && !r.eof {
			if !r.fill() {
				return false
			}
			continue
		}

		var result scanResult
		if scan.next < r.end-r.start && r.buf[r.start+scan.next] == '"' {
			result = r.scanQuoted(&scan)
		} else {
			result = r.scanUnquoted(&scan)
		}

		switch result {
		case recordDone:
			r.finishRecord(scan.next, scan.lines)
			return true
		case scanFailed:
			r.pos = r.pos[:0]
			return false
		}
	}
}

// scanUnquoted reads the unquoted field that starts at scan.next.
func (r *Reader) scanUnquoted(scan *recordScan) scanResult {
	start := scan.next
	r.addPosition(scan, start)

	// The bytes in [start, checked) contain no comma, LF or quote, so a
	// scan that has to read more input resumes at checked.
	checked := start
	for {
		data := r.buf[r.start:r.end]
		if i := indexDelimiter(data[checked:]); i >= 0 {
			end := checked + i
			switch data[end] {
			case '"':
				return r.fail(scan, end, msgBareQuote)
			case '\n':
				r.spans = append(r.spans, fieldSpan{start: start, end: trimCR(data, start, end)})
				scan.next = end + 1
				scan.lines++
				return recordDone
			default:
				r.spans = append(r.spans, fieldSpan{start: start, end: end})
				scan.next = end + 1
				return moreFields
			}
		}

		if r.eof {
			// Like encoding/csv, drop one CR at the very end of the input.
			end := len(data)
			r.spans = append(r.spans, fieldSpan{start: start, end: trimCR(data, start, end)})
			scan.next = end
			return recordDone
		}
		checked = len(data)
		if !r.fill() {
			return scanFailed
		}
	}
}

// scanQuoted reads the quoted field whose opening quote is at scan.next.
func (r *Reader) scanQuoted(scan *recordScan) scanResult {
	open := scan.next
	openLines := scan.lines
	openColumn := open - scan.lineStart + 1
	r.addPosition(scan, open)

	textStart := open + 1
	unescape := false

	// The line feeds in [textStart, checked) are counted, and checked is
	// never inside a doubled quote.
	checked := textStart
	for {
		data := r.buf[r.start:r.end]
		quote := bytes.IndexByte(data[checked:], '"')
		textEnd := len(data)
		if quote >= 0 {
			textEnd = checked + quote
		}
		unescape = r.countLines(scan, data, textStart, checked, textEnd) || unescape
		checked = textEnd

		if quote < 0 {
			if r.eof {
				return r.failAt(openLines, open, openColumn, msgUnclosedQuote)
			}
			if !r.fill() {
				return scanFailed
			}
			continue
		}

		// data[textEnd] is a quote, which a second quote escapes and
		// anything else closes. Deciding needs the next byte, and after a
		// CR the byte after that.
		after := textEnd + 1
		needed := after + 1
		if after < len(data) && data[after] == '\r' {
			needed = after + 2
		}
		if needed > len(data) && !r.eof {
			if !r.fill() {
				return scanFailed
			}
			continue
		}

		field := fieldSpan{start: textStart, end: textEnd, unescape: unescape}
		switch {
		case after == len(data):
			r.spans = append(r.spans, field)
			scan.next = after
			return recordDone
		case data[after] == '"':
			unescape = true
			checked = after + 1
		case data[after] == ',':
			r.spans = append(r.spans, field)
			scan.next = after + 1
			return moreFields
		case data[after] == '\n':
			r.spans = append(r.spans, field)
			scan.next = after + 1
			scan.lines++
			return recordDone
		case data[after] == '\r' && after+1 == len(data):
			// Like encoding/csv, drop one CR at the very end of the input.
			r.spans = append(r.spans, field)
			scan.next = after + 1
			return recordDone
		case data[after] == '\r' && data[after+1] == '\n':
			r.spans = append(r.spans, field)
			scan.next = after + 2
			scan.lines++
			return recordDone
		default:
			return r.fail(scan, after, msgTextAfterQuote)
		}
	}
}

// countLines counts the line feeds in data[from:to], which is text of the
// quoted field that starts at textStart, and moves scan.lineStart past the
// last one. It reports whether a CR precedes one of them, which makes the
// field need unescaping.
func (r *Reader) countLines(scan *recordScan, data []byte, textStart, from, to int) bool {
	crlf := false
	for {
		i := bytes.IndexByte(data[from:to], '\n')
		if i < 0 {
			return crlf
		}
		lineFeed := from + i
		if lineFeed > textStart && data[lineFeed-1] == '\r' {
			crlf = true
		}
		scan.lines++
		scan.lineStart = lineFeed + 1
		from = lineFeed + 1
	}
}

// addPosition records the position of the field that starts at offset.
func (r *Reader) addPosition(scan *recordScan, offset int) {
	r.pos = append(r.pos, fieldPos{
		line: r.nextLine + scan.lines,
		col:  offset - scan.lineStart + 1,
	})
}

// fail sets r.err to a ParseError at offset, which is on the line that
// starts at scan.lineStart.
func (r *Reader) fail(scan *recordScan, offset int, msg string) scanResult {
	return r.failAt(scan.lines, offset, offset-scan.lineStart+1, msg)
}

// failAt sets r.err to a ParseError at offset, which is at column on the
// record's line with index lines, and keeps the offset for Recover.
func (r *Reader) failAt(lines, offset, column int, msg string) scanResult {
	line := r.nextLine + lines
	r.err = &ParseError{Line: line, Column: column, Msg: msg}
	r.errOffset = offset
	r.errLine = line
	return scanFailed
}

// finishRecord makes r.spans the current record and consumes it. The record
// is length bytes long and contains lines line feeds.
func (r *Reader) finishRecord(length, lines int) {
	data := r.buf[r.start:r.end]

	// A field keeps pointing into the old array when append moves the
	// scratch buffer, so each field stays valid.
	scratch := r.scratch[:0]
	fields := r.fields[:0]
	for _, span := range r.spans {
		if !span.unescape {
			fields = append(fields, data[span.start:span.end:span.end])
			continue
		}
		from := len(scratch)
		scratch = appendUnescaped(scratch, data[span.start:span.end])
		fields = append(fields, scratch[from:len(scratch):len(scratch)])
	}
	r.fields = fields
	r.scratch = scratch

	r.recordLine = r.nextLine
	r.nextLine += lines
	r.start += length
}

// appendUnescaped appends the text of a quoted field to dst with each ""
// turned into " and each CRLF into LF. In text that the parser accepted,
// every quote is the first of a doubled pair.
func appendUnescaped(dst, text []byte) []byte {
	for {
		i := bytes.IndexAny(text, "\"\r")
		if i < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:i]...)

		switch {
		case text[i] == '"':
			dst = append(dst, '"')
			text = text[i+2:]
		case i+1 < len(text) && text[i+1] == '\n':
			dst = append(dst, '\n')
			text = text[i+2:]
		default:
			dst = append(dst, '\r')
			text = text[i+1:]
		}
	}
}

// trimCR returns end, less one when data[start:end] ends in CR.
func trimCR(data []byte, start, end int) int {
	if end > start && data[end-1] == '\r' {
		return end - 1
	}
	return end
}
