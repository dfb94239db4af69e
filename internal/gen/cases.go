package gen

import (
	"cmp"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// CasesHeader is the header line of cases.csv.
const CasesHeader = "case_id,channel,priority,opened_at,acknowledged_at,responded_at,resolved_first_contact"

const (
	minute = 60
	hour   = 3600
	day    = 86400
	// urgentAckLimit and emailResponseLimit are the deadlines of
	// urgent_ack_4h and email_24h. A delay equal to the limit meets it.
	urgentAckLimit     = 4 * hour
	emailResponseLimit = 24 * hour
	// lostCaseShare is the chance that a case which meets no deadline
	// was lost, so that it has neither acknowledgement nor response.
	lostCaseShare = 0.001
	// delayAttempts bounds the redraws of a case's delays that land in a
	// repeated wall hour.
	delayAttempts = 8
)

type channel int

const (
	channelPhone channel = iota
	channelEmail
	channelWeb
	channelWalkIn
)

var (
	channelNames = [4]string{"phone", "email", "web", "walk_in"}
	// channelCases sums to totalCases.
	channelCases = [4]int{10_000, 12_000, 6_000, 2_000}
	// urgentShare is the chance that a case of the channel is urgent,
	// about 1,500 urgent cases a year.
	urgentShare = [4]float64{0.06, 0.04, 0.04, 0.08}
	// firstContactShare is the share of cases resolved at first contact
	// for the channels outside the fcr measure. The phone share comes
	// from the profile.
	firstContactShare = [4]float64{0, 0.35, 0.30, 0.70}
	// onlineHourShape is the hourly volume of email and web cases, which
	// arrive around the clock.
	onlineHourShape = [24]float64{
		0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 0.7, 0.7, 1, 1, 1,
		1, 1, 1, 1, 1, 0.7, 0.7, 0.7, 0.7, 0.7, 0.35, 0.35,
	}
)

// openedCase is a case's channel and opening time, before its outcomes.
type openedCase struct {
	at      int64 // Unix seconds
	slot    int32
	offset  int32 // seconds into the slot
	channel channel
}

// caseOutcome fixes which deadlines a case meets.
type caseOutcome struct {
	urgent       bool
	firstContact bool
	emailOK      bool // responded within 24 h, for an email case
	urgentOK     bool // acknowledged within 4 h, for an urgent case
	lost         bool
}

// WriteCases writes cases.csv, 30,000 cases sorted by opened_at, and
// returns the number of rows.
func WriteCases(w io.Writer, c Config) (int, error) {
	cal, err := prepare(c)
	if err != nil {
		return 0, err
	}
	r := newRand(c.Seed, streamCases)
	opened := openCases(cal, r)
	extract := cal.monthStart[12]

	rw := newRowWriter(w, CasesHeader)
	id := 0
	for len(opened) > 0 {
		month := cal.slots[opened[0].slot].month
		end := 1
		for end < len(opened) && cal.slots[opened[end].slot].month == month {
			end++
		}
		outcomes := decideCases(r, opened[:end], c.Profile[month])

		for i, oc := range opened[:end] {
			id++
			ack, respond := caseDelays(r, cal, oc, outcomes[i])
			line := append(rw.line[:0], 'C')
			line = appendZeroPadded(line, id, 7)
			line = append(line, ',')
			line = append(line, channelNames[oc.channel]...)
			if outcomes[i].urgent {
				line = append(line, ",urgent,"...)
			} else {
				line = append(line, ",normal,"...)
			}
			line = appendSlotTime(line, &cal.slots[oc.slot], oc.offset)
			line = append(line, ',')
			if ack >= 0 && oc.at+ack < extract {
				line = cal.appendInstant(line, oc.at+ack)
			}
			line = append(line, ',')
			if respond >= 0 && oc.at+respond < extract {
				line = cal.appendInstant(line, oc.at+respond)
			}
			if outcomes[i].firstContact {
				line = append(line, ",yes\n"...)
			} else {
				line = append(line, ",no\n"...)
			}
			rw.line = line
			rw.writeLine()
		}
		opened = opened[end:]
	}
	return rw.finish()
}

// openCases returns every case's channel and opening time, sorted by time
// and then channel.
func openCases(cal *calendar, r *rand.Rand) []openedCase {
	var opened []openedCase
	offsets := make([]int32, 0, 64)
	for ch := range channelNames {
		factors := cal.dayFactors(r)
		weights := make([]float64, len(cal.slots))
		for i, slot := range cal.slots {
			if !slot.repeated {
				weights[i] = caseHourWeight(cal, slot, channel(ch)) * seasonShape[slot.month] * factors[slot.day]
			}
		}
		for i, n := range allocate(channelCases[ch], weights, r) {
			offsets = drawOffsets(r, n, offsets)
			for _, offset := range offsets {
				opened = append(opened, openedCase{
					at:      cal.slots[i].start + int64(offset),
					slot:    int32(i),
					offset:  offset,
					channel: channel(ch),
				})
			}
		}
	}
	slices.SortStableFunc(opened, func(a, b openedCase) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.channel, b.channel))
	})
	return opened
}

