package csvread

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAllStdlib reads input with encoding/csv set up as Reader's format:
// comma-separated, any number of fields per record, strict quotes and no
// comment lines. It stops at the first error, as Reader does.
func readAllStdlib(input string) readResult {
	cr := csv.NewReader(strings.NewReader(input))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.ReuseRecord = true

	var res readResult
	for {
		record, err := cr.Read()
		if err == io.EOF {
			return res
		}
		if err != nil {
			res.Err = err
			return res
		}

		var pos []fieldPos
		for i := range record {
			line, col := cr.FieldPos(i)
			pos = append(pos, fieldPos{line, col})
		}
		res.Records = append(res.Records, append([]string(nil), record...))
		res.Lines = append(res.Lines, pos[0].line)
		res.Pos = append(res.Pos, pos)
		res.Offsets = append(res.Offsets, cr.InputOffset())
	}
}

// FuzzReader checks Reader against encoding/csv, and the fast path against
// the general parser.
//
// The one deliberate difference in records is the byte order mark: Reader
// skips it and encoding/csv does not, so encoding/csv reads the input
// without it, and its offsets are shifted by its length. Errors agree in
// kind. Bare quotes are reported at the same position. After a closing
// quote, Reader reports the byte in error and encoding/csv the quote before
// it. For an unclosed quoted field, Reader reports the opening quote and
// encoding/csv the end of the input, so only the kind is compared.
func FuzzReader(f *testing.F) {
	for _, tc := range readerTests {
		f.Add(tc.input)
	}
	f.Add("a,\"b\nc\"\"d\",e\r\n\"\"\r\n")

	f.Fuzz(func(t *testing.T, input string) {
		got := readAll(NewReader(strings.NewReader(input)))

		// A one-byte buffer fed one byte at a time sends nearly every
		// record through the general parser and every byte across a
		// refill. A seven-byte buffer mixes the fast paths and the general
		// parser within one input.
		slow := readAll(newReaderSize(iotest.OneByteReader(strings.NewReader(input)), 1))
		if diff := cmp.Diff(got, slow, cmp.AllowUnexported(fieldPos{}), cmp.Comparer(sameError)); diff != "" {
			t.Fatalf("default and one-byte Readers differ on %q (-default +one-byte):\n%s", input, diff)
		}
		small := readAll(newReaderSize(strings.NewReader(input), 7))
		if diff := cmp.Diff(got, small, cmp.AllowUnexported(fieldPos{}), cmp.Comparer(sameError)); diff != "" {
			t.Fatalf("default and seven-byte Readers differ on %q (-default +seven-byte):\n%s", input, diff)
		}

		stdlibInput, hasBOM := strings.CutPrefix(input, string(byteOrderMark))
		want := readAllStdlib(stdlibInput)
		if hasBOM {
			for i := range want.Offsets {
				want.Offsets[i] += int64(len(byteOrderMark))
			}
		}

		gotErr := got.Err
		wantErr := want.Err
		got.Err = nil
		want.Err = nil
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(fieldPos{})); diff != "" {
			t.Fatalf("Reader and encoding/csv differ on %q (-encoding/csv +Reader):\n%s", input, diff)
		}
		compareErrors(t, input, gotErr, wantErr)
	})
}

// sameError reports whether two errors from Readers over the same input are
// equal.
func sameError(a, b error) bool {
	var parseA, parseB *ParseError
	if errors.As(a, &parseA) && errors.As(b, &parseB) {
		return *parseA == *parseB
	}
	return a == b
}

// compareErrors fails t unless got, Reader's error, matches want, the error
// of encoding/csv, as FuzzReader's comment describes.
func compareErrors(t *testing.T, input string, got, want error) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Fatalf("Reader failed on %q with %v, but encoding/csv read it", input, got)
		}
		return
	}

	var gotParse *ParseError
	if !errors.As(got, &gotParse) {
		t.Fatalf("Reader returned %v on %q, but encoding/csv failed with %v", got, input, want)
	}
	var wantParse *csv.ParseError
	if !errors.As(want, &wantParse) {
		t.Fatalf("encoding/csv failed with %T %v on %q, want a *csv.ParseError", want, want, input)
	}

	switch {
	case errors.Is(wantParse.Err, csv.ErrBareQuote):
		if gotParse.Msg != msgBareQuote {
			t.Fatalf("Reader returned %v on %q, but encoding/csv returned %v", got, input, want)
		}
		if gotParse.Line != wantParse.Line || gotParse.Column != wantParse.Column {
			t.Fatalf("bare quote in %q at line %d, column %d, encoding/csv says line %d, column %d",
				input, gotParse.Line, gotParse.Column, wantParse.Line, wantParse.Column)
		}
	case errors.Is(wantParse.Err, csv.ErrQuote) && gotParse.Msg == msgTextAfterQuote:
		if gotParse.Line != wantParse.Line || gotParse.Column != wantParse.Column+1 {
			t.Fatalf("text after quote in %q at line %d, column %d, encoding/csv says the quote is at line %d, column %d",
				input, gotParse.Line, gotParse.Column, wantParse.Line, wantParse.Column)
		}
	case errors.Is(wantParse.Err, csv.ErrQuote) && gotParse.Msg == msgUnclosedQuote:
	default:
		t.Fatalf("Reader returned %v on %q, but encoding/csv returned %v", got, input, want)
	}
}
