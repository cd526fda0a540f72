// Package messaging is how anything in Bancada sends a WhatsApp message:
// the assistant's replies, order notifications, reminders, staff typing in
// a conversation. Every outgoing message is a messages row (so staff see
// it in the conversation) whose delivery is an outbox row written in the
// same transaction; the whatsapp package delivers it through Evolution.
package messaging

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
	"github.com/bancada/bancada/outbox"
)

// KindSend is the outbox kind of a proactive WhatsApp text (order
// notices, reminders, charges): paced slower, since nobody is waiting.
const KindSend = "whatsapp.send"

// KindReply is the outbox kind of a WhatsApp text answering a customer who
// just wrote (the assistant, staff typing in the conversation): the fast
// class of a shop's pace. Same payload and handler as KindSend.
const KindReply = "whatsapp.reply"

// PlatformLane is the lane of messages from the platform's own WhatsApp.
const PlatformLane = "whatsapp:platform"

// Lane names a tenant's WhatsApp instance as a whole: the prefix of its
// chats' lanes, and the group their pace and concurrency are counted in.
func Lane(tenantID string) string { return "whatsapp:" + tenantID }

// ChatLane is the outbox lane of one chat of a tenant's WhatsApp: messages
// to one number go one at a time and in order, while different chats of
// the same shop go in parallel (within the shop's pace).
func ChatLane(tenantID, number string) string { return Lane(tenantID) + "/" + number }

// InstanceOfLane returns the Lane of the instance a chat lane belongs to.
func InstanceOfLane(lane string) string {
	if i := strings.IndexByte(lane, '/'); i >= 0 {
		return lane[:i]
	}
	return lane
}

// Payload is what the whatsapp.send handler receives.
type Payload struct {
	Tenant string `json:"tenant"`
	// Message is the messages row to update with the delivery state
	// ("" for platform notices, which are not stored in a conversation).
	Message string `json:"message,omitempty"`
	// Number is the recipient: E.164 digits, or a full JID (…@lid) when
	// that is all WhatsApp gave us.
	Number string `json:"number"`
	Text   string `json:"text"`
	// Platform sends from the platform's own instance, not the tenant's.
	Platform bool `json:"platform,omitempty"`
}

// Outgoing is a message to send to a customer of a tenant.
type Outgoing struct {
	Tenant   string
	Customer string // the customer's id
	Text     string
	// Author is collections.AuthorBot, AuthorSystem (notifications) or
	// AuthorStaff (with Staff set).
	Author string
	Staff  string
	Order  string // related order, if any
	// Key is the idempotency key: the same key is sent once. Empty: one
	// derived from the message id.
	Key string
	// NotBefore holds the message until then (e.g. the shop opens).
	NotBefore time.Time
	// Marketing marks a promotion or any message sent to many customers
	// at once: it goes only to customers who accepted marketing
	// (customers.marketing_opt_in) and is stored as skipped otherwise.
	// Notices about the customer's own orders and appointments are not
	// marketing.
	Marketing bool
	// Reply marks an answer to a message the customer just sent (the
	// fast class of the shop's pace); other messages are proactive.
	Reply bool
	// Conversation, when the caller already holds the customer's
	// conversation (the assistant answering a message), skips finding it
	// again: the message then moves the conversation's preview in memory
	// only, and the caller saves the conversation once, in the same
	// transaction.
	Conversation *collections.Conversation
}

// raw keys carried on a messages record from Queue to the create hook.
const (
	keyKey          = "@outbox_key"
	keyNotBefore    = "@outbox_not_before"
	keyConversation = "@conversation"
	keyReply        = "@outbox_reply"
)

// AttachConversation lets a message about to be saved use a conversation
// record the caller holds (and will save in the same transaction): the
// message hook moves its preview in memory instead of loading and saving
// it again.
func AttachConversation(message *core.Record, c *collections.Conversation) {
	message.SetRaw(keyConversation, c)
}

// MarkReply marks a message about to be saved (without Queue) as a reply
// to a customer who just wrote: the fast class of the shop's pace.
func MarkReply(message *core.Record) { message.SetRaw(keyReply, true) }

