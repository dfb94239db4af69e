package diag

import (
	"fmt"
	"io"
	"strings"
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
		fmt.Fprintf(w, "    %s\n", expandTabs(line))
		fmt.Fprintf(w, "    %s%s\n", strings.Repeat(" ", caretColumn(line, d.Span.Start.Col)), caret(d.Span, line))
	}
	if n := l.Dropped(); n > 0 {
		fmt.Fprintf(w, "(%d more errors not shown)\n", n)
	} else if l.Truncated() {
		fmt.Fprintln(w, "(further errors not shown)")
	}
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
