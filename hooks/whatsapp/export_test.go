package whatsapp

import (
	"context"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/outbox"
)

// Exported for the tests of package whatsapp_test.
var (
	Fits          = fits
	ErrNoCustomer = errNoCustomer
	ByWAID        = byWAID
	ByLID         = byLID
)

// NewData returns the assistant's Data of tenant t over app.
func NewData(app core.App, t *collections.Tenant, conversation string, now time.Time, trackingBase string) bot.Data {
	return &tenantData{book: appointments.New(appointments.Deps{}), tx: app, tenant: t, conversation: conversation, now: now, trackingBase: trackingBase}
}

// NewEventHandler returns the inbox handler of Evolution events, wired to
// app and d as Register wires it (for benchmarks of the processing alone).
func NewEventHandler(app core.App, d deps.Deps) func(context.Context, *inbox.Record) error {
	s := &Service{app: app, d: d, engine: bot.New(bot.Options{}), http: http.DefaultClient, hooks: newSecretCache(), hot: newHotCache()}
	s.hot.bind(app)
	return s.handleEvent
}

// NewEventHandlerWithoutCache is NewEventHandler reading everything for
// every message (what the in-memory state between messages saves).
func NewEventHandlerWithoutCache(app core.App, d deps.Deps) func(context.Context, *inbox.Record) error {
	s := &Service{app: app, d: d, engine: bot.New(bot.Options{}), http: http.DefaultClient, hooks: newSecretCache()}
	return s.handleEvent
}

// SetAfterSend runs h between Evolution's acceptance of a send and its
// recording, until the test ends.
func SetAfterSend(t interface{ Cleanup(func()) }, h func(*outbox.Delivery)) {
	afterSend.Store(&h)
	t.Cleanup(func() { afterSend.Store(nil) })
}
