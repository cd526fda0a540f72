package evolution

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// FindMessagesRequest filters the messages Evolution stored for an
// instance (POST /chat/findMessages/{instance}).
type FindMessagesRequest struct {
	// RemoteJID is the chat (…@s.whatsapp.net, …@lid); "" = every chat.
	RemoteJID string
	// FromMe keeps only the messages the instance sent (Evolution ignores
	// a false filter: then every message matches).
	FromMe bool
	// ID is a WhatsApp message id (key.id); "" = any.
	ID string
	// Since and Until bound messageTimestamp; Evolution applies the window
	// only when both are set, at whole seconds.
	Since, Until time.Time
	// Page counts from 1 (0 = 1); PageSize is Evolution's "offset" (0 =
	// its default, 50).
	Page, PageSize int
}

// MessagePage is one page of stored messages, newest first.
type MessagePage struct {
	Total, Pages, CurrentPage int
	Records                   []SentMessage
}

type findMessagesBody struct {
	Where  findWhere `json:"where"`
	Page   int       `json:"page,omitempty"`
	Offset int       `json:"offset,omitempty"`
}

type findWhere struct {
	Key              findKey     `json:"key"`
	MessageTimestamp *findWindow `json:"messageTimestamp,omitempty"`
}

type findKey struct {
	RemoteJID string `json:"remoteJid,omitempty"`
	FromMe    bool   `json:"fromMe,omitempty"`
	ID        string `json:"id,omitempty"`
}

type findWindow struct {
	GTE string `json:"gte"`
	LTE string `json:"lte"`
}

// wireMessagePage is Evolution 2.x's answer: {"messages": {"total",
// "pages", "currentPage", "records": [...]}}.
type wireMessagePage struct {
	Messages *struct {
		Total       flexInt       `json:"total"`
		Pages       flexInt       `json:"pages"`
		CurrentPage flexInt       `json:"currentPage"`
		Records     []wireMessage `json:"records"`
	} `json:"messages"`
}

// FindMessages lists the messages Evolution stored for the instance that
// match req, newest first. Evolution has no idempotency key on sends:
// this is how a caller learns whether a send it is unsure about (a
// timeout, a crash before recording the answer) went out. Evolution
// stores messages when its DATABASE_SAVE_DATA_NEW_MESSAGE is on (its
// default).
func (c *Client) FindMessages(ctx context.Context, instance string, req FindMessagesRequest) (*MessagePage, error) {
	const op = "find messages"
	path, err := instancePath(op, "/chat/findMessages", instance)
	if err != nil {
		return nil, err
	}
	body := findMessagesBody{
		Where:  findWhere{Key: findKey{RemoteJID: req.RemoteJID, FromMe: req.FromMe, ID: req.ID}},
		Page:   req.Page,
		Offset: req.PageSize,
	}
	if !req.Since.IsZero() && !req.Until.IsZero() {
		body.Where.MessageTimestamp = &findWindow{
			GTE: req.Since.UTC().Format(time.RFC3339Nano), LTE: req.Until.UTC().Format(time.RFC3339Nano),
		}
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodPost, path: path, instance: instance, body: body})
	if err != nil {
		return nil, err
	}
	var w wireMessagePage
	if err := decode(op, raw, &w); err != nil {
		return nil, err
	}
	if w.Messages == nil {
		return nil, fmt.Errorf("evolution: %s: %w: answer has no messages", op, ErrUnreachable)
	}
	out := &MessagePage{Total: int(w.Messages.Total), Pages: int(w.Messages.Pages), CurrentPage: int(w.Messages.CurrentPage)}
	for _, m := range w.Messages.Records {
		out.Records = append(out.Records, SentMessage{
			ID: m.Key.ID, RemoteJID: m.Key.RemoteJID, RemoteJIDAlt: m.Key.RemoteJIDAlt, FromMe: m.Key.FromMe, Status: baileysStatus(string(m.Status)),
			Timestamp: time.Time(m.MessageTimestamp), MessageType: m.messageType(), Text: extractText(m.Message),
		})
	}
	return out, nil
}
