package appointments

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
)

// quietMark marks an appointment save the EventSink must not hear of: a
// change that came from the outside calendar, or bookkeeping (its event
// id, the reminders sent).
const quietMark = "@appointments_quiet"

// Quiet marks the next save of a so that the EventSink does not hear of
// it (a change that came from the outside calendar, or bookkeeping).
func Quiet(a *collections.Appointment) { a.SetRaw(quietMark, true) }

// isQuiet reports whether r's save was marked with Quiet.
func isQuiet(r *core.Record) bool { return r.GetRaw(quietMark) == true }

// SyncedFields are the fields whose change the EventSink hears of.
var SyncedFields = []string{
	collections.AppointmentStart, collections.AppointmentEnd, collections.AppointmentStatus, collections.AppointmentKind,
	collections.AppointmentNotes, collections.AppointmentCustomer, collections.AppointmentOrder,
}

// bindSink tells the EventSink, in the saving transaction, of every
// appointment created, changed in a synced field or deleted (saves marked
// Quiet excepted).
func bindSink(app core.App, s *Service) {
	sink := s.d.Sink
	if sink == nil {
		return
	}
	app.OnRecordCreate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			if isQuiet(e.Record) {
				return nil
			}
			return sink.AppointmentSaved(tx, collections.AsAppointment(e.Record))
		})
	})
	app.OnRecordUpdate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			stored, err := scope.StoredVersion(tx, e.Record)
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			if isQuiet(e.Record) || !changed(stored, e.Record, SyncedFields) {
				return nil
			}
			return sink.AppointmentSaved(tx, collections.AsAppointment(e.Record))
		})
	})
	app.OnRecordDelete(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return sink.AppointmentDeleted(tx, collections.AsAppointment(e.Record))
		})
	})
}

// changed reports whether any of fields differs between two versions.
func changed(old, cur *core.Record, fields []string) bool {
	for _, f := range fields {
		if fmt.Sprint(old.Get(f)) != fmt.Sprint(cur.Get(f)) {
			return true
		}
	}
	return false
}
