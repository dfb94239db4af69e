package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pacta-dev/pacta/engine/data"
	"github.com/pacta-dev/pacta/engine/measure"
	"github.com/pacta-dev/pacta/engine/num"
	"github.com/pacta-dev/pacta/lang/check"
	"github.com/pacta-dev/pacta/lang/types"
)

// valuePlaces is the number of decimal places of a measured value that
// does not terminate, such as a share of 2 in 3. The period table also
// carries a share's numerator and denominator, from which the reader
// restores the exact value.
const valuePlaces = 10

// MeasureCSV writes the period table that pacta eval --data reads: a
// period column, then for each measure over records its value, the number
// of records it rests on (NAME.records) and, for a share, its numerator
// (NAME.numerator). For a mean or an uptime, whose value may not
// terminate, NAME.exact gives such a value as a fraction. Then come the
// records left out, one column per excluding line
// (NAME.excluded[REASON]), the records pending (NAME.pending) and, for a
// measure with a minimum sample, whether the value is below it
// (NAME.below_minimum). pacta eval --data reads the first four kinds and
// skips the others, which are for people.
func MeasureCSV(w io.Writer, r *measure.Result) error {
	cw := csv.NewWriter(w)
	header := []string{"period"}
	for _, m := range r.Measures {
		name := m.Measure.Name
		header = append(header, name, name+".records")
		if m.Measure.Records.Kind == check.AggShare {
			header = append(header, name+".numerator")
		}
		if mayRepeat(m.Measure) {
			header = append(header, name+".exact")
		}
		for _, reason := range exclusionReasons(m.Measure) {
			header = append(header, name+".excluded["+reason+"]")
		}
		header = append(header, name+".pending")
		if m.Measure.Records.MinSample > 0 {
			header = append(header, name+".below_minimum")
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for k, p := range r.Periods {
		row := []string{p.String()}
		for _, m := range r.Measures {
			v := m.Values[k]
			row = append(row, valueText(v, m.Measure.Unit), itoa(v.Basis.Records))
			if m.Measure.Records.Kind == check.AggShare {
				row = append(row, itoa(v.Basis.Numerator))
			}
			if mayRepeat(m.Measure) {
				row = append(row, exactText(v))
			}
			for _, reason := range exclusionReasons(m.Measure) {
				row = append(row, itoa(excludedFor(v, reason)))
			}
			row = append(row, itoa(v.Basis.Pending))
			if m.Measure.Records.MinSample > 0 {
				row = append(row, fmt.Sprint(v.BelowMinimum))
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int64) string { return num.FromInt(n).String() }

// exclusionReasons lists the reasons of m's excluding lines, and "no
// value" for a statistic or an uptime, whose records may lack their
// operand.
func exclusionReasons(m *check.Measure) []string {
	var out []string
	for _, x := range m.Records.Exclusions {
		out = append(out, x.Reason)
	}
	switch m.Records.Kind {
	case check.AggCount, check.AggShare:
	default:
		out = append(out, "no value")
	}
	return out
}

func excludedFor(v measure.Value, reason string) int64 {
	var n int64
	for _, x := range v.Basis.Excluded {
		if x.Reason == reason {
			n += x.Count
		}
	}
	return n
}

// mayRepeat reports whether m's value may be a fraction that does not
// terminate and that no other column gives exactly: a mean or an uptime.
func mayRepeat(m *check.Measure) bool {
	k := m.Records.Kind
	return k == check.AggMean || k == check.AggUptime
}

// exactText writes a value that does not terminate as a fraction, in the
// canonical scale of its unit (a percent as a fraction of 1, a duration in
// seconds), or "" for a value that terminates or is missing.
func exactText(v measure.Value) string {
	if !v.OK {
		return ""
	}
	if _, ok := v.Value.Exact(); ok {
		return ""
	}
	return v.Value.Fraction()
}

// valueText writes a value in the form the period data takes: "81.5%",
// "36.25s", a count or a number. An undefined value is an empty cell.
func valueText(v measure.Value, u types.Unit) string {
	if !v.OK {
		return ""
	}
	x := v.Value
	suffix := ""
	switch u {
	case types.Percent:
		x, suffix = x.Shift(2), "%"
	case types.Duration:
		suffix = "s"
	}
	if d, ok := x.Exact(); ok {
		return num.Plain(d) + suffix
	}
	return x.RoundHalfEven(valuePlaces).String() + suffix
}

// measureJSON is the JSON form of a measure run: the periods in the form
// pacta eval --data reads, the basis of each value, and the account of
// each source's records.
type measureJSON struct {
	AsOf    string               `json:"as_of"`
	Sources []*data.SourceReport `json:"sources"`
	Periods []map[string]any     `json:"periods"`
	Basis   []measureBasisJSON   `json:"basis"`
}

type measureBasisJSON struct {
	Period  string     `json:"period"`
	Measure string     `json:"measure"`
	Value   *string    `json:"value"`
	Exact   *string    `json:"exact,omitempty"`
	Missing string     `json:"missing,omitempty"`
	Basis   data.Basis `json:"basis"`
	Below   bool       `json:"below_minimum,omitempty"`
}

// MeasureJSON writes a measure run as JSON. Its "periods" array is what
// pacta eval --data reads from a JSON file; "basis" and "sources" explain
// each value and account for every record.
func MeasureJSON(w io.Writer, r *measure.Result) error {
	out := measureJSON{AsOf: r.AsOf, Sources: r.Sources, Periods: []map[string]any{}, Basis: []measureBasisJSON{}}
	for k, p := range r.Periods {
		row := map[string]any{"period": p.String()}
		for _, m := range r.Measures {
			v := m.Values[k]
			name := m.Measure.Name
			b := measureBasisJSON{Period: p.String(), Measure: name, Basis: v.Basis, Below: v.BelowMinimum, Missing: v.Why}
			if v.OK {
				text := valueText(v, m.Measure.Unit)
				row[name] = text
				b.Value = &text
				if _, ok := v.Value.Exact(); !ok {
					exact := v.Value.Fraction()
					b.Exact = &exact
				}
			} else {
				row[name] = nil
			}
			row[name+".records"] = v.Basis.Records
			if m.Measure.Records.Kind == check.AggShare {
				row[name+".numerator"] = v.Basis.Numerator
			}
			if mayRepeat(m.Measure) {
				if x := exactText(v); x != "" {
					row[name+".exact"] = x
				} else {
					row[name+".exact"] = nil
				}
			}
			out.Basis = append(out.Basis, b)
		}
		out.Periods = append(out.Periods, row)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
