package webhooksout_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// clock is the shared settable test clock.
type clock = testclock.Clock

// env is an app with shops A, B (and C), served over loopback HTTP, and
// its clock.
type env struct {
	*hooktest.Env
	Clock *clock
	F     *hooktest.Fixture
	URL   string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := testclock.New(hooktest.Now)
	e := &env{Clock: c}
	e.Env = hooktest.New(t, func(d *deps.Deps) {
		d.Now = c.Now
		d.Config.WebhooksAllowLoopback = true // the receivers are httptest servers
	})
	e.F = hooktest.Seed(t, e.App)
	e.URL = hooktest.Serve(t, e.App).URL
	return e
}

// drain delivers everything due now.
func (e *env) drain(t *testing.T) {
	t.Helper()
	require.NoError(t, e.Deps.Outbox.Drain(context.Background()))
}

// endpoint registers an endpoint of shop s as its owner and returns its id
// and the secret shown once.
func (e *env) endpoint(t *testing.T, s *hooktest.Shop, url string, events ...string) (string, string) {
	t.Helper()
	status, raw := hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks", s.Owner,
		map[string]any{"tenant": s.ID(), "url": url, "events": events, "description": "n8n"})
	require.Equal(t, http.StatusOK, status, string(raw))
	var out struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	require.NoError(t, json.Unmarshal(raw, &out))
	require.True(t, strings.HasPrefix(out.Secret, "whsec_"), out.Secret)
	return out.ID, out.Secret
}

// received is one request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
}

// event is the body of a delivery, read independently of the package.
type event struct {
	ID      string         `json:"id"`
	Type    string         `json:"type"`
	Created string         `json:"created"`
	Tenant  string         `json:"tenant"`
	Data    map[string]any `json:"data"`
}

func (r received) event(t *testing.T) event {
	t.Helper()
	var ev event
	require.NoError(t, json.Unmarshal(r.Body, &ev), string(r.Body))
	return ev
}

// receiver is a shop's system: a real HTTP server that records what it
// gets and answers status.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
	header http.Header // added to every answer
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{status: http.StatusOK}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{Header: req.Header.Clone(), Body: body})
		status := r.status
		for k, v := range r.header {
			w.Header()[k] = v
		}
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) answer(status int) {
	r.mu.Lock()
	r.status = status
	r.mu.Unlock()
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// Errors of the receiver's verifier.
var (
	errReplay    = errors.New("timestamp outside the replay window")
	errSignature = errors.New("signature mismatch")
)

// verify is what a receiver writes from the README, independently of the
// production signer: HMAC-SHA256 of "timestamp.body" with the secret, hex,
// after "v1=", and a timestamp within window of now.
func verify(secret string, h http.Header, body []byte, now time.Time, window time.Duration) error {
	tsText := h.Get("Bancada-Webhook-Timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return errReplay
	}
	if d := now.Sub(time.Unix(ts, 0)); d > window || d < -window {
		return errReplay
	}
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, tsText+"."+string(body))
	want := "v1=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(h.Get("Bancada-Webhook-Signature"))) {
		return errSignature
	}
	return nil
}

// deliveries lists the shop's delivery log, oldest first.
func deliveries(t *testing.T, app core.App, tenantID string) []*core.Record {
	t.Helper()
	rs, err := app.FindRecordsByFilter(collections.WebhookDeliveries, "tenant = {:t}", "created", 0, 0, map[string]any{"t": tenantID})
	require.NoError(t, err)
	return rs
}
