package gen

import (
	"io"
	"math/rand/v2"
	"strconv"
)

// SurveysHeader is the header line of surveys.csv.
const SurveysHeader = "responded_at,csat,nps"

// npsSkipPercent is the percentage of respondents who leave the NPS
// question blank.
const npsSkipPercent = 30

var (
	// surveyHourShape is the hourly volume of survey responses, which
	// peaks in the evening.
	surveyHourShape = [24]float64{
		0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.3, 0.8, 0.8, 0.8, 0.8,
		1, 1, 0.9, 0.9, 0.9, 0.9, 1.2, 1.2, 1.2, 0.8, 0.4, 0.15,
	}
	// npsPercent gives, for each csat score, the percentage of
	// respondents who give each NPS score from 0 to 10. Satisfied
	// customers tend to be promoters.
	npsPercent = [6][11]int{
		1: {40, 30, 20, 10},
		2: {5, 10, 15, 25, 25, 20},
		3: {4: 20, 5: 30, 6: 30, 7: 20},
		4: {5: 5, 6: 10, 7: 25, 8: 40, 9: 20},
		5: {7: 5, 8: 15, 9: 35, 10: 45},
	}
)

// WriteSurveys writes surveys.csv, 9,000 responses sorted by
// responded_at, and returns the number of rows.
func WriteSurveys(w io.Writer, c Config) (int, error) {
	cal, err := prepare(c)
	if err != nil {
		return 0, err
	}
	r := newRand(c.Seed, streamSurveys)

	factors := cal.dayFactors(r)
	weights := make([]float64, len(cal.slots))
	for i, slot := range cal.slots {
		if !slot.repeated {
			weights[i] = surveyHourShape[slot.hour] * seasonShape[slot.month] * factors[slot.day]
		}
	}
	counts := allocate(totalSurveys, weights, r)

	var responses [12]int
	for i, n := range counts {
		responses[cal.slots[i].month] += n
	}
	var satisfied [12]quota
	for m := range satisfied {
		satisfied[m] = splitPass(responses[m], c.Profile[m].CSAT)
	}

	rw := newRowWriter(w, SurveysHeader)
	offsets := make([]int32, 0, 64)
	for i, n := range counts {
		slot := &cal.slots[i]
		offsets = drawOffsets(r, n, offsets)
		for _, offset := range offsets {
			csat := drawCSAT(r, satisfied[slot.month].draw(r) == 0)
			line := appendSlotTime(rw.line[:0], slot, offset)
			line = append(line, ',', byte('0'+csat), ',')
			if r.IntN(100) >= npsSkipPercent {
				line = strconv.AppendInt(line, int64(drawNPS(r, csat)), 10)
			}
			rw.line = append(line, '\n')
			rw.writeLine()
		}
	}
	return rw.finish()
}

// drawCSAT returns a csat score: 4 or 5 for a satisfied respondent, 1 to
// 3 otherwise.
func drawCSAT(r *rand.Rand, satisfied bool) int {
	u := r.IntN(10)
	switch {
	case satisfied && u < 5:
		return 5
	case satisfied:
		return 4
	case u < 5:
		return 3
	case u < 8:
		return 2
	default:
		return 1
	}
}

// drawNPS returns an NPS score from 0 to 10 drawn from npsPercent.
func drawNPS(r *rand.Rand, csat int) int {
	u := r.IntN(100)
	for score, percent := range npsPercent[csat] {
		if u < percent {
			return score
		}
		u -= percent
	}
	panic("gen: npsPercent row does not sum to 100")
}
