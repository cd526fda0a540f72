package googlesync_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/privacy"
)

// TestEraseAnonymisesTheGoogleCopy: after an LGPD erase, the customer's
// synced appointment is pushed again and Google's copy no longer carries
// their name, WhatsApp or the appointment's notes.
func TestEraseAnonymisesTheGoogleCopy(t *testing.T) {
	t.Parallel()
	g := newGoogleEnv(t, false)
	a := g.F.A
	g.connect(t, a)
	cal := g.Fake.PrimaryCalendarID()
	cust := hooktest.NewCustomer(t, g.App, a.ID(), "Josefina Prado")
	ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: cust.Id,
		Kind: collections.KindDropOff, Start: at(25, 10, 0), Notes: "Josefina traz a nota fiscal",
		Source: collections.SourceWhatsApp, Now: g.Clock.Now()})
	require.NoError(t, err)
	g.drain(t)
	ev := event(t, g, cal, ap.Id)
	require.Equal(t, "Entrega do aparelho – Josefina Prado", ev.Summary)
	require.Contains(t, ev.Description, "Cliente: Josefina Prado")

	_, err = privacy.Erase(g.App, a.ID(), cust.Id, audit.Actor{Label: "teste"}, g.Clock.Now(), g.Sync)
	require.NoError(t, err)
	g.drain(t)
	ev = event(t, g, cal, ap.Id)
	assert.Equal(t, "Entrega do aparelho – Titular removido (LGPD)", ev.Summary)
	assert.Contains(t, ev.Description, "Cliente: Titular removido (LGPD)")
	assert.NotContains(t, ev.Description, "Josefina")
	assert.NotContains(t, ev.Description, "WhatsApp:")
	assert.False(t, strings.Contains(ev.Description, "nota fiscal"), "the notes are gone too")
}
