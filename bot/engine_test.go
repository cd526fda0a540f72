package bot

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/msgtemplate"
)

// chat is a tiny driver for unit tests: one tenant, one customer, one
// conversation, a clock that only moves when told.
type chat struct {
	t    *testing.T
	e    *Engine
	ten  Tenant
	cust Customer
	data *fakeData
	st   State
	at   time.Time
}

func newChat(t *testing.T, shop, customer string) *chat {
	fx := fixtures()[shop]
	return &chat{t: t, e: New(Options{}), ten: fx.tenant, cust: fx.customers[customer], data: fx.data(),
		at: day(fx.tenant.Location, 2026, 12, 1, 10, 0)}
}

func (c *chat) send(after time.Duration, text string) (Result, error) {
	c.at = c.at.Add(after)
	res, err := c.e.Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: text, At: c.at}, c.st, c.data)
	c.st = res.State
	return res, err
}

func (c *chat) must(after time.Duration, text string) Result {
	res, err := c.send(after, text)
	require.NoError(c.t, err)
	return res
}

func eventNames(res Result) []string {
	var out []string
	for _, e := range res.Events {
		out = append(out, e.Name)
	}
	return out
}

func TestOptionsDefaults(t *testing.T) {
	t.Parallel()
	o := Options{}.withDefaults()
	assert.Equal(t, Options{FloodMax: 5, FloodWindow: 10 * time.Second, BotLoopLimit: 3, BotReplyGap: time.Second, MaxUnrecognised: 2,
		HandoffTimeout: 2 * time.Hour, SessionTimeout: 2 * time.Hour, SlotsOffered: 5, PartsLimit: 5}, o)
	custom := Options{FloodMax: 9, SlotsOffered: 2}.withDefaults()
	assert.Equal(t, 9, custom.FloodMax)
	assert.Equal(t, 2, custom.SlotsOffered)
}

func TestStateJSONIsSmallAndVersioned(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	c.must(0, "quanto custa pra trocar a tela do iphone 11?")
	c.must(30*time.Second, "sim")
	raw, err := json.Marshal(c.st)
	require.NoError(t, err)
	assert.Less(t, len(raw), 1200, string(raw))
	var back State
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, StateVersion, back.V)
	assert.Equal(t, stepPickSlot, back.Step)
	assert.Len(t, back.Slots, 5)

	// A state from a newer, unknown version starts over instead of misreading it.
	future := State{V: StateVersion + 1, Mode: ModeHuman, Step: "something_new"}
	res, err := New(Options{}).Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: "oi", At: c.at}, future, c.data)
	require.NoError(t, err)
	assert.Equal(t, ModeBot, res.State.Mode)
	assert.Equal(t, StateVersion, res.State.V)
	assert.Len(t, res.Replies, 1)

	// The zero State is a new conversation.
	var zero State
	raw, err = json.Marshal(zero)
	require.NoError(t, err)
	assert.JSONEq(t, `{"v":0}`, string(raw))
}

func TestHandleDoesNotModifyTheCallersState(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "carla")
	c.must(0, "preciso desmarcar")
	before := c.st.clone()
	snapshot, _ := json.Marshal(before)
	_, err := c.e.Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: "1", At: c.at.Add(time.Minute)}, before, c.data)
	require.NoError(t, err)
	after, _ := json.Marshal(before)
	assert.JSONEq(t, string(snapshot), string(after))
}

func TestDataErrorsGiveAnApologyAndAnError(t *testing.T) {
	t.Parallel()
	for _, msg := range []string{"quanto custa a tela do iphone 11?", "meu celular ta pronto?", "vcs tem bateria de moto g8?", "agendar",
		"cancelar meu horario", "remarcar"} {
		c := newChat(t, "celfix", "maria")
		c.data.fail = errors.New("database is locked")
		res, err := c.send(0, msg)
		require.Error(t, err, msg)
		assert.Contains(t, err.Error(), "database is locked")
		assert.Contains(t, err.Error(), "bot: ")
		require.Len(t, res.Replies, 2, msg)
		assert.Equal(t, "Desculpe, tive um problema para consultar isso agora. 😕 Tente de novo em alguns minutos ou digite *5* para falar com um atendente.", res.Replies[1])
		assert.Contains(t, eventNames(res), EventDataError)
		assert.Empty(t, res.State.Step, "a failed flow does not leave a question pending")
	}
}

func TestRecordQuoteFailureStillAnswers(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "joao")
	data := &failingRecorder{fakeData: c.data}
	res, err := c.e.Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: "tela do iphone 11", At: c.at}, State{}, data)
	require.Error(t, err)
	assert.Contains(t, res.Replies[1], "R$ 600,00")
	assert.Equal(t, stepOfferBooking, res.State.Step)
}

type failingRecorder struct{ *fakeData }

