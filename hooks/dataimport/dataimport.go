// Package dataimport moves a shop's data in and out as CSV: an export per
// collection (customers, devices, parts, orders) in Bancada's own layout,
// and an import of those files, of spreadsheets people keep (columns found
// by name, accents and case ignored) and of MapOS's tables (the open-source
// system many shops move from). An import is read twice: a preview (the
// layout and columns found, the first rows, every row's errors and the
// duplicates that will be skipped) and the confirmation, which writes every
// row in one transaction or nothing at all.
//
// Everything is scoped to the caller's shop: lookups (duplicates,
// customers of devices and orders, parts of quote lines) read only that
// shop, and every record written belongs to it.
package dataimport

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ActionImport is the audit log action of a confirmed import.
const ActionImport = "data.import"

// Deps is what the import and export need.
type Deps struct {
	Now func() time.Time
}

// Register binds the export and import routes (owners only).
func Register(app core.App, d Deps) error {
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &service{d: d}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/export/{collection}", s.export)
		se.Router.POST("/api/bancada/import/{collection}/preview", s.preview)
		se.Router.POST("/api/bancada/import/{collection}", s.confirm)
		return se.Next()
	})
	return nil
}

type service struct{ d Deps }
