package googlesync

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/outbox"
)

// stateTTL is how long the owner has to go through Google's consent.
const stateTTL = 10 * time.Minute

// googleTimeout bounds the calls to Google made while a person waits.
const googleTimeout = 15 * time.Second

// stateCookie binds a consent in progress to the browser that started it.
const stateCookie = "bancada_google_state"

// stateDigest is the cookie value of a state: a MAC, so the cookie alone
// says nothing and cannot be forged.
func stateDigest(key []byte, state string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("cookie\x00" + state))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// integrationsPage is the staff app's screen the callback returns to.
const integrationsPage = "/integracoes"

// bindGoogleRoutes adds the per-shop Google connection routes and the
// push notification webhook.
func (s *Service) bindGoogleRoutes(se *core.ServeEvent) {
	se.Router.GET("/api/bancada/google/connect", s.googleConnect)
	se.Router.GET(CallbackPath, s.googleCallback)
	se.Router.GET("/api/bancada/google/calendars", s.googleCalendars)
	se.Router.POST("/api/bancada/google/calendar", s.googlePickCalendar)
	se.Router.POST("/api/bancada/google/disconnect", s.googleDisconnect)
	se.Router.POST(WebhookPath, s.googleWebhook)
}

// googleOff is the answer of every Google route on a server without a
// Google OAuth client.
func googleOff() error {
	return router.NewApiError(http.StatusServiceUnavailable,
		"A integração com o Google Agenda não está configurada neste servidor. "+
			"O administrador deve definir BANCADA_GOOGLE_CLIENT_ID e BANCADA_GOOGLE_CLIENT_SECRET.", nil)
}

// googleConnect answers GET /api/bancada/google/connect (owner only) with
// Google's consent URL carrying a signed state that binds the shop and the
// owner and expires in 10 minutes: a redirect for a browser navigation,
// {"url": …} for the staff app's API call.
func (s *Service) googleConnect(e *core.RequestEvent) error {
	cfg, ok := s.google()
	if !ok {
		return googleOff()
	}
	staff, err := scope.RequireStaff(e, "", []collections.Role{collections.RoleOwner})
	if err != nil {
		return err
	}
	key, err := s.stateKey(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	state := gcal.SignState(key, gcal.StateClaims{TenantID: staff.Tenant.Id, UserID: staff.User.Id, ExpiresAt: s.clock().Add(stateTTL)})
	u := cfg.AuthCodeURL(state, gcal.StateVerifier(key, state))
	// The state is also bound to this browser: without it, an owner could
	// send their consent link to someone else and have that person's
	// Google account connected to their shop.
	e.SetCookie(&http.Cookie{
		Name: stateCookie, Value: stateDigest(key, state), Path: CallbackPath, MaxAge: int(stateTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(s.d.PublicURL, "https://"),
	})
	if strings.Contains(e.Request.Header.Get("Accept"), "text/html") {
		return e.Redirect(http.StatusFound, u)
	}
	return e.JSON(http.StatusOK, map[string]string{"url": u})
}

// backTo sends the owner's browser back to the integrations screen with
// the outcome ("conectado", "negado", "permissoes", "erro").
func backTo(e *core.RequestEvent, outcome string) error {
	return e.Redirect(http.StatusFound, integrationsPage+"?google="+url.QueryEscape(outcome))
}

// googleCallback answers Google's redirect after consent: it verifies the
// state (signature, expiry, that the user still owns the shop), exchanges
// the code with the PKCE verifier, stores the tokens encrypted, marks the
// shop connected and queues the first sync and the push of its upcoming
// appointments.
func (s *Service) googleCallback(e *core.RequestEvent) error {
	cfg, ok := s.google()
	if !ok {
		return googleOff()
	}
	key, err := s.stateKey(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	q := e.Request.URL.Query()
	state := q.Get("state")
	claims, err := gcal.VerifyState(key, state, s.clock())
	switch {
	case errors.Is(err, gcal.ErrStateExpired):
		return e.BadRequestError("O link de conexão com o Google expirou. Volte às Integrações e tente de novo.", nil)
	case err != nil:
		e.App.Logger().Warn("googlesync: google callback with a bad state", "ip", e.RealIP())
		return e.BadRequestError("Link de conexão com o Google inválido.", nil)
	}
	c, cerr := e.Request.Cookie(stateCookie)
	if cerr != nil || !hmac.Equal([]byte(c.Value), []byte(stateDigest(key, state))) {
		e.App.Logger().Warn("googlesync: google callback from another browser", "tenant", claims.TenantID, "ip", e.RealIP())
		return e.BadRequestError("Conclua a conexão com o Google no mesmo navegador em que ela foi iniciada.", nil)
	}
	e.SetCookie(&http.Cookie{Name: stateCookie, Value: "", Path: CallbackPath, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	m := scope.Membership(e.App, claims.TenantID, claims.UserID)
	t, terr := scope.Tenant(e.App, claims.TenantID)
	if m == nil || m.Role() != collections.RoleOwner || terr != nil || !t.Active() {
		return e.ForbiddenError("Só quem é titular de uma loja ativa conecta o Google Agenda.", nil)
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		return backTo(e, "negado")
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), googleTimeout)
	defer cancel()
	tok, err := cfg.Exchange(ctx, q.Get("code"), gcal.StateVerifier(key, state))
	if errors.Is(err, gcal.ErrMissingScopes) {
		if tok != nil {
			_ = cfg.Revoke(ctx, tok.RefreshToken)
		}
		return backTo(e, "permissoes")
	}
	if err != nil {
		e.App.Logger().Warn("googlesync: google code exchange", "tenant", t.Id, "error", err)
		return backTo(e, "erro")
	}
	actor := audit.Actor{UserID: claims.UserID, Label: "titular", IP: e.RealIP(), UserAgent: audit.Truncate(e.Request.UserAgent(), 300)}
	if err := s.connect(e.App, t.Id, tok, actor); err != nil {
		return e.InternalServerError("", err)
	}
	return backTo(e, "conectado")
}

// connect stores a new grant and queues the first sync. Upcoming
// appointments are pushed again under this grant (their event ids are
// deterministic, so events that exist are only patched).
func (s *Service) connect(app core.App, tenantID string, tok *oauth2.Token, actor audit.Actor) error {
	err := app.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return err
		}
		if err := s.saveToken(tx, tenantID, tok); err != nil {
			return err
		}
		if err := deleteSecret(tx, tenantID, collections.SecretGoogleSyncToken); err != nil {
			return err
		}
		t.SetGoogleStatus(collections.IntegrationConnected)
		if t.GoogleCalendar() == "" {
			t.SetGoogleCalendar(primaryCalendar)
		}
		if err := tx.Save(t); err != nil {
			return err
		}
		if err := s.repushUpcoming(tx, tenantID); err != nil {
			return err
		}
		if err := enqueueSetup(tx, tenantID); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: actor, Action: "google_connect",
			Collection: collections.Tenants, Record: tenantID, Changes: map[string]any{"google_status": string(collections.IntegrationConnected)}})
	})
	s.busy.forget(tenantID)
	return err
}

