package whatsapp_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/whatsapp"
)

func TestProvisioningRoutes(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a, b, c := r.f.A, r.f.B, r.f.C
	get := func(tenant string) string { return "/api/bancada/whatsapp?tenant=" + tenant }
	body := func(s *hooktest.Shop) *strings.Reader { return hooktest.JSON(t, map[string]any{"tenant": s.ID()}) }
	scenarios := []tests.ApiScenario{
		{Name: "anonymous sees nothing", Method: http.MethodGet, URL: get(a.ID()), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "another shop's owner is refused", Method: http.MethodGet, URL: get(a.ID()), Headers: hooktest.Auth(t, b.Owner),
			ExpectedStatus: 403, ExpectedContent: []string{"Você não trabalha nesta loja."}},
		{Name: "a deactivated shop is refused", Method: http.MethodGet, URL: get(c.ID()), Headers: hooktest.Auth(t, c.Owner),
			ExpectedStatus: 403, ExpectedContent: []string{"desativada"}},
		{Name: "a technician sees the state", Method: http.MethodGet, URL: get(a.ID()), Headers: hooktest.Auth(t, a.Tech),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"disconnected"`, `"available":true`}},
		{Name: "a technician cannot connect", Method: http.MethodPost, URL: "/api/bancada/whatsapp/connect", Body: body(a), Headers: hooktest.Auth(t, a.Tech),
			ExpectedStatus: 403, ExpectedContent: []string{"não permite"}},
		{Name: "an attendant cannot disconnect", Method: http.MethodPost, URL: "/api/bancada/whatsapp/disconnect", Body: body(a), Headers: hooktest.Auth(t, a.Attend),
			ExpectedStatus: 403, ExpectedContent: []string{"não permite"}},
		{Name: "another shop's owner cannot connect it", Method: http.MethodPost, URL: "/api/bancada/whatsapp/connect", Body: body(a), Headers: hooktest.Auth(t, b.Owner),
			ExpectedStatus: 403, ExpectedContent: []string{"Você não trabalha nesta loja."}},
		{Name: "a bad pairing number", Method: http.MethodPost, URL: "/api/bancada/whatsapp/connect",
			Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "number": "123"}), Headers: hooktest.Auth(t, a.Manager),
			ExpectedStatus: 400, ExpectedContent: []string{"Número inválido"}},
		{Name: "the manager connects and gets a QR code", Method: http.MethodPost, URL: "/api/bancada/whatsapp/connect", Body: body(a), Headers: hooktest.Auth(t, a.Manager),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"waiting_qr"`, `"qr":"data:image/png;base64,`, `"instance":"bancada_` + a.ID()},
			NotExpectedContent: []string{"token", "secret"}},
		{Name: "the state shows the QR code while waiting", Method: http.MethodGet, URL: get(a.ID()), Headers: hooktest.Auth(t, a.Attend),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"waiting_qr"`, `"qr":"data:image/png;base64,`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(r.app), true
		sc.Test(t)
	}
	inst := whatsapp.InstanceName(a.ID())
	require.Equal(t, "connecting", r.fake.State(inst))
	require.Equal(t, collections.IntegrationWaitingQR, r.tenant(a).WhatsAppStatus())

	// The instance token and the webhook secret are stored encrypted.
	secrets, err := r.app.FindAllRecords(collections.Secrets, dbx.HashExp{collections.SecretTenant: a.ID()})
	require.NoError(t, err)
	require.Len(t, secrets, 2)
	for _, s := range secrets {
		v := s.GetString(collections.SecretValue)
		require.NotContains(t, v, r.fake.Token(inst))
		require.NotContains(t, v, r.webhookSecret(a))
		plain, err := r.env.Deps.Vault.Open("secret:"+a.ID()+":"+s.GetString(collections.SecretKind), v)
		require.NoError(t, err)
		require.Contains(t, []string{r.fake.Token(inst), r.webhookSecret(a)}, plain)
	}

	// Scanning the QR code connects the shop, with its number.
	_, err = r.fake.ScanQR(inst, "5511900001111")
	require.NoError(t, err)
	r.drain()
	var st whatsapp.State
	require.Equal(t, 200, r.call(http.MethodGet, get(a.ID()), a.Owner, nil, &st))
	require.Equal(t, whatsapp.State{Status: "connected", Available: true, Number: "5511900001111", Instance: inst}, st)

	// Connecting again reuses the instance (no second one, same token).
	token := r.fake.Token(inst)
	require.Equal(t, 200, r.call(http.MethodPost, "/api/bancada/whatsapp/connect", a.Owner, map[string]any{"tenant": a.ID()}, &st))
	require.Equal(t, "connected", st.Status)
	require.Equal(t, token, r.fake.Token(inst))

	// Disconnecting logs the phone out and says so.
	require.Equal(t, 200, r.call(http.MethodPost, "/api/bancada/whatsapp/disconnect", a.Owner, map[string]any{"tenant": a.ID()}, &st))
	require.Equal(t, "disconnected", st.Status)
	require.Equal(t, "close", r.fake.State(inst))
	r.drain()
	require.Equal(t, collections.IntegrationDisconnected, r.tenant(a).WhatsAppStatus())
	require.Empty(t, r.tenant(a).WhatsAppNumber())
	for _, action := range []string{"whatsapp.connect", "whatsapp.disconnect"} {
		require.Positive(t, r.count(collections.AuditLog, dbx.HashExp{collections.AuditTenant: a.ID(), collections.AuditAction: action}), action)
	}
	require.Zero(t, r.count(collections.Secrets, dbx.HashExp{collections.SecretTenant: b.ID()}), "shop B untouched")
}

