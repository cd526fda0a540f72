package evolution_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/evolution"
)

// answer serves one canned answer to every request.
func answer(t *testing.T, status int, body string) *evolution.Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return evolution.New(ts.URL, testKey)
}

func TestErrorEnvelopes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		body     string
		is       error
		isNot    []error
		messages []string
	}{
		{"401 string message", 401, `{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}`,
			evolution.ErrUnauthorized, nil, []string{"Unauthorized"}},
		{"404 instance guard", 404, `{"status":404,"error":"Not Found","response":{"message":["The \"loja\" instance does not exist"]}}`,
			evolution.ErrInstanceNotFound, nil, []string{`The "loja" instance does not exist`}},
		{"404 unknown route", 404, `{"status":404,"error":"Not Found","response":{"message":["Cannot GET /instance/connectionState/loja"]}}`,
			nil, []error{evolution.ErrInstanceNotFound, evolution.ErrBadRequest}, []string{"Cannot GET /instance/connectionState/loja"}},
		{"403 name in use", 403, `{"status":403,"error":"Forbidden","response":{"message":["This name \"loja\" is already in use."]}}`,
			evolution.ErrNameInUse, nil, nil},
		{"400 schema", 400, `{"status":400,"error":"Bad Request","response":{"message":["instance requires property \"text\""]}}`,
			evolution.ErrBadRequest, []error{evolution.ErrNotOnWhatsApp, evolution.ErrNotConnected}, []string{`instance requires property "text"`}},
		{"400 group validation objects", 400, `{"status":400,"error":"Bad Request","response":{"message":[{"property":"groupJid","message":"is required"}]}}`,
			evolution.ErrBadRequest, nil, []string{"is required"}},
		{"400 not on whatsapp", 400, `{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999999999@s.whatsapp.net","exists":false,"number":"5511999999999"}]}}`,
			evolution.ErrNotOnWhatsApp, []error{evolution.ErrBadRequest}, []string{"number 5511999999999 is not on WhatsApp"}},
		{"400 not on whatsapp, number from jid", 400, `{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999999999@s.whatsapp.net","exists":false}]}}`,
			evolution.ErrNotOnWhatsApp, nil, []string{"number 5511999999999 is not on WhatsApp"}},
		{"400 logout closed", 400, `{"status":400,"error":"Bad Request","response":{"message":["The \"loja\" instance is not connected"]}}`,
			evolution.ErrNotConnected, []error{evolution.ErrBadRequest}, nil},
		{"500 connection closed (2.2.3 string)", 500, `{"status":500,"error":"Internal Server Error","response":{"message":"Connection Closed"}}`,
			evolution.ErrNotConnected, nil, []string{"Connection Closed"}},
		{"500 generic", 500, `{"status":500,"error":"Internal Server Error","response":{"message":"boom"}}`,
			evolution.ErrUnreachable, []error{evolution.ErrNotConnected}, []string{"boom"}},
		{"429", 429, `{"status":429,"error":"Too Many Requests","response":{"message":["slow down"]}}`,
			evolution.ErrRateLimited, nil, nil},
		{"body-parser 400", 400, `{"status":400,"error":"Internal Server Error","response":{"message":"Unexpected token"}}`,
			evolution.ErrBadRequest, []error{evolution.ErrUnreachable}, nil},
		{"no envelope", 400, `{"message":"flat"}`, evolution.ErrBadRequest, nil, []string{"flat"}},
		{"502 html", 502, `<html>Bad Gateway</html>`, evolution.ErrUnreachable, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := answer(t, tc.status, tc.body).ConnectionState(t.Context(), "loja")
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			for _, not := range tc.isNot {
				assert.NotErrorIs(t, err, not)
			}
			var ae *evolution.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.Status)
			if tc.messages != nil {
				assert.Equal(t, tc.messages, ae.Messages)
			}
			assert.Contains(t, err.Error(), "evolution: connection state: HTTP")
		})
	}
}

func TestIsRetryable(t *testing.T) {
	t.Parallel()
	api := func(status int, msgs ...string) error {
		return fmt.Errorf("evolution: x: %w", &evolution.APIError{Status: status, Messages: msgs})
	}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"unreachable", fmt.Errorf("evolution: x: %w: %w", evolution.ErrUnreachable, context.DeadlineExceeded), true},
		{"500", api(500), true},
		{"502", api(502), true},
		{"503", api(503), true},
		{"429", api(429), true},
		{"connection closed", api(500, "Connection Closed"), true},
		{"400", api(400, "instance requires property \"text\""), false},
		{"401", api(401, "Unauthorized"), false},
		{"403", api(403), false},
		{"404", api(404, `The "x" instance does not exist`), false},
		{"not on whatsapp", evolution.ErrNotOnWhatsApp, false},
		{"malformed", evolution.ErrMalformed, false},
		{"plain error", errors.New("x"), false},
		{"context canceled alone", context.Canceled, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, evolution.IsRetryable(tc.err), tc.name)
	}
}

