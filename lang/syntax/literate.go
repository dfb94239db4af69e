package syntax

import "strings"

// A literate contract (a file whose name ends in .pacta.md) is Markdown:
// the schedule's legal text, with the contract in fenced code blocks whose
// info string is "pacta". Parse reads such a file through Extract, which
// keeps the code lines where they are and blanks every other line, so that
// every position in a diagnostic is a line and column of the Markdown file.

// Heading is a Markdown heading outside the code, which can supply the ref
// of the rules under it.
type Heading struct {
	Line  int
	Level int
	Text  string
}

// IsLiterate reports whether name is a literate contract.
func IsLiterate(name string) bool { return strings.HasSuffix(name, ".pacta.md") }

// Block is one fenced pacta block: its content lines, first to last
// (1-based, inclusive), and its text.
type Block struct {
	Start, End int
	Text       string
	// Indent is the indentation of the block's fence, as in a list item.
	Indent string
}

// Extract returns the code of a literate contract, with the line count of
// src, and its headings and pacta blocks.
func Extract(src []byte) ([]byte, []Heading, []Block) {
	lines := strings.SplitAfter(string(src), "\n")
	var out strings.Builder
	var headings []Heading
	var blocks []Block
	fence := "" // the fence of the open block, or ""
	pacta := false
	var block *Block
	for i, l := range lines {
		n := i + 1
		trimmed := strings.TrimRight(strings.TrimLeft(l, " "), "\r\n")
		indent := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case fence == "" && indent <= 3 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")):
			fence = trimmed[:3]
			for _, c := range trimmed[3:] {
				if string(c) != fence[:1] {
					break
				}
				fence += string(c)
			}
			info := strings.TrimSpace(trimmed[len(fence):])
			pacta = info == "pacta" || strings.HasPrefix(info, "pacta ")
			if pacta {
				blocks = append(blocks, Block{Start: n + 1, End: n, Indent: l[:indent]})
				block = &blocks[len(blocks)-1]
			}
			out.WriteString(lineEnd(l))
		case fence != "" && indent <= 3 && strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "":
			fence, pacta, block = "", false, nil
			out.WriteString(lineEnd(l))
		case fence != "" && pacta:
			out.WriteString(l)
			block.End = n
			block.Text += l
		case fence == "" && indent <= 3 && strings.HasPrefix(trimmed, "#"):
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(trimmed[level:]), "#"))
			if level <= 6 && (len(trimmed) == level || trimmed[level] == ' ') && text != "" {
				headings = append(headings, Heading{Line: n, Level: level, Text: plainText(text)})
			}
			out.WriteString(lineEnd(l))
		case fence == "" && indent <= 3 && i > 0 && setext(trimmed) != 0 && paragraphLine(lines[i-1]):
			// A line of = or - under a line of text makes that line a
			// heading.
			text := strings.TrimSpace(lines[i-1])
			headings = append(headings, Heading{Line: n - 1, Level: setext(trimmed), Text: plainText(text)})
			out.WriteString(lineEnd(l))
		default:
			out.WriteString(lineEnd(l))
		}
	}
	return []byte(out.String()), headings, blocks
}

// lineEnd returns the line break that ends l, or "" for a last line
// without one.
func lineEnd(l string) string {
	if strings.HasSuffix(l, "\r\n") {
		return "\r\n"
	}
	if strings.HasSuffix(l, "\n") {
		return "\n"
	}
	return ""
}

// HeadingRef returns the text of the nearest heading above line, or "".
func (f *File) HeadingRef(line int) string {
	ref := ""
	for _, h := range f.Headings {
		if h.Line < line {
			ref = h.Text
		}
	}
	return ref
}

// setext returns the level of a setext heading underline: 1 for "===",
// 2 for "---", or 0.
func setext(line string) int {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return 0
	case strings.Trim(line, "=") == "":
		return 1
	case strings.Trim(line, "-") == "":
		return 2
	}
	return 0
}

// paragraphLine reports whether l can be the text of a setext heading: a
// line of text that is not itself a heading, list item, quote or fence.
func paragraphLine(l string) bool {
	t := strings.TrimSpace(l)
	if t == "" || len(l)-len(strings.TrimLeft(l, " ")) > 3 {
		return false
	}
	for _, prefix := range []string{"#", "-", "*", "+", ">", "```", "~~~", "|"} {
		if strings.HasPrefix(t, prefix) {
			return false
		}
	}
	return true
}

// inlineMarkup removes emphasis and code marks and resolves escapes. An
// escape comes before the mark it escapes in the list, so that "\\*"
// keeps its star.
var inlineMarkup = strings.NewReplacer("\\|", "|", "\\*", "*", "\\_", "_", "\\#", "#", "\\`", "`", "`", "", "**", "", "__", "", "*", "")

// plainText strips inline Markdown from a heading: emphasis, code spans,
// escapes and HTML tags, so that a ref reads as plain text.
func plainText(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(inlineMarkup.Replace(b.String()))
}
