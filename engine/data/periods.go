package data

import (
	"sort"

	"github.com/pacta-dev/pacta/lang/diag"
	"github.com/pacta-dev/pacta/lang/types"
)

// pendingRow is a row as read from the file, before the checks that need
// every row: duplicate periods, the contract term and gaps.
type pendingRow struct {
	row Row
	// periodOK is false when the period is absent or malformed. Such a row
	// already has an error and takes no part in the period checks.
	periodOK  bool
	periodPos diag.Pos
}

// format holds the words that differ between the CSV and JSON messages.
type format struct {
	aRow        string // "a row"
	rows        string // "rows"
	row         string // "row"
	notReported string // how to write a period's missing values
}

var (
	csvFormat = format{
		aRow: "a row", rows: "rows", row: "row",
		notReported: "leaving cells empty where no value was reported",
	}
	jsonFormat = format{
		aRow: "an object", rows: "objects", row: "object",
		notReported: "with null for each measure that was not reported",
	}
)

// checkPeriods reports periods outside the term, duplicate periods and, when
// complete is true, gaps between the periods. complete is false when some
// row has no usable period, because a gap would then most likely be that
// row. It returns the rows sorted by period.
func checkPeriods(file string, pending []pendingRow, complete bool, term types.Term, f format, list *diag.List) []Row {
	firstLine := make(map[int]int) // period index -> line of its first row
	var inTerm []Row
	for _, p := range pending {
		if !p.periodOK {
			continue
		}
		period := p.row.Period
		if !term.Contains(period) {
			list.Errorf(file, span(p.periodPos), "period %s is outside the contract term %s to %s; remove the %s",
				period, term.Start, term.End, f.row)
			continue
		}
		if line, seen := firstLine[period.Index]; seen {
			list.Errorf(file, span(p.periodPos), "period %s appears twice, first on line %d; keep one %s per period",
				period, line, f.row)
			continue
		}
		firstLine[period.Index] = p.periodPos.Line
		inTerm = append(inTerm, p.row)
	}

	sort.SliceStable(inTerm, func(i, j int) bool { return inTerm[i].Period.Index < inTerm[j].Period.Index })
	if complete {
		for i := 1; i < len(inTerm); i++ {
			reportGap(file, inTerm[i-1], inTerm[i], f, list)
		}
	}
	return inTerm
}

// reportGap adds an error at next when periods are missing between prev and
// next.
func reportGap(file string, prev, next Row, f format, list *diag.List) {
	missing := next.Period.Sub(prev.Period) - 1
	if missing < 1 {
		return
	}
	first, last := prev.Period.Add(1), next.Period.Add(-1)
	if missing == 1 {
		list.Errorf(file, span(next.Pos), "period %s is missing between %s and %s; add %s for it, %s",
			first, prev.Period, next.Period, f.aRow, f.notReported)
		return
	}
	list.Errorf(file, span(next.Pos), "periods %s to %s are missing between %s and %s; add %s for them, %s",
		first, last, prev.Period, next.Period, f.rows, f.notReported)
}

// finish runs the period checks and returns the table, or the errors when
// the file has any.
func finish(file string, pending []pendingRow, complete bool, s Schema, f format, list *diag.List) (*Table, *diag.List) {
	rows := checkPeriods(file, pending, complete, s.Term, f, list)
	if list.HasErrors() {
		list.Sort()
		return nil, list
	}
	return &Table{File: file, Rows: rows}, nil
}
