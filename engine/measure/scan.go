package measure

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure/calendar"
	"github.com/pacta-dev/pacta/engine/measure/csvread"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// parallelMin is the smallest file that Run splits between scanners.
// Smaller files take less time to read than to split.
var parallelMin int64 = 16 << 20

// scanner reads one part of a source file into accumulators of its own.
// Run splits a large file into parts at line ends, scans them in parallel
// and merges the scanners, so that the result is the same as one scan of
// the whole file.
type scanner struct {
	ru   *run
	sp   *sourcePlan
	file string
	cols []int
	// width is the number of fields of the header, which every row must
	// have.
	width int
	// lines is the number of lines before the part, added to the line
	// numbers of its reader.
	lines   int
	parsers []fieldParser

	rep    data.SourceReport
	counts []int64
	used   []bool
	// accs[k][i] accumulates sp.measures[k] in term period i, and
	// outside[k] the outages of records outside the term.
	accs    [][]*acc
	outside []*acc
	stash   []stashed
	errs    diag.List
	errors  int
	// lastLo and lastHi bound the period that periodOf found last.
	lastLo, lastHi int64
	lastPeriod     int
	// read is the number of bytes of the part read so far.
	read atomic.Int64
	// quoted is true when the scan met a double quote and handed the rest
	// of its part to the CSV reader; endLine is the number of the last
	// line it read.
	quoted  bool
	endLine int
}

func (ru *run) newScanner(sp *sourcePlan, file string, cols []int, width, lines int) *scanner {
	sc := &scanner{ru: ru, sp: sp, file: file, cols: cols, width: width, lines: lines,
		counts: make([]int64, len(ru.used)), used: make([]bool, len(ru.used)), lastPeriod: -1,
		parsers: sp.newParsers(ru.p.zone)}
	sc.lastLo, sc.lastHi = 1, 0
	for range sp.measures {
		sc.accs = append(sc.accs, make([]*acc, len(ru.used)))
		sc.outside = append(sc.outside, nil)
	}
	return sc
}

// readSource streams one file through the source's measures.
func (ru *run) readSource(sp *sourcePlan, in Input) {
	rc, err := in.Open()
	if err != nil {
		ru.errs.Errorf(in.File, diag.Span{}, "cannot read source %s: %v", sp.src.Name, err)
		ru.addReport(sp, in, nil)
		return
	}
	defer rc.Close()

	r := csvread.NewReader(rc)
	cols, ok := ru.header(sp, in.File, r)
	if !ok {
		ru.addReport(sp, in, nil)
		return
	}
	width := len(r.Fields())

	if at, isAt := rc.(io.ReaderAt); isAt && in.Size > 0 {
		start := r.Offset()
		if lines, ok := linesBefore(at, start); ok {
			whole := []part{{lo: start, hi: in.Size, lines: lines}}
			parts := whole
			if in.Size >= parallelMin {
				if split := splitParts(at, start, in.Size, lines); split != nil {
					parts = split
				}
			}
			scanners := ru.scanParts(sp, in, at, cols, width, parts)
			if quotedBeforeLast(scanners) {
				scanners = ru.scanParts(sp, in, at, cols, width, whole)
			}
			shiftLines(scanners)
			ru.merge(sp, in, scanners)
			return
		}
	}
	sc := ru.newScanner(sp, in.File, cols, width, 0)
	stop := ru.startProgress([]*scanner{sc})
	sc.scan(r)
	stop()
	ru.merge(sp, in, []*scanner{sc})
}

// part is a byte range of a file that starts at a line start, outside any
// quoted field, with the number of lines before it.
type part struct {
	lo, hi int64
	lines  int
}

// splitParts divides [start, size) into one part per processor, at line
// ends. Only the first part knows the number of lines before it; the merge
// shifts the line numbers of the others. A line end inside a quoted field
// is no record end, so a scan of a part that meets a quote reports it, and
// readSource then reads the file again in one part. It returns nil when
// the file should be read in one part.
func splitParts(at io.ReaderAt, start, size int64, headerLines int) []part {
	n := min(runtime.GOMAXPROCS(0), 8)
	if n < 2 {
		return nil
	}
	parts := []part{{lo: start, lines: headerLines}}
	for k := 1; k < n; k++ {
		target := start + (size-start)*int64(k)/int64(n)
		end, ok := lineEndAfter(at, target, size)
		if !ok || end <= parts[len(parts)-1].lo {
			return nil
		}
		parts[len(parts)-1].hi = end
		parts = append(parts, part{lo: end})
	}
	parts[len(parts)-1].hi = size
	return parts
}

