package ui_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOwnerScreens walks the owner through every menu entry by clicking
// (no reloads), checks each screen shows its data, and keeps a screenshot
// of each one.
func TestOwnerScreens(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	b := newTab(t, env, 1280, 900)
	b.signIn(env.auth(t, demoOwner, demoPassword), "/quadro")
	b.waitJS(`document.querySelector('[data-testid=board]') !== null`)

	nav := func(label, heading string) {
		t.Helper()
		b.click(`nav.side a[href="` + label + `"]`)
		b.waitText("h1", heading)
	}

	nav("/ordens", "Ordens de serviço")
	b.waitJS(`document.querySelectorAll('[data-testid=orders-table] tbody tr').length > 0`)
	b.typeInto("#oq", "Maria Souza")
	b.waitJS(`[...document.querySelectorAll('[data-testid=orders-table] tbody tr')].every((r) => r.innerText.includes('Maria Souza'))`)
	b.screenshot("orders")

	nav("/clientes", "Clientes")
	b.typeInto("#cq", "98765-4321")
	b.waitText("main .list", "Maria Souza")
	b.screenshot("customers")
	b.clickText("Maria Souza")
	b.waitText("h1", "Maria Souza")
	b.waitText("main", "iPhone 11")
	assert.Equal(t, "(11) 98765-4321", eval[string](b, `document.querySelector('#ec-phone').value`))
	b.screenshot("customer")
	b.clickText("Nova OS para Maria") // the counter starts with her and her devices
	b.waitText("[data-testid=chosen-customer]", "Maria Souza")
	b.waitJS(`document.querySelector('#dev-pick option:checked').innerText.includes('iPhone 11')`)

	nav("/pecas", "Peças e estoque")
	b.waitJS(`document.querySelectorAll('[data-testid=parts-table] tr.low').length >= 2`)
	assert.Contains(t, b.text("[data-testid=parts-table] tr.low"), "baixo")
	b.screenshot("parts")

	nav("/precos", "Tabela de preços")
	b.waitText("[data-testid=rules-table]", "R$ 650,00")
	b.typeInto("#s-brand", "Apple")
	b.typeInto("#s-model", "iPhone 11")
	b.clickText("Simular")
	b.waitText("main [role=status]", "R$ 550,00")
	b.screenshot("prices")

	nav("/equipe", "Equipe")
	b.waitText("[data-testid=staff-list]", "João Pereira")
	b.screenshot("staff")

	nav("/loja", "Dados da loja")
	b.waitJS(`document.querySelector('#t-name').value === 'Assistência Demo'`)
	b.selectValue("#tpl-key", "bot:quote")
	b.waitText("[data-testid=tpl-preview]", "Maria, o valor para troca de tela no iPhone 11 é R$ 250,00.")
	assert.Equal(t, "R$ 250,00", b.text("[data-testid=tpl-preview] strong:last-child"), "*bold* as WhatsApp shows it")
	// a shop's own notice for "ready", previewed as the customer will read it
	b.selectValue("#tpl-key", "status:ready")
	b.waitText("[data-testid=tpl-preview]", "está pronto para retirada na Assistência Demo")
	b.clickText("Editar a partir do padrão")
	b.do(clearInput("#tpl-text"))
	b.typeInto("#tpl-text", "Oi {{CLIENTE}}, OS {{OS}}: {{STATUS}}! {{PRAZO}}")
	b.waitText("[data-testid=tpl-preview]", "Oi Maria, OS 123: Pronto para retirada!")
	b.waitText("[role=alert]", "Campo desconhecido nesta mensagem: {{PRAZO}}")
	b.screenshot("settings")
	// The reminders and charge messages are the shop's to edit too.
	b.selectValue("#tpl-key", "bot:charge")
	b.waitText("[data-testid=tpl-preview]", "Segue a cobrança da OS nº 123: R$ 250,00, vencimento 05/12/2026.")

	nav("/integracoes", "Integrações")
	// a state or "unavailable", depending on whether this server has the route yet
	b.waitJS(`document.querySelector('[data-testid=wa-status], [data-testid=wa-unavailable]') !== null`)
	b.waitText("[data-testid=asaas-status]", "Não configurado")
	b.screenshot("integrations")
}
