package evofake_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/evolution"
	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// receiver is the app's side of the webhook: it records what arrives and
// answers status.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	got    []received
}

type received struct {
	path    string
	headers http.Header
	body    []byte
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{status: http.StatusOK}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{path: r.URL.Path, headers: r.Header.Clone(), body: b})
		status := rc.status
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) all() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func (rc *receiver) last(t *testing.T) (received, *evolution.Event) {
	t.Helper()
	all := rc.all()
	require.NotEmpty(t, all)
	r := all[len(all)-1]
	ev, err := evolution.ParseWebhook(r.body)
	require.NoError(t, err)
	return r, ev
}

// call makes a raw request to the fake and decodes the JSON answer.
func call(t *testing.T, srv *evofake.Server, method, path, key string, body any) (int, any) {
	t.Helper()
	var rdr io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rdr = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rdr)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("apikey", key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out any
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return resp.StatusCode, out
}

func createBody(name, hookURL string, headers map[string]string) map[string]any {
	return map[string]any{
		"instanceName": name, "integration": "WHATSAPP-BAILEYS", "qrcode": true,
		"webhook": map[string]any{"url": hookURL, "byEvents": false, "base64": false, "headers": headers,
			"events": []string{"QRCODE_UPDATED", "CONNECTION_UPDATE", "MESSAGES_UPSERT", "MESSAGES_UPDATE", "SEND_MESSAGE"}},
	}
}

func start(t *testing.T, opts ...evofake.Option) *evofake.Server {
	t.Helper()
	srv := evofake.Start(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func TestWebhooksCarryConfiguredHeaders(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	srv := start(t)
	status, _ := call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), createBody("loja", rc.URL+"/webhooks/evolution", map[string]string{"x-tenant-secret": "s3cr3t"}))
	require.Equal(t, http.StatusCreated, status)

	got, err := srv.ScanQR("loja", "5511912345678")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, got)
	r, ev := rc.last(t)
	assert.Equal(t, "/webhooks/evolution", r.path)
	assert.Equal(t, "s3cr3t", r.headers.Get("x-tenant-secret"))
	assert.Equal(t, "application/json", r.headers.Get("Content-Type"))
	assert.Equal(t, evolution.EventConnectionUpdate, ev.Name)
	assert.Equal(t, "connection.update", ev.RawName, "lower-case dotted on the wire")
	assert.Equal(t, "loja", ev.Instance)
	assert.Equal(t, rc.URL+"/webhooks/evolution", ev.Destination)
	assert.Equal(t, srv.URL, ev.ServerURL)
	assert.Equal(t, srv.Token("loja"), ev.APIKey)
	assert.Equal(t, "5511912345678@s.whatsapp.net", ev.Sender)
	conn, err := ev.Connection()
	require.NoError(t, err)
	assert.Equal(t, evolution.StateOpen, conn.State)
	assert.Equal(t, "5511912345678", conn.Phone)

	// The status the app answers is returned to the test.
	rc.mu.Lock()
	rc.status = http.StatusUnauthorized
	rc.mu.Unlock()
	got, err = srv.Disconnect("loja")
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, got)
	_, ev = rc.last(t)
	conn, err = ev.Connection()
	require.NoError(t, err)
	assert.True(t, conn.LoggedOut())
	assert.Equal(t, "close", srv.State("loja"))

	deliveries := srv.Deliveries()
	require.Len(t, deliveries, 2)
	assert.Equal(t, http.StatusUnauthorized, deliveries[1].Status)
}

