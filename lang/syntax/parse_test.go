package syntax_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/syntax"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir holds the parser's golden files. Each holds an input.pacta
// section and either a dump section (the output of syntax.Dump) or an
// errors section (one diagnostic per line, as Diagnostic.Error prints it).
const goldenDir = "../../testdata/syntax"

type golden struct {
	path    string
	archive *txtar.Archive
	input   []byte
	// section is "dump" or "errors"; want is its content.
	section string
	want    string
}

func readGoldens(t *testing.T) []golden {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no golden files in %s", goldenDir)
	}
	var out []golden
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g := golden{path: p, archive: a}
		for _, f := range a.Files {
			switch f.Name {
			case "input.pacta":
				g.input = f.Data
			case "dump", "errors":
				if g.section != "" {
					t.Fatalf("%s: has both a dump and an errors section", p)
				}
				g.section, g.want = f.Name, string(f.Data)
			default:
				t.Fatalf("%s: unexpected section %q", p, f.Name)
			}
		}
		if g.input == nil {
			t.Fatalf("%s: no input.pacta section", p)
		}
		if g.section == "" && !*update {
			t.Fatalf("%s: no dump or errors section", p)
		}
		out = append(out, g)
	}
	return out
}

// parseOutput parses src and returns which section its result belongs in
// and the text of that section.
func parseOutput(src []byte) (section, text string) {
	f, errs := syntax.Parse("input.pacta", src)
	if errs != nil {
		var b strings.Builder
		for _, d := range errs.Items() {
			b.WriteString(d.Error())
			b.WriteByte('\n')
		}
		return "errors", b.String()
	}
	return "dump", syntax.Dump(f)
}

func TestParseGolden(t *testing.T) {
	for _, g := range readGoldens(t) {
		t.Run(strings.TrimSuffix(filepath.Base(g.path), ".txtar"), func(t *testing.T) {
			section, got := parseOutput(g.input)
			if *update {
				writeGolden(t, g, section, got)
				return
			}
			if section != g.section {
				t.Fatalf("Parse gave %s, the golden file expects %s:\n%s", section, g.section, got)
			}
			if diff := cmp.Diff(g.want, got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", section, diff)
			}
		})
	}
}

func writeGolden(t *testing.T, g golden, section, text string) {
	t.Helper()
	a := &txtar.Archive{Comment: g.archive.Comment}
	a.Files = append(a.Files, txtar.File{Name: "input.pacta", Data: g.input})
	a.Files = append(a.Files, txtar.File{Name: section, Data: []byte(text)})
	if err := os.WriteFile(g.path, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestParseLineEndings parses every golden input again with CRLF line
// endings and without its final newline. Positions count bytes and a CR
// ends a line, so both variants must give the golden output unchanged.
func TestParseLineEndings(t *testing.T) {
	variants := map[string]func([]byte) []byte{
		"crlf": func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) },
		"no final newline": func(b []byte) []byte {
			return bytes.TrimSuffix(b, []byte("\n"))
		},
		"crlf without final newline": func(b []byte) []byte {
			return bytes.TrimSuffix(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), []byte("\r\n"))
		},
	}
	for _, g := range readGoldens(t) {
		for name, transform := range variants {
			t.Run(strings.TrimSuffix(filepath.Base(g.path), ".txtar")+"/"+name, func(t *testing.T) {
				section, got := parseOutput(transform(g.input))
				if section != g.section {
					t.Fatalf("Parse gave %s, the golden file expects %s:\n%s", section, g.section, got)
				}
				if diff := cmp.Diff(g.want, got); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", section, diff)
				}
			})
		}
	}
}

