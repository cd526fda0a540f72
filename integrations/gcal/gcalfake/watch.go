package gcalfake

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"google.golang.org/api/calendar/v3"
)

const (
	defaultChannelTTL = 7 * 24 * time.Hour
	maxChannelTTL     = 30 * 24 * time.Hour
)

type channel struct {
	id, resourceID, resourceURI, token, address string
	calendarID                                  string
	expiration                                  time.Time
	messages                                    int64
}

// push is one notification ready to be sent, built under s.mu and sent
// without it.
type push struct {
	address string
	header  http.Header
}

// handleWatch serves events.watch. Like Google it then sends a "sync"
// notification to the address (in the background, so it may arrive before
// the client has read the answer).
func (s *Server) handleWatch(w http.ResponseWriter, r *http.Request) {
	var req calendar.Channel
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
		return
	}
	switch {
	case req.Id == "" || len(req.Id) > 64:
		writeError(w, http.StatusBadRequest, "required", "Channel id must have 1 to 64 characters.")
		return
	case req.Type != "web_hook" && req.Type != "webhook":
		writeError(w, http.StatusBadRequest, "invalid", "Invalid channel type: "+req.Type)
		return
	case req.Address == "":
		writeError(w, http.StatusBadRequest, "required", "Missing channel address.")
		return
	}
	s.mu.Lock()
	c, ok := s.calendarLocked(r.PathValue("calendarId"))
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	if old, dup := s.channels[req.Id]; dup && s.now().Before(old.expiration) {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "channelIdNotUnique", "Channel id "+req.Id+" not unique")
		return
	}
	now := s.now()
	exp := now.Add(defaultChannelTTL)
	if req.Expiration > 0 {
		exp = time.UnixMilli(req.Expiration).UTC()
		if exp.After(now.Add(maxChannelTTL)) {
			exp = now.Add(maxChannelTTL)
		}
		if !exp.After(now) {
			exp = now.Add(defaultChannelTTL)
		}
	}
	ch := &channel{
		id: req.Id, resourceID: c.resourceID, token: req.Token, address: req.Address, calendarID: c.id,
		resourceURI: baseURL(r) + PathAPI + "calendars/" + c.id + "/events?alt=json",
		expiration:  exp.Truncate(time.Millisecond),
	}
	s.channels[ch.id] = ch
	sync := s.notificationLocked(ch, "sync")
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, &calendar.Channel{
		Kind: "api#channel", Id: ch.id, ResourceId: ch.resourceID, ResourceUri: ch.resourceURI,
		Token: ch.token, Expiration: ch.expiration.UnixMilli(),
	})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.deliver(context.Background(), []push{sync})
	}()
}

// handleStop serves channels.stop; an unknown id or a resource id that does
// not match answers 404 like Google.
func (s *Server) handleStop(w http.ResponseWriter, r *http.Request) {
	var req calendar.Channel
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Parse Error")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.channels[req.Id]
	if !ok || ch.resourceID != req.ResourceId {
		writeError(w, http.StatusNotFound, "notFound", "Channel '"+req.Id+"' not found for project 'fake'")
		return
	}
	delete(s.channels, req.Id)
	w.WriteHeader(http.StatusNoContent)
}

// notificationLocked builds the next message of ch.
func (s *Server) notificationLocked(ch *channel, state string) push {
	ch.messages++
	h := http.Header{}
	h.Set("X-Goog-Channel-ID", ch.id)
	if ch.token != "" {
		h.Set("X-Goog-Channel-Token", ch.token)
	}
	h.Set("X-Goog-Channel-Expiration", ch.expiration.UTC().Format(http.TimeFormat))
	h.Set("X-Goog-Resource-ID", ch.resourceID)
	h.Set("X-Goog-Resource-URI", ch.resourceURI)
	h.Set("X-Goog-Resource-State", state)
	h.Set("X-Goog-Message-Number", strconv.FormatInt(ch.messages, 10))
	return push{address: ch.address, header: h}
}

// changedLocked builds an "exists" notification for every live channel
// watching calendarID (for Calendar the watched collection still exists when
// one of its events is deleted, so deletions are "exists" too).
func (s *Server) changedLocked(calendarID string) []push {
	var out []push
	for _, ch := range s.channels {
		if ch.calendarID == calendarID && s.now().Before(ch.expiration) {
			out = append(out, s.notificationLocked(ch, "exists"))
		}
	}
	return out
}

// deliver POSTs each notification with an empty body; failures are
// ignored, as Google only retries them later.
func (s *Server) deliver(ctx context.Context, pushes []push) {
	for _, p := range pushes {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.address, http.NoBody)
		if err != nil {
			continue
		}
		req.Header = p.header.Clone()
		req.Header.Set("User-Agent", "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)")
		res, err := s.opts.PushClient.Do(req)
		if err != nil {
			continue
		}
		res.Body.Close()
	}
}

// Channels returns the ids of the channels that are live now.
func (s *Server) Channels() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, ch := range s.channels {
		if s.now().Before(ch.expiration) {
			ids = append(ids, id)
		}
	}
	return ids
}
