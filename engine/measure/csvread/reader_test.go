package csvread

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readResult is everything a Reader returns for one input.
type readResult struct {
	Records [][]string
	Lines   []int        // Line of each record
	Pos     [][]fieldPos // FieldLine and Column of each field
	Offsets []int64      // Offset after each record
	Err     error
}

// readAll reads r to the end and collects what it returns.
func readAll(r *Reader) readResult {
	var res readResult
	for r.Next() {
		var record []string
		var pos []fieldPos
		for i, field := range r.Fields() {
			record = append(record, string(field))
			pos = append(pos, fieldPos{r.FieldLine(i), r.Column(i)})
		}
		res.Records = append(res.Records, record)
		res.Lines = append(res.Lines, r.Line())
		res.Pos = append(res.Pos, pos)
		res.Offsets = append(res.Offsets, r.Offset())
	}
	res.Err = r.Err()
	return res
}

// readerVariants builds Readers over one input in the ways that change how
// records meet buffer boundaries. Every variant must return the same result.
var readerVariants = []struct {
	name string
	new  func(input string) *Reader
}{
	{"default", func(input string) *Reader {
		return NewReader(strings.NewReader(input))
	}},
	{"one byte reads", func(input string) *Reader {
		return NewReader(iotest.OneByteReader(strings.NewReader(input)))
	}},
	{"one byte buffer", func(input string) *Reader {
		return newReaderSize(strings.NewReader(input), 1)
	}},
	{"five byte buffer, half reads", func(input string) *Reader {
		return newReaderSize(iotest.HalfReader(strings.NewReader(input)), 5)
	}},
}

// pos is shorthand for a field position in test tables.
func pos(line, col int) fieldPos {
	return fieldPos{line, col}
}