func TestInjectMessageShapes(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	clock := time.Date(2025, 7, 27, 13, 20, 0, 0, time.UTC)
	srv := start(t, evofake.WithClock(func() time.Time { return clock }))
	call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), createBody("loja", rc.URL, map[string]string{"x-tenant-secret": "abc"}))
	_, err := srv.ScanQR("loja", "5511912345678")
	require.NoError(t, err)

	cases := []struct {
		name string
		spec evofake.InboundSpec
		want func(t *testing.T, m *evolution.InboundMessage)
	}{
		{"pn", evofake.InboundSpec{From: "5511987654321", Text: "Oi", ID: "ID1", PushName: "Maria"}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.Equal(t, "ID1", m.ID)
			assert.Equal(t, "5511987654321", m.Phone)
			assert.Equal(t, "5511987654321@s.whatsapp.net", m.ReplyTo)
			assert.Equal(t, "Maria", m.PushName)
			assert.Equal(t, "Oi", m.Text)
			assert.Equal(t, "conversation", m.MessageType)
			assert.Equal(t, clock, m.Timestamp)
			assert.Equal(t, "pn", m.AddressingMode)
			assert.False(t, m.FromMe || m.IsGroup || m.IsLID)
			assert.NotEmpty(t, m.InstanceID)
		}},
		{"ninth digit", evofake.InboundSpec{From: "5531998296801", Text: "x"}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.Equal(t, "553198296801@s.whatsapp.net", m.RemoteJID, "WhatsApp's JID")
			assert.Equal(t, "5531998296801", m.Phone)
		}},
		{"lid with phone", evofake.InboundSpec{From: "5511987654321", LID: "209876543210987", Text: "x"}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.Equal(t, "209876543210987@lid", m.RemoteJID)
			assert.Equal(t, "5511987654321@s.whatsapp.net", m.RemoteJIDAlt)
			assert.True(t, m.IsLID)
			assert.Equal(t, "5511987654321", m.Phone)
			assert.Equal(t, "209876543210987@lid", m.LID)
		}},
		{"lid only", evofake.InboundSpec{LID: "209876543210987@lid", Text: "x"}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.Empty(t, m.Phone)
			assert.Equal(t, "209876543210987@lid", m.ReplyTo)
		}},
		{"group", evofake.InboundSpec{From: "5511944443333", Group: "120363025246125888", Text: "x"}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.True(t, m.IsGroup)
			assert.Equal(t, "120363025246125888@g.us", m.ReplyTo)
			assert.Equal(t, "5511944443333@s.whatsapp.net", m.Participant)
			assert.Equal(t, "5511944443333", m.Phone)
		}},
		{"from me", evofake.InboundSpec{From: "5511987654321", Text: "x", FromMe: true}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.True(t, m.FromMe)
			assert.Equal(t, "SERVER_ACK", m.Status)
			assert.Equal(t, "Você", m.PushName)
		}},
		{"v1 shape", evofake.InboundSpec{From: "5511987654321", Text: "antigo", V1Shape: true}, func(t *testing.T, m *evolution.InboundMessage) {
			assert.Equal(t, "antigo", m.Text)
			assert.Equal(t, "extendedTextMessage", m.MessageType)
			assert.Equal(t, "loja", m.Owner)
			assert.Empty(t, m.InstanceID)
			assert.Equal(t, clock, m.Timestamp)
		}},
	}
	for _, tc := range cases {
		status, err := srv.InjectMessage("loja", tc.spec)
		require.NoError(t, err, tc.name)
		assert.Equal(t, http.StatusOK, status)
		r, ev := rc.last(t)
		assert.Equal(t, "abc", r.headers.Get("x-tenant-secret"), tc.name)
		assert.Equal(t, evolution.EventMessagesUpsert, ev.Name)
		assert.Equal(t, clock, ev.DateTime)
		m, err := ev.Message()
		require.NoError(t, err, tc.name)
		t.Run(tc.name, func(t *testing.T) { tc.want(t, m) })
	}

	status, err := srv.InjectMessage("loja", evofake.InboundSpec{Text: "x"})
	require.Error(t, err)
	assert.Zero(t, status)
	_, err = srv.Disconnect("loja")
	require.NoError(t, err)
	_, err = srv.InjectMessage("loja", evofake.InboundSpec{From: "5511987654321", Text: "x"})
	require.ErrorIs(t, err, evofake.ErrNotOpen)
	_, err = srv.InjectMessage("nope", evofake.InboundSpec{From: "5511987654321", Text: "x"})
	require.ErrorIs(t, err, evofake.ErrUnknownInstance)
}

