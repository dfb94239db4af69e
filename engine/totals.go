package engine

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// totals sums the service levels' deductions, applies the cap on total
// deductions and computes the net payment of period i.
func (ev *evaluator) totals(i int) {
	pr := &ev.periods[i]
	carriedIn := ev.carry
	ev.carry = decimal.Zero

	pr.CarriedIn = ev.money(carriedIn)
	sum := carriedIn
	for _, r := range pr.ServiceLevels {
		sum = sum.Add(r.Deduction.Value)
	}
	pr.DeductionsBeforeCap = ev.money(sum)
	total := sum
	if ev.c.Cap != nil {
		total = ev.totalCap(pr, sum, carriedIn, i)
	}
	pr.TotalDeduction = ev.money(total)

	paid := decimal.Zero
	for _, p := range ev.c.Payments {
		paid = paid.Add(p.Amount)
	}
	pr.NetPayment = ev.money(paid.Sub(total))
}

// totalCap applies the cap on total deductions to sum and returns what
// remains. The excess is lost unless the contract carries it forward, in
// which case it is added to the next period's deductions, where that
// period's cap applies to it again.
func (ev *evaluator) totalCap(pr *PeriodResult, sum, carriedIn decimal.Decimal, i int) decimal.Decimal {
	cp := ev.c.Cap
	exact, how := ev.amount(cp.Amount)
	limit := ev.roundMoney(exact)
	res := &CapResult{
		Ref:    cp.Ref,
		Rule:   "cap total deductions at " + cp.Amount.Text,
		Limit:  ev.money(limit),
		Before: ev.money(sum),
	}
	pr.Cap = res
	ev.capReached[i] = sum.IsPositive() && sum.GreaterThanOrEqual(limit)

	subject := "Total deductions " + ev.moneyText(sum)
	if carriedIn.IsPositive() {
		subject = fmt.Sprintf("Total deductions %s, including %s carried from %s,", ev.moneyText(sum), ev.moneyText(carriedIn), ev.periodName(i-1))
	}
	capText := fmt.Sprintf("the cap of %s = %s%s", how, ev.moneyText(limit), cite(cp.Ref))

	zero := ev.money(decimal.Zero)
	if sum.LessThanOrEqual(limit) {
		res.After, res.Excess, res.CarriedForward = ev.money(sum), zero, zero
		res.Explanation = fmt.Sprintf("%s are within %s.", subject, capText)
		return sum
	}

	excess := sum.Sub(limit)
	res.After, res.Excess, res.Binding = ev.money(limit), ev.money(excess), true
	res.CarriedForward = zero
	fate := "is lost"
	if cp.CarryForward {
		ev.carry = excess
		res.CarriedForward = ev.money(excess)
		fate = "carries forward to the next period"
	}
	res.Explanation = fmt.Sprintf("%s exceed %s; the excess of %s %s.", subject, capText, ev.moneyText(excess), fate)
	return limit
}

// result assembles the Result for the periods that opts selects.
func (ev *evaluator) result(opts Options) *Result {
	res := &Result{Contract: ev.p.contractInfo(), Periods: []PeriodResult{}, Notices: []Notice{}}
	payments, deductions, net := decimal.Zero, decimal.Zero, decimal.Zero
	counts := map[string]int{}
	var kinds []string

	for i, row := range ev.t.Rows {
		if opts.From != nil && row.Period.Index < opts.From.Index {
			continue
		}
		if opts.To != nil && row.Period.Index > opts.To.Index {
			continue
		}
		pr := ev.periods[i]
		res.Periods = append(res.Periods, pr)
		for _, p := range pr.Payments {
			payments = payments.Add(p.Amount.Value)
		}
		deductions = deductions.Add(pr.TotalDeduction.Value)
		net = net.Add(pr.NetPayment.Value)
		for _, n := range pr.Notices {
			res.Notices = append(res.Notices, n)
			if counts[n.Kind] == 0 {
				kinds = append(kinds, n.Kind)
			}
			counts[n.Kind]++
		}
	}

	res.Totals = Totals{
		Periods:        len(res.Periods),
		Payments:       ev.money(payments),
		TotalDeduction: ev.money(deductions),
		NetPayment:     ev.money(net),
		CarriedForward: ev.money(decimal.Zero),
		Notices:        []NoticeCount{},
	}
	if n := len(res.Periods); n > 0 && res.Periods[n-1].Cap != nil {
		res.Totals.CarriedForward = res.Periods[n-1].Cap.CarriedForward
	}
	for _, k := range kinds {
		res.Totals.Notices = append(res.Totals.Notices, NoticeCount{Kind: k, Count: counts[k]})
	}
	return res
}
