package report

import (
	"strings"
	"unicode/utf8"
)

// textWidth is the width in columns that the text report fits: tables are
// split and sentences wrapped to stay within it.
const textWidth = 100

// columnGap separates table columns.
const columnGap = "   "

// table is a text table whose first column is left-aligned and whose other
// columns are right-aligned, for figures.
type table struct {
	header []string
	rows   [][]string
}

func newTable(header ...string) *table {
	return &table{header: header}
}

func (t *table) add(cells ...string) {
	t.rows = append(t.rows, cells)
}

// lines lays the table out with the given indent. A table wider than
// textWidth is split into consecutive blocks of columns, each repeating the
// first column, with a blank line between blocks.
func (t *table) lines(indent string) []string {
	widths := make([]int, len(t.header))
	for c, h := range t.header {
		widths[c] = utf8.RuneCountInString(h)
	}
	for _, row := range t.rows {
		for c, cell := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}

	var out []string
	for _, block := range t.blocks(widths, len(indent)) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, t.line(indent, t.header, widths, block))
		for _, row := range t.rows {
			out = append(out, t.line(indent, row, widths, block))
		}
	}
	return out
}

// blocks groups the columns after the first into blocks that fit
// textWidth together with the first column. A block always has at least one
// column, even when that column alone is too wide.
func (t *table) blocks(widths []int, indent int) [][]int {
	first := indent + widths[0]
	var blocks [][]int
	var block []int
	width := first
	for c := 1; c < len(widths); c++ {
		w := len(columnGap) + widths[c]
		if len(block) > 0 && width+w > textWidth {
			blocks = append(blocks, block)
			block, width = nil, first
		}
		block = append(block, c)
		width += w
	}
	if len(block) > 0 || len(blocks) == 0 {
		blocks = append(blocks, block)
	}
	return blocks
}

func (t *table) line(indent string, cells []string, widths []int, block []int) string {
	var b strings.Builder
	b.WriteString(indent)
	b.WriteString(pad(cell(cells, 0), widths[0], false))
	for _, c := range block {
		b.WriteString(columnGap)
		b.WriteString(pad(cell(cells, c), widths[c], true))
	}
	return strings.TrimRight(b.String(), " ")
}

func cell(cells []string, c int) string {
	if c < len(cells) {
		return cells[c]
	}
	return ""
}

func pad(s string, width int, right bool) string {
	fill := strings.Repeat(" ", max(width-utf8.RuneCountInString(s), 0))
	if right {
		return fill + s
	}
	return s + fill
}

// noBreakSpace joins two words that wrap keeps on one line. wrap writes it
// as a plain space.
const noBreakSpace = "\u00a0"

// wrap breaks text into lines of at most textWidth columns at plain spaces,
// each starting with indent. A word longer than a line stays whole.
func wrap(indent, text string) []string {
	var lines []string
	line := indent
	for _, word := range strings.Split(text, " ") {
		if word == "" {
			continue
		}
		if line != indent && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > textWidth {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		lines = append(lines, line)
	}
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], noBreakSpace, " ")
	}
	return lines
}
