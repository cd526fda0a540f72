package whatsapp

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/integrations/evolution"
	"github.com/bancada/bancada/retry"
)

// ignoredTypes are message types that are not something a customer says.
var ignoredTypes = map[string]string{
	"reactionMessage":   "reação",
	"protocolMessage":   "mensagem de protocolo",
	"pollUpdateMessage": "voto em enquete",
	"editedMessage":     "mensagem editada",
}

// typeLabels name content without text, for the conversation view.
var typeLabels = map[string]string{
	"audioMessage": "áudio", "imageMessage": "imagem", "videoMessage": "vídeo", "stickerMessage": "figurinha",
	"documentMessage": "documento", "locationMessage": "localização", "contactMessage": "contato",
	"contactsArrayMessage": "contatos", "liveLocationMessage": "localização",
}

// inbound processes a messages.upsert: one customer message in, the
// assistant's answer out, in one transaction.
func (s *Service) inbound(ctx context.Context, rec *inbox.Record, ev *evolution.Event) error {
	m, err := ev.Message()
	if err != nil {
		return retry.Permanent(err)
	}
	switch {
	case m.FromMe:
		return inbox.Ignore("mensagem enviada pela própria loja")
	case m.IsGroup:
		return inbox.Ignore("mensagem de grupo")
	case m.IsStatusBroadcast:
		return inbox.Ignore("status do WhatsApp")
	case ignoredTypes[m.MessageType] != "":
		return inbox.Ignore(ignoredTypes[m.MessageType])
	case m.Phone == "" && m.LID == "":
		return inbox.Ignore("remetente sem número nem @lid")
	}
	at := m.Timestamp.UTC()
	if at.IsZero() {
		at = s.now()
	}
	var learnt hotPut
	var gen uint64
	err = s.app.RunInTransaction(func(tx core.App) error {
		learnt = hotPut{}
		ht, err := s.hotTenant(tx, rec.Tenant)
		if err != nil {
			return err
		}
		t := collections.AsTenant(ht.record)
		// A re-delivery, or a replay after a crash: the message is stored
		// and was answered in the same transaction.
		if _, err := findBy(tx, collections.Messages, t.Id, byWAID(m.ID, collections.DirectionIn)); err == nil {
			return nil
		}
		who, err := s.resolveSender(tx, t.Id, m, &learnt)
		if err != nil {
			return err
		}
		customerID := ""
		if who.customer != nil {
			customerID = who.customer.ID
		}
		convKey := t.Id + "/" + who.key
		conv := (*collections.Conversation)(nil)
		if r := s.hot.conversation(convKey); r != nil && (customerID == "" || r.GetString(collections.ConversationCustomer) != "") {
			conv = collections.AsConversation(r)
		} else if conv, err = messaging.Conversation(tx, t.Id, who.key, customerID); err != nil {
			return err
		}
		if err := s.converse(ctx, tx, t, ht.bot, conv, who, m, at); err != nil {
			return err
		}
		learnt.tenant, learnt.convKey, learnt.conv = ht, convKey, conv.Record
		gen = s.hot.generation() // after the last write of this transaction
		return nil
	})
	if err == nil && learnt.conv != nil {
		s.hot.put(gen, learnt)
	}
	return err
}

// hotTenant is the shop of tenantID and what the assistant is told about
// it: kept between messages, loaded with tx when not.
func (s *Service) hotTenant(tx core.App, tenantID string) (*hotTenant, error) {
	if ht := s.hot.tenant(tenantID); ht != nil {
		return ht, nil
	}
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	return &hotTenant{record: t.Record, bot: s.botTenant(t)}, nil
}

// sender is who wrote, as far as the shop knows them.
type sender struct {
	// customer is nil when WhatsApp revealed only an @lid that no
	// customer carries yet.
	customer *hotCustomer
	known    bool   // the customer existed before this message
	key      string // the conversation's phone: E.164 digits, or "lid:<digits>"
	name     string // WhatsApp's display name
}