func (f *failingRecorder) RecordQuoteRequest(context.Context, QuoteRequest) error {
	return errors.New("disk full")
}

// A buggy glue that returns other customers' orders must not leak them.
type leakyOrders struct{ *fakeData }

func (l *leakyOrders) OpenOrders(context.Context, string) ([]OrderSummary, error) {
	return l.orders, nil
}

func TestNeverShowsAnotherCustomersOrders(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "joao")
	data := &leakyOrders{c.data}
	res, err := c.e.Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: "meu celular ta pronto?", At: c.at}, State{}, data)
	require.NoError(t, err)
	for _, r := range res.Replies {
		assert.NotContains(t, r, "OS 104")
	}
	assert.Contains(t, res.Replies[1], "não encontrei nenhum aparelho seu")

	// A customer without an id gets nothing either.
	c.cust.ID = ""
	res, err = c.e.Handle(context.Background(), Inbound{Tenant: c.ten, Customer: c.cust, Text: "status", At: c.at}, State{}, data)
	require.NoError(t, err)
	assert.Contains(t, res.Replies[1], "não encontrei nenhum aparelho seu")
}

func TestEvents(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	assert.Equal(t, []string{EventQuoteRequested}, eventNames(c.must(0, "tela do iphone 11")))
	c.must(time.Minute, "sim")
	assert.Equal(t, []string{EventBooked}, eventNames(c.must(time.Minute, "1")))
	assert.Equal(t, []string{EventOrderStatus}, eventNames(c.must(time.Minute, "status")))
	assert.Equal(t, []string{EventStockQuery}, eventNames(c.must(time.Minute, "tem bateria de moto g8?")))
	res := c.must(time.Minute, "atendente")
	assert.Equal(t, []string{EventHandoff}, eventNames(res))
	require.NotNil(t, res.Handoff)
	assert.Equal(t, Handoff{Reason: ReasonRequested}, *res.Handoff)
	assert.Equal(t, ModeHuman, res.State.Mode)
	assert.True(t, res.State.InHuman())
	res = c.must(3*time.Hour, "oi")
	assert.Equal(t, []string{EventBackToBot}, eventNames(res))
	assert.Equal(t, ModeBot, res.State.Mode)
}

func TestQueuedHandoffWaitsForTheOpening(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	c.at = day(c.ten.Location, 2026, 12, 5, 14, 0) // Saturday afternoon, closed until Monday 09:00
	res := c.must(0, "quero falar com um humano")
	require.NotNil(t, res.Handoff)
	monday := day(c.ten.Location, 2026, 12, 7, 9, 0)
	assert.Equal(t, Handoff{Reason: ReasonRequested, Queued: true, OpensAt: monday}, *res.Handoff)
	assert.Contains(t, res.Replies[1], "segunda-feira às 09:00")
	// Sunday evening: still waiting for the staff, however long ago the request was.
	assert.Empty(t, c.must(30*time.Hour, "alguém?").Replies)
	// Monday 10:30: the staff had 2 hours from the opening; still theirs.
	c.at = monday.Add(90 * time.Minute)
	assert.Empty(t, c.must(0, "bom dia?").Replies)
	// Monday 11:01: nobody answered since the opening; the bot is back.
	c.at = monday.Add(2*time.Hour + time.Minute)
	assert.NotEmpty(t, c.must(0, "oi").Replies)
}

func TestStaffActivity(t *testing.T) {
	t.Parallel()
	var st State
	at := time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)
	st.NoteStaffActivity(at)
	assert.Equal(t, ModeHuman, st.Mode)
	assert.Equal(t, at, st.HumanFrom)
	assert.Equal(t, at, st.StaffAt)
	st.NoteStaffActivity(at.Add(-time.Hour)) // out-of-order delivery does not move it back
	assert.Equal(t, at, st.StaffAt)
	st.ReleaseHuman()
	assert.Equal(t, ModeBot, st.Mode)
	assert.False(t, st.InHuman())
	assert.True(t, st.LastIn.IsZero(), "the next message opens a new window")
}

func TestTenantSettingsOverrideOptions(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	c.ten.Settings.SessionTimeout = 30 * time.Minute
	c.ten.Settings.HandoffTimeout = 10 * time.Minute
	c.ten.Settings.SlotsOffered = 2
	c.must(0, "oi")
	res := c.must(31*time.Minute, "oi")
	assert.Contains(t, res.Replies[0], "Aqui é o assistente virtual", "a new window after the shop's session timeout")
	res = c.must(time.Minute, "agendar")
	assert.Contains(t, res.Replies[0], "*2* ")
	assert.NotContains(t, res.Replies[0], "*3* ")
	c.must(time.Minute, "atendente")
	assert.Empty(t, c.must(9*time.Minute, "?").Replies)
	assert.NotEmpty(t, c.must(2*time.Minute, "?").Replies, "back after the shop's hand-off timeout")
}

