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

// Parse parses a contract. name is used in positions and diagnostics.
//
// It returns the file and a nil list when the file is valid, and a nil file
// and the syntax errors when it is not. When the syntax is valid but a
// clause is repeated or a literal is invalid, it returns the file together
// with those errors. A caller can then check the rest of the file and
// report every error in one run.
//
// A literate contract, whose name ends in .pacta.md, is parsed from the
// code of its pacta blocks, at their lines in the Markdown file.
func Parse(name string, src []byte) (*File, *diag.List) {
	var headings []Heading
	if IsLiterate(name) {
		src, headings, _ = Extract(src)
	}
	text := normalize(src)
	chunks := declChunks(text)
	if structural := structureErrors(name, chunks); len(structural) > 0 {
		return nil, chunkErrors(name, chunks, structural, nil)
	}
	g, err := parseString(name, text)
	if err != nil {
		return nil, chunkErrors(name, chunks, nil, convertParseError(name, text, err))
	}

	c := converter{name: name}
	f := c.convertFile(g)
	f.Name, f.Src = name, src
	f.Headings = headings
	f.Comments = comments(name, text)
	if c.errs.HasErrors() {
		return f, &c.errs
	}
	return f, nil
}

// normalize prepares the source for the lexer. It drops a leading UTF-8
// byte-order mark, which some editors write. It turns a carriage return
// that ends a line on its own (old Mac line endings) into a newline, which
// keeps every offset. It ends the last line with a newline, because the
// grammar ends every line with an EOL token.
func normalize(src []byte) string {
	text := strings.TrimPrefix(string(src), "\ufeff")
	if strings.Contains(text, "\r") {
		b := []byte(text)
		for i, c := range b {
			if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
				b[i] = '\n'
			}
		}
		text = string(b)
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text
}

// maxDepth bounds the nesting of parentheses and the runs of unary
// operators ("- - x", "not not x"). The parser recurses once per level, so
// without a bound a hostile file could exhaust the stack; no real formula
// comes near it.
const maxDepth = 50

// structureErrors finds, in each declaration, an unclosed or unmatched
// parenthesis or nesting beyond maxDepth. Such a declaration cannot be
// parsed usefully: an unclosed parenthesis continues the line to the end
// of the file. The result maps a chunk's index to its error.
func structureErrors(name string, chunks []chunk) map[int]*diag.Diagnostic {
	found := map[int]*diag.Diagnostic{}
	for k, ch := range chunks {
		if d := chunkStructure(name, ch); d != nil {
			d.Span.Start = ch.shift(d.Span.Start)
			d.Span.End = ch.shift(d.Span.End)
			found[k] = d
		}
	}
	return found
}

func chunkStructure(name string, ch chunk) *diag.Diagnostic {
	lex, err := lexDef.LexString(name, ch.text)
	if err != nil {
		return nil
	}
	syms := lexDef.Symbols()
	skip := map[lexer.TokenType]bool{syms["Space"]: true, syms["Comment"]: true, syms["ParenEOL"]: true}
	var open []lexer.Token
	run := 0
	for {
		tok, err := lex.Next()
		if err != nil {
			return nil
		}
		if tok.EOF() {
			break
		}
		if skip[tok.Type] {
			continue
		}
		switch tok.Value {
		case "(":
			open = append(open, tok)
		case ")":
			if len(open) == 0 {
				return &diag.Diagnostic{Severity: diag.Error, File: name, Span: tokenSpan(tok),
					Message: "unmatched )", Hint: "remove it, or open the parenthesis before it"}
			}
			open = open[:len(open)-1]
		}
		if tok.Value == "-" || tok.Value == "not" || tok.Value == "(" {
			run++
		} else {
			run = 0
		}
		if len(open) > maxDepth || run > maxDepth {
			return &diag.Diagnostic{Severity: diag.Error, File: name, Span: tokenSpan(tok),
				Message: fmt.Sprintf("expression nested more than %d levels deep", maxDepth),
				Hint:    "split the formula into computed measures"}
		}
	}
	if len(open) > 0 {
		return &diag.Diagnostic{Severity: diag.Error, File: name, Span: tokenSpan(open[0]),
			Message: "unclosed parenthesis", Hint: "close it with ) before the end of the declaration"}
	}
	return nil
}

// chunkErrors reports the errors of a file that does not parse. first is
// the error of the whole-file parse, when there was one; structural holds
// the chunks whose parentheses are broken. Every other declaration is
// parsed on its own, and the positions of its errors are moved to where it
// sits in the file.
func chunkErrors(name string, chunks []chunk, structural map[int]*diag.Diagnostic, first *diag.Diagnostic) *diag.List {
	var errs diag.List
	firstLine := 0
	if first != nil {
		errs.Add(first)
		firstLine = first.Span.Start.Line
	}
	for k, ch := range chunks {
		// Stop once the list is full: later errors would not be shown.
		if errs.Len() >= diag.MaxErrors {
			errs.Truncate()
			break
		}
		if d, ok := structural[k]; ok {
			errs.Add(d)
			continue
		}
		if ch.startLine <= firstLine && firstLine < ch.endLine {
			continue
		}
		if _, err := parseString(name, ch.text); err != nil {
			d := convertParseError(name, ch.text, err)
			d.Span.Start = ch.shift(d.Span.Start)
			d.Span.End = ch.shift(d.Span.End)
			errs.Add(d)
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
var topKeywords = []string{"contract ", "payment ", "measure ", "service level", "cap total", "notice ", "source ", "test "}

// chunk is one top-level declaration: its own text, and where that text
// starts in the file.
type chunk struct {
	startLine   int
	endLine     int
	startOffset int
	text        string
}

// shift moves a position within the chunk's text to its place in the file.
// A chunk starts at the beginning of a line, so columns stay as they are.
func (c chunk) shift(p diag.Pos) diag.Pos {
	if !p.IsValid() {
		return p
	}
	p.Line += c.startLine - 1
	p.Offset += c.startOffset
	return p
}

// declChunks splits text into top-level declarations, each starting at a
// line that begins with a top-level keyword. Lines before the first such
// line form a chunk of their own.
func declChunks(text string) []chunk {
	lines := strings.SplitAfter(text, "\n")
	offsets := make([]int, len(lines)+1)
	var starts []int
	for i, l := range lines {
		offsets[i+1] = offsets[i] + len(l)
		for _, kw := range topKeywords {
			if strings.HasPrefix(l, kw) {
				starts = append(starts, i)
				break
			}
		}
	}

	if len(starts) == 0 || starts[0] != 0 {
		starts = append([]int{0}, starts...)
	}
	var chunks []chunk
	for k, start := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		chunks = append(chunks, chunk{
			startLine:   start + 1,
			endLine:     end + 1,
			startOffset: offsets[start],
			text:        text[offsets[start]:offsets[end]],
		})
	}
	return chunks
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
		if tok.Value == `"` {
			d.Message = "unterminated string"
			d.Hint = `end the string with " on the same line`
		}
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

// parseString runs the participle parser. Participle panics on a grammar
// branch that matches without consuming a token; the grammar has none
// that a test has found, but a panic here must become an error, not a
// crash of the program that parses a contract.
func parseString(name, text string) (g *gFile, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("%s:1:1: the parser failed on this input (%v); please report it", name, r)
		}
	}()
	return parser.ParseString(name, text)
}
