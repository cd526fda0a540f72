package evolution_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/evolution"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

const testKey = "global-key-S3CR3T"

// fixture is a fake Evolution server with a client of it.
type fixture struct {
	srv *evofake.Server
	c   *evolution.Client
	ctx context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := evofake.Start(evofake.WithAPIKey(testKey))
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, c: evolution.New(srv.URL, testKey), ctx: t.Context()}
}

// create makes an instance with a webhook to a dead URL (nothing is
// posted unless a test asks).
func (fx *fixture) create(t *testing.T, name string) *evolution.CreateInstanceResponse {
	t.Helper()
	res, err := fx.c.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{
		InstanceName: name,
		Webhook:      &evolution.WebhookConfig{URL: "http://127.0.0.1:1/hook", Headers: map[string]string{"x-tenant-secret": "s3"}},
	})
	require.NoError(t, err)
	return res
}

// open creates an instance and pairs a phone with it.
func (fx *fixture) open(t *testing.T, name string) *evolution.CreateInstanceResponse {
	t.Helper()
	res := fx.create(t, name)
	_, _ = fx.srv.ScanQR(name, "5511912345678") // the webhook URL is dead: only the state matters
	require.Equal(t, "open", fx.srv.State(name))
	return res
}

func TestCreateInstance(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	res := fx.create(t, "loja-centro")
	assert.Equal(t, "loja-centro", res.InstanceName)
	assert.NotEmpty(t, res.InstanceID)
	assert.Equal(t, evolution.IntegrationBaileys, res.Integration)
	assert.Equal(t, "connecting", res.Status)
	assert.Equal(t, fx.srv.Token("loja-centro"), res.Token)
	assert.Equal(t, strings.ToUpper(res.Token), res.Token, "generated tokens are upper-case UUIDs")
	require.NotNil(t, res.QR)
	assert.True(t, strings.HasPrefix(res.QR.Base64, "data:image/png;base64,"))
	assert.True(t, strings.HasPrefix(res.QR.Code, "2@"))
	assert.Equal(t, 1, res.QR.Count)
	assert.Equal(t, "http://127.0.0.1:1/hook", res.WebhookURL)

	wh, err := fx.c.FindWebhook(fx.ctx, "loja-centro")
	require.NoError(t, err)
	require.NotNil(t, wh)
	assert.True(t, wh.Enabled, "inline webhooks are stored enabled")
	assert.Equal(t, evolution.DefaultWebhookEvents(), wh.Events)
	assert.Equal(t, map[string]string{"x-tenant-secret": "s3"}, wh.Headers)

	withToken, err := fx.c.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{InstanceName: "loja-2", Token: "my-token", Number: "5511912345678"})
	require.NoError(t, err)
	assert.Equal(t, "my-token", withToken.Token)
	require.NotNil(t, withToken.QR)
	assert.Len(t, withToken.QR.PairingCode, 8, "a number asks for a pairing code")
}

