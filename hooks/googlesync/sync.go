package googlesync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
	"github.com/bancada/bancada/token"
)

// channelTTL is the lifetime asked for push channels; SyncAll renews them
// when less than channelRenew is left.
const (
	channelTTL   = 7 * 24 * time.Hour
	channelRenew = 24 * time.Hour
)

// syncMeta is stored beside a sync token: the calendar it belongs to.
type syncMeta struct {
	Calendar string `json:"calendar"`
}

// channelMeta is stored beside a push channel's (sealed) token.
type channelMeta struct {
	ID         string    `json:"id"`
	ResourceID string    `json:"resource_id"`
	Calendar   string    `json:"calendar"`
	Expiration time.Time `json:"expiration"`
}

// SyncAll brings every connected shop's appointments up to date with the
// changes made in Google (incremental with the stored syncToken; a full
// resync when Google answers 410) and renews push channels about to
// expire. The jobs runner schedules it (every 10 minutes); errors of one shop
// do not stop the others and are returned joined.
func (s *Service) SyncAll(ctx context.Context, app core.App) error {
	if _, ok := s.google(); !ok {
		return nil
	}
	recs, err := app.FindRecordsByFilter(collections.Tenants, collections.TenantGoogleStatus+" = {:s} && "+collections.TenantActive+" = true", "", 0, 0,
		dbx.Params{"s": collections.IntegrationConnected})
	if err != nil {
		return fmt.Errorf("googlesync: sync all: %w", err)
	}
	var errs []error
	for _, r := range recs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		t := collections.AsTenant(r)
		if err := s.syncTenant(ctx, app, t); err != nil {
			errs = append(errs, fmt.Errorf("tenant %s: %w", t.Id, err))
			continue
		}
		if err := s.renewChannel(ctx, app, t, s.clock()); err != nil {
			errs = append(errs, fmt.Errorf("tenant %s: channel: %w", t.Id, err))
		}
	}
	return errors.Join(errs...)
}

// syncTenant applies the changes made in the tenant's Google Calendar to
// its appointments and stores the next sync token.
func (s *Service) syncTenant(ctx context.Context, app core.App, t *collections.Tenant) error {
	cal, calID, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return err
	}
	var meta syncMeta
	token, err := getSecret(app, s.d.Vault, t.Id, collections.SecretGoogleSyncToken, &meta)
	if err != nil && !errors.Is(err, errNoSecret) {
		return err
	}
	if meta.Calendar != calID {
		token = ""
	}
	res, err := cal.SyncEvents(ctx, calID, token)
	if err != nil {
		return s.googleFailed(app, t.Id, err)
	}
	seen := make(map[string]bool, len(res.Events))
	for _, ev := range res.Events {
		seen[ev.ID] = ev.Status != gcal.StatusCancelled
		if err := s.applyEvent(app, t, ev); err != nil {
			return err
		}
	}
	if res.FullResync {
		if err := s.cancelMissing(app, t, seen); err != nil {
			return err
		}
	}
	s.busy.forget(t.Id)
	if res.NextSyncToken == "" {
		return nil
	}
	return putSecret(app, s.d.Vault, t.Id, collections.SecretGoogleSyncToken, res.NextSyncToken, syncMeta{Calendar: calID})
}

// appointmentOfEvent finds the tenant's appointment an event stands for:
// by its private properties (checked against the deterministic id), or by
// the stored event id. Other events are the owner's own: nil.
func appointmentOfEvent(app core.App, t *collections.Tenant, ev gcal.Event) *collections.Appointment {
	if id := ev.Private[propAppointment]; id != "" && ev.Private[propTenant] == t.Id && gcal.EventID(id) == ev.ID {
		if r, err := scope.Find(app, collections.Appointments, t.Id, id); err == nil {
			return collections.AsAppointment(r)
		}
		return nil
	}
	r, err := scope.FindFirst(app, collections.Appointments, t.Id, collections.AppointmentGoogleEventID+" = {:e}", dbx.Params{"e": ev.ID})
	if err != nil {
		return nil
	}
	return collections.AsAppointment(r)
}

// applyEvent applies one changed event: an appointment deleted in Google
// is cancelled, one moved there is moved (Google is where the owner
// dragged it: capacity is not re-checked).
func (s *Service) applyEvent(app core.App, t *collections.Tenant, ev gcal.Event) error {
	a := appointmentOfEvent(app, t, ev)
	if a == nil || !a.Status().Holds() {
		return nil
	}
	switch {
	case ev.Status == gcal.StatusCancelled:
		return s.saveFromGoogle(app, a, func(a *collections.Appointment) map[string]any {
			from := a.Status()
			a.SetStatus(collections.AppointmentCancelled)
			return map[string]any{"status": map[string]string{"from": string(from), "to": string(collections.AppointmentCancelled)},
				"reason": "evento apagado no Google"}
		})
	case ev.AllDay || ev.Start.IsZero() || ev.End.IsZero() || !ev.End.After(ev.Start):
		return nil
	case !ev.Start.Equal(a.Start()) || !ev.End.Equal(a.End()):
		return s.saveFromGoogle(app, a, func(a *collections.Appointment) map[string]any {
			ch := map[string]any{"start": map[string]time.Time{"from": a.Start(), "to": ev.Start},
				"end": map[string]time.Time{"from": a.End(), "to": ev.End}}
			a.SetTimes(ev.Start, ev.End)
			return ch
		})
	}
	return nil
}

