package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/bancada/bancada/collections"
)

// The assistant's visits to the shop were stored as technicians' visits.
// The kind "visit" itself arrives with the start's collections.Sync, right
// after the migrations and before any request: the update writes the
// column directly, so it needs no schema change first.
func init() {
	m.Register(func(app core.App) error { return AssistantVisits(app) }, nil)
}

// AssistantVisits gives the appointments the WhatsApp assistant booked as
// "onsite" their real kind, "visit" (a visit to the shop): the assistant
// never booked a technician's visit, it only had the wrong word for its
// own. Appointments made by staff or elsewhere keep their kind.
func AssistantVisits(app core.App) error {
	_, err := app.DB().Update(collections.Appointments,
		dbx.Params{collections.AppointmentKind: string(collections.KindVisit)},
		dbx.HashExp{collections.AppointmentKind: string(collections.KindOnSite), collections.AppointmentSource: collections.SourceWhatsApp},
	).Execute()
	if err != nil {
		return fmt.Errorf("assistant visits: %w", err)
	}
	return nil
}
