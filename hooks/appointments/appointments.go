package appointments

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// bindAppointments validates every appointment save (times, state
// machine) and checks REST creates and reschedules against capacity inside
// the write transaction.
func bindAppointments(app core.App, s *Service) {
	app.OnRecordCreate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		a := collections.AsAppointment(e.Record)
		if a.Status() == "" {
			a.SetStatus(collections.AppointmentScheduled)
		}
		if err := validate(e.App, a); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		a := collections.AsAppointment(e.Record)
		stored, err := scope.StoredVersion(e.App, e.Record)
		if err != nil {
			return err
		}
		old := collections.AsAppointment(stored)
		if err := validate(e.App, a); err != nil {
			return err
		}
		if !old.Status().CanMoveTo(a.Status()) {
			return apierr.Field(collections.AppointmentStatus, "invalid_transition",
				"Não é possível passar de "+old.Status().Label()+" para "+a.Status().Label()+".")
		}
		if moved(old, a) {
			if !a.Status().Holds() {
				return apierr.Field(collections.AppointmentStart, "not_reschedulable",
					"Só é possível remarcar um agendamento ativo.")
			}
			a.SetRemindersSent(nil) // remind of the new time
		}
		return e.Next()
	})

	app.OnRecordCreateRequest(collections.Appointments).BindFunc(func(e *core.RecordRequestEvent) error {
		a := collections.AsAppointment(e.Record)
		if a.Source() == "" {
			a.SetSource(collections.SourceStaff)
		}
		if a.Status() == "" {
			a.SetStatus(collections.AppointmentScheduled)
		}
		if !a.Status().Holds() {
			return apierr.BadRequest(apierr.CheckFields, apierr.Field(collections.AppointmentStatus, "invalid_status",
				"Um agendamento novo começa como agendado ou confirmado."))
		}
		return checkedSave(e, s)
	})
	app.OnRecordUpdateRequest(collections.Appointments).BindFunc(func(e *core.RecordRequestEvent) error {
		a := collections.AsAppointment(e.Record)
		old := collections.AsAppointment(e.Record.Original())
		if !a.Status().Holds() || (!moved(old, a) && old.Status().Holds()) {
			return e.Next()
		}
		return checkedSave(e, s)
	})
}

// checkedSave checks the appointment against the tenant's capacity and
// saves it in one transaction, so a concurrent booking cannot slip in
// between.
func checkedSave(e *core.RecordRequestEvent, s *Service) error {
	a := collections.AsAppointment(e.Record)
	if err := validateTimes(a); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}
	return e.App.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, a.Tenant())
		if err != nil {
			return router.NewNotFoundError("Não encontrado.", nil)
		}

		if err := checkFits(tx, t, a, checkStaff, s.now(), nil); err != nil {
			return fitError(err)
		}
		e.App = tx
		return e.Next()
	})
}

// fitError turns a failed check into a 400 on the start field.
func fitError(err error) error {
	var fe availability.FitError
	code, msg := "unavailable", "Horário indisponível."
	switch {
	case errors.As(err, &fe):
		code, msg = fe.Code(), sentence(fe.Error())
	case errors.Is(err, ErrPast):
		code, msg = "past", sentence(ErrPast.Error())
	case errors.Is(err, ErrTooLong):
		code, msg = "too_long", sentence(ErrTooLong.Error())
	case !errors.Is(err, ErrSlotTaken):
		return err
	}
	return apierr.BadRequest(msg, apierr.Field(collections.AppointmentStart, code, msg))
}

// validate checks the appointment's times and that its order (which the
// rules keep in the shop) is the customer's.
func validate(app core.App, a *collections.Appointment) error {
	if err := validateTimes(a); err != nil {
		return err
	}
	if a.Order() != "" {
		if or, err := scope.Find(app, collections.Orders, a.Tenant(), a.Order()); err == nil && collections.AsOrder(or).Customer() != a.Customer() {
			return apierr.Field(collections.AppointmentOrder, "other_customer", "Esta OS é de outro cliente.")
		}
	}
	return nil
}

// validateTimes checks that the appointment ends after it starts.
func validateTimes(a *collections.Appointment) error {
	if a.Start().IsZero() || a.End().IsZero() {
		return nil // the required-field validation reports it
	}
	if !a.End().After(a.Start()) {
		return apierr.Field(collections.AppointmentEnd, "end_before_start", "O fim deve ser depois do início.")
	}
	if a.End().Sub(a.Start()) > maxLength {
		return apierr.Field(collections.AppointmentEnd, "too_long", sentence(ErrTooLong.Error()))
	}
	return nil
}

// moved reports whether the appointment's times changed.
func moved(old, a *collections.Appointment) bool {
	return !old.Start().Equal(a.Start()) || !old.End().Equal(a.End())
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	if last := r[len(r)-1]; last != '.' && last != '!' && last != '?' {
		r = append(r, '.')
	}
	return string(r)
}
