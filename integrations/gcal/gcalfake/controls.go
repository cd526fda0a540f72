package gcalfake

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/api/calendar/v3"
)

// MoveEvent changes an event's times as if the shop owner dragged it in
// Google Calendar: the wall times are kept in the event's time zone, the
// sync state advances, and every channel watching the calendar is notified
// ("exists") before MoveEvent returns.
func (s *Server) MoveEvent(calendarID, eventID string, start, end time.Time) error {
	s.mu.Lock()
	c, ok := s.calendarLocked(calendarID)
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("gcalfake: move event: unknown calendar %s", calendarID)
	}
	e, ok := c.events[eventID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("gcalfake: move event: unknown event %s", eventID)
	}
	next := &storedEvent{ev: cloneEvent(e.ev), seq: e.seq}
	next.ev.Start.Date, next.ev.End.Date = "", ""
	next.ev.Start.DateTime = start.UTC().Format(time.RFC3339)
	next.ev.End.DateTime = end.UTC().Format(time.RFC3339)
	if err := setTimes(next, c.timeZone); err != nil {
		s.mu.Unlock()
		return fmt.Errorf("gcalfake: move event: %w", err)
	}
	*e = *next
	s.bumpLocked(e)
	pushes := s.changedLocked(c.id)
	s.mu.Unlock()
	s.deliver(context.Background(), pushes)
	return nil
}

// DeleteEventExternally deletes an event as if the shop owner did it in
// Google Calendar: it becomes "cancelled", the sync state advances and
// watching channels are notified before it returns.
func (s *Server) DeleteEventExternally(calendarID, eventID string) error {
	s.mu.Lock()
	c, ok := s.calendarLocked(calendarID)
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("gcalfake: delete event: unknown calendar %s", calendarID)
	}
	e, ok := c.events[eventID]
	if !ok || e.ev.Status == "cancelled" {
		s.mu.Unlock()
		return fmt.Errorf("gcalfake: delete event: no live event %s", eventID)
	}
	e.ev.Status = "cancelled"
	s.bumpLocked(e)
	pushes := s.changedLocked(c.id)
	s.mu.Unlock()
	s.deliver(context.Background(), pushes)
	return nil
}

// CreateEventExternally adds an event as if the shop owner created it in
// Google Calendar (any valid event: all-day, recurring, transparent…). An
// empty Id gets a random one. Watching channels are notified before it
// returns.
func (s *Server) CreateEventExternally(calendarID string, ev *calendar.Event) (*calendar.Event, error) {
	s.mu.Lock()
	c, ok := s.calendarLocked(calendarID)
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("gcalfake: create event: unknown calendar %s", calendarID)
	}
	e := &storedEvent{ev: cloneEvent(ev)}
	if e.ev.Id == "" {
		e.ev.Id = randomID(26)
	}
	if _, dup := c.events[e.ev.Id]; dup || !validEventID(e.ev.Id) {
		s.mu.Unlock()
		return nil, fmt.Errorf("gcalfake: create event: id %q invalid or taken", e.ev.Id)
	}
	if err := setTimes(e, c.timeZone); err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("gcalfake: create event: %w", err)
	}
	if e.ev.Status == "" {
		e.ev.Status = "confirmed"
	}
	e.ev.Kind = "calendar#event"
	e.ev.Created = formatTime(s.now())
	e.ev.Sequence = -1
	c.events[e.ev.Id] = e
	s.bumpLocked(e)
	out := cloneEvent(e.ev)
	pushes := s.changedLocked(c.id)
	s.mu.Unlock()
	s.deliver(context.Background(), pushes)
	return out, nil
}
