package googlesync_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gapi "google.golang.org/api/calendar/v3"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/googlesync"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/integrations/gcal"
)

// event returns the fake's copy of an appointment's event.
func event(t testing.TB, g *gEnv, calendarID, appointmentID string) *gapi.Event {
	t.Helper()
	id := gcal.EventID(appointmentID)
	for _, e := range g.Fake.Events(calendarID) {
		if e.Id == id {
			return e
		}
	}
	t.Fatalf("no event for appointment %s", appointmentID)
	return nil
}

// TestSyncToGoogle: appointment changes reach Google through the outbox:
// insert under the deterministic id (idempotent when retried), patch on
// reschedule, delete on cancel and on delete, with the customer, device
// and problem in the event.
func TestSyncToGoogle(t *testing.T) {
	t.Parallel()
	g := newGoogleEnv(t, false)
	a := g.F.A
	g.connect(t, a)
	cal := g.Fake.PrimaryCalendarID()
	tn := g.tenant(t, a)
	tn.SetAddress("Rua das Flores, 10, São Paulo")
	require.NoError(t, g.App.Save(tn))

	ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: a.Rec[collections.Customers].Id,
		Order: a.Rec[collections.Orders].Id, Kind: collections.KindDropOff, Start: at(25, 10, 0), Notes: "traz a nota fiscal",
		Source: collections.SourceWhatsApp, Now: g.Clock.Now()})
	require.NoError(t, err)
	rows := g.outboxRows(t, googlesync.KindUpsert)
	g.drain(t)
	ev := event(t, g, cal, ap.Id)
	assert.Equal(t, "Entrega do aparelho – Cliente A", ev.Summary)
	for _, want := range []string{"Cliente: Cliente A", "Aparelho: Apple iPhone 11", "Problema: Tela quebrada", "OS nº", "Observações: traz a nota fiscal"} {
		assert.Contains(t, ev.Description, want)
	}
	assert.Equal(t, "Rua das Flores, 10, São Paulo", ev.Location)
	assert.Equal(t, "2026-11-25T10:00:00-03:00", ev.Start.DateTime)
	assert.Equal(t, "America/Sao_Paulo", ev.Start.TimeZone)
	assert.Equal(t, map[string]string{"tenantId": a.ID(), "appointmentId": ap.Id}, ev.ExtendedProperties.Private)
	assert.Equal(t, gcal.EventID(ap.Id), reload(t, g.App, ap.Id).GoogleEventID())
	assert.Len(t, g.outboxRows(t, googlesync.KindUpsert), len(rows), "storing the event id pushes nothing")

	// A retry after Google stored the event but we lost the answer: the
	// insert meets its own id (409) and patches instead of duplicating.
	r := reload(t, g.App, ap.Id)
	r.SetGoogleEventID("")
	r.SetNotes("traz a nota fiscal e o carregador")
	require.NoError(t, g.App.Save(r))
	g.drain(t)
	assert.Len(t, liveEvents(g, cal), 2, "the seeded appointment and this one, no duplicate")
	assert.Contains(t, event(t, g, cal, ap.Id).Description, "e o carregador")

	// Rescheduled: patched.
	r = reload(t, g.App, ap.Id)
	r.SetTimes(at(25, 15, 0), at(25, 15, 30))
	require.NoError(t, g.App.Save(r))
	g.drain(t)
	assert.Equal(t, "2026-11-25T15:00:00-03:00", event(t, g, cal, ap.Id).Start.DateTime)

	// Cancelled: deleted in Google.
	require.NoError(t, appointments.Cancel(g.App, a.ID(), ap.Id, audit.Actor{Label: "cliente"}))
	g.drain(t)
	assert.Equal(t, "cancelled", event(t, g, cal, ap.Id).Status)
	assert.Empty(t, reload(t, g.App, ap.Id).GoogleEventID())

	// Booked again: the same event id comes back to life.
	r = reload(t, g.App, ap.Id)
	r.SetStatus(collections.AppointmentScheduled)
	require.NoError(t, g.App.Save(r))
	g.drain(t)
	assert.Equal(t, "confirmed", event(t, g, cal, ap.Id).Status)

	// Deleted record: its event goes too.
	require.NoError(t, g.App.Delete(reload(t, g.App, ap.Id)))
	g.drain(t)
	assert.Equal(t, "cancelled", event(t, g, cal, ap.Id).Status)

	for _, row := range g.outboxRows(t, googlesync.KindUpsert) {
		assert.Equal(t, collections.OutboxSent, row.GetString(collections.OutboxStatus), row.GetString(collections.OutboxLastError))
		assert.Equal(t, googlesync.Lane(a.ID()), row.GetString(collections.OutboxLane))
	}
	// Shop B is not connected: its appointments queue nothing.
	appointment(t, g.App, g.F.B.ID(), g.F.B.Rec[collections.Customers].Id, at(25, 10, 0), 30, collections.AppointmentScheduled)
	for _, row := range g.outboxRows(t, googlesync.KindUpsert) {
		assert.Equal(t, a.ID(), row.GetString(collections.OutboxTenant))
	}
}

