package ui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIntegrationStates shows each integration card and the order page's
// charge button in the states their routes report: unavailable (404/501),
// waiting for the WhatsApp QR code, connected. The routes belong to later
// issues, so the browser answers them here.
func TestIntegrationStates(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)

	// missing routes (404/501), and a WhatsApp route that reports no server
	unavailable := newTab(t, env, 1280, 900)
	unavailable.fakeRoutes(map[string]fakeRoute{
		"*/api/bancada/whatsapp*":       {200, `{"status":"off","available":false,"message":"WhatsApp não configurado nesta instalação. Peça ao administrador."}`},
		"*/api/bancada/asaas*":          {501, `{"status":501,"message":"Not implemented","data":{}}`},
		"*/api/bancada/google/connect*": {404, `{"status":404,"message":"Not found","data":{}}`},
	})
	unavailable.signIn(owner, "/integracoes")
	unavailable.waitText("[data-testid=wa-unavailable]", "WhatsApp não configurado nesta instalação")
	unavailable.waitText("[data-testid=card-asaas]", "indisponível")
	unavailable.clickText("Conectar Google Agenda")
	unavailable.waitText("[data-testid=card-google]", "indisponível")

	qr := newTab(t, env, 1280, 900)
	qr.fakeRoutes(map[string]fakeRoute{
		"*/api/bancada/whatsapp*": {200, `{"status":"waiting_qr","available":true,"qr":"2@Qk9BIFRBUkRF,ZmFrZQ==,cXJjb2Rl","pairing_code":"ABCD1234"}`},
	})
	qr.signIn(owner, "/integracoes")
	qr.waitText("[data-testid=wa-status]", "Aguardando leitura do QR code")
	qr.waitJS(`document.querySelector('[data-testid=card-whatsapp] .qr svg') !== null`)
	qr.waitText("[data-testid=card-whatsapp]", "Aparelhos conectados")
	qr.waitText("[data-testid=card-whatsapp] .code", "ABCD1234")
	qr.screenshot("integrations-whatsapp-qr")
}

// TestChargeThroughAsaas: with Asaas connected the order page offers a
// PIX/boleto charge and shows its link and PIX code; when the route is
// missing it says so and points to recording the payment by hand.
func TestChargeThroughAsaas(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja com Asaas E")
	admin := env.superuser(t)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, admin,
		map[string]any{"asaas_status": "connected"}, nil))
	o := env.createOrder(t, owner, tenant, "Vera Paga no PIX", "")

	b := newTab(t, env, 1280, 1000)
	b.fakeRoutes(map[string]fakeRoute{
		"*/api/bancada/orders/*/charges*": {200, `{"id":"pay1","status":"pending","amount":15000,"invoice_url":"https://sandbox.asaas.com/i/abc","pix_payload":"00020126580014br.gov.bcb.pix0136fake"}`},
	})
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.clickText("Cobrar por PIX/boleto (Asaas)")
	b.waitJS(`document.querySelector('#pa').value === '150,00'`) // no quote yet: the counter estimate
	b.clickText("Gerar cobrança")
	b.waitText("[data-testid=payments]", "Cobrança de R$ 150,00 criada")
	b.waitText("[data-testid=payments] .pix", "br.gov.bcb.pix")
	b.screenshot("order-charge")

	missing := newTab(t, env, 1280, 1000)
	missing.fakeRoutes(map[string]fakeRoute{
		"*/api/bancada/orders/*/charges*": {404, `{"status":404,"message":"Not found","data":{}}`},
	})
	missing.signIn(owner, "/ordens/"+o.ID)
	missing.clickText("Cobrar por PIX/boleto (Asaas)")
	missing.clickText("Gerar cobrança")
	missing.waitText("[data-testid=payments]", "indisponível nesta instalação")
}
