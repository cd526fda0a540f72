package metrics

import (
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// storeKey is where the middleware leaves the app's Metrics on a request
// event, for the code further down the chain (ObserveReadGateWait).
const storeKey = "bancada.metrics"

// unmatched labels requests no route matched.
const unmatched = "unmatched"

// middleware times every request and counts it by route pattern and
// status code.
func (m *Metrics) middleware(e *core.RequestEvent) error {
	start := time.Now()
	e.Set(storeKey, m)
	err := e.Next()
	m.requests.WithLabelValues(routeLabel(e.Request.Pattern), strconv.Itoa(statusOf(e, err))).
		Observe(time.Since(start).Seconds())
	return err
}

// routeLabel is the route's pattern as registered ("GET /api/x/{id}"),
// never the request's path, so no id ever becomes a label.
func routeLabel(pattern string) string {
	if pattern == "" {
		return unmatched
	}
	return strings.TrimSpace(pattern)
}

// ObserveReadGateWait records how long the request of e waited at the
// read gate. It does nothing when metrics are not registered.
func ObserveReadGateWait(e *core.RequestEvent, wait time.Duration) {
	if m, ok := e.Get(storeKey).(*Metrics); ok {
		m.readGateWait.Observe(wait.Seconds())
	}
}

// toAPIStatus is the status PocketBase answers err with.
func toAPIStatus(err error) int { return router.ToApiError(err).Status }

// observeDelivery counts one outbox attempt; the provider is the part of
// the kind before the first dot ("whatsapp.send" → "whatsapp").
func (m *Metrics) observeDelivery(kind, result string) {
	provider, _, _ := strings.Cut(kind, ".")
	m.deliveries.WithLabelValues(provider, result).Inc()
}

// observeJob counts one job run.
func (m *Metrics) observeJob(name string, took time.Duration, err error) {
	m.jobRuns.WithLabelValues(name).Inc()
	if err != nil {
		m.jobFailures.WithLabelValues(name).Inc()
	}
	m.jobDuration.WithLabelValues(name).Observe(took.Seconds())
}
