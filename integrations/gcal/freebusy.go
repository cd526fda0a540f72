package gcal

import (
	"context"
	"fmt"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

// MaxFreeBusyCalendars is the most calendars one freeBusy query accepts.
const MaxFreeBusyCalendars = 50

// Period is a busy interval, UTC, End exclusive.
type Period struct {
	Start time.Time
	End   time.Time
}

// FreeBusy returns the busy periods of each calendar between from and to.
// A calendar Google reports an error for (not found, no access) fails the
// whole call: treating it as free would offer slots that are taken.
func (c *Calendar) FreeBusy(ctx context.Context, calendarIDs []string, from, to time.Time) (map[string][]Period, error) {
	if len(calendarIDs) == 0 {
		return map[string][]Period{}, nil
	}
	if len(calendarIDs) > MaxFreeBusyCalendars {
		return nil, fmt.Errorf("gcal: free/busy: %d calendars, at most %d per query", len(calendarIDs), MaxFreeBusyCalendars)
	}
	if !to.After(from) {
		return nil, fmt.Errorf("gcal: free/busy: empty time range %s..%s", from, to)
	}
	req := &calendar.FreeBusyRequest{
		TimeMin:  from.UTC().Format(time.RFC3339),
		TimeMax:  to.UTC().Format(time.RFC3339),
		TimeZone: "UTC",
	}
	for _, id := range calendarIDs {
		req.Items = append(req.Items, &calendar.FreeBusyRequestItem{Id: id})
	}
	resp, err := c.svc.Freebusy.Query(req).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("gcal: free/busy: %w", err)
	}
	out := make(map[string][]Period, len(calendarIDs))
	for _, id := range calendarIDs {
		cal, ok := resp.Calendars[id]
		if !ok {
			return nil, fmt.Errorf("gcal: free/busy: calendar %s missing from the answer", id)
		}
		if len(cal.Errors) > 0 {
			reasons := make([]string, 0, len(cal.Errors))
			for _, e := range cal.Errors {
				reasons = append(reasons, e.Reason)
			}
			return nil, fmt.Errorf("gcal: free/busy: calendar %s: %s", id, strings.Join(reasons, ", "))
		}
		periods := make([]Period, 0, len(cal.Busy))
		for _, b := range cal.Busy {
			s, err1 := time.Parse(time.RFC3339, b.Start)
			e, err2 := time.Parse(time.RFC3339, b.End)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("gcal: free/busy: calendar %s: bad period %q..%q", id, b.Start, b.End)
			}
			periods = append(periods, Period{Start: s.UTC(), End: e.UTC()})
		}
		out[id] = periods
	}
	return out, nil
}