// Queue stores an outgoing message in the customer's conversation
// (created if needed) and enqueues its delivery, all with tx. A
// notification (AuthorSystem) to a customer who opted out of WhatsApp is
// stored as skipped and not sent; replies to the customer's own messages
// and staff messages always go.
func Queue(tx core.App, m Outgoing) (*collections.Message, error) {
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("messaging: empty text")
	}
	if existing, ok := alreadyQueued(tx, m.Key); ok {
		return existing, nil // the same key is sent once
	}
	conv := m.Conversation
	optedOut, noMarketing := false, false
	if conv == nil || m.Author == collections.AuthorSystem || m.Marketing {
		cr, err := scope.Find(tx, collections.Customers, m.Tenant, m.Customer)
		if err != nil {
			return nil, fmt.Errorf("messaging: customer: %w", err)
		}
		customer := collections.AsCustomer(cr)
		optedOut = customer.WhatsAppOptOut()
		noMarketing = m.Marketing && !customer.MarketingOptIn()
		if conv == nil {
			if conv, err = Conversation(tx, m.Tenant, customer.Phone(), customer.Id); err != nil {
				return nil, err
			}
		}
	} else if conv.Tenant() != m.Tenant {
		return nil, fmt.Errorf("messaging: conversation of another tenant: %w", scope.ErrNotFound)
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Messages)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set(collections.MessageTenant, m.Tenant)
	r.Set(collections.MessageConversation, conv.Id)
	r.Set(collections.MessageDirection, collections.DirectionOut)
	r.Set(collections.MessageAuthor, m.Author)
	r.Set(collections.MessageStaff, m.Staff)
	r.Set(collections.MessageText, m.Text)
	r.Set(collections.MessageOrder, m.Order)
	status := collections.MessageQueued
	if m.Author == collections.AuthorSystem && optedOut {
		status = collections.MessageSkipped
		r.Set(collections.MessageError, "cliente optou por não receber mensagens")
	}
	if noMarketing || (m.Marketing && optedOut) {
		status = collections.MessageSkipped
		r.Set(collections.MessageError, "cliente não aceita receber promoções")
	}
	r.Set(collections.MessageStatus, string(status))
	r.SetRaw(keyKey, m.Key)
	r.SetRaw(keyNotBefore, m.NotBefore)
	r.SetRaw(keyReply, m.Reply)
	if m.Conversation != nil {
		AttachConversation(r, m.Conversation)
	}
	if err := tx.Save(r); err != nil {
		return nil, fmt.Errorf("messaging: store: %w", err)
	}
	return collections.AsMessage(r), nil
}

// alreadyQueued returns the message an earlier Queue with the same key
// stored, so a repeated notification neither sends again nor leaves a
// second row waiting forever.
func alreadyQueued(tx core.App, key string) (*collections.Message, bool) {
	if key == "" {
		return nil, false
	}
	row, err := tx.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, key)
	if err != nil {
		return nil, false
	}
	var p Payload
	if err := row.UnmarshalJSONField(collections.OutboxPayload, &p); err != nil || p.Message == "" {
		return nil, false
	}
	r, err := scope.Find(tx, collections.Messages, p.Tenant, p.Message)
	if err != nil {
		return nil, false
	}
	return collections.AsMessage(r), true
}

// QueuePlatform sends a notice from the platform's own WhatsApp (billing
// reminders to shop owners). It is not stored in any shop's conversations.
func QueuePlatform(tx core.App, tenantID, number, text, key string) error {
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: tenantID, Kind: KindSend, Lane: PlatformLane, Key: key,
		Payload: Payload{Tenant: tenantID, Number: number, Text: text, Platform: true},
	})
	if err != nil && !isDuplicate(err) {
		return err
	}
	return nil
}

