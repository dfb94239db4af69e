package engine_test

import (
	"fmt"

	"github.com/pacta-dev/pacta/engine"
	"github.com/pacta-dev/pacta/engine/data"
)

const exampleContract = `
contract "Helpdesk"
  currency USD
  term 2026-01 to 2026-12 monthly

payment fee = USD 20,000.00 per month

measure csat: reported percent

service level csat "Customer satisfaction"
  ref "Schedule 2, para 1"
  target csat >= 85%
  tier minor when csat < 85%
  tier severe when csat < 75%
  deduct 0.5% of fee when minor
  deduct 1.0% of fee when severe
  missing value counts as severe
`

const exampleData = `period,csat
2026-01,86.0%
2026-02,83.5%
2026-03,
`

// Example loads a contract, reads period data that matches its schema and
// evaluates it.
func Example() {
	prog, errs := engine.Load("helpdesk.pacta", []byte(exampleContract))
	if errs != nil {
		fmt.Println(errs)
		return
	}
	table, errs := data.Read("periods.csv", []byte(exampleData), prog.Schema())
	if errs != nil {
		fmt.Println(errs)
		return
	}
	res, errs := prog.Evaluate(table, engine.Options{})
	if errs != nil {
		fmt.Println(errs)
		return
	}
	for _, p := range res.Periods {
		fmt.Println(p.Period, p.ServiceLevels[0].Status, p.TotalDeduction, p.NetPayment)
	}
	fmt.Println("total", res.Totals.TotalDeduction)
	// Output:
	// 2026-01 met 0.00 20000.00
	// 2026-02 failed 100.00 19900.00
	// 2026-03 missing 200.00 19800.00
	// total 300.00
}

// ExampleLevelResult shows the explanation that comes with every result.
func ExampleLevelResult() {
	prog, _ := engine.Load("helpdesk.pacta", []byte(exampleContract))
	table, _ := data.Read("periods.csv", []byte(exampleData), prog.Schema())
	res, _ := prog.Evaluate(table, engine.Options{})
	fmt.Println(res.Periods[1].ServiceLevels[0].Explanation)
	// Output:
	// csat 83.5% is below the target of 85% (Schedule 2, para 1): a minor failure; deduction 0.5% of fee USD 20,000.00 = USD 100.00.
}

// ExampleLoad shows the errors of a contract that does not check.
func ExampleLoad() {
	_, errs := engine.Load("bad.pacta", []byte(`
contract "Bad"
  currency USD
  term 2026-01 to 2026-12 monthly

measure csat: reported percent

service level csat
  target cast >= 85
`))
	fmt.Println(errs)
	// Output:
	// bad.pacta:9:10: unknown measure or payment "cast"; did you mean "csat"?
}
