// Package csvread reads comma-separated records from large operational
// exports, such as call-detail records, CRM cases and outage logs, without
// allocating per record. Fields are subslices of the read buffer, and only
// quoted fields that need unescaping are copied.
//
// The format is RFC 4180 with the line endings that real exports contain.
// Fields are separated by commas. Records end at LF or CRLF, and the final
// record needs no line end. A UTF-8 byte order mark at the start of the
// input is skipped. Empty lines, and lines that contain only CR, are skipped
// but still counted in line numbers. A field that starts with a double quote
// is quoted: it may contain commas, CR, LF and doubled quotes (""), and
// must be followed by a comma or a line end.
//
// On every input that encoding/csv (Go 1.26, Comma ',', LazyQuotes false,
// no Comment) reads without error, Reader returns the same records, field
// positions and input offsets. Like encoding/csv, it reads CRLF inside a
// quoted field as LF, keeps any other CR as data, and drops one CR at the
// very end of the input. The differences are that Reader skips a leading
// byte order mark, which encoding/csv returns as part of the first field,
// and that some errors report another position (see ParseError).
//
// Design: Reader keeps one buffer and returns fields as subslices of it.
// Next takes the next buffered line, which bytes.IndexByte finds, through
// one of two fast paths:
//
//   - A line without quotes is split at its commas, which a word-at-a-time
//     (SWAR) scan finds eight bytes per step. A cached bytes.IndexByte
//     search for the next quote in the buffer shows that the line has none.
//   - A line with quotes is split by a parser for single-line records.
//
// The general parser reads everything else: the start of the input, a
// record that runs past the buffered data, a quoted field that continues
// on the next line, and malformed lines, whose errors only it reports. It
// keeps its place as offsets from the record's first byte, so reading more
// input, which may move or grow the buffer, resumes the scan instead of
// restarting it. Only a quoted field that contains a doubled quote or a
// CRLF is copied, into a scratch buffer that the next record reuses.
package csvread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// defaultBufferSize is the initial buffer size. The buffer doubles whenever
// one record does not fit.
const defaultBufferSize = 256 << 10

// maxEmptyReads is the number of consecutive reads that return no data and
// no error before Reader gives up with io.ErrNoProgress, as bufio.Reader does.
const maxEmptyReads = 100

// byteOrderMark is the UTF-8 encoding of U+FEFF, which some exporters write
// at the start of a file.
var byteOrderMark = []byte{0xEF, 0xBB, 0xBF}

// errInvalidReadCount reports an io.Reader that returned a byte count
// outside the buffer it was given.
var errInvalidReadCount = errors.New("csvread: the underlying reader returned an invalid byte count")

// Error messages of ParseError.
const (
	msgBareQuote      = "bare quote in unquoted field; quote the whole field and double the quote inside it"
	msgTextAfterQuote = "unexpected text after closing quote; double the quote inside a quoted field (\"\")"
	msgUnclosedQuote  = "quoted field has no closing quote before the end of the input; add the closing quote, or double the quotes inside the field"
)

// ParseError is a malformed record. Line and Column are 1-based, and Column
// counts bytes from the start of the line, not counting a byte order mark.
//
// The position is that of the byte in error. For a bare quote it is the
// quote in the unquoted field. For text after a closing quote it is the
// first byte that is neither a comma nor a line end. For a quoted field
// that the input ends inside, it is the opening quote. encoding/csv reports
// the last two cases at the closing quote and at the end of the input.
type ParseError struct {
	Line   int
	Column int
	Msg    string
}

// Error returns the message in the form "line L, column C: msg".
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Reader reads records from an io.Reader. Create it with NewReader.
//
// A typical loop, which stops at the first malformed record:
//
//	r := csvread.NewReader(f)
//	for r.Next() {
//		fields := r.Fields()
//		...
//	}
//	if err := r.Err(); err != nil {
//		...
//	}
type Reader struct {
	source io.Reader

	// buf[start:end] is the buffered input not yet consumed, and
	// bufOffset is the input offset of buf[0].
	buf       []byte
	start     int
	end       int
	bufOffset int64

	eof     bool  // source returned io.EOF
	readErr error // error that source returned together with data, reported once that data is parsed
	err     error // error that stops Next

	bomChecked bool // the start of the input has been checked for a byte order mark

	// buf[start:quoteFree] contains no quote, which lets the fast path
	// check each line with one search per quote instead of one per line.
	quoteFree int

	nextLine   int // line number of buf[start]
	recordLine int // line number of the current record's first byte

	fields  [][]byte
	pos     []fieldPos  // positions of fields, empty after the fast path until requested
	spans   []fieldSpan // fields of the record that the general parser is reading
	scratch []byte      // unescaped quoted fields of the current record

	// errOffset is the offset from buf[start] of the position in r.err,
	// and errLine its line number. Recover resumes after the first line
	// feed at or after that offset.
	errOffset int
	errLine   int
}

// fieldPos is the 1-based line and byte column where a field starts.
type fieldPos struct {
	line, col int
}

// NewReader returns a Reader that reads from source through an internal
// buffer of 256 KiB, which grows for records that do not fit.
func NewReader(source io.Reader) *Reader {
	return newReaderSize(source, defaultBufferSize)
}

