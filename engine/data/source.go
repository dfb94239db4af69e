package data

import (
	"bytes"
	"sort"

	"github.com/pacta-dev/pacta/lang/diag"
)

var byteOrderMark = []byte("\xEF\xBB\xBF")

// source is the text of a data file without its byte-order mark, with an
// index that turns byte offsets into lines and columns.
type source struct {
	text []byte
	// markLen is the length of the stripped byte-order mark, 0 or 3. It is
	// added to every Offset, so that offsets count from the start of the
	// file as given.
	markLen int
	// lineStarts holds the offset in text of the first byte of each line.
	lineStarts []int
}

func newSource(src []byte) source {
	s := source{text: src}
	if bytes.HasPrefix(src, byteOrderMark) {
		s.text = src[len(byteOrderMark):]
		s.markLen = len(byteOrderMark)
	}
	s.lineStarts = []int{0}
	for i, b := range s.text {
		if b == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

// posAt returns the position of byte offset off of text. An offset past the
// end is treated as the end.
func (s source) posAt(off int) diag.Pos {
	off = max(0, min(off, len(s.text)))
	line := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off })
	return diag.Pos{Line: line, Col: off - s.lineStarts[line-1] + 1, Offset: off + s.markLen}
}

// offsetOf returns the offset in text of a 1-based line and byte column,
// clamped to the text.
func (s source) offsetOf(line, col int) int {
	line = max(1, min(line, len(s.lineStarts)))
	return max(0, min(s.lineStarts[line-1]+col-1, len(s.text)))
}

// posOf returns the position of a 1-based line and byte column.
func (s source) posOf(line, col int) diag.Pos {
	return s.posAt(s.offsetOf(line, col))
}

// end returns the position just past the last byte.
func (s source) end() diag.Pos { return s.posAt(len(s.text)) }