func TestProvisioningRecreatesAnInstanceDeletedOnTheServer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	inst := whatsapp.InstanceName(r.f.A.ID())
	require.NoError(t, evolutionClient(r).Delete(t.Context(), inst))
	require.Empty(t, r.fake.State(inst))

	var st whatsapp.State
	require.Equal(t, 200, r.call(http.MethodPost, "/api/bancada/whatsapp/connect", r.f.A.Owner, map[string]any{"tenant": r.f.A.ID()}, &st))
	require.Equal(t, "waiting_qr", st.Status)
	require.Equal(t, "connecting", r.fake.State(inst), "created again")
	// and its webhooks authenticate with the stored secret
	status, err := r.fake.ScanQR(inst, "5511900001111")
	require.NoError(t, err)
	require.Equal(t, 200, status)
}

func TestProvisioningWithEvolutionDown(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.fake.SetDown(true)
	var body map[string]any
	require.Equal(t, http.StatusBadGateway, r.call(http.MethodPost, "/api/bancada/whatsapp/connect", r.f.A.Owner, map[string]any{"tenant": r.f.A.ID()}, &body))
	require.Contains(t, body["message"], "Não foi possível falar com o servidor do WhatsApp")
	require.Equal(t, collections.IntegrationOff, r.tenant(r.f.A).WhatsAppStatus())
}

func TestWithoutEvolutionTheRoutesSaySo(t *testing.T) {
	t.Parallel()
	env := hooktest.New(t, func(d *deps.Deps) { d.Config.EvolutionURL = "" })
	f := hooktest.Seed(t, env.App)
	for _, sc := range []tests.ApiScenario{
		{Name: "state", Method: http.MethodGet, URL: "/api/bancada/whatsapp?tenant=" + f.A.ID(), Headers: hooktest.Auth(t, f.A.Tech)},
		{Name: "connect", Method: http.MethodPost, URL: "/api/bancada/whatsapp/connect", Headers: hooktest.Auth(t, f.A.Owner),
			Body: hooktest.JSON(t, map[string]any{"tenant": f.A.ID()})},
		{Name: "disconnect", Method: http.MethodPost, URL: "/api/bancada/whatsapp/disconnect", Headers: hooktest.Auth(t, f.A.Owner),
			Body: hooktest.JSON(t, map[string]any{"tenant": f.A.ID()})},
	} {
		sc.ExpectedStatus = 200
		sc.ExpectedContent = []string{`"status":"off"`, `"available":false`, "WhatsApp não configurado"}
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(env.App), true
		sc.Test(t)
	}
	// and a message queued anyway fails with the reason, without a call
	_, err := queueTo(env.App, f.A, "oi")
	require.NoError(t, err)
	require.NoError(t, env.Deps.Outbox.Drain(t.Context()))
	m, err := env.App.FindFirstRecordByFilter(collections.Messages, "tenant = {:t} && text = 'oi' && direction = 'out'", dbx.Params{"t": f.A.ID()})
	require.NoError(t, err)
	require.Equal(t, string(collections.MessageFailed), m.GetString(collections.MessageStatus))
	require.Equal(t, "WhatsApp não configurado nesta instalação.", m.GetString(collections.MessageError))
}

