package diag_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/diag"
)

func TestClosest(t *testing.T) {
	measures := []string{"csat", "fcr", "web_uptime", "calls_answered_45s"}
	tests := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"cast", measures, "csat"},  // two letters swapped
		{"fcs", measures, "fcr"},    // one letter changed
		{"csatt", measures, "csat"}, // one letter added
		{"cst", measures, "csat"},   // one letter dropped
		{"CSAT", measures, "csat"},  // case is ignored
		{"web_uptiem", measures, "web_uptime"},
		{"calls_answered_54s", measures, "calls_answered_45s"},
		{"uptime", measures, ""}, // too far from every name
		{"xyz", measures, ""},    // nothing alike
		{"csat", nil, ""},        // no candidates
		{"sever", []string{"minor", "severe"}, "severe"},
		{"mxa", []string{"min", "max", "abs", "round"}, "max"},
		{"maen", []string{"mean", "min", "max", "sum"}, "mean"},
		{"UDS", []string{"AUD", "USD"}, "USD"},
		// Both are one edit away; the first listed wins.
		{"ab", []string{"ac", "ad"}, "ac"},
		{"ab", []string{"ad", "ac"}, "ad"},
		// A closer candidate listed later still wins.
		{"minor", []string{"mino", "minor"}, "minor"},
		// Short names allow one edit, not two.
		{"ab", []string{"cd"}, ""},
		// Nine letters allow three edits, not four.
		{"abcdefghi", []string{"abcdefxyz"}, "abcdefxyz"},
		{"abcdefghi", []string{"abcdewxyz"}, ""},
	}
	for _, tt := range tests {
		if got := diag.Closest(tt.name, tt.candidates); got != tt.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", tt.name, tt.candidates, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	if got, want := diag.DidYouMean("cast", []string{"csat", "fcr"}), `did you mean "csat"?`; got != want {
		t.Errorf("DidYouMean(cast) = %q, want %q", got, want)
	}
	if got := diag.DidYouMean("uptime", []string{"csat", "fcr"}); got != "" {
		t.Errorf("DidYouMean(uptime) = %q, want no hint", got)
	}
}

func errorAt(file string, line, col int, msg string) *diag.Diagnostic {
	return &diag.Diagnostic{
		Severity: diag.Error,
		File:     file,
		Span:     diag.Span{Start: diag.Pos{Line: line, Col: col}, End: diag.Pos{Line: line, Col: col + 1}},
		Message:  msg,
	}
}

func messages(l *diag.List) []string {
	var out []string
	for _, d := range l.Items() {
		out = append(out, d.Message)
	}
	return out
}

func TestListOneErrorPerLine(t *testing.T) {
	var l diag.List
	l.Add(errorAt("a.pacta", 3, 5, "first on line 3"))
	l.Add(errorAt("a.pacta", 3, 9, "second on line 3"))
	l.Add(errorAt("b.pacta", 3, 1, "line 3 of another file"))
	l.Add(errorAt("a.pacta", 4, 1, "first on line 4"))
	l.Add(&diag.Diagnostic{Severity: diag.Warning, File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 3, Col: 1}}, Message: "warning on line 3"})
	l.Add(errorAt("a.pacta", 0, 0, "no position"))
	l.Add(errorAt("a.pacta", 0, 0, "no position either"))

	want := []string{
		"first on line 3",
		"line 3 of another file",
		"first on line 4",
		"warning on line 3",
		"no position",
		"no position either",
	}
	if diff := cmp.Diff(want, messages(&l)); diff != "" {
		t.Errorf("stored diagnostics (-want +got):\n%s", diff)
	}
	if l.Dropped() != 0 {
		t.Errorf("Dropped() = %d, want 0: a second error on a line is discarded, not counted", l.Dropped())
	}
}

func TestListWarningsOnly(t *testing.T) {
	var l diag.List
	if l.HasErrors() || l.Err() != nil {
		t.Error("an empty list reports errors")
	}
	l.Add(&diag.Diagnostic{Severity: diag.Warning, File: "a.pacta", Message: "w"})
	if l.HasErrors() {
		t.Error("a list of warnings reports errors")
	}
	if l.Err() != nil {
		t.Errorf("Err() = %v for a list of warnings, want nil", l.Err())
	}
}

