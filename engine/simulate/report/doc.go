// Package report turns the results of pacta simulate into the figures that
// a bidder prices a contract's payment exposure with, and writes them as
// text, JSON, long-format CSV and SVG and PNG plots.
//
// Summarize computes every figure once. The writers only format them, so
// the text, JSON and CSV reports always agree, and the same results give
// byte-identical output.
//
// # Methods
//
// Money stays in integer minor units until it is rounded for the report.
// Means and standard deviations are computed from exact big-integer sums
// and rounded once, half up (halves away from zero), to the minor unit.
// The standard deviation is the sample one, with the n−1 denominator.
//
// Percentiles use the nearest-rank method: the P-th percentile of n runs is
// the value of rank ⌈P/100 · n⌉ (at least 1) in ascending order. So every
// percentile is the amount of an actual run, and at least P% of runs are at
// or below it.
//
// A probability is the share of runs in which an event occurs, with the
// half-width of its 95% confidence interval by the normal approximation,
// 1.96·√(p(1−p)/n). The approximation is poor for events seen in only a few
// runs or in nearly all of them.
//
// Shares of service levels are taken of the levels' deductions after their
// own caps but before the cap on total deductions, because that cap does
// not say which level's deduction it removes.
//
// The notice named "termination" is treated as the right to terminate.
// "breach" and "missing_data", which the engine issues for every contract,
// get probabilities but no first-issue distribution.
//
// # JSON
//
// WriteJSON writes one object whose keys come in this order:
//
//	format, version         "pacta simulate report", 1
//	contract                file, title, sha256, evaluator
//	scenario                file, sha256
//	simulation              runs, seed, currency, minor_units, from, to, periods,
//	                        periods_per_year, years[], payments, discount_rate (if given)
//	methods                 percentiles, standard_deviation, rounding, confidence: the rules above
//	deductions              term and years[]: year, payments, and mean, sd, p50, p90,
//	                        p95, p99, max, each {amount, percent_of_payments}
//	termination             the termination notice's name, or null
//	notices[]               name, title, ref, builtin, term and years[]: {runs,
//	                        probability, ci95_half_width}; first_issue for declared
//	                        kinds: years[] and never {runs, fraction}, median
//	                        {index, period, year} or null
//	caps[]                  name, title, ref, service_level (null for the total cap),
//	                        binds {runs, fraction}, mean_periods_bound
//	service_levels[]        name, title, ref, mean, percent (null when no level deducts)
//	sensitivity[]           measure, title, minus_1sd and plus_1sd (null when not run):
//	                        sigmas, delta, mean, deduction_change, termination_change
//	npv                     discount_rate, mean, p90, p95 (only with a discount rate)
//	compare                 contract, mean, sd, p5, p50, p95 of second minus first;
//	                        more, less, same {runs, fraction}; termination {first,
//	                        second, difference} or null; years[] {year, mean, termination}
//
// Money is a decimal string with exactly the currency's minor digits
// ("1234.50"), a percentage a decimal string with 2 places ("0.62" for
// 0.62%), and a fraction of runs or a probability a decimal string with 4
// places ("0.4450"). A percentage of zero payments is null.
//
// # CSV
//
// WriteCSV writes the same figures in long format, with the header
// section,item,year,statistic,value. Sections are meta, deductions,
// notice_probability, notice_first_issue, caps, service_levels,
// sensitivity, npv and compare. item names the notice, cap ("total" or the
// service level), service level or measure, and year is "term", a contract
// year's label, "never" for runs without a first issue, or empty. The
// statistic names follow the JSON keys: "mean_percent_of_payments",
// "binds_fraction", "plus_1sd_deduction_change". A figure that is null in
// JSON has an empty value.
package report
