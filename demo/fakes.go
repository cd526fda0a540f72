package demo

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/integrations/asaas/asaasfake"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
	"github.com/bancada/bancada/token"
)

// Keys the demo's fake providers accept.
const (
	EvolutionKey     = "demo-evolution-key"
	AsaasPlatformKey = "demo-asaas-plataforma"
	// AsaasShopKey is the key a demo shop pastes to connect "its" Asaas.
	AsaasShopKey       = "demo-asaas-loja"
	GoogleClientID     = "demo-google-client"
	GoogleClientSecret = "demo-google-secret"
)

// FakesPrefix is where the fakes are served on the app's own listener.
const FakesPrefix = "/_fake"

// Fakes are the in-process stand-ins of the outside providers in demo
// mode: the same fakes the tests use, speaking each provider's wire
// contract, so a newcomer can connect WhatsApp (scan a fake QR), charge a
// customer and sync a calendar without accounts anywhere.
type Fakes struct {
	Evolution *evofake.Fake
	Asaas     *asaasfake.Server
	Google    *gcalfake.Server
}

// NewFakes creates a fake for every integration cfg leaves unset, to be
// served under /_fake/<provider> on the app's own server at base (its
// public URL), and returns cfg pointed at them. Configured integrations
// are left alone: a demo can still talk to a real Evolution, say. Mount
// serves them when the server starts.
func NewFakes(cfg config.Config, base string) (*Fakes, config.Config) {
	base = strings.TrimRight(base, "/") + FakesPrefix
	f := &Fakes{}
	if cfg.EvolutionURL == "" {
		f.Evolution = evofake.NewHandler(evofake.WithAPIKey(EvolutionKey), evofake.WithAsyncWebhooks(),
			evofake.WithServerURL(base+"/evolution"))
		cfg.EvolutionURL = base + "/evolution"
		cfg.EvolutionAPIKey = EvolutionKey
	}
	if cfg.AsaasAPIKey == "" {
		f.Asaas = asaasfake.New(asaasfake.WithAutoDeliver(), asaasfake.WithPublicURL(base+"/asaas"))
		f.Asaas.AddAccount(AsaasPlatformKey)
		f.Asaas.AddAccount(AsaasShopKey)
		cfg.AsaasURL = base + "/asaas/v3"
		cfg.AsaasAPIKey = AsaasPlatformKey
		if cfg.AsaasWebhookToken == "" {
			// Random on every start, like the fake's own state: nobody can
			// post platform webhooks with a token read in the source.
			cfg.AsaasWebhookToken = token.Hex(24)
		}
	}
	if cfg.GoogleClientID == "" {
		f.Google = gcalfake.New(gcalfake.Options{ClientID: GoogleClientID, ClientSecret: GoogleClientSecret})
		g := base + "/google"
		cfg.GoogleClientID, cfg.GoogleClientSecret = GoogleClientID, GoogleClientSecret
		cfg.GoogleAuthURL = g + gcalfake.PathAuth
		cfg.GoogleTokenURL = g + gcalfake.PathToken
		cfg.GoogleAPIURL = g + "/calendar/v3/"
	}
	return f, cfg
}

// Mount serves the fakes on the server that is starting.
func (f *Fakes) Mount(se *core.ServeEvent) {
	mount := func(name string, h http.Handler) {
		prefix := FakesPrefix + "/" + name
		handler := apis.WrapStdHandler(http.StripPrefix(prefix, h))
		// One route per method: an any-method pattern would clash with the
		// staff app's GET /{path...} in Go's mux.
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			se.Router.Route(m, prefix+"/{path...}", handler)
		}
	}
	if f.Evolution != nil {
		mount("evolution", f.Evolution)
	}
	if f.Asaas != nil {
		mount("asaas", f.Asaas.Handler())
	}
	if f.Google != nil {
		mount("google", f.Google.Handler())
	}
}

// ForgetLostSessions makes the shops' WhatsApp state match the fresh fake
// Evolution when the demo starts: the in-process fake starts empty on
// every run, so a shop that was connected (or waiting for its QR code)
// when the demo stopped has no session any more. It shows as
// disconnected, and connecting again creates the instance and its QR code
// at the new fake. Without a fake Evolution it does nothing.
func (f *Fakes) ForgetLostSessions(app core.App) error {
	if f.Evolution == nil {
		return nil
	}
	recs, err := app.FindAllRecords(collections.Tenants, dbx.In(collections.TenantWhatsAppStatus,
		string(collections.IntegrationConnected), string(collections.IntegrationWaitingQR)))
	if err != nil {
		return fmt.Errorf("shops with a whatsapp session: %w", err)
	}
	for _, r := range recs {
		t := collections.AsTenant(r)
		t.SetWhatsAppStatus(collections.IntegrationDisconnected)
		if err := app.Save(t); err != nil {
			return fmt.Errorf("whatsapp of shop %s: %w", t.Id, err)
		}
	}
	return nil
}

// CheckAddress refuses to run the demo on an address other than loopback
// unless public is set: the demo's fake providers (their QR and payment
// control pages) and its known logins would be open to anyone who can
// reach the server.
func CheckAddress(addr string, public bool) error {
	if public || isLoopback(addr) {
		return nil
	}
	return fmt.Errorf("demo: %s is reachable from other machines; the demo's fake providers and logins would be open to them. Use --http 127.0.0.1:8090, or add --demo-public (BANCADA_DEMO_PUBLIC=true) if that is what you want", addr)
}

// isLoopback reports whether a listen address ("127.0.0.1:8090",
// "[::1]:8090", "localhost:8090") only accepts local connections; an
// empty or unspecified host (":8090", "0.0.0.0:8090") listens everywhere.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
