// Package whatsapp connects each shop's WhatsApp through Evolution API:
// provisioning, the webhook intake, delivering outgoing messages from the
// outbox, order notifications, and handing customers' messages to the
// assistant (package bot).
//
// The flow of one customer message: Evolution posts messages.upsert to
// /api/webhooks/evolution; the route authenticates it by the instance's
// secret header and stores it in the inbox before answering 200. The inbox
// handler then, in one transaction, finds the tenant by instance, finds or
// creates the customer, stores the inbound message, runs the assistant
// (bot.Engine) over a Data bound to that tenant, stores the conversation's
// state and queues the replies (messaging.Queue). The outbox delivers each
// reply through Evolution's sendText, in order per chat and paced per
// shop (replies fast, proactive notices slower).
package whatsapp

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/integrations/evolution"
)

// Provider is the inbox provider name of Evolution's webhooks.
const Provider = "evolution"

// Service is WhatsApp for every shop: built once by package wiring and
// handed to its routes, hooks, outbox and inbox handlers and the watchdog.
type Service struct {
	app    core.App
	d      deps.Deps
	engine *bot.Engine
	http   *http.Client
	hooks  *secretCache
	// book is the appointments' booking the assistant uses.
	book Booker
	hot  *hotCache
}

// Booker is the booking the assistant uses (package appointments'
// Service, which the wiring builds).
type Booker interface {
	FreeSlots(app core.App, tenantID string, now, from, to time.Time, kind collections.AppointmentKindValue, n int) ([]availability.Slot, error)
	Book(app core.App, req appointments.BookRequest) (*collections.Appointment, error)
}

// New returns WhatsApp of app; book is the appointments' booking the
// assistant offers and books slots with.
func New(app core.App, d deps.Deps, book Booker) *Service {
	return &Service{
		book:   book,
		app:    app,
		d:      d,
		engine: bot.New(bot.Options{}),
		http:   &http.Client{Timeout: evolution.DefaultTimeout},
		hooks:  newSecretCache(),
		hot:    newHotCache(),
	}
}

// Register binds WhatsApp's routes, hooks and outbox and inbox handlers.
func (s *Service) Register(app core.App) error {
	d := s.d
	s.hot.bind(app)
	s.bindRoutes()
	s.bindReceipt()
	s.bindStaffActivity()
	s.bindOrderNotifications()
	d.Inbox.Handle(Provider, s.handleEvent)
	d.Outbox.Handle(messaging.KindSend, s.deliver, s.deliveryDead)
	d.Outbox.Handle(messaging.KindReply, s.deliver, s.deliveryDead)
	d.Outbox.Limit("whatsapp:", s.laneLimit)
	return nil
}

// configured reports whether this installation has an Evolution server.
func (s *Service) configured() bool {
	return s.d.Config.EvolutionURL != ""
}

// client returns a client of the Evolution server with the global key
// (nil when WhatsApp is not configured).
func (s *Service) client() *evolution.Client {
	if !s.configured() {
		return nil
	}
	return evolution.New(s.d.Config.EvolutionURL, s.d.Config.EvolutionAPIKey, evolution.WithHTTPClient(s.http))
}

// now is the current time (UTC) from the injected clock.
func (s *Service) now() time.Time { return s.d.Clock() }