// repushUpcoming forgets the event ids of the tenant's upcoming
// appointments and queues their push, with tx.
func (s *Service) repushUpcoming(tx core.App, tenantID string) error {
	recs, err := scope.List(tx, collections.Appointments, tenantID, collections.AppointmentEnd+" > {:now} && "+appointments.HoldsFilter, collections.AppointmentStart, 0,
		dbx.Params{"now": dbtime.Format(s.clock()), "s1": collections.AppointmentScheduled, "s2": collections.AppointmentConfirmed})
	if err != nil {
		return err
	}
	for _, r := range recs {
		a := collections.AsAppointment(r)
		if a.GoogleEventID() != "" {
			a.SetGoogleEventID("")
			appointments.Quiet(a)
			if err := tx.Save(a); err != nil {
				return err
			}
		}
		if err := enqueueUpsert(tx, tenantID, a.Id); err != nil {
			return err
		}
	}
	return nil
}

// calendarView is one of the owner's calendars.
type calendarView struct {
	ID       string `json:"id"`
	Summary  string `json:"summary"`
	Primary  bool   `json:"primary"`
	Writable bool   `json:"writable"`
	Selected bool   `json:"selected"`
}

// listCalendars returns the connected owner's calendars.
func (s *Service) listCalendars(e *core.RequestEvent, t *collections.Tenant) ([]calendarView, error) {
	ctx, cancel := context.WithTimeout(e.Request.Context(), googleTimeout)
	defer cancel()
	cal, current, err := s.calendarFor(ctx, e.App, t)
	if errors.Is(err, errNotConnected) {
		return nil, router.NewApiError(http.StatusConflict, "Conecte o Google Agenda primeiro.", nil)
	}
	if err != nil {
		return nil, e.InternalServerError("", err)
	}
	list, err := cal.ListCalendars(ctx)
	if err != nil {
		err = s.googleFailed(e.App, t.Id, err)
		if errors.Is(err, errNotConnected) {
			return nil, router.NewApiError(http.StatusConflict, "A conexão com o Google expirou. Clique em Reconectar.", nil)
		}
		return nil, router.NewApiError(http.StatusBadGateway, "Não foi possível falar com o Google agora. Tente de novo em instantes.", nil)
	}
	out := make([]calendarView, 0, len(list))
	for _, c := range list {
		out = append(out, calendarView{ID: c.ID, Summary: c.Summary, Primary: c.Primary,
			Writable: c.AccessRole == "owner" || c.AccessRole == "writer",
			Selected: c.ID == current || (current == primaryCalendar && c.Primary)})
	}
	return out, nil
}

// googleCalendars answers GET /api/bancada/google/calendars (owners only,
// like every Google route): the calendars of the connected Google account.
func (s *Service) googleCalendars(e *core.RequestEvent) error {
	if _, ok := s.google(); !ok {
		return googleOff()
	}
	staff, err := scope.RequireStaff(e, "", []collections.Role{collections.RoleOwner})
	if err != nil {
		return err
	}
	list, err := s.listCalendars(e, staff.Tenant)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"calendars": list})
}