func TestListCap(t *testing.T) {
	var l diag.List
	const total = diag.MaxErrors + 7
	for i := 1; i <= total; i++ {
		l.Errorf("a.pacta", diag.Span{Start: diag.Pos{Line: i, Col: 1}}, "error %d", i)
	}
	if l.Len() != diag.MaxErrors {
		t.Errorf("Len() = %d, want %d", l.Len(), diag.MaxErrors)
	}
	if l.Dropped() != total-diag.MaxErrors {
		t.Errorf("Dropped() = %d, want %d", l.Dropped(), total-diag.MaxErrors)
	}
	if !l.HasErrors() || l.Err() == nil {
		t.Error("a full list does not report errors")
	}
	if last := l.Items()[l.Len()-1].Message; last != fmt.Sprintf("error %d", diag.MaxErrors) {
		t.Errorf("last stored diagnostic is %q, want the %dth", last, diag.MaxErrors)
	}
	wantTail := fmt.Sprintf("(%d more errors not shown)", total-diag.MaxErrors)
	if !strings.HasSuffix(l.Error(), "\n"+wantTail) {
		t.Errorf("Error() does not end with %q:\n%s", wantTail, l.Error())
	}
}

func TestListAppend(t *testing.T) {
	var a, b diag.List
	a.Add(errorAt("a.pacta", 1, 1, "a1"))
	a.Add(errorAt("a.pacta", 2, 1, "a2"))
	b.Add(errorAt("a.pacta", 1, 4, "b1, on the line of a1"))
	for i := range diag.MaxErrors {
		b.Add(errorAt("c.pacta", i+1, 1, "c"))
	}
	// b stores b1 and 24 errors of c.pacta and drops 1. a skips b1, has
	// room for 23 of the 24, and counts the last as dropped along with
	// the one b dropped.
	a.Append(&b)
	if got, want := a.Len(), diag.MaxErrors; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	if got, want := a.Dropped(), 2; got != want {
		t.Errorf("Dropped() = %d, want %d", got, want)
	}
	if got := messages(&a)[:3]; !cmp.Equal(got, []string{"a1", "a2", "c"}) {
		t.Errorf("first messages = %q, want a1, a2, c", got)
	}
}

func TestListSort(t *testing.T) {
	var l diag.List
	l.Add(errorAt("b.pacta", 1, 1, "b 1:1"))
	l.Add(errorAt("a.pacta", 10, 2, "a 10:2"))
	l.Add(errorAt("a.pacta", 2, 7, "a 2:7"))
	l.Add(&diag.Diagnostic{Severity: diag.Warning, File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 2, Col: 7}}, Message: "a 2:7 warning, added later"})
	l.Add(errorAt("a.pacta", 9, 30, "a 9:30"))
	l.Add(&diag.Diagnostic{Severity: diag.Warning, File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 2, Col: 3}}, Message: "a 2:3 warning"})
	l.Sort()
	want := []string{
		"a 2:3 warning",
		"a 2:7",
		"a 2:7 warning, added later",
		"a 9:30",
		"a 10:2",
		"b 1:1",
	}
	if diff := cmp.Diff(want, messages(&l)); diff != "" {
		t.Errorf("sorted diagnostics (-want +got):\n%s", diff)
	}
}

