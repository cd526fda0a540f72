package appointments

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/assert"

	"github.com/bancada/bancada/collections"
)

// TestReminderTextUsesTheShopsWording: the reminder is the shop's own
// wording when it wrote one (settings.texts), else the default; a shop
// without an address gets no address line.
func TestReminderTextUsesTheShopsWording(t *testing.T) {
	t.Parallel()
	tcol := core.NewBaseCollection(collections.Tenants)
	tcol.Fields.Add(&core.JSONField{Name: collections.TenantSettingsField})
	ccol := core.NewBaseCollection(collections.Customers)
	acol := core.NewBaseCollection(collections.Appointments)
	tn := collections.AsTenant(core.NewRecord(tcol))
	tn.SetName("Loja A")
	c := collections.AsCustomer(core.NewRecord(ccol))
	c.Set(collections.CustomerName, "Ana Souza")
	a := collections.AsAppointment(core.NewRecord(acol))
	a.SetKind(collections.KindDropOff)
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	a.SetTimes(now.Add(2*time.Hour), now.Add(150*time.Minute))
	a.SetStatus(collections.AppointmentScheduled)

	assert.Equal(t, "Olá, Ana! Lembrete do seu agendamento na *Loja A*: entrega do aparelho *hoje às 16:00*.\n"+
		"Responda *SIM* para confirmar ou *CANCELAR* para desmarcar.", reminderText(tn, c, a, now))

	s := tn.Settings()
	s.Texts = map[string]string{"appointment_reminder": "{{CLIENTE}}, te esperamos {{DATA}} ({{TIPO}})!"}
	tn.SetSettings(s)
	assert.Equal(t, "Ana, te esperamos hoje às 16:00 (entrega do aparelho)!", reminderText(tn, c, a, now))
	a.SetStatus(collections.AppointmentConfirmed)
	assert.Contains(t, reminderText(tn, c, a, now), "Se não puder vir", "a confirmed one has its own text, still the default")
}
