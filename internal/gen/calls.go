package gen

import (
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// CallsHeader is the header line of calls.csv.
const CallsHeader = "offered_at,outcome,wait,hold_music,relief"

// lostMonthCalls is the number of calls kept for a month whose call log
// is lost.
const lostMonthCalls = 80

// Call classes. A call's class fixes its outcome and the range of its
// wait, so that a month's counts per class fix its calls_answered_45s.
const (
	answeredFast   = iota // answered with wait - hold_music <= 45 s
	answeredSlow          // answered with wait - hold_music > 45 s
	abandonedLong         // abandoned after more than 30 s
	abandonedShort        // abandoned within 30 s, outside the measure
)

// Service on relief days is poor whatever the month: the storm or
// emergency floods the line.
const (
	reliefAnswered45 = 0.45
	reliefAbandon    = 0.20
)

// callMonth holds a month's class quotas and the mean of its slow tail.
type callMonth struct {
	normal, relief quota
	// slowMean is the mean, in seconds, of the net wait beyond 45 s of a
	// slow answered call. Worse months have longer tails.
	slowMean float64
}

// WriteCalls writes calls.csv for c.Calls calls and returns the number of
// rows. The count is exact unless the call log of every month is lost.
func WriteCalls(w io.Writer, c Config) (int, error) {
	cal, err := prepare(c)
	if err != nil {
		return 0, err
	}
	r := newRand(c.Seed, streamCalls)

	counts := allocateCalls(cal, c, r)
	months := planCallMonths(cal, c, counts)

	rw := newRowWriter(w, CallsHeader)
	offsets := make([]int32, 0, 4096)
	for i := range cal.slots {
		if counts[i] == 0 {
			continue
		}
		slot := &cal.slots[i]
		month := &months[slot.month]
		relief := cal.relief[slot.day]
		offsets = drawOffsets(r, counts[i], offsets)
		for _, offset := range offsets {
			rw.line = appendSlotTime(rw.line[:0], slot, offset)
			if relief {
				rw.line = appendCall(rw.line, r, month.relief.draw(r), month.slowMean)
				rw.line = append(rw.line, ",1\n"...)
			} else {
				rw.line = appendCall(rw.line, r, month.normal.draw(r), month.slowMean)
				rw.line = append(rw.line, ",0\n"...)
			}
			rw.writeLine()
		}
		if rw.err != nil {
			break
		}
	}
	return rw.finish()
}

// allocateCalls returns the number of calls in each slot of the year.
func allocateCalls(cal *calendar, c Config, r *rand.Rand) []int {
	factors := cal.dayFactors(r)
	weights := make([]float64, len(cal.slots))
	for i, slot := range cal.slots {
		if slot.repeated {
			continue
		}
		w := afterHoursWeight
		if cal.isOpen(slot) {
			w = openHourShape[slot.hour] * weekdayShape[slot.weekday]
		}
		w *= seasonShape[slot.month] * factors[slot.day]
		if cal.relief[slot.day] {
			w *= reliefVolume
		}
		weights[i] = w
	}

	// Each lost month gets its few calls first, spread by the same
	// weights. The remaining calls go to the other months.
	counts := make([]int, len(cal.slots))
	remaining := c.Calls
	keptWeights := make([]float64, len(weights))
	for m, p := range c.Profile {
		if !p.CallLogLost {
			continue
		}
		only := make([]float64, len(weights))
		for i, slot := range cal.slots {
			if slot.month == m {
				only[i] = weights[i]
			}
		}
		lost := allocate(min(lostMonthCalls, remaining), only, r)
		for i, n := range lost {
			counts[i] += n
			remaining -= n
		}
	}
	for i, slot := range cal.slots {
		if !c.Profile[slot.month].CallLogLost {
			keptWeights[i] = weights[i]
		}
	}
	for i, n := range allocate(remaining, keptWeights, r) {
		counts[i] += n
	}
	return counts
}

// planCallMonths fixes each month's class counts from its number of calls
// and its Answered45 target.
func planCallMonths(cal *calendar, c Config, counts []int) [12]callMonth {
	var normalCalls, reliefCalls [12]int
	for i, slot := range cal.slots {
		if cal.relief[slot.day] {
			reliefCalls[slot.month] += counts[i]
		} else {
			normalCalls[slot.month] += counts[i]
		}
	}

	var months [12]callMonth
	for m, p := range c.Profile {
		// Abandonment grows as service falls below a typical 85%.
		shortfall := math.Max(0, 0.85-p.Answered45)
		abandon := 0.04 + 0.5*shortfall
		months[m] = callMonth{
			normal:   mixCalls(normalCalls[m], p.Answered45, abandon),
			relief:   mixCalls(reliefCalls[m], reliefAnswered45, reliefAbandon),
			slowMean: 60 + 1200*shortfall,
		}
	}
	return months
}

// mixCalls returns the class quota for n calls with the given share of
// calls answered within 45 s and abandonment rate. Two in five abandoned
// calls hang up within 30 s and so fall outside the measure.
func mixCalls(n int, answered45, abandon float64) quota {
	abandoned := roundCount(float64(n) * abandon)
	short := roundCount(float64(abandoned) * 0.4)
	long := abandoned - short
	measured := n - short
	fast := passCount(measured, answered45)
	slow := measured - fast - long
	if slow < 0 {
		// The target leaves too few calls for the abandoned ones, so
		// the month lands below target.
		fast += slow
		slow = 0
	}
	return newQuota(fast, slow, long, short)
}

// appendCall appends ",outcome,wait,hold_music" for a call of the class.
// Times are whole seconds, and hold_music never exceeds wait.
func appendCall(buf []byte, r *rand.Rand, class int, slowMean float64) []byte {
	var wait, hold int
	switch class {
	case answeredFast:
		// Two in five calls reach an agent almost at once.
		var net int
		if r.IntN(5) < 2 {
			net = r.IntN(11)
		} else {
			net = r.IntN(46)
		}
		hold = holdMessages(r, net)
		wait = net + hold
	case answeredSlow:
		net := 46 + int(math.Min(r.ExpFloat64()*slowMean, 3600))
		hold = holdMessages(r, net)
		wait = net + hold
	case abandonedLong:
		wait = 31 + int(math.Min(r.ExpFloat64()*120, 1800))
		hold = min(wait, r.IntN(61))
	default:
		wait = r.IntN(31)
		if r.IntN(2) == 0 {
			hold = min(wait, r.IntN(21))
		}
	}

	if class <= answeredSlow {
		buf = append(buf, ",answered,"...)
	} else {
		buf = append(buf, ",abandoned,"...)
	}
	buf = strconv.AppendInt(buf, int64(wait), 10)
	buf = append(buf, ',')
	return strconv.AppendInt(buf, int64(hold), 10)
}

// holdMessages returns the seconds of recorded messages played to a call
// that waited net seconds for an agent besides them. A call answered at
// once hears none. Otherwise the greeting and queue messages take 6 to
// 40 s.
func holdMessages(r *rand.Rand, net int) int {
	if net < 3 || r.IntN(10) < 3 {
		return 0
	}
	return 6 + r.IntN(35)
}
