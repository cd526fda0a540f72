package ui_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOrderLifecycle follows one order on its page, as the shop does:
// diagnosis, a quote with a part from stock and labour, sending it, the
// approval, a cash payment that settles the balance, the repair, the
// delivery (warranty shown) and the delivery term.
func TestOrderLifecycle(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	o := env.createOrder(t, owner, env.tenantOf(t, owner), "Helena Ciclo Completo", "")
	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)

	offered := eval[[]string](b, `[...document.querySelectorAll('.head [data-to]')].map((e) => e.dataset.to)`)
	assert.Equal(t, []string{"diagnosing", "cancelled"}, offered)
	b.click(`.head [data-to=diagnosing]`)
	b.waitText("h1 .badge", "Em diagnóstico")

	b.typeInto("#diag", "Conector de carga oxidado.")
	b.clickText("Salvar diagnóstico")
	b.waitText("[role=status]", "Diagnóstico salvo")

	// quote: a part from stock and labour
	b.typeInto(`[id^=part-q-]`, "Conector de carga")
	b.clickText("Conector de carga USB-C")
	b.clickText("+ Mão de obra")
	b.do(clearInput(`tr[data-line="1"] td.price input`))
	b.typeInto(`tr[data-line="1"] td.price input`, "80,00")
	b.waitText("[data-testid=quote-total]", "R$ 140,00")
	b.clickText("Salvar orçamento")
	b.waitText("[role=status]", "Orçamento salvo")

	b.waitText("main .list", "em estoque") // parts used, with what is left on the shelf
	b.click("[data-testid=send-quote]")
	b.waitText("h1 .badge", "Orçamento enviado")
	b.click(`.head [data-to=approved]`)
	b.waitText("[data-testid=approval]", "Aprovado pelo cliente")

	// payment in cash settles the balance
	b.waitText("[data-testid=balance]", "R$ 140,00")
	b.clickText("Registrar pagamento")
	b.waitJS(`document.querySelector('#pa').value === '140,00'`)
	b.clickText("Registrar")
	b.waitText("[data-testid=balance]", "R$ 0,00")
	b.waitText("[data-testid=payments]", "Dinheiro")

	for _, to := range []string{"repairing", "ready"} {
		b.click(`.head [data-to=` + to + `]`)
		b.waitJS(`document.querySelector('h1 .badge').dataset.status === '` + to + `'`)
	}
	// delivery asks for confirmation; paid up, no reason is needed
	b.click(`.head [data-to=delivered]`)
	b.waitText("[data-testid=deliver-balance]", "nada a receber")
	b.click("[data-testid=confirm-deliver]")
	b.waitJS(`document.querySelector('h1 .badge').dataset.status === 'delivered'`)
	b.waitText("[data-testid=warranty]", "Garantia até")
	b.waitText("[data-testid=timeline]", "Entregue")
	assert.False(t, b.exists(".head [data-to]"), "a delivered order moves no more")
	b.screenshot("order")

	b.clickText("Termo de entrega (A4)")
	b.waitText("h1", "Termo de entrega")
	body := b.text("[data-testid=print]")
	assert.Contains(t, body, "Conector de carga USB-C")
	assert.Contains(t, body, "Total: R$ 140,00")
	assert.Contains(t, body, "Pago: R$ 140,00")
	assert.Contains(t, body, "Garantia: 90 dias")
	b.screenshot("print-delivery")
}
