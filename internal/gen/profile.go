package gen

import "fmt"

// MonthProfile is one month's service quality and the events that shape
// its records. Targets are fractions from 0 to 1, such as 0.85 for 85%.
type MonthProfile struct {
	// CSAT is the share of survey responses with csat 4 or 5.
	CSAT float64
	// FCR is the share of phone cases resolved at first contact.
	FCR float64
	// WebUptime is the share of the month's minutes outside unplanned
	// outages of the web service.
	WebUptime float64
	// Answered45 is the share of answered calls, plus calls abandoned
	// after more than 30 s, that were answered within 45 s of waiting net
	// of hold messages. Calls on relief days are excluded.
	Answered45 float64
	// UrgentAck4h is the share of urgent cases acknowledged within 4 h.
	UrgentAck4h float64
	// Email24h is the share of email cases responded to within 24 h.
	Email24h float64

	// CallLogLost keeps only 80 of the month's calls in calls.csv, fewer
	// than the 100 calls a month needs for calls_answered_45s to be
	// assessed.
	CallLogLost bool
	// PlannedMaintenance adds a planned web maintenance window of 4 hours
	// from 22:00 on the month's second Tuesday.
	PlannedMaintenance bool
	// MaintenanceOverrun starts one unplanned web outage 15 minutes
	// before the planned window ends. It requires PlannedMaintenance.
	MaintenanceOverrun bool
	// OutageIntoNextMonth adds an unplanned web outage that spans the
	// midnight at the end of the month. It is ignored in December,
	// because the extract ends there.
	OutageIntoNextMonth bool
	// PhoneOutage adds an unplanned outage of the phone service, which
	// does not count against web uptime.
	PhoneOutage bool
}

// SpringfieldProfile returns the quality profile behind
// testdata/springfield/periods.csv: the same monthly figures, so that
// records generated with it reproduce those periods. May has no
// calls_answered_45s figure there, so its call log is lost. June and July
// are the bad months for calls, urgent cases and email. April to July are
// the outage-heavy months.
func SpringfieldProfile() [12]MonthProfile {
	return [12]MonthProfile{
		{CSAT: 0.850, FCR: 0.782, WebUptime: 0.9990, Answered45: 0.815, UrgentAck4h: 0.960, Email24h: 0.971},
		{CSAT: 0.849, FCR: 0.760, WebUptime: 0.9995, Answered45: 0.820, UrgentAck4h: 0.955, Email24h: 0.960,
			PlannedMaintenance: true, PhoneOutage: true},
		{CSAT: 0.830, FCR: 0.649, WebUptime: 0.9992, Answered45: 0.800, UrgentAck4h: 0.950, Email24h: 0.950},
		{CSAT: 0.860, FCR: 0.600, WebUptime: 0.9850, Answered45: 0.831, UrgentAck4h: 0.972, Email24h: 0.964},
		{CSAT: 0.864, FCR: 0.660, WebUptime: 0.9890, Answered45: 0.800, UrgentAck4h: 0.960, Email24h: 0.958,
			CallLogLost: true, PlannedMaintenance: true, MaintenanceOverrun: true},
		{CSAT: 0.700, FCR: 0.600, WebUptime: 0.9800, Answered45: 0.650, UrgentAck4h: 0.800, Email24h: 0.800,
			OutageIntoNextMonth: true, PhoneOutage: true},
		{CSAT: 0.725, FCR: 0.610, WebUptime: 0.9750, Answered45: 0.660, UrgentAck4h: 0.820, Email24h: 0.810},
		{CSAT: 0.870, FCR: 0.770, WebUptime: 0.9995, Answered45: 0.840, UrgentAck4h: 0.960, Email24h: 0.900,
			PlannedMaintenance: true},
		{CSAT: 0.7499, FCR: 0.780, WebUptime: 0.9996, Answered45: 0.830, UrgentAck4h: 0.965, Email24h: 0.960,
			PhoneOutage: true},
		{CSAT: 0.7500, FCR: 0.765, WebUptime: 0.9997, Answered45: 0.825, UrgentAck4h: 0.951, Email24h: 0.955},
		{CSAT: 0.855, FCR: 0.750, WebUptime: 0.9991, Answered45: 0.810, UrgentAck4h: 0.849, Email24h: 0.962,
			PlannedMaintenance: true},
		{CSAT: 0.861, FCR: 0.751, WebUptime: 0.9993, Answered45: 0.805, UrgentAck4h: 0.840, Email24h: 0.959,
			PhoneOutage: true},
	}
}

func (p MonthProfile) validate() error {
	targets := []struct {
		name  string
		value float64
	}{
		{"csat", p.CSAT},
		{"fcr", p.FCR},
		{"web_uptime", p.WebUptime},
		{"calls_answered_45s", p.Answered45},
		{"urgent_ack_4h", p.UrgentAck4h},
		{"email_24h", p.Email24h},
	}
	for _, t := range targets {
		// The negated form also rejects NaN.
		if !(t.value >= 0 && t.value <= 1) {
			return fmt.Errorf("%s target %v is outside 0 to 1", t.name, t.value)
		}
	}
	if p.MaintenanceOverrun && !p.PlannedMaintenance {
		return fmt.Errorf("MaintenanceOverrun is set without PlannedMaintenance")
	}
	return nil
}
