package appointments

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// Schedule builds the tenant's schedule (hours, holidays, zone) from its settings.
func Schedule(t *collections.Tenant) (*availability.Schedule, error) {
	s := t.Settings()
	sched, err := availability.NewSchedule(br.LoadLocation(t.Timezone()), *s.Hours, s.Holidays, nil)
	if err != nil {
		return nil, fmt.Errorf("appointments: schedule of %s: %w", t.Id, err)
	}
	return sched, nil
}

// Rules are the tenant's slot rules (slot length, buffer, capacity, notice, horizon) for kind.
// Every kind currently shares the shop's settings.
func Rules(t *collections.Tenant, kind collections.AppointmentKindValue) availability.Rules {
	s := t.Settings()
	return availability.Rules{
		SlotLength: time.Duration(s.SlotMinutes) * time.Minute,
		Buffer:     time.Duration(s.BufferMinutes) * time.Minute,
		MinNotice:  time.Duration(s.MinNoticeMinutes) * time.Minute,
		Horizon:    time.Duration(s.HorizonDays) * 24 * time.Hour,
		Capacity:   s.Capacity,
	}.WithDefaults()
}

// FreeSlots returns up to n free slots (n ≤ 0: all) of kind in [from, to), considering existing appointments and Google busy periods.
// A zero from or to is unbounded (the tenant's notice and horizon still apply).
// Busy periods come from a short-lived per-tenant cache; when app is a
// transaction only the cache is used (no outside call inside a transaction).
func (s *Service) FreeSlots(app core.App, tenantID string, now, from, to time.Time, kind collections.AppointmentKindValue, n int) ([]availability.Slot, error) {
	t, err := scope.Tenant(app, tenantID)
	if err != nil {
		return nil, fmt.Errorf("appointments: free slots: %w", err)
	}
	sched, err := Schedule(t)
	if err != nil {
		return nil, err
	}
	rules := Rules(t, kind)
	lo := now.Add(rules.MinNotice)
	if from.After(lo) {
		lo = from
	}
	hi := now.Add(rules.Horizon)
	if !to.IsZero() && to.Before(hi) {
		hi = to
	}
	if !hi.After(lo) {
		return nil, nil
	}
	// Asked for the first n slots (the assistant offers a few), look a week
	// at a time: the first free slots are usually days away, not a month.
	window := hi.Sub(lo)
	if n > 0 {
		window = min(window, slotsWindow)
	}
	span := rules.SlotLength + rules.Buffer
	var slots []availability.Slot
	for wlo := lo; wlo.Before(hi); wlo = wlo.Add(window) {
		whi := wlo.Add(window)
		if whi.After(hi) {
			whi = hi
		}
		bookings, err := holdingBookings(app, tenantID, wlo.Add(-span), whi.Add(span), "")
		if err != nil {
			return nil, err
		}
		busy := s.busyFor(app, t, now, bookings)
		slots = append(slots, sched.FreeSlots(rules, now, wlo, whi, toBookings(bookings), busy)...)
		if n > 0 && len(slots) >= n {
			return slots[:n], nil
		}
	}
	return slots, nil
}

// slotsWindow is how far FreeSlots looks at a time when asked for a few slots.
const slotsWindow = 7 * 24 * time.Hour

// BookRequest is an appointment to make.
type BookRequest struct {
	Tenant, Customer, Order string
	Kind                    collections.AppointmentKindValue
	Start, End              time.Time
	Notes, Source           string // source: "staff" | "whatsapp" | "api"
	Actor                   audit.Actor
	Now                     time.Time
}

// ErrSlotTaken is returned (wrapped) when the slot no longer fits (full, busy, closed, too soon…); the wrapped availability error says why.
var ErrSlotTaken = errors.New("appointments: slot taken")

// ErrNotFound is returned (wrapped) when the customer, order or
// appointment does not exist in the tenant.
var ErrNotFound = scope.ErrNotFound

// ErrInvalid is returned (wrapped) for a request that can never succeed
// (unknown kind, customer of another order…); its message is Portuguese.
var ErrInvalid = errors.New("appointments: invalid request")

