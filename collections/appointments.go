package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Appointment fields.
const (
	AppointmentTenant        = FieldTenant
	AppointmentCustomer      = "customer"
	AppointmentOrder         = "order"
	AppointmentKind          = "kind"
	AppointmentStart         = "start"
	AppointmentEnd           = "end"
	AppointmentStatus        = "status"
	AppointmentNotes         = "notes"
	AppointmentSource        = "source"
	AppointmentGoogleEventID = "google_event_id"
	AppointmentRemindersSent = "reminders_sent"
)

// AppointmentKindValue is what an appointment is for.
type AppointmentKindValue string

// Appointment kinds: the one vocabulary, shared by the staff app, the
// WhatsApp assistant (package bot) and the reminders.
const (
	KindDropOff AppointmentKindValue = "dropoff"
	KindPickUp  AppointmentKindValue = "pickup"
	// KindOnSite is a technician's visit to the customer.
	KindOnSite    AppointmentKindValue = "onsite"
	KindDiagnosis AppointmentKindValue = "diagnosis"
	// KindVisit is the customer's visit to the shop for anything else
	// (what the assistant books when the customer just asks for a time).
	KindVisit AppointmentKindValue = "visit"
)

// AppointmentKinds lists every kind.
var AppointmentKinds = []AppointmentKindValue{KindDropOff, KindPickUp, KindOnSite, KindDiagnosis, KindVisit}

// Label is the kind in Brazilian Portuguese.
func (k AppointmentKindValue) Label() string {
	switch k {
	case KindDropOff:
		return "entrega do aparelho"
	case KindPickUp:
		return "retirada do aparelho"
	case KindOnSite:
		return "visita técnica"
	case KindDiagnosis:
		return "diagnóstico"
	case KindVisit:
		return "visita à loja"
	}
	return string(k)
}

// AppointmentStatusValue is the state of an appointment.
type AppointmentStatusValue string

// Appointment states.
const (
	AppointmentScheduled AppointmentStatusValue = "scheduled"
	AppointmentConfirmed AppointmentStatusValue = "confirmed"
	AppointmentCancelled AppointmentStatusValue = "cancelled"
	AppointmentNoShow    AppointmentStatusValue = "no_show"
	AppointmentDone      AppointmentStatusValue = "done"
)

// AppointmentStatuses lists every appointment state.
var AppointmentStatuses = []AppointmentStatusValue{AppointmentScheduled, AppointmentConfirmed, AppointmentCancelled, AppointmentNoShow, AppointmentDone}

// Holds reports whether the appointment occupies its slot.
func (s AppointmentStatusValue) Holds() bool {
	return s == AppointmentScheduled || s == AppointmentConfirmed
}

func defineAppointments(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	ordersID, err := idOf(app, Orders)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: AppointmentCustomer, CollectionId: customersID, Required: true, MaxSelect: 1},
		relationTo(AppointmentOrder, ordersID),
		selectOne(AppointmentKind, true, stringsOf(AppointmentKinds)...),
		&core.DateField{Name: AppointmentStart, Required: true},
		&core.DateField{Name: AppointmentEnd, Required: true},
		selectOne(AppointmentStatus, true, stringsOf(AppointmentStatuses)...),
		text(AppointmentNotes, 1000),
		selectOne(AppointmentSource, false, SourceStaff, SourceWhatsApp, SourceGoogle, SourceAPI),
		text(AppointmentGoogleEventID, 1024),
		jsonField(AppointmentRemindersSent, 4<<10),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_appointments_tenant_start", false, "tenant, start", "")
	c.AddIndex("idx_appointments_tenant_customer", false, "tenant, customer", "")
	c.AddIndex("idx_appointments_start_status", false, "start, status", "")
	access{
		read: RolesAll, create: RolesAll, update: RolesAll, delete: RolesAdmin,
		relations: []relation{{field: AppointmentCustomer}, {field: AppointmentOrder}},
	}.applyTo(c)
	return nil
}

// Appointment is a typed proxy of an appointments record.
type Appointment struct{ core.BaseRecordProxy }

// AsAppointment wraps an appointments record.
func AsAppointment(r *core.Record) *Appointment {
	a := &Appointment{}
	a.SetProxyRecord(r)
	return a
}

// Customer is the customer's id.
func (a *Appointment) Customer() string { return a.GetString(AppointmentCustomer) }

