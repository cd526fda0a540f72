// Package metrics exposes Bancada's health to Prometheus on GET /metrics.
//
// Three kinds of figures:
//   - counted as they happen: HTTP requests by route pattern and status
//     with their latency, waits at the read gate, outbox deliveries by
//     provider and result, job runs and failures;
//   - read on scrape (collectors): the inbox backlog and lag by provider,
//     the outbox pending and dead letters by kind (one cheap grouped
//     COUNT each, on the status indexes), realtime clients, the age of
//     the newest backup;
//   - the Go runtime and process figures of the default registry.
//
// Labels never carry ids or customer data: routes are PocketBase's
// patterns ("GET /api/collections/{collection}/records/{id}"), not paths.
//
// The endpoint wants the static token of BANCADA_METRICS_TOKEN as a
// bearer token, or a superuser's auth token. With no token configured
// only superusers can scrape.
package metrics

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bancada/bancada/buildinfo"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/outbox"
)

// Path is where the metrics are served.
const Path = "/metrics"

// MiddlewareID identifies the request metrics middleware.
const MiddlewareID = "bancadaMetrics"

// middlewarePriority runs the middleware right after PocketBase's
// activity logger: it sees the whole request, including the read gate's
// wait and the status a returned error turns into.
const middlewarePriority = apis.DefaultActivityLoggerMiddlewarePriority + 1

// Options are what Register needs; nil parts are left out.
type Options struct {
	// Token returns the static bearer token scrapers send; "" (or a nil
	// func) means only superusers can scrape. Read on every scrape, so it
	// may come from flags parsed after Register.
	Token func() string
	// Outbox reports every delivery's outcome.
	Outbox *outbox.Worker
	// Jobs reports every job run.
	Jobs *jobs.Runner
	// Now is the clock ages are measured with; nil means time.Now.
	Now func() time.Time
}

// Metrics holds one app's metrics, in a registry of its own (so several
// test apps in one process do not collide).
type Metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.HistogramVec
	readGateWait prometheus.Histogram
	deliveries   *prometheus.CounterVec
	jobRuns      *prometheus.CounterVec
	jobFailures  *prometheus.CounterVec
	jobDuration  *prometheus.HistogramVec
}

// Register builds app's metrics, hooks them to the outbox and the jobs,
// and mounts the middleware and GET /metrics when the server starts.
func Register(app core.App, o Options) *Metrics {
	m := newMetrics(app, o.Now)
	if o.Outbox != nil {
		o.Outbox.Observe(m.observeDelivery)
	}
	if o.Jobs != nil {
		o.Jobs.Observe(m.observeJob)
	}
	gather := prometheus.Gatherers{m.reg, prometheus.DefaultGatherer}
	handler := promhttp.HandlerFor(gather, promhttp.HandlerOpts{})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: MiddlewareID, Priority: middlewarePriority, Func: m.middleware,
		})
		se.Router.GET(Path, func(e *core.RequestEvent) error {
			if !allowed(e, o.Token) {
				e.Response.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				return e.UnauthorizedError("Informe o token de métricas ou entre como superusuário.", nil)
			}
			handler.ServeHTTP(e.Response, e.Request)
			return nil
		})
		return se.Next()
	})
	return m
}

// allowed reports whether e may read the metrics: the configured bearer
// token (compared in constant time) or a superuser's auth token.
func allowed(e *core.RequestEvent, token func() string) bool {
	if token != nil {
		if want := token(); want != "" {
			got := e.Request.Header.Get("Authorization")
			if len(got) > 7 && strings.EqualFold(got[:7], "Bearer ") {
				got = got[7:]
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 {
				return true
			}
		}
	}
	return e.HasSuperuserAuth()
}

func newMetrics(app core.App, now func() time.Time) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bancada_http_request_duration_seconds",
			Help:    "HTTP requests by route pattern and status code, with their latency.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "code"}),
		readGateWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "bancada_read_gate_wait_seconds",
			Help:    "How long record lists and views waited at the read gate (the cap is 0.5 s).",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bancada_outbox_deliveries_total",
			Help: "Outbox delivery attempts by provider and result (sent, retry, deferred, dead).",
		}, []string{"provider", "result"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bancada_job_runs_total",
			Help: "Background job runs by job.",
		}, []string{"job"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bancada_job_failures_total",
			Help: "Background job runs that returned an error, by job.",
		}, []string{"job"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bancada_job_duration_seconds",
			Help:    "How long background job runs took, by job.",
			Buckets: []float64{0.01, 0.1, 0.5, 1, 5, 15, 60, 300},
		}, []string{"job"}),
	}
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "bancada_build_info",
		Help: "Always 1; the labels say which build runs.",
	}, []string{"version", "revision"})
	b := buildinfo.Get()
	info.WithLabelValues(b.Version, b.Revision).Set(1)
	m.reg.MustRegister(m.requests, m.readGateWait, m.deliveries, m.jobRuns, m.jobFailures, m.jobDuration,
		info, newStateCollector(app, now))
	return m
}

// Registry is the app's own registry (the default one is gathered too).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// statusOf is the status a request ended with: the one written, or the
// one PocketBase writes for the returned error.
func statusOf(e *core.RequestEvent, err error) int {
	if s := e.Status(); s != 0 {
		return s
	}
	if err != nil {
		return toAPIStatus(err)
	}
	return http.StatusOK
}