// linesBefore counts the line feeds before offset end, where the header
// row ends.
func linesBefore(at io.ReaderAt, end int64) (int, bool) {
	head := make([]byte, end)
	if _, err := at.ReadAt(head, 0); err != nil {
		return 0, false
	}
	return bytes.Count(head, []byte{'\n'}), true
}

// lineEndAfter returns the offset just after the first line feed at or
// after from.
func lineEndAfter(at io.ReaderAt, from, size int64) (int64, bool) {
	buf := make([]byte, 64<<10)
	for pos := from; pos < size; pos += int64(len(buf)) {
		n, err := at.ReadAt(buf, pos)
		if n == 0 && err != nil {
			return 0, false
		}
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i) + 1, true
		}
	}
	return 0, false
}

// scanParts scans the parts of a file in parallel, one scanner each.
func (ru *run) scanParts(sp *sourcePlan, in Input, at io.ReaderAt, cols []int, width int, parts []part) []*scanner {
	scanners := make([]*scanner, len(parts))
	for k, pt := range parts {
		scanners[k] = ru.newScanner(sp, in.File, cols, width, pt.lines)
	}
	stop := ru.startProgress(scanners)
	var wg sync.WaitGroup
	for k, pt := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scanners[k].scanFile(at, pt)
		}()
	}
	wg.Wait()
	stop()
	return scanners
}

// quotedBeforeLast reports whether a part other than the last met a
// double quote, after which the split may have cut a quoted field.
func quotedBeforeLast(scanners []*scanner) bool {
	for _, sc := range scanners[:len(scanners)-1] {
		if sc.quoted {
			return true
		}
	}
	return false
}

// shiftLines turns the line numbers of each part after the first, which
// count from the part's start, into line numbers of the file.
func shiftLines(scanners []*scanner) {
	offset := scanners[0].endLine
	for _, sc := range scanners[1:] {
		for _, d := range sc.errs.Items() {
			if d.Span.Start.Line > 0 {
				d.Span.Start.Line += offset
			}
			if d.Span.End.Line > 0 {
				d.Span.End.Line += offset
			}
		}
		for k := range sc.rep.Bad {
			sc.rep.Bad[k].Line += offset
		}
		offset += sc.endLine
	}
}

// startProgress reports the progress of the scanners from a goroutine of
// its own, and returns a function that stops it and waits until it has
// made its last report, so that no report comes after the scan.
func (ru *run) startProgress(scanners []*scanner) func() {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		ru.reportProgress(scanners, done)
	}()
	return func() {
		close(done)
		<-finished
	}
}

// reportProgress calls the progress function now and then until done is
// closed. Calling it from one goroutine keeps the scanners free of locks.
func (ru *run) reportProgress(scanners []*scanner, done chan struct{}) {
	if ru.opts.Progress == nil {
		return
	}
	tick := func() {
		total := ru.read
		for _, sc := range scanners {
			total += sc.read.Load()
		}
		ru.opts.Progress(total)
	}
	for {
		select {
		case <-done:
			tick()
			return
		case <-progressTick():
			tick()
		}
	}
}

// scan reads the rows of r.
func (sc *scanner) scan(r *csvread.Reader) { sc.scanFrom(r, 0) }

// scanFrom reads the rows of r, which starts base bytes into the part, for
// progress reports.
func (sc *scanner) scanFrom(r *csvread.Reader, base int64) {
	rec := record{v: make([]int64, len(sc.sp.src.Fields)), ok: make([]bool, len(sc.sp.src.Fields))}
	for {
		if !r.Next() {
			err := r.Err()
			if err == nil {
				break
			}
			perr, isParse := err.(*csvread.ParseError)
			if !isParse {
				sc.errs.Errorf(sc.file, diag.Span{}, "cannot read source %s: %v", sc.sp.src.Name, err)
				break
			}
			sc.rep.Rows++
			if !sc.bad(sc.lines+perr.Line, perr.Column, perr.Msg) || !r.Recover() {
				break
			}
			continue
		}
		sc.rep.Rows++
		if msg, col := sc.parseRow(r, &rec); msg != "" {
			if !sc.bad(sc.lines+r.FieldLine(col), r.Column(col), msg) {
				break
			}
			continue
		}
		sc.add(&rec)
		if sc.rep.Rows&0xffff == 0 {
			sc.read.Store(base + r.Offset())
		}
	}
	sc.read.Store(base + r.Offset())
}