// Conversation finds the tenant's conversation with phone, or creates it.
func Conversation(tx core.App, tenantID, phone, customerID string) (*collections.Conversation, error) {
	if r, err := scope.FindBy(tx, collections.Conversations, tenantID, dbx.HashExp{collections.ConversationPhone: phone}); err == nil {
		c := collections.AsConversation(r)
		if customerID != "" && c.Customer() == "" {
			c.Set(collections.ConversationCustomer, customerID)
			if err := tx.Save(c); err != nil {
				return nil, err
			}
		}
		return c, nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Conversations)
	if err != nil {
		return nil, err
	}
	c := collections.AsConversation(core.NewRecord(col))
	c.Set(collections.ConversationTenant, tenantID)
	c.Set(collections.ConversationPhone, phone)
	c.Set(collections.ConversationCustomer, customerID)
	c.SetMode(collections.ModeBot)
	if err := tx.Save(c); err != nil {
		return nil, fmt.Errorf("messaging: conversation: %w", err)
	}
	return c, nil
}

// Bind makes every outgoing message row with status "queued" — written by
// Queue or by staff through the REST API — enqueue its delivery in the
// same transaction, and keeps the conversation's preview current.
func Bind(app core.App) {
	app.OnRecordCreate(collections.Messages).BindFunc(func(e *core.RecordEvent) error {
		m := collections.AsMessage(e.Record)
		if m.Direction() != collections.DirectionOut || m.Status() != collections.MessageQueued {
			return touchAndNext(e)
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := touchAndNext(e); err != nil {
				return err
			}
			c, err := conversationOf(tx, e.Record)
			if err != nil {
				return err
			}
			number := c.Phone()
			if c.JID() != "" && strings.HasSuffix(c.JID(), "@lid") {
				number = c.JID()
			}
			key, _ := e.Record.GetRaw(keyKey).(string)
			if key == "" {
				key = "msg:" + e.Record.Id
			}
			notBefore, _ := e.Record.GetRaw(keyNotBefore).(time.Time)
			_, err = outbox.Enqueue(tx, outbox.Message{
				Tenant: c.Tenant(), Kind: kindOf(e.Record), Lane: ChatLane(c.Tenant(), number), Key: key, NotBefore: notBefore,
				Payload: Payload{Tenant: c.Tenant(), Message: e.Record.Id, Number: number, Text: m.Text()},
			})
			if isDuplicate(err) {
				return nil // already queued under this key: send once
			}
			return err
		})
	})
}

// kindOf is the outbox kind of an outgoing message: a reply when Queue was
// told so, or when staff wrote it in the conversation themselves (through
// the REST API, without Queue); proactive otherwise.
func kindOf(r *core.Record) string {
	reply, set := r.GetRaw(keyReply).(bool)
	if !set {
		reply = r.GetString(collections.MessageAuthor) == collections.AuthorStaff
	}
	if reply {
		return KindReply
	}
	return KindSend
}

// touchAndNext saves the message and moves the conversation's preview:
// in memory when the caller attached a conversation it will save itself,
// otherwise loading and saving it here.
func touchAndNext(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	attached, _ := e.Record.GetRaw(keyConversation).(*collections.Conversation)
	c, err := conversationOf(e.App, e.Record)
	if err != nil {
		return err
	}
	now := types.NowDateTime()
	c.Set(collections.ConversationLastMessageAt, now)
	c.Set(collections.ConversationPreview, truncate(e.Record.GetString(collections.MessageText), 200))
	if e.Record.GetString(collections.MessageDirection) == collections.DirectionIn {
		c.Set(collections.ConversationLastInboundAt, now)
		c.Set(collections.ConversationUnread, c.GetInt(collections.ConversationUnread)+1)
	}
	if attached != nil {
		return nil // the caller saves it
	}
	return e.App.Save(c)
}

// conversationOf is the conversation of a message: the one attached by
// the caller, or loaded within the message's tenant.
func conversationOf(app core.App, message *core.Record) (*collections.Conversation, error) {
	if c, ok := message.GetRaw(keyConversation).(*collections.Conversation); ok && c.Id == message.GetString(collections.MessageConversation) {
		return c, nil
	}
	r, err := scope.Find(app, collections.Conversations, message.GetString(collections.MessageTenant), message.GetString(collections.MessageConversation))
	if err != nil {
		return nil, err
	}
	return collections.AsConversation(r), nil
}

func isDuplicate(err error) bool { return err != nil && errors.Is(err, outbox.ErrDuplicate) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
