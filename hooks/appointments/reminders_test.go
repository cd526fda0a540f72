package appointments_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/internal/testclock"
)

// sent lists the WhatsApp deliveries queued for a tenant: key → text.
func sent(t testing.TB, app core.App, tenantID string) map[string]string {
	t.Helper()
	rows, err := app.FindAllRecords(collections.Outbox, hooktest.Eq(collections.OutboxKind, messaging.KindSend, collections.OutboxTenant, tenantID))
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rows {
		var p messaging.Payload
		require.NoError(t, json.Unmarshal([]byte(r.GetString(collections.OutboxPayload)), &p))
		out[r.GetString(collections.OutboxIdempotencyKey)] = p.Text
	}
	return out
}

// TestRemindersFireOnceAtTheRightTime drives SendReminders with explicit
// clocks: 24 h and 2 h before, once each however often the job runs,
// never for cancelled appointments, again after a reschedule.
func TestRemindersFireOnceAtTheRightTime(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	a := f.A
	tn := collections.AsTenant(a.Tenant)
	tn.SetAddress("Rua das Flores, 10 - Centro")
	require.NoError(t, app.Save(tn))
	ctx := context.Background()
	run := func(now time.Time) {
		t.Helper()
		require.NoError(t, svc.SendReminders(ctx, app, now))
	}
	seeded := a.Rec[collections.Appointments].Id // Thursday 26/11 14:00
	cancelled := appointment(t, app, a.ID(), a.Rec[collections.Customers].Id, at(26, 15, 0), 30, collections.AppointmentScheduled)
	require.NoError(t, appointments.Cancel(app, a.ID(), cancelled.Id, audit.System))

	run(hooktest.Now) // 48 h before: nothing yet
	assert.Empty(t, sent(t, app, a.ID()))
	run(at(25, 13, 59))
	assert.Empty(t, sent(t, app, a.ID()), "one minute too early")

	run(at(25, 14, 0))
	msgs := sent(t, app, a.ID())
	require.Len(t, msgs, 1)
	text := msgs["appt:"+seeded+":24h"]
	assert.Equal(t, "Olá, Cliente! Lembrete do seu agendamento na *Loja A*: entrega do aparelho *amanhã às 14:00*."+
		"\nEndereço: Rua das Flores, 10 - Centro.\nResponda *SIM* para confirmar ou *CANCELAR* para desmarcar.", text)
	for _, now := range []time.Time{at(25, 14, 0), at(25, 14, 5), at(26, 9, 0)} {
		run(now) // the job runs every few minutes, and again after a restart
	}
	assert.Len(t, sent(t, app, a.ID()), 1, "exactly once")
	assert.Equal(t, []int{24}, reload(t, app, seeded).RemindersSent())

	require.NoError(t, appointments.Confirm(app, a.ID(), seeded, audit.Actor{Label: "cliente"}))
	run(at(26, 12, 0))
	msgs = sent(t, app, a.ID())
	require.Len(t, msgs, 2)
	assert.Contains(t, msgs["appt:"+seeded+":2h"], "*hoje às 14:00*")
	assert.Contains(t, msgs["appt:"+seeded+":2h"], "Se não puder vir, responda *CANCELAR*", "already confirmed")
	run(at(26, 13, 0))
	run(at(26, 14, 30)) // after it started: nothing
	assert.Len(t, sent(t, app, a.ID()), 2)
	for k := range sent(t, app, a.ID()) {
		assert.NotContains(t, k, cancelled.Id, "no reminder for a cancelled appointment")
	}

	// Booked late (both reminders due at once): one message, both marked.
	late := appointment(t, app, a.ID(), a.Rec[collections.Customers].Id, at(27, 10, 0), 30, collections.AppointmentScheduled)
	run(at(27, 9, 0))
	msgs = sent(t, app, a.ID())
	require.Len(t, msgs, 3)
	assert.Contains(t, msgs, "appt:"+late.Id+":2h")
	assert.ElementsMatch(t, []int{24, 2}, reload(t, app, late.Id).RemindersSent())

	// Rescheduled after its reminder: reminded again of the new time.
	r := reload(t, app, late.Id)
	r.SetTimes(at(28, 10, 0), at(28, 10, 30))
	require.NoError(t, app.Save(r))
	run(at(27, 10, 0))
	msgs = sent(t, app, a.ID())
	require.Len(t, msgs, 4)
	var again string
	for k, v := range msgs {
		if strings.HasPrefix(k, "appt:"+late.Id+":24h") {
			again = v
		}
	}
	assert.Contains(t, again, "*amanhã às 10:00*")

	// Another shop's hours: B reminds 48 h before only; A's job run sends
	// B's with B's own texts.
	configure(t, app, f.B.Tenant, func(s *collections.TenantSettings) { s.ReminderHours = []int{48} })
	bAppt := appointment(t, app, f.B.ID(), f.B.Rec[collections.Customers].Id, at(30, 10, 0), 30, collections.AppointmentScheduled)
	run(at(28, 10, 0))
	bMsgs := sent(t, app, f.B.ID())
	assert.Contains(t, bMsgs["appt:"+bAppt.Id+":48h"], "*Loja B*")
	for k := range bMsgs {
		assert.NotContains(t, k, seeded)
	}
	// The deactivated shop gets none.
	appointment(t, app, f.C.ID(), f.C.Rec[collections.Customers].Id, at(30, 10, 0), 30, collections.AppointmentScheduled)
	run(at(29, 11, 0))
	assert.Len(t, sent(t, app, f.C.ID()), 0)
}

