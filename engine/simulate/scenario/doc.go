// Package scenario reads the scenario files of pacta simulate and draws
// simulated terms of monthly measure values from them.
//
// A scenario is a YAML file that models each reported measure of a
// contract: a marginal distribution of its monthly value (fixed, normal,
// beta, triangular or discrete), a two-state regime of normal and degraded
// months, or a moving-block bootstrap of a period data file. A measure
// may add an AR(1) persistence, a linear trend, one-off shocks and a
// narrower range. A Gaussian copula correlates the monthly values of
// several measures. docs/simulate.md documents the file format.
//
// Every random measure that is correlated or persistent draws a latent
// standard normal z each month, following z_t = φ·z_{t-1} +
// sqrt(1-φ²)·ε_t with correlated innovations ε_t, so that z_t stays N(0, 1)
// and the marginal is exact. Its value is the marginal's quantile at
// Φ(z_t). Every other random measure draws a uniform each month and
// takes the marginal's quantile at it.
//
// Values are float64 in the measure's canonical scale, as
// lang/types.ParseValue returns them: a percent as a fraction (0.86), a
// duration in seconds, other units as they are.
package scenario
