package charges_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/vault"
)

func TestConnectChecksTheKeySealsItAndArmsAPerShopWebhook(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.f.A
	acc := h.connect(a)

	// The key is stored sealed, bound to the tenant; never in clear.
	sec, err := h.app.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}",
		dbx.Params{"t": a.ID(), "k": collections.SecretAsaasKey})
	require.NoError(t, err)
	sealed := sec.GetString(collections.SecretValue)
	require.True(t, vault.IsSealed(sealed))
	require.NotContains(t, sealed, h.keys[a.ID()])
	plain, err := h.env.Deps.Vault.Open("secret:"+a.ID()+":"+collections.SecretAsaasKey, sealed)
	require.NoError(t, err)
	require.Equal(t, h.keys[a.ID()], plain)
	_, err = h.env.Deps.Vault.Open("secret:"+h.f.B.ID()+":"+collections.SecretAsaasKey, sealed)
	require.Error(t, err, "a sealed key copied to another shop does not open")

	// The webhook points at the shop's own route, with a long random token
	// that is stored sealed too.
	hooks := h.fake.Webhooks(acc)
	require.Len(t, hooks, 1)
	require.Equal(t, h.srv.URL+"/api/webhooks/asaas/"+a.ID(), hooks[0].URL)
	require.Equal(t, "SEQUENTIALLY", hooks[0].SendType)
	require.Contains(t, hooks[0].Events, "PAYMENT_RECEIVED")
	require.Regexp(t, `^[0-9a-f]{48}$`, hooks[0].AuthToken, "48 hex characters (Asaas wants 32 to 255)")
	tok, err := h.app.FindFirstRecordByFilter(collections.Secrets, "tenant = {:t} && kind = {:k}",
		dbx.Params{"t": a.ID(), "k": collections.SecretAsaasHookToken})
	require.NoError(t, err)
	require.NotContains(t, tok.GetString(collections.SecretValue), hooks[0].AuthToken)

	require.Equal(t, collections.IntegrationConnected, collections.AsTenant(h.reload(a.Tenant)).AsaasStatus())
	require.Contains(t, h.auditActions(a.ID()), "asaas.connect")

	// Every call was made with the shop's key.
	for _, c := range h.fake.Calls() {
		require.Equal(t, h.keys[a.ID()], c.APIKey, c.Path)
	}

	// The state never shows the key; attendants may read it, technicians not.
	status, body := h.call(http.MethodGet, "/api/bancada/asaas?tenant="+a.ID(), a.Attend, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, true, body["connected"])
	require.Equal(t, acc.Name, body["account"].(map[string]any)["name"])
	require.NotContains(t, body["_raw"], h.keys[a.ID()])
	require.NotContains(t, body["_raw"], hooks[0].AuthToken)
	status, _ = h.call(http.MethodGet, "/api/bancada/asaas?tenant="+a.ID(), a.Tech, nil)
	require.Equal(t, http.StatusForbidden, status)

	// Connecting again re-arms the same webhook with a new token.
	status, body = h.call(http.MethodPost, "/api/bancada/asaas/connect", a.Owner, map[string]any{"tenant": a.ID(), "apiKey": h.keys[a.ID()]})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	again := h.fake.Webhooks(acc)
	require.Len(t, again, 1, "no second queue")
	require.NotEqual(t, hooks[0].AuthToken, again[0].AuthToken)
	require.Equal(t, http.StatusUnauthorized, h.post("/api/webhooks/asaas/"+a.ID(), hooks[0].AuthToken,
		paymentEvent("evt_old", "PAYMENT_CREATED", map[string]any{"id": "pay_x"})), "the old token is dead")

	// Disconnecting removes the webhook and forgets key and token.
	status, body = h.call(http.MethodPost, "/api/bancada/asaas/disconnect", a.Owner, map[string]any{"tenant": a.ID()})
	require.Equal(t, http.StatusOK, status, body["_raw"])
	require.Equal(t, true, body["webhookRemoved"])
	require.Empty(t, h.fake.Webhooks(acc))
	n, err := h.app.CountRecords(collections.Secrets, dbx.HashExp{"tenant": a.ID()})
	require.NoError(t, err)
	require.Zero(t, n)
	require.Equal(t, collections.IntegrationOff, collections.AsTenant(h.reload(a.Tenant)).AsaasStatus())
	require.Equal(t, http.StatusUnauthorized, h.post("/api/webhooks/asaas/"+a.ID(), again[0].AuthToken,
		paymentEvent("evt_after", "PAYMENT_CREATED", map[string]any{"id": "pay_x"})))
}

func TestConnectRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b, c := h.f.A, h.f.B, h.f.C
	good := "$aact_hmlg_boa"
	h.fake.AddAccount(good)
	nothingStored := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		n, err := app.CountRecords(collections.Secrets, dbx.HashExp{"tenant": a.ID()})
		require.NoError(t, err)
		require.Zero(t, n)
	}
	body := func(key string) *strings.Reader {
		return hooktest.JSON(t, map[string]any{"tenant": a.ID(), "apiKey": key})
	}
	scenarios := []tests.ApiScenario{
		{Name: "a key Asaas refuses", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, a.Owner),
			Body: body("$aact_hmlg_errada"), ExpectedStatus: 400,
			ExpectedContent: []string{`asaas_key_refused`, `O Asaas recusou esta chave`}, AfterTestFunc: nothingStored},
		{Name: "a production key against the sandbox", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, a.Owner),
			Body: body("$aact_prod_123"), ExpectedStatus: 400,
			ExpectedContent: []string{`asaas_environment`, `outro ambiente`}, AfterTestFunc: nothingStored},
		{Name: "no key", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, a.Owner),
			Body: body("  "), ExpectedStatus: 400, ExpectedContent: []string{`"apiKey":{"code":"required"`}, AfterTestFunc: nothingStored},
		{Name: "a manager may not connect", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, a.Manager),
			Body: body(good), ExpectedStatus: 403, ExpectedContent: []string{`Sua função (gerente) não permite`}, AfterTestFunc: nothingStored},
		{Name: "an attendant may not connect", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, a.Attend),
			Body: body(good), ExpectedStatus: 403, ExpectedContent: []string{`Sua função (atendente) não permite`}, AfterTestFunc: nothingStored},
		{Name: "another shop's owner may not connect A", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, b.Owner),
			Body: body(good), ExpectedStatus: 403, ExpectedContent: []string{`Você não trabalha nesta loja`}, AfterTestFunc: nothingStored},
		{Name: "anonymous", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Body: body(good), ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}, AfterTestFunc: nothingStored},
		{Name: "a deactivated shop may not connect", Method: http.MethodPost, URL: "/api/bancada/asaas/connect", Headers: hooktest.Auth(t, c.Owner),
			Body: hooktest.JSON(t, map[string]any{"tenant": c.ID(), "apiKey": good}), ExpectedStatus: 403, ExpectedContent: []string{`desativada`}},
		{Name: "another shop's owner cannot read A's state", Method: http.MethodGet, URL: "/api/bancada/asaas?tenant=" + a.ID(),
			Headers: hooktest.Auth(t, b.Owner), ExpectedStatus: 403, ExpectedContent: []string{`Você não trabalha nesta loja`}},
		{Name: "another shop's owner cannot disconnect A", Method: http.MethodPost, URL: "/api/bancada/asaas/disconnect",
			Headers: hooktest.Auth(t, b.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID()}), ExpectedStatus: 403,
			ExpectedContent: []string{`Você não trabalha nesta loja`}},
	}
	for _, s := range scenarios {
		s.TestAppFactory, s.DisableTestAppCleanup = hooktest.Factory(h.app), true
		s.Test(t)
	}
	for _, call := range h.fake.Calls() {
		require.NotEqual(t, good, call.APIKey, "refused callers never reach Asaas")
	}
}