func TestDiagnosticError(t *testing.T) {
	tests := []struct {
		d    diag.Diagnostic
		want string
	}{
		{
			diag.Diagnostic{File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 3, Col: 9}}, Message: `unknown measure "cast"`, Hint: `did you mean "csat"?`},
			`a.pacta:3:9: unknown measure "cast"; did you mean "csat"?`,
		},
		{
			diag.Diagnostic{File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 3, Col: 9}}, Message: "no hint"},
			"a.pacta:3:9: no hint",
		},
		{
			diag.Diagnostic{File: "a.pacta", Message: "no position"},
			"a.pacta: no position",
		},
		{
			diag.Diagnostic{Severity: diag.Warning, File: "a.pacta", Span: diag.Span{Start: diag.Pos{Line: 1, Col: 1}}, Message: "careful"},
			"a.pacta:1:1: warning: careful",
		},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestPosBefore(t *testing.T) {
	tests := []struct {
		p, q diag.Pos
		want bool
	}{
		{diag.Pos{Line: 1, Col: 5}, diag.Pos{Line: 2, Col: 1}, true},
		{diag.Pos{Line: 2, Col: 1}, diag.Pos{Line: 1, Col: 5}, false},
		{diag.Pos{Line: 2, Col: 3}, diag.Pos{Line: 2, Col: 4}, true},
		{diag.Pos{Line: 2, Col: 4}, diag.Pos{Line: 2, Col: 4}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Before(tt.q); got != tt.want {
			t.Errorf("%v.Before(%v) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
	}
}

func render(l *diag.List, sources map[string][]byte) string {
	var b strings.Builder
	diag.Render(&b, l, sources)
	return b.String()
}

func TestRender(t *testing.T) {
	src := []byte("contract \"C\"\n" +
		"measure avg: percent = (cast + fcr) / 2\n" +
		"\ttier minor when\tcsat < 85%\r\n" +
		"  target x >= 1\n")
	span := func(line, col, endLine, endCol int) diag.Span {
		return diag.Span{Start: diag.Pos{Line: line, Col: col}, End: diag.Pos{Line: endLine, Col: endCol}}
	}
	tests := []struct {
		name string
		d    *diag.Diagnostic
		want string
	}{
		{
			name: "span on one line",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(2, 25, 2, 29), Message: `unknown measure or payment "cast"`, Hint: `did you mean "csat"?`},
			want: `a.pacta:2:25: unknown measure or payment "cast"; did you mean "csat"?` + "\n" +
				"    measure avg: percent = (cast + fcr) / 2\n" +
				"                            ^^^^\n",
		},
		{
			// Each tab is shown as four spaces, and the caret moves with it.
			// The CR of the CRLF line ending is not shown.
			name: "tabs before the column",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(3, 18, 3, 22), Message: "m"},
			want: "a.pacta:3:18: m\n" +
				"        tier minor when    csat < 85%\n" +
				"                           ^^^^\n",
		},
		{
			name: "span over several lines marks one column",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(4, 3, 5, 1), Message: "m"},
			want: "a.pacta:4:3: m\n" +
				"      target x >= 1\n" +
				"      ^\n",
		},
		{
			name: "empty span marks one column",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(1, 1, 1, 1), Message: "m"},
			want: "a.pacta:1:1: m\n" +
				"    contract \"C\"\n" +
				"    ^\n",
		},
		{
			name: "span past the end of the line stops at the end",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(1, 10, 1, 40), Message: "m"},
			want: "a.pacta:1:10: m\n" +
				"    contract \"C\"\n" +
				"             ^^^\n",
		},
		{
			name: "file without source",
			d:    &diag.Diagnostic{File: "other.pacta", Span: span(1, 1, 1, 2), Message: "m"},
			want: "other.pacta:1:1: m\n",
		},
		{
			name: "no position",
			d:    &diag.Diagnostic{File: "a.pacta", Message: "m"},
			want: "a.pacta: m\n",
		},
		{
			name: "line beyond the file",
			d:    &diag.Diagnostic{File: "a.pacta", Span: span(40, 1, 40, 2), Message: "m"},
			want: "a.pacta:40:1: m\n",
		},
	}
	for _, tt := range tests {
		var l diag.List
		l.Add(tt.d)
		got := render(&l, map[string][]byte{"a.pacta": src})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestRenderDropped(t *testing.T) {
	var l diag.List
	for i := range diag.MaxErrors + 3 {
		l.Add(errorAt("a.pacta", i+1, 1, "m"))
	}
	got := render(&l, nil)
	if !strings.HasSuffix(got, "(3 more errors not shown)\n") {
		t.Errorf("Render output does not end with the count of dropped errors:\n%s", got)
	}
	if n := strings.Count(got, "a.pacta:"); n != diag.MaxErrors {
		t.Errorf("Render wrote %d diagnostics, want %d", n, diag.MaxErrors)
	}
}

func TestRenderLongLineWindow(t *testing.T) {
	line := strings.Repeat("a", 500) + "BAD" + strings.Repeat("b", 500)
	var l diag.List
	l.Add(&diag.Diagnostic{
		Severity: diag.Error, File: "d.csv",
		Span:    diag.Span{Start: diag.Pos{Line: 1, Col: 501}, End: diag.Pos{Line: 1, Col: 504}},
		Message: "bad value",
	})
	var b strings.Builder
	diag.Render(&b, &l, map[string][]byte{"d.csv": []byte(line + "\n")})

	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("Render wrote %d lines, want 3:\n%s", len(lines), b.String())
	}
	source, caret := lines[1], lines[2]
	if len(source) > 140 {
		t.Errorf("source line is %d bytes long, want at most 140", len(source))
	}
	if !strings.HasPrefix(strings.TrimSpace(source), "...") || !strings.HasSuffix(source, "...") {
		t.Errorf("source line is not marked as cut at both ends: %q", source)
	}
	col := strings.Index(caret, "^")
	if got := source[col : col+3]; got != "BAD" {
		t.Errorf("caret points at %q, want BAD", got)
	}
}
