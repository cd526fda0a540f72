package ui_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A day at the till of a new shop, in Chromium against the real routes:
// the till opens with R$ 100,00; an order is paid R$ 150,00 in cash on
// its page; a counter sale of 2 capinhas at R$ 49,90 is paid by PIX
// (stock 5 → 3); a withdrawal of R$ 50,00; the till closes with R$ 195,00
// counted in the drawer and R$ 99,80 in PIX. Expected, written out:
// cash 100,00 + 150,00 − 50,00 = R$ 200,00, counted R$ 195,00, −R$ 5,00;
// PIX R$ 99,80, counted R$ 99,80, confere; total expected R$ 299,80,
// total difference −R$ 5,00. Then goods arrive (stock 3 → 13, cost
// averaged), and R$ 30,00 of the order's payment is refunded (paid
// 150,00 → 120,00). Each screen fits 360 px without horizontal scroll.
func TestCashClosingWithTwoMethods(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja do Caixa")

	var capa struct {
		ID string `json:"id"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/parts/records", owner.Token,
		map[string]any{"tenant": tenant, "name": "Capinha de silicone", "price_cents": 4990, "cost_cents": 1000, "quantity": 5}, &capa))
	o := env.createOrder(t, owner, tenant, "Rita Caixa", "")
	env.driveOrder(t, owner, o.ID, []map[string]any{{"kind": "labor", "description": "Troca de conector", "quantity": 1, "unit_cents": 15000}},
		"diagnosing", "quoted", "approved")
	partQty := func() (int, int) {
		var p struct {
			Quantity int `json:"quantity"`
			Cost     int `json:"cost_cents"`
		}
		require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/parts/records/"+capa.ID, owner.Token, nil, &p))
		return p.Quantity, p.Cost
	}
	orderPaid := func() int {
		var r struct {
			Paid int `json:"paid"`
		}
		require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records/"+o.ID, owner.Token, nil, &r))
		return r.Paid
	}
	fits := func(b *tab, screen string) {
		t.Helper()
		assert.LessOrEqual(t, eval[int](b, `document.documentElement.scrollWidth`), 360, "%s: no horizontal scroll at 360 px", screen)
		assert.LessOrEqual(t, eval[int](b, `Math.max(0, ...[...document.querySelectorAll('.table-wrap')].map((w) => w.scrollWidth - w.clientWidth))`), 0,
			"%s: no table scrolls sideways at 360 px", screen)
	}

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/caixa")
	b.waitText("h1", "Caixa")

	// 1. Open the till with R$ 100,00.
	b.typeInto("#till-float", "100,00")
	b.clickText("Abrir caixa")
	b.waitText("[data-testid=till-state]", "Aberto")
	b.screenshot("cash-open")

	// 2. The order is paid R$ 150,00 in cash on its page.
	b.open("/ordens/" + o.ID)
	b.waitText("[data-testid=balance]", "R$ 150,00")
	b.clickText("Registrar pagamento")
	b.waitJS(`document.querySelector('#pa').value === '150,00'`)
	b.selectValue("#pm", "cash")
	b.click(`form.payform button[type=submit]`)
	b.waitText("[data-testid=balance]", "R$ 0,00")

	// 3. A counter sale of 2 capinhas by PIX.
	b.open("/vendas")
	b.waitText("h1", "Venda de balcão")
	b.typeInto("#sale-q", "Capinha")
	b.waitText("[data-testid=sale-found]", "Capinha de silicone")
	b.clickText("Capinha de silicone")
	b.waitText("[data-testid=sale-cart]", "Capinha de silicone")
	b.do(clearInput("[data-testid=sale-cart] input.qty"))
	b.typeInto("[data-testid=sale-cart] input.qty", "2")
	b.waitText("[data-testid=sale-total]", "R$ 99,80")
	b.selectValue("#pay-m-0", "pix")
	b.waitJS(`document.querySelector('#pay-a-0').value === '99,80'`)
	b.screenshot("sales")
	b.clickText("Concluir venda")
	b.waitText("[data-testid=sale-done]", "Venda nº 1")
	q, _ := partQty()
	assert.Equal(t, 3, q, "the sale took 2 of 5 from stock")

	// 4. A withdrawal of R$ 50,00.
	b.open("/caixa")
	b.waitText("[data-testid=till-methods]", "PIX")
	b.clickText("Sangria")
	b.typeInto("#move-amount", "50,00")
	b.typeInto("#move-reason", "Depósito no banco")
	b.click(`[data-testid=till-move-form] button[type=submit]`)
	b.waitText("[data-testid=till-withdrawals]", "R$ 50,00")
	assert.Equal(t, "R$ 200,00", b.text("[data-testid=expected-cash]"))
	assert.Equal(t, "R$ 99,80", b.text("[data-testid=expected-pix]"))
	assert.Equal(t, "R$ 299,80", b.text("[data-testid=expected-total]"))

	// 5. Close with what was counted.
	b.clickText("Fechar caixa")
	b.typeInto("#count-cash", "195,00")
	b.typeInto("#count-pix", "99,80")
	b.clickText("Confirmar fechamento")
	b.waitText("[data-testid=till-result]", "Caixa fechado")
	res := "[data-testid=till-result] "
	assert.Equal(t, "R$ 200,00", b.text(res+"[data-testid=expected-cash]"))
	assert.Equal(t, "R$ 195,00", b.text(res+"[data-testid=counted-cash]"))
	assert.Equal(t, "−R$ 5,00", b.text(res+"[data-testid=difference-cash]"))
	assert.Equal(t, "R$ 99,80", b.text(res+"[data-testid=expected-pix]"))
	assert.Equal(t, "R$ 99,80", b.text(res+"[data-testid=counted-pix]"))
	assert.Equal(t, "R$ 0,00", b.text(res+"[data-testid=difference-pix]"))
	assert.Equal(t, "R$ 299,80", b.text(res+"[data-testid=expected-total]"))
	assert.Equal(t, "−R$ 5,00", b.text(res+"[data-testid=difference-total]"))
	b.waitText("[data-testid=till-state]", "Fechado")
	b.waitText("[data-testid=till-history]", "−R$ 5,00")
	b.screenshot("cash-closed")
	// The closing report prints.
	b.clickText("Imprimir relatório")
	b.waitText("[data-testid=receipt-difference]", "−R$ 5,00")
	b.screenshot("cash-report")

	// 6. Goods arrive: 10 capinhas at R$ 12,00.
	b.open("/estoque")
	b.waitText("h1", "Estoque")
	b.typeInto("#rcv-supplier", "Distribuidora Sul")
	b.waitJS(`[...document.querySelectorAll('#rcv-part-0 option')].some((o) => o.value === '` + capa.ID + `')`)
	b.selectValue("#rcv-part-0", capa.ID)
	b.do(clearInput("#rcv-qty-0"))
	b.typeInto("#rcv-qty-0", "10")
	b.do(clearInput("#rcv-cost-0"))
	b.typeInto("#rcv-cost-0", "12,00")
	b.clickText("Registrar entrada")
	b.waitText("[data-testid=stock-moves]", "Distribuidora Sul")
	q, cost := partQty()
	assert.Equal(t, 13, q)
	assert.Equal(t, 1154, cost, "(3 × R$ 10,00 + 10 × R$ 12,00) / 13 = R$ 11,538…")
	assert.Contains(t, b.text("[data-testid=stock-moves]"), "Venda")
	b.screenshot("stock")

	// 7. R$ 30,00 of the order's payment goes back.
	b.open("/financeiro")
	b.waitText("[data-testid=finance-payments]", fmt.Sprintf("OS %s", o.Number))
	b.waitText("[data-testid=finance-net]", "R$ 249,80")
	b.screenshot("finance")
	js := fmt.Sprintf(`[...document.querySelectorAll('[data-testid=finance-payments] tbody tr')].find((r) => r.innerText.includes('OS %s')).querySelector('td.acts button:last-child')`, o.Number)
	b.waitJS(js + ` !== null`)
	eval[bool](b, js+`.click() || true`)
	b.waitJS(`document.querySelector('#ref-amount') !== null`)
	b.do(clearInput("#ref-amount"))
	b.typeInto("#ref-amount", "30,00")
	b.typeInto("#ref-reason", "Desconto combinado depois")
	b.clickText("Confirmar estorno")
	b.waitText("[data-testid=finance-payments]", "estornado R$ 30,00")
	assert.Equal(t, 12000, orderPaid(), "R$ 150,00 − R$ 30,00")
	b.clickText("Estornos")
	b.waitText("[data-testid=finance-refunds]", "Desconto combinado depois")

	// The screens at 360 px.
	m := newTab(t, env, 360, 780)
	m.signIn(owner, "/caixa")
	m.waitText("[data-testid=till-history]", "−R$ 5,00")
	fits(m, "caixa")
	m.screenshot("cash-360")
	for _, s := range []struct{ path, ready string }{
		{"/vendas", "[data-testid=sale-form]"}, {"/financeiro", "[data-testid=finance-payments]"}, {"/estoque", "[data-testid=stock-moves]"},
	} {
		m.open(s.path)
		m.waitJS(fmt.Sprintf(`document.querySelector(%q) !== null`, s.ready))
		fits(m, s.path)
	}
	m.screenshot("stock-360")
}