// Evolution's connection events keep the shop's state; a connected shop
// that drops is flagged for its owner.
func TestConnectionEvents(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5531998296801")
	inst := whatsapp.InstanceName(r.f.A.ID())
	require.Equal(t, "5531998296801", r.tenant(r.f.A).WhatsAppNumber(), "the ninth digit restored")

	_, err := r.fake.Disconnect(inst)
	require.NoError(t, err)
	r.drain()
	require.Equal(t, collections.IntegrationDisconnected, r.tenant(r.f.A).WhatsAppStatus())
	require.Equal(t, 1, r.count(collections.AuditLog, dbx.HashExp{collections.AuditTenant: r.f.A.ID(), collections.AuditAction: "whatsapp.dropped"}))

	_, err = r.fake.PostQRCodeUpdated(inst)
	require.NoError(t, err)
	r.drain()
	var st whatsapp.State
	require.Equal(t, 200, r.call(http.MethodGet, "/api/bancada/whatsapp?tenant="+r.f.A.ID(), r.f.A.Owner, nil, &st))
	require.Equal(t, "waiting_qr", st.Status)
	require.NotEmpty(t, st.QR, "the renewed QR code is shown")

	_, err = r.fake.PostQRCodeLimit(inst)
	require.NoError(t, err)
	r.drain()
	require.Equal(t, collections.IntegrationDisconnected, r.tenant(r.f.A).WhatsAppStatus())
	require.Equal(t, 1, r.count(collections.AuditLog, dbx.HashExp{collections.AuditTenant: r.f.A.ID(), collections.AuditAction: "whatsapp.dropped"}),
		"giving up on a QR code is not a drop")
	require.Equal(t, collections.IntegrationOff, r.tenant(r.f.B).WhatsAppStatus(), "shop B untouched")
}

func TestWatchdog(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	instA := whatsapp.InstanceName(r.f.A.ID())
	require.NoError(t, r.env.Wired.Services.WhatsApp.Watchdog(t.Context()))
	require.Equal(t, collections.IntegrationConnected, r.tenant(r.f.A).WhatsAppStatus(), "open sessions are left alone")

	// A's session closes and the webhook never arrives.
	r.app.Settings().SMTP.Enabled = true
	require.NoError(t, evolutionClient(r).Logout(t.Context(), instA))
	require.Equal(t, "close", r.fake.State(instA))
	require.NoError(t, r.env.Wired.Services.WhatsApp.Watchdog(t.Context()))
	require.Equal(t, collections.IntegrationDisconnected, r.tenant(r.f.A).WhatsAppStatus())
	require.Equal(t, collections.IntegrationConnected, r.tenant(r.f.B).WhatsAppStatus())
	require.Equal(t, 1, r.count(collections.AuditLog, dbx.HashExp{collections.AuditTenant: r.f.A.ID(), collections.AuditAction: "whatsapp.dropped"}))
	require.Equal(t, 1, r.app.TestMailer.TotalSend(), "the owner is e-mailed")
	mail := r.app.TestMailer.LastMessage()
	require.Equal(t, r.f.A.Owner.Email(), mail.To[0].Address)
	require.Contains(t, mail.Subject, "WhatsApp da Loja A desconectado")

	// Evolution unreachable: nothing flips, the error is reported.
	r.fake.SetDown(true)
	require.Error(t, r.env.Wired.Services.WhatsApp.Watchdog(t.Context()))
	require.Equal(t, collections.IntegrationConnected, r.tenant(r.f.B).WhatsAppStatus())
}
