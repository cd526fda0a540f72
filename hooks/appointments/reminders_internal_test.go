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

// TestWhenText: today and tomorrow read as such in the shop's zone, any
// other day by its weekday and date.
func TestWhenText(t *testing.T) {
	t.Parallel()
	sp, err := time.LoadLocation("America/Sao_Paulo")
	assert.NoError(t, err)
	// Tuesday 24/11/2026, 22:30 in São Paulo (01:30 UTC on the 25th).
	now := time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC)
	cases := []struct {
		start time.Time
		want  string
	}{
		{time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC), "hoje às 23:00"},
		{time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC), "amanhã às 14:00"},
		{time.Date(2026, 11, 26, 12, 30, 0, 0, time.UTC), "quinta-feira, 26/11 às 09:30"},
		{time.Date(2026, 12, 4, 12, 30, 0, 0, time.UTC), "sexta-feira, 04/12 às 09:30"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, whenText(c.start, now, sp), "start %v", c.start)
	}
}
