package calendar

import (
	"testing"
)

// FuzzParseTimestamp checks that ParseTimestamp never panics and that
// every timestamp it accepts formats to a string that parses back to the
// same instant, in a zone with daylight saving time and in UTC.
func FuzzParseTimestamp(f *testing.F) {
	for _, seed := range []string{
		"2026-01-05T08:31",
		"2026-01-05T08:31:12",
		"2026-01-05 08:31:12.123456789",
		"2026-01-05T08:31:12Z",
		"2026-01-05T08:31:12+05:30",
		"2026-01-05T08:31:12-0800",
		"2026-01-05T08:31:12-07:52:58",
		"2026-03-08T02:30",
		"2026-11-01T01:30",
		"2024-02-29T23:59:59.999999999",
		"1677-09-21T00:12:43.145224192Z",
		"2262-04-11T23:47:16.854775807Z",
		"1850-06-01T12:00",
		"2250-06-01T12:00",
		"2026-13-01T00:00",
		"",
	} {
		f.Add([]byte(seed))
	}
	zones := []*Zone{mustZone(f, "America/Los_Angeles"), mustZone(f, "UTC"), mustZone(f, "Australia/Lord_Howe")}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, z := range zones {
			parsed, err := z.ParseTimestamp(b)
			if err != nil {
				if _, ok := err.(*ParseError); !ok {
					t.Fatalf("%s: ParseTimestamp(%q) error is a %T: %v", z.Name(), b, err, err)
				}
				continue
			}
			formatted := z.Format(parsed)
			again, err := z.ParseTimestamp([]byte(formatted))
			if err != nil {
				t.Fatalf("%s: ParseTimestamp(%q) = %s, which does not parse: %v", z.Name(), b, formatted, err)
			}
			if again != parsed {
				t.Fatalf("%s: ParseTimestamp(%q) = %d, formats as %s, parses back as %d", z.Name(), b, parsed, formatted, again)
			}
		}
	})
}
