package syntax

import (
	"strings"
	"testing"
)

const literateSrc = "# Schedule 1\n\nThe fee is paid monthly.\n\n```pacta\ncontract \"L\"\n  currency USD\n```\n\n## Para 2.1: Satisfaction\n\nSome prose.\n\n~~~pacta\nmeasure csat: reported percent\nmeasure bad: reported\n~~~\n\n```go\nnot pacta\n```\n"

func TestExtractKeepsLines(t *testing.T) {
	code, headings, blocks := Extract([]byte(literateSrc))
	lines := strings.Split(string(code), "\n")
	if len(lines) != len(strings.Split(literateSrc, "\n")) {
		t.Fatalf("extracted %d lines from %d", len(lines), len(strings.Split(literateSrc, "\n")))
	}
	if lines[5] != `contract "L"` || lines[14] != "measure csat: reported percent" || lines[0] != "" || lines[20] != "" {
		t.Errorf("code lines moved:\n%q", lines)
	}
	if len(headings) != 2 || headings[1].Line != 10 || headings[1].Text != "Para 2.1: Satisfaction" {
		t.Errorf("headings: %+v", headings)
	}
	if len(blocks) != 2 || blocks[1].Start != 15 || blocks[1].End != 16 {
		t.Errorf("blocks: %+v", blocks)
	}
}

func TestLiterateErrorPosition(t *testing.T) {
	_, errs := Parse("s.pacta.md", []byte(literateSrc))
	if errs == nil {
		t.Fatal("no error for a unit that is missing")
	}
	if d := errs.Items()[0]; d.File != "s.pacta.md" || d.Span.Start.Line != 16 {
		t.Errorf("error at %s:%d, want s.pacta.md:16: %s", d.File, d.Span.Start.Line, d.Message)
	}
}

func TestHeadingRef(t *testing.T) {
	src := strings.Replace(literateSrc, "measure bad: reported\n", "", 1)
	f, errs := Parse("s.pacta.md", []byte(src))
	if errs != nil {
		t.Fatal(errs.Err())
	}
	if got := f.HeadingRef(15); got != "Para 2.1: Satisfaction" {
		t.Errorf("heading ref of line 15 = %q", got)
	}
	if got := f.HeadingRef(6); got != "Schedule 1" {
		t.Errorf("heading ref of line 6 = %q", got)
	}
}

func TestHeadingPlainTextAndSetext(t *testing.T) {
	src := "## 2.1 *Customer* `satisfaction` ##\n\nFee \\| <b>paid</b>\n-----------\n\n```pacta\nmeasure csat: reported percent\n```\n"
	_, headings, _ := Extract([]byte(src))
	want := []Heading{{Line: 1, Level: 2, Text: "2.1 Customer satisfaction"}, {Line: 3, Level: 2, Text: "Fee | paid"}}
	if len(headings) != 2 || headings[0] != want[0] || headings[1] != want[1] {
		t.Errorf("headings = %+v, want %+v", headings, want)
	}
}

func TestClosingFenceWithSpaces(t *testing.T) {
	src := "# S\n\n```pacta\ncontract \"L\"\n```  \n\nText after the block.\n"
	code, _, blocks := Extract([]byte(src))
	if len(blocks) != 1 || blocks[0].End != 4 || strings.Contains(string(code), "Text after") {
		t.Errorf("blocks %+v, code %q", blocks, code)
	}
}