// bad records a malformed row. Without SkipBad it is an error, and reading
// stops after diag.MaxErrors of them; with SkipBad the row is counted and
// listed. It reports whether reading goes on.
func (sc *scanner) bad(line, col int, msg string) bool {
	if sc.ru.opts.SkipBad {
		sc.rep.Skipped++
		if len(sc.rep.Bad) < data.MaxListed {
			sc.rep.Bad = append(sc.rep.Bad, data.BadRecord{Line: line, Column: col, Message: msg})
		}
		return true
	}
	pos := diag.Pos{Line: line, Col: col}
	d := sc.errs.Errorf(sc.file, diag.Span{Start: pos, End: pos}, "%s", msg)
	d.Hint = "correct the row, or run with --skip-bad-records to skip malformed rows and list them in the output"
	sc.errors++
	if sc.errors >= diag.MaxErrors {
		// Reading stops here, so the rows after this one were not checked.
		sc.errs.Truncate()
		return false
	}
	return true
}

// parseRow fills rec from the current row. On a malformed cell it returns
// the message and the column index of the cell.
func (sc *scanner) parseRow(r *csvread.Reader, rec *record) (string, int) {
	cells := r.Fields()
	if len(cells) != sc.width {
		// A row with an extra field most often has an unquoted comma in a
		// value, which shifts every value after it.
		// The position is the first extra field, or the last field of a
		// short row.
		if len(cells) < sc.width {
			return fmt.Sprintf("the row has %d fields, but the header has %d", len(cells), sc.width), len(cells) - 1
		}
		return fmt.Sprintf("the row has %d fields, but the header has %d; quote a value that contains a comma", len(cells), sc.width), sc.width
	}
	for i := range sc.sp.src.Fields {
		c := sc.cols[i]
		if msg := sc.parseCell(i, cells[c], rec); msg != "" {
			return msg, c
		}
	}
	return "", 0
}

// parseCell stores the cell of field i in rec, or returns why it cannot.
func (sc *scanner) parseCell(i int, cell []byte, rec *record) string {
	f := sc.sp.src.Fields[i]
	if len(cell) > 0 && (cell[0] == ' ' || cell[len(cell)-1] == ' ') {
		// Spaces around a value are padding, as they are in the header.
		cell = bytes.TrimSpace(cell)
	}
	if len(cell) == 0 {
		if !f.Optional {
			return fmt.Sprintf("empty %s: the field is required", f.Name)
		}
		rec.ok[i] = false
		return ""
	}
	v, err := sc.parsers[i](cell)
	if err != nil {
		return fmt.Sprintf("%s: %v", f.Name, err)
	}
	rec.v[i], rec.ok[i] = v, true
	return ""
}

// periodOf returns the term period index of t, or -1 before the term and
// -2 after it. Records mostly come in time order, so it first tries the
// period of the previous call.
func (sc *scanner) periodOf(t int64) int {
	if t >= sc.lastLo && t < sc.lastHi {
		return sc.lastPeriod
	}
	ru := sc.ru
	y, m := ru.p.zone.Month(calendar.Instant(t))
	g := ru.first.Gran
	per := types.Period{Gran: g, Index: y*g.PerYear() + (m-1)/(12/g.PerYear())}
	i := per.Sub(ru.first)
	switch {
	case i < 0:
		return -1
	case i >= len(sc.used):
		return -2
	}
	sc.lastLo, sc.lastHi, sc.lastPeriod = int64(ru.periodStart(i)), int64(ru.periodStart(i+1)), i
	return i
}

// add aggregates one record into every measure over its source.
func (sc *scanner) add(rec *record) {
	i := sc.periodOf(rec.v[sc.sp.src.PeriodBy.Index])
	switch i {
	case -1:
		sc.rep.BeforeTerm++
		sc.addOutside(rec)
		return
	case -2:
		sc.rep.AfterTerm++
		sc.addOutside(rec)
		return
	}
	sc.used[i] = true
	sc.counts[i]++
	for k, mp := range sc.sp.measures {
		a := sc.accs[k][i]
		if a == nil {
			a = &acc{excluded: make([]int64, len(mp.exclusions))}
			sc.accs[k][i] = a
		}
		if mp.add(a, rec) == undecided {
			// The time of the data is known only after every record is
			// read, so the record waits until then.
			cp := record{v: append([]int64(nil), rec.v...), ok: append([]bool(nil), rec.ok...)}
			sc.stash = append(sc.stash, stashed{mp: mp, period: i, rec: cp})
		}
	}
}

