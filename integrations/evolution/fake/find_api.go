package evofake

import (
	"math"
	"net/http"
	"sort"
	"time"
)

// handleFindMessages answers POST /chat/findMessages/{instance} as
// Evolution 2.3 does (ChannelStartupService.fetchMessages) over the texts
// the fake accepted: where.key.{id, fromMe, remoteJid} filter by equality
// (fromMe only when true), where.messageTimestamp.{gte, lte} (ISO dates,
// both required, compared at whole seconds) bound the time, "offset" is
// the page size (default 50), "page" counts from 1, newest first, and the
// answer is {"messages": {"total", "pages", "currentPage", "records"}}.
func (f *Fake) handleFindMessages(w http.ResponseWriter, _ *http.Request, name string, body map[string]any) {
	where, _ := object(body, "where")
	key, _ := object(where, "key")
	id, _ := str(key, "id")
	remoteJID, _ := str(key, "remoteJid")
	var gte, lte int64
	window := false
	if ts, ok := object(where, "messageTimestamp"); ok {
		g, gok := str(ts, "gte")
		l, lok := str(ts, "lte")
		if gok && lok && g != "" && l != "" {
			gt, err1 := parseISO(g)
			lt, err2 := parseISO(l)
			if err1 == nil && err2 == nil {
				gte, lte, window = gt.Unix(), lt.Unix(), true
			}
		}
	}
	pageSize, page := 50, 1
	if v, ok := body["offset"].(float64); ok && v > 0 {
		pageSize = int(v)
	}
	if v, ok := body["page"].(float64); ok && v > 0 {
		page = int(v)
	}

	f.mu.Lock()
	if q := f.failNext[findKey(name)]; len(q) > 0 {
		f.failNext[findKey(name)] = q[1:]
		f.mu.Unlock()
		writeFailure(w, q[0])
		return
	}
	inst := f.instances[name]
	var match []SentText
	for _, s := range f.sent {
		if s.Instance != name || (id != "" && s.ID != id) || (remoteJID != "" && s.RemoteJID != remoteJID) {
			continue
		}
		// Every text the fake stores was sent by the instance: a fromMe
		// filter keeps them all.
		if window && (s.At.Unix() < gte || s.At.Unix() > lte) {
			continue
		}
		match = append(match, s)
	}
	records := make([]any, 0, pageSize)
	sort.SliceStable(match, func(i, j int) bool { return match[i].At.Unix() > match[j].At.Unix() })
	start := pageSize * (page - 1)
	for i := start; i < len(match) && i < start+pageSize; i++ {
		rec := sentRecord(inst, match[i])
		rec["id"] = "cm" + match[i].ID
		rec["MessageUpdate"] = []any{}
		delete(rec, "status")
		records = append(records, rec)
	}
	f.mu.Unlock()

	writeJSON(w, http.StatusOK, map[string]any{"messages": map[string]any{
		"total": len(match), "pages": int(math.Ceil(float64(len(match)) / float64(pageSize))),
		"currentPage": page, "records": records,
	}})
}

// parseISO reads a date as JavaScript's Date constructor does for the
// ISO forms callers send.
func parseISO(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05.000Z", s)
}