func TestNilHoursAndLocation(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	c.ten.Hours, c.ten.Location = nil, nil
	c.at = time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC) // Sunday night: no Hours means always open
	res := c.must(0, "atendente")
	require.NotNil(t, res.Handoff)
	assert.False(t, res.Handoff.Queued)
	assert.NotContains(t, res.Replies[0], "fora do horário")
	c.st = State{}
	c.data.hours = alwaysOpen{}
	res = c.must(0, "agendar")
	assert.Contains(t, res.Replies[1], "às 02:30", "nil Location shows São Paulo time (UTC-3)")
}

type alwaysOpen struct{}

func (alwaysOpen) IsOpen(time.Time) bool                  { return true }
func (alwaysOpen) NextOpen(t time.Time) (time.Time, bool) { return t, true }

func TestNoFreeSlotsOffersAPerson(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	c.data.hours = fakeHours{loc: c.ten.Location} // the agenda is closed for weeks
	res := c.must(0, "agendar")
	assert.Equal(t, lines(phraseNoSlots, phraseAskHuman), res.Replies[1])
	res = c.must(time.Minute, "sim")
	require.NotNil(t, res.Handoff)
	assert.Equal(t, ReasonNoSlots, res.Handoff.Reason)
}

// cancelFails makes cancelling fail, as when the old appointment was
// already removed by the staff.
type cancelFails struct{ *fakeData }

func (c *cancelFails) CancelAppointment(context.Context, string, string) error {
	return errors.New("not found")
}

func TestRescheduleKeepsTheNewBookingWhenTheOldCannotBeCancelled(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	data := &cancelFails{c.data}
	in := Inbound{Tenant: c.ten, Customer: c.cust, Text: "remarcar", At: c.at}
	res, err := c.e.Handle(context.Background(), in, State{}, data)
	require.NoError(t, err)
	in.Text, in.At = "1", in.At.Add(time.Minute)
	res, err = c.e.Handle(context.Background(), in, res.State, data)
	require.Error(t, err)
	assert.Contains(t, res.Replies[0], "mas não consegui cancelar o anterior (*sex 04/12 às 10:00*)")
	assert.Len(t, c.data.appts["c-maria"], 2, "the new booking stays")
}

func TestTextsFallBackToDefaults(t *testing.T) {
	t.Parallel()
	texts := Texts{msgtemplate.KeyWelcome: "Oi!", msgtemplate.KeyGoodbye: " \n "}
	assert.Equal(t, "Oi!", texts.Get(msgtemplate.KeyWelcome))
	assert.Equal(t, msgtemplate.Default(msgtemplate.KeyGoodbye), texts.Get(msgtemplate.KeyGoodbye))
	assert.Equal(t, msgtemplate.Default(msgtemplate.KeyQuote), Texts(nil).Get(msgtemplate.KeyQuote))
}

func TestFastRepliesFromAnotherBotPause(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "novo")
	c.must(0, "oi")
	for i, text := range []string{"recebido", "ok, anotado", "entendido"} {
		res := c.must(400*time.Millisecond, text)
		if i < 2 {
			assert.NotEmpty(t, res.Replies, text)
			continue
		}
		assert.Empty(t, res.Replies)
		require.NotNil(t, res.Handoff)
		assert.Equal(t, ReasonPossibleBot, res.Handoff.Reason)
		assert.Equal(t, ModePaused, res.State.Mode)
	}
	// While it keeps talking, silence; quiet for the hand-off timeout, back.
	assert.Empty(t, c.must(time.Hour, "ok").Replies)
	assert.Empty(t, c.must(time.Hour+59*time.Minute, "ok").Replies)
	assert.NotEmpty(t, c.must(2*time.Hour, "oi").Replies)
}

func TestSlowHumanIsNeverPaused(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	for i := 0; i < 12; i++ {
		res := c.must(5*time.Second, "oi")
		assert.NotEmpty(t, res.Replies, i)
		assert.Nil(t, res.Handoff, i)
	}
}

func TestLooksLikeBot(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		"1 - Vendas\n2 - Suporte":                     true,
		"1️⃣ Vendas\n2️⃣ Suporte":                     true,
		"*1* Orçamento\n*2* Status":                   true,
		"1) sim\n2) não":                              true,
		"Esta é uma mensagem automática.":             true,
		"Digite o número da opção desejada":           true,
		"1 tela quebrada":                             false,
		"tenho 2 celulares\n1 iphone e 1 samsung":     false,
		"quero saber o preço de 2 telas":              false,
		"10:30 pode ser?\n11:00 também serve":         false,
		"oi, vi que vocês são assistência autorizada": false,
	} {
		assert.Equal(t, want, looksLikeBot(text, foldForTest(text)), text)
	}
}
