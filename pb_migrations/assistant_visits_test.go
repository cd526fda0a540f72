package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/pb_migrations"
)

// TestTheAssistantsVisitsBecomeVisits: the appointments the assistant
// booked as "onsite" become "visit"; a technician's visit booked by the
// staff stays one.
func TestTheAssistantsVisitsBecomeVisits(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer app.Cleanup()
	rows := map[string][2]string{ // id → source, kind
		"visitabot000001": {collections.SourceWhatsApp, "onsite"},
		"visitaequipe001": {collections.SourceStaff, "onsite"},
		"entregabot00001": {collections.SourceWhatsApp, "dropoff"},
	}
	for id, r := range rows {
		_, err := app.DB().Insert(collections.Appointments, dbx.Params{"id": id, "source": r[0], "kind": r[1],
			"tenant": "", "customer": "", "status": "scheduled"}).Execute()
		require.NoError(t, err)
	}
	require.NoError(t, pb_migrations.AssistantVisits(app))
	kind := func(id string) string {
		var k string
		require.NoError(t, app.DB().Select("kind").From(collections.Appointments).Where(dbx.HashExp{"id": id}).Row(&k))
		return k
	}
	require.Equal(t, "visit", kind("visitabot000001"))
	require.Equal(t, "onsite", kind("visitaequipe001"))
	require.Equal(t, "dropoff", kind("entregabot00001"))
}
