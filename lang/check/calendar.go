package check

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zones must load on machines without a zoneinfo database

	"github.com/pacta-dev/pacta/lang/syntax"
)

var weekdays = map[string]time.Weekday{
	"Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday, "Sunday": time.Sunday,
}

var weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// calendar checks the time zone, business hours and holidays of the
// contract header.
func (ck *checker) calendar(hdr *syntax.ContractDecl) {
	ck.c.Calendar.Zone = "UTC"
	if z := hdr.Zone; z != nil {
		if _, err := time.LoadLocation(z.Name); err != nil || z.Name == "" || z.Name == "Local" {
			ck.errorf(z, "unknown time zone %q", z.Name).Hint = "write an IANA time zone name such as America/Los_Angeles, Europe/London or UTC"
		} else {
			ck.c.Calendar.Zone = z.Name
		}
	}
	if b := hdr.Business; b != nil {
		ck.businessDeclared = true
		ck.c.Calendar.Business = ck.businessHours(b)
	}
	for _, h := range hdr.Holidays {
		if h.File != nil {
			ck.c.Calendar.HolidayFiles = append(ck.c.Calendar.HolidayFiles, h.File)
			continue
		}
		for _, d := range h.Dates {
			if date, err := ParseDate(d.Text); err != nil {
				ck.errorf(d, "%v", err)
			} else {
				ck.c.Calendar.Holidays = append(ck.c.Calendar.Holidays, date)
			}
		}
	}
}

func (ck *checker) businessHours(b *syntax.BusinessHours) *BusinessHours {
	var days []time.Weekday
	ok := true
	day := func(id *syntax.Ident) (time.Weekday, bool) {
		w, found := weekdays[id.Name]
		if !found {
			d := ck.errorf(id, "unknown day %q", id.Name)
			d.Hint = ck.suggest(id.Name, weekdayNames)
			if d.Hint == "" {
				d.Hint = "write a day of the week in English, such as Monday"
			}
		}
		return w, found
	}

	if b.Last != nil {
		first, ok1 := day(b.Days[0])
		last, ok2 := day(b.Last)
		ok = ok1 && ok2
		for w := first; ok; w = (w + 1) % 7 {
			days = append(days, w)
			if w == last {
				break
			}
		}
	} else {
		for _, id := range b.Days {
			w, found := day(id)
			ok = ok && found
			days = append(days, w)
		}
	}

	open, okOpen := ck.clock(b.Open)
	closing, okClose := ck.clock(b.Close)
	if okOpen && okClose && closing <= open {
		ck.errorf(b.Close, "business hours close at %s:%s, not after they open at %s:%s", b.Close.Hour, b.Close.Minute, b.Open.Hour, b.Open.Minute).Hint =
			"write the opening time first, as in 08:00 to 18:00; use 24:00 for midnight"
		ok = false
	}
	if !ok || !okOpen || !okClose {
		return nil
	}
	text := fmt.Sprintf("%s %s:%s to %s:%s", dayText(b), b.Open.Hour, b.Open.Minute, b.Close.Hour, b.Close.Minute)
	return &BusinessHours{Days: days, Open: open, Close: closing, Text: text}
}

func dayText(b *syntax.BusinessHours) string {
	if b.Last != nil {
		return b.Days[0].Name + " to " + b.Last.Name
	}
	var names []string
	for _, d := range b.Days {
		names = append(names, d.Name)
	}
	return strings.Join(names, ", ")
}

// clock returns a time of day in minutes after midnight. 24:00 is allowed
// as a closing time.
func (ck *checker) clock(c *syntax.Clock) (int, bool) {
	h, err1 := strconv.Atoi(c.Hour)
	m, err2 := strconv.Atoi(c.Minute)
	if err1 != nil || err2 != nil || len(c.Minute) != 2 || h > 24 || m > 59 || (h == 24 && m != 0) {
		ck.errorf(c, "invalid time of day %s:%s", c.Hour, c.Minute).Hint = "write HH:MM on a 24-hour clock, such as 08:00 or 18:30"
		return 0, false
	}
	return h*60 + m, true
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: write it as YYYY-MM-DD, such as 2026-01-19", s)
	}
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, nil
}
