package googlesync

import (
	"context"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// Outbox kinds of the Google Calendar sync.
const (
	// KindUpsert pushes an appointment's current state to its Google event
	// (insert, patch, or delete when cancelled).
	KindUpsert = "gcal.upsert"
	// KindDelete deletes the event of an appointment that no longer exists
	// (or moved to another calendar).
	KindDelete = "gcal.delete"
	// KindSetup runs after a shop connects or picks a calendar: full sync
	// and a push channel.
	KindSetup = "gcal.setup"
	// KindRevoke stops the push channel and revokes the grant of a shop
	// that disconnected.
	KindRevoke = "gcal.revoke"
)

// Lane is the outbox lane of a tenant's Google Calendar: its calls go one
// at a time, in order.
func Lane(tenantID string) string { return "gcal:" + tenantID }

// upsertPayload names the appointment to push.
type upsertPayload struct {
	Tenant      string `json:"tenant"`
	Appointment string `json:"appointment"`
}

// deletePayload names the event to delete.
type deletePayload struct {
	Tenant   string `json:"tenant"`
	Event    string `json:"event"`
	Calendar string `json:"calendar"`
}

// tenantPayload names the tenant of a setup.
type tenantPayload struct {
	Tenant string `json:"tenant"`
}

// revokePayload carries what a disconnect must undo at Google; the grant
// is sealed with the vault.
type revokePayload struct {
	Tenant        string `json:"tenant"`
	SealedToken   string `json:"sealed_token"`
	ChannelID     string `json:"channel_id,omitempty"`
	ChannelResID  string `json:"channel_resource_id,omitempty"`
	ChannelCalend string `json:"channel_calendar,omitempty"`
}

// enqueueUpsert queues the push of an appointment to Google with tx.
func enqueueUpsert(tx core.App, tenantID, appointmentID string) error {
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: tenantID, Kind: KindUpsert, Lane: Lane(tenantID),
		Key:     KindUpsert + ":" + appointmentID + ":" + core.GenerateDefaultRandomId(),
		Payload: upsertPayload{Tenant: tenantID, Appointment: appointmentID},
	})
	return err
}

// enqueueDelete queues the deletion of an event with tx.
func enqueueDelete(tx core.App, tenantID, eventID, calendarID string) error {
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: tenantID, Kind: KindDelete, Lane: Lane(tenantID),
		Key:     KindDelete + ":" + eventID + ":" + core.GenerateDefaultRandomId(),
		Payload: deletePayload{Tenant: tenantID, Event: eventID, Calendar: calendarID},
	})
	return err
}

// enqueueSetup queues the setup of a tenant's calendar with tx.
func enqueueSetup(tx core.App, tenantID string) error {
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: tenantID, Kind: KindSetup, Lane: Lane(tenantID),
		Key:     KindSetup + ":" + tenantID + ":" + core.GenerateDefaultRandomId(),
		Payload: tenantPayload{Tenant: tenantID},
	})
	return err
}

// AppointmentSaved queues, in the saving transaction tx, the push of an
// appointment of a connected tenant to Google (appointments.EventSink).
func (s *Service) AppointmentSaved(tx core.App, a *collections.Appointment) error {
	t, err := scope.Tenant(tx, a.Tenant())
	if err != nil || t.GoogleStatus() != collections.IntegrationConnected {
		return nil
	}
	s.busy.forget(a.Tenant())
	return enqueueUpsert(tx, a.Tenant(), a.Id)
}

// AppointmentDeleted queues, in the deleting transaction tx, the deletion
// of a deleted appointment's Google event (appointments.EventSink).
func (s *Service) AppointmentDeleted(tx core.App, a *collections.Appointment) error {
	t, err := scope.Tenant(tx, a.Tenant())
	if err != nil || a.GoogleEventID() == "" || t.GoogleStatus() != collections.IntegrationConnected {
		return nil
	}
	s.busy.forget(a.Tenant())
	return enqueueDelete(tx, a.Tenant(), a.GoogleEventID(), calendarOf(t))
}

// calendarOf is the calendar a tenant syncs with.
func calendarOf(t *collections.Tenant) string {
	if id := t.GoogleCalendar(); id != "" {
		return id
	}
	return primaryCalendar
}

// connectedTenant loads a delivery's tenant and tells whether it still
// syncs with Google; deliveries for tenants that do not are dropped (a
// reconnect pushes every upcoming appointment again).
func connectedTenant(app core.App, tenantID string) (*collections.Tenant, bool, error) {
	t, err := scope.Tenant(app, tenantID)
	if err != nil {
		return nil, false, retry.Permanent(err)
	}
	return t, t.GoogleStatus() == collections.IntegrationConnected, nil
}