func TestWebhookSubscriptionAndByEvents(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	srv := start(t)
	c := evolution.New(srv.URL, srv.APIKey())
	_, err := c.CreateInstance(t.Context(), evolution.CreateInstanceRequest{InstanceName: "loja"})
	require.NoError(t, err)

	_, err = srv.ScanQR("loja", "5511912345678")
	require.ErrorIs(t, err, evofake.ErrNoWebhook, "no webhook configured")
	assert.Equal(t, "open", srv.State("loja"), "the state changes anyway")

	_, err = c.SetWebhook(t.Context(), "loja", evolution.WebhookConfig{
		URL: rc.URL + "/hooks", Enabled: true, ByEvents: true, Events: []string{evolution.WebhookMessagesUpsert},
		Headers: map[string]string{"jwt_key": "jwt-secret"},
	})
	require.NoError(t, err)

	_, err = srv.PostMessageUpdate("loja", "ID", "READ")
	require.ErrorIs(t, err, evofake.ErrNoWebhook, "not subscribed to MESSAGES_UPDATE")

	_, err = srv.InjectMessage("loja", evofake.InboundSpec{From: "5511987654321", Text: "oi"})
	require.NoError(t, err)
	r, _ := rc.last(t)
	assert.Equal(t, "/hooks/messages-upsert", r.path)
	assert.Empty(t, r.headers.Get("jwt_key"), "jwt_key is not sent as-is")
	auth := r.headers.Get("Authorization")
	require.True(t, strings.HasPrefix(auth, "Bearer "))
	parts := strings.Split(strings.TrimPrefix(auth, "Bearer "), ".")
	require.Len(t, parts, 3)
	mac := hmac.New(sha256.New, []byte("jwt-secret"))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), parts[2])
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	assert.Contains(t, string(payload), `"app":"evolution"`)

	_, err = c.SetWebhook(t.Context(), "loja", evolution.WebhookConfig{URL: rc.URL})
	require.NoError(t, err)
	_, err = srv.InjectMessage("loja", evofake.InboundSpec{From: "5511987654321", Text: "oi"})
	require.ErrorIs(t, err, evofake.ErrNoWebhook, "disabled webhook")
	assert.Len(t, rc.all(), 1)
}