// resolveSender finds the customer by phone (both forms of the Brazilian
// ninth digit) or by @lid, creating one when only the phone is known, and
// remembers a newly seen @lid.
func (s *Service) resolveSender(tx core.App, tenantID string, m *evolution.InboundMessage, learnt *hotPut) (*sender, error) {
	who := &sender{name: strings.TrimSpace(m.PushName)}
	phone := ""
	if m.Phone != "" {
		phone = phones.normalize(m.Phone, br.NormalizePhone)
	}
	if phone != "" {
		learnt.customerKey = tenantID + "/" + phone
		if h, ok := s.hot.customer(learnt.customerKey); ok && (m.LID == "" || h.LID == m.LID) {
			who.customer, who.known, who.key = &h, true, h.Phone
			return who, nil
		}
	}
	var found *collections.Customer
	if phone != "" {
		variants := br.PhoneVariants(phone)
		in := make([]any, len(variants))
		for i, v := range variants {
			in[i] = v
		}
		if r, err := findBy(tx, collections.Customers, tenantID, dbx.In(collections.CustomerPhone, in...)); err == nil {
			found, who.known = collections.AsCustomer(r), true
		}
	}
	if found == nil && m.LID != "" {
		if r, err := findBy(tx, collections.Customers, tenantID, byLID(m.LID)); err == nil {
			found, who.known = collections.AsCustomer(r), true
		}
	}
	if found == nil && phone != "" {
		c, err := collections.NewCustomer(tx, tenantID)
		if err != nil {
			return nil, err
		}
		c.SetName(customerName(who.name, phone))
		c.SetPhone(phone)
		c.SetWhatsAppLID(m.LID)
		markHot(c.Record)
		if err := tx.Save(c); err != nil {
			return nil, fmt.Errorf("whatsapp: new customer: %w", err)
		}
		found = c
	}
	if found != nil {
		if m.LID != "" && found.WhatsAppLID() != m.LID {
			found.SetWhatsAppLID(m.LID)
			markHot(found.Record)
			if err := tx.Save(found); err != nil {
				return nil, fmt.Errorf("whatsapp: remember @lid: %w", err)
			}
		}
		who.customer = &hotCustomer{ID: found.Id, Name: found.Name(), Phone: found.Phone(), LID: found.WhatsAppLID(), Since: found.Since()}
		who.key = found.Phone()
		if learnt.customerKey != "" && found.Phone() == phone {
			learnt.customer = who.customer
		}
		return who, nil
	}
	// No customer: an @lid nobody carries yet, or a number that does not
	// parse (a customer record needs a valid phone).
	if m.LID != "" {
		who.key = lidKey(m.LID)
	} else {
		who.key = m.Phone[:min(len(m.Phone), 20)]
	}
	return who, nil
}

// phones remembers the normalised numbers of senders (a number's form
// never changes).
var phones phoneMemo

// lidKey is the conversation key of a sender known only by @lid.
func lidKey(lid string) string {
	key := "lid:" + strings.TrimSuffix(lid, evolution.ServerLID)
	return key[:min(len(key), 20)]
}

// customerName is the name a customer created from WhatsApp gets: their
// WhatsApp display name when it has letters, else a placeholder the staff
// will correct.
func customerName(push, phone string) string {
	name := strings.Join(strings.Fields(push), " ")
	if strings.IndexFunc(name, unicode.IsLetter) >= 0 {
		return cut(name, 120)
	}
	return "Cliente WhatsApp " + phone[max(len(phone)-4, 0):]
}

// storeInbound appends the customer's message to the conversation.
func storeInbound(tx core.App, tenantID string, conv *collections.Conversation, m *evolution.InboundMessage) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.Messages)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(m.Text)
	if text == "" {
		label := typeLabels[m.MessageType]
		if label == "" {
			label = "mensagem sem texto"
		}
		text = "[" + label + "]"
	}
	r := core.NewRecord(col)
	r.Set(collections.MessageTenant, tenantID)
	r.Set(collections.MessageConversation, conv.Id)
	messaging.AttachConversation(r, conv)
	r.Set(collections.MessageDirection, collections.DirectionIn)
	r.Set(collections.MessageAuthor, collections.AuthorCustomer)
	r.Set(collections.MessageText, cut(text, 4096))
	r.Set(collections.MessageWAID, m.ID)
	r.Set(collections.MessageStatus, string(collections.MessageReceived))
	if err := tx.Save(r); err != nil {
		return fmt.Errorf("whatsapp: store inbound: %w", err)
	}
	return nil
}