// caseHourWeight returns the relative case volume of a channel in a slot.
// Phone cases follow the calls. Walk-ins come Monday to Friday from 08:00
// to 17:00. Email and web cases arrive around the clock, less at weekends.
func caseHourWeight(cal *calendar, slot hourSlot, ch channel) float64 {
	switch ch {
	case channelPhone:
		if cal.isOpen(slot) {
			return openHourShape[slot.hour] * weekdayShape[slot.weekday]
		}
		return afterHoursWeight
	case channelWalkIn:
		weekday := slot.weekday >= time.Monday && slot.weekday <= time.Friday
		if weekday && slot.hour >= 8 && slot.hour < 17 && !cal.holiday[slot.day] {
			return 1
		}
		return 0
	default:
		w := onlineHourShape[slot.hour]
		if slot.weekday == time.Saturday || slot.weekday == time.Sunday {
			w *= 0.6
		}
		return w
	}
}

// decideCases fixes the outcomes of one month's cases. Priorities are
// drawn first, because the urgent quota depends on how many cases are
// urgent. The quotas make the month's fcr, email_24h and urgent_ack_4h
// land on the profile.
func decideCases(r *rand.Rand, opened []openedCase, p MonthProfile) []caseOutcome {
	outcomes := make([]caseOutcome, len(opened))
	var phones, emails, urgents int
	for i, oc := range opened {
		outcomes[i].urgent = r.Float64() < urgentShare[oc.channel]
		if outcomes[i].urgent {
			urgents++
		}
		switch oc.channel {
		case channelPhone:
			phones++
		case channelEmail:
			emails++
		}
	}

	firstContact := splitPass(phones, p.FCR)
	emailOnTime := splitPass(emails, p.Email24h)
	urgentOnTime := splitPass(urgents, p.UrgentAck4h)
	for i, oc := range opened {
		o := &outcomes[i]
		switch oc.channel {
		case channelPhone:
			o.firstContact = firstContact.draw(r) == 0
		case channelEmail:
			o.emailOK = emailOnTime.draw(r) == 0
			o.firstContact = r.Float64() < firstContactShare[oc.channel]
		default:
			o.firstContact = r.Float64() < firstContactShare[oc.channel]
		}
		if o.urgent {
			o.urgentOK = urgentOnTime.draw(r) == 0
		}

		// Only a case that meets none of its deadlines can have been
		// lost, so losing it changes no quota.
		meetsDeadline := o.emailOK || o.urgentOK || (oc.channel == channelPhone && o.firstContact)
		if !meetsDeadline && r.Float64() < lostCaseShare {
			o.lost = true
			o.firstContact = false
		}
	}
	return outcomes
}

// caseDelays returns the seconds from opening to acknowledgement and to
// response, or -1 and -1 for a lost case. The response never precedes the
// acknowledgement. Delays that land in a repeated wall hour are drawn
// again, up to delayAttempts times, and then moved one hour later.
func caseDelays(r *rand.Rand, cal *calendar, oc openedCase, o caseOutcome) (ack, respond int64) {
	if o.lost {
		return -1, -1
	}
	for range delayAttempts {
		ack, respond = drawCaseDelays(r, oc.channel, o)
		if !cal.inRepeatedHour(oc.at+ack) && !cal.inRepeatedHour(oc.at+respond) {
			return ack, respond
		}
	}
	// Moving an instant one hour later takes it out of the repeated
	// hour, because a year repeats at most one hour.
	if cal.inRepeatedHour(oc.at + ack) {
		ack += hour
	}
	respond = max(respond, ack)
	if cal.inRepeatedHour(oc.at + respond) {
		respond += hour
	}
	return ack, respond
}

func drawCaseDelays(r *rand.Rand, ch channel, o caseOutcome) (ack, respond int64) {
	if ch == channelEmail {
		// The email deadline bounds both delays, so the response comes
		// first. An urgent case acknowledged late must also be
		// responded to late enough to follow its acknowledgement.
		earliest := int64(5 * minute)
		if o.urgent && !o.urgentOK {
			earliest = urgentAckLimit + 1
		}
		if o.emailOK {
			respond = skewedDelay(r, earliest, emailResponseLimit, 2)
		} else {
			respond = skewedDelay(r, emailResponseLimit+1, 7*day, 1.5)
		}
		switch {
		case o.urgent && o.urgentOK:
			ack = min(skewedDelay(r, 2*minute, urgentAckLimit, 1.5), respond)
		case o.urgent:
			ack = skewedDelay(r, urgentAckLimit+1, respond, 2)
		default:
			ack = skewedDelay(r, 0, min(respond, 2*hour), 1)
		}
		return ack, respond
	}

	switch {
	case o.urgent && o.urgentOK:
		ack = skewedDelay(r, 2*minute, urgentAckLimit, 1.5)
	case o.urgent:
		ack = skewedDelay(r, urgentAckLimit+1, 72*hour, 2)
	case ch == channelWeb:
		ack = skewedDelay(r, minute, 24*hour, 1.5)
	default:
		// Phone and walk-in cases are logged during the contact.
		ack = skewedDelay(r, 0, 10*minute, 1)
	}

	inPerson := ch == channelPhone || ch == channelWalkIn
	switch {
	case o.firstContact && inPerson:
		respond = ack + skewedDelay(r, 0, 5*minute, 1)
	case o.urgent:
		respond = ack + skewedDelay(r, 10*minute, 2*day, 2)
	default:
		respond = ack + skewedDelay(r, hour, 5*day, 2)
	}
	return ack, respond
}

// skewedDelay returns a whole number of seconds from low to high
// inclusive. A power above 1 skews the draw toward low.
func skewedDelay(r *rand.Rand, low, high int64, power float64) int64 {
	if high <= low {
		return low
	}
	span := float64(high - low + 1)
	d := low + int64(span*math.Pow(r.Float64(), power))
	return min(d, high)
}
