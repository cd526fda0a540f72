package bot

import (
	"strings"
	"time"

	"github.com/bancada/bancada/msgtemplate"
)

// Hours tells when the shop has people at work. availability.Schedule
// satisfies it; holidays and blocked periods are its business. A nil Hours
// means "always open".
type Hours interface {
	// IsOpen reports whether the shop is open at t.
	IsOpen(t time.Time) bool
	// NextOpen returns the next instant ≥ t when the shop is open, and
	// false when it never opens again.
	NextOpen(t time.Time) (time.Time, bool)
}

// Tenant is the shop whose WhatsApp number received the message.
type Tenant struct {
	ID   string
	Name string
	// Active is false when the shop's subscription lapsed: the engine
	// then sends one neutral message per conversation window and nothing
	// else.
	Active bool
	Hours  Hours
	Texts  Texts
	// Settings holds the shop's knobs; zero values take the defaults.
	Settings Settings
	// TrackingBaseURL builds an order's tracking link from its token when
	// the glue does not give a full OrderSummary.TrackingURL
	// (TrackingBaseURL + "/" + token).
	TrackingBaseURL string
	// Location is the shop's time zone, used only to display times
	// (nil = America/Sao_Paulo).
	Location *time.Location
}

// Settings are the shop's choices for the assistant.
type Settings struct {
	// DiscountPercent off quotes for customers registered more than
	// DiscountMinCustomerDays days ago; 0 turns the discount off.
	DiscountPercent         int
	DiscountMinCustomerDays int
	// ShowStockQuantity reveals how many units of a part are in stock;
	// otherwise customers only learn whether it is available.
	ShowStockQuantity bool
	// HandoffTimeout returns a handed-off conversation to the bot after
	// this long without staff activity (0 = Options.HandoffTimeout).
	HandoffTimeout time.Duration
	// SessionTimeout of customer inactivity starts a new conversation
	// window: welcome and menu again (0 = Options.SessionTimeout).
	SessionTimeout time.Duration
	// SlotsOffered is how many free appointment slots to offer
	// (0 = Options.SlotsOffered).
	SlotsOffered int
	// Menu is the shop's menu in its order (nil = DefaultMenu): built-in
	// options turned on or off and the shop's own options.
	Menu []MenuItem
	// FAQ are the shop's own questions and answers.
	FAQ []FAQ
	// Tone picks the default welcome when the shop did not write its own
	// (ToneNeutral, ToneFormal, ToneInformal; "" = neutral).
	Tone string
	// OutOfHours is what the assistant does while nobody is at work
	// (OutOfHoursAnswer or OutOfHoursHandoff; "" = answer).
	OutOfHours string
}

// Texts are the shop's own wording, keyed by the msgtemplate keys
// (msgtemplate.KeyWelcome, …). Missing or blank entries fall back to
// msgtemplate's defaults.
type Texts map[string]string

// Get returns the shop's text for key, or the default one.
func (t Texts) Get(key string) string {
	if s, ok := t[key]; ok && strings.TrimSpace(s) != "" {
		return s
	}
	return msgtemplate.Default(key)
}

// Customer is the person writing, already found or created by phone.
type Customer struct {
	ID    string
	Name  string
	Phone string // E.164 digits, no '+'
	// Since is when the customer was registered (for the loyalty
	// discount); zero when unknown.
	Since time.Time
	// Known is false when the glue has just created the customer from
	// this message.
	Known bool
}

// Inbound is one text message from a customer to a shop.
type Inbound struct {
	Tenant   Tenant
	Customer Customer
	// Text is the message body; empty for audio, images and stickers.
	Text string
	// At is when the message was sent (UTC). It is the engine's only
	// clock.
	At        time.Time
	MessageID string
}

// Result is what to do after one inbound message.
type Result struct {
	// Replies to send, in order, as separate WhatsApp messages. Empty
	// means stay silent.
	Replies []string
	// State to store on the conversation and pass to the next Handle.
	State State
	// Handoff is set when the conversation was just handed to a person.
	Handoff *Handoff
	// Events are facts for analytics and the staff's activity feed.
	Events []Event
}

// Handoff asks the staff to take over a conversation.
type Handoff struct {
	// Reason in Portuguese, for the staff ("cliente pediu atendente").
	Reason string
	// Queued is true outside business hours: nobody is expected before
	// OpensAt.
	Queued  bool
	OpensAt time.Time
}

// Hand-off reasons.
const (
	ReasonRequested     = "cliente pediu atendente"
	ReasonNotUnderstood = "mensagens não entendidas"
	ReasonNoPrice       = "orçamento sem preço cadastrado"
	ReasonPartNotFound  = "peça não encontrada"
	ReasonNoSlots       = "sem horários livres"
	ReasonNoOrders      = "cliente não encontrou sua ordem de serviço"
	ReasonPossibleBot   = "possível robô"
)

// Event is something that happened in a conversation, for analytics.
type Event struct {
	Name   string
	Detail string
}

// Event names.
const (
	EventQuoteRequested = "quote_requested"
	EventOrderStatus    = "order_status"
	EventStockQuery     = "stock_query"
	EventBooked         = "appointment_booked"
	EventCancelled      = "appointment_cancelled"
	EventRescheduled    = "appointment_rescheduled"
	EventHandoff        = "handoff"
	EventBackToBot      = "back_to_bot"
	EventFlood          = "flood_limited"
	EventPossibleBot    = "possible_bot"
	EventDataError      = "data_error"
)
