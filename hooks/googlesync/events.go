package googlesync

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/gcal"
)

// Private event properties that tie a Google event to its appointment.
const (
	propTenant      = "tenantId"
	propAppointment = "appointmentId"
)

// eventOf builds the Google event of an appointment: summary with the kind
// and the customer, description with customer, device, problem and notes,
// start/end in the shop's zone, and private properties naming the
// appointment.
func eventOf(app core.App, t *collections.Tenant, a *collections.Appointment) (gcal.Event, error) {
	cr, err := scope.Find(app, collections.Customers, t.Id, a.Customer())
	if err != nil {
		return gcal.Event{}, fmt.Errorf("googlesync: event of %s: %w", a.Id, err)
	}
	c := collections.AsCustomer(cr)
	summary := br.UpperFirst(a.Kind().Label()) + " – " + c.Name()
	switch a.Status() {
	case collections.AppointmentDone, collections.AppointmentNoShow:
		summary += " (" + a.Status().Label() + ")"
	}
	lines := []string{"Cliente: " + c.Name()}
	if c.Phone() != "" && !c.Erased() { // an erased customer's phone is a placeholder
		lines = append(lines, "WhatsApp: "+br.FormatPhone(c.Phone()))
	}
	if a.Order() != "" {
		if or, err := scope.Find(app, collections.Orders, t.Id, a.Order()); err == nil {
			o := collections.AsOrder(or)
			if dr, err := scope.Find(app, collections.Devices, t.Id, o.Device()); err == nil {
				lines = append(lines, "Aparelho: "+collections.AsDevice(dr).Label())
			}
			if o.Problem() != "" {
				lines = append(lines, "Problema: "+o.Problem())
			}
			lines = append(lines, fmt.Sprintf("OS nº %d", o.Number()))
		}
	}
	if a.Notes() != "" {
		lines = append(lines, "Observações: "+a.Notes())
	}
	lines = append(lines, "Situação: "+a.Status().Label(), "",
		"Agendado pelo Bancada. Mudanças de horário feitas aqui voltam para o sistema.")
	return gcal.Event{
		ID:          gcal.EventID(a.Id),
		Summary:     summary,
		Description: strings.Join(lines, "\n"),
		Location:    t.Address(),
		Start:       a.Start(),
		End:         a.End(),
		TimeZone:    br.LoadLocation(t.Timezone()).String(),
		Status:      gcal.StatusConfirmed,
		Private:     map[string]string{propTenant: t.Id, propAppointment: a.Id},
	}, nil
}

// differs reports whether Google's copy of an event needs a patch.
func differs(got *gcal.Event, want gcal.Event) bool {
	return got.Status != want.Status || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) ||
		got.Summary != want.Summary || got.Description != want.Description || got.Location != want.Location
}
