package whatsapp_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/whatsapp"
	"github.com/bancada/bancada/integrations/evolution"
)

// outboxRow returns the outbox row of a message.
func (r *rig) outboxRow(m *collections.Message) *core.Record {
	r.t.Helper()
	rec, err := r.app.FindFirstRecordByFilter(collections.Outbox, "payload ~ {:id}", dbx.Params{"id": m.Id})
	require.NoError(r.t, err)
	return rec
}

func (r *rig) message(id string) *collections.Message {
	r.t.Helper()
	rec, err := r.app.FindRecordById(collections.Messages, id)
	require.NoError(r.t, err)
	return collections.AsMessage(rec)
}

func TestDeliveryRetriesUntilItIsSentOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	r.fake.FailNext(inst, 2, http.StatusServiceUnavailable)
	m, err := queueTo(r.app, r.f.A, "Seu aparelho está pronto!")
	require.NoError(t, err)

	for attempt := 1; attempt <= 3; attempt++ {
		r.drain()
		r.clock.Add(time.Minute)
	}
	sent := r.fake.Sent(inst)
	require.Len(t, sent, 1, "sent exactly once")
	require.Equal(t, "Seu aparelho está pronto!", sent[0].Text)
	require.Equal(t, r.f.A.Rec[collections.Customers].GetString(collections.CustomerPhone), sent[0].Number)
	row := r.outboxRow(m)
	require.Equal(t, collections.OutboxSent, row.GetString(collections.OutboxStatus))
	require.Equal(t, 3, row.GetInt(collections.OutboxAttempts))
	got := r.message(m.Id)
	require.Equal(t, collections.MessageSent, got.Status())
	require.Equal(t, sent[0].ID, got.GetString(collections.MessageWAID))

	// A crash after the send but before the row was marked: the message
	// already carries its WhatsApp id, so it is not sent again.
	row.Set(collections.OutboxStatus, collections.OutboxPending)
	require.NoError(t, r.app.Save(row))
	r.drain()
	require.Len(t, r.fake.Sent(inst), 1)
}

func TestPermanentFailuresGoToTheDeadLetters(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())

	r.fake.SetNotOnWhatsApp(r.f.A.Rec[collections.Customers].GetString(collections.CustomerPhone))
	m, err := queueTo(r.app, r.f.A, "Olá!")
	require.NoError(t, err)
	r.drain()
	require.Equal(t, collections.OutboxDead, r.outboxRow(m).GetString(collections.OutboxStatus), "no retry for a number without WhatsApp")
	require.Contains(t, r.outboxRow(m).GetString(collections.OutboxLastError), "not on WhatsApp")
	got := r.message(m.Id)
	require.Equal(t, collections.MessageFailed, got.Status())
	require.Equal(t, "Este número não tem WhatsApp.", got.GetString(collections.MessageError))

	// A disconnected shop is retried with backoff, then given up.
	require.NoError(t, evolutionClient(r).Logout(t.Context(), inst))
	c := newCustomer(t, r.app, r.f.A.ID())
	m2, err := messaging.Queue(r.app, messaging.Outgoing{Tenant: r.f.A.ID(), Customer: c.Id, Text: "Oi de novo", Author: collections.AuthorBot})
	require.NoError(t, err)
	for range 10 {
		r.drain()
		r.clock.Add(time.Hour)
	}
	row := r.outboxRow(m2)
	require.Equal(t, collections.OutboxDead, row.GetString(collections.OutboxStatus))
	require.Equal(t, 8, row.GetInt(collections.OutboxAttempts), "retried up to the cap")
	require.Equal(t, "O WhatsApp da loja está desconectado.", r.message(m2.Id).GetString(collections.MessageError))
	require.Empty(t, r.fake.Sent(inst))
}

// Messages to one shop's WhatsApp are spaced by its interval while
// another shop's go in parallel at its own pace (on the outbox's clock).
func TestPacingPerInstance(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(d *deps.Deps) { d.Config.WhatsAppMinInterval = 1200 * time.Millisecond })
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	tb := r.tenant(r.f.B)
	st := tb.Settings()
	st.WhatsAppMinIntervalMS = 300
	tb.SetSettings(st)
	require.NoError(t, r.app.Save(tb))
	for i := range 3 {
		_, err := queueTo(r.app, r.f.A, "A"+string(rune('1'+i)))
		require.NoError(t, err)
		_, err = queueTo(r.app, r.f.B, "B"+string(rune('1'+i)))
		require.NoError(t, err)
	}
	sent := func() [2]int {
		return [2]int{len(r.fake.Sent(whatsappInstance(r.f.A))), len(r.fake.Sent(whatsappInstance(r.f.B)))}
	}
	steps := []struct {
		advance time.Duration
		want    [2]int
	}{
		{0, [2]int{1, 1}},                      // both shops at once
		{299 * time.Millisecond, [2]int{1, 1}}, // B's pace not yet over
		{time.Millisecond, [2]int{1, 2}},       // 300 ms: B's second
		{300 * time.Millisecond, [2]int{1, 3}},
		{599 * time.Millisecond, [2]int{1, 3}}, // 1199 ms: A still waits
		{time.Millisecond, [2]int{2, 3}},       // 1200 ms: A's second
		{1200 * time.Millisecond, [2]int{3, 3}},
	}
	for i, step := range steps {
		r.clock.Add(step.advance)
		require.NoError(t, r.env.Deps.Outbox.Drain(t.Context()))
		require.Equal(t, step.want, sent(), "step %d", i)
	}
}