// saveFromGoogle changes an appointment as Google says, with an audit line,
// without pushing the change back.
func (s *Service) saveFromGoogle(app core.App, a *collections.Appointment, change func(*collections.Appointment) map[string]any) error {
	return app.RunInTransaction(func(tx core.App) error {
		r, err := scope.Find(tx, collections.Appointments, a.Tenant(), a.Id)
		if err != nil {
			return nil
		}
		fa := collections.AsAppointment(r)
		changes := change(fa)
		appointments.Quiet(fa)
		audit.SetActor(fa.Record, googleActor)
		if err := tx.Save(fa); err != nil {
			return fmt.Errorf("googlesync: apply google change to %s: %w", a.Id, err)
		}
		return audit.Write(tx, audit.Entry{Tenant: a.Tenant(), Actor: googleActor, Action: collections.ActionUpdate,
			Collection: collections.Appointments, Record: a.Id, Changes: changes})
	})
}

// cancelMissing cancels, after a full resync, the upcoming appointments
// whose event (once synced) is no longer in the calendar: it was deleted
// in Google and purged from the incremental history.
func (s *Service) cancelMissing(app core.App, t *collections.Tenant, seen map[string]bool) error {
	recs, err := scope.List(app, collections.Appointments, t.Id,
		collections.AppointmentGoogleEventID+" != '' && "+collections.AppointmentEnd+" > {:now} && "+appointments.HoldsFilter, "", 0,
		dbx.Params{"now": dbtime.Format(s.clock()), "s1": collections.AppointmentScheduled, "s2": collections.AppointmentConfirmed})
	if err != nil {
		return err
	}
	for _, r := range recs {
		a := collections.AsAppointment(r)
		if seen[a.GoogleEventID()] {
			continue
		}
		err := s.saveFromGoogle(app, a, func(a *collections.Appointment) map[string]any {
			a.SetStatus(collections.AppointmentCancelled)
			return map[string]any{"status": map[string]string{"to": string(collections.AppointmentCancelled)}, "reason": "evento apagado no Google"}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// deliverSetup runs after a shop connects or picks another calendar: a
// full sync, then a push channel when the server is reachable over HTTPS.
func (s *Service) deliverSetup(ctx context.Context, d *outbox.Delivery) (any, error) {
	var p tenantPayload
	if err := d.Decode(&p); err != nil {
		return nil, retry.Permanent(err)
	}
	app := s.app
	t, ok, err := connectedTenant(app, p.Tenant)
	if err != nil || !ok {
		return "skipped: not connected", err
	}
	if err := s.syncTenant(ctx, app, t); err != nil {
		return nil, s.classify(app, t.Id, err)
	}
	if err := s.renewChannel(ctx, app, t, time.Time{}); err != nil {
		err = s.classify(app, t.Id, err)
		if !retry.IsPermanent(err) {
			return nil, err
		}
		// Google refused the channel (e.g. an address it cannot reach): the
		// periodic sync still brings changes in.
		app.Logger().Warn("googlesync: google push channel", "tenant", t.Id, "error", err)
		return "synced; no push channel: " + err.Error(), nil
	}
	return "synced", nil
}

// pushAddress is where Google posts notifications, or "" when the public
// URL is not HTTPS (Google only pushes to HTTPS addresses).
func (s *Service) pushAddress() string {
	if !strings.HasPrefix(s.d.PublicURL, "https://") {
		return ""
	}
	return s.publicURLOr("") + WebhookPath
}

// renewChannel opens a push channel on the tenant's calendar when it has
// none, it watches another calendar, or it expires within channelRenew of
// now (a zero now forces a new one), and stops the channel it replaces.
func (s *Service) renewChannel(ctx context.Context, app core.App, t *collections.Tenant, now time.Time) error {
	address := s.pushAddress()
	if address == "" {
		return nil
	}
	cal, calID, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return err
	}
	var old channelMeta
	_, err = getSecret(app, s.d.Vault, t.Id, collections.SecretGoogleChannel, &old)
	hasOld := err == nil && old.ID != ""
	if hasOld && !now.IsZero() && old.Calendar == calID && old.Expiration.Sub(now) > channelRenew {
		return nil
	}
	secret := token.Hex(32)
	id := t.Id + "-" + token.Hex(16)
	ch, err := cal.Watch(ctx, calID, id, address, secret, channelTTL)
	if err != nil {
		return s.googleFailed(app, t.Id, err)
	}
	meta := channelMeta{ID: ch.ID, ResourceID: ch.ResourceID, Calendar: calID, Expiration: ch.Expiration}
	if err := putSecret(app, s.d.Vault, t.Id, collections.SecretGoogleChannel, secret, meta); err != nil {
		return err
	}
	if hasOld {
		// Not fatal: an old channel left running expires on its own and its
		// notifications no longer match.
		if err := cal.StopChannel(ctx, old.ID, old.ResourceID); err != nil {
			app.Logger().Warn("googlesync: stop old channel", "tenant", t.Id, "error", err)
		}
	}
	return nil
}
