// Package shutdown drains the server before it stops: once Drain is
// called, every new request is answered 503 with Retry-After (clients and
// webhook senders come back once the server is up again), while the
// requests already in flight finish. The caller then stops the workers
// and lets the database close.
package shutdown

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MiddlewareID identifies the gate's middleware.
const MiddlewareID = "bancadaShutdownGate"

// middlewarePriority runs the gate right after the activity logger and
// the request metrics, so refused requests are logged and counted.
const middlewarePriority = apis.DefaultActivityLoggerMiddlewarePriority + 2

// realtimePath is PocketBase's SSE endpoint: its connections last until
// the client leaves, so they are not waited for (the server closes them).
const realtimePath = "/api/realtime"

// Gate counts the requests in flight and refuses new ones while draining.
type Gate struct {
	retryAfter string

	mu       sync.Mutex
	inFlight int
	draining bool
	idle     chan struct{} // closed when draining and nothing is in flight
}

// Register mounts the gate on app's router when the server starts.
// retryAfter is what refused requests are told to wait.
func Register(app core.App, retryAfter time.Duration) *Gate {
	g := &Gate{retryAfter: strconv.Itoa(max(int((retryAfter+time.Second-1)/time.Second), 1)), idle: make(chan struct{})}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: MiddlewareID, Priority: middlewarePriority, Func: g.middleware})
		return se.Next()
	})
	return g
}

// middleware refuses the request while draining, else counts it in.
func (g *Gate) middleware(e *core.RequestEvent) error {
	if strings.HasPrefix(e.Request.URL.Path, realtimePath) {
		if g.Draining() {
			return g.refuse(e)
		}
		return e.Next()
	}
	g.mu.Lock()
	if g.draining {
		g.mu.Unlock()
		return g.refuse(e)
	}
	g.inFlight++
	g.mu.Unlock()
	defer g.done()
	return e.Next()
}

// refuse answers 503 with Retry-After.
func (g *Gate) refuse(e *core.RequestEvent) error {
	e.Response.Header().Set("Retry-After", g.retryAfter)
	e.Response.Header().Set("Connection", "close")
	return apis.NewApiError(http.StatusServiceUnavailable, "O servidor está reiniciando. Tente de novo em instantes.", nil)
}

// done counts a request out.
func (g *Gate) done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	if g.draining && g.inFlight == 0 {
		g.closeIdle()
	}
}

// closeIdle closes idle once; g.mu is held.
func (g *Gate) closeIdle() {
	select {
	case <-g.idle:
	default:
		close(g.idle)
	}
}

// Draining reports whether Drain was called.
func (g *Gate) Draining() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.draining
}

// Drain refuses new requests from now on and waits until the requests in
// flight have finished or ctx ends; it returns how many were still in
// flight then (0: all finished).
func (g *Gate) Drain(ctx context.Context) int {
	g.mu.Lock()
	g.draining = true
	if g.inFlight == 0 {
		g.closeIdle()
	}
	g.mu.Unlock()
	select {
	case <-g.idle:
		return 0
	case <-ctx.Done():
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.inFlight
	}
}
