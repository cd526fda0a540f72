package asaas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a civil date (no time, no zone) as Asaas uses for due dates,
// payment dates and subscription dates. The zero Date means "absent" and is
// marshalled as null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateLayouts are the date shapes Asaas sends: ISO dates, the dd/MM/yyyy of
// SUBSCRIPTION_* webhooks before 2026-02-02, and date-times.
var dateLayouts = []string{
	"2006-01-02",
	"02/01/2006",
	"2006-01-02 15:04:05",
	time.RFC3339,
}

// NewDate returns the civil date year-month-day, normalised like time.Date
// (e.g. February 30 becomes March 2).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses "2006-01-02", "02/01/2006" or "2006-01-02 15:04:05" (the
// time part is dropped). An empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateOf(t), nil
		}
	}
	return Date{}, fmt.Errorf("asaas: invalid date %q", s)
}

// MustParseDate is ParseDate for literals in tests and fixtures; it panics on
// a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero (absent) date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as "2006-01-02", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight of d in loc (UTC when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time(nil).AddDate(0, 0, n)) }

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Time(nil).Before(o.Time(nil)) }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Time(nil).After(o.Time(nil)) }

// MarshalJSON writes "2006-01-02", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts null, "" and every layout ParseDate accepts.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("asaas: date: %w", err)
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// MarshalText implements encoding.TextMarshaler ("2006-01-02").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// brazilOffset is Brasília time (UTC−3, no daylight saving since 2019). A
// fixed zone avoids depending on the host's tz database.
var brazilOffset = time.FixedZone("BRT", -3*60*60)

// ParseDateTime parses an Asaas date-time without zone ("2024-06-12
// 16:45:03", e.g. a webhook's dateCreated) as Brasília local time and
// returns it in UTC.
func ParseDateTime(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", strings.TrimSpace(s), brazilOffset)
	if err != nil {
		return time.Time{}, fmt.Errorf("asaas: invalid date-time %q: %w", s, err)
	}
	return t.UTC(), nil
}