// Book creates the appointment if it fits, atomically: two concurrent bookings of the last place cannot both succeed.
//
// Requests from staff are checked against capacity only (staff may book
// outside the hours and off the slot grid, never in the past); the others
// (WhatsApp, API) against every rule of the tenant: hours, holidays,
// notice, horizon, Google busy periods and capacity. An end before the
// start is filled in with the kind's slot length.
func (s *Service) Book(app core.App, req BookRequest) (*collections.Appointment, error) {
	if req.Now.IsZero() {
		req.Now = s.now()
	}
	if req.Source == "" {
		req.Source = collections.SourceAPI
	}
	if !req.Kind.Valid() {
		return nil, fmt.Errorf("%w: tipo de agendamento inválido: %q", ErrInvalid, req.Kind)
	}
	t, err := scope.Tenant(app, req.Tenant)
	if err != nil {
		return nil, fmt.Errorf("appointments: book: %w", err)
	}
	if !t.Active() {
		return nil, fmt.Errorf("%w: loja desativada", ErrInvalid)
	}
	if req.End.IsZero() || !req.End.After(req.Start) {
		req.End = req.Start.Add(Rules(t, req.Kind).SlotLength)
	}
	// Google's busy periods are read before the transaction: no outside
	// call inside it.
	var busy []availability.Period
	if req.Source != collections.SourceStaff {
		rules := Rules(t, req.Kind)
		span := rules.SlotLength + rules.Buffer
		near, err := holdingBookings(app, t.Id, req.Start.Add(-span), req.End.Add(span), "")
		if err != nil {
			return nil, err
		}
		busy = s.busyFor(app, t, req.Now, near)
	}

	var out *collections.Appointment
	err = app.RunInTransaction(func(tx core.App) error {
		cust, err := scope.Find(tx, collections.Customers, t.Id, req.Customer)
		if err != nil {
			return fmt.Errorf("appointments: book: %w", err)
		}
		if req.Order != "" {
			or, err := scope.Find(tx, collections.Orders, t.Id, req.Order)
			if err != nil {
				return fmt.Errorf("appointments: book: %w", err)
			}
			if collections.AsOrder(or).Customer() != cust.Id {
				return fmt.Errorf("%w: a ordem de serviço é de outro cliente", ErrInvalid)
			}
		}
		a, err := collections.NewAppointment(tx, t.Id)
		if err != nil {
			return err
		}
		a.SetCustomer(cust.Id)
		a.SetOrder(req.Order)
		a.SetKind(req.Kind)
		a.SetTimes(req.Start, req.End)
		a.SetNotes(strings.TrimSpace(req.Notes))
		a.SetSource(req.Source)
		mode := checkCustomer
		if req.Source == collections.SourceStaff {
			mode = checkStaff
		}
		if err := checkFits(tx, t, a, mode, req.Now, busy); err != nil {
			return err
		}
		audit.SetActor(a.Record, req.Actor)
		if err := tx.Save(a); err != nil {
			return fmt.Errorf("appointments: book: save: %w", err)
		}
		out = a
		return audit.Write(tx, audit.Entry{
			Tenant: t.Id, Actor: req.Actor, Action: collections.ActionCreate,
			Collection: collections.Appointments, Record: a.Id,
			Changes: map[string]any{"kind": string(req.Kind), "start": req.Start.UTC(), "end": req.End.UTC(), "source": req.Source},
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Cancel cancels an appointment of the tenant (the EventSink removes its
// event from the outside calendar).
// Cancelling a cancelled appointment is a no-op; one that is done or a
// no-show cannot be cancelled.
func Cancel(app core.App, tenantID, appointmentID string, actor audit.Actor) error {
	return setStatus(app, tenantID, appointmentID, collections.AppointmentCancelled, actor)
}

// Confirm marks a scheduled appointment of the tenant as confirmed (the
// customer answered a reminder). Confirming a confirmed appointment is a
// no-op; a cancelled one cannot be confirmed.
func Confirm(app core.App, tenantID, appointmentID string, actor audit.Actor) error {
	return setStatus(app, tenantID, appointmentID, collections.AppointmentConfirmed, actor)
}

// setStatus moves an appointment to status in one transaction with its
// audit line; the record hooks check the transition and tell the sink.
func setStatus(app core.App, tenantID, appointmentID string, status collections.AppointmentStatusValue, actor audit.Actor) error {
	return app.RunInTransaction(func(tx core.App) error {
		r, err := scope.Find(tx, collections.Appointments, tenantID, appointmentID)
		if err != nil {
			return fmt.Errorf("appointments: %s: %w", status, err)
		}
		a := collections.AsAppointment(r)
		from := a.Status()
		if from == status {
			return nil
		}
		if !from.CanMoveTo(status) {
			return fmt.Errorf("%w: não é possível passar de %s para %s", ErrInvalid, from.Label(), status.Label())
		}
		a.SetStatus(status)
		audit.SetActor(a.Record, actor)
		if err := tx.Save(a); err != nil {
			return fmt.Errorf("appointments: %s: %w", status, err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: actor, Action: collections.ActionUpdate,
			Collection: collections.Appointments, Record: a.Id,
			Changes: map[string]any{"status": map[string]string{"from": string(from), "to": string(status)}},
		})
	})
}

// Upcoming lists the customer's scheduled/confirmed appointments from now on.
// An appointment in progress (started, not yet ended) is included.
func Upcoming(app core.App, tenantID, customerID string, now time.Time) ([]*collections.Appointment, error) {
	recs, err := scope.List(app, collections.Appointments, tenantID,
		collections.AppointmentCustomer+" = {:c} && "+collections.AppointmentEnd+" > {:now} && "+HoldsFilter, collections.AppointmentStart, 0,
		dbx.Params{"c": customerID, "now": dbtime.Format(now), "s1": collections.AppointmentScheduled, "s2": collections.AppointmentConfirmed})
	if err != nil {
		return nil, fmt.Errorf("appointments: upcoming: %w", err)
	}
	out := make([]*collections.Appointment, len(recs))
	for i, r := range recs {
		out[i] = collections.AsAppointment(r)
	}
	return out, nil
}

// HoldsFilter matches appointments that hold their slot, with the params
// s1 and s2 set to scheduled and confirmed.
const HoldsFilter = "(" + collections.AppointmentStatus + " = {:s1} || " + collections.AppointmentStatus + " = {:s2})"

// held is an appointment that holds its slot, as the engine needs it.
type held struct {
	Start  types.DateTime `db:"start"`
	End    types.DateTime `db:"end"`
	Synced string         `db:"google_event_id"`
}

// holdingBookings loads the tenant's appointments that hold their slot and
// overlap [lo, hi), ordered by start, leaving out the appointment except.
// It reads three columns instead of whole records: FreeSlots runs it over
// a month of appointments on every call. The tenant condition is explicit
// (scope has no projection helper); the (tenant, start) index serves it.
func holdingBookings(app core.App, tenantID string, lo, hi time.Time, except string) ([]held, error) {
	if tenantID == "" {
		return nil, fmt.Errorf("appointments: bookings: %w", ErrNotFound)
	}
	q := app.DB().Select(collections.AppointmentStart, collections.AppointmentEnd, collections.AppointmentGoogleEventID).
		From(collections.Appointments).
		Where(dbx.HashExp{collections.AppointmentTenant: tenantID}).
		// Appointments last at most maxLength, so the start bounds the
		// index range from below too (the shop's history is not scanned).
		AndWhere(dbx.NewExp("[["+collections.AppointmentStart+"]] > {:first} AND [["+collections.AppointmentStart+"]] < {:hi} AND [["+collections.AppointmentEnd+"]] > {:lo}",
			dbx.Params{"first": dbtime.Format(lo.Add(-maxLength)), "lo": dbtime.Format(lo), "hi": dbtime.Format(hi)})).
		AndWhere(dbx.In(collections.AppointmentStatus, string(collections.AppointmentScheduled), string(collections.AppointmentConfirmed))).
		OrderBy(collections.AppointmentStart)
	if except != "" {
		q = q.AndWhere(dbx.Not(dbx.HashExp{collections.FieldID: except}))
	}
	var rows []held
	if err := q.All(&rows); err != nil {
		return nil, fmt.Errorf("appointments: bookings: %w", err)
	}
	return rows, nil
}

// toBookings converts held appointments to the engine's bookings (one unit each).
func toBookings(hs []held) []availability.Booking {
	out := make([]availability.Booking, len(hs))
	for i, h := range hs {
		out[i] = availability.Booking{Start: h.Start.Time(), End: h.End.Time(), Units: 1}
	}
	return out
}
