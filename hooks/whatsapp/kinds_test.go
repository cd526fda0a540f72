package whatsapp_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/whatsapp"
)

// TestAVisitTheAssistantBooksIsAVisitToTheShop: a customer who asks the
// assistant for a time at the shop gets an appointment of kind "visit"
// and a reminder of a visit to the shop, not of a technician's visit (the
// assistant's "visit" used to be stored as "onsite", "visita técnica").
// Its drop-offs stay drop-offs, and a reschedule keeps the kind.
func TestAVisitTheAssistantBooksIsAVisitToTheShop(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t)
	app := env.App
	shop := hooktest.SeedShop(t, app, "A", false)
	hooktest.Must(t, app.Delete(shop.Rec[collections.Appointments]))
	cust := shop.Rec[collections.Customers]
	d := whatsapp.NewData(app, collections.AsTenant(shop.Tenant), shop.Rec[collections.Conversations].Id, hooktest.Now, "https://loja.test/os")
	ctx := t.Context()

	// Thursday 26/11, 14:00 and 14:30 in São Paulo.
	visitAt := time.Date(2026, 11, 26, 17, 0, 0, 0, time.UTC)
	visit, err := d.Book(ctx, cust.Id, bot.Slot{Start: visitAt, End: visitAt.Add(30 * time.Minute)}, bot.KindVisit, "")
	require.NoError(t, err)
	dropAt := visitAt.Add(30 * time.Minute)
	drop, err := d.Book(ctx, cust.Id, bot.Slot{Start: dropAt, End: dropAt.Add(30 * time.Minute)}, bot.KindDropOff, "")
	require.NoError(t, err)
	kindOf := func(id string) string {
		r, err := app.FindRecordById(collections.Appointments, id)
		require.NoError(t, err)
		return r.GetString(collections.AppointmentKind)
	}
	require.Equal(t, "visit", kindOf(visit.ID))
	require.Equal(t, "dropoff", kindOf(drop.ID))
	// A conversation saved before, in the middle of booking a drop-off,
	// still holds the assistant's old word.
	oldAt := dropAt.Add(24 * time.Hour)
	old, err := d.Book(ctx, cust.Id, bot.Slot{Start: oldAt, End: oldAt.Add(30 * time.Minute)}, "drop-off", "")
	require.NoError(t, err)
	require.Equal(t, "dropoff", kindOf(old.ID))
	hooktest.Must(t, app.Delete(mustAppointment(t, app, old.ID)))
	upcoming, err := d.Appointments(ctx, cust.Id)
	require.NoError(t, err)
	require.Len(t, upcoming, 2)
	require.Equal(t, "visit", upcoming[0].Kind, "the assistant reschedules it as what it is")
	require.Equal(t, "dropoff", upcoming[1].Kind)

	require.NoError(t, env.Wired.Services.Appointments.SendReminders(ctx, app, visitAt.Add(-24*time.Hour)))
	rows, err := app.FindAllRecords(collections.Outbox, hooktest.Eq(collections.OutboxKind, messaging.KindSend,
		collections.OutboxIdempotencyKey, "appt:"+visit.ID+":24h"))
	require.NoError(t, err)
	require.Len(t, rows, 1)
	var p messaging.Payload
	require.NoError(t, json.Unmarshal([]byte(rows[0].GetString(collections.OutboxPayload)), &p))
	require.Equal(t, "Olá, Cliente! Lembrete do seu agendamento na *Loja A*: visita à loja *amanhã às 14:00*."+
		"\nResponda *SIM* para confirmar ou *CANCELAR* para desmarcar.", p.Text)
}

func mustAppointment(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collections.Appointments, id)
	require.NoError(t, err)
	return r
}
