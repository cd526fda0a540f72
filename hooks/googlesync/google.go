package googlesync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/gcal"
)

// CallbackPath is where Google sends the owner back after consent; the
// redirect URL registered in Google Cloud is BANCADA_PUBLIC_URL + CallbackPath.
const CallbackPath = "/api/bancada/google/callback"

// WebhookPath receives Google's push notifications.
const WebhookPath = "/api/webhooks/google"

// primaryCalendar is Google's alias of the user's own calendar.
const primaryCalendar = "primary"

// googleActor is who changes appointments moved or deleted in Google.
var googleActor = audit.Actor{Label: "Google Agenda"}

var (
	// errGoogleOff means the server has no Google OAuth client configured.
	errGoogleOff = errors.New("googlesync: google is not configured")
	// errNotConnected means the tenant has no usable Google grant.
	errNotConnected = errors.New("googlesync: tenant not connected to google")
)

// google returns the OAuth client and endpoints from the configuration.
func (s *Service) google() (gcal.Config, bool) {
	c := s.d.Google
	if !s.enabled() {
		return gcal.Config{}, false
	}
	cfg := gcal.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  s.publicURLOr("http://127.0.0.1:8090") + CallbackPath,
		AuthURL:      c.AuthURL,
		TokenURL:     c.TokenURL,
		APIURL:       c.APIURL,
		Clock:        s.clock,
	}
	// Google's revoke endpoint sits beside its token endpoint
	// (oauth2.googleapis.com/token and /revoke); so do overrides.
	if base, ok := strings.CutSuffix(c.TokenURL, "/token"); ok {
		cfg.RevokeURL = base + "/revoke"
	}
	return cfg, true
}

// stateKey returns the key that signs OAuth states: derived from the
// vault's key (BANCADA_SECRET_KEY or the generated key file), so states
// survive restarts and no other server can forge them.
func (s *Service) stateKey(core.App) ([]byte, error) {
	if s.d.Vault == nil {
		return nil, errors.New("googlesync: no vault to derive the OAuth state key from")
	}
	return s.d.Vault.DeriveKey("bancada/calendar/google-oauth-state"), nil
}

// loadToken returns the tenant's stored Google token.
func (s *Service) loadToken(app core.App, tenantID string) (*oauth2.Token, error) {
	raw, err := getSecret(app, s.d.Vault, tenantID, collections.SecretGoogleToken, nil)
	if err != nil {
		if errors.Is(err, errNoSecret) {
			return nil, errNotConnected
		}
		return nil, err
	}
	var tok oauth2.Token
	if err := json.Unmarshal([]byte(raw), &tok); err != nil {
		return nil, fmt.Errorf("googlesync: stored google token: %w", err)
	}
	return &tok, nil
}

// saveToken stores the tenant's Google token, encrypted.
func (s *Service) saveToken(app core.App, tenantID string, tok *oauth2.Token) error {
	raw, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	return putSecret(app, s.d.Vault, tenantID, collections.SecretGoogleToken, string(raw), nil)
}

// calendarFor builds the Google Calendar client of a tenant and returns it
// with the calendar to use. Refreshed tokens are persisted with app, which
// must not be a transaction (outside calls never run inside one).
func (s *Service) calendarFor(ctx context.Context, app core.App, t *collections.Tenant) (*gcal.Calendar, string, error) {
	cfg, ok := s.google()
	if !ok {
		return nil, "", errGoogleOff
	}
	tok, err := s.loadToken(app, t.Id)
	if err != nil {
		return nil, "", err
	}
	tenantID := t.Id
	save := func(nt *oauth2.Token) error { return s.saveToken(app, tenantID, nt) }
	// The token source outlives ctx (it refreshes later): give it its own.
	ts := cfg.TokenSource(context.Background(), tok, save)
	cal, err := gcal.NewCalendar(ctx, cfg, ts, gcal.WithClock(s.clock))
	if err != nil {
		return nil, "", err
	}
	id := t.GoogleCalendar()
	if id == "" {
		id = primaryCalendar
	}
	return cal, id, nil
}

// googleFailed decides what a failed Google call means for the tenant: a
// revoked or expired grant marks it "reconnect" and alerts the owner (and
// is permanent); a 401 expires the stored access token so the next attempt
// refreshes it. It returns err, wrapped as it should be retried.
func (s *Service) googleFailed(app core.App, tenantID string, err error) error {
	switch {
	case gcal.IsGrantRevoked(err):
		if merr := s.markReconnect(app, tenantID); merr != nil {
			return errors.Join(err, merr)
		}
		return fmt.Errorf("%w: %w", errNotConnected, err)
	case gcal.IsAuth(err):
		if tok, lerr := s.loadToken(app, tenantID); lerr == nil {
			tok.Expiry = time.Unix(1, 0)
			_ = s.saveToken(app, tenantID, tok)
		}
	}
	return err
}

// markReconnect marks the tenant's Google integration "reconnect needed",
// once, with an audit line and a WhatsApp alert to the shop from the
// platform. Appointments keep working without Google.
func (s *Service) markReconnect(app core.App, tenantID string) error {
	now := s.clock()
	err := app.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return err
		}
		if t.GoogleStatus() == collections.IntegrationReconnect {
			return nil
		}
		t.SetGoogleStatus(collections.IntegrationReconnect)
		if err := tx.Save(t); err != nil {
			return err
		}
		if err := audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: audit.System, Action: "google_reconnect",
			Collection: collections.Tenants, Record: tenantID,
			Changes: map[string]any{"google_status": string(collections.IntegrationReconnect)}}); err != nil {
			return err
		}
		if t.Phone() == "" {
			return nil
		}
		text := "Bancada: a conexão da " + t.Name() + " com o Google Agenda expirou ou foi revogada. " +
			"Os agendamentos continuam funcionando, mas deixam de ir para a agenda. " +
			"Para voltar a sincronizar, quem é titular da loja deve entrar em Integrações e clicar em Reconectar."
		return messaging.QueuePlatform(tx, tenantID, t.Phone(), text, fmt.Sprintf("gcal.reconnect:%s:%d", tenantID, now.Unix()))
	})
	s.busy.forget(tenantID)
	if err != nil {
		return fmt.Errorf("googlesync: mark reconnect: %w", err)
	}
	return nil
}