var readerTests = []struct {
	name    string
	input   string
	records [][]string
	lines   []int        // checked when not nil
	pos     [][]fieldPos // checked when not nil
	err     *ParseError  // error after the records, or nil
}{
	{
		name:    "simple",
		input:   "a,b,c\n",
		records: [][]string{{"a", "b", "c"}},
		lines:   []int{1},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 3), pos(1, 5)}},
	},
	{
		name:    "call detail record",
		input:   "2026-01-05T08:31:12,answered,37,5,0\n2026-01-05T08:31:40,abandoned,0,12,1\n",
		records: [][]string{{"2026-01-05T08:31:12", "answered", "37", "5", "0"}, {"2026-01-05T08:31:40", "abandoned", "0", "12", "1"}},
		lines:   []int{1, 2},
		pos: [][]fieldPos{
			{pos(1, 1), pos(1, 21), pos(1, 30), pos(1, 33), pos(1, 35)},
			{pos(2, 1), pos(2, 21), pos(2, 31), pos(2, 33), pos(2, 36)},
		},
	},
	{
		name:    "final line without newline",
		input:   "a,b\nc,d",
		records: [][]string{{"a", "b"}, {"c", "d"}},
		lines:   []int{1, 2},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 3)}, {pos(2, 1), pos(2, 3)}},
	},
	{
		name:    "CRLF line ends",
		input:   "a,b\r\nc,d\r\n",
		records: [][]string{{"a", "b"}, {"c", "d"}},
		lines:   []int{1, 2},
	},
	{
		name:    "CR at end of input",
		input:   "a,b\r",
		records: [][]string{{"a", "b"}},
	},
	{
		name:    "two CRs at end of input",
		input:   "a\r\r",
		records: [][]string{{"a\r"}},
	},
	{
		name:    "CR inside unquoted field",
		input:   "a\rb,c\r,d\n",
		records: [][]string{{"a\rb", "c\r", "d"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 5), pos(1, 8)}},
	},
	{
		name:    "byte order mark",
		input:   "\xEF\xBB\xBFa,b\nc\n",
		records: [][]string{{"a", "b"}, {"c"}},
		lines:   []int{1, 2},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 3)}, {pos(2, 1)}},
	},
	{
		name:    "byte order mark before quoted field",
		input:   "\xEF\xBB\xBF\"a,b\",c\n",
		records: [][]string{{"a,b", "c"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 7)}},
	},
	{
		name:    "byte order mark only",
		input:   "\xEF\xBB\xBF",
		records: nil,
	},
	{
		name:    "partial byte order mark is data",
		input:   "\xEF\xBBa\n",
		records: [][]string{{"\xEF\xBBa"}},
	},
	{
		name:    "byte order mark after start is data",
		input:   "a\n\xEF\xBB\xBFb\n",
		records: [][]string{{"a"}, {"\xEF\xBB\xBFb"}},
	},
	{
		name:    "empty input",
		input:   "",
		records: nil,
	},
	{
		name:    "empty lines skipped and counted",
		input:   "\n\na\n\r\n\nb\n\n",
		records: [][]string{{"a"}, {"b"}},
		lines:   []int{3, 6},
		pos:     [][]fieldPos{{pos(3, 1)}, {pos(6, 1)}},
	},
	{
		name:    "CR only line at end of input",
		input:   "a\n\r",
		records: [][]string{{"a"}},
	},
	{
		name:    "CR only input",
		input:   "\r",
		records: nil,
	},
	{
		name:    "line of two CRs is a record",
		input:   "\r\r\na\n",
		records: [][]string{{"\r"}, {"a"}},
		lines:   []int{1, 2},
	},
	{
		name:    "empty fields",
		input:   ",,\na,\n,b\n",
		records: [][]string{{"", "", ""}, {"a", ""}, {"", "b"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 2), pos(1, 3)}, {pos(2, 1), pos(2, 3)}, {pos(3, 1), pos(3, 2)}},
	},
	{
		name:    "empty field at end of input",
		input:   "a,",
		records: [][]string{{"a", ""}},
	},
	{
		name:    "empty quoted fields",
		input:   "\"\"\n\"\",\"\"\n\"\",\n",
		records: [][]string{{""}, {"", ""}, {"", ""}},
		pos:     [][]fieldPos{{pos(1, 1)}, {pos(2, 1), pos(2, 4)}, {pos(3, 1), pos(3, 4)}},
	},
	{
		name:    "quoted field with comma",
		input:   "\"a,b\",c\n",
		records: [][]string{{"a,b", "c"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 7)}},
	},
	{
		name:    "doubled quotes",
		input:   "\"a\"\"b\",\"\"\"\",\"x\"\"\"\n",
		records: [][]string{{"a\"b", "\"", "x\""}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 8), pos(1, 13)}},
	},
	{
		name:    "quoted field at end of input",
		input:   "a,\"b\"",
		records: [][]string{{"a", "b"}},
	},
	{
		name:    "quoted field then CR at end of input",
		input:   "\"a\"\r",
		records: [][]string{{"a"}},
	},
	{
		name:    "quoted field then CRLF",
		input:   "\"a\"\r\n\"b\",\"c\"\r\n",
		records: [][]string{{"a"}, {"b", "c"}},
		lines:   []int{1, 2},
	},
	{
		name:    "embedded newline",
		input:   "\"a\nb\",c\nd\n",
		records: [][]string{{"a\nb", "c"}, {"d"}},
		lines:   []int{1, 3},
		pos:     [][]fieldPos{{pos(1, 1), pos(2, 4)}, {pos(3, 1)}},
	},
	{
		name:    "embedded newlines in several fields",
		input:   "x,\"1\n2\n3\",\"\n\",y\nz\n",
		records: [][]string{{"x", "1\n2\n3", "\n", "y"}, {"z"}},
		lines:   []int{1, 5},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 3), pos(3, 4), pos(4, 3)}, {pos(5, 1)}},
	},
	{
		name:    "embedded empty line",
		input:   "\"a\n\nb\"\nc\n",
		records: [][]string{{"a\n\nb"}, {"c"}},
		lines:   []int{1, 4},
	},
	{
		name:    "embedded CRLF read as LF",
		input:   "\"a\r\nb\",c\r\n",
		records: [][]string{{"a\nb", "c"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(2, 4)}},
	},
	{
		name:    "embedded CRLF right after opening quote",
		input:   "\"\r\nb\"\n",
		records: [][]string{{"\nb"}},
	},
	{
		name:    "embedded CR kept",
		input:   "\"a\rb\r\",c\n",
		records: [][]string{{"a\rb\r", "c"}},
	},
	{
		name:    "embedded CR CR LF",
		input:   "\"a\r\r\nb\"\n",
		records: [][]string{{"a\r\nb"}},
	},
	{
		name:    "embedded CRLF and doubled quote",
		input:   "\"say \"\"hi\"\"\r\nbye\"\n",
		records: [][]string{{"say \"hi\"\nbye"}},
	},
	{
		name:    "spaces kept",
		input:   " a , b \n",
		records: [][]string{{" a ", " b "}},
	},
	{
		name:    "multibyte text counts bytes",
		input:   "é,ü,\"ß\",x\n",
		records: [][]string{{"é", "ü", "ß", "x"}},
		pos:     [][]fieldPos{{pos(1, 1), pos(1, 4), pos(1, 7), pos(1, 12)}},
	},
	{
		name:    "fields of varying count",
		input:   "a\nb,c,d\ne,f\n",
		records: [][]string{{"a"}, {"b", "c", "d"}, {"e", "f"}},
	},
	{
		name:    "bare quote",
		input:   "ab\"c,d\n",
		records: nil,
		err:     &ParseError{Line: 1, Column: 3, Msg: msgBareQuote},
	},
	{
		name:    "bare quote on later line",
		input:   "x\na,b\"c\n",
		records: [][]string{{"x"}},
		err:     &ParseError{Line: 2, Column: 4, Msg: msgBareQuote},
	},
	{
		name:    "bare quote after space",
		input:   "a, \"b\"\n",
		records: nil,
		err:     &ParseError{Line: 1, Column: 4, Msg: msgBareQuote},
	},
	{
		name:    "bare quote at end of input",
		input:   "a,b\"",
		records: nil,
		err:     &ParseError{Line: 1, Column: 4, Msg: msgBareQuote},
	},
	{
		name:    "bare quote after embedded newline",
		input:   "\"a\nb\",c\"\n",
		records: nil,
		err:     &ParseError{Line: 2, Column: 5, Msg: msgBareQuote},
	},
	{
		name:    "text after closing quote",
		input:   "\"a\"b,c\n",
		records: nil,
		err:     &ParseError{Line: 1, Column: 4, Msg: msgTextAfterQuote},
	},
	{
		name:    "space after closing quote",
		input:   "x,\"a\" ,b\n",
		records: nil,
		err:     &ParseError{Line: 1, Column: 6, Msg: msgTextAfterQuote},
	},
	{
		name:    "CR without LF after closing quote",
		input:   "\"a\"\rb\n",
		records: nil,
		err:     &ParseError{Line: 1, Column: 4, Msg: msgTextAfterQuote},
	},
	{
		name:    "text after closing quote on later line",
		input:   "a\n\"b\nc\"d\n",
		records: [][]string{{"a"}},
		err:     &ParseError{Line: 3, Column: 3, Msg: msgTextAfterQuote},
	},
	{
		name:    "unclosed quote",
		input:   "a,\"bc\nd",
		records: nil,
		err:     &ParseError{Line: 1, Column: 3, Msg: msgUnclosedQuote},
	},
	{
		name:    "unclosed quote on later line",
		input:   "a\nb\n\"x\"\"\n\n",
		records: [][]string{{"a"}, {"b"}},
		err:     &ParseError{Line: 3, Column: 1, Msg: msgUnclosedQuote},
	},
	{
		name:    "unclosed quote after embedded newline",
		input:   "\"a\nb\",\"c",
		records: nil,
		err:     &ParseError{Line: 2, Column: 4, Msg: msgUnclosedQuote},
	},
	{
		name:    "lone quote",
		input:   "\"",
		records: nil,
		err:     &ParseError{Line: 1, Column: 1, Msg: msgUnclosedQuote},
	},
}