// TestSyncFromGoogle: moves and deletions made in Google come back with
// the incremental sync; an expired sync token (410) falls back to a full
// resync; the owner's own events only count as busy time.
func TestSyncFromGoogle(t *testing.T) {
	t.Parallel()
	g := newGoogleEnv(t, false)
	a, b := g.F.A, g.F.B
	configure(t, g.App, a.Tenant, func(s *collections.TenantSettings) { s.Capacity = 2 })
	g.connect(t, a)
	cal := g.Fake.PrimaryCalendarID()
	cust := a.Rec[collections.Customers].Id
	mk := func(day, hour int) *collections.Appointment {
		ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: cust, Kind: collections.KindDropOff,
			Start: at(day, hour, 0), Source: collections.SourceStaff, Now: g.Clock.Now()})
		require.NoError(t, err)
		return ap
	}
	moved, deleted, purged, kept := mk(25, 10), mk(25, 11), mk(25, 12), mk(25, 15)
	bAppt := appointment(t, g.App, b.ID(), b.Rec[collections.Customers].Id, at(25, 10, 0), 30, collections.AppointmentScheduled)
	g.drain(t)
	sync := func() {
		t.Helper()
		require.NoError(t, g.Sync.SyncAll(context.Background(), g.App))
		g.drain(t)
	}
	upserts := len(g.outboxRows(t, googlesync.KindUpsert))

	require.NoError(t, g.Fake.MoveEvent(cal, gcal.EventID(moved.Id), at(26, 9, 0), at(26, 10, 0)))
	require.NoError(t, g.Fake.DeleteEventExternally(cal, gcal.EventID(deleted.Id)))
	sync()
	m := reload(t, g.App, moved.Id)
	assert.Equal(t, at(26, 9, 0).UTC(), m.Start())
	assert.Equal(t, at(26, 10, 0).UTC(), m.End())
	assert.Equal(t, collections.AppointmentScheduled, m.Status())
	assert.Equal(t, collections.AppointmentCancelled, reload(t, g.App, deleted.Id).Status())
	assert.Equal(t, collections.AppointmentScheduled, reload(t, g.App, kept.Id).Status())
	assert.Equal(t, at(25, 10, 0).UTC(), reload(t, g.App, bAppt.Id).Start(), "B untouched")
	assert.Len(t, g.outboxRows(t, googlesync.KindUpsert), upserts, "changes from Google are not pushed back")
	logged, err := g.App.FindAllRecords(collections.AuditLog, hooktest.Eq(collections.AuditRecord, moved.Id, collections.AuditActorLabel, "Google Agenda"))
	require.NoError(t, err)
	assert.Len(t, logged, 1)

	// Nothing changed: a second sync changes nothing.
	sync()
	assert.Equal(t, at(26, 9, 0).UTC(), reload(t, g.App, moved.Id).Start())

	// The sync token expires (410) while an event is deleted: the full
	// resync finds it missing and cancels the appointment.
	token := mustSecret(t, g, a.ID(), collections.SecretGoogleSyncToken)
	g.Fake.InvalidateSyncTokens()
	require.NoError(t, g.Fake.DeleteEventExternally(cal, gcal.EventID(purged.Id)))
	sync()
	assert.Equal(t, collections.AppointmentCancelled, reload(t, g.App, purged.Id).Status())
	assert.Equal(t, collections.AppointmentScheduled, reload(t, g.App, kept.Id).Status())
	assert.Equal(t, at(26, 9, 0).UTC(), reload(t, g.App, moved.Id).Start())
	assert.NotEqual(t, token, mustSecret(t, g, a.ID(), collections.SecretGoogleSyncToken), "a new sync token")

	// The owner's own events are busy time, not appointments; our own
	// events are not counted twice.
	_, err = g.Fake.CreateEventExternally(cal, &gapi.Event{Summary: "Dentista",
		Start: &gapi.EventDateTime{DateTime: "2026-11-27T10:00:00-03:00"}, End: &gapi.EventDateTime{DateTime: "2026-11-27T11:00:00-03:00"}})
	require.NoError(t, err)
	sync()
	n, err := g.App.CountRecords(collections.Appointments, hooktest.Eq(collections.AppointmentTenant, a.ID()))
	require.NoError(t, err)
	assert.EqualValues(t, 5, n, "no appointment made from the owner's event")
	slots, err := g.Appts.FreeSlots(g.App, a.ID(), g.Clock.Now(), at(25, 0, 0), at(28, 0, 0), collections.KindDropOff, 0)
	require.NoError(t, err)
	free := map[string]int{}
	for _, s := range slots {
		free[s.Start.In(sp).Format("02 15:04")] = s.Free
	}
	assert.NotContains(t, free, "27 10:00", "busy in Google")
	assert.NotContains(t, free, "27 10:30", "busy in Google")
	assert.Equal(t, 2, free["27 11:00"])
	assert.Equal(t, 1, free["25 15:00"], "our own synced appointment counts once, as a booking")
	assert.Equal(t, 2, free["25 10:00"], "the cancelled one frees its place")
	_, err = g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: cust, Kind: collections.KindDropOff,
		Start: at(27, 10, 30), Source: collections.SourceWhatsApp, Now: g.Clock.Now()})
	require.ErrorIs(t, err, appointments.ErrSlotTaken)
	assert.Contains(t, err.Error(), "indisponível na agenda")
}