// ready walks an order to "ready" at the clock's time.
func ready(t testing.TB, app core.App, orderID string) {
	t.Helper()
	r, err := app.FindRecordById(collections.Orders, orderID)
	require.NoError(t, err)
	o := collections.AsOrder(r)
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 30000}})
	for _, s := range []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved,
		collections.StatusRepairing, collections.StatusReady} {
		o.SetStatus(s)
		require.NoError(t, app.Save(o))
	}
}

func TestPickupReminders(t *testing.T) {
	t.Parallel()
	c := testclock.New(at(10, 10, 0))
	env := hooktest.New(t, func(d *deps.Deps) { d.Now = c.Now })
	app, svc := env.App, env.Wired.Services.Appointments
	f := lightSeed(t, app)
	a := f.A
	ctx := context.Background()
	run := func(now time.Time) {
		t.Helper()
		require.NoError(t, svc.SendReminders(ctx, app, now))
	}
	order := a.Rec[collections.Orders].Id
	ready(t, app, order) // ready on 10/11 at 10:00
	optedOut := hooktest.NewCustomer(t, app, a.ID(), "Sem Mensagens")
	cr, err := app.FindRecordById(collections.Customers, optedOut.Id)
	require.NoError(t, err)
	cr.Set(collections.CustomerWhatsAppOptOut, true)
	require.NoError(t, app.Save(cr))
	quiet := hooktest.NewOrder(t, app, a.ID(), optedOut.Id, hooktest.NewDevice(t, app, a.ID(), optedOut.Id).Id)
	ready(t, app, quiet.Id)
	notReady := hooktest.NewOrder(t, app, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
	_ = notReady

	run(at(17, 9, 59)) // 7 days minus a minute
	assert.Empty(t, sent(t, app, a.ID()))
	run(at(17, 10, 0))
	msgs := sent(t, app, a.ID())
	require.Len(t, msgs, 1, "the opted-out customer and the open order get nothing")
	var key, text string
	for k, v := range msgs {
		key, text = k, v
	}
	assert.True(t, strings.HasPrefix(key, "pickup:"+order+":"), key)
	assert.Contains(t, text, "Seu *Apple iPhone 11* (OS nº")
	assert.Contains(t, text, "está pronto desde 10/11 e aguarda retirada na *Loja A*")
	assert.Contains(t, text, "Horário: segunda a sexta: 09:00–18:00; sábado: 09:00–13:00; domingo: fechado.")
	run(at(18, 10, 0))
	run(at(25, 10, 0))
	assert.Len(t, sent(t, app, a.ID()), 1, "once")

	// Sunday: the reminder waits for Monday's opening.
	c.Set(at(10, 10, 0))
	other := hooktest.NewOrder(t, app, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
	ready(t, app, other.Id)
	run(at(22, 12, 0))
	rows, err := app.FindAllRecords(collections.Outbox, hooktest.Eq(collections.OutboxIdempotencyKey,
		"pickup:"+other.Id+":"+strconv.FormatInt(at(10, 10, 0).Unix(), 10)))
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, at(23, 9, 0).UTC(), rows[0].GetDateTime(collections.OutboxNotBefore).Time())
}