func TestReaderTable(t *testing.T) {
	for _, tc := range readerTests {
		for _, variant := range readerVariants {
			t.Run(tc.name+"/"+variant.name, func(t *testing.T) {
				got := readAll(variant.new(tc.input))

				if diff := cmp.Diff(tc.records, got.Records); diff != "" {
					t.Errorf("records (-want +got):\n%s", diff)
				}
				if tc.lines != nil {
					if diff := cmp.Diff(tc.lines, got.Lines); diff != "" {
						t.Errorf("record lines (-want +got):\n%s", diff)
					}
				}
				if tc.pos != nil {
					if diff := cmp.Diff(tc.pos, got.Pos, cmp.AllowUnexported(fieldPos{})); diff != "" {
						t.Errorf("field positions (-want +got):\n%s", diff)
					}
				}

				if tc.err == nil {
					if got.Err != nil {
						t.Errorf("Err() = %v, want nil", got.Err)
					}
					return
				}
				var parseErr *ParseError
				if !errors.As(got.Err, &parseErr) {
					t.Fatalf("Err() = %v, want %v", got.Err, tc.err)
				}
				if diff := cmp.Diff(tc.err, parseErr); diff != "" {
					t.Errorf("ParseError (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	err := &ParseError{Line: 3, Column: 7, Msg: msgBareQuote}
	want := "line 3, column 7: bare quote in unquoted field; quote the whole field and double the quote inside it"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestReaderOffset(t *testing.T) {
	const input = "\xEF\xBB\xBFa,b\n\n\"c\nd\",e\r\nf"
	for _, variant := range readerVariants {
		t.Run(variant.name, func(t *testing.T) {
			got := readAll(variant.new(input))
			want := []int64{
				int64(len("\xEF\xBB\xBFa,b\n")),
				int64(len("\xEF\xBB\xBFa,b\n\n\"c\nd\",e\r\n")),
				int64(len(input)),
			}
			if diff := cmp.Diff(want, got.Offsets); diff != "" {
				t.Errorf("offsets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderErrorStopsNext(t *testing.T) {
	r := NewReader(strings.NewReader("a\"\nb\n"))
	if r.Next() {
		t.Fatal("Next() = true on a malformed first record")
	}
	if r.Next() {
		t.Error("Next() = true after an error")
	}
	if r.Err() == nil {
		t.Error("Err() = nil after a malformed record")
	}
	if n := len(r.Fields()); n != 0 {
		t.Errorf("len(Fields()) = %d after an error, want 0", n)
	}
}

func TestReaderRecover(t *testing.T) {
	const input = "a,1\n" +
		"b\"x,2\n" + // bare quote
		"c,3\n" +
		"\"d\"x,4\n" + // text after closing quote
		"\"e\",5\n" +
		"\"f\nmore\"y,6\n" + // text after closing quote on the second line of the record
		"g,7\n"

	for _, variant := range readerVariants {
		t.Run(variant.name, func(t *testing.T) {
			r := variant.new(input)
			var records []string
			var lines []int
			var errorLines []int
			for {
				for r.Next() {
					records = append(records, string(r.Fields()[0]))
					lines = append(lines, r.Line())
				}
				var parseErr *ParseError
				if !errors.As(r.Err(), &parseErr) {
					break
				}
				errorLines = append(errorLines, parseErr.Line)
				if !r.Recover() {
					break
				}
			}

			if r.Err() != nil {
				t.Errorf("Err() = %v at end, want nil", r.Err())
			}
			if diff := cmp.Diff([]string{"a", "c", "e", "g"}, records); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{1, 3, 5, 8}, lines); diff != "" {
				t.Errorf("record lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{2, 4, 7}, errorLines); diff != "" {
				t.Errorf("error lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderRecoverUnclosedQuote(t *testing.T) {
	// The unclosed quote on line 2 swallows the rest of the input, so
	// recovery reads lines 3 and 4 again as records.
	const input = "a\n\"b,c\nd,e\nf"
	for _, variant := range readerVariants {
		t.Run(variant.name, func(t *testing.T) {
			r := variant.new(input)
			got := readAll(r)
			if diff := cmp.Diff([][]string{{"a"}}, got.Records); diff != "" {
				t.Errorf("records before the error (-want +got):\n%s", diff)
			}
			want := &ParseError{Line: 2, Column: 1, Msg: msgUnclosedQuote}
			if diff := cmp.Diff(error(want), got.Err); diff != "" {
				t.Fatalf("Err() (-want +got):\n%s", diff)
			}

			if !r.Recover() {
				t.Fatal("Recover() = false with lines left")
			}
			got = readAll(r)
			if diff := cmp.Diff([][]string{{"d", "e"}, {"f"}}, got.Records); diff != "" {
				t.Errorf("records after Recover (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{3, 4}, got.Lines); diff != "" {
				t.Errorf("record lines after Recover (-want +got):\n%s", diff)
			}
			if got.Err != nil {
				t.Errorf("Err() = %v after Recover, want nil", got.Err)
			}
		})
	}
}

func TestReaderRecoverAtEnd(t *testing.T) {
	r := NewReader(strings.NewReader("a\nb\"c"))
	readAll(r)
	if r.Err() == nil {
		t.Fatal("Err() = nil for a bare quote")
	}
	if r.Recover() {
		t.Error("Recover() = true on the last line")
	}
	if r.Err() != nil {
		t.Errorf("Err() = %v after Recover at the end, want nil", r.Err())
	}
	if r.Next() {
		t.Error("Next() = true after Recover at the end")
	}
}

func TestReaderRecoverBeforeEmptyLines(t *testing.T) {
	r := NewReader(strings.NewReader("b\"c\n\n\r\n"))
	readAll(r)
	if !r.Recover() {
		t.Error("Recover() = false with empty lines left")
	}
	if r.Next() {
		t.Error("Next() = true with only empty lines left")
	}
	if r.Err() != nil {
		t.Errorf("Err() = %v, want nil", r.Err())
	}
}

func TestReaderRecoverWithoutError(t *testing.T) {
	r := NewReader(strings.NewReader("a\nb\n"))
	if !r.Next() {
		t.Fatal("Next() = false on the first record")
	}
	if r.Recover() {
		t.Error("Recover() = true without an error")
	}
	if !r.Next() {
		t.Fatal("Next() = false after Recover without an error")
	}
	if got := string(r.Fields()[0]); got != "b" {
		t.Errorf("record after Recover without an error = %q, want %q", got, "b")
	}
}

func TestReaderLongField(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	quotedLong := strings.Repeat("y\"\"", 1<<18) // 3/4 MiB of text that unescapes to 1/2 MiB
	input := "a," + long + ",b\n" +
		"\"" + long + "\"\n" +
		"\"" + quotedLong + "\",c\n" +
		long

	want := [][]string{
		{"a", long, "b"},
		{long},
		{strings.Repeat("y\"", 1<<18), "c"},
		{long},
	}
	for _, variant := range readerVariants {
		t.Run(variant.name, func(t *testing.T) {
			got := readAll(variant.new(input))
			if got.Err != nil {
				t.Fatalf("Err() = %v", got.Err)
			}
			if len(got.Records) != len(want) {
				t.Fatalf("read %d records, want %d", len(got.Records), len(want))
			}
			for i := range want {
				if !cmp.Equal(want[i], got.Records[i]) {
					t.Errorf("record %d differs from the input (field lengths %v)", i, fieldLengths(got.Records[i]))
				}
			}
			if diff := cmp.Diff([]int{1, 2, 3, 4}, got.Lines); diff != "" {
				t.Errorf("record lines (-want +got):\n%s", diff)
			}
		})
	}
}

func fieldLengths(record []string) []int {
	var lengths []int
	for _, field := range record {
		lengths = append(lengths, len(field))
	}
	return lengths
}

func TestReaderFieldsCapped(t *testing.T) {
	r := NewReader(strings.NewReader("ab,cd\n"))
	if !r.Next() {
		t.Fatal("Next() = false")
	}
	fields := r.Fields()
	_ = append(fields[0], 'X')
	if got := string(fields[1]); got != "cd" {
		t.Errorf("field 1 = %q after appending to field 0, want %q", got, "cd")
	}
}

func TestReaderPositionOutOfRange(t *testing.T) {
	r := NewReader(strings.NewReader("a,b\n"))
	if !r.Next() {
		t.Fatal("Next() = false")
	}
	for _, i := range []int{-1, 2, 100} {
		if got := r.Column(i); got != 0 {
			t.Errorf("Column(%d) = %d, want 0", i, got)
		}
		if got := r.FieldLine(i); got != 0 {
			t.Errorf("FieldLine(%d) = %d, want 0", i, got)
		}
	}
}

func TestReaderReadError(t *testing.T) {
	failure := errors.New("disk failed")
	for _, variant := range readerVariants {
		r := variant.new("a,b\nc,d\ne,")
		r.Reset(io.MultiReader(r.source, iotest.ErrReader(failure)))
		got := readAll(r)
		if diff := cmp.Diff([][]string{{"a", "b"}, {"c", "d"}}, got.Records); diff != "" {
			t.Errorf("records before the read error (-want +got):\n%s", diff)
		}
		if !errors.Is(got.Err, failure) {
			t.Errorf("Err() = %v, want %v", got.Err, failure)
		}
		if r.Recover() {
			t.Error("Recover() = true after a read error")
		}
	}
}

// dataErrorReader returns its data together with err on the first read,
// which io.Reader allows.
type dataErrorReader struct {
	data string
	err  error
}

func (d *dataErrorReader) Read(p []byte) (int, error) {
	n := copy(p, d.data)
	d.data = d.data[n:]
	return n, d.err
}

func TestReaderDataWithError(t *testing.T) {
	// iotest.DataErrReader returns the last data together with io.EOF.
	got := readAll(NewReader(iotest.DataErrReader(strings.NewReader("a\nb"))))
	if diff := cmp.Diff([][]string{{"a"}, {"b"}}, got.Records); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if got.Err != nil {
		t.Errorf("Err() = %v, want nil", got.Err)
	}

	// An error that comes with data is reported after the records in
	// that data.
	failure := errors.New("connection reset")
	got = readAll(NewReader(&dataErrorReader{data: "a\nb\nc", err: failure}))
	if diff := cmp.Diff([][]string{{"a"}, {"b"}}, got.Records); diff != "" {
		t.Errorf("records before the read error (-want +got):\n%s", diff)
	}
	if !errors.Is(got.Err, failure) {
		t.Errorf("Err() = %v, want %v", got.Err, failure)
	}

	// iotest.TimeoutReader fails its second read, which comes after the
	// records of the first.
	got = readAll(newReaderSize(iotest.TimeoutReader(strings.NewReader("a\nb\nc")), 4))
	if diff := cmp.Diff([][]string{{"a"}, {"b"}}, got.Records); diff != "" {
		t.Errorf("records before the timeout (-want +got):\n%s", diff)
	}
	if !errors.Is(got.Err, iotest.ErrTimeout) {
		t.Errorf("Err() = %v, want %v", got.Err, iotest.ErrTimeout)
	}
}

// emptyReader returns no data and no error, which io.Reader discourages.
type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestReaderNoProgress(t *testing.T) {
	r := NewReader(emptyReader{})
	if r.Next() {
		t.Fatal("Next() = true from a reader without data")
	}
	if !errors.Is(r.Err(), io.ErrNoProgress) {
		t.Errorf("Err() = %v, want %v", r.Err(), io.ErrNoProgress)
	}
}

// overReader claims to have read more bytes than the buffer holds.
type overReader struct{}

func (overReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

func TestReaderInvalidReadCount(t *testing.T) {
	r := NewReader(overReader{})
	if r.Next() {
		t.Fatal("Next() = true from a reader with an invalid count")
	}
	if !errors.Is(r.Err(), errInvalidReadCount) {
		t.Errorf("Err() = %v, want %v", r.Err(), errInvalidReadCount)
	}
}

func TestReaderReset(t *testing.T) {
	r := NewReader(strings.NewReader("a\"\n"))
	readAll(r)
	r.Reset(strings.NewReader("\xEF\xBB\xBFx,y\nz"))
	got := readAll(r)
	if diff := cmp.Diff([][]string{{"x", "y"}, {"z"}}, got.Records); diff != "" {
		t.Errorf("records after Reset (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2}, got.Lines); diff != "" {
		t.Errorf("record lines after Reset (-want +got):\n%s", diff)
	}
	if got.Err != nil {
		t.Errorf("Err() = %v after Reset, want nil", got.Err)
	}
	if got := r.Offset(); got != int64(len("\xEF\xBB\xBFx,y\nz")) {
		t.Errorf("Offset() = %d after Reset, want %d", got, len("\xEF\xBB\xBFx,y\nz"))
	}
}

func TestReaderNoAllocations(t *testing.T) {
	input := bytes.Repeat([]byte("2026-01-05T08:31:12,answered,37,5,0\n"), 100000)
	r := NewReader(bytes.NewReader(input))
	allocs := testing.AllocsPerRun(10000, func() {
		if !r.Next() {
			t.Fatal("Next() = false before the end of the input")
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %v times per record, want 0", allocs)
	}
}

func TestReaderQuotedNoAllocations(t *testing.T) {
	input := bytes.Repeat([]byte("\"2026-01-05T08:31:12\",\"say \"\"hi\"\"\",37,5,0\r\n"), 100000)
	r := NewReader(bytes.NewReader(input))
	r.Next() // sizes the scratch buffer
	allocs := testing.AllocsPerRun(10000, func() {
		if !r.Next() {
			t.Fatal("Next() = false before the end of the input")
		}
	})
	if allocs != 0 {
		t.Errorf("Next allocates %v times per quoted record, want 0", allocs)
	}
}