// converse runs the assistant over the message and stores the message
// and what the assistant decided: the conversation's state and mode, and
// the replies to send.
func (s *Service) converse(ctx context.Context, tx core.App, t *collections.Tenant, bt bot.Tenant, conv *collections.Conversation,
	who *sender, m *evolution.InboundMessage, at time.Time) error {
	var st bot.State
	_ = conv.UnmarshalJSONField(collections.ConversationState, &st)
	in := bot.Inbound{Tenant: bt, Text: m.Text, At: at, MessageID: m.ID,
		Customer: bot.Customer{Name: who.name, Known: who.known}}
	customerID := ""
	if c := who.customer; c != nil {
		customerID = c.ID
		in.Customer = bot.Customer{ID: c.ID, Name: c.Name, Phone: c.Phone, Since: c.Since, Known: who.known}
	}
	data := &tenantData{book: s.book, tx: tx, tenant: t, conversation: conv.Id, now: at, trackingBase: s.trackingBase()}
	res, handled, err := optOut(tx, t, who.customer, st, m.Text, at)
	if err != nil {
		return err
	}
	if !handled {
		if res, err = s.engine.Handle(ctx, in, st, data); err != nil {
			s.app.Logger().Warn("whatsapp: assistant data error", "tenant", t.Id, "conversation", conv.Id, "error", err)
		}
	}
	conv.Set(collections.ConversationState, res.State)
	applyMode(conv, res, s.now())
	if m.ReplyTo != "" && conv.JID() != m.ReplyTo {
		conv.Set(collections.ConversationJID, m.ReplyTo)
	}
	// The customer's message, then the replies: their hook moves the
	// conversation's preview and unread count on conv, saved once below.
	if err := storeInbound(tx, t.Id, conv, m); err != nil {
		return err
	}
	for i, text := range res.Replies {
		key := fmt.Sprintf("reply:%s:%s:%d", t.Id, m.ID, i)
		if err := queueReply(tx, t.Id, conv, customerID, text, key); err != nil {
			return err
		}
	}
	markHot(conv.Record)
	if err := tx.Save(conv); err != nil {
		return fmt.Errorf("whatsapp: conversation state: %w", err)
	}
	return nil
}

// applyMode mirrors the assistant's mode on the conversation, where the
// staff app sees it in realtime: a hand-off sets the reason and time, and
// is "queued" while the shop is closed.
func applyMode(c *collections.Conversation, res bot.Result, now time.Time) {
	want := c.Mode()
	switch res.State.Mode {
	case bot.ModeBot:
		want = collections.ModeBot
	case bot.ModeHuman:
		if want != collections.ModeQueued {
			want = collections.ModeHuman
		}
	case bot.ModePaused:
		want = collections.ModePaused
	}
	if h := res.Handoff; h != nil {
		c.Set(collections.ConversationHandoffReason, cut(h.Reason, 200))
		c.Set(collections.ConversationHandoffAt, now)
		if h.Queued {
			want = collections.ModeQueued
		} else if res.State.Mode == bot.ModeHuman {
			want = collections.ModeHuman
		}
	}
	if want == collections.ModeBot && c.Mode() != collections.ModeBot {
		c.Set(collections.ConversationHandoffReason, "")
		c.Set(collections.ConversationHandoffAt, "")
		c.Set(collections.ConversationAssignedTo, "")
	}
	c.SetMode(want)
}

// queueReply sends one of the assistant's replies. A sender known only by
// @lid has no customer record: the message row is written directly and
// messaging's hook delivers it to the conversation's @lid.
func queueReply(tx core.App, tenantID string, conv *collections.Conversation, customerID, text, key string) error {
	if customerID != "" {
		_, err := messaging.Queue(tx, messaging.Outgoing{Tenant: tenantID, Customer: customerID, Text: text,
			Author: collections.AuthorBot, Key: key, Conversation: conv, Reply: true})
		return err
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Messages)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.MessageTenant, tenantID)
	r.Set(collections.MessageConversation, conv.Id)
	messaging.AttachConversation(r, conv)
	messaging.MarkReply(r)
	r.Set(collections.MessageDirection, collections.DirectionOut)
	r.Set(collections.MessageAuthor, collections.AuthorBot)
	r.Set(collections.MessageText, cut(text, 4096))
	r.Set(collections.MessageStatus, string(collections.MessageQueued))
	return tx.Save(r)
}

// botTenant describes the shop to the assistant.
func (s *Service) botTenant(t *collections.Tenant) bot.Tenant {
	st := t.Settings()
	out := bot.Tenant{
		ID: t.Id, Name: t.Name(), Active: t.Active(), Texts: bot.Texts(st.Texts),
		Settings: bot.Settings{
			DiscountPercent: st.DiscountPercent, DiscountMinCustomerDays: st.DiscountMinCustomerDays,
			ShowStockQuantity: st.ShowStockQuantity, HandoffTimeout: time.Duration(st.HandoffTimeoutMinutes) * time.Minute,
		},
		TrackingBaseURL: s.trackingBase(),
		Location:        br.LoadLocation(t.Timezone()),
	}
	assistantSettings(st, &out.Settings)
	if sched, err := appointments.Schedule(t); err == nil {
		out.Hours = sched
	} else {
		s.app.Logger().Warn("whatsapp: shop hours", "tenant", t.Id, "error", err)
	}
	return out
}

// trackingBase is the public tracking page's base URL ("…/os").
func (s *Service) trackingBase() string {
	return strings.TrimRight(s.d.Config.PublicURL, "/") + "/os"
}
