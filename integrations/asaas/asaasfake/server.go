package asaasfake

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Environment is the Asaas environment a fake server plays. API keys carry
// it in their prefix ($aact_hmlg_… sandbox, $aact_prod_… production).
type Environment string

// Environments.
const (
	Sandbox    Environment = "sandbox"
	Production Environment = "production"
)

// Key prefixes of the two environments.
const (
	SandboxKeyPrefix    = "$aact_hmlg_"
	ProductionKeyPrefix = "$aact_prod_"
)

// Option configures a Server.
type Option func(*Server)

// WithClock sets the server's clock (due-date validation, dates of events,
// the subscription webhook date format switch of 2026-02-02).
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// WithEnvironment sets which environment the server plays (default Sandbox):
// keys with the other environment's prefix get 401 invalid_environment.
func WithEnvironment(env Environment) Option {
	return func(s *Server) { s.env = env }
}

// WithWebhookClient sets the http.Client used to post webhooks (default: 10 s
// timeout, redirects not followed, like Asaas).
func WithWebhookClient(hc *http.Client) Option {
	return func(s *Server) {
		if hc != nil {
			s.hc = hc
		}
	}
}

// WithAutoDeliver posts the events caused by API calls in the background
// right after each call, as the real Asaas does (for the demo). Without it
// they wait for the next control method or DeliverPending, which keeps tests
// deterministic.
func WithAutoDeliver() Option {
	return func(s *Server) { s.autoDeliver = true }
}

// WithPublicURL sets the external base URL used in invoiceUrl/bankSlipUrl,
// e.g. "http://localhost:8090/_demo/asaas" when Handler() is mounted with
// http.StripPrefix("/_demo/asaas", …). Start sets it to the httptest URL;
// otherwise the first API request's host is used.
func WithPublicURL(u string) Option {
	return func(s *Server) { s.publicURL = strings.TrimRight(u, "/") }
}

// Call is one API request the server received, for assertions.
type Call struct {
	Method    string
	Path      string
	RawQuery  string
	APIKey    string
	UserAgent string
	Status    int
}

// Server is a fake Asaas. All methods are safe for concurrent use.
type Server struct {
	mu        sync.Mutex // guards everything below except deliverMu
	deliverMu sync.Mutex // serialises webhook delivery so queues keep order
	wg        sync.WaitGroup

	now         func() time.Time
	env         Environment
	hc          *http.Client
	autoDeliver bool
	publicURL   string
	rng         *rand.Rand

	accounts      []*Account
	byKey         map[string]*Account
	byID          map[string]*Account
	customers     map[string]*Customer
	payments      map[string]*Payment
	invoices      map[string]*Payment
	subscriptions map[string]*Subscription
	webhooks      map[string]*Webhook
	events        map[string]*event
	seq           int
	eventSeq      int

	eventLog    []*event
	calls       []Call
	deliveryLog []Delivery

	rateLimitN, rateLimitReset int
	failN, failStatus          int

	mux *http.ServeMux
	ts  *httptest.Server
	// URL is the root URL of a server made by Start (no "/v3").
	URL string
}

// New returns a server that is not listening: mount Handler() yourself.
func New(opts ...Option) *Server {
	s := &Server{
		now: time.Now,
		env: Sandbox,
		hc: &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		rng:           rand.New(rand.NewPCG(0x5eed, 0xa5aa5)),
		byKey:         map[string]*Account{},
		byID:          map[string]*Account{},
		customers:     map[string]*Customer{},
		payments:      map[string]*Payment{},
		invoices:      map[string]*Payment{},
		subscriptions: map[string]*Subscription{},
		webhooks:      map[string]*Webhook{},
		events:        map[string]*event{},
	}
	for _, o := range opts {
		o(s)
	}
	s.routes()
	return s
}

// Start returns a server listening on a local httptest URL. Close it.
func Start(opts ...Option) *Server {
	s := New(opts...)
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	s.mu.Lock()
	if s.publicURL == "" {
		s.publicURL = s.ts.URL
	}
	s.mu.Unlock()
	return s
}

// BaseURL is the API base URL for asaas.New: the server URL plus "/v3".
func (s *Server) BaseURL() string { return s.URL + "/v3" }

// Handler returns the server as an http.Handler (API under /v3, invoice
// pages under /i and /b).
func (s *Server) Handler() http.Handler { return s }

// Close stops background deliveries and, for Start servers, the listener.
func (s *Server) Close() {
	s.wg.Wait()
	if s.ts != nil {
		s.ts.Close()
	}
}

// RateLimitNext makes the next n API calls answer 429 with
// RateLimit-Reset: resetSeconds.
func (s *Server) RateLimitNext(n, resetSeconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimitN, s.rateLimitReset = n, resetSeconds
}

// FailNext makes the next n API calls answer the given status (5xx with an
// HTML gateway page, like a proxy in front of Asaas).
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// Calls returns every API call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

type ctxKey struct{}