// addOutside keeps the outage of a record outside the term for the
// uptimes over its source: an outage that starts before the term may last
// into its first period.
func (sc *scanner) addOutside(rec *record) {
	for k, mp := range sc.sp.measures {
		if mp.r.Kind != check.AggUptime {
			continue
		}
		if sc.outside[k] == nil {
			sc.outside[k] = &acc{excluded: make([]int64, len(mp.exclusions))}
		}
		if mp.add(sc.outside[k], rec) == undecided {
			// The time of the data is known only after every record is
			// read; period -1 marks a record outside the term.
			cp := record{v: append([]int64(nil), rec.v...), ok: append([]bool(nil), rec.ok...)}
			sc.stash = append(sc.stash, stashed{mp: mp, period: -1, rec: cp})
		}
	}
}

// addReport adds the report of a source that could not be read.
func (ru *run) addReport(sp *sourcePlan, in Input, rep *data.SourceReport) {
	if rep == nil {
		rep = &data.SourceReport{Source: sp.src.Name, File: in.File}
	}
	ru.reports = append(ru.reports, rep)
	ru.perPeriod = append(ru.perPeriod, make([]int64, len(ru.used)))
}

// merge adds the scanners of one file, in file order, into the run.
func (ru *run) merge(sp *sourcePlan, in Input, scanners []*scanner) {
	rep := &data.SourceReport{Source: sp.src.Name, File: in.File}
	ru.addReport(sp, in, rep)
	counts := ru.perPeriod[len(ru.perPeriod)-1]
	errors := 0
	for _, sc := range scanners {
		rep.Rows += sc.rep.Rows
		rep.Skipped += sc.rep.Skipped
		rep.BeforeTerm += sc.rep.BeforeTerm
		rep.AfterTerm += sc.rep.AfterTerm
		for _, b := range sc.rep.Bad {
			if len(rep.Bad) < data.MaxListed {
				rep.Bad = append(rep.Bad, b)
			}
		}
		for i := range ru.used {
			ru.used[i] = ru.used[i] || sc.used[i]
			counts[i] += sc.counts[i]
		}
		for k, mp := range sp.measures {
			for i, a := range sc.accs[k] {
				if a == nil {
					continue
				}
				if mp.accs[i] == nil {
					mp.accs[i] = a
				} else {
					mp.accs[i].merge(a)
				}
			}
		}
		for k, mp := range sp.measures {
			if a := sc.outside[k]; a != nil {
				ru.outside[mp] = append(ru.outside[mp], a)
			}
		}
		ru.stash = append(ru.stash, sc.stash...)
		// One scan of the whole file stops at its diag.MaxErrors-th
		// malformed row, so the merge keeps the first that many in file
		// order and drops the rest, whatever the number of parts.
		for _, d := range sc.errs.Items() {
			if errors == diag.MaxErrors {
				break
			}
			ru.errs.Add(d)
			errors++
		}
		if errors == diag.MaxErrors || sc.errs.Truncated() {
			ru.errs.Truncate()
		}
		ru.read += sc.read.Load()
	}
}

// progressTick returns a channel that fires when the next progress report
// is due.
func progressTick() <-chan time.Time { return time.After(200 * time.Millisecond) }

// merge adds b, which accumulated other records of the same measure and
// period, into a.
func (a *acc) merge(b *acc) {
	if b.n > 0 {
		if a.n == 0 || b.min < a.min {
			a.min = b.min
		}
		if a.n == 0 || b.max > a.max {
			a.max = b.max
		}
	}
	a.n += b.n
	a.num += b.num

	s := a.sum + b.sum
	if (b.sum > 0 && s < a.sum) || (b.sum < 0 && s > a.sum) {
		if a.big == nil {
			a.big = new(big.Int)
		}
		a.big.Add(a.big, big.NewInt(a.sum))
		s = b.sum
	}
	a.sum = s
	if b.big != nil {
		if a.big == nil {
			a.big = new(big.Int)
		}
		a.big.Add(a.big, b.big)
	}

	for v, c := range b.hist {
		if a.hist == nil {
			a.hist = map[int64]int64{}
		}
		a.hist[v] += c
	}
	for k := range a.excluded {
		a.excluded[k] += b.excluded[k]
	}
	a.noValue += b.noValue
	a.pending += b.pending
	for _, k := range b.openEnds {
		a.openEnds = append(a.openEnds, len(a.outages)+k)
	}
	a.outages = append(a.outages, b.outages...)
}