// TestParseCRLFComments checks that a comment ends before the CR of a
// CRLF line ending.
func TestParseCRLFComments(t *testing.T) {
	src := "# first\r\ncontract \"C\" # second\r\n"
	f, errs := syntax.Parse("c.pacta", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	var got []string
	for _, c := range f.Comments {
		got = append(got, c.Text)
	}
	if diff := cmp.Diff([]string{"# first", "# second"}, got); diff != "" {
		t.Errorf("comment texts (-want +got):\n%s", diff)
	}
}

func TestParseComments(t *testing.T) {
	src := "# head\n" +
		"contract \"C\" # title\n" +
		"  currency USD\n" +
		"measure m: number = (1 + # inside\n" +
		"\t2)\n" +
		"# tail"
	f, errs := syntax.Parse("c.pacta", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	type comment struct {
		Line, Col, EndCol int
		Text              string
	}
	var got []comment
	for _, c := range f.Comments {
		got = append(got, comment{c.Sp.Start.Line, c.Sp.Start.Col, c.Sp.End.Col, c.Text})
	}
	want := []comment{
		{1, 1, 7, "# head"},
		{2, 14, 21, "# title"},
		{4, 26, 34, "# inside"},
		{6, 1, 7, "# tail"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	if len(f.Decls) != 2 {
		t.Errorf("got %d declarations, want 2", len(f.Decls))
	}
}

// shape writes e with every Binary and Unary in parentheses, so that a
// test can check how the parser grouped the operands.
func shape(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Binary:
		return "(" + shape(e.X) + " " + e.Op + " " + shape(e.Y) + ")"
	case *syntax.Unary:
		if e.Op == "not" {
			return "(not " + shape(e.X) + ")"
		}
		return "(" + e.Op + shape(e.X) + ")"
	case *syntax.Paren:
		return "[" + shape(e.X) + "]"
	case *syntax.Call:
		var args []string
		for _, a := range e.Args {
			args = append(args, shape(a))
		}
		return e.Func.Name + "(" + strings.Join(args, ", ") + ")"
	case *syntax.Aggregate:
		return "{" + e.Func.Name + " " + e.Measure.Name + " " + e.Count.Text + " else " + shape(e.Else) + "}"
	case *syntax.Lag:
		return "{" + e.Measure.Name + " ago " + e.Count.Text + " else " + shape(e.Else) + "}"
	}
	return syntax.ExprString(e)
}

// parseCondition parses "when COND" in a notice and returns COND.
func parseCondition(t *testing.T, cond string) syntax.Expr {
	t.Helper()
	f, errs := syntax.Parse("c.pacta", []byte("notice n\n  when "+cond+"\n"))
	if errs != nil {
		t.Fatalf("when %s: %v", cond, errs)
	}
	pred, ok := f.Decls[0].(*syntax.NoticeDecl).Whens[0].Pred.(*syntax.ExprPredicate)
	if !ok {
		t.Fatalf("when %s: got predicate %T, want *syntax.ExprPredicate", cond, f.Decls[0].(*syntax.NoticeDecl).Whens[0].Pred)
	}
	return pred.Cond
}

func TestParsePrecedence(t *testing.T) {
	tests := []struct {
		cond string
		want string
	}{
		{"a + b * c > 1", "((a + (b * c)) > 1)"},
		{"a * b + c > 1", "(((a * b) + c) > 1)"},
		{"a - b - c > 1", "(((a - b) - c) > 1)"},
		{"a / b / c > 1", "(((a / b) / c) > 1)"},
		{"a - b * c / d + e > 1", "(((a - ((b * c) / d)) + e) > 1)"},
		{"(a + b) * c > 1", "(([(a + b)] * c) > 1)"},
		{"-a * b > 1", "(((-a) * b) > 1)"},
		{"- -a > 1", "((-(-a)) > 1)"},
		{"-(a + b) > 1", "((-[(a + b)]) > 1)"},
		{"a < 1 or b < 2 and c < 3", "((a < 1) or ((b < 2) and (c < 3)))"},
		{"a < 1 and b < 2 or c < 3", "(((a < 1) and (b < 2)) or (c < 3))"},
		{"not a < 1 and b < 2", "((not (a < 1)) and (b < 2))"},
		{"not (a < 1 or b < 2)", "(not [((a < 1) or (b < 2))])"},
		{"a < 1 or b < 2 or c < 3", "(((a < 1) or (b < 2)) or (c < 3))"},
		{"a + 1 >= b - 1", "((a + 1) >= (b - 1))"},
		{"a == 1", "(a == 1)"},
		{"a != 1", "(a != 1)"},
		{"a <= 1", "(a <= 1)"},
		{"max(a, b + 1) * 2 > c", "((max(a, (b + 1)) * 2) > c)"},
		{"abs(a) > round(b, 0.1%)", "(abs(a) > round(b, 0.1%))"},
		{"mean of a over prior 3 periods else 1 * 2 > 0", "(({mean a 3 else 1} * 2) > 0)"},
		{"a from 1 period ago else -1 + 2 > 0", "(({a ago 1 else (-1)} + 2) > 0)"},
		{"(a +\n      b) > 1", "([(a + b)] > 1)"},
		{"max(a,\n  b,\n\n  c) > 1", "(max(a, b, c) > 1)"},
	}
	for _, tt := range tests {
		got := shape(parseCondition(t, tt.cond))
		if got != tt.want {
			t.Errorf("when %s:\ngot  %s\nwant %s", tt.cond, got, tt.want)
		}
	}
}

// TestParseLiteralValues checks the values the parser stores for literals:
// a percent as a fraction, a duration in seconds and money without its
// grouping commas.
func TestParseLiteralValues(t *testing.T) {
	tests := []struct {
		lit   string
		want  string // the literal's Value
		money string // the MoneyLit's Currency, for money
	}{
		{"85%", "0.85", ""},
		{"0.5%", "0.005", ""},
		{"100%", "1", ""},
		{"45s", "45", ""},
		{"30min", "1800", ""},
		{"4h", "14400", ""},
		{"1.5h", "5400", ""},
		{"2d", "172800", ""},
		{"12", "12", ""},
		{"0.25", "0.25", ""},
		{"USD 125,000.00", "125000", "USD"},
		{"JPY 1000", "1000", "JPY"},
		{"KWD 1,234,567.125", "1234567.125", "KWD"},
	}
	for _, tt := range tests {
		e := parseCondition(t, "x > "+tt.lit).(*syntax.Binary).Y
		var got, currency string
		switch lit := e.(type) {
		case *syntax.PercentLit:
			got = lit.Value.String()
		case *syntax.DurationLit:
			got = lit.Value.String()
		case *syntax.NumberLit:
			got = lit.Value.String()
		case *syntax.MoneyLit:
			got, currency = lit.Value.String(), lit.Currency
		default:
			t.Errorf("%s: got %T, want a literal", tt.lit, e)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: value %s, want %s", tt.lit, got, tt.want)
		}
		if currency != tt.money {
			t.Errorf("%s: currency %q, want %q", tt.lit, currency, tt.money)
		}
		if text := syntax.ExprString(e); text != tt.lit {
			t.Errorf("%s: ExprString gives %q", tt.lit, text)
		}
	}
}

// TestParseErrorHint checks that the hint of a syntax error quotes the
// form of the line the error is on.
func TestParseErrorHint(t *testing.T) {
	header := "contract \"C\"\n  currency USD\n  term 2026-01 to 2026-12 monthly\n"
	level := "service level s\n  target csat >= 85%\n  tier minor when csat < 85%\n"
	tests := []struct {
		src  string
		line int
		form string
	}{
		{"contract C\n", 1, `contract "Title"`},
		{"contract \"C\"\n  currency 12\n", 2, "currency CODE"},
		{"contract \"C\"\n  term 2026-01 2026-12 monthly\n", 2, "term 2026-01 to 2050-12 monthly"},
		{"contract \"C\"\n  rounding up\n", 2, "rounding half up"},
		{header + "payment p = 100 per month\n", 4, `payment NAME "Title" = USD 125,000.00 per month`},
		{header + "measure m reported percent\n", 4, `measure NAME "Title": reported UNIT`},
		{header + "service s\n", 4, `service level NAME "Title"`},
		{header + "service level s\n  target >= 85%\n", 5, "target MEASURE >= VALUE"},
		{header + "service level s\n  tier minor csat < 85%\n", 5, "tier NAME when MEASURE < VALUE"},
		{header + level + "  deduct 1% availability when minor\n", 7, "deduct 0.5% of PAYMENT when TIER"},
		{header + level + "  missing values count as minor\n", 7, "missing value counts as TIER"},
		{header + level + "  cap 5% of availability\n", 7, "cap at 5% of PAYMENT or cap at USD 5,000.00 inside a service level"},
		{header + "cap total deductions at 10% of p\n  excess lost\n", 5, "excess is lost, or excess carries forward"},
		{header + "notice \"N\"\n", 4, `notice NAME "Title"`},
		{header + "notice n\n  when any level fails\n", 5, "when the same service level fails in 2 consecutive periods"},
		{header + "notice n\n  ref Clause\n", 5, `ref "Schedule 7, para 2.1"`},
	}
	for _, tt := range tests {
		_, errs := syntax.Parse("c.pacta", []byte(tt.src))
		if errs == nil || errs.Len() == 0 {
			t.Errorf("%q: parsed without error", tt.src)
			continue
		}
		d := errs.Items()[0]
		if d.Span.Start.Line != tt.line {
			t.Errorf("%q: error on line %d, want line %d: %v", tt.src, d.Span.Start.Line, tt.line, d)
		}
		if !strings.HasPrefix(d.Hint, "this line should read: ") || !strings.Contains(d.Hint, tt.form) {
			t.Errorf("%q: hint %q does not quote %q", tt.src, d.Hint, tt.form)
		}
	}
}

// TestParseResult checks that Parse returns a file, errors or both (a file
// whose syntax is valid but whose clauses or literals are not), never
// neither, and that the errors are errors.
func TestParseResult(t *testing.T) {
	for _, g := range readGoldens(t) {
		f, errs := syntax.Parse("input.pacta", g.input)
		if f == nil && errs == nil {
			t.Errorf("%s: Parse returned neither a file nor errors", g.path)
		}
		if errs != nil && !errs.HasErrors() {
			t.Errorf("%s: Parse returned a list without errors", g.path)
		}
		if f != nil {
			checkSpans(t, f)
		}
	}
}

func TestParseEmptyFile(t *testing.T) {
	for _, src := range []string{"", "\n", "\n\n", "# only a comment", "\r\n# c\r\n"} {
		f, errs := syntax.Parse("e.pacta", []byte(src))
		if errs != nil {
			t.Errorf("%q: %v", src, errs)
			continue
		}
		if len(f.Decls) != 0 {
			t.Errorf("%q: got %d declarations, want 0", src, len(f.Decls))
		}
	}
}

// TestParseErrorCap checks that a file with more broken declarations than
// diag.MaxErrors reports MaxErrors of them and notes that more may follow.
// The parser stops re-parsing declarations once the list is full, because
// each re-parse reads a text as long as the file.
func TestParseErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("contract \"C\"\n")
	const broken = diag.MaxErrors + 5
	for range broken {
		b.WriteString("measure m reported percent\n")
	}
	_, errs := syntax.Parse("c.pacta", []byte(b.String()))
	if errs == nil {
		t.Fatal("parsed without error")
	}
	if errs.Len() != diag.MaxErrors {
		t.Errorf("stored %d errors, want %d", errs.Len(), diag.MaxErrors)
	}
	if !errs.Truncated() {
		t.Error("the list does not say that further errors were not looked for")
	}
	if !strings.HasSuffix(errs.Error(), "(further errors not shown)") {
		t.Errorf("error text does not end with the truncation note:\n%s", errs.Error())
	}
}

// TestParseRejectsBidiControls checks that a string with a character that
// reorders the text around it is an error, like a control character.
func TestParseRejectsBidiControls(t *testing.T) {
	for _, r := range []rune{0x202E, 0x2066, 0x200F} {
		src := "contract \"Acme " + string(r) + "\"\n  currency USD\n  term 2026-01 to 2026-12 monthly\n"
		_, errs := syntax.Parse("bidi.pacta", []byte(src))
		if errs == nil || !strings.Contains(errs.Error(), fmt.Sprintf("bidirectional control character %U", r)) {
			t.Errorf("%U: errors %v, want a bidirectional control character error", r, errs)
		}
	}
	src := "contract \"Acme \u200d\u00e9\"\n  currency USD\n  term 2026-01 to 2026-12 monthly\n"
	if _, errs := syntax.Parse("joiner.pacta", []byte(src)); errs != nil {
		t.Errorf("a zero-width joiner is text, not a control: %v", errs)
	}
}
