package whatsapp_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func (r *rig) state(c *collections.Conversation) bot.State {
	r.t.Helper()
	var st bot.State
	require.NoError(r.t, collections.AsConversation(mustFind(r.t, r, collections.Conversations, c.Id)).UnmarshalJSONField(collections.ConversationState, &st))
	return st
}

// last returns the newest text sent from shop s to phone.
func (r *rig) last(s *hooktest.Shop, phone string) string {
	r.t.Helper()
	sent := r.sentTo(s, phone)
	require.NotEmpty(r.t, sent)
	return sent[len(sent)-1]
}

// The hand-off as the staff live it: the customer asks for a person, the
// conversation is flagged, the assistant goes silent, an attendant
// answers, and handing it back to the assistant makes it talk again.
func TestHandOffAndBack(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	phone := hooktest.UniquePhone()

	r.say(a, phone, "oi")
	r.say(a, phone, "quero falar com um atendente")
	conv := r.conversation(a, phone)
	require.Equal(t, collections.ModeHuman, conv.Mode())
	require.Equal(t, bot.ReasonRequested, conv.GetString(collections.ConversationHandoffReason))
	require.False(t, conv.GetDateTime(collections.ConversationHandoffAt).IsZero())
	require.Contains(t, r.last(a, phone), "Já chamei um atendente")

	n := len(r.sentTo(a, phone))
	r.say(a, phone, "alô?")
	require.Len(t, r.sentTo(a, phone), n, "the assistant is silent while a person handles it")
	require.Equal(t, 1, r.count(collections.Messages, dbx.HashExp{collections.MessageConversation: conv.Id, collections.MessageText: "alô?"}),
		"messages keep being stored")

	// An attendant answers through the API.
	require.Equal(t, http.StatusOK, r.call(http.MethodPost, "/api/collections/messages/records", a.Attend, map[string]any{
		"tenant": a.ID(), "conversation": conv.Id, "direction": "out", "author": "staff", "staff": a.Attend.Id,
		"text": "Oi! Sou a Ana, em que posso ajudar?", "status": "queued"}, nil))
	r.drain()
	require.Equal(t, "Oi! Sou a Ana, em que posso ajudar?", r.last(a, phone))
	st := r.state(conv)
	require.Equal(t, bot.ModeHuman, st.Mode)
	require.Equal(t, r.clock.Now(), st.StaffAt, "the hand-off timeout counts from the staff's message")
	conv = r.conversation(a, phone)
	require.Equal(t, a.Attend.Id, conv.GetString(collections.ConversationAssignedTo))

	// The client cannot write the assistant's state.
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, "/api/collections/conversations/records/"+conv.Id, a.Attend,
		map[string]any{"state": map[string]any{"mode": "bot"}}, nil))
	require.Equal(t, bot.ModeHuman, r.state(conv).Mode)

	// The attendant closes the conversation: back to the assistant.
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, "/api/collections/conversations/records/"+conv.Id, a.Attend,
		map[string]any{"mode": "bot"}, nil))
	conv = r.conversation(a, phone)
	require.Empty(t, conv.GetString(collections.ConversationHandoffReason))
	require.Equal(t, bot.ModeBot, r.state(conv).Mode)
	r.say(a, phone, "oi de novo")
	require.Contains(t, r.last(a, phone), "Como posso ajudar?", "a new window starts with the menu")

	// Staff taking the conversation in the app silences the assistant too.
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, "/api/collections/conversations/records/"+conv.Id, a.Manager,
		map[string]any{"mode": "human"}, nil))
	n = len(r.sentTo(a, phone))
	r.say(a, phone, "2")
	require.Len(t, r.sentTo(a, phone), n)
	require.Equal(t, a.Manager.Id, r.conversation(a, phone).GetString(collections.ConversationAssignedTo))
}

