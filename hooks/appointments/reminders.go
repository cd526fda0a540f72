package appointments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/msgtemplate"
)

// maxReminderLead is the earliest a reminder goes out (the settings allow
// up to 14 days before).
const maxReminderLead = 14 * 24 * time.Hour

// SendReminders queues the WhatsApp reminders due at now: before each
// scheduled or confirmed appointment, at the hours of the shop's
// ReminderHours (default 24 h and 2 h), and for orders ready and not
// collected PickupReminderDays after they were finished. Each reminder is
// queued once, even across restarts and repeated runs: the appointment
// records the reminders sent in the same transaction that queues the
// message (key "appt:<id>:<hours>h"), and a pick-up reminder's key names
// the order and when it became ready. A reminder that came due while the
// job did not run goes out once, the latest one only. The jobs runner
// schedules it (every 5 minutes); tests call it with explicit times.
func (s *Service) SendReminders(ctx context.Context, app core.App, now time.Time) error {
	now = now.UTC()
	tenants := map[string]*collections.Tenant{}
	tenantOf := func(id string) *collections.Tenant {
		if t, ok := tenants[id]; ok {
			return t
		}
		t, err := scope.Tenant(app, id)
		if err != nil || !t.Active() {
			t = nil
		}
		tenants[id] = t
		return t
	}
	var errs []error

	// A job across tenants: the one query every tenant's rows go through,
	// each row then handled with its own tenant's settings.
	recs, err := app.FindRecordsByFilter(collections.Appointments,
		collections.AppointmentStart+" > {:now} && "+collections.AppointmentStart+" <= {:until} && "+HoldsFilter, collections.AppointmentStart, 0, 0,
		dbx.Params{"now": dbtime.Format(now), "until": dbtime.Format(now.Add(maxReminderLead)),
			"s1": collections.AppointmentScheduled, "s2": collections.AppointmentConfirmed})
	if err != nil {
		return fmt.Errorf("appointments: reminders: %w", err)
	}
	for _, r := range recs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a := collections.AsAppointment(r)
		t := tenantOf(a.Tenant())
		if t == nil || len(dueHours(t, a, now)) == 0 {
			continue
		}
		if err := remind(app, t, a.Id, now); err != nil {
			errs = append(errs, err)
		}
	}

	orders, err := app.FindRecordsByFilter(collections.Orders,
		collections.OrderStatusField+" = {:ready} && "+collections.OrderCompletedAt+" != '' && "+collections.OrderCompletedAt+" <= {:before}",
		collections.OrderCompletedAt, 0, 0,
		dbx.Params{"ready": collections.StatusReady, "before": dbtime.Format(now.Add(-24 * time.Hour))})
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("appointments: pick-up reminders: %w", err))...)
	}
	for _, r := range orders {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		o := collections.AsOrder(r)
		t := tenantOf(o.Tenant())
		if t == nil {
			continue
		}
		ready := o.GetDateTime(collections.OrderCompletedAt).Time()
		if now.Before(ready.Add(time.Duration(t.Settings().PickupReminderDays) * 24 * time.Hour)) {
			continue
		}
		if err := remindPickup(app, t, o, ready, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// dueHours are the reminder hours of the tenant that are due at now for
// the appointment and not sent yet.
func dueHours(t *collections.Tenant, a *collections.Appointment, now time.Time) []int {
	sent := a.RemindersSent()
	var due []int
	for _, h := range t.Settings().ReminderHours {
		if !now.Before(a.Start().Add(-time.Duration(h)*time.Hour)) && !slices.Contains(sent, h) {
			due = append(due, h)
		}
	}
	return due
}

// remind queues the appointment's due reminder and records every due hour
// as sent, in one transaction.
func remind(app core.App, t *collections.Tenant, appointmentID string, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		r, err := scope.Find(tx, collections.Appointments, t.Id, appointmentID)
		if err != nil {
			return nil
		}
		a := collections.AsAppointment(r)
		due := dueHours(t, a, now)
		if len(due) == 0 || !a.Status().Holds() {
			return nil
		}
		h := slices.Min(due) // the latest one: the others are stale
		key := fmt.Sprintf("appt:%s:%dh", a.Id, h)
		if keyUsed(tx, key) {
			key += fmt.Sprintf(":%d", a.Start().Unix()) // rescheduled: remind of the new time
		}
		cr, err := scope.Find(tx, collections.Customers, t.Id, a.Customer())
		if err != nil {
			return nil
		}
		if _, err := messaging.Queue(tx, messaging.Outgoing{
			Tenant: t.Id, Customer: cr.Id, Text: reminderText(t, collections.AsCustomer(cr), a, now),
			Author: collections.AuthorSystem, Order: a.Order(), Key: key,
		}); err != nil {
			return fmt.Errorf("appointments: reminder %s: %w", key, err)
		}
		a.SetRemindersSent(append(a.RemindersSent(), due...))
		Quiet(a)
		if err := tx.Save(a); err != nil {
			return fmt.Errorf("appointments: reminder %s: %w", key, err)
		}
		return nil
	})
}

