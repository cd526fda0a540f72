package webhooksout

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/hooks/txhook"
)

// bindEvents turns record changes into events, inside the saving
// transaction, whoever writes (staff through REST, the assistant, Go).
func bindEvents(app core.App, s *service) {
	app.OnRecordCreate(collections.Orders).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), collections.EventOrderCreated, orderData(e.Record, ""))
		})
	})
	app.OnRecordUpdate(collections.Orders).BindFunc(func(e *core.RecordEvent) error {
		if !listening(e.App, e.Record.GetString(collections.FieldTenant)) {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			stored, err := scope.StoredVersion(tx, e.Record)
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			tenant := e.Record.GetString(collections.FieldTenant)
			before, after := collections.AsOrder(stored), collections.AsOrder(e.Record)
			if before.Status() != after.Status() {
				if err := s.emit(tx, tenant, collections.EventOrderStatusChanged, orderData(e.Record, string(before.Status()))); err != nil {
					return err
				}
			}
			if fullyPaid(after) && !fullyPaid(before) {
				return s.emit(tx, tenant, collections.EventOrderPaid, orderData(e.Record, ""))
			}
			return nil
		})
	})
	app.OnRecordCreate(collections.Customers).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), collections.EventCustomerCreated, customerData(e.Record))
		})
	})
	app.OnRecordCreate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			if e.Record.GetString(collections.AppointmentStatus) == string(collections.AppointmentCancelled) {
				return nil
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), collections.EventAppointmentBooked, appointmentData(e.Record))
		})
	})
	app.OnRecordUpdate(collections.Appointments).BindFunc(func(e *core.RecordEvent) error {
		if !listening(e.App, e.Record.GetString(collections.FieldTenant)) {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			stored, err := scope.StoredVersion(tx, e.Record)
			if err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			cancelled := string(collections.AppointmentCancelled)
			if e.Record.GetString(collections.AppointmentStatus) != cancelled || stored.GetString(collections.AppointmentStatus) == cancelled {
				return nil
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), collections.EventAppointmentCancelled, appointmentData(e.Record))
		})
	})
	app.OnRecordCreate(collections.Messages).BindFunc(func(e *core.RecordEvent) error {
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			if e.Record.GetString(collections.MessageDirection) != collections.DirectionIn {
				return nil
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), collections.EventMessageReceived, messageData(e.Record))
		})
	})
}

// fullyPaid reports an order with something to pay and nothing left.
func fullyPaid(o *collections.Order) bool { return o.Total() > 0 && o.Paid() >= o.Total() }

// orderData is an order as receivers see it (never its tracking token).
func orderData(r *core.Record, previousStatus string) map[string]any {
	o := collections.AsOrder(r)
	d := map[string]any{
		"id": r.Id, "number": o.Number(), "status": string(o.Status()),
		"customer": o.Customer(), "device": r.GetString(collections.OrderDevice),
		"total_cents": o.Total(), "paid_cents": o.Paid(),
	}
	if previousStatus != "" {
		d["previous_status"] = previousStatus
	}
	return d
}

// customerData is a customer as receivers see it.
func customerData(r *core.Record) map[string]any {
	return map[string]any{
		"id": r.Id, "name": r.GetString(collections.CustomerName), "phone": r.GetString(collections.CustomerPhone),
		"email": r.GetString(collections.CustomerEmail),
	}
}

// appointmentData is an appointment as receivers see it.
func appointmentData(r *core.Record) map[string]any {
	return map[string]any{
		"id": r.Id, "customer": r.GetString(collections.AppointmentCustomer), "order": r.GetString(collections.AppointmentOrder),
		"kind": r.GetString(collections.AppointmentKind), "status": r.GetString(collections.AppointmentStatus),
		"start": r.GetDateTime(collections.AppointmentStart).Time().UTC().Format("2006-01-02T15:04:05Z"),
		"end":   r.GetDateTime(collections.AppointmentEnd).Time().UTC().Format("2006-01-02T15:04:05Z"),
	}
}

// messageData is an incoming WhatsApp message as receivers see it.
func messageData(r *core.Record) map[string]any {
	return map[string]any{
		"id": r.Id, "conversation": r.GetString(collections.MessageConversation),
		"text": r.GetString(collections.MessageText), "order": r.GetString(collections.MessageOrder),
	}
}
