// Package gen generates one calendar year of synthetic raw records for a
// city's 311 contact centre, the kind of extract from which the Springfield
// concession's monthly service levels are computed. It writes four CSV
// files: calls.csv, cases.csv, surveys.csv and outages.csv.
//
// Usage, through the command that wraps this package:
//
//	go run ./cmd/pacta-gen --out DIR [--year 2026] [--seed 1] [--calls N] [--only calls,cases,surveys,outages]
//
// With the default flags, calls.csv has 90,000 rows, cases.csv 30,000
// (12,000 of them email, about 1,500 urgent), surveys.csv 9,000 and
// outages.csv 38. Calls fall mostly in opening hours, Monday to Saturday
// from 07:00 to 21:00, and relief = 1 marks the calls of four declared
// relief days.
//
// The design has four parts.
//
// Determinism: each file is written from its own PCG stream (math/rand/v2),
// seeded from Config.Seed and a constant per file. A file therefore depends
// only on the year, the seed and the profile, and calls.csv also on the call
// count. The same Config always gives byte-identical files. Nothing reads
// the clock or iterates over a map.
//
// Timing: events are first spread over the hours of the year. Each hour
// gets a weight from its weekday, hour of day, holidays, the month's season
// and a random factor per day. A file's total is split over the hours in
// proportion to those weights by systematic sampling, so totals are exact
// and each hour gets the floor or the ceiling of its share. Within an hour, offsets are uniform and sorted, so every file
// comes out sorted by its first timestamp.
//
// Quality: a MonthProfile sets each month's target for the six measures.
// Per month, the number of records that meet a measure is fixed in advance
// at the target times the number of eligible records. That count is
// rounded to the nearest one whose share lies in the same band of 5
// percentage points as the target. The records that get each outcome are then drawn by
// sequential selection sampling, which is Knuth's algorithm S extended to
// several labels. The monthly figures thus land on the profile up to
// rounding, and in the same Springfield tier, while the outcomes are spread
// at random through the month. Cases opened shortly before the extract time
// are the exception (see ExtractTime). Web downtime is rounded down to whole
// minutes, so uptime is never below its target.
//
// Time zone: instants are generated first and written as wall times in
// America/Los_Angeles without a zone suffix, so no written time is one that
// does not exist. When daylight saving time ends, the wall hour from 01:00
// to 02:00 occurs twice. A written time in that hour stands for its first
// occurrence, which is what time.ParseInLocation returns. No record holds
// an instant from the second occurrence.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Zone is the IANA time zone of every written wall time.
const Zone = "America/Los_Angeles"

// TimeLayout is the format of every written timestamp: local wall time in
// Zone without a zone suffix.
const TimeLayout = "2006-01-02T15:04:05"

// Default record counts for a city of about 120,000 contacts a year.
// DefaultCalls is only the default of Config.Calls. The case and survey
// totals are fixed.
const (
	DefaultCalls   = 90_000
	DefaultYear    = 2026
	DefaultSeed    = 1
	totalCases     = 30_000
	totalSurveys   = 9_000
	minYear        = 1970
	maxYear        = 9999
	writeBufferLen = 1 << 20
)

// Per-file constants that, with Config.Seed, seed each file's PCG stream.
// They keep the files independent, so --only gives the same bytes as a
// full run.
const (
	streamCalls   = 0x63616c6c73 // "calls"
	streamCases   = 0x6361736573 // "cases"
	streamSurveys = 0x7375727665 // "surve"
	streamOutages = 0x6f75746167 // "outag"
)

// Config selects what to generate.
type Config struct {
	// Year is the calendar year of the extract, from 1970 to 9999.
	Year int
	// Seed seeds the random streams.
	Seed uint64
	// Calls is the number of rows in calls.csv, spread over the year.
	Calls int
	// Profile is the quality profile, January first.
	Profile [12]MonthProfile
}

// DefaultConfig returns the configuration that pacta-gen uses without
// flags: year 2026, seed 1, DefaultCalls calls and SpringfieldProfile.
func DefaultConfig() Config {
	return Config{
		Year:    DefaultYear,
		Seed:    DefaultSeed,
		Calls:   DefaultCalls,
		Profile: SpringfieldProfile(),
	}
}

// Validate returns an error naming the first invalid field of c.
func (c Config) Validate() error {
	if c.Year < minYear || c.Year > maxYear {
		return fmt.Errorf("invalid year %d: want %d to %d", c.Year, minYear, maxYear)
	}
	if c.Calls < 0 {
		return fmt.Errorf("invalid call count %d: want 0 or more", c.Calls)
	}
	for i, p := range c.Profile {
		if err := p.validate(); err != nil {
			return fmt.Errorf("invalid profile for month %d: %w", i+1, err)
		}
	}
	return nil
}

// ExtractTime returns the instant at which the extract for year is taken:
// local midnight at the start of the next year. Every timestamp in the
// files is earlier. A case acknowledged or responded to later has an empty
// acknowledged_at or responded_at, and a web outage open at this instant
// has an empty ended_at. Consumers use this instant to tell a case that is
// still within its deadline from one that has missed it.
func ExtractTime(year int) (time.Time, error) {
	loc, err := loadZone()
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(year+1, time.January, 1, 0, 0, 0, 0, loc), nil
}

// Dataset is one of the four files.
type Dataset struct {
	// Name is the name that --only accepts, such as "calls".
	Name string
	// File is the file name, such as "calls.csv".
	File string
	// Write writes the header and every row to w and returns the number of
	// rows, not counting the header.
	Write func(w io.Writer, c Config) (rows int, err error)
}

// Datasets returns the four files in the order pacta-gen writes them.
func Datasets() []Dataset {
	return []Dataset{
		{Name: "calls", File: "calls.csv", Write: WriteCalls},
		{Name: "cases", File: "cases.csv", Write: WriteCases},
		{Name: "surveys", File: "surveys.csv", Write: WriteSurveys},
		{Name: "outages", File: "outages.csv", Write: WriteOutages},
	}
}

// loadZone loads Zone from the system's time zone database, or from the
// copy embedded by a program that imports time/tzdata.
func loadZone() (*time.Location, error) {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return nil, fmt.Errorf("load time zone %s: %w (install the tzdata package or import time/tzdata)", Zone, err)
	}
	return loc, nil
}

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// prepare validates c and builds its calendar, the common start of every
// Write function.
func prepare(c Config) (*calendar, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	loc, err := loadZone()
	if err != nil {
		return nil, err
	}
	return newCalendar(c.Year, loc), nil
}

// rowWriter buffers output and keeps the first write error, so the
// generators can append rows without checking each one.
type rowWriter struct {
	out  *bufio.Writer
	line []byte
	rows int
	err  error
}

func newRowWriter(w io.Writer, header string) *rowWriter {
	rw := &rowWriter{out: bufio.NewWriterSize(w, writeBufferLen), line: make([]byte, 0, 256)}
	_, rw.err = rw.out.WriteString(header + "\n")
	return rw
}

// writeLine writes rw.line, which must end with a newline, as one row.
func (rw *rowWriter) writeLine() {
	if rw.err != nil {
		return
	}
	_, rw.err = rw.out.Write(rw.line)
	rw.rows++
}

func (rw *rowWriter) finish() (int, error) {
	if rw.err == nil {
		rw.err = rw.out.Flush()
	}
	if rw.err != nil {
		return rw.rows, rw.err
	}
	return rw.rows, nil
}
