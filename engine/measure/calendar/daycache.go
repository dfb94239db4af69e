package calendar

import "bytes"

// DayCache parses timestamps like Zone.ParseTimestamp, faster when
// consecutive timestamps fall on the same day, as sorted records do. It
// keeps the date of the last timestamp without a suffix and the instant of
// that day's local midnight, and for a timestamp on the same day reads
// only the time of day. Only days whose offset the zone's table marks as
// holding all day are kept, so the shortcut never crosses a transition.
// A DayCache is not safe for concurrent use; give each goroutine its own.
type DayCache struct {
	z    *Zone
	date [10]byte
	// midnight is the Unix second of the cached day's local midnight, or
	// valid is false when no day is cached.
	midnight int64
	valid    bool
}

// NewDayCache returns a DayCache for z.
func (z *Zone) NewDayCache() *DayCache { return &DayCache{z: z} }

// ParseTimestamp returns the same result as Zone.ParseTimestamp.
func (c *DayCache) ParseTimestamp(b []byte) (Instant, error) {
	if len(b) == 19 && c.valid && (b[10] == 'T' || b[10] == ' ') && b[13] == ':' && b[16] == ':' && bytes.Equal(b[:10], c.date[:]) {
		hour, ok1 := digits2(b, 11)
		minute, ok2 := digits2(b, 14)
		sec, ok3 := digits2(b, 17)
		if ok1 && ok2 && ok3 && hour <= 23 && minute <= 59 && sec <= 59 {
			if t, ok := fromUnixChecked(c.midnight+hour*3600+minute*60+sec, 0); ok {
				return t, nil
			}
		}
	}

	t, err := c.z.ParseTimestamp(b)
	if err != nil || len(b) != 19 {
		return t, err
	}
	year, _ := digits4(b, 0)
	month, _ := digits2(b, 5)
	day, _ := digits2(b, 8)
	days := daysFromCivil(year, month, day)
	if off, ok := c.z.dayOffset(days); ok {
		copy(c.date[:], b[:10])
		c.midnight = days*secondsPerDay - off
		c.valid = true
	}
	return t, nil
}