// The same on the wall clock: the real worker, the real pace, measured
// where the messages arrive (the fake Evolution). Loose bounds: other
// processes share the machine.
func TestPacingMeasuredOnTheWallClock(t *testing.T) {
	t.Parallel()
	const globalGap, shopGap = 150 * time.Millisecond, 60 * time.Millisecond
	r := newRig(t, func(d *deps.Deps) { d.Config.WhatsAppMinInterval = globalGap })
	r.clock.Real()
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	tb := r.tenant(r.f.B)
	st := tb.Settings()
	st.WhatsAppMinIntervalMS = int(shopGap / time.Millisecond)
	tb.SetSettings(st)
	require.NoError(t, r.app.Save(tb))

	const n = 4
	for i := range n {
		_, err := queueTo(r.app, r.f.A, "A"+string(rune('1'+i)))
		require.NoError(t, err)
		_, err = queueTo(r.app, r.f.B, "B"+string(rune('1'+i)))
		require.NoError(t, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.env.Deps.Outbox.Run(ctx) }()
	_, err := r.fake.WaitSent(ctx, 2*n)
	require.NoError(t, err)
	cancel()
	require.NoError(t, <-done)

	// The span from the first to the last arrival, not the smallest gap:
	// one send delayed by a busy machine shortens the gap after it, but
	// not the span, which unpaced sends would cover in a few milliseconds.
	span := func(inst string) time.Duration {
		sent := r.fake.Sent(inst)
		require.Len(t, sent, n)
		return sent[n-1].At.Sub(sent[0].At)
	}
	spanA, spanB := span(whatsappInstance(r.f.A)), span(whatsappInstance(r.f.B))
	t.Logf("shop A: %d sends over %v (pace %v); shop B: over %v (pace %v)", n, spanA, globalGap, spanB, shopGap)
	require.Greater(t, spanA, (n-1)*globalGap/2, "shop A is paced")
	require.Greater(t, spanB, (n-1)*shopGap/2, "shop B is paced")
}

func TestReceiptsUpdateTheDeliveryStatus(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	m, err := queueTo(r.app, r.f.A, "Olá!")
	require.NoError(t, err)
	r.drain()
	waID := r.message(m.Id).GetString(collections.MessageWAID)
	require.NotEmpty(t, waID)

	for _, step := range []struct {
		status string
		want   collections.MessageStatusValue
	}{
		{"SERVER_ACK", collections.MessageSent},
		{"DELIVERY_ACK", collections.MessageDelivered},
		{"READ", collections.MessageRead},
		{"DELIVERY_ACK", collections.MessageRead}, // late: never backwards
		{"PLAYED", collections.MessageRead},
	} {
		status, err := r.fake.PostMessageUpdate(inst, waID, step.status)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status)
		r.drain()
		require.Equal(t, step.want, r.message(m.Id).Status(), step.status)
	}
}

// Billing notices go out from the platform's own instance, with the
// global key, when one is configured.
func TestPlatformMessages(t *testing.T) {
	t.Parallel()
	queue := func(r *rig, key string) {
		require.NoError(t, r.app.RunInTransaction(func(tx core.App) error {
			return messaging.QueuePlatform(tx, r.f.A.ID(), "5511988887777", "Sua assinatura vence amanhã.", key)
		}))
		r.drain()
	}
	r := newRig(t)
	queue(r, "billing:1")
	row, err := r.app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, "billing:1")
	require.NoError(t, err)
	require.Equal(t, collections.OutboxDead, row.GetString(collections.OutboxStatus), "no platform instance configured")

	r = newRig(t, func(d *deps.Deps) { d.Config.PlatformWhatsAppInstance = "plataforma" })
	ctx := t.Context()
	_, err = evolutionClient(r).CreateInstance(ctx, evolution.CreateInstanceRequest{InstanceName: "plataforma"})
	require.NoError(t, err)
	_, _ = r.fake.ScanQR("plataforma", "5511955554444")
	queue(r, "billing:2")
	sent := r.fake.Sent("plataforma")
	require.Len(t, sent, 1)
	require.Equal(t, "Sua assinatura vence amanhã.", sent[0].Text)
}
