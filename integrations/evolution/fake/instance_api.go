package evofake

import (
	"net/http"
	"strings"
)

const (
	integrationBaileys  = "WHATSAPP-BAILEYS"
	integrationBusiness = "WHATSAPP-BUSINESS"
	integrationEvo      = "EVOLUTION"

	stateOpen       = "open"
	stateConnecting = "connecting"
	stateClose      = "close"
)

func (f *Fake) handleCreate(w http.ResponseWriter, _ *http.Request, _ string, body map[string]any) {
	name, hasName := str(body, "instanceName")
	f.mu.Lock()
	defer f.mu.Unlock()
	// instanceLoggedGuard runs before the schema validation.
	if name != "" && f.instances[name] != nil {
		writeError(w, http.StatusForbidden, []any{`This name "` + name + `" is already in use.`})
		return
	}
	if !hasName {
		writeError(w, http.StatusBadRequest, []any{`instance requires property "instanceName"`})
		return
	}
	if name == "" {
		writeError(w, http.StatusBadRequest, []any{`The "instanceName" cannot be empty`})
		return
	}
	integration, _ := str(body, "integration")
	switch integration {
	case integrationBaileys, integrationBusiness, integrationEvo:
	default:
		writeError(w, http.StatusBadRequest, []any{"Invalid integration"})
		return
	}
	number, _ := str(body, "number")
	if integration == integrationBusiness && number == "" {
		writeError(w, http.StatusBadRequest, []any{"number is required"})
		return
	}

	now := f.now()
	inst := &instance{
		id: newUUID(), name: name, integration: integration, number: number,
		state: stateClose, createdAt: now, updatedAt: now,
	}
	inst.token, _ = str(body, "token")
	if inst.token == "" {
		inst.token = strings.ToUpper(newUUID())
	}
	inst.settings = settings{
		RejectCall: boolean(body, "rejectCall"), GroupsIgnore: boolean(body, "groupsIgnore"),
		AlwaysOnline: boolean(body, "alwaysOnline"), ReadMessages: boolean(body, "readMessages"),
		ReadStatus: boolean(body, "readStatus"), SyncFullHistory: boolean(body, "syncFullHistory"),
	}
	inst.settings.MsgCall, _ = str(body, "msgCall")

	var webhookEcho map[string]any
	if wh, ok := object(body, "webhook"); ok {
		row, msg := webhookFromBody(wh, true, inst.id, now)
		if msg != "" {
			// createInstance catches the TypeError, deletes the instance
			// and answers 400 with the JavaScript message.
			writeError(w, http.StatusBadRequest, []any{msg})
			return
		}
		inst.webhook = row
		webhookEcho = map[string]any{
			"webhookUrl": row.URL, "webhookHeaders": wh["headers"],
			"webhookByEvents": row.WebhookByEvents, "webhookBase64": row.WebhookBase64,
		}
	}
	switch {
	case integration == integrationBusiness:
		inst.state = stateOpen
	case integration == integrationBaileys && boolean(body, "qrcode"):
		inst.state = stateConnecting
		inst.qr = newQR(number, 1)
	}
	f.instances[name] = inst
	f.order = append(f.order, name)

	resp := map[string]any{
		"instance": map[string]any{
			"instanceName": name, "instanceId": inst.id, "integration": integration,
			"webhookWaBusiness": nil, "accessTokenWaBusiness": "", "status": inst.state,
		},
		"hash":      inst.token,
		"webhook":   orEmpty(webhookEcho),
		"websocket": map[string]any{}, "rabbitmq": map[string]any{}, "nats": map[string]any{}, "sqs": map[string]any{},
		"settings": inst.settings,
	}
	if integration == integrationBaileys && boolean(body, "qrcode") {
		resp["qrcode"] = qrObject(inst.qr)
	}
	writeJSON(w, http.StatusCreated, resp)
}

func (f *Fake) handleConnect(w http.ResponseWriter, r *http.Request, name string, _ map[string]any) {
	number := r.URL.Query().Get("number")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.takeConnectFailure(name) {
		writeJSON(w, http.StatusOK, map[string]any{"error": true, "message": "Error: Connection Failure"})
		return
	}
	inst := f.instances[name]
	switch inst.state {
	case stateOpen:
		writeJSON(w, http.StatusOK, stateObject(inst))
	case stateConnecting:
		if number != "" && inst.qr.pairingCode == "" {
			inst.qr.pairingCode = pairingCode()
		}
		writeJSON(w, http.StatusOK, qrObject(inst.qr))
	case stateClose:
		inst.state = stateConnecting
		inst.qr = newQR(number, 1)
		writeJSON(w, http.StatusOK, qrObject(inst.qr))
	default:
		writeJSON(w, http.StatusOK, map[string]any{
			"instance": map[string]any{"instanceName": name, "status": inst.state}, "qrcode": qrObject(inst.qr),
		})
	}
}

