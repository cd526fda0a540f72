package gcalfake

import (
	"crypto/rand"
	"encoding/base32"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Paths served by the fake, relative to its base URL.
const (
	PathAuth   = "/o/oauth2/auth"
	PathToken  = "/token"
	PathRevoke = "/revoke"
	PathAPI    = "/calendar/v3/"
)

// Options configures a Server. Zero values get usable defaults.
type Options struct {
	// ClientID and ClientSecret of the only OAuth client the fake knows
	// (default "fake-client-id" / "fake-client-secret").
	ClientID     string
	ClientSecret string
	// RedirectURIs allowed at the authorization endpoint; empty allows any.
	RedirectURIs []string
	// UserEmail is the id of the user's primary calendar ("primary" is an
	// alias for it). Default "dono@oficina.example".
	UserEmail string
	// TimeZone of the primary calendar (default "America/Sao_Paulo").
	TimeZone string
	// Clock drives token and channel expiry and "updated" stamps (default time.Now).
	Clock func() time.Time
	// AccessTokenTTL is the lifetime of issued access tokens (default 1h).
	AccessTokenTTL time.Duration
	// PushClient delivers push notifications (default a client with a 5s timeout).
	PushClient *http.Client
}

// Server is the fake Google. Its zero value is not usable; call New.
type Server struct {
	opts Options
	mux  *http.ServeMux
	ts   *httptest.Server
	wg   sync.WaitGroup // background push deliveries

	mu            sync.Mutex
	codes         map[string]*authCode
	grants        map[string]*grant // by refresh token
	access        map[string]*accessToken
	tokenRequests int
	denyNext      bool
	grantNext     []string // scopes the next consent grants; nil = all asked
	calendars     map[string]*fakeCalendar
	calendarOrder []string
	seq           int64 // global change counter behind sync tokens
	epoch         int64 // bumped by InvalidateSyncTokens
	snapshots     map[string]*snapshot
	channels      map[string]*channel
	failures      []failure
}

// New builds a Server; serve it with Start or mount Handler.
func New(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID = "fake-client-id"
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = "fake-client-secret"
	}
	if opts.UserEmail == "" {
		opts.UserEmail = "dono@oficina.example"
	}
	if opts.TimeZone == "" {
		opts.TimeZone = "America/Sao_Paulo"
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = time.Hour
	}
	if opts.PushClient == nil {
		opts.PushClient = &http.Client{Timeout: 5 * time.Second}
	}
	s := &Server{
		opts:      opts,
		codes:     map[string]*authCode{},
		grants:    map[string]*grant{},
		access:    map[string]*accessToken{},
		calendars: map[string]*fakeCalendar{},
		snapshots: map[string]*snapshot{},
		channels:  map[string]*channel{},
		epoch:     1,
	}
	s.addCalendarLocked(opts.UserEmail, opts.UserEmail, opts.TimeZone, "owner", true)
	s.mux = s.routes()
	return s
}

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET "+PathAuth, s.handleAuth)
	m.HandleFunc("POST "+PathToken, s.handleToken)
	m.HandleFunc("POST "+PathRevoke, s.handleRevoke)

	api := func(h http.HandlerFunc) http.HandlerFunc { return s.apiMiddleware(h) }
	m.HandleFunc("GET /calendar/v3/users/me/calendarList", api(s.handleCalendarList))
	m.HandleFunc("POST /calendar/v3/calendars/{calendarId}/events", api(s.handleInsert))
	m.HandleFunc("GET /calendar/v3/calendars/{calendarId}/events", api(s.handleList))
	m.HandleFunc("POST /calendar/v3/calendars/{calendarId}/events/watch", api(s.handleWatch))
	m.HandleFunc("GET /calendar/v3/calendars/{calendarId}/events/{eventId}", api(s.handleGet))
	m.HandleFunc("PATCH /calendar/v3/calendars/{calendarId}/events/{eventId}", api(s.handlePatch))
	m.HandleFunc("DELETE /calendar/v3/calendars/{calendarId}/events/{eventId}", api(s.handleDelete))
	m.HandleFunc("POST /calendar/v3/freeBusy", api(s.handleFreeBusy))
	m.HandleFunc("POST /calendar/v3/channels/stop", api(s.handleStop))
	m.HandleFunc("/calendar/v3/", api(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
	}))
	return m
}

// Handler returns the fake as an http.Handler, e.g. to mount it on the demo
// server's listener.
func (s *Server) Handler() http.Handler { return s.mux }

// Start serves the fake on a local httptest server and returns its URL.
func (s *Server) Start() string {
	s.ts = httptest.NewServer(s.mux)
	return s.ts.URL
}

// Close stops the server started by Start and waits for pending pushes.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
	s.wg.Wait()
}

// URL is the base URL of the started server ("" before Start).
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// AuthURL is the authorization endpoint of the started server.
func (s *Server) AuthURL() string { return s.URL() + PathAuth }

// TokenURL is the token endpoint of the started server.
func (s *Server) TokenURL() string { return s.URL() + PathToken }

// RevokeURL is the revoke endpoint of the started server.
func (s *Server) RevokeURL() string { return s.URL() + PathRevoke }

// APIURL is the Calendar API base path of the started server, ending in "/".
func (s *Server) APIURL() string { return s.URL() + PathAPI }

// ClientID returns the OAuth client id the fake accepts.
func (s *Server) ClientID() string { return s.opts.ClientID }

// ClientSecret returns the OAuth client secret the fake accepts.
func (s *Server) ClientSecret() string { return s.opts.ClientSecret }

// PrimaryCalendarID returns the id "primary" stands for.
func (s *Server) PrimaryCalendarID() string { return s.opts.UserEmail }

func (s *Server) now() time.Time { return s.opts.Clock().UTC() }

// randomID returns n random characters from base32hex in lower case, which
// is valid for every kind of id the fake issues.
func randomID(n int) string {
	b := make([]byte, (n*5+7)/8)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:n]
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
