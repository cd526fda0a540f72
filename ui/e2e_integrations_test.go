package ui_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIntegrationStates shows each integration card in the states the
// real routes report, against the demo's in-process fakes: WhatsApp not
// connected, then waiting for its QR code (with a pairing code for the
// number typed); Asaas not connected, then connected with the fake's shop key; Google
// Agenda offered (its consent round trip is TestAgenda's).
func TestIntegrationStates(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, _ := env.signupShop(t, "Assistência Integrações Reais")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/integracoes")
	notYet := `(() => { const s = document.querySelector(%q)?.innerText ?? ''; return s !== '' && !/Conectado|Aguardando/.test(s); })()`
	b.waitJS(fmt.Sprintf(notYet, "[data-testid=wa-status]"))
	b.waitJS(fmt.Sprintf(notYet, "[data-testid=asaas-status]"))
	b.waitText("[data-testid=card-google]", "Conectar Google Agenda")

	b.typeInto("#wa-number", "21932221000")
	b.clickText("Conectar WhatsApp")
	b.waitText("[data-testid=wa-status]", "Aguardando leitura do QR code")
	b.waitJS(`document.querySelector('[data-testid=card-whatsapp] .qr svg, [data-testid=card-whatsapp] .qr img') !== null`)
	b.waitText("[data-testid=card-whatsapp]", "Aparelhos conectados")
	b.waitJS(`/^[A-Z0-9-]{8,9}$/.test(document.querySelector('[data-testid=card-whatsapp] .code')?.innerText.trim() ?? '')`)
	b.screenshot("integrations-whatsapp-qr")

	b.typeInto("#as-key", "demo-asaas-loja")
	b.click("[data-testid=card-asaas] button[type=submit]")
	b.waitText("[data-testid=asaas-status]", "Conectado")
}

// TestChargeThroughAsaas: with Asaas connected the order page offers a
// PIX/boleto charge for the approved quote's balance, through the real
// charges route and the demo's fake Asaas. A customer without CPF gets
// the route's own explanation; with the CPF the charge is created and
// shows its PIX code.
func TestChargeThroughAsaas(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja com Asaas E")
	var conn map[string]any
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/asaas/connect", owner.Token,
		map[string]any{"tenant": tenant, "apiKey": "demo-asaas-loja"}, &conn), "connect Asaas: %v", conn)
	o := env.createOrder(t, owner, tenant, "Vera Paga no PIX", "")
	lines := []map[string]any{{"kind": "labor", "description": "Troca de conector", "quantity": 1, "unit_cents": 15000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved")

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.clickText("Cobrar por PIX/boleto (Asaas)")
	b.waitJS(`document.querySelector('#pa').value === '150,00'`) // the approved quote's balance
	b.clickText("Gerar cobrança")
	b.waitText("[data-testid=payments] [role=alert]", "O Asaas exige o CPF ou CNPJ de quem paga")

	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/customers/records/"+o.Customer, owner.Token,
		map[string]any{"document": "52998224725"}, nil))
	b.clickText("Gerar cobrança")
	b.waitText("[data-testid=payments]", "Cobrança de R$ 150,00 criada")
	b.waitText("[data-testid=payments] .pix", "br.gov.bcb.pix")
	b.screenshot("order-charge")
}
