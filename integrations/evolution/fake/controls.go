package evofake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotOpen means the control needs a connected (open) instance.
var ErrNotOpen = errors.New("evofake: instance is not connected")

// Sent returns the texts accepted for instance, or for all instances
// when instance is "".
func (f *Fake) Sent(instance string) []SentText {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SentText
	for _, s := range f.sent {
		if instance == "" || s.Instance == instance {
			out = append(out, s)
		}
	}
	return out
}

// WaitSent waits until at least n texts were accepted (all instances)
// and returns them all, or fails when ctx ends first.
func (f *Fake) WaitSent(ctx context.Context, n int) ([]SentText, error) {
	for {
		f.mu.Lock()
		if len(f.sent) >= n {
			out := append([]SentText(nil), f.sent...)
			f.mu.Unlock()
			return out, nil
		}
		ch, have := f.sentChanged, len(f.sent)
		f.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("evofake: %d of %d texts sent: %w", have, n, ctx.Err())
		}
	}
}

// FailNext makes the next n sendText calls of instance answer status
// (5xx and 4xx as Evolution's envelope; 502/503/504 as a proxy's page).
func (f *Fake) FailNext(instance string, n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failNext[instance] = append(f.failNext[instance], status)
	}
}

// FailFind makes the next n findMessages calls of instance answer status
// (as FailNext does for sendText).
func (f *Fake) FailFind(instance string, n, status int) {
	f.FailNext(findKey(instance), n, status)
}

// findKey is where FailFind queues the failures of instance.
func findKey(instance string) string { return "findMessages/" + instance }

// SetLID makes WhatsApp address sends to phone by lid: Evolution then
// stores them with key.remoteJid = lid@lid and the phone's JID in
// key.remoteJidAlt.
func (f *Fake) SetLID(phone, lid string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !strings.Contains(lid, "@") {
		lid += "@lid"
	}
	f.lidOf[phoneKey(createJID(phone))] = lid
}

// LoseAnswers makes the next n sendText calls of instance accept and
// record the message, then drop the connection before answering: the
// caller cannot tell whether it went out (a timeout after the request
// left, a proxy cut).
func (f *Fake) LoseAnswers(instance string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lostAnswers[instance] += n
}

// FailConnect makes the next n connect/restart calls of instance answer
// HTTP 200 {"error":true,...}, as Evolution does when connecting throws.
func (f *Fake) FailConnect(instance string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failConnect[instance] += n
}

// SetNotOnWhatsApp makes sends to number (either Brazilian form) fail
// with Evolution's 400 [{"exists":false,...}].
func (f *Fake) SetNotOnWhatsApp(number string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notOnWA[phoneKey(number)] = true
}

// SetDown makes the API unreachable (connections are closed unanswered)
// until SetDown(false). The /_fake/ control page keeps working.
func (f *Fake) SetDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// State returns the session state of instance ("" when unknown).
func (f *Fake) State(instance string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if inst := f.instances[instance]; inst != nil {
		return inst.state
	}
	return ""
}

// Token returns the API key of instance ("" when unknown).
func (f *Fake) Token(instance string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if inst := f.instances[instance]; inst != nil {
		return inst.token
	}
	return ""
}

// Deliveries returns every webhook post made so far.
func (f *Fake) Deliveries() []Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Delivery(nil), f.deliveries...)
}

// ScanQR pairs phone (E.164) with instance as if its QR code was scanned:
// the state becomes open and connection.update (open, wuid) is posted.
func (f *Fake) ScanQR(instance, phone string) (int, error) {
	f.mu.Lock()
	inst := f.instances[instance]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, instance)
	}
	inst.state = stateOpen
	inst.qr = qrState{}
	inst.ownerJID = createJID(phone)
	inst.profileName = instance
	inst.updatedAt = f.now()
	data := map[string]any{
		"instance": instance, "wuid": inst.ownerJID, "profileName": inst.profileName,
		"profilePictureUrl": nil, "state": stateOpen, "statusReason": 200,
	}
	f.mu.Unlock()
	return f.emit(instance, "connection.update", data)
}

