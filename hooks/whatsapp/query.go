package whatsapp

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
)

// findBy is scope.FindBy: the hot lookups of this package go through
// dbx expressions so SQLite uses the partial indexes on wa_id and
// whatsapp_lid.
func findBy(app core.App, collection, tenantID string, exp dbx.Expression) (*core.Record, error) {
	return scope.FindBy(app, collection, tenantID, exp)
}

// byWAID matches the message WhatsApp knows by id, in direction.
func byWAID(id, direction string) dbx.Expression {
	return dbx.And(
		dbx.NewExp("[["+collections.MessageWAID+"]] = {:waid} AND [["+collections.MessageWAID+"]] != ''", dbx.Params{"waid": id}),
		dbx.HashExp{collections.MessageDirection: direction},
	)
}

// byLID matches the customer WhatsApp knows by a privacy id.
func byLID(lid string) dbx.Expression {
	return dbx.NewExp("[["+collections.CustomerWhatsAppLID+"]] = {:lid} AND [["+collections.CustomerWhatsAppLID+"]] != ''", dbx.Params{"lid": lid})
}