// googlePickCalendar answers POST /api/bancada/google/calendar
// {"calendar": id} (owner): appointments sync with that calendar from now
// on; the upcoming ones move there.
func (s *Service) googlePickCalendar(e *core.RequestEvent) error {
	if _, ok := s.google(); !ok {
		return googleOff()
	}
	var body struct {
		Tenant   string `json:"tenant"`
		Calendar string `json:"calendar"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", nil)
	}
	staff, err := scope.RequireStaff(e, body.Tenant, []collections.Role{collections.RoleOwner})
	if err != nil {
		return err
	}
	list, err := s.listCalendars(e, staff.Tenant)
	if err != nil {
		return err
	}
	var pick *calendarView
	for i := range list {
		if list[i].ID == body.Calendar {
			pick = &list[i]
		}
	}
	switch {
	case pick == nil:
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("calendar", "unknown_calendar", "Agenda não encontrada na conta Google conectada."))
	case !pick.Writable:
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("calendar", "read_only", "Esta agenda é só de leitura: escolha uma em que você possa criar eventos."))
	}
	actor := audit.FromRequest(e)
	err = e.App.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, staff.Tenant.Id)
		if err != nil {
			return err
		}
		old := calendarOf(t)
		if old == pick.ID || (old == primaryCalendar && pick.Primary) {
			return nil
		}
		// Events on the old calendar go away; the appointments are pushed
		// to the new one.
		recs, err := scope.List(tx, collections.Appointments, t.Id, collections.AppointmentGoogleEventID+" != ''", "", 0, nil)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := enqueueDelete(tx, t.Id, collections.AsAppointment(r).GoogleEventID(), old); err != nil {
				return err
			}
		}
		t.SetGoogleCalendar(pick.ID)
		if err := tx.Save(t); err != nil {
			return err
		}
		if err := deleteSecret(tx, t.Id, collections.SecretGoogleSyncToken); err != nil {
			return err
		}
		if err := s.repushUpcoming(tx, t.Id); err != nil {
			return err
		}
		if err := enqueueSetup(tx, t.Id); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: t.Id, Actor: actor, Action: "google_calendar",
			Collection: collections.Tenants, Record: t.Id, Changes: map[string]any{"google_calendar": map[string]string{"from": old, "to": pick.ID}}})
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	s.busy.forget(staff.Tenant.Id)
	return e.JSON(http.StatusOK, map[string]any{"calendar": pick})
}

// googleDisconnect answers POST /api/bancada/google/disconnect (owner):
// the grant is forgotten at once and revoked at Google through the
// outbox; appointments stay.
func (s *Service) googleDisconnect(e *core.RequestEvent) error {
	if _, ok := s.google(); !ok {
		return googleOff()
	}
	var body struct {
		Tenant string `json:"tenant"`
	}
	_ = e.BindBody(&body)
	staff, err := scope.RequireStaff(e, body.Tenant, []collections.Role{collections.RoleOwner})
	if err != nil {
		return err
	}
	actor := audit.FromRequest(e)
	tenantID := staff.Tenant.Id
	err = e.App.RunInTransaction(func(tx core.App) error {
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return err
		}
		if tok, err := s.loadToken(tx, tenantID); err == nil {
			p := revokePayload{Tenant: tenantID}
			var ch channelMeta
			if _, err := getSecret(tx, s.d.Vault, tenantID, collections.SecretGoogleChannel, &ch); err == nil {
				p.ChannelID, p.ChannelResID, p.ChannelCalend = ch.ID, ch.ResourceID, ch.Calendar
			}
			secret := tok.RefreshToken
			if secret == "" {
				secret = tok.AccessToken
			}
			if p.SealedToken, err = s.d.Vault.Seal(revokeContext(tenantID), secret); err != nil {
				return err
			}
			if _, err := outbox.Enqueue(tx, outbox.Message{Tenant: tenantID, Kind: KindRevoke, Lane: Lane(tenantID),
				Key: KindRevoke + ":" + tenantID + ":" + core.GenerateDefaultRandomId(), Payload: p}); err != nil {
				return err
			}
		}
		for _, kind := range []string{collections.SecretGoogleToken, collections.SecretGoogleSyncToken, collections.SecretGoogleChannel} {
			if err := deleteSecret(tx, tenantID, kind); err != nil {
				return err
			}
		}
		t.SetGoogleStatus(collections.IntegrationDisconnected)
		if err := tx.Save(t); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: actor, Action: "google_disconnect",
			Collection: collections.Tenants, Record: tenantID, Changes: map[string]any{"google_status": string(collections.IntegrationDisconnected)}})
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	s.busy.forget(tenantID)
	return e.JSON(http.StatusOK, map[string]any{"google_status": collections.IntegrationDisconnected})
}

// revokeContext binds a grant sealed into a revoke delivery to its tenant.
func revokeContext(tenantID string) string { return "gcal.revoke:" + tenantID }