// Disconnect closes instance's session as if the phone unpaired it and
// posts connection.update (close, statusReason 401).
func (f *Fake) Disconnect(instance string) (int, error) {
	f.mu.Lock()
	inst := f.instances[instance]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, instance)
	}
	f.closeSession(inst, 401)
	f.mu.Unlock()
	return f.emit(instance, "connection.update", map[string]any{"instance": instance, "state": stateClose, "statusReason": 401})
}

// PostQRCodeUpdated renews instance's QR code (the session becomes
// connecting) and posts qrcode.updated.
func (f *Fake) PostQRCodeUpdated(instance string) (int, error) {
	f.mu.Lock()
	inst := f.instances[instance]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, instance)
	}
	inst.state = stateConnecting
	inst.qr = newQR("", inst.qr.count+1)
	q := qrObject(inst.qr)
	delete(q, "count")
	q["instance"] = instance
	f.mu.Unlock()
	return f.emit(instance, "qrcode.updated", map[string]any{"qrcode": q})
}

// PostQRCodeLimit plays Evolution giving up on QR codes: qrcode.updated
// with the limit notice, connection.update "refused", then the session
// is closed. It returns the status of the first post.
func (f *Fake) PostQRCodeLimit(instance string) (int, error) {
	status, err := f.emit(instance, "qrcode.updated", map[string]any{
		"message": "QR code limit reached, please login again", "statusCode": 500,
	})
	if errors.Is(err, ErrUnknownInstance) {
		return status, err
	}
	_, _ = f.emit(instance, "connection.update", map[string]any{"instance": instance, "state": "refused", "statusReason": 428})
	f.mu.Lock()
	if inst := f.instances[instance]; inst != nil {
		f.closeSession(inst, 428)
	}
	f.mu.Unlock()
	return status, err
}

// InboundSpec describes a WhatsApp message arriving at an instance.
type InboundSpec struct {
	// From is the author's phone (E.164) or JID. Leave it empty with LID
	// set for a sender WhatsApp only identifies by @lid.
	From string
	Text string
	// ID is the WhatsApp message id (random when empty).
	ID string
	// LID is the author's privacy id (digits or …@lid). With From set the
	// message is lid-addressed with the phone in remoteJidAlt.
	LID string
	// Group (id or …@g.us) makes it a group message written by From.
	Group string
	// FromMe marks a message the shop sent from its own phone.
	FromMe   bool
	PushName string
	// V1Shape posts an Evolution 1.8 payload (owner, extendedTextMessage,
	// string timestamp).
	V1Shape bool
	// Timestamp defaults to the fake's clock.
	Timestamp time.Time
}

// InjectMessage posts a realistic messages.upsert for spec to the
// instance's webhook (with its configured headers). The instance must be
// open.
func (f *Fake) InjectMessage(instance string, spec InboundSpec) (int, error) {
	f.mu.Lock()
	inst := f.instances[instance]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, instance)
	}
	if inst.state != stateOpen {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q is %s", ErrNotOpen, instance, inst.state)
	}
	if spec.From == "" && spec.LID == "" {
		f.mu.Unlock()
		return 0, errors.New("evofake: inject message: From or LID is required")
	}
	if spec.Timestamp.IsZero() {
		spec.Timestamp = f.now()
	}
	if spec.ID == "" {
		spec.ID = "3A" + randomHex(9)
	}
	inst.messages++
	data := upsertData(inst, spec)
	f.mu.Unlock()
	return f.emit(instance, "messages.upsert", data)
}

// PostMessageUpdate posts messages.update for a message sent through the
// instance: status is Evolution's text (SERVER_ACK, DELIVERY_ACK, READ,
// PLAYED, DELETED, ERROR).
func (f *Fake) PostMessageUpdate(instance, keyID, status string) (int, error) {
	f.mu.Lock()
	inst := f.instances[instance]
	if inst == nil {
		f.mu.Unlock()
		return 0, fmt.Errorf("%w: %q", ErrUnknownInstance, instance)
	}
	remote := ""
	for _, s := range f.sent {
		if s.Instance == instance && s.ID == keyID {
			remote = s.RemoteJID
		}
	}
	data := map[string]any{
		"keyId": keyID, "remoteJid": remote, "fromMe": true, "participant": remote, "status": status,
		"instanceId": inst.id, "messageId": newCUID(),
	}
	f.mu.Unlock()
	return f.emit(instance, "messages.update", data)
}
