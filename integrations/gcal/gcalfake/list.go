package gcalfake

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

// snapshot is the result of one list query, paged out by pageToken so that
// changes made while a client pages do not shift the pages; they get a
// higher sequence and show up in the next incremental sync instead.
type snapshot struct {
	items     []*calendar.Event
	syncToken string
	header    calendar.Events
}

// syncTokenForbidden lists the parameters Google refuses together with syncToken.
func syncTokenForbidden() []string {
	return []string{"iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"}
}

// handleList serves events.list: full listing (timeMin/timeMax/showDeleted)
// or incremental (syncToken), paged with maxResults/pageToken; only the last
// page carries nextSyncToken.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	max, err := maxResults(q, 250, 2500)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.calendarLocked(r.PathValue("calendarId"))
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	if pt := q.Get("pageToken"); pt != "" {
		s.servePageLocked(w, pt, max)
		return
	}
	snap := &snapshot{header: calendar.Events{
		Kind: "calendar#events", Summary: c.summary, TimeZone: c.timeZone,
		AccessRole: c.accessRole, Updated: formatTime(s.now()),
	}}
	if token := q.Get("syncToken"); token != "" {
		for _, p := range syncTokenForbidden() {
			if q.Has(p) {
				writeError(w, http.StatusBadRequest, "invalid", "Sync token cannot be combined with "+p+".")
				return
			}
		}
		if q.Get("showDeleted") == "false" {
			writeError(w, http.StatusBadRequest, "invalid", "showDeleted cannot be false with a sync token.")
			return
		}
		epoch, since, ok := decodeSyncToken(token)
		if !ok {
			writeError(w, http.StatusBadRequest, "invalid", "Invalid sync token value.")
			return
		}
		if epoch != s.epoch || since > s.seq {
			writeError(w, http.StatusGone, "fullSyncRequired", defaultMessage(http.StatusGone, "fullSyncRequired"))
			return
		}
		for _, e := range sortedBySeq(c) {
			if e.seq > since {
				snap.items = append(snap.items, cloneEvent(e.ev))
			}
		}
	} else {
		timeMin, err1 := optionalTime(q, "timeMin")
		timeMax, err2 := optionalTime(q, "timeMax")
		if err1 != nil || err2 != nil {
			writeError(w, http.StatusBadRequest, "badRequest", "Bad Request")
			return
		}
		showDeleted := q.Get("showDeleted") == "true"
		for _, e := range sortedEvents(c) {
			if e.ev.Status == "cancelled" && !showDeleted {
				continue
			}
			if !timeMin.IsZero() && !e.end.After(timeMin) {
				continue
			}
			if !timeMax.IsZero() && !e.start.Before(timeMax) {
				continue
			}
			snap.items = append(snap.items, cloneEvent(e.ev))
		}
	}
	// orderBy makes Google omit nextSyncToken.
	if q.Get("orderBy") == "" {
		snap.syncToken = encodeSyncToken(s.epoch, s.seq)
	}
	id := randomID(16)
	s.snapshots[id] = snap
	s.servePageLocked(w, id+":0", max)
}

func (s *Server) servePageLocked(w http.ResponseWriter, pageToken string, max int) {
	id, offStr, _ := strings.Cut(pageToken, ":")
	off, err := strconv.Atoi(offStr)
	snap, ok := s.snapshots[id]
	if !ok || err != nil || off < 0 || off > len(snap.items) {
		writeError(w, http.StatusBadRequest, "invalid", "Invalid page token value.")
		return
	}
	resp := snap.header
	end := min(off+max, len(snap.items))
	resp.Items = snap.items[off:end]
	if resp.Items == nil {
		resp.Items = []*calendar.Event{}
	}
	if end < len(snap.items) {
		resp.NextPageToken = fmt.Sprintf("%s:%d", id, end)
	} else {
		resp.NextSyncToken = snap.syncToken
		delete(s.snapshots, id)
	}
	writeJSON(w, http.StatusOK, &resp)
}

func sortedBySeq(c *fakeCalendar) []*storedEvent {
	list := sortedEvents(c)
	sort.SliceStable(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	return list
}

func encodeSyncToken(epoch, seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("sync:%d:%d", epoch, seq)))
}

func decodeSyncToken(tok string) (epoch, seq int64, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, 0, false
	}
	var e, n int64
	if _, err := fmt.Sscanf(string(raw), "sync:%d:%d", &e, &n); err != nil {
		return 0, 0, false
	}
	return e, n, true
}

// InvalidateSyncTokens expires every sync token handed out so far: their
// next use answers 410 with reason fullSyncRequired.
func (s *Server) InvalidateSyncTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epoch++
}

func optionalTime(q url.Values, key string) (time.Time, error) {
	v := q.Get(key)
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, v)
}

func maxResults(q url.Values, def, limit int) (int, error) {
	v := q.Get("maxResults")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("Invalid value for maxResults: %s", v)
	}
	return min(n, limit), nil
}

// pageSlice pages a small in-memory list with offset page tokens.
func pageSlice[T any](items []T, q url.Values, def, limit int) (page []T, next string, ok bool) {
	max, err := maxResults(q, def, limit)
	if err != nil {
		return nil, "", false
	}
	off := 0
	if pt := q.Get("pageToken"); pt != "" {
		off, err = strconv.Atoi(pt)
		if err != nil || off < 0 || off > len(items) {
			return nil, "", false
		}
	}
	end := min(off+max, len(items))
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[off:end], next, true
}