// deliverUpsert pushes an appointment's current state to Google: a
// cancelled appointment's event is deleted, any other is inserted under
// its deterministic id (idempotent on retry) or patched.
func (s *Service) deliverUpsert(ctx context.Context, d *outbox.Delivery) (any, error) {
	var p upsertPayload
	if err := d.Decode(&p); err != nil {
		return nil, retry.Permanent(err)
	}
	app := s.app
	t, ok, err := connectedTenant(app, p.Tenant)
	if err != nil || !ok {
		return "skipped: not connected", err
	}
	r, err := scope.Find(app, collections.Appointments, t.Id, p.Appointment)
	if err != nil {
		return "skipped: appointment gone", nil
	}
	a := collections.AsAppointment(r)
	cal, calID, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return nil, s.classify(app, t.Id, err)
	}
	defer s.busy.forget(t.Id)
	if a.Status() == collections.AppointmentCancelled {
		if a.GoogleEventID() == "" {
			return "skipped: never synced", nil
		}
		if err := cal.DeleteEvent(ctx, calID, a.GoogleEventID()); err != nil {
			return nil, s.classify(app, t.Id, err)
		}
		return "deleted", s.setEventID(app, a, "")
	}
	ev, err := eventOf(app, t, a)
	if err != nil {
		return nil, retry.Permanent(err)
	}
	var got *gcal.Event
	if a.GoogleEventID() != "" {
		got, err = cal.PatchEvent(ctx, calID, a.GoogleEventID(), ev)
		if gcal.IsNotFound(err) {
			got, err = nil, nil // gone from this calendar: insert it again
		}
		if err != nil {
			return nil, s.classify(app, t.Id, err)
		}
	}
	if got == nil {
		got, err = cal.InsertEvent(ctx, calID, ev)
		if err != nil {
			return nil, s.classify(app, t.Id, err)
		}
		// The id existed already (an earlier attempt, or an event deleted
		// before): bring it up to date, reviving it when cancelled.
		if differs(got, ev) {
			if got, err = cal.PatchEvent(ctx, calID, ev.ID, ev); err != nil {
				return nil, s.classify(app, t.Id, err)
			}
		}
	}
	if a.GoogleEventID() != got.ID {
		if err := s.setEventID(app, a, got.ID); err != nil {
			return nil, err
		}
	}
	return map[string]string{"event": got.ID, "calendar": calID}, nil
}

// setEventID records the appointment's Google event id without pushing
// the save back to Google.
func (s *Service) setEventID(app core.App, a *collections.Appointment, id string) error {
	fresh, err := scope.Find(app, collections.Appointments, a.Tenant(), a.Id)
	if err != nil {
		return nil // deleted meanwhile
	}
	fa := collections.AsAppointment(fresh)
	fa.SetGoogleEventID(id)
	appointments.Quiet(fa)
	if err := app.Save(fa); err != nil {
		return fmt.Errorf("googlesync: store event id: %w", err)
	}
	return nil
}

// deliverDelete deletes an event (already gone counts as deleted).
func (s *Service) deliverDelete(ctx context.Context, d *outbox.Delivery) (any, error) {
	var p deletePayload
	if err := d.Decode(&p); err != nil {
		return nil, retry.Permanent(err)
	}
	app := s.app
	t, ok, err := connectedTenant(app, p.Tenant)
	if err != nil || !ok {
		return "skipped: not connected", err
	}
	cal, _, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return nil, s.classify(app, t.Id, err)
	}
	if err := cal.DeleteEvent(ctx, p.Calendar, p.Event); err != nil {
		return nil, s.classify(app, t.Id, err)
	}
	s.busy.forget(t.Id)
	return "deleted", nil
}

// classify maps a Google failure to the outbox's retry policy: grants that
// are gone and requests Google refuses are permanent; rate limits, 5xx,
// network errors and a 401 (retried after a refresh) are retried.
func (s *Service) classify(app core.App, tenantID string, err error) error {
	switch {
	case errors.Is(err, errGoogleOff), errors.Is(err, errNotConnected):
		return retry.Permanent(err)
	}
	err = s.googleFailed(app, tenantID, err)
	switch {
	case errors.Is(err, errNotConnected):
		return retry.Permanent(err)
	case gcal.IsAuth(err), gcal.IsRetryable(err):
		return err
	}
	if _, ok := gcal.APIError(err); ok {
		return retry.Permanent(err)
	}
	return err
}
