package webhooksout_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// The secret is shown once, at creation (and at rotation), sealed at rest,
// never returned by the API, not usable in filters or sorts, and not
// writable by the owner.
func TestSecretIsShownOnceAndNeverAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	id, secret := e.endpoint(t, a, rcv.URL, collections.EventCustomerCreated)

	stored, err := e.App.FindRecordById(collections.WebhookEndpoints, id)
	require.NoError(t, err)
	assert.NotContains(t, stored.GetString(collections.EndpointSecret), secret[len("whsec_"):], "sealed at rest")
	assert.NotEmpty(t, stored.GetString(collections.EndpointSecret))

	for _, path := range []string{
		"/api/collections/webhook_endpoints/records/" + id,
		"/api/collections/webhook_endpoints/records?perPage=50",
	} {
		status, raw := hooktest.Call(t, e.URL, http.MethodGet, path, a.Owner, nil)
		require.Equal(t, http.StatusOK, status, string(raw))
		assert.Contains(t, string(raw), id)
		assert.NotContains(t, string(raw), `"secret"`, path)
		assert.NotContains(t, string(raw), secret, path)
	}
	for _, q := range []string{"filter=" + url.QueryEscape(`secret != ""`), "filter=" + url.QueryEscape(`secret ~ "v1"`), "sort=secret"} {
		status, raw := hooktest.Call(t, e.URL, http.MethodGet, "/api/collections/webhook_endpoints/records?"+q, a.Owner, nil)
		assert.Equal(t, http.StatusBadRequest, status, "%s: %s", q, raw)
	}

	// The owner cannot overwrite the secret through the API.
	status, raw := hooktest.Call(t, e.URL, http.MethodPatch, "/api/collections/webhook_endpoints/records/"+id, a.Owner,
		map[string]any{"secret": "whsec_escolhido", "description": "Zapier"})
	require.Equal(t, http.StatusOK, status, string(raw))
	hooktest.NewCustomer(t, e.App, a.ID(), "Cliente")
	e.drain(t)
	require.Len(t, rcv.requests(), 1)
	r := rcv.requests()[0]
	require.NoError(t, verify(secret, r.Header, r.Body, e.Clock.Now(), time.Minute), "still the generated secret")

	// Rotation: a new secret, shown once; the old one no longer verifies.
	status, raw = hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks/"+id+"/rotate", a.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	var rotated struct {
		Secret string `json:"secret"`
	}
	require.NoError(t, json.Unmarshal(raw, &rotated))
	require.NotEqual(t, secret, rotated.Secret)
	hooktest.NewCustomer(t, e.App, a.ID(), "Outro cliente")
	e.drain(t)
	require.Len(t, rcv.requests(), 2)
	r = rcv.requests()[1]
	require.NoError(t, verify(rotated.Secret, r.Header, r.Body, e.Clock.Now(), time.Minute))
	require.Equal(t, errSignature, verify(secret, r.Header, r.Body, e.Clock.Now(), time.Minute))

	// Creation, the API edit and the rotation are in the audit log, never a secret.
	entries, err := e.App.FindRecordsByFilter(collections.AuditLog, "record = {:r}", "created", 0, 0, map[string]any{"r": id})
	require.NoError(t, err)
	var actions []string
	for _, en := range entries {
		actions = append(actions, en.GetString(collections.AuditAction))
		assert.NotContains(t, en.GetString(collections.AuditChanges), "whsec_")
		assert.NotContains(t, en.GetString(collections.AuditChanges), stored.GetString(collections.EndpointSecret))
		assert.Equal(t, a.Owner.Id, en.GetString(collections.AuditActor))
	}
	assert.ElementsMatch(t, []string{"record.create", "record.update", "webhook.secret_rotate"}, actions)
}

// Bad input answers 400 with a Portuguese message on the field, through
// the route and through the REST API alike.
func TestEndpointInputIsValidated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	cases := []struct {
		body  map[string]any
		field string
		msg   string
	}{
		{map[string]any{"url": "ftp://hooks.example.com/"}, "url", "Use um endereço https://."},
		{map[string]any{"url": "https://10.0.0.8/x"}, "url", "Endereços internos (localhost, redes privadas) não são aceitos."},
		{map[string]any{"url": ""}, "url", "Informe um endereço completo, como https://exemplo.com.br/webhook."},
		{map[string]any{"url": "https://hooks.example.com/", "events": []string{"order.deleted"}}, "events", "Evento desconhecido: order.deleted."},
	}
	for _, c := range cases {
		c.body["tenant"] = a.ID()
		status, raw := hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks", a.Owner, c.body)
		require.Equal(t, http.StatusBadRequest, status, string(raw))
		var out struct {
			Data map[string]struct {
				Message string `json:"message"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(raw, &out))
		assert.Equal(t, c.msg, out.Data[c.field].Message, string(raw))
	}
	n, err := e.App.CountRecords(collections.WebhookEndpoints)
	require.NoError(t, err)
	assert.EqualValues(t, 3, n, "only the fixture's three")

	id := a.Rec[collections.WebhookEndpoints].Id
	status, raw := hooktest.Call(t, e.URL, http.MethodPatch, "/api/collections/webhook_endpoints/records/"+id, a.Owner,
		map[string]any{"url": "https://169.254.169.254/latest"})
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	assert.Contains(t, string(raw), "Endereços internos")
	status, raw = hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks", a.Manager,
		map[string]any{"tenant": a.ID(), "url": "https://hooks.example.com/"})
	assert.Equal(t, http.StatusForbidden, status, "owners only: %s", raw)
}

// A switched-off endpoint gets no events, but the owner's test reaches
// it; the test is signed and in the log like any event.
func TestSwitchedOffEndpointAndTestEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.F.A
	rcv := newReceiver(t)
	id, secret := e.endpoint(t, a, rcv.URL, collections.EventCustomerCreated)
	status, raw := hooktest.Call(t, e.URL, http.MethodPatch, "/api/collections/webhook_endpoints/records/"+id, a.Owner,
		map[string]any{"active": false})
	require.Equal(t, http.StatusOK, status, string(raw))
	hooktest.NewCustomer(t, e.App, a.ID(), "Cliente")
	e.drain(t)
	require.Empty(t, rcv.requests())

	status, raw = hooktest.Call(t, e.URL, http.MethodPost, "/api/bancada/webhooks/"+id+"/test", a.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	e.drain(t)
	require.Len(t, rcv.requests(), 1)
	r := rcv.requests()[0]
	require.NoError(t, verify(secret, r.Header, r.Body, e.Clock.Now(), time.Minute))
	assert.Equal(t, "webhook.test", r.event(t).Type)
	var d struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(raw, &d))
	rec, err := e.App.FindRecordById(collections.WebhookDeliveries, d.ID)
	require.NoError(t, err)
	assert.Equal(t, "delivered", rec.GetString(collections.DeliveryStatus))
	assert.Equal(t, r.event(t).ID, rec.GetString(collections.DeliveryEventID))
}
