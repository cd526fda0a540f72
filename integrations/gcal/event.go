package gcal

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

// Event statuses as Google reports them.
const (
	StatusConfirmed = "confirmed"
	StatusTentative = "tentative"
	StatusCancelled = "cancelled"
)

// Event is the part of a Google Calendar event Bancada reads and writes.
// Start, End and Updated are UTC; TimeZone is the IANA zone the event is
// shown in (sent to Google together with the local wall time).
type Event struct {
	ID          string
	Summary     string
	Description string
	Location    string
	Start       time.Time
	End         time.Time
	// AllDay is set on events read from Google that use dates instead of
	// date-times (Start/End are then midnights in TimeZone, End exclusive).
	AllDay   bool
	TimeZone string
	Status   string
	Updated  time.Time
	// Recurring marks a recurring series (or an exception of one); Start/End
	// are then the series' first occurrence, not every instance.
	Recurring bool
	HTMLLink  string
	// Private holds extendedProperties.private (e.g. tenantId, appointmentId).
	Private map[string]string
}

// EventID derives a valid Google event id from seed (e.g. our appointment
// id): lowercase base32hex ([0-9a-v]) of SHA-256(seed), 52 characters. The
// same seed always gives the same id, which makes inserts idempotent.
func EventID(seed string) string {
	sum := sha256.Sum256([]byte("bancada/gcal/event\x00" + seed))
	return strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
}

// ValidEventID reports whether id is acceptable as a client-chosen event id:
// 5 to 1024 characters from base32hex ([a-v0-9]).
func ValidEventID(id string) bool {
	if len(id) < 5 || len(id) > 1024 {
		return false
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		if (ch < '0' || ch > '9') && (ch < 'a' || ch > 'v') {
			return false
		}
	}
	return true
}

// toAPI converts e to the API shape. Only non-empty fields are set, which is
// what Patch needs; times are written as RFC 3339 wall time in e.TimeZone
// (or UTC when TimeZone is empty) plus timeZone.
func (e Event) toAPI() (*calendar.Event, error) {
	loc := time.UTC
	if e.TimeZone != "" {
		l, err := time.LoadLocation(e.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("time zone %q: %w", e.TimeZone, err)
		}
		loc = l
	}
	ev := &calendar.Event{
		Id:          e.ID,
		Summary:     e.Summary,
		Description: e.Description,
		Location:    e.Location,
		Status:      e.Status,
	}
	if !e.Start.IsZero() {
		ev.Start = &calendar.EventDateTime{DateTime: e.Start.In(loc).Format(time.RFC3339), TimeZone: e.TimeZone}
	}
	if !e.End.IsZero() {
		ev.End = &calendar.EventDateTime{DateTime: e.End.In(loc).Format(time.RFC3339), TimeZone: e.TimeZone}
	}
	if len(e.Private) > 0 {
		ev.ExtendedProperties = &calendar.EventExtendedProperties{Private: e.Private}
	}
	return ev, nil
}

// eventFromAPI converts an API event. calTZ is the calendar's zone (from
// an events.list answer), used for all-day dates and dateTimes without
// their own timeZone; "" means UTC. Cancelled events in an incremental sync
// may carry only id and status; missing times stay zero.
func eventFromAPI(ev *calendar.Event, calTZ string) Event {
	out := Event{
		ID:          ev.Id,
		Summary:     ev.Summary,
		Description: ev.Description,
		Location:    ev.Location,
		Status:      ev.Status,
		HTMLLink:    ev.HtmlLink,
		Recurring:   len(ev.Recurrence) > 0 || ev.RecurringEventId != "",
	}
	if ev.Start != nil {
		out.TimeZone = ev.Start.TimeZone
		if out.TimeZone == "" {
			out.TimeZone = calTZ
		}
		out.Start, out.AllDay = parseEventTime(ev.Start, calTZ)
	}
	if ev.End != nil {
		out.End, _ = parseEventTime(ev.End, calTZ)
	}
	if ev.Updated != "" {
		if t, err := time.Parse(time.RFC3339, ev.Updated); err == nil {
			out.Updated = t.UTC()
		}
	}
	if ev.ExtendedProperties != nil && len(ev.ExtendedProperties.Private) > 0 {
		out.Private = make(map[string]string, len(ev.ExtendedProperties.Private))
		for k, v := range ev.ExtendedProperties.Private {
			out.Private[k] = v
		}
	}
	return out
}

func parseEventTime(dt *calendar.EventDateTime, calTZ string) (time.Time, bool) {
	loc := time.UTC
	tz := dt.TimeZone
	if tz == "" {
		tz = calTZ
	}
	if tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	if dt.DateTime != "" {
		if t, err := time.Parse(time.RFC3339, dt.DateTime); err == nil {
			return t.UTC(), false
		}
		// Without an offset the wall time is in timeZone.
		if t, err := time.ParseInLocation("2006-01-02T15:04:05", dt.DateTime, loc); err == nil {
			return t.UTC(), false
		}
		return time.Time{}, false
	}
	if dt.Date != "" {
		if t, err := time.ParseInLocation(time.DateOnly, dt.Date, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