// The inbox's calls on a hand-off: taking it names who took it (also from
// a colleague who took it first), never a person of another shop; opening
// it clears the unread count; handing it back clears who took it.
func TestInboxTakesReadsAndHandsBack(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a, b := r.f.A, r.f.B
	r.connect(a, "5511900002222")
	phone := hooktest.UniquePhone()
	r.say(a, phone, "oi")
	r.say(a, phone, "quero falar com um atendente")
	conv := r.conversation(a, phone)
	require.Equal(t, collections.ModeHuman, conv.Mode())
	require.Empty(t, conv.GetString(collections.ConversationAssignedTo), "waiting: nobody took it")
	require.Equal(t, 2, conv.GetInt(collections.ConversationUnread))
	url := "/api/collections/conversations/records/" + conv.Id

	// "Assumir conversa" while it already waits in human mode
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, url, a.Attend, map[string]any{"mode": "human", "assigned_to": a.Attend.Id}, nil))
	require.Equal(t, a.Attend.Id, r.conversation(a, phone).GetString(collections.ConversationAssignedTo))
	// a colleague takes it over
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, url, a.Manager, map[string]any{"mode": "human", "assigned_to": a.Manager.Id}, nil))
	require.Equal(t, a.Manager.Id, r.conversation(a, phone).GetString(collections.ConversationAssignedTo))
	// never a person of another shop
	require.NotEqual(t, http.StatusOK, r.call(http.MethodPatch, url, a.Manager, map[string]any{"assigned_to": b.Owner.Id}, nil))
	require.Equal(t, a.Manager.Id, r.conversation(a, phone).GetString(collections.ConversationAssignedTo))

	// opening the chat reads it
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, url, a.Manager, map[string]any{"unread": 0}, nil))
	require.Equal(t, 0, r.conversation(a, phone).GetInt(collections.ConversationUnread))
	r.say(a, phone, "alô?")
	require.Equal(t, 1, r.conversation(a, phone).GetInt(collections.ConversationUnread), "a new message is unread again")

	// "Devolver ao assistente"
	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, url, a.Manager, map[string]any{"mode": "bot"}, nil))
	conv = r.conversation(a, phone)
	require.Equal(t, collections.ModeBot, conv.Mode())
	require.Empty(t, conv.GetString(collections.ConversationAssignedTo))
	require.Empty(t, conv.GetString(collections.ConversationHandoffReason))
}

// Nobody answered: after the shop's hand-off timeout the assistant takes
// the conversation back.
func TestHandOffTimesOut(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	tn := r.tenant(a)
	st := tn.Settings()
	st.HandoffTimeoutMinutes = 30
	tn.SetSettings(st)
	require.NoError(t, r.app.Save(tn))
	phone := hooktest.UniquePhone()

	r.say(a, phone, "atendente")
	require.Equal(t, collections.ModeHuman, r.conversation(a, phone).Mode())
	r.clock.Add(31 * time.Minute)
	r.say(a, phone, "tem alguém aí?")
	require.Equal(t, collections.ModeBot, r.conversation(a, phone).Mode())
	require.Empty(t, r.conversation(a, phone).GetString(collections.ConversationHandoffReason))
	require.NotEmpty(t, r.last(a, phone))
}

// Outside business hours a hand-off waits in the queue for the opening.
func TestHandOffOutsideHoursIsQueued(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	r.clock.Add(time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC).Sub(r.clock.Now())) // Tuesday 23:00 in São Paulo
	phone := hooktest.UniquePhone()
	r.say(a, phone, "oi")
	require.Contains(t, r.sentTo(a, phone)[0], "fora do horário")
	r.say(a, phone, "5")
	conv := r.conversation(a, phone)
	require.Equal(t, collections.ModeQueued, conv.Mode())
	require.Contains(t, r.last(a, phone), "amanhã às 09:00")
}

// A shop whose subscription lapsed answers one neutral message per
// window, and the assistant does nothing else.
func TestInactiveShopAnswersNeutrally(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	tn := r.tenant(a)
	tn.SetActive(false)
	require.NoError(t, r.app.Save(tn))
	phone := hooktest.UniquePhone()

	r.say(a, phone, "quanto custa a tela do iphone 11?")
	r.say(a, phone, "oi??")
	sent := r.sentTo(a, phone)
	require.Equal(t, []string{"No momento não conseguimos atender por aqui. Por favor, procure a loja por outro canal. Obrigado pela compreensão."}, sent)
	require.Zero(t, r.count(collections.QuoteRequests, dbx.HashExp{collections.QuoteRequestTenant: a.ID(), collections.QuoteRequestModel: "iPhone 11"}))
}

// The same words to two shops: each answers with its own prices, and a
// customer of both is two customers, one per shop.
func TestTwoShopsSameWordsDifferentAnswers(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a, b := r.f.A, r.f.B
	r.connect(a, "5511900001111")
	r.connect(b, "5511900002222")
	rule := b.Rec[collections.PriceRules]
	rule.Set(collections.PriceRulePriceCents, 19990)
	require.NoError(t, r.app.Save(rule))
	// Maria is already B's customer.
	bCustomer := b.Rec[collections.Customers]
	phone := bCustomer.GetString(collections.CustomerPhone)
	before := bCustomer.GetString(collections.CustomerName)

	r.say(a, phone, "quanto custa trocar a tela do iphone 11?")
	r.say(b, phone, "quanto custa trocar a tela do iphone 11?")
	require.Contains(t, r.sentTo(a, phone)[1], "R$ 150,00")
	require.Contains(t, r.sentTo(b, phone)[1], "R$ 199,90")
	require.Contains(t, r.sentTo(a, phone)[0], "Maria", "A learnt her name from WhatsApp")
	require.Contains(t, r.sentTo(b, phone)[0], "Cliente", "B calls her by the name it has on file")

	// A created its own customer; B's record is untouched.
	require.Equal(t, 1, r.count(collections.Customers, dbx.HashExp{collections.CustomerTenant: a.ID(), collections.CustomerPhone: phone}))
	require.Equal(t, before, mustFind(t, r, collections.Customers, bCustomer.Id).GetString(collections.CustomerName))
	convA, convB := r.conversation(a, phone), r.conversation(b, phone)
	require.NotEqual(t, convA.Id, convB.Id)
	require.Equal(t, bCustomer.Id, convB.Customer())
	// Each shop recorded its own quote request for its own customer.
	qa, err := r.app.FindFirstRecordByFilter(collections.QuoteRequests, "conversation = {:c}", dbx.Params{"c": convA.Id})
	require.NoError(t, err)
	require.Equal(t, a.ID(), qa.GetString(collections.QuoteRequestTenant))
	require.Equal(t, 15000, qa.GetInt(collections.QuoteRequestPriceCents))
	require.Equal(t, "iPhone 11", qa.GetString(collections.QuoteRequestModel))
	qb, err := r.app.FindFirstRecordByFilter(collections.QuoteRequests, "conversation = {:c}", dbx.Params{"c": convB.Id})
	require.NoError(t, err)
	require.Equal(t, bCustomer.Id, qb.GetString(collections.QuoteRequestCustomer))
	require.Equal(t, 19990, qb.GetInt(collections.QuoteRequestPriceCents))
}