// TestGooglePushNotifications: with an HTTPS public URL a push channel is
// opened; Google's notifications are authenticated by channel id and token,
// stored, and run the shop's incremental sync; forged ones are refused.
func TestGooglePushNotifications(t *testing.T) {
	t.Parallel()
	g := newGoogleEnv(t, true)
	a, b := g.F.A, g.F.B
	g.connect(t, a)
	require.Len(t, g.Fake.Channels(), 1, "one channel for the connected shop")
	ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: a.Rec[collections.Customers].Id,
		Kind: collections.KindDiagnosis, Start: at(25, 10, 0), Source: collections.SourceStaff, Now: g.Clock.Now()})
	require.NoError(t, err)
	g.drain(t)
	bAppt := appointment(t, g.App, b.ID(), b.Rec[collections.Customers].Id, at(25, 10, 0), 30, collections.AppointmentScheduled)

	// The owner drags the event in Google: the push arrives before MoveEvent
	// returns; processing it syncs.
	require.NoError(t, g.Fake.MoveEvent(g.Fake.PrimaryCalendarID(), gcal.EventID(ap.Id), at(25, 16, 0), at(25, 16, 30)))
	// (The channel's first "sync" message arrives in the background; count
	// the change notifications only.)
	changes := func() []*core.Record {
		rows, err := g.App.FindAllRecords(collections.WebhookEvents,
			hooktest.Eq(collections.WebhookProvider, googlesync.Provider, collections.WebhookEventType, gcal.ResourceStateExists))
		require.NoError(t, err)
		return rows
	}
	stored := changes()
	require.Len(t, stored, 1)
	assert.Equal(t, a.ID(), stored[0].GetString(collections.WebhookTenant))
	g.drain(t)
	assert.Equal(t, at(25, 16, 0).UTC(), reload(t, g.App, ap.Id).Start())
	assert.Equal(t, at(25, 10, 0).UTC(), reload(t, g.App, bAppt.Id).Start(), "B untouched")

	var ch struct{ id, token string }
	ch.id = channelID(t, g, a.ID())
	push := func(id, token, state string) int {
		req, _ := http.NewRequest(http.MethodPost, g.Srv.URL+googlesync.WebhookPath, strings.NewReader(""))
		for k, v := range map[string]string{gcal.HeaderChannelID: id, gcal.HeaderChannelToken: token,
			gcal.HeaderResourceID: "r1", gcal.HeaderResourceState: state, gcal.HeaderMessageNumber: "99"} {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		res, err := g.Srv.Client().Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	assert.Equal(t, http.StatusForbidden, push(ch.id, "wrong-token", "exists"))
	assert.Equal(t, http.StatusForbidden, push(b.ID()+"-abc", "x", "exists"), "B has no channel")
	assert.Equal(t, http.StatusForbidden, push("nope", "x", "exists"))
	assert.Equal(t, http.StatusBadRequest, push("", "", ""))
	assert.Len(t, changes(), 1, "nothing stored for refused pushes")

	// The channel is renewed by SyncAll when it is about to expire.
	g.Clock.Add(6*24*time.Hour + time.Hour)
	require.NoError(t, g.Sync.SyncAll(context.Background(), g.App))
	assert.NotEqual(t, ch.id, channelID(t, g, a.ID()), "a new channel")
	assert.Len(t, g.Fake.Channels(), 1, "the old one stopped")
}

// channelID reads the id of the shop's push channel from its secret's meta.
func channelID(t testing.TB, g *gEnv, tenantID string) string {
	t.Helper()
	r, err := g.App.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}",
		map[string]any{"t": tenantID, "k": collections.SecretGoogleChannel})
	require.NoError(t, err)
	var meta struct{ ID string }
	require.NoError(t, r.UnmarshalJSONField(collections.SecretMeta, &meta))
	require.True(t, strings.HasPrefix(meta.ID, tenantID+"-"))
	return meta.ID
}
