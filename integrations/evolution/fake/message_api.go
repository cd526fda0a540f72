package evofake

import (
	"io"
	"net/http"
)

func (f *Fake) handleSendText(w http.ResponseWriter, _ *http.Request, name string, body map[string]any) {
	if msgs := validateSendText(body); len(msgs) > 0 {
		writeError(w, http.StatusBadRequest, msgs)
		return
	}
	number, _ := str(body, "number")
	text, _ := str(body, "text")

	f.mu.Lock()
	inst := f.instances[name]
	if q := f.failNext[name]; len(q) > 0 {
		status := q[0]
		f.failNext[name] = q[1:]
		f.mu.Unlock()
		writeFailure(w, status)
		return
	}
	if inst.state != stateOpen {
		f.mu.Unlock()
		// Baileys' "Connection Closed" reaches express' error handler.
		writeError(w, http.StatusInternalServerError, []any{"Error: Connection Closed"})
		return
	}
	jid := createJID(number)
	if f.notOnWA[phoneKey(jid)] {
		f.mu.Unlock()
		writeError(w, http.StatusBadRequest, []any{map[string]any{"jid": jid, "exists": false, "number": number}})
		return
	}
	sent := SentText{
		Instance: name, Number: number, RemoteJID: jid, Text: text, ID: newMessageID(),
		LinkPreview: boolean(body, "linkPreview"), At: f.now().UTC(),
	}
	if lid, ok := f.lidOf[phoneKey(jid)]; ok {
		sent.RemoteJID, sent.RemoteJIDAlt = lid, jid
	}
	if d, ok := body["delay"].(float64); ok {
		sent.DelayMS = int(d)
	}
	if q, ok := object(body, "quoted"); ok {
		if k, ok := object(q, "key"); ok {
			sent.QuotedID, _ = str(k, "id")
		}
	}
	f.sent = append(f.sent, sent)
	close(f.sentChanged)
	f.sentChanged = make(chan struct{})
	inst.messages++
	record := sentRecord(inst, sent)
	lose := f.lostAnswers[name] > 0
	if lose {
		f.lostAnswers[name]--
	}
	f.mu.Unlock()

	if lose {
		dropConnection(w)
		return
	}
	writeJSON(w, http.StatusCreated, record)
}

// sentRecord is the stored message Evolution 2.3 returns for sendText
// (and posts as send.message).
func sentRecord(inst *instance, s SentText) map[string]any {
	ctxInfo := map[string]any{
		"mentionedJid": []any{}, "groupMentions": []any{},
		"disappearingMode":          map[string]any{"initiator": 0},
		"ephemeralSettingTimestamp": map[string]any{"low": 0, "high": 0, "unsigned": false},
	}
	if s.QuotedID != "" {
		ctxInfo["stanzaId"] = s.QuotedID
	}
	return map[string]any{
		"key":              sentKey(s),
		"pushName":         "Você",
		"status":           "PENDING",
		"message":          map[string]any{"conversation": s.Text},
		"contextInfo":      ctxInfo,
		"messageType":      "conversation",
		"messageTimestamp": s.At.Unix(),
		"instanceId":       inst.id,
		"source":           "web",
	}
}

// sentKey is the stored key of a sent text.
func sentKey(s SentText) map[string]any {
	k := map[string]any{"remoteJid": s.RemoteJID, "fromMe": true, "id": s.ID}
	if s.RemoteJIDAlt != "" {
		k["remoteJidAlt"] = s.RemoteJIDAlt
	}
	return k
}

// validateSendText applies textMessageSchema of Evolution 2.3.
func validateSendText(body map[string]any) []any {
	var msgs []any
	for _, k := range []string{"number", "text"} {
		v, ok := body[k]
		switch s, isStr := v.(string); {
		case !ok:
			msgs = append(msgs, `instance requires property "`+k+`"`)
		case !isStr:
			msgs = append(msgs, k+" is not of a type(s) string")
		case s == "":
			msgs = append(msgs, `The "`+k+`" cannot be empty`)
		}
	}
	return msgs
}

// writeFailure answers a FailNext: Evolution's envelope, or a proxy's HTML
// page for gateway errors.
func writeFailure(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "<html><head><title>"+http.StatusText(status)+"</title></head><body><center><h1>"+
			http.StatusText(status)+"</h1></center><hr><center>nginx</center></body></html>")
	case http.StatusUnauthorized:
		writeUnauthorized(w)
	case http.StatusTooManyRequests:
		writeError(w, status, []any{"Too Many Requests"})
	default:
		writeError(w, status, []any{"Error: simulated failure"})
	}
}