func accountOf(r *http.Request) *Account {
	acc, _ := r.Context().Value(ctxKey{}).(*Account)
	return acc
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status.
func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v3/") {
		s.servePublic(w, r)
		return
	}
	s.learnPublicURL(r)
	rec := &statusRecorder{ResponseWriter: w}
	s.serveAPI(rec, r)
	s.mu.Lock()
	s.calls = append(s.calls, Call{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		APIKey: r.Header.Get("access_token"), UserAgent: r.Header.Get("User-Agent"), Status: rec.status,
	})
	s.mu.Unlock()
	if s.autoDeliver {
		s.wg.Go(func() { s.DeliverPending() })
	}
}

func (s *Server) learnPublicURL(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.publicURL != "" || r.Host == "" {
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.publicURL = scheme + "://" + r.Host
}

// serveAPI applies Asaas' edge checks in order (CloudFront, limits, headers,
// key) and then routes.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && (r.ContentLength > 0 || len(r.TransferEncoding) > 0) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><body><h1>403 ERROR</h1><p>The request could not be satisfied. Bad request.</p>"+
			"<p>Generated by cloudfront (CloudFront)</p></body></html>")
		return
	}

	s.mu.Lock()
	limited, reset := s.rateLimitN > 0, s.rateLimitReset
	if limited {
		s.rateLimitN--
	}
	failing, failStatus := !limited && s.failN > 0, s.failStatus
	if failing {
		s.failN--
	}
	s.mu.Unlock()

	if limited {
		w.Header().Set("RateLimit-Limit", "50")
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("RateLimit-Reset", strconv.Itoa(reset))
		writeErrors(w, http.StatusTooManyRequests, errItem{"rate_limit_exceeded",
			"Limite de requisições excedido. Aguarde para realizar novas requisições."})
		return
	}
	if failing {
		if failStatus >= 500 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(failStatus)
			fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>", failStatus, http.StatusText(failStatus))
			return
		}
		writeErrors(w, failStatus, errItem{"fake_failure", "Falha simulada pelo servidor de testes."})
		return
	}

	if strings.TrimSpace(r.Header.Get("User-Agent")) == "" {
		// The docs make User-Agent mandatory and answer 401 for missing or
		// wrong headers; the exact code is not documented.
		writeErrors(w, http.StatusUnauthorized, errItem{"user_agent_not_found",
			"O header User-Agent é obrigatório. Informe o nome da sua aplicação."})
		return
	}

	acc, item := s.authenticate(r.Header.Get("access_token"))
	if acc == nil {
		writeErrors(w, http.StatusUnauthorized, item)
		return
	}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, acc)))
}

func (s *Server) authenticate(key string) (*Account, errItem) {
	if key == "" {
		return nil, errItem{"access_token_not_found", "O cabeçalho de autenticação 'access_token' é obrigatório e não foi encontrado na requisição."}
	}
	s.mu.Lock()
	acc := s.byKey[key]
	s.mu.Unlock()
	if acc != nil {
		return acc, errItem{}
	}
	other := ProductionKeyPrefix
	if s.env == Production {
		other = SandboxKeyPrefix
	}
	if strings.HasPrefix(key, other) {
		return nil, errItem{"invalid_environment", "A chave de API informada não pertence a este ambiente."}
	}
	return nil, errItem{"invalid_access_token", "A chave de API fornecida é inválida."}
}

// routes registers the API endpoints; handlers run with s.mu held.
func (s *Server) routes() {
	m := http.NewServeMux()
	h := func(pattern string, fn func(w http.ResponseWriter, r *http.Request, acc *Account)) {
		m.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			fn(w, r, accountOf(r))
		})
	}
	h("GET /v3/myAccount/commercialInfo", s.handleCommercialInfo)

	h("POST /v3/customers", s.handleCreateCustomer)
	h("GET /v3/customers", s.handleListCustomers)
	h("GET /v3/customers/{id}", s.handleGetCustomer)

	h("POST /v3/payments", s.handleCreatePayment)
	h("GET /v3/payments", s.handleListPayments)
	h("GET /v3/payments/{id}", s.handleGetPayment)
	h("DELETE /v3/payments/{id}", s.handleDeletePayment)
	h("POST /v3/payments/{id}/refund", s.handleRefundPayment)
	h("GET /v3/payments/{id}/pixQrCode", s.handlePixQRCode)

	h("POST /v3/subscriptions", s.handleCreateSubscription)
	h("GET /v3/subscriptions", s.handleListSubscriptions)
	h("GET /v3/subscriptions/{id}", s.handleGetSubscription)
	h("PUT /v3/subscriptions/{id}", s.handleUpdateSubscription)
	h("DELETE /v3/subscriptions/{id}", s.handleDeleteSubscription)
	h("GET /v3/subscriptions/{id}/payments", s.handleSubscriptionPayments)

	h("POST /v3/webhooks", s.handleCreateWebhook)
	h("GET /v3/webhooks", s.handleListWebhooks)
	h("GET /v3/webhooks/{id}", s.handleGetWebhook)
	h("PUT /v3/webhooks/{id}", s.handleUpdateWebhook)
	h("DELETE /v3/webhooks/{id}", s.handleDeleteWebhook)

	s.mux = m
}

// today is the current civil date in Brasília, "yyyy-MM-dd".
func (s *Server) today() string { return s.now().In(brt).Format("2006-01-02") }

// nowStamp is Asaas' zone-less date-time, in Brasília time.
func (s *Server) nowStamp() string { return s.now().In(brt).Format("2006-01-02 15:04:05") }