// A webhook for shop A's instance never touches shop B's data, even when
// the sender is B's customer and the payload names B's records.
func TestWebhookForShopANeverTouchesShopB(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a, b := r.f.A, r.f.B
	r.connect(a, "5511900001111")
	r.connect(b, "5511900002222")
	phone := b.Rec[collections.Customers].GetString(collections.CustomerPhone)
	countB := func() [4]int {
		return [4]int{
			r.count(collections.Customers, dbx.HashExp{collections.CustomerTenant: b.ID()}),
			r.count(collections.Conversations, dbx.HashExp{collections.ConversationTenant: b.ID()}),
			r.count(collections.Messages, dbx.HashExp{collections.MessageTenant: b.ID()}),
			r.count(collections.QuoteRequests, dbx.HashExp{collections.QuoteRequestTenant: b.ID()}),
		}
	}
	before := countB()
	convB := b.Rec[collections.Conversations]
	for _, text := range []string{"oi", "meu celular ja ta pronto?", "quanto custa a tela do iphone 11?", "sim", "1", "atendente"} {
		r.say(a, phone, text)
	}
	require.Equal(t, before, countB())
	require.Equal(t, convB.GetString(collections.ConversationMode), mustFind(t, r, collections.Conversations, convB.Id).GetString(collections.ConversationMode))
	require.Empty(t, r.fake.Sent(whatsappInstance(b)))
	for _, text := range r.sentTo(a, phone) {
		require.NotContains(t, text, "*OS ", "B's order of this phone is not shown by A")
	}
}

// Self-service on real records: booking and cancelling appointments in
// the shop's calendar, and the status of the customer's own order.
func TestSelfServiceByWhatsApp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	phone := hooktest.UniquePhone()

	r.say(a, phone, "quero marcar um horario")
	require.Contains(t, r.last(a, phone), "*1*", "free slots are offered")
	r.say(a, phone, "1")
	require.Contains(t, r.last(a, phone), "está marcado para")
	c, err := r.app.FindFirstRecordByFilter(collections.Customers, "tenant = {:t} && phone = {:p}", dbx.Params{"t": a.ID(), "p": phone})
	require.NoError(t, err)
	appts, err := r.app.FindAllRecords(collections.Appointments, dbx.HashExp{collections.AppointmentCustomer: c.Id})
	require.NoError(t, err)
	require.Len(t, appts, 1)
	appt := collections.AsAppointment(appts[0])
	require.Equal(t, a.ID(), appt.Tenant())
	require.Equal(t, collections.SourceWhatsApp, appt.GetString(collections.AppointmentSource))
	require.Equal(t, collections.KindVisit, appt.Kind(), "a visit to the shop, not a technician's visit")
	require.True(t, appt.Start().After(r.clock.Now()))

	r.say(a, phone, "quero cancelar meu horário")
	r.say(a, phone, "sim")
	require.Equal(t, collections.AppointmentCancelled, collections.AsAppointment(mustFind(t, r, collections.Appointments, appt.Id)).Status())
	require.Equal(t, string(collections.AppointmentScheduled), mustFind(t, r, collections.Appointments, a.Rec[collections.Appointments].Id).GetString(collections.AppointmentStatus),
		"another customer's appointment is untouched")

	// The status of the customer's order, with what is due and its page.
	owner := a.Rec[collections.Customers].GetString(collections.CustomerPhone)
	o := collections.AsOrder(a.Rec[collections.Orders])
	r.say(a, owner, "meu celular ja ta pronto?")
	answer := r.last(a, owner)
	require.Contains(t, answer, "*OS "+strconv.Itoa(o.Number())+"*")
	require.Contains(t, answer, "Recebido")
	require.Contains(t, answer, r.srv.URL+"/os/"+o.TrackingToken())
}
