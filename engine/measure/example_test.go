package measure_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/measure"
)

// Example computes two measures over three call records. A share keeps its
// exact fraction: 2 of 3 calls is 2/3, not 0.6667.
func Example() {
	contract := `contract "Example"
  currency USD
  term 2026-01 to 2026-12 monthly
  time zone America/Los_Angeles

source calls
  period by offered_at
  field offered_at: timestamp
  field wait: duration in seconds

measure answered_30s: percent
  share of calls where wait <= 30s

measure asa: duration
  mean of wait over calls
`
	records := "offered_at,wait\n" +
		"2026-01-05T09:00:00,20\n" +
		"2026-01-05T09:05:00,30\n" +
		"2026-01-05T09:10:00,40\n"

	prog, errs := engine.Load("example.pacta", []byte(contract))
	if errs != nil {
		fmt.Println(errs)
		return
	}
	plan, err := measure.Compile(prog.Contract(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	input := measure.Input{
		Source: "calls",
		File:   "calls.csv",
		Open:   func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(records)), nil },
	}
	res, errs := plan.Run([]measure.Input{input}, measure.Options{})
	if errs != nil {
		fmt.Println(errs)
		return
	}

	for _, m := range res.Measures {
		v := m.Values[0]
		fmt.Printf("%s %s: %s (%s)\n", res.Periods[0], m.Measure.Name, v.Value, v.Basis.Detail)
	}
	// Output:
	// 2026-01 answered_30s: 2/3 (2 of 3 calls)
	// 2026-01 asa: 30 (3 calls)
}
