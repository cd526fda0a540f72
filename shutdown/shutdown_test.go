package shutdown_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/shutdown"
)

// TestDrainRefusesNewRequestsAndWaitsForThoseInFlight: once draining, a
// new request gets 503 with Retry-After while one already in flight
// finishes normally, and Drain returns when it has.
func TestDrainRefusesNewRequestsAndWaitsForThoseInFlight(t *testing.T) {
	app, err := tests.NewTestApp()
	require.NoError(t, err)
	defer app.Cleanup()
	g := shutdown.Register(app, 6500*time.Millisecond)
	r, err := apis.NewRouter(app)
	require.NoError(t, err)
	r.Bind(&hook.Handler[*core.RequestEvent]{Func: g.MiddlewareForTest()})
	entered, release := make(chan struct{}), make(chan struct{})
	r.GET("/slow", func(e *core.RequestEvent) error {
		close(entered)
		<-release
		return e.String(http.StatusOK, "done")
	})
	r.GET("/fast", func(e *core.RequestEvent) error { return e.String(http.StatusOK, "fast") })
	mux, err := r.BuildMux()
	require.NoError(t, err)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string) (*http.Response, string) {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	res, _ := get("/fast")
	require.Equal(t, http.StatusOK, res.StatusCode, "not draining yet")

	slow := make(chan string, 1)
	go func() {
		res, body := get("/slow")
		slow <- res.Status + " " + body
	}()
	<-entered
	expired, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Equal(t, 1, g.Drain(expired), "one request in flight at the deadline")
	assert.True(t, g.Draining())

	res, body := get("/fast")
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Equal(t, "7", res.Header.Get("Retry-After"), "whole seconds, rounded up")
	assert.Contains(t, body, "O servidor está reiniciando")

	drained := make(chan int, 1)
	go func() { drained <- g.Drain(context.Background()) }()
	close(release)
	assert.Equal(t, "200 OK done", <-slow, "the request in flight finished normally")
	assert.Equal(t, 0, <-drained, "Drain returns once nothing is in flight")
}
