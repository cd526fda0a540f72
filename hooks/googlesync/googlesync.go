// Package googlesync mirrors a shop's appointments with its Google
// Calendar: the owner's OAuth connection (connect, pick a calendar,
// disconnect), every appointment change pushed to Google through the
// outbox, the changes made in Google brought back (incremental sync,
// push notifications, a periodic sync that also renews the push
// channels), and Google's busy periods for the free slots.
//
// It plugs into package appointments through the two interfaces that
// package declares: Service is its appointments.EventSink and its
// appointments.BusyProvider. The dependency goes one way: appointments
// never imports this package.
package googlesync

import (
	"context"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/availability"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/vault"
)

// Google is the server's Google OAuth client and, for tests and proxies,
// overrides of Google's endpoints. Without a client id and secret Google
// Calendar is off.
type Google struct {
	ClientID, ClientSecret    string
	AuthURL, TokenURL, APIURL string
}

// Deps are what the Google sync needs.
type Deps struct {
	// Google is the OAuth client.
	Google Google
	// PublicURL is where this server is reached (the OAuth redirect and
	// the push notifications' address).
	PublicURL string
	// Vault seals the shops' grants and derives the OAuth state key.
	Vault *vault.Vault
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Outbox delivers the calls to Google.
	Outbox *outbox.Worker
	// Inbox stores Google's push notifications.
	Inbox *inbox.Inbox
}

// Service is the Google sync of every shop: built once by package wiring
// and handed to its routes, record hooks (through appointments), outbox
// and inbox handlers and jobs.
type Service struct {
	app  core.App // the app outside any transaction (handlers, jobs)
	d    Deps
	busy *busyCache
}

// New returns the Google sync of app.
func New(app core.App, d Deps) *Service {
	s := &Service{app: app, d: d, busy: newBusyCache()}
	if _, ok := s.google(); ok {
		s.busy.fetch = s.fetchBusy
	}
	return s
}

// Register binds the Google routes, the push webhook and the outbox and
// inbox handlers.
func (s *Service) Register(app core.App) error {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		s.bindGoogleRoutes(se)
		return se.Next()
	})
	s.d.Outbox.Handle(KindUpsert, s.deliverUpsert, nil)
	s.d.Outbox.Handle(KindDelete, s.deliverDelete, nil)
	s.d.Outbox.Handle(KindSetup, s.deliverSetup, nil)
	s.d.Outbox.Handle(KindRevoke, s.deliverRevoke, nil)
	s.d.Inbox.Handle(Provider, s.handlePush)
	return nil
}

// clock is the current time in UTC.
func (s *Service) clock() time.Time {
	if s.d.Now == nil {
		return time.Now().UTC()
	}
	return s.d.Now().UTC()
}

// enabled reports whether Google Calendar is configured.
func (s *Service) enabled() bool { return s.d.Google.ClientID != "" && s.d.Google.ClientSecret != "" }

// publicURLOr is the public URL without a trailing slash, or fallback.
func (s *Service) publicURLOr(fallback string) string {
	u := s.d.PublicURL
	if u == "" {
		u = fallback
	}
	return strings.TrimRight(u, "/")
}

// fetchBusy asks Google for the busy periods of the tenant's calendar.
func (s *Service) fetchBusy(ctx context.Context, app core.App, t *collections.Tenant, from, to time.Time) ([]availability.Period, error) {
	cal, calID, err := s.calendarFor(ctx, app, t)
	if err != nil {
		return nil, err
	}
	got, err := cal.FreeBusy(ctx, []string{calID}, from, to)
	if err != nil {
		return nil, s.googleFailed(app, t.Id, err)
	}
	out := make([]availability.Period, 0, len(got[calID]))
	for _, p := range got[calID] {
		out = append(out, availability.Period{Start: p.Start, End: p.End})
	}
	return out, nil
}
