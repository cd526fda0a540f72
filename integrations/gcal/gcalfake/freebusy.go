package gcalfake

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"

	"google.golang.org/api/calendar/v3"
)

// AddBusy adds a busy block to calendarID's free/busy that is not an event
// (e.g. another calendar's event merged in by Google).
func (s *Server) AddBusy(calendarID string, start, end time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.calendarLocked(calendarID); ok {
		c.busy = append(c.busy, period{start: start.UTC(), end: end.UTC()})
	}
}

// handleFreeBusy serves freebusy.query: for each requested calendar the
// merged busy periods (non-cancelled, opaque events and AddBusy blocks)
// clipped to [timeMin, timeMax), or a notFound error entry.
func (s *Server) handleFreeBusy(w http.ResponseWriter, r *http.Request) {
	var req calendar.FreeBusyRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
		return
	}
	from, err1 := time.Parse(time.RFC3339, req.TimeMin)
	to, err2 := time.Parse(time.RFC3339, req.TimeMax)
	switch {
	case req.TimeMin == "" || req.TimeMax == "":
		writeError(w, http.StatusBadRequest, "required", "Missing timeMin or timeMax.")
		return
	case err1 != nil || err2 != nil:
		writeError(w, http.StatusBadRequest, "invalid", "Invalid time value.")
		return
	case !to.After(from):
		writeError(w, http.StatusBadRequest, "timeRangeEmpty", "The specified time range is empty.")
		return
	case len(req.Items) > 50:
		writeError(w, http.StatusBadRequest, "tooManyCalendarsRequested", "Too many calendars requested.")
		return
	}
	resp := &calendar.FreeBusyResponse{
		Kind: "calendar#freeBusy", TimeMin: from.UTC().Format(time.RFC3339), TimeMax: to.UTC().Format(time.RFC3339),
		Calendars: map[string]calendar.FreeBusyCalendar{},
	}
	s.mu.Lock()
	for _, item := range req.Items {
		c, ok := s.calendarLocked(item.Id)
		if !ok {
			resp.Calendars[item.Id] = calendar.FreeBusyCalendar{
				Busy:   []*calendar.TimePeriod{},
				Errors: []*calendar.Error{{Domain: "global", Reason: "notFound"}},
			}
			continue
		}
		var blocks []period
		for _, e := range c.events {
			if e.ev.Status == "cancelled" || e.ev.Transparency == "transparent" {
				continue
			}
			blocks = append(blocks, period{start: e.start, end: e.end})
		}
		blocks = append(blocks, c.busy...)
		busy := []*calendar.TimePeriod{}
		for _, p := range mergePeriods(blocks, from, to) {
			busy = append(busy, &calendar.TimePeriod{Start: p.start.Format(time.RFC3339), End: p.end.Format(time.RFC3339)})
		}
		resp.Calendars[item.Id] = calendar.FreeBusyCalendar{Busy: busy}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

// mergePeriods clips blocks to [from, to) and merges overlapping or
// touching ones, sorted by start, in UTC.
func mergePeriods(blocks []period, from, to time.Time) []period {
	var clipped []period
	for _, b := range blocks {
		s, e := b.start, b.end
		if s.Before(from) {
			s = from
		}
		if e.After(to) {
			e = to
		}
		if e.After(s) {
			clipped = append(clipped, period{start: s.UTC(), end: e.UTC()})
		}
	}
	sort.Slice(clipped, func(i, j int) bool { return clipped[i].start.Before(clipped[j].start) })
	var out []period
	for _, p := range clipped {
		if n := len(out); n > 0 && !p.start.After(out[n-1].end) {
			if p.end.After(out[n-1].end) {
				out[n-1].end = p.end
			}
			continue
		}
		out = append(out, p)
	}
	return out
}