// Kind is what the appointment is for.
func (a *Appointment) Kind() AppointmentKindValue {
	return AppointmentKindValue(a.GetString(AppointmentKind))
}

// Start is when it begins (UTC).
func (a *Appointment) Start() time.Time { return a.GetDateTime(AppointmentStart).Time() }

// End is when it ends (UTC).
func (a *Appointment) End() time.Time { return a.GetDateTime(AppointmentEnd).Time() }

// Status is the appointment's state.
func (a *Appointment) Status() AppointmentStatusValue {
	return AppointmentStatusValue(a.GetString(AppointmentStatus))
}

// NewAppointment returns an unsaved, scheduled appointment of the tenant.
func NewAppointment(app core.App, tenantID string) (*Appointment, error) {
	c, err := app.FindCachedCollectionByNameOrId(Appointments)
	if err != nil {
		return nil, err
	}
	a := AsAppointment(core.NewRecord(c))
	a.Set(AppointmentTenant, tenantID)
	a.SetStatus(AppointmentScheduled)
	return a, nil
}

// Tenant is the id of the shop the appointment belongs to.
func (a *Appointment) Tenant() string { return a.GetString(AppointmentTenant) }

// SetCustomer sets the customer's id.
func (a *Appointment) SetCustomer(id string) { a.Set(AppointmentCustomer, id) }

// Order is the related order's id ("" when none).
func (a *Appointment) Order() string { return a.GetString(AppointmentOrder) }

// SetOrder sets the related order's id.
func (a *Appointment) SetOrder(id string) { a.Set(AppointmentOrder, id) }

// SetKind sets what the appointment is for.
func (a *Appointment) SetKind(k AppointmentKindValue) { a.Set(AppointmentKind, string(k)) }

// SetTimes sets when it begins and ends (stored in UTC).
func (a *Appointment) SetTimes(start, end time.Time) {
	a.Set(AppointmentStart, start.UTC())
	a.Set(AppointmentEnd, end.UTC())
}

// SetStatus sets the appointment's state.
func (a *Appointment) SetStatus(s AppointmentStatusValue) { a.Set(AppointmentStatus, string(s)) }

// Notes are free text about the appointment.
func (a *Appointment) Notes() string { return a.GetString(AppointmentNotes) }

// SetNotes sets the notes.
func (a *Appointment) SetNotes(v string) { a.Set(AppointmentNotes, v) }

// Source is where the appointment was made: staff, whatsapp, google or api.
func (a *Appointment) Source() string { return a.GetString(AppointmentSource) }

// SetSource sets where the appointment was made.
func (a *Appointment) SetSource(v string) { a.Set(AppointmentSource, v) }

// GoogleEventID is the id of the appointment's event in the shop's Google Calendar.
func (a *Appointment) GoogleEventID() string { return a.GetString(AppointmentGoogleEventID) }

// SetGoogleEventID sets the Google event id.
func (a *Appointment) SetGoogleEventID(v string) { a.Set(AppointmentGoogleEventID, v) }

// RemindersSent lists the reminders already sent, by hours before the start.
func (a *Appointment) RemindersSent() []int {
	var hours []int
	_ = a.UnmarshalJSONField(AppointmentRemindersSent, &hours)
	return hours
}

// SetRemindersSent records the reminders sent.
func (a *Appointment) SetRemindersSent(hours []int) { a.Set(AppointmentRemindersSent, hours) }

// Valid reports whether s is a known appointment state.
func (s AppointmentStatusValue) Valid() bool {
	for _, v := range AppointmentStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// Label is the state in Brazilian Portuguese.
func (s AppointmentStatusValue) Label() string {
	switch s {
	case AppointmentScheduled:
		return "agendado"
	case AppointmentConfirmed:
		return "confirmado"
	case AppointmentCancelled:
		return "cancelado"
	case AppointmentNoShow:
		return "não compareceu"
	case AppointmentDone:
		return "realizado"
	}
	return string(s)
}

// Valid reports whether k is a known appointment kind.
func (k AppointmentKindValue) Valid() bool {
	for _, v := range AppointmentKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Appointment sources.
const (
	SourceStaff    = "staff"
	SourceWhatsApp = "whatsapp"
	SourceGoogle   = "google"
	SourceAPI      = "api"
)