func TestPostQRCodeAndMessageUpdate(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	srv := start(t)
	c := evolution.New(srv.URL, srv.APIKey())
	_, err := c.CreateInstance(t.Context(), evolution.CreateInstanceRequest{
		InstanceName: "loja", Webhook: &evolution.WebhookConfig{URL: rc.URL},
	})
	require.NoError(t, err)

	_, err = srv.PostQRCodeUpdated("loja")
	require.NoError(t, err)
	_, ev := rc.last(t)
	q, err := ev.QRCode()
	require.NoError(t, err)
	assert.False(t, q.LimitReached)
	assert.True(t, strings.HasPrefix(q.Base64, "data:image/png;base64,"))
	assert.Equal(t, "loja", q.Instance)

	_, err = srv.PostQRCodeLimit("loja")
	require.NoError(t, err)
	all := rc.all()
	require.Len(t, all, 3)
	ev, err = evolution.ParseWebhook(all[1].body)
	require.NoError(t, err)
	q, err = ev.QRCode()
	require.NoError(t, err)
	assert.True(t, q.LimitReached)
	ev, err = evolution.ParseWebhook(all[2].body)
	require.NoError(t, err)
	conn, err := ev.Connection()
	require.NoError(t, err)
	assert.Equal(t, evolution.StateRefused, conn.State)
	assert.Equal(t, "close", srv.State("loja"))

	_, err = srv.ScanQR("loja", "5511912345678")
	require.NoError(t, err)
	sent, err := c.SendText(t.Context(), "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "pronto"})
	require.NoError(t, err)
	_, err = srv.PostMessageUpdate("loja", sent.ID, "DELIVERY_ACK")
	require.NoError(t, err)
	_, ev = rc.last(t)
	u, err := ev.MessageUpdate()
	require.NoError(t, err)
	assert.Equal(t, sent.ID, u.KeyID)
	assert.Equal(t, "5511987654321@s.whatsapp.net", u.RemoteJID)
	assert.Equal(t, evolution.StatusDelivered, u.Status)
}

func TestWaitSent(t *testing.T) {
	t.Parallel()
	srv := start(t)
	c := evolution.New(srv.URL, srv.APIKey())
	_, err := c.CreateInstance(t.Context(), evolution.CreateInstanceRequest{InstanceName: "loja"})
	require.NoError(t, err)
	_, _ = srv.ScanQR("loja", "5511912345678")

	done := make(chan error, 1)
	go func() {
		for i := range 3 {
			if _, err := c.SendText(context.Background(), "loja", evolution.SendTextRequest{Number: "5511987654321", Text: string(rune('a' + i))}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	sent, err := srv.WaitSent(ctx, 3)
	require.NoError(t, err)
	require.Len(t, sent, 3)
	assert.Equal(t, "a", sent[0].Text)
	require.NoError(t, <-done)

	short, cancelShort := context.WithCancel(t.Context())
	cancelShort()
	_, err = srv.WaitSent(short, 4)
	require.ErrorIs(t, err, context.Canceled)
}

func TestAsyncWebhooks(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	srv := start(t, evofake.WithAsyncWebhooks())
	call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), createBody("loja", rc.URL, nil))
	status, err := srv.ScanQR("loja", "5511912345678")
	require.NoError(t, err)
	assert.Zero(t, status, "returns before posting")
	srv.Wait()
	d := srv.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, http.StatusOK, d[0].Status)
	assert.Equal(t, "connection.update", d[0].Event)
	assert.Len(t, rc.all(), 1)
}

func TestWireContract(t *testing.T) {
	t.Parallel()
	srv := start(t)
	key := srv.APIKey()
	hook := map[string]any{"url": "http://127.0.0.1:1/h", "enabled": true, "events": []string{"MESSAGES_UPSERT"}}

	type step struct {
		name         string
		method, path string
		key          string
		body         any
		status       int
		want         any // subset of the JSON answer
	}
	steps := []step{
		{"root", "GET", "/", key, nil, 200, map[string]any{"version": "2.3.6"}},
		{"no key", "POST", "/instance/create", "", createBody("a", "http://x", nil), 401,
			map[string]any{"status": 401.0, "error": "Unauthorized", "response": map[string]any{"message": "Unauthorized"}}},
		{"wrong key", "GET", "/instance/fetchInstances", "nope", nil, 401, nil},
		{"unknown route", "POST", "/message/sendAudio/a", key, map[string]any{}, 404,
			map[string]any{"status": 404.0, "error": "Not Found", "response": map[string]any{"message": []any{"Cannot POST /message/sendAudio/a"}}}},
		{"missing instance segment", "GET", "/instance/connect", key, nil, 404, nil},
		{"invalid integration", "POST", "/instance/create", key, map[string]any{"instanceName": "a", "integration": "BAILEYS"}, 400,
			map[string]any{"response": map[string]any{"message": []any{"Invalid integration"}}}},
		{"empty name", "POST", "/instance/create", key, map[string]any{"instanceName": "", "integration": "WHATSAPP-BAILEYS"}, 400,
			map[string]any{"response": map[string]any{"message": []any{`The "instanceName" cannot be empty`}}}},
		{"create without webhook events", "POST", "/instance/create", key,
			map[string]any{"instanceName": "a", "integration": "WHATSAPP-BAILEYS", "webhook": map[string]any{"url": "http://x"}}, 400,
			map[string]any{"response": map[string]any{"message": []any{"Cannot read properties of undefined (reading 'length')"}}}},
		{"failed create left nothing", "GET", "/instance/connectionState/a", key, nil, 404,
			map[string]any{"response": map[string]any{"message": []any{`The "a" instance does not exist`}}}},
		{"create", "POST", "/instance/create", key, map[string]any{"instanceName": "a", "integration": "WHATSAPP-BAILEYS"}, 201,
			map[string]any{"instance": map[string]any{"instanceName": "a", "status": "close"}, "websocket": map[string]any{}}},
		{"create again", "POST", "/instance/create", key, map[string]any{"instanceName": "a", "integration": "WHATSAPP-BAILEYS"}, 403,
			map[string]any{"response": map[string]any{"message": []any{`This name "a" is already in use.`}}}},
		{"state close", "GET", "/instance/connectionState/a", key, nil, 200, map[string]any{"instance": map[string]any{"instanceName": "a", "state": "close"}}},
		{"logout closed", "DELETE", "/instance/logout/a", key, nil, 400,
			map[string]any{"response": map[string]any{"message": []any{`The "a" instance is not connected`}}}},
		{"restart closed", "POST", "/instance/restart/a", key, nil, 200, map[string]any{"error": true}},
		{"restart is POST in v2", "PUT", "/instance/restart/a", key, nil, 404, nil},
		{"connect gives a bare QR", "GET", "/instance/connect/a", key, nil, 200, map[string]any{"count": 1.0, "pairingCode": nil}},
		{"webhook flat v1 body", "POST", "/webhook/set/a", key, map[string]any{"url": "http://x", "enabled": true}, 400,
			map[string]any{"response": map[string]any{"message": []any{`instance requires property "webhook"`}}}},
		{"webhook without url", "POST", "/webhook/set/a", key, map[string]any{"webhook": map[string]any{"enabled": true}}, 400,
			map[string]any{"response": map[string]any{"message": []any{`webhook requires property "url"`}}}},
		{"webhook bad event", "POST", "/webhook/set/a", key, map[string]any{"webhook": map[string]any{"enabled": true, "url": "http://x", "events": []string{"messages.upsert"}}}, 400, nil},
		{"webhook without events", "POST", "/webhook/set/a", key, map[string]any{"webhook": map[string]any{"enabled": true, "url": "http://x"}}, 500,
			map[string]any{"status": 500.0, "error": "Internal Server Error", "response": map[string]any{"message": "Cannot read properties of undefined (reading 'length')"}}},
		{"webhook set", "POST", "/webhook/set/a", key, map[string]any{"webhook": hook}, 201,
			map[string]any{"url": "http://127.0.0.1:1/h", "enabled": true, "events": []any{"MESSAGES_UPSERT"}, "webhookByEvents": false}},
		{"send v1 body", "POST", "/message/sendText/a", key, map[string]any{"number": "5511987654321", "textMessage": map[string]any{"text": "oi"}}, 400,
			map[string]any{"response": map[string]any{"message": []any{`instance requires property "text"`}}}},
		{"send while closed", "POST", "/message/sendText/a", key, map[string]any{"number": "5511987654321", "text": "oi"}, 500,
			map[string]any{"response": map[string]any{"message": []any{"Error: Connection Closed"}}}},
		{"fetch missing", "GET", "/instance/fetchInstances?instanceName=zz", key, nil, 404,
			map[string]any{"response": map[string]any{"message": []any{`Instance "zz" not found`}}}},
		{"delete", "DELETE", "/instance/delete/a", key, nil, 200, map[string]any{"status": "SUCCESS", "error": false}},
		{"fetch empty", "GET", "/instance/fetchInstances", key, nil, 200, []any{}},
	}
	for _, s := range steps {
		status, got := call(t, srv, s.method, s.path, s.key, s.body)
		require.Equal(t, s.status, status, s.name)
		if s.want != nil {
			assertSubset(t, s.want, got, s.name)
		}
	}
}

// assertSubset checks that every key of want is in got with that value.
func assertSubset(t *testing.T, want, got any, name string) {
	t.Helper()
	wm, ok := want.(map[string]any)
	if !ok {
		assert.Equal(t, want, got, name)
		return
	}
	gm, ok := got.(map[string]any)
	require.True(t, ok, "%s: got %v", name, got)
	for k, v := range wm {
		require.Contains(t, gm, k, name)
		assertSubset(t, v, gm[k], name+"."+k)
	}
}

func TestInstanceTokenRoutes(t *testing.T) {
	t.Parallel()
	srv := start(t)
	call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), map[string]any{"instanceName": "a", "integration": "WHATSAPP-BAILEYS", "token": "tok-a"})
	call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), map[string]any{"instanceName": "b", "integration": "WHATSAPP-BAILEYS"})

	status, _ := call(t, srv, "GET", "/instance/connectionState/a", "tok-a", nil)
	assert.Equal(t, 200, status)
	status, _ = call(t, srv, "GET", "/instance/connectionState/b", "tok-a", nil)
	assert.Equal(t, 401, status, "another instance's token")
	status, _ = call(t, srv, "GET", "/instance/connectionState/zz", "tok-a", nil)
	assert.Equal(t, 401, status, "unknown instance with a non-global key is 401, not 404")
	status, _ = call(t, srv, "POST", "/instance/create", "tok-a", map[string]any{"instanceName": "c", "integration": "WHATSAPP-BAILEYS"})
	assert.Equal(t, 401, status)
	status, got := call(t, srv, "GET", "/instance/fetchInstances", "tok-a", nil)
	assert.Equal(t, 200, status)
	require.Len(t, got, 1, "a token lists only its instance")
	assert.Equal(t, "a", got.([]any)[0].(map[string]any)["name"])
}

