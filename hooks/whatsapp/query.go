package whatsapp

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
)

// findBy loads the first record of a tenant-owned collection matching
// exp, always within tenantID. It is scope.FindFirst for the hot lookups
// of this package, written as SQL so that SQLite uses the partial indexes
// on wa_id and whatsapp_lid (a PocketBase filter spells "!= ”" in a way
// those indexes do not match, and the lookup would scan the tenant's
// rows).
func findBy(app core.App, collection, tenantID string, exp dbx.Expression) (*core.Record, error) {
	if tenantID == "" {
		return nil, fmt.Errorf("%s: tenant required", collection)
	}
	r := &core.Record{}
	err := app.RecordQuery(collection).
		AndWhere(dbx.HashExp{collections.FieldTenant: tenantID}).
		AndWhere(exp).Limit(1).One(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", collection, scope.ErrNotFound)
	}
	return r, nil
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
