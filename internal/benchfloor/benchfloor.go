// Package benchfloor holds two baselines for a benchmark of readers of
// calls.csv, the call log with the header
// "offered_at,outcome,wait,hold_music,relief" (see package internal/gen).
//
// ReadEncodingCSV is the cost of only splitting the file into fields with
// encoding/csv. Answered45Floor is the fastest single-core computation of
// the calls_answered_45s tallies: a hand-written byte parser for exactly
// this layout that checks nothing and allocates nothing per row. A reader
// compiled from a contract should land between the two.
//
// Answered45Floor reads blocks of floorBufferLen bytes and parses every
// complete line in a block with fixed offsets and manual digit loops. The
// timestamp is always 19 bytes, so the year and month sit at fixed
// positions. The second byte of the outcome separates "answered" from
// "abandoned". The unfinished
// last line of a block moves to the front of the buffer before the next
// read.
package benchfloor

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
)

// callsHeader is the header line that Answered45Floor expects.
const callsHeader = "offered_at,outcome,wait,hold_music,relief"

// floorBufferLen is the read block size of both baselines.
const floorBufferLen = 1 << 20

// MonthCount is one month's calls_answered_45s tallies. Calls with relief
// = 1 count only in Relief.
type MonthCount struct {
	Year, Month int
	// Answered45 counts answered calls with wait - hold_music <= 45.
	Answered45 int64
	// Denominator counts answered calls and calls abandoned after a wait
	// of more than 30 s.
	Denominator int64
	// Relief counts calls with relief = 1.
	Relief int64
}

// ReadEncodingCSV reads every record of r with encoding/csv, reusing one
// record slice, and does nothing with the fields. It returns the number
// of records read, the header included.
func ReadEncodingCSV(r io.Reader) (rows int, err error) {
	reader := csv.NewReader(bufio.NewReaderSize(r, floorBufferLen))
	reader.ReuseRecord = true
	for {
		_, err := reader.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows++
	}
}

// errMalformed reports a row that does not end where the layout puts its
// newline.
var errMalformed = errors.New("invalid calls.csv row: want the fields " + callsHeader)

// Answered45Floor computes the calls_answered_45s tallies of each month in
// r, sorted by year and month. The header must match callsHeader exactly,
// and each row must have the layout that pacta-gen writes: a 19-byte
// timestamp, "answered" or "abandoned", two unsigned integers, a relief
// digit, and an optional carriage return before the newline. Rows are not
// validated, so a malformed row yields wrong counts or an error.
func Answered45Floor(r io.Reader) ([]MonthCount, error) {
	buf := make([]byte, floorBufferLen)
	var counter monthCounter
	start, end := 0, 0
	headerDone := false
	for {
		n, readErr := r.Read(buf[end:])
		end += n

		last := bytes.LastIndexByte(buf[start:end], '\n')
		if last >= 0 {
			lines := buf[start : start+last+1]
			if !headerDone {
				var err error
				if lines, err = skipHeader(lines); err != nil {
					return nil, err
				}
				headerDone = true
			}
			if err := counter.countLines(lines); err != nil {
				return nil, err
			}
			start += last + 1
		}

		if readErr == io.EOF {
			break
		}
		if readErr != nil {
			return nil, readErr
		}

		// Move the unfinished line to the front, and grow the buffer
		// for a line longer than the buffer.
		end = copy(buf, buf[start:end])
		start = 0
		if end == len(buf) {
			buf = slices.Grow(buf, len(buf))[:2*len(buf)]
		}
	}

	// A last line without a newline is parsed from a terminated copy.
	if start < end {
		tail := append(slices.Clone(buf[start:end]), '\n')
		if !headerDone {
			var err error
			if tail, err = skipHeader(tail); err != nil {
				return nil, err
			}
			headerDone = true
		}
		if err := counter.countLines(tail); err != nil {
			return nil, err
		}
	}
	if !headerDone {
		return nil, fmt.Errorf("missing calls.csv header %q", callsHeader)
	}
	return counter.sorted(), nil
}

// skipHeader checks the first line of lines and returns the rest.
func skipHeader(lines []byte) ([]byte, error) {
	header, rest, _ := bytes.Cut(lines, []byte{'\n'})
	header = bytes.TrimSuffix(header, []byte{'\r'})
	if string(header) != callsHeader {
		return nil, fmt.Errorf("invalid calls.csv header %q: want %q", header, callsHeader)
	}
	return rest, nil
}

// monthPrefixMask keeps the first 7 bytes of a little-endian load.
const monthPrefixMask = 1<<56 - 1

// monthCounter keeps the tallies by month. Rows come sorted by time, so
// the month of the row before is cached and the map is only consulted
// when the month changes.
type monthCounter struct {
	counts []MonthCount
	index  map[int]int // year*12 + month - 1 to index in counts
	// lastPrefix is the "2006-01" prefix of the row before, as loaded
	// by binary.LittleEndian.Uint64 and masked.
	lastPrefix uint64
	current    *MonthCount
}

// countLines tallies every line of lines, which must end with a newline.
func (c *monthCounter) countLines(lines []byte) (err error) {
	// A row that ends early can make the field loops run past the end of
	// lines. The runtime's bounds check then panics, and recovering turns
	// the panic into an error, so the loops need no length test of their
	// own.
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(runtime.Error); !ok {
				panic(r)
			}
			err = errMalformed
		}
	}()

	p := 0
	for p < len(lines) {
		// The first 7 bytes, "2006-01", name the month. Comparing them
		// as one integer with those of the row before skips the digit
		// arithmetic while the month stays the same.
		if prefix := binary.LittleEndian.Uint64(lines[p:]) & monthPrefixMask; prefix != c.lastPrefix || c.current == nil {
			year := int(lines[p])*1000 + int(lines[p+1])*100 + int(lines[p+2])*10 + int(lines[p+3]) - '0'*1111
			month := int(lines[p+5])*10 + int(lines[p+6]) - '0'*11
			c.current = c.month(year*12 + month - 1)
			c.lastPrefix = prefix
		}
		answered := lines[p+21] == 'n'
		if answered {
			p += 29 // timestamp, comma, "answered", comma
		} else {
			p += 30 // timestamp, comma, "abandoned", comma
		}

		wait := 0
		for b := lines[p]; b != ','; b = lines[p] {
			wait = wait*10 + int(b-'0')
			p++
		}
		p++
		hold := 0
		for b := lines[p]; b != ','; b = lines[p] {
			hold = hold*10 + int(b-'0')
			p++
		}
		relief := lines[p+1] == '1'
		p += 2
		if lines[p] == '\r' {
			p++
		}
		if lines[p] != '\n' {
			return errMalformed
		}
		p++

		switch {
		case relief:
			c.current.Relief++
		case answered:
			c.current.Denominator++
			if wait-hold <= 45 {
				c.current.Answered45++
			}
		case wait > 30:
			c.current.Denominator++
		}
	}
	return nil
}

// month returns the tallies of the month key, adding them if new.
func (c *monthCounter) month(key int) *MonthCount {
	if c.index == nil {
		c.index = map[int]int{}
	}
	i, ok := c.index[key]
	if !ok {
		i = len(c.counts)
		c.index[key] = i
		c.counts = append(c.counts, MonthCount{Year: key / 12, Month: key%12 + 1})
	}
	return &c.counts[i]
}

func (c *monthCounter) sorted() []MonthCount {
	// c.current points into c.counts, so sort a copy.
	sorted := slices.Clone(c.counts)
	slices.SortFunc(sorted, func(a, b MonthCount) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
	})
	return sorted
}
