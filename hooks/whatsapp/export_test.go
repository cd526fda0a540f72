package whatsapp

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
)

// Exported for the tests of package whatsapp_test.
var (
	Fits          = fits
	ErrNoCustomer = errNoCustomer
)

// NewData returns the assistant's Data of tenant t over app.
func NewData(app core.App, t *collections.Tenant, conversation string, now time.Time, trackingBase string) bot.Data {
	return &tenantData{tx: app, tenant: t, conversation: conversation, now: now, trackingBase: trackingBase}
}
