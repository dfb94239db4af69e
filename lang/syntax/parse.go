// Package syntax reads pacta contracts: the lexer, the participle grammar and
// the syntax tree (AST) that the checker, the engine and the formatter use.
//
// Parse turns source text into a *File. Every AST node carries its source
// span. The parser reports every syntax error it can find in one run. When
// the file does not parse as a whole, it parses each later top-level
// declaration on its own, which finds the errors after the first bad one. Names are not resolved here; that is the checker's job (package
// check), and its results are kept beside the AST, not written into it.
package syntax

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/pacta-dev/pacta/lang/diag"
)

// Parse parses a contract. name is used in positions and diagnostics. It
// returns the file and a nil list, or a nil file and the syntax errors.
func Parse(name string, src []byte) (*File, *diag.List) {
	text := normalize(src)
	g, err := parser.ParseString(name, text)
	if err != nil {
		return nil, syntaxErrors(name, text, err)
	}

	c := converter{name: name}
	f := c.convertFile(g)
	f.Name, f.Src = name, src
	f.Comments = comments(name, text)
	if c.errs.HasErrors() {
		return nil, &c.errs
	}
	return f, nil
}

// normalize makes sure the last line ends in a newline, because the grammar
// ends every line, the last one included, with an EOL token.
func normalize(src []byte) string {
	text := string(src)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text
}

// syntaxErrors converts the first parse error and then looks for more: it
// parses each later top-level declaration alone, with the rest of the file
// blanked out so that positions stay the same.
func syntaxErrors(name, text string, first error) *diag.List {
	var errs diag.List
	errs.Add(convertParseError(name, text, first))

	// Each chunk is parsed against a text as long as the file, so stop
	// once the list is full: later errors would not be shown anyway.
	firstLine := errorLine(first)
	for _, ch := range declChunks(text) {
		if errs.Len() >= diag.MaxErrors {
			errs.Truncate()
			break
		}
		if ch.startLine <= firstLine {
			continue
		}
		if _, err := parser.ParseString(name, ch.text); err != nil {
			errs.Add(convertParseError(name, text, err))
		}
	}
	errs.Sort()
	return &errs
}

func errorLine(err error) int {
	var perr participle.Error
	if errors.As(err, &perr) {
		return perr.Position().Line
	}
	return 0
}

// topKeywords start a top-level declaration. A line that starts with one
// of them in its first column starts a new chunk for error recovery.
var topKeywords = []string{"contract ", "payment ", "measure ", "service level", "cap total", "notice "}

type chunk struct {
	startLine int
	text      string
}

// declChunks splits text into top-level declarations. Each chunk's text has
// the length and line breaks of the whole file, with every other byte
// replaced by a space, so positions in a chunk are positions in the file.
func declChunks(text string) []chunk {
	lines := strings.SplitAfter(text, "\n")
	var starts []int
	for i, l := range lines {
		for _, kw := range topKeywords {
			if strings.HasPrefix(l, kw) {
				starts = append(starts, i)
				break
			}
		}
	}

	var chunks []chunk
	for k, start := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		var b strings.Builder
		for i, l := range lines {
			if i >= start && i < end {
				b.WriteString(l)
			} else {
				b.WriteString(blank(l))
			}
		}
		chunks = append(chunks, chunk{startLine: start + 1, text: b.String()})
	}
	return chunks
}

func blank(line string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return r
		}
		return ' '
	}, line)
}

// convertParseError turns a participle error into a diagnostic with a
// message that names the unexpected token in plain words.
func convertParseError(name, text string, err error) *diag.Diagnostic {
	d := &diag.Diagnostic{Severity: diag.Error, File: name}
	var unexpected *participle.UnexpectedTokenError
	var perr participle.Error
	switch {
	case errors.As(err, &unexpected):
		tok := unexpected.Unexpected
		d.Span = tokenSpan(tok)
		d.Message = "unexpected " + describeToken(tok)
		d.Hint = formHint(text, tok.Pos.Line)
	case errors.As(err, &perr):
		pos := perr.Position()
		d.Span = diag.Span{Start: position(pos), End: position(pos)}
		d.Message = perr.Message()
		d.Hint = formHint(text, pos.Line)
	default:
		d.Message = err.Error()
	}
	return d
}

func tokenSpan(tok lexer.Token) diag.Span {
	start := position(tok.Pos)
	end := start
	if !tok.EOF() && !strings.ContainsAny(tok.Value, "\r\n") {
		end.Col += len(tok.Value)
		end.Offset += len(tok.Value)
	}
	return diag.Span{Start: start, End: end}
}

func describeToken(tok lexer.Token) string {
	switch {
	case tok.EOF():
		return "end of file"
	case strings.TrimSpace(tok.Value) == "":
		return "end of line"
	}
	return fmt.Sprintf("%q", tok.Value)
}

func position(p lexer.Position) diag.Pos {
	return diag.Pos{Line: p.Line, Col: p.Column, Offset: p.Offset}
}

// comments collects every comment with its position. It lexes the text
// again because the parser elides comments.
func comments(name, text string) []*Comment {
	lex, err := lexDef.LexString(name, text)
	if err != nil {
		return nil
	}
	commentType := lexDef.Symbols()["Comment"]
	var out []*Comment
	for {
		tok, err := lex.Next()
		if err != nil || tok.EOF() {
			return out
		}
		if tok.Type == commentType {
			start := position(tok.Pos)
			end := start
			end.Col += len(tok.Value)
			end.Offset += len(tok.Value)
			out = append(out, &Comment{Sp: diag.Span{Start: start, End: end}, Text: tok.Value})
		}
	}
}
