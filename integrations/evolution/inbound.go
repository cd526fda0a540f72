package evolution

import (
	"fmt"
	"time"
)

// InboundMessage is a WhatsApp message reported by messages.upsert (or
// send.message, which has the same shape).
type InboundMessage struct {
	// ID is the WhatsApp message id (key.id): the deduplication key.
	ID string
	// RemoteJID is the chat: a person (@s.whatsapp.net or @lid), a group
	// (@g.us) or status@broadcast. RemoteJIDAlt is the other address of
	// the same person when WhatsApp sent it.
	RemoteJID    string
	RemoteJIDAlt string
	// Participant (and ParticipantAlt) is the author inside a group.
	Participant    string
	ParticipantAlt string
	// AddressingMode is "pn" or "lid" (Evolution 2.3+).
	AddressingMode string
	// FromMe is set for messages the shop itself sent; skip those.
	FromMe   bool
	PushName string
	// Text is the readable text (conversation, extended text, media
	// caption, button or list reply); "" for other content.
	Text        string
	MessageType string
	// Timestamp is WhatsApp's time of the message (UTC), or the
	// delivery's date_time when the message has none.
	Timestamp time.Time

	IsGroup           bool
	IsStatusBroadcast bool
	// IsLID is set when the author is addressed by a privacy id (@lid).
	IsLID bool
	// Phone is the author's canonical E.164 number ("5511987654321"),
	// or "" when WhatsApp only revealed an @lid.
	Phone string
	// LID is the author's @lid JID when known.
	LID string
	// ReplyTo is the JID to answer to: the group, the person's phone JID
	// exactly as WhatsApp spelled it, or the @lid when that is all there
	// is. Pass it as SendTextRequest.Number.
	ReplyTo string

	// Status is Evolution's delivery status text (e.g. "DELIVERY_ACK").
	Status string
	// InstanceID is the instance's id (v2); v1 sends the name as Owner.
	InstanceID string
	Owner      string
	// Source is the sender's device: ios, android, web, desktop, unknown.
	Source string
}

// Message decodes a messages.upsert (or send.message) event.
func (e *Event) Message() (*InboundMessage, error) {
	var w wireMessage
	if err := e.decodeData("message", &w, EventMessagesUpsert, EventSendMessage); err != nil {
		return nil, err
	}
	if w.Key.ID == "" || w.Key.RemoteJID == "" {
		return nil, fmt.Errorf("evolution: message: %w: no key.id or key.remoteJid", ErrMalformed)
	}
	m := &InboundMessage{
		ID:                w.Key.ID,
		RemoteJID:         w.Key.RemoteJID,
		RemoteJIDAlt:      w.Key.RemoteJIDAlt,
		Participant:       w.Key.Participant,
		ParticipantAlt:    w.Key.ParticipantAlt,
		AddressingMode:    w.Key.AddressingMode,
		FromMe:            w.Key.FromMe,
		PushName:          w.PushName,
		Text:              extractText(w.Message),
		MessageType:       w.messageType(),
		Timestamp:         time.Time(w.MessageTimestamp),
		IsGroup:           IsGroupJID(w.Key.RemoteJID),
		IsStatusBroadcast: w.Key.RemoteJID == StatusBroadcastJID,
		Status:            baileysStatus(string(w.Status)),
		InstanceID:        string(w.InstanceID),
		Owner:             w.Owner,
		Source:            w.Source,
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = e.DateTime
	}
	m.resolveAuthor(w.Key)
	return m, nil
}

// resolveAuthor fills Phone, LID, IsLID and ReplyTo. For a person the
// phone JID is remoteJidAlt when it is one, else remoteJid, else the
// senderPn of Evolution 2.3.0–2.3.3; in a group the same rule applies to
// participant/participantAlt.
func (m *InboundMessage) resolveAuthor(k wireKey) {
	main, alt := k.RemoteJID, k.RemoteJIDAlt
	if m.IsGroup || m.IsStatusBroadcast {
		main, alt = k.Participant, k.ParticipantAlt
	}
	var phoneJID string
	for _, j := range []string{alt, main, k.SenderPN} {
		if IsUserJID(j) {
			phoneJID = j
			break
		}
	}
	for _, j := range []string{main, alt, k.SenderLID} {
		if IsLIDJID(j) {
			m.LID = j
			break
		}
	}
	m.IsLID = IsLIDJID(main)
	m.Phone = CanonicalPhone(JIDToPhone(phoneJID))

	switch {
	case m.IsGroup:
		m.ReplyTo = k.RemoteJID
	case m.IsStatusBroadcast:
		m.ReplyTo = phoneJID
		if m.ReplyTo == "" {
			m.ReplyTo = m.LID
		}
	case phoneJID != "":
		m.ReplyTo = phoneJID
	default:
		m.ReplyTo = k.RemoteJID
	}
}