func TestErrorsNeverCarryTheKey(t *testing.T) {
	t.Parallel()
	// A server that echoes the key back in its error message.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"status":400,"error":"Bad Request","response":{"message":["bad apikey `+r.Header.Get("apikey")+`"]}}`)
	}))
	defer ts.Close()
	for _, c := range []*evolution.Client{evolution.New(ts.URL, testKey), evolution.New(ts.URL, testKey).WithToken("instance-token-XYZ")} {
		_, err := c.ConnectionState(t.Context(), "loja")
		require.ErrorIs(t, err, evolution.ErrBadRequest)
		assert.NotContains(t, err.Error(), testKey)
		assert.NotContains(t, err.Error(), "instance-token-XYZ")
		assert.Contains(t, err.Error(), "[redacted]")
	}
}

func TestConnectAnswerShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		body string
		want evolution.ConnectResult
	}{
		{"bare qr", `{"pairingCode":null,"code":"2@abc","base64":"data:image/png;base64,xyz","count":2}`,
			evolution.ConnectResult{State: evolution.StateConnecting, Code: "2@abc", Base64: "data:image/png;base64,xyz", Count: 2}},
		{"pairing code", `{"pairingCode":"WZYEH1YY","code":"2@abc","base64":"b","count":1}`,
			evolution.ConnectResult{State: evolution.StateConnecting, PairingCode: "WZYEH1YY", Code: "2@abc", Base64: "b", Count: 1}},
		{"qr not ready", `{"count":0}`, evolution.ConnectResult{State: evolution.StateConnecting}},
		{"open", `{"instance":{"instanceName":"loja","state":"open"}}`, evolution.ConnectResult{State: evolution.StateOpen}},
		{"wrapped with status", `{"instance":{"instanceName":"loja","status":"refused"},"qrcode":{"code":"2@q","count":5}}`,
			evolution.ConnectResult{State: evolution.StateRefused, Code: "2@q", Count: 5}},
	}
	for _, tc := range cases {
		res, err := answer(t, 200, tc.body).Connect(t.Context(), "loja", "")
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, *res, tc.name)
	}

	_, err := answer(t, 200, `{"error":true,"message":"[object Object]"}`).Restart(t.Context(), "loja")
	require.ErrorIs(t, err, evolution.ErrConnectFailed)
	_, err = answer(t, 200, `{"error":true,"message":"BadRequestException: The \"loja\" instance does not exist"}`).Connect(t.Context(), "loja", "")
	require.ErrorIs(t, err, evolution.ErrInstanceNotFound)
	require.NotErrorIs(t, err, evolution.ErrConnectFailed)
}

func TestSendTextV1Answer(t *testing.T) {
	t.Parallel()
	// Evolution 1.8 returns the raw Baileys message.
	c := answer(t, 201, `{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"id":"BAE594145F4C59B4"},
	  "message":{"extendedTextMessage":{"text":"Seu aparelho está pronto!"}},"messageTimestamp":"1717689097","status":1}`)
	msg, err := c.SendText(t.Context(), "loja", evolution.SendTextRequest{Number: "5511987654321", Text: "x"})
	require.NoError(t, err)
	assert.Equal(t, "BAE594145F4C59B4", msg.ID)
	assert.Equal(t, "Seu aparelho está pronto!", msg.Text)
	assert.Equal(t, "extendedTextMessage", msg.MessageType)
	assert.Equal(t, int64(1717689097), msg.Timestamp.Unix())
	assert.Equal(t, "PENDING", msg.Status)

	_, err = answer(t, 201, `{"status":"PENDING"}`).SendText(t.Context(), "loja", evolution.SendTextRequest{Number: "1", Text: "x"})
	require.ErrorIs(t, err, evolution.ErrUnreachable, "an answer without key.id is not Evolution's")
}

func TestSendTextWireBody(t *testing.T) {
	t.Parallel()
	var body string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		assert.Equal(t, "/message/sendText/loja", r.URL.Path)
		assert.Equal(t, http.MethodPost, r.Method)
		w.WriteHeader(201)
		_, _ = io.WriteString(w, `{"key":{"id":"X"}}`)
	}))
	defer ts.Close()
	_, err := evolution.New(ts.URL, testKey).SendText(t.Context(), "loja", evolution.SendTextRequest{
		Number: "5511987654321", Text: "oi", DelayMS: 800, QuotedID: "Q1",
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"number":"5511987654321","text":"oi","delay":800,"linkPreview":false,"quoted":{"key":{"id":"Q1"}}}`, body)
}
