package diag

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Render writes each diagnostic as "file:line:col: message", then the source
// line and a caret under the column, as compilers do. sources maps a file
// name to its contents. A diagnostic without a position, or whose file is
// absent from sources, is written without the source line.
func Render(w io.Writer, l *List, sources map[string][]byte) {
	for _, d := range l.Items() {
		fmt.Fprintln(w, d.Error())

		line, ok := sourceLine(sources[d.File], d.Span.Start.Line)
		if !ok {
			continue
		}
		line, span := window(line, d.Span)
		fmt.Fprintf(w, "    %s\n", expandTabs(line))
		fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", caretColumn(line, span.Start.Col)), caret(span, line))
	}
	if n := l.Dropped(); n > 0 {
		fmt.Fprintf(w, "(%d more errors not shown)\n", n)
	} else if l.Truncated() {
		fmt.Fprintln(w, "(further errors not shown)")
	}
}

// maxShown is the most bytes of a source line that Render prints.
const maxShown = 120

// window cuts a long line to maxShown bytes around the start of the span,
// marking each cut with "...", and moves the span to match. A 50 MB data
// row then gives a readable message.
func window(line string, s Span) (string, Span) {
	if len(line) <= maxShown {
		return line, s
	}
	start := max(0, s.Start.Col-1-maxShown/2)
	for start > 0 && !utf8.RuneStart(line[start]) {
		start--
	}
	end := min(len(line), start+maxShown)
	for end < len(line) && !utf8.RuneStart(line[end]) {
		end++
	}
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "..."
	}
	if end < len(line) {
		suffix = "..."
	}
	shift := start - len(prefix)
	s.Start.Col -= shift
	if s.End.Line == s.Start.Line {
		s.End.Col = min(s.End.Col-shift, len(prefix)+end-start+1)
	}
	return prefix + line[start:end] + suffix, s
}

func sourceLine(src []byte, n int) (string, bool) {
	if src == nil || n <= 0 {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}

// caretColumn converts a 1-based byte column into the number of display
// cells before it, counting a tab as four cells to match expandTabs.
func caretColumn(line string, col int) int {
	cells := 0
	for i, r := range line {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			cells += 4
		} else {
			cells++
		}
	}
	return cells
}

// caret underlines the span when it stays on one line, and marks only its
// first column otherwise.
func caret(s Span, line string) string {
	width := 1
	if s.End.Line == s.Start.Line && s.End.Col > s.Start.Col {
		width = s.End.Col - s.Start.Col
	}
	if rest := len(line) - (s.Start.Col - 1); width > rest && rest > 0 {
		width = rest
	}
	return strings.Repeat("^", width)
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }
