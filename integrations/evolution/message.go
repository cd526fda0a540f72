package evolution

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// SendTextRequest is a text message to send.
type SendTextRequest struct {
	// Number is E.164 digits ("5511987654321") or a full JID
	// (…@s.whatsapp.net, …@g.us, …@lid).
	Number string
	Text   string
	// DelayMS shows "typing…" for that long before sending.
	DelayMS int
	// LinkPreview lets WhatsApp render a preview of the first link.
	LinkPreview bool
	// QuotedID is the WhatsApp id of a message to reply to.
	QuotedID string
}

// SentMessage is Evolution's record of an accepted message.
type SentMessage struct {
	// ID is the WhatsApp message id (key.id); messages.update events
	// refer to it as keyId.
	ID        string
	RemoteJID string
	// RemoteJIDAlt is the chat's other address when WhatsApp addresses
	// it by @lid (the phone's JID), as findMessages returns it.
	RemoteJIDAlt string
	FromMe       bool
	// Status is Evolution's status text, usually "PENDING".
	Status      string
	Timestamp   time.Time
	MessageType string
	Text        string
}

type sendTextBody struct {
	Number      string      `json:"number"`
	Text        string      `json:"text"`
	Delay       int         `json:"delay,omitempty"`
	LinkPreview bool        `json:"linkPreview"`
	Quoted      *quotedBody `json:"quoted,omitempty"`
}

type quotedBody struct {
	Key struct {
		ID string `json:"id"`
	} `json:"key"`
}

// SendText sends a text message through the instance. A number without
// WhatsApp fails with ErrNotOnWhatsApp (see NumberNotOnWhatsApp).
func (c *Client) SendText(ctx context.Context, instance string, req SendTextRequest) (*SentMessage, error) {
	const op = "send text"
	path, err := instancePath(op, "/message/sendText", instance)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Number) == "" || req.Text == "" {
		return nil, fmt.Errorf("evolution: %s: %w: number and text are required", op, ErrBadRequest)
	}
	body := sendTextBody{Number: req.Number, Text: req.Text, Delay: req.DelayMS, LinkPreview: req.LinkPreview}
	if req.QuotedID != "" {
		body.Quoted = &quotedBody{}
		body.Quoted.Key.ID = req.QuotedID
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodPost, path: path, instance: instance, body: body})
	if err != nil {
		return nil, err
	}
	var w wireMessage
	if err := decode(op, raw, &w); err != nil {
		return nil, err
	}
	if w.Key.ID == "" {
		return nil, fmt.Errorf("evolution: %s: %w: answer has no key.id", op, ErrUnreachable)
	}
	return &SentMessage{
		ID:          w.Key.ID,
		RemoteJID:   w.Key.RemoteJID,
		FromMe:      w.Key.FromMe,
		Status:      baileysStatus(string(w.Status)),
		Timestamp:   time.Time(w.MessageTimestamp),
		MessageType: w.messageType(),
		Text:        extractText(w.Message),
	}, nil
}

// wireKey is a Baileys message key as Evolution forwards it.
type wireKey struct {
	RemoteJID      string `json:"remoteJid"`
	RemoteJIDAlt   string `json:"remoteJidAlt"`
	FromMe         bool   `json:"fromMe"`
	ID             string `json:"id"`
	Participant    string `json:"participant"`
	ParticipantAlt string `json:"participantAlt"`
	SenderPN       string `json:"senderPn"`
	SenderLID      string `json:"senderLid"`
	AddressingMode string `json:"addressingMode"`
}

// wireMessage is a message record: the data of messages.upsert and
// send.message, and the answer of sendText (v2 stored record or v1 raw
// Baileys message).
type wireMessage struct {
	Key              wireKey                    `json:"key"`
	PushName         string                     `json:"pushName"`
	Status           flexStr                    `json:"status"`
	Message          map[string]json.RawMessage `json:"message"`
	MessageType      string                     `json:"messageType"`
	MessageTimestamp flexTime                   `json:"messageTimestamp"`
	InstanceID       flexStr                    `json:"instanceId"`
	Owner            string                     `json:"owner"`
	Source           string                     `json:"source"`
}

// messageType returns messageType, or the first content key of message
// when Evolution did not say (raw Baileys messages).
func (w *wireMessage) messageType() string {
	if w.MessageType != "" {
		return w.MessageType
	}
	m := unwrapMessage(w.Message)
	for _, k := range textKeys() {
		if _, ok := m[k.field]; ok {
			return k.field
		}
	}
	for k := range m {
		if k != "messageContextInfo" && k != "senderKeyDistributionMessage" {
			return k
		}
	}
	return ""
}

// baileysStatus maps a numeric protobuf status to Evolution's names.
func baileysStatus(s string) string {
	switch s {
	case "0":
		return "ERROR"
	case "1":
		return "PENDING"
	case "2":
		return "SERVER_ACK"
	case "3":
		return "DELIVERY_ACK"
	case "4":
		return "READ"
	case "5":
		return "PLAYED"
	}
	return strings.ToUpper(s)
}

type textKey struct{ field, sub string }

// textKeys is the order in which text is looked for in a message.
func textKeys() [7]textKey {
	return [...]textKey{
		{"conversation", ""},
		{"extendedTextMessage", "text"},
		{"imageMessage", "caption"},
		{"videoMessage", "caption"},
		{"documentMessage", "caption"},
		{"buttonsResponseMessage", "selectedDisplayText"},
		{"listResponseMessage", "title"},
	}
}

// extractText returns the readable text of a message.
func extractText(m map[string]json.RawMessage) string {
	m = unwrapMessage(m)
	for _, k := range textKeys() {
		raw, ok := m[k.field]
		if !ok {
			continue
		}
		if k.sub == "" {
			var s string
			if json.Unmarshal(raw, &s) == nil && s != "" {
				return s
			}
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			continue
		}
		var s string
		if json.Unmarshal(obj[k.sub], &s) == nil && s != "" {
			return s
		}
	}
	return ""
}

// unwrapMessage opens the envelopes WhatsApp puts around content
// (disappearing, view-once, document with caption).
func unwrapMessage(m map[string]json.RawMessage) map[string]json.RawMessage {
	for range 3 {
		found := false
		for _, w := range [...]string{"ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2", "viewOnceMessageV2Extension", "documentWithCaptionMessage", "editedMessage"} {
			raw, ok := m[w]
			if !ok {
				continue
			}
			var inner struct {
				Message map[string]json.RawMessage `json:"message"`
			}
			if json.Unmarshal(raw, &inner) == nil && inner.Message != nil {
				m, found = inner.Message, true
				break
			}
		}
		if !found {
			return m
		}
	}
	return m
}