func TestSetDownDropsConnections(t *testing.T) {
	t.Parallel()
	srv := start(t)
	srv.SetDown(true)
	req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/instance/fetchInstances", nil)
	require.NoError(t, err)
	req.Header.Set("apikey", srv.APIKey())
	_, err = srv.Client().Do(req)
	require.Error(t, err)

	// The control page still answers.
	resp, err := srv.Client().Get(srv.URL + "/_fake/state.json")
	require.NoError(t, err)
	defer resp.Body.Close()
	var view map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&view))
	assert.Equal(t, true, view["down"])
}

func TestControlPage(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	srv := start(t)
	call(t, srv, http.MethodPost, "/instance/create", srv.APIKey(), createBody("loja", rc.URL, nil))

	resp, err := srv.Client().Get(srv.URL + "/_fake/")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "loja")
	assert.Contains(t, string(page), `src="data:image/png;base64,`)
	assert.Contains(t, string(page), "Escanear QR code")

	noRedirect := *srv.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := func(action, values string) int {
		resp, err := noRedirect.Post(srv.URL+"/_fake/"+action, "application/x-www-form-urlencoded", strings.NewReader(values))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusSeeOther, form("scan", "instance=loja&phone=5511912345678"))
	assert.Equal(t, "open", srv.State("loja"))
	assert.Equal(t, http.StatusSeeOther, form("inject", "instance=loja&from=5511987654321&text=oi&name=Maria"))
	_, ev := rc.last(t)
	m, err := ev.Message()
	require.NoError(t, err)
	assert.Equal(t, "oi", m.Text)
	assert.Equal(t, http.StatusSeeOther, form("disconnect", "instance=loja"))
	assert.Equal(t, "close", srv.State("loja"))
	assert.Equal(t, http.StatusBadRequest, form("scan", "instance=nope&phone=1"))
	assert.Equal(t, http.StatusNotFound, form("explode", ""))
}

func TestNewHandlerMountsOnAnyServer(t *testing.T) {
	t.Parallel()
	f := evofake.NewHandler(evofake.WithAPIKey("k"), evofake.WithServerURL("https://evo.demo"))
	mux := http.NewServeMux()
	mux.Handle("/", f)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := evolution.New(ts.URL, "k")
	res, err := c.CreateInstance(t.Context(), evolution.CreateInstanceRequest{InstanceName: "loja"})
	require.NoError(t, err)
	assert.Equal(t, "k", f.APIKey())
	assert.Equal(t, res.Token, f.Token("loja"))
}