func (f *Fake) handleRestart(w http.ResponseWriter, _ *http.Request, name string, _ map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.takeConnectFailure(name) {
		writeJSON(w, http.StatusOK, map[string]any{"error": true, "message": "Error: Connection Failure"})
		return
	}
	inst := f.instances[name]
	switch inst.state {
	case stateOpen:
		// The socket reconnects with the stored credentials.
		writeJSON(w, http.StatusOK, stateObject(inst))
	case stateConnecting:
		inst.qr = newQR("", 1)
		writeJSON(w, http.StatusOK, qrObject(inst.qr))
	default:
		// BadRequestException throws a plain object; the controller's
		// catch answers 200 with its toString().
		writeJSON(w, http.StatusOK, map[string]any{"error": true, "message": "[object Object]"})
	}
}

func (f *Fake) handleConnectionState(w http.ResponseWriter, _ *http.Request, name string, _ map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	writeJSON(w, http.StatusOK, stateObject(f.instances[name]))
}

func (f *Fake) handleLogout(w http.ResponseWriter, _ *http.Request, name string, _ map[string]any) {
	f.mu.Lock()
	inst := f.instances[name]
	if inst.state == stateClose {
		f.mu.Unlock()
		writeError(w, http.StatusBadRequest, []any{`The "` + name + `" instance is not connected`})
		return
	}
	f.closeSession(inst, 401)
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "error": false, "response": map[string]any{"message": "Instance logged out"}})
}

func (f *Fake) handleDelete(w http.ResponseWriter, _ *http.Request, name string, _ map[string]any) {
	f.mu.Lock()
	delete(f.instances, name)
	for i, n := range f.order {
		if n == name {
			f.order = append(f.order[:i:i], f.order[i+1:]...)
			break
		}
	}
	delete(f.failNext, name)
	delete(f.failConnect, name)
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "error": false, "response": map[string]any{"message": "Instance deleted"}})
}

func (f *Fake) handleFetchInstances(w http.ResponseWriter, r *http.Request, _ string, _ map[string]any) {
	key := r.Header.Get("apikey")
	name := r.URL.Query().Get("instanceName")
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []*instance
	switch {
	case key != f.apiKey:
		for _, n := range f.order {
			if f.instances[n].token == key {
				list = append(list, f.instances[n])
				break
			}
		}
	case name != "":
		inst := f.instances[name]
		if inst == nil {
			writeError(w, http.StatusNotFound, []any{`Instance "` + name + `" not found`})
			return
		}
		list = []*instance{inst}
	default:
		for _, n := range f.order {
			list = append(list, f.instances[n])
		}
	}
	out := make([]map[string]any, 0, len(list))
	for _, inst := range list {
		out = append(out, instanceRecord(inst))
	}
	writeJSON(w, http.StatusOK, out)
}

// closeSession ends the WhatsApp session of inst. Callers hold f.mu.
func (f *Fake) closeSession(inst *instance, reason int) {
	now := f.now()
	inst.state = stateClose
	inst.qr = qrState{}
	inst.disconnectionReasonCode = reason
	inst.disconnectionAt = now
	inst.updatedAt = now
}

// takeConnectFailure consumes one FailConnect. Callers hold f.mu.
func (f *Fake) takeConnectFailure(name string) bool {
	if f.failConnect[name] > 0 {
		f.failConnect[name]--
		return true
	}
	return false
}

func stateObject(inst *instance) map[string]any {
	return map[string]any{"instance": map[string]any{"instanceName": inst.name, "state": inst.state}}
}

func qrObject(q qrState) map[string]any {
	var pc any
	if q.pairingCode != "" {
		pc = q.pairingCode
	}
	return map[string]any{"pairingCode": pc, "code": q.code, "base64": q.base64, "count": q.count}
}

// instanceRecord is the prisma Instance row fetchInstances returns.
func instanceRecord(inst *instance) map[string]any {
	var ownerJID, profileName, disconnectionAt, reason any
	if inst.ownerJID != "" {
		ownerJID, profileName = inst.ownerJID, inst.profileName
	}
	if !inst.disconnectionAt.IsZero() {
		disconnectionAt, reason = isoTime(inst.disconnectionAt), inst.disconnectionReasonCode
	}
	var number any
	if inst.number != "" {
		number = inst.number
	}
	return map[string]any{
		"id": inst.id, "name": inst.name, "connectionStatus": inst.state, "ownerJid": ownerJID,
		"profileName": profileName, "profilePicUrl": nil, "integration": inst.integration, "number": number,
		"businessId": nil, "token": inst.token, "clientName": "evolution_exchange",
		"disconnectionReasonCode": reason, "disconnectionObject": nil, "disconnectionAt": disconnectionAt,
		"createdAt": isoTime(inst.createdAt), "updatedAt": isoTime(inst.updatedAt),
		"Chatwoot": nil, "Proxy": nil, "Rabbitmq": nil, "Nats": nil, "Sqs": nil, "Websocket": nil,
		"Setting": inst.settings,
		"_count":  map[string]any{"Message": inst.messages, "Contact": 0, "Chat": 0},
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
