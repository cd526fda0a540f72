package gcalfake

import (
	"encoding/json"
	"net/http"

	"google.golang.org/api/calendar/v3"
)

func (s *Server) handleCalendarList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	items := make([]*calendar.CalendarListEntry, 0, len(s.calendarOrder))
	for _, id := range s.calendarOrder {
		c := s.calendars[id]
		items = append(items, &calendar.CalendarListEntry{
			Kind: "calendar#calendarListEntry", Id: c.id, Summary: c.summary, TimeZone: c.timeZone,
			AccessRole: c.accessRole, Primary: c.primary, Selected: true,
		})
	}
	s.mu.Unlock()
	page, next, ok := pageSlice(items, r.URL.Query(), 100, 250)
	if !ok {
		writeError(w, http.StatusBadRequest, "invalid", "Invalid page token or maxResults.")
		return
	}
	writeJSON(w, http.StatusOK, &calendar.CalendarList{Kind: "calendar#calendarList", Items: page, NextPageToken: next})
}

func (s *Server) handleInsert(w http.ResponseWriter, r *http.Request) {
	var ev calendar.Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calendarLocked(r.PathValue("calendarId"))
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	if ev.Id == "" {
		ev.Id = randomID(26)
	} else if !validEventID(ev.Id) {
		writeError(w, http.StatusBadRequest, "invalid", "Invalid resource id value.")
		return
	}
	if _, exists := c.events[ev.Id]; exists {
		// Also for deleted events: their ids stay taken.
		writeError(w, http.StatusConflict, "duplicate", "The requested identifier already exists.")
		return
	}
	e := &storedEvent{ev: &ev}
	if err := setTimes(e, c.timeZone); err != nil {
		br, _ := asBadRequest(err)
		writeError(w, http.StatusBadRequest, br.reason, br.message)
		return
	}
	if ev.Status == "" {
		ev.Status = "confirmed"
	}
	ev.Kind = "calendar#event"
	ev.Created = formatTime(s.now())
	ev.ICalUID = ev.Id + "@google.com"
	ev.HtmlLink = "https://www.google.com/calendar/event?eid=" + ev.Id
	ev.Creator = &calendar.EventCreator{Email: s.opts.UserEmail, Self: true}
	ev.Organizer = &calendar.EventOrganizer{Email: c.id, Self: true}
	ev.Sequence = -1 // bumpLocked makes it 0
	c.events[ev.Id] = e
	s.bumpLocked(e)
	writeJSON(w, http.StatusOK, cloneEvent(e.ev))
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.eventLocked(r)
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	// Deleted events are still returned, with status "cancelled".
	writeJSON(w, http.StatusOK, cloneEvent(e.ev))
}

func (s *Server) eventLocked(r *http.Request) (*storedEvent, bool) {
	c, ok := s.calendarLocked(r.PathValue("calendarId"))
	if !ok {
		return nil, false
	}
	e, ok := c.events[r.PathValue("eventId")]
	return e, ok
}

// handlePatch applies only the fields present in the body, like Google.
func (s *Server) handlePatch(w http.ResponseWriter, r *http.Request) {
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&fields); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.calendarLocked(r.PathValue("calendarId"))
	e, ok := s.eventLocked(r)
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	// Work on a copy so a rejected patch changes nothing.
	next := &storedEvent{ev: cloneEvent(e.ev), seq: e.seq}
	for key, raw := range fields {
		var err error
		switch key {
		case "summary":
			err = json.Unmarshal(raw, &next.ev.Summary)
		case "description":
			err = json.Unmarshal(raw, &next.ev.Description)
		case "location":
			err = json.Unmarshal(raw, &next.ev.Location)
		case "status":
			err = json.Unmarshal(raw, &next.ev.Status)
		case "transparency":
			err = json.Unmarshal(raw, &next.ev.Transparency)
		case "colorId":
			err = json.Unmarshal(raw, &next.ev.ColorId)
		case "start":
			next.ev.Start = nil
			err = json.Unmarshal(raw, &next.ev.Start)
		case "end":
			next.ev.End = nil
			err = json.Unmarshal(raw, &next.ev.End)
		case "extendedProperties":
			var p calendar.EventExtendedProperties
			if err = json.Unmarshal(raw, &p); err == nil {
				next.ev.ExtendedProperties = mergeProps(next.ev.ExtendedProperties, &p)
			}
		case "id":
			var id string
			if err = json.Unmarshal(raw, &id); err == nil && id != "" && id != e.ev.Id {
				writeError(w, http.StatusBadRequest, "invalid", "The event id cannot be changed.")
				return
			}
		default:
			// Fields the fake does not model are ignored.
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
			return
		}
	}
	if err := setTimes(next, c.timeZone); err != nil {
		br, _ := asBadRequest(err)
		writeError(w, http.StatusBadRequest, br.reason, br.message)
		return
	}
	*e = *next
	s.bumpLocked(e)
	writeJSON(w, http.StatusOK, cloneEvent(e.ev))
}

// mergeProps merges patched extended properties key by key, as Google does.
func mergeProps(old, patch *calendar.EventExtendedProperties) *calendar.EventExtendedProperties {
	out := &calendar.EventExtendedProperties{Private: map[string]string{}, Shared: map[string]string{}}
	if old != nil {
		for k, v := range old.Private {
			out.Private[k] = v
		}
		for k, v := range old.Shared {
			out.Shared[k] = v
		}
	}
	for k, v := range patch.Private {
		out.Private[k] = v
	}
	for k, v := range patch.Shared {
		out.Shared[k] = v
	}
	return out
}

// handleDelete marks the event cancelled (it stays visible to get and sync);
// deleting it again answers 410 "deleted", an unknown id 404.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.eventLocked(r)
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	if e.ev.Status == "cancelled" {
		writeError(w, http.StatusGone, "deleted", "Resource has been deleted")
		return
	}
	e.ev.Status = "cancelled"
	s.bumpLocked(e)
	w.WriteHeader(http.StatusNoContent)
}
