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
	onCreate(app, s, collections.Orders, func(r *core.Record) (string, map[string]any) {
		return collections.EventOrderCreated, orderData(r, "")
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
	onCreate(app, s, collections.Customers, func(r *core.Record) (string, map[string]any) {
		return collections.EventCustomerCreated, customerData(r)
	})
	onCreate(app, s, collections.Appointments, func(r *core.Record) (string, map[string]any) {
		if r.GetString(collections.AppointmentStatus) == string(collections.AppointmentCancelled) {
			return "", nil
		}
		return collections.EventAppointmentBooked, appointmentData(r)
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
	onCreate(app, s, collections.Messages, func(r *core.Record) (string, map[string]any) {
		if r.GetString(collections.MessageDirection) != collections.DirectionIn {
			return "", nil
		}
		return collections.EventMessageReceived, messageData(r)
	})
}

// onCreate emits the event that event names for every record of
// collection created in a shop with an active endpoint ("" emits nothing),
// in the creating transaction. Shops without endpoints (most of them) pay
// one indexed look-up, not a transaction.
func onCreate(app core.App, s *service, collection string, event func(*core.Record) (string, map[string]any)) {
	app.OnRecordCreate(collection).BindFunc(func(e *core.RecordEvent) error {
		if t := e.Record.GetString(collections.FieldTenant); t != "" && !listening(e.App, t) {
			return e.Next()
		}
		return txhook.Run(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			typ, data := event(e.Record)
			if typ == "" {
				return nil
			}
			return s.emit(tx, e.Record.GetString(collections.FieldTenant), typ, data)
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
