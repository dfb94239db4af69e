package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
	"go.yaml.in/yaml/v3"
)

// reader walks the YAML tree of one scenario file and collects its errors.
type reader struct {
	file string
	src  []byte
	// lineStarts holds the byte offset of the start of each line, so that
	// the character columns of the YAML parser become byte columns.
	lineStarts []int
	list       *diag.List
	// misspelt marks the mappings that have an unknown key. A key that
	// such a mapping lacks is likely the misspelt one, so missing reports
	// nothing more about it.
	misspelt map[*yaml.Node]bool
	// currency is the contract's currency, which money values must use.
	currency types.Currency
}

func newReader(file string, src []byte) *reader {
	r := &reader{file: file, src: src, list: &diag.List{EveryColumn: true}, misspelt: map[*yaml.Node]bool{}}
	r.lineStarts = append(r.lineStarts, 0)
	for i, c := range src {
		if c == '\n' {
			r.lineStarts = append(r.lineStarts, i+1)
		}
	}
	return r
}

// pos converts a YAML line and character column, both counted from 1,
// into a diag.Pos with a byte column and offset.
func (r *reader) pos(line, col int) diag.Pos {
	if line < 1 || line > len(r.lineStarts) {
		return diag.Pos{}
	}
	start := r.lineStarts[line-1]
	end := len(r.src)
	if line < len(r.lineStarts) {
		end = r.lineStarts[line]
	}
	off := start
	for i := 1; i < col && off < end; i++ {
		_, size := utf8.DecodeRune(r.src[off:end])
		off += size
	}
	return diag.Pos{Line: line, Col: off - start + 1, Offset: off}
}

// span returns the source range of n. A scalar's range covers its text
// when the text is on one line, and any other node's range is empty.
func (r *reader) span(n *yaml.Node) diag.Span {
	if n == nil {
		return diag.Span{Start: diag.Pos{Line: 1, Col: 1}, End: diag.Pos{Line: 1, Col: 1}}
	}
	start := r.pos(n.Line, n.Column)
	end := start
	if n.Kind == yaml.ScalarNode && n.Style == 0 && !strings.Contains(n.Value, "\n") {
		end.Col += len(n.Value)
		end.Offset += len(n.Value)
	}
	return diag.Span{Start: start, End: end}
}

// errorCount returns the number of errors reported so far, including
// those beyond diag.MaxErrors that the list counts but does not keep.
func (r *reader) errorCount() int { return r.list.Len() + r.list.Dropped() }

// errorf reports an error at node n. A nil n means the start of the file.
func (r *reader) errorf(n *yaml.Node, format string, args ...any) *diag.Diagnostic {
	return r.list.Errorf(r.file, r.span(n), format, args...)
}

// yamlLine matches the "yaml: line N: problem" form of the parser's
// syntax errors, the only place where they give a position.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// decode parses src as one YAML document and returns its root node, or
// nil after reporting why it cannot.
func (r *reader) decode() *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(r.src))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		r.errorf(nil, "scenario is empty; write a measures: mapping with one entry per measure, as docs/simulate.md shows")
		return nil
	}
	if err != nil {
		r.reportSyntaxError(err)
		return nil
	}

	var second yaml.Node
	switch err := dec.Decode(&second); {
	case errors.Is(err, io.EOF):
	case err != nil:
		r.reportSyntaxError(err)
		return nil
	default:
		r.errorf(&second, "scenario has a second YAML document; remove the --- line and everything after it, because a scenario is one document")
		return nil
	}

	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		r.errorf(nil, "scenario is empty; write a measures: mapping with one entry per measure, as docs/simulate.md shows")
		return nil
	}
	root := resolve(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		r.errorf(nil, "scenario is empty; write a measures: mapping with one entry per measure, as docs/simulate.md shows")
		return nil
	}
	return root
}

// NOTE: yaml v3.0.6 gives a parser error (not a scanner error) the line of
// the construct it was parsing, such as the start of an unclosed flow
// mapping. That line may be one before the line at fault. The message has
// no column, so the error points at column 1.
func (r *reader) reportSyntaxError(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		pos := r.pos(line, 1)
		r.list.Errorf(r.file, diag.Span{Start: pos, End: pos}, "invalid YAML: %s", m[2])
		return
	}
	r.errorf(nil, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// maxAliasHops bounds the chain of aliases that resolve follows. YAML
// cannot make a chain longer than the number of anchors, but the bound
// keeps a malformed tree from looping.
const maxAliasHops = 1000

// resolve follows aliases (*name) to the node that they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < maxAliasHops; i++ {
		n = n.Alias
	}
	return n
}

// entry is one key and its value in a YAML mapping.
type entry struct {
	key   *yaml.Node
	value *yaml.Node
}

// mapping returns the entries of the mapping n by key, in source order.
// It reports a node that is no mapping, a key that is no plain string, a
// repeated key, and a key outside allowed, with a "did you mean" hint.
// label names the mapping in messages, such as `measure "csat"`. It
// returns ok = false when n is no mapping.
func (r *reader) mapping(n *yaml.Node, label string, allowed []string) (keys []string, entries map[string]entry, ok bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		r.errorf(n, "%s must be a mapping of keys to values, got %s; write it as key: value lines, with keys from: %s",
			label, describe(n), strings.Join(allowed, ", "))
		return nil, nil, false
	}

	entries = make(map[string]entry, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := resolve(n.Content[i]), n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			r.errorf(key, "%s has a key that is %s; write each key as a plain name", label, describe(key))
			continue
		}
		name := key.Value
		if first, dup := entries[name]; dup {
			r.errorf(key, "%s has key %s twice, first %s; remove one of them", label, types.Quote(name), firstAt(first.key, key))
			continue
		}
		if allowed != nil && !contains(allowed, name) {
			r.misspelt[n] = true
			d := r.errorf(key, "%s has unknown key %s; the keys are %s", label, types.Quote(name), strings.Join(allowed, ", "))
			d.Hint = diag.DidYouMean(name, allowed)
			continue
		}
		entries[name] = entry{key: key, value: value}
		keys = append(keys, name)
	}
	return keys, entries, true
}

// missing reports that the mapping n lacks a key, unless n has an
// unknown key, which is likely that key misspelt and is reported already.
func (r *reader) missing(n *yaml.Node, format string, args ...any) {
	if !r.misspelt[resolve(n)] {
		r.errorf(n, format, args...)
	}
}

// firstAt describes where the first of two repeated items is, as seen
// from the second.
func firstAt(first, second *yaml.Node) string {
	if first.Line == second.Line {
		return fmt.Sprintf("at column %d", first.Column)
	}
	return fmt.Sprintf("on line %d", first.Line)
}

// sequence returns the items of the sequence n, or reports that n is not
// a sequence.
func (r *reader) sequence(n *yaml.Node, label, example string) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		r.errorf(n, "%s must be a list, got %s; write it as %s", label, describe(n), example)
		return nil, false
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, item := range n.Content {
		items[i] = resolve(item)
	}
	return items, true
}

// scalar returns the text of the scalar n, or reports that n is not a
// scalar or is empty.
func (r *reader) scalar(n *yaml.Node, label, example string) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		r.errorf(n, "%s must be a single value, got %s; write it as %s", label, describe(n), example)
		return "", false
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		r.errorf(n, "%s has no value; write it as %s", label, example)
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// describe names the kind of a node for an error message.
func describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "no value"
		}
		return "the value " + types.Quote(n.Value)
	}
	return "an unsupported YAML node"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