func TestCreateInstanceWireBody(t *testing.T) {
	t.Parallel()
	var got map[string]any
	var key string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key = r.Header.Get("apikey")
		require.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"instance":{"instanceName":"x","instanceId":"1","status":"created"},"hash":{"apikey":"V1TOKEN"}}`)
	}))
	defer ts.Close()
	c := evolution.New(ts.URL, testKey)
	res, err := c.CreateInstance(t.Context(), evolution.CreateInstanceRequest{
		InstanceName: "x", GroupsIgnore: true,
		Webhook: &evolution.WebhookConfig{URL: "https://app/hook", Headers: map[string]string{"x-s": "1"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "V1TOKEN", res.Token, "v1 hash object")
	assert.Equal(t, "created", res.Status)
	assert.Nil(t, res.QR)

	assert.Equal(t, testKey, key)
	assert.Equal(t, "x", got["instanceName"])
	assert.Equal(t, "WHATSAPP-BAILEYS", got["integration"])
	assert.Equal(t, true, got["qrcode"])
	assert.Equal(t, true, got["groupsIgnore"])
	assert.NotContains(t, got, "token")
	wh := got["webhook"].(map[string]any)
	assert.Equal(t, "https://app/hook", wh["url"])
	assert.Equal(t, false, wh["byEvents"])
	assert.Equal(t, false, wh["base64"])
	assert.Equal(t, map[string]any{"x-s": "1"}, wh["headers"])
	assert.Equal(t, []any{"QRCODE_UPDATED", "CONNECTION_UPDATE", "MESSAGES_UPSERT", "MESSAGES_UPDATE", "SEND_MESSAGE"}, wh["events"],
		"events must always be sent")
}

func TestCreateInstanceErrors(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.create(t, "loja")

	_, err := fx.c.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{InstanceName: "loja"})
	require.ErrorIs(t, err, evolution.ErrNameInUse)
	assert.False(t, evolution.IsRetryable(err))
	var ae *evolution.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 403, ae.Status)
	assert.Equal(t, []string{`This name "loja" is already in use.`}, ae.Messages)

	bad := evolution.New(fx.srv.URL, "wrong-key-123")
	_, err = bad.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{InstanceName: "other"})
	require.ErrorIs(t, err, evolution.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-key-123")

	_, err = fx.c.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{})
	require.ErrorIs(t, err, evolution.ErrBadRequest)
}

func TestConnectAndState(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.create(t, "loja")

	st, err := fx.c.ConnectionState(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateConnecting, st)

	res, err := fx.c.Connect(fx.ctx, "loja", "")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateConnecting, res.State)
	assert.True(t, res.HasQR())
	assert.Empty(t, res.PairingCode)

	res, err = fx.c.Connect(fx.ctx, "loja", "5511912345678")
	require.NoError(t, err)
	assert.Len(t, res.PairingCode, 8)

	_, _ = fx.srv.ScanQR("loja", "5511912345678")
	res, err = fx.c.Connect(fx.ctx, "loja", "")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateOpen, res.State)
	assert.False(t, res.HasQR())

	st, err = fx.c.ConnectionState(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateOpen, st)
}

func TestConnectErrorInBody(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.create(t, "loja")
	fx.srv.FailConnect("loja", 1)

	_, err := fx.c.Connect(fx.ctx, "loja", "")
	require.ErrorIs(t, err, evolution.ErrConnectFailed, "HTTP 200 with error:true is a failure")
	assert.True(t, evolution.IsRetryable(err))
	var ae *evolution.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 200, ae.Status)
	assert.Equal(t, []string{"Error: Connection Failure"}, ae.Messages)

	_, err = fx.c.Connect(fx.ctx, "loja", "")
	require.NoError(t, err, "only the next call fails")
}

func TestRestart(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.open(t, "loja")
	res, err := fx.c.Restart(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateOpen, res.State)

	require.NoError(t, fx.c.Logout(fx.ctx, "loja"))
	_, err = fx.c.Restart(fx.ctx, "loja")
	require.ErrorIs(t, err, evolution.ErrConnectFailed, "Evolution refuses to restart a closed session with 200+error")
}

func TestLogoutAndDelete(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.open(t, "loja")

	require.NoError(t, fx.c.Logout(fx.ctx, "loja"))
	st, err := fx.c.ConnectionState(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateClose, st)

	err = fx.c.Logout(fx.ctx, "loja")
	require.ErrorIs(t, err, evolution.ErrNotConnected)
	require.NotErrorIs(t, err, evolution.ErrBadRequest)

	require.NoError(t, fx.c.Delete(fx.ctx, "loja"))
	_, err = fx.c.ConnectionState(fx.ctx, "loja")
	require.ErrorIs(t, err, evolution.ErrInstanceNotFound)
	assert.False(t, evolution.IsRetryable(err))
}

func TestInstanceNotFound(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	calls := map[string]func() error{
		"connect": func() error { _, err := fx.c.Connect(fx.ctx, "nope", ""); return err },
		"state":   func() error { _, err := fx.c.ConnectionState(fx.ctx, "nope"); return err },
		"logout":  func() error { return fx.c.Logout(fx.ctx, "nope") },
		"delete":  func() error { return fx.c.Delete(fx.ctx, "nope") },
		"restart": func() error { _, err := fx.c.Restart(fx.ctx, "nope"); return err },
		"send": func() error {
			_, err := fx.c.SendText(fx.ctx, "nope", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
			return err
		},
		"setWebhook": func() error {
			_, err := fx.c.SetWebhook(fx.ctx, "nope", evolution.WebhookConfig{URL: "http://x"})
			return err
		},
		"findHook": func() error { _, err := fx.c.FindWebhook(fx.ctx, "nope"); return err },
		"fetch":    func() error { _, err := fx.c.FetchInstances(fx.ctx, "nope"); return err },
	}
	for name, call := range calls {
		err := call()
		require.ErrorIs(t, err, evolution.ErrInstanceNotFound, name)
		assert.NotErrorIs(t, err, evolution.ErrBadRequest, name)
	}
}

func TestSendText(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.open(t, "loja")

	msg, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{
		Number: "5511987654321", Text: "Seu aparelho está pronto!", DelayMS: 1200, QuotedID: "A5561E44",
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(msg.ID, "3EB0"))
	assert.Equal(t, "5511987654321@s.whatsapp.net", msg.RemoteJID)
	assert.True(t, msg.FromMe)
	assert.Equal(t, "PENDING", msg.Status)
	assert.Equal(t, "conversation", msg.MessageType)
	assert.Equal(t, "Seu aparelho está pronto!", msg.Text)
	assert.WithinDuration(t, time.Now(), msg.Timestamp, time.Minute)

	sent := fx.srv.Sent("loja")
	require.Len(t, sent, 1)
	assert.Equal(t, msg.ID, sent[0].ID)
	assert.Equal(t, "5511987654321", sent[0].Number)
	assert.Equal(t, 1200, sent[0].DelayMS)
	assert.Equal(t, "A5561E44", sent[0].QuotedID)

	// Evolution drops the ninth digit where WhatsApp expects that.
	msg, err = fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5531998296801", Text: "oi"})
	require.NoError(t, err)
	assert.Equal(t, "553198296801@s.whatsapp.net", msg.RemoteJID)

	// Replies to an @lid-only customer are addressed to the @lid.
	msg, err = fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "13718992004451@lid", Text: "oi"})
	require.NoError(t, err)
	assert.Equal(t, "13718992004451@lid", msg.RemoteJID)

	_, err = fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321"})
	require.ErrorIs(t, err, evolution.ErrBadRequest, "empty text is refused before calling")
}

func TestSendTextNotOnWhatsApp(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.open(t, "loja")
	fx.srv.SetNotOnWhatsApp("5531998296801")

	_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5531998296801", Text: "oi"})
	require.ErrorIs(t, err, evolution.ErrNotOnWhatsApp)
	require.NotErrorIs(t, err, evolution.ErrBadRequest)
	assert.False(t, evolution.IsRetryable(err))
	num, ok := evolution.NumberNotOnWhatsApp(err)
	require.True(t, ok)
	assert.Equal(t, "5531998296801", num)
	var ae *evolution.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "553198296801@s.whatsapp.net", ae.JID)
	assert.Empty(t, fx.srv.Sent(""))

	_, ok = evolution.NumberNotOnWhatsApp(errors.New("other"))
	assert.False(t, ok)
}

func TestSendTextWhileDisconnected(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.create(t, "loja") // connecting: no session yet

	_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
	require.ErrorIs(t, err, evolution.ErrNotConnected)
	assert.True(t, evolution.IsRetryable(err), "the shop may reconnect its phone")
}

func TestSendTextFailures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status    int
		want      error
		retryable bool
	}{
		{500, evolution.ErrUnreachable, true},
		{502, evolution.ErrUnreachable, true},
		{503, evolution.ErrUnreachable, true},
		{429, evolution.ErrRateLimited, true},
		{400, evolution.ErrBadRequest, false},
		{401, evolution.ErrUnauthorized, false},
	}
	fx := newFixture(t)
	fx.open(t, "loja")
	for _, tc := range cases {
		fx.srv.FailNext("loja", 1, tc.status)
		_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
		require.ErrorIs(t, err, tc.want, tc.status)
		assert.Equal(t, tc.retryable, evolution.IsRetryable(err), tc.status)
		var ae *evolution.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, tc.status, ae.Status)
	}
	fx.srv.FailNext("loja", 2, 500)
	for range 2 {
		_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
		require.Error(t, err)
	}
	_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
	require.NoError(t, err, "failures are consumed")
	assert.Len(t, fx.srv.Sent("loja"), 1)
}

func TestInstanceToken(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	res := fx.open(t, "loja")
	fx.create(t, "other")

	tokenOnly := evolution.New(fx.srv.URL, "").WithToken(res.Token)
	_, err := tokenOnly.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
	require.NoError(t, err)

	_, err = tokenOnly.ConnectionState(fx.ctx, "other")
	require.ErrorIs(t, err, evolution.ErrUnauthorized, "a token opens only its instance")
	_, err = tokenOnly.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{InstanceName: "x"})
	require.ErrorIs(t, err, evolution.ErrUnauthorized, "creating needs the global key")

	var asked []string
	lookup := evolution.New(fx.srv.URL, "not-the-key", evolution.WithTokenLookup(func(_ context.Context, instance string) (string, error) {
		asked = append(asked, instance)
		if instance == "loja" {
			return res.Token, nil
		}
		return "", nil
	}))
	st, err := lookup.ConnectionState(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateOpen, st)
	_, err = lookup.ConnectionState(fx.ctx, "other")
	require.ErrorIs(t, err, evolution.ErrUnauthorized, "empty token falls back to the (wrong) global key")
	assert.Equal(t, []string{"loja", "other"}, asked)

	failing := evolution.New(fx.srv.URL, testKey, evolution.WithTokenLookup(func(context.Context, string) (string, error) {
		return "", errors.New("vault sealed")
	}))
	_, err = failing.ConnectionState(fx.ctx, "loja")
	require.ErrorContains(t, err, "vault sealed")
}

func TestWebhookSetAndFind(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	_, err := fx.c.CreateInstance(fx.ctx, evolution.CreateInstanceRequest{InstanceName: "loja"})
	require.NoError(t, err)

	wh, err := fx.c.FindWebhook(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Nil(t, wh, "no webhook yet")

	set, err := fx.c.SetWebhook(fx.ctx, "loja", evolution.WebhookConfig{
		URL: "https://app.example.com/webhooks/evolution", Headers: map[string]string{"x-tenant-secret": "abc"},
		Events: []string{evolution.WebhookMessagesUpsert}, Enabled: true, ByEvents: true,
	})
	require.NoError(t, err)
	assert.NotEmpty(t, set.ID)
	assert.Equal(t, "https://app.example.com/webhooks/evolution", set.URL)
	assert.Equal(t, []string{"MESSAGES_UPSERT"}, set.Events)
	assert.True(t, set.Enabled)
	assert.True(t, set.ByEvents)
	assert.False(t, set.Base64)
	assert.NotEmpty(t, set.InstanceID)
	assert.False(t, set.CreatedAt.IsZero())

	found, err := fx.c.FindWebhook(fx.ctx, "loja")
	require.NoError(t, err)
	assert.Equal(t, set, found)

	disabled, err := fx.c.SetWebhook(fx.ctx, "loja", evolution.WebhookConfig{URL: "https://app.example.com/x"})
	require.NoError(t, err)
	assert.False(t, disabled.Enabled)
	assert.Empty(t, disabled.Events, "Evolution drops the events of a disabled webhook")
	assert.Equal(t, set.ID, disabled.ID, "upsert keeps the row")

	defaults, err := fx.c.SetWebhook(fx.ctx, "loja", evolution.WebhookConfig{URL: "https://app.example.com/x", Enabled: true})
	require.NoError(t, err)
	assert.Equal(t, evolution.DefaultWebhookEvents(), defaults.Events, "never an empty list (= all events)")

	_, err = fx.c.SetWebhook(fx.ctx, "loja", evolution.WebhookConfig{Enabled: true})
	require.ErrorIs(t, err, evolution.ErrBadRequest)
}

func TestFetchInstances(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	res := fx.open(t, "loja-a")
	fx.create(t, "loja-b")

	all, err := fx.c.FetchInstances(fx.ctx, "")
	require.NoError(t, err)
	require.Len(t, all, 2)
	a := all[0]
	assert.Equal(t, "loja-a", a.Name)
	assert.Equal(t, res.InstanceID, a.ID)
	assert.Equal(t, evolution.StateOpen, a.State)
	assert.Equal(t, "5511912345678@s.whatsapp.net", a.OwnerJID)
	assert.Equal(t, "5511912345678", a.Phone)
	assert.Equal(t, evolution.IntegrationBaileys, a.Integration)
	assert.Equal(t, res.Token, a.Token)
	assert.False(t, a.CreatedAt.IsZero())
	assert.Equal(t, evolution.StateConnecting, all[1].State)

	one, err := fx.c.FetchInstances(fx.ctx, "loja-b")
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.Equal(t, "loja-b", one[0].Name)

	require.NoError(t, fx.c.Logout(fx.ctx, "loja-a"))
	one, err = fx.c.FetchInstances(fx.ctx, "loja-a")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateClose, one[0].State)
	assert.Equal(t, 401, one[0].DisconnectionReasonCode)
	assert.False(t, one[0].DisconnectionAt.IsZero())
}

func TestFetchInstancesV1Shape(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `[{"instance":{"instanceName":"loja","instanceId":"abc","owner":"553198296801@s.whatsapp.net",
		  "profileName":"Loja","profilePictureUrl":null,"profileStatus":"","status":"open","serverUrl":"http://x","apikey":"TOK",
		  "integration":{"integration":"WHATSAPP-BAILEYS","webhook_wa_business":"http://x/webhook/whatsapp"}}}]`)
	}))
	defer ts.Close()
	list, err := evolution.New(ts.URL, testKey).FetchInstances(t.Context(), "")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, evolution.InstanceInfo{
		ID: "abc", Name: "loja", State: evolution.StateOpen, Integration: "WHATSAPP-BAILEYS",
		OwnerJID: "553198296801@s.whatsapp.net", Phone: "5531998296801", ProfileName: "Loja", Token: "TOK",
	}, list[0])
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.open(t, "loja")
	fx.srv.SetDown(true)

	_, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
	require.ErrorIs(t, err, evolution.ErrUnreachable)
	assert.True(t, evolution.IsRetryable(err))
	assert.NotContains(t, err.Error(), testKey)
	assert.Empty(t, fx.srv.Sent(""))

	fx.srv.SetDown(false)
	_, err = fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "oi"})
	require.NoError(t, err)

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err = evolution.New(closed.URL, testKey).ConnectionState(t.Context(), "loja")
	require.ErrorIs(t, err, evolution.ErrUnreachable, "connection refused")
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer ts.Close()
	defer close(release)

	// The caller's deadline is far; only the client's own timeout can end
	// the call while ctx is still alive.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	c := evolution.New(ts.URL, testKey, evolution.WithTimeout(50*time.Millisecond))
	_, err := c.ConnectionState(ctx, "loja")
	require.NoError(t, ctx.Err(), "the client timeout fired first")
	require.ErrorIs(t, err, evolution.ErrUnreachable)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the cause stays in the chain")
	assert.True(t, evolution.IsRetryable(err))
}

func TestNonJSONAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status int
		body   string
	}{
		{"html 200", 200, "<html>captive portal</html>"},
		{"html 404 from a proxy", 404, "<html>not found</html>"},
		{"empty 200", 200, ""},
	}
	for _, tc := range cases {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		}))
		_, err := evolution.New(ts.URL, testKey).ConnectionState(t.Context(), "loja")
		ts.Close()
		require.ErrorIs(t, err, evolution.ErrUnreachable, tc.name)
	}
}

func TestHTTPClientOptionAndHeaders(t *testing.T) {
	t.Parallel()
	var got http.Header
	var path string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, path = r.Header.Clone(), r.URL.EscapedPath()
		_, _ = io.WriteString(w, `{"instance":{"instanceName":"loja centro","state":"close"}}`)
	}))
	defer ts.Close()
	used := false
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	st, err := evolution.New(ts.URL+"/", testKey, evolution.WithHTTPClient(hc)).ConnectionState(t.Context(), "loja centro")
	require.NoError(t, err)
	assert.Equal(t, evolution.StateClose, st)
	assert.True(t, used)
	assert.Equal(t, testKey, got.Get("apikey"))
	assert.Equal(t, "/instance/connectionState/loja%20centro", path)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestEmptyInstanceNameIsRefusedLocally(t *testing.T) {
	t.Parallel()
	c := evolution.New("http://127.0.0.1:1", testKey)
	ctx := t.Context()
	for name, err := range map[string]error{
		"connect": func() error { _, err := c.Connect(ctx, "", ""); return err }(),
		"state":   func() error { _, err := c.ConnectionState(ctx, " "); return err }(),
		"logout":  c.Logout(ctx, ""),
		"delete":  c.Delete(ctx, ""),
		"send": func() error {
			_, err := c.SendText(ctx, "", evolution.SendTextRequest{Number: "1", Text: "x"})
			return err
		}(),
		"webhook": func() error { _, err := c.FindWebhook(ctx, ""); return err }(),
	} {
		require.ErrorIs(t, err, evolution.ErrBadRequest, name)
		assert.NotErrorIs(t, err, evolution.ErrUnreachable, name)
	}
}

// findMessages answers what was sent to a chat within a time window,
// newest first, in Evolution 2.x's paged envelope.
func TestFindMessages(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC)
	srv := evofake.Start(evofake.WithAPIKey(testKey), evofake.WithClock(func() time.Time { return at }))
	t.Cleanup(srv.Close)
	fx := &fixture{srv: srv, c: evolution.New(srv.URL, testKey), ctx: t.Context()}
	fx.open(t, "loja")
	first, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "primeira"})
	require.NoError(t, err)
	at = at.Add(2 * time.Second)
	second, err := fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "segunda"})
	require.NoError(t, err)
	_, err = fx.c.SendText(fx.ctx, "loja", evolution.SendTextRequest{Number: "5511911112222", Text: "outro chat"})
	require.NoError(t, err)

	page, err := fx.c.FindMessages(fx.ctx, "loja", evolution.FindMessagesRequest{
		RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true,
		Since: time.Date(2026, 11, 24, 12, 59, 0, 0, time.UTC), Until: time.Date(2026, 11, 24, 13, 1, 0, 0, time.UTC),
	})
	require.NoError(t, err)
	require.Equal(t, 2, page.Total)
	require.Equal(t, 1, page.Pages)
	require.Equal(t, 1, page.CurrentPage)
	require.Len(t, page.Records, 2)
	assert.Equal(t, second.ID, page.Records[0].ID, "newest first")
	assert.Equal(t, "segunda", page.Records[0].Text)
	assert.Equal(t, first.ID, page.Records[1].ID)
	assert.True(t, page.Records[1].FromMe)
	assert.Equal(t, "5511987654321@s.whatsapp.net", page.Records[1].RemoteJID)
	assert.Equal(t, time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC), page.Records[1].Timestamp.UTC())

	// The window is applied at whole seconds.
	page, err = fx.c.FindMessages(fx.ctx, "loja", evolution.FindMessagesRequest{
		RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true,
		Since: time.Date(2026, 11, 24, 13, 0, 1, 0, time.UTC), Until: time.Date(2026, 11, 24, 13, 5, 0, 0, time.UTC),
	})
	require.NoError(t, err)
	require.Len(t, page.Records, 1)
	assert.Equal(t, "segunda", page.Records[0].Text)

	// Paged by "offset".
	page, err = fx.c.FindMessages(fx.ctx, "loja", evolution.FindMessagesRequest{FromMe: true, PageSize: 2, Page: 2})
	require.NoError(t, err)
	require.Equal(t, 3, page.Total)
	require.Equal(t, 2, page.Pages)
	require.Len(t, page.Records, 1)
	assert.Equal(t, "primeira", page.Records[0].Text)
}

// The wire body is Evolution's Query<Message>: where.key and
// where.messageTimestamp with ISO dates, page and offset.
func TestFindMessagesWireBody(t *testing.T) {
	t.Parallel()
	var got map[string]any
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/chat/findMessages/loja", r.URL.Path)
		assert.Equal(t, http.MethodPost, r.Method)
		require.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		_, _ = io.WriteString(w, `{"messages":{"total":1,"pages":1,"currentPage":1,"records":[`+
			`{"id":"cmx","key":{"id":"3EB0AA","fromMe":true,"remoteJid":"5511987654321@s.whatsapp.net"},`+
			`"pushName":"Você","messageType":"conversation","message":{"conversation":"oi"},"messageTimestamp":1764000000,"MessageUpdate":[]}]}}`)
	}))
	t.Cleanup(ts.Close)
	c := evolution.New(ts.URL, testKey)
	page, err := c.FindMessages(t.Context(), "loja", evolution.FindMessagesRequest{
		RemoteJID: "5511987654321@s.whatsapp.net", FromMe: true, PageSize: 20,
		Since: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC),
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"where": map[string]any{
			"key":              map[string]any{"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": true},
			"messageTimestamp": map[string]any{"gte": "2026-11-24T12:00:00Z", "lte": "2026-11-24T14:00:00Z"},
		},
		"offset": float64(20),
	}, got)
	require.Len(t, page.Records, 1)
	assert.Equal(t, "3EB0AA", page.Records[0].ID)
	assert.Equal(t, "oi", page.Records[0].Text)
	assert.Equal(t, time.Unix(1764000000, 0).UTC(), page.Records[0].Timestamp.UTC())

	// An answer without the envelope is not taken for "nothing sent".
	ts2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `[]`) }))
	t.Cleanup(ts2.Close)
	_, err = evolution.New(ts2.URL, testKey).FindMessages(t.Context(), "loja", evolution.FindMessagesRequest{FromMe: true})
	require.ErrorIs(t, err, evolution.ErrUnreachable)
}