// newReaderSize returns a Reader with an initial buffer of size bytes, so
// that tests can force records across buffer boundaries.
func newReaderSize(source io.Reader, size int) *Reader {
	r := &Reader{buf: make([]byte, max(size, 1))}
	r.Reset(source)
	return r
}

// Reset discards all state and makes r read from source, keeping the
// buffers that r has allocated so far.
func (r *Reader) Reset(source io.Reader) {
	*r = Reader{
		source:   source,
		buf:      r.buf,
		fields:   r.fields[:0],
		pos:      r.pos[:0],
		spans:    r.spans[:0],
		scratch:  r.scratch[:0],
		nextLine: 1,
	}
}

// Fields returns the fields of the current record. Quoted fields are
// returned without their quotes, with each doubled quote read as one quote
// and each CRLF read as LF. The slices are valid until the next call of
// Next, Recover or Reset, and the outer slice is reused by the next record.
// The caller must not modify the bytes, because most fields are subslices
// of the input buffer.
func (r *Reader) Fields() [][]byte {
	return r.fields
}

// Line returns the 1-based line number where the current record starts.
func (r *Reader) Line() int {
	return r.recordLine
}

// Column returns the 1-based byte column where field i of the current
// record starts on its line, which for a quoted field is the column of the
// opening quote. FieldLine returns that line. Column returns 0 when i is
// not a field index of the current record.
func (r *Reader) Column(i int) int {
	if i < 0 || i >= len(r.fields) {
		return 0
	}
	if len(r.pos) < len(r.fields) {
		r.fillLinePositions()
	}
	return r.pos[i].col
}

// FieldLine returns the 1-based line number where field i of the current
// record starts. It differs from Line for fields that follow a quoted field
// that contains a line feed. FieldLine returns 0 when i is not a field
// index of the current record.
func (r *Reader) FieldLine(i int) int {
	if i < 0 || i >= len(r.fields) {
		return 0
	}
	if len(r.pos) < len(r.fields) {
		r.fillLinePositions()
	}
	return r.pos[i].line
}

// Err returns the error that stopped Next: nil at the end of the input, a
// *ParseError for malformed input, or the error of the underlying reader.
func (r *Reader) Err() error {
	return r.err
}

// Offset returns the number of input bytes consumed so far, which includes
// the current record and its line end. After a ParseError it is the offset
// of the malformed record's first byte.
func (r *Reader) Offset() int64 {
	return r.bufOffset + int64(r.start)
}

// Recover skips the rest of the line that a ParseError points to, so that
// Next continues with the following line. For an unclosed quoted field this
// is the line of the opening quote, so the lines that the quoted field
// swallowed are read again as records.
//
// Recover reports whether input remains after the skipped line. It returns
// false without doing anything when Err is not a *ParseError. When the
// input ends before the line does, Recover returns false and Err returns
// nil. When reading fails, Err returns the read error. Next may still
// return false after Recover returned true, when only empty lines remain.
func (r *Reader) Recover() bool {
	if _, ok := r.err.(*ParseError); !ok {
		return false
	}
	r.err = nil
	r.fields = r.fields[:0]
	r.pos = r.pos[:0]

	from := r.errOffset
	for {
		data := r.buf[r.start:r.end]
		if i := bytes.IndexByte(data[from:], '\n'); i >= 0 {
			r.start += from + i + 1
			r.nextLine = r.errLine + 1
			break
		}
		if r.eof {
			r.start = r.end
			return false
		}
		from = len(data)
		if !r.fill() {
			return false
		}
	}

	if !r.ensure(1) {
		return false
	}
	return r.end > r.start
}

// fill reads more input after buf[end]. It first moves the unconsumed bytes
// to the front of the buffer, and doubles the buffer when they fill it. It
// sets r.eof at the end of the input, and returns false with r.err set when
// reading fails.
func (r *Reader) fill() bool {
	if r.readErr != nil {
		r.err = r.readErr
		return false
	}

	if r.start > 0 {
		n := copy(r.buf, r.buf[r.start:r.end])
		r.bufOffset += int64(r.start)
		r.quoteFree = max(r.quoteFree-r.start, 0)
		r.start = 0
		r.end = n
	}
	if r.end == len(r.buf) {
		// NOTE: The buffer has no size limit, so a quote that is never
		// closed keeps the rest of the input in memory, as encoding/csv
		// does.
		grown := make([]byte, 2*len(r.buf))
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}

	for range maxEmptyReads {
		n, err := r.source.Read(r.buf[r.end:])
		if n < 0 || n > len(r.buf)-r.end {
			r.err = errInvalidReadCount
			return false
		}
		r.end += n

		switch {
		case err == io.EOF:
			r.eof = true
			return true
		case err != nil && n > 0:
			r.readErr = err
			return true
		case err != nil:
			r.err = err
			return false
		case n > 0:
			return true
		}
	}
	r.err = io.ErrNoProgress
	return false
}

// ensure reads until at least n bytes follow buf[start] or the input ends.
// It returns false when reading fails.
func (r *Reader) ensure(n int) bool {
	for r.end-r.start < n && !r.eof {
		if !r.fill() {
			return false
		}
	}
	return true
}
