package csvread

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Next advances to the next record and reports whether there is one. It
// returns false at the end of the input and on an error, which Err returns.
// Next invalidates the slices that Fields returned for the previous record.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}

	// The fast paths take whole buffered lines. Before the first fill the
	// buffer is empty, so the general parser, which skips the byte order
	// mark, always reads the start of the input.
	data := r.buf[r.start:r.end]
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		line := data[:i]
		if i > 0 && line[i-1] == '\r' {
			line = line[:i-1]
		}

		if len(line) == 0 {
			r.start += i + 1
			r.nextLine++
			data = data[i+1:]
			continue
		}
		quoted := false
		if lineEnd := r.start + len(line); lineEnd > r.quoteFree {
			r.findQuote()
			quoted = lineEnd > r.quoteFree
		}
		if !quoted {
			r.splitLine(line)
		} else if !r.splitQuotedLine(line) {
			break
		}

		r.recordLine = r.nextLine
		r.nextLine++
		r.start += i + 1
		return true
	}
	return r.nextSlow()
}

// findQuote advances r.quoteFree to the first quote at or after buf[start],
// or to r.end when the buffered data contains no quote there.
func (r *Reader) findQuote() {
	from := max(r.start, r.quoteFree)
	if i := bytes.IndexByte(r.buf[from:r.end], '"'); i >= 0 {
		r.quoteFree = from + i
	} else {
		r.quoteFree = r.end
	}
}

// splitLine sets the current record to the fields of line, which is one
// whole line without its line end and without quotes.
func (r *Reader) splitLine(line []byte) {
	fields := r.fields[:0]

	start := 0
	word := 0
	for ; word+8 <= len(line); word += 8 {
		m := byteMask(binary.LittleEndian.Uint64(line[word:]), ',')
		for m != 0 {
			end := word + bits.TrailingZeros64(m)>>3
			fields = append(fields, line[start:end:end])
			start = end + 1
			m &= m - 1
		}
	}
	for end := word; end < len(line); end++ {
		if line[end] == ',' {
			fields = append(fields, line[start:end:end])
			start = end + 1
		}
	}
	fields = append(fields, line[start:len(line):len(line)])

	r.fields = fields
	r.pos = r.pos[:0]
}

// splitQuotedLine sets the current record to the fields of line, which is
// one whole line without its line end, and reports whether it did. It
// returns false, leaving the record to the general parser, when a quoted
// field continues on the next line or when the line is malformed.
func (r *Reader) splitQuotedLine(line []byte) bool {
	fields := r.fields[:0]
	pos := r.pos[:0]
	scratch := r.scratch[:0]

	start := 0
	for {
		pos = append(pos, fieldPos{r.nextLine, start + 1})

		if start == len(line) || line[start] != '"' {
			i := indexDelimiter(line[start:])
			if i < 0 {
				fields = append(fields, line[start:len(line):len(line)])
				break
			}
			end := start + i
			if line[end] != ',' {
				return false
			}
			fields = append(fields, line[start:end:end])
			start = end + 1
			continue
		}

		// Find the closing quote, stepping over doubled quotes.
		textStart := start + 1
		quote := textStart
		escaped := false
		for {
			i := bytes.IndexByte(line[quote:], '"')
			if i < 0 {
				return false
			}
			quote += i
			if quote+1 < len(line) && line[quote+1] == '"' {
				escaped = true
				quote += 2
				continue
			}
			break
		}

		text := line[textStart:quote:quote]
		if escaped {
			from := len(scratch)
			scratch = appendUnescaped(scratch, text)
			text = scratch[from:len(scratch):len(scratch)]
		}
		fields = append(fields, text)

		if quote+1 == len(line) {
			break
		}
		if line[quote+1] != ',' {
			return false
		}
		start = quote + 2
	}

	r.fields = fields
	r.pos = pos
	r.scratch = scratch
	return true
}

// fillLinePositions sets r.pos for a record that splitLine read. In such a
// record single commas separate the fields of one line, so the columns
// follow from the field lengths. splitLine leaves r.pos empty because most
// callers never ask for a position.
func (r *Reader) fillLinePositions() {
	column := 1
	for _, field := range r.fields {
		r.pos = append(r.pos, fieldPos{r.recordLine, column})
		column += len(field) + 1
	}
}

// byteMask returns word with the high bit set in each byte that equals c
// and all other bits clear. Adding 0x7F to the low seven bits of a byte
// carries into its high bit unless those bits are zero, so unlike the
// shorter (x - 0x01...) & ^x form it reports no false matches.
func byteMask(word uint64, c byte) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	x := word ^ (0x0101010101010101 * uint64(c))
	return ^((x&low7 + low7) | x | low7)
}

// indexDelimiter returns the index of the first comma, LF or quote in data,
// or -1 if there is none. It tests eight bytes at a time, which is faster
// than three calls of bytes.IndexByte on fields of a few bytes.
func indexDelimiter(data []byte) int {
	i := 0
	for ; i+8 <= len(data); i += 8 {
		word := binary.LittleEndian.Uint64(data[i:])
		if m := byteMask(word, ',') | byteMask(word, '\n') | byteMask(word, '"'); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(data); i++ {
		switch data[i] {
		case ',', '\n', '"':
			return i
		}
	}
	return -1
}
