package gcalfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

type fakeCalendar struct {
	id         string
	summary    string
	timeZone   string
	accessRole string
	primary    bool
	resourceID string // of the events collection, reported by watch
	events     map[string]*storedEvent
	busy       []period // AddBusy blocks that are not events
}

type storedEvent struct {
	ev         *calendar.Event
	seq        int64 // value of Server.seq at the last change
	start, end time.Time
	allDay     bool
}

type period struct{ start, end time.Time }

// validEventID checks Google's rule for client-chosen ids: 5-1024
// characters of base32hex ([a-v0-9]).
func validEventID(id string) bool {
	if len(id) < 5 || len(id) > 1024 {
		return false
	}
	return strings.Trim(id, "0123456789abcdefghijklmnopqrstuv") == ""
}

// addCalendarLocked registers a calendar; s.mu must be held (or s unshared).
func (s *Server) addCalendarLocked(id, summary, tz, role string, primary bool) *fakeCalendar {
	if c, ok := s.calendars[id]; ok {
		return c
	}
	c := &fakeCalendar{
		id: id, summary: summary, timeZone: tz, accessRole: role, primary: primary,
		resourceID: randomID(27), events: map[string]*storedEvent{},
	}
	s.calendars[id] = c
	s.calendarOrder = append(s.calendarOrder, id)
	return c
}

// AddCalendar adds a secondary calendar to the user's calendar list.
// accessRole is owner, writer, reader or freeBusyReader.
func (s *Server) AddCalendar(id, summary, timeZone, accessRole string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addCalendarLocked(id, summary, timeZone, accessRole, false)
}

// calendarLocked resolves "primary" and looks a calendar up.
func (s *Server) calendarLocked(id string) (*fakeCalendar, bool) {
	if id == "primary" {
		id = s.opts.UserEmail
	}
	c, ok := s.calendars[id]
	return c, ok
}

// bumpLocked records a change to e, advancing the sync sequence.
func (s *Server) bumpLocked(e *storedEvent) {
	s.seq++
	e.seq = s.seq
	e.ev.Updated = formatTime(s.now())
	e.ev.Etag = fmt.Sprintf(`"%d"`, 3000000000000000+s.seq)
	e.ev.Sequence++
}

// Events returns copies of every event of calendarID (cancelled ones
// included), ordered by start time.
func (s *Server) Events(calendarID string) []*calendar.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calendarLocked(calendarID)
	if !ok {
		return nil
	}
	list := sortedEvents(c)
	out := make([]*calendar.Event, len(list))
	for i, e := range list {
		out[i] = cloneEvent(e.ev)
	}
	return out
}

func sortedEvents(c *fakeCalendar) []*storedEvent {
	list := make([]*storedEvent, 0, len(c.events))
	for _, e := range c.events {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].start.Equal(list[j].start) {
			return list[i].start.Before(list[j].start)
		}
		return list[i].ev.Id < list[j].ev.Id
	})
	return list
}

func cloneEvent(ev *calendar.Event) *calendar.Event {
	raw, _ := json.Marshal(ev)
	var out calendar.Event
	_ = json.Unmarshal(raw, &out)
	return &out
}

// errBadRequest carries a 400 reason and message to the handler.
type errBadRequest struct{ reason, message string }

func (e *errBadRequest) Error() string { return e.message }

func badRequest(reason, format string, args ...any) error {
	return &errBadRequest{reason: reason, message: fmt.Sprintf(format, args...)}
}

// setTimes validates ev.Start/ev.End, normalises dateTime to carry
// the offset of its timeZone (as Google answers) and caches the instants.
func setTimes(e *storedEvent, calTZ string) error {
	if e.ev.Start == nil {
		return badRequest("required", "Missing start time.")
	}
	if e.ev.End == nil {
		return badRequest("required", "Missing end time.")
	}
	start, allDayS, err := normaliseTime(e.ev.Start, calTZ, "start")
	if err != nil {
		return err
	}
	end, allDayE, err := normaliseTime(e.ev.End, calTZ, "end")
	if err != nil {
		return err
	}
	if allDayS != allDayE {
		return badRequest("invalid", "Start and end times must either both be date or both be dateTime.")
	}
	if !end.After(start) {
		return badRequest("timeRangeEmpty", "The specified time range is empty.")
	}
	e.start, e.end, e.allDay = start, end, allDayS
	return nil
}

func normaliseTime(dt *calendar.EventDateTime, calTZ, which string) (time.Time, bool, error) {
	loc := time.UTC
	tzName := dt.TimeZone
	if tzName == "" {
		tzName = calTZ
	}
	if tzName != "" {
		l, err := time.LoadLocation(tzName)
		if err != nil {
			return time.Time{}, false, badRequest("invalid", "Invalid time zone definition for %s time.", which)
		}
		loc = l
	}
	switch {
	case dt.DateTime != "":
		t, err := time.Parse(time.RFC3339, dt.DateTime)
		if err != nil {
			if dt.TimeZone == "" {
				return time.Time{}, false, badRequest("required", "Missing time zone definition for %s time.", which)
			}
			t, err = time.ParseInLocation("2006-01-02T15:04:05", dt.DateTime, loc)
			if err != nil {
				return time.Time{}, false, badRequest("invalid", "Invalid %s time.", which)
			}
		}
		if dt.TimeZone != "" {
			dt.DateTime = t.In(loc).Format(time.RFC3339)
		}
		return t.UTC(), false, nil
	case dt.Date != "":
		t, err := time.ParseInLocation(time.DateOnly, dt.Date, loc)
		if err != nil {
			return time.Time{}, false, badRequest("invalid", "Invalid %s date.", which)
		}
		return t.UTC(), true, nil
	}
	return time.Time{}, false, badRequest("required", "Missing %s time.", which)
}

func asBadRequest(err error) (*errBadRequest, bool) {
	var br *errBadRequest
	ok := errors.As(err, &br)
	return br, ok
}
