// Package diag holds source positions and the diagnostics that every stage
// of pacta reports: the parser, the checker and the period-data reader.
//
// A stage collects its diagnostics in a List instead of stopping at the
// first one, so that a user sees every problem of a file in one run. The
// list caps itself (MaxErrors) and keeps at most one error per line, because
// the second error on a line is usually a consequence of the first.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col count from 1; Col counts
// bytes. Offset counts bytes from 0. The zero Pos means "no position".
type Pos struct {
	Line   int
	Col    int
	Offset int
}

// IsValid reports whether p refers to a place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes before q in the same file.
func (p Pos) Before(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Span is the half-open source range [Start, End) of a node or value.
type Span struct {
	Start Pos
	End   Pos
}

// Severity is the kind of a diagnostic: an error stops the run, a warning does not.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	Severity Severity
	File     string
	Span     Span
	// Message states what is wrong and, where possible, names the offending
	// value, for example `unknown measure "cast"`.
	Message string
	// Hint is the suggested fix, for example `did you mean "csat"?`.
	Hint string
}

// Error formats d as "file:line:col: message (hint)".
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Span.Start.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", d.Span.Start.Line, d.Span.Start.Col)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString("; ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// MaxErrors is the number of errors a List keeps. Later ones are counted
// but not stored, so that a badly broken file does not flood the terminal.
const MaxErrors = 25

// List collects diagnostics. The zero List is ready to use.
type List struct {
	// EveryColumn keeps several errors on one line when they are at
	// different columns. The data reader sets it, because each bad cell of
	// a row is its own mistake. In source code, a second error on a line is
	// usually a consequence of the first.
	EveryColumn bool

	items   []*Diagnostic
	dropped int
	// truncated is set by a stage that stopped looking for errors once the
	// list was full, so the number of further errors is unknown.
	truncated bool
}

// Truncate records that the stage stopped looking for more errors.
func (l *List) Truncate() { l.truncated = true }

// Truncated reports whether errors beyond the stored ones were not looked for.
func (l *List) Truncated() bool { return l.truncated }

// Add appends d unless the list already holds an error on the same line of
// the same file (at the same column, with EveryColumn) or is full.
func (l *List) Add(d *Diagnostic) {
	if d.Severity == Error && l.hasErrorAt(d.File, d.Span.Start) {
		return
	}
	if len(l.items) >= MaxErrors {
		l.dropped++
		return
	}
	l.items = append(l.items, d)
}

// hasErrorAt reports whether the list holds an error on the line of p, or
// at p itself when EveryColumn is set.
func (l *List) hasErrorAt(file string, p Pos) bool {
	if p.Line == 0 {
		return false
	}
	for _, e := range l.items {
		if e.Severity != Error || e.File != file || e.Span.Start.Line != p.Line {
			continue
		}
		if !l.EveryColumn || e.Span.Start.Col == p.Col {
			return true
		}
	}
	return false
}

// Errorf adds an error at span with a formatted message.
func (l *List) Errorf(file string, span Span, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Severity: Error, File: file, Span: span, Message: fmt.Sprintf(format, args...)}
	l.Add(d)
	return d
}

// Append adds every diagnostic of other.
func (l *List) Append(other *List) {
	for _, d := range other.items {
		l.Add(d)
	}
	l.dropped += other.dropped
	l.truncated = l.truncated || other.truncated
}

// Items returns the stored diagnostics.
func (l *List) Items() []*Diagnostic { return l.items }

// Dropped returns how many diagnostics did not fit under MaxErrors.
func (l *List) Dropped() int { return l.dropped }

// Len returns the number of stored diagnostics.
func (l *List) Len() int { return len(l.items) }

// HasErrors reports whether any stored diagnostic is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return l.dropped > 0
}

// Sort orders the diagnostics by file, then position. The sort is stable,
// so diagnostics at one position keep the order in which they were found.
func (l *List) Sort() {
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Span.Start.Before(b.Span.Start)
	})
}

// Err returns the list as an error if it holds an error, and nil otherwise.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error joins the diagnostics, one per line.
func (l *List) Error() string {
	var lines []string
	for _, d := range l.items {
		lines = append(lines, d.Error())
	}
	if l.dropped > 0 {
		lines = append(lines, fmt.Sprintf("(%d more errors not shown)", l.dropped))
	} else if l.truncated {
		lines = append(lines, "(further errors not shown)")
	}
	return strings.Join(lines, "\n")
}