// keyUsed reports whether an outbox delivery with key exists.
func keyUsed(app core.App, key string) bool {
	_, err := app.FindFirstRecordByData(collections.Outbox, collections.OutboxIdempotencyKey, key)
	return err == nil
}

// reminderText is the appointment reminder a customer reads: the shop's
// wording (msgtemplate, settings.texts) or the default.
func reminderText(t *collections.Tenant, c *collections.Customer, a *collections.Appointment, now time.Time) string {
	key := msgtemplate.KeyAppointmentReminder
	if a.Status() == collections.AppointmentConfirmed {
		key = msgtemplate.KeyAppointmentReminderConfirmed
	}
	return msgtemplate.Compose(msgtemplate.Pick(t.Settings().Texts, key), map[string]string{
		msgtemplate.VarCliente:  br.FirstName(c.Name()),
		msgtemplate.VarLoja:     t.Name(),
		msgtemplate.VarTipo:     a.Kind().Label(),
		msgtemplate.VarData:     whenText(a.Start(), now, br.LoadLocation(t.Timezone())),
		msgtemplate.VarEndereco: address(t),
	})
}

// address is the shop's address as the reminders say it ("" when none).
func address(t *collections.Tenant) string {
	return strings.TrimSuffix(strings.TrimSpace(t.Address()), ".")
}

// whenText says when an appointment is, from now, in the shop's zone:
// "hoje às 16:00", "amanhã às 14:00", else the day in full
// ("sexta-feira, 27/11 às 09:30").
func whenText(start, now time.Time, loc *time.Location) string {
	s, n := start.In(loc), now.In(loc)
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	if d := day(s).Sub(day(n)); d == 0 || d == 24*time.Hour {
		return br.When(start, now, loc)
	}
	return br.WeekdayDateTime(start, loc)
}

// remindPickup queues the reminder of an order waiting to be collected,
// once per time it became ready; outside the shop's hours it waits for
// the opening unless the shop allows notifications at any hour.
func remindPickup(app core.App, t *collections.Tenant, o *collections.Order, ready, now time.Time) error {
	key := fmt.Sprintf("pickup:%s:%d", o.Id, ready.Unix())
	if keyUsed(app, key) {
		return nil
	}
	sched, err := Schedule(t)
	if err != nil {
		return err
	}
	var notBefore time.Time
	if !t.Settings().NotifyOutsideHours && !sched.IsOpen(now) {
		notBefore, _ = sched.NextOpen(now)
	}
	return app.RunInTransaction(func(tx core.App) error {
		if keyUsed(tx, key) {
			return nil
		}
		cr, err := scope.Find(tx, collections.Customers, t.Id, o.Customer())
		if err != nil || collections.AsCustomer(cr).WhatsAppOptOut() {
			return nil // an opted-out customer gets no notice (and no skipped row every run)
		}
		device := "aparelho"
		if dr, err := scope.Find(tx, collections.Devices, t.Id, o.Device()); err == nil {
			device = collections.AsDevice(dr).Label()
		}
		loc := br.LoadLocation(t.Timezone())
		text := msgtemplate.Compose(msgtemplate.Pick(t.Settings().Texts, msgtemplate.KeyPickupReminder), map[string]string{
			msgtemplate.VarCliente:  br.FirstName(collections.AsCustomer(cr).Name()),
			msgtemplate.VarLoja:     t.Name(),
			msgtemplate.VarAparelho: device,
			msgtemplate.VarOS:       strconv.Itoa(o.Number()),
			msgtemplate.VarData:     br.DayMonth(ready, loc),
			msgtemplate.VarEndereco: address(t),
			msgtemplate.VarHorario:  sched.Week().Summary(),
		})
		_, err = messaging.Queue(tx, messaging.Outgoing{Tenant: t.Id, Customer: cr.Id, Text: text,
			Author: collections.AuthorSystem, Order: o.Id, Key: key, NotBefore: notBefore})
		if err != nil {
			return fmt.Errorf("appointments: pick-up reminder %s: %w", key, err)
		}
		return nil
	})
}
