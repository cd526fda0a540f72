package ui_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuditScreen: the owner finds an order's lines in the audit log by
// person, action and record, reads them in Portuguese and opens the order
// from a line; the screen fits 360 px; an attendant has neither the menu
// entry nor the screen.
func TestAuditScreen(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja Auditada")
	o := env.createOrder(t, owner, tenant, "Aurora Auditada", "")
	env.driveOrder(t, owner, o.ID, nil, "diagnosing")
	other := env.createOrder(t, owner, tenant, "Outro Cliente", "")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.click("[data-testid=order-audit]")
	b.waitText("h1", "Auditoria")
	b.waitJS(`document.querySelectorAll('[data-testid=audit-list] li').length === 2`)
	list := b.text("[data-testid=audit-list]")
	assert.Contains(t, list, "Mudou a OS de “Recebido” para “Em diagnóstico”")
	assert.Contains(t, list, "Abriu a OS nº "+o.Number)
	assert.NotContains(t, list, other.ID, "only this order's lines")

	// by action, then by person: the owner did both
	b.selectValue("#au-a", "order.status")
	b.waitJS(`document.querySelectorAll('[data-testid=audit-list] li').length === 1`)
	uid, _ := owner.Record["id"].(string)
	b.waitJS(fmt.Sprintf(`[...document.querySelectorAll('#au-p option')].some((o) => o.value === %q)`, uid))
	b.selectValue("#au-p", uid)
	b.waitJS(`document.querySelectorAll('[data-testid=audit-list] li').length === 1`)
	b.screenshot("audit")
	b.click("[data-testid=audit-link]")
	b.waitText("h1", "OS "+o.Number)

	p := newTab(t, env, 360, 740)
	p.signIn(owner, "/auditoria")
	p.waitJS(`document.querySelectorAll('[data-testid=audit-list] li').length > 2`)
	assert.True(t, eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth`), "no horizontal scroll at 360 px")
	p.screenshot("audit-360")

	a := newTab(t, env, 1280, 900)
	a.signIn(env.auth(t, demoAttendant, demoPassword), "/auditoria")
	a.waitText("h1", "Sem permissão")
	assert.NotContains(t, a.text("nav.side"), "Auditoria")
}

// TestWarrantyReturnFromTheOrderPage: a delivered order opens a warranty
// return; the new order is free, says where it came from, and the
// original lists it; both histories say so.
func TestWarrantyReturnFromTheOrderPage(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja da Garantia")
	o := env.createOrder(t, owner, tenant, "Gabriel Garantido", "")
	lines := []map[string]any{{"kind": "labor", "description": "Troca de conector", "quantity": 1, "unit_cents": 12000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved", "repairing", "ready")
	env.patchOrder(t, owner, o.ID, map[string]any{"status": "delivered", "status_note": "paga na retirada"})
	// another order, not delivered, offers no warranty
	open := env.createOrder(t, owner, tenant, "Sem Garantia Ainda", "")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/ordens/"+open.ID)
	b.waitText("h1", "OS "+open.Number)
	assert.False(t, b.exists("[data-testid=open-warranty]"), "no warranty before delivery")

	b.open("/ordens/" + o.ID)
	b.waitText("[data-testid=warranty]", "(em garantia)")
	b.click("[data-testid=open-warranty]")
	b.click("dialog button[type=submit]")
	b.waitText("[data-testid=warranty-error]", "Descreva o defeito que voltou.")
	b.typeInto("#wr-problem", "O conector voltou a falhar")
	b.click("dialog button[type=submit]")
	b.waitText("[data-testid=warranty-of]", "Retorno em garantia da OS "+o.Number)
	b.waitText("[data-testid=problem]", "O conector voltou a falhar")
	b.waitText("[data-testid=timeline]", "Retorno em garantia da OS nº "+o.Number)
	newURL := eval[string](b, `location.pathname`)
	b.screenshot("warranty-return")

	// charging the free repair asks why, and the history keeps it
	b.clickText("+ Mão de obra")
	b.typeInto(`tr[data-line="0"] td input[aria-label^="Descrição"]`, "Conector novo (dano por líquido)")
	b.typeInto(`tr[data-line="0"] td.price input`, "60,00")
	b.waitText("[data-testid=warranty-charge]", "Para cobrar R$ 60,00")
	b.clickText("Salvar orçamento")
	b.waitText(".quote .notice.error", "informe o motivo")
	b.typeInto(`[id^=charge-reason-]`, "Oxidação por líquido, fora da garantia")
	b.clickText("Salvar orçamento")
	b.waitText("[data-testid=timeline]", "Garantia cobrada: R$ 60,00. Motivo: Oxidação por líquido, fora da garantia")

	// the original lists its return
	b.click("[data-testid=warranty-of] a")
	b.waitText("[data-testid=warranty-returns]", "Garantia: OS ")
	b.waitText("[data-testid=timeline]", "Garantia aberta na OS nº")
	assert.False(t, b.exists("[data-testid=open-warranty]"), "one return at a time")
	var ret struct {
		Items []struct {
			ID         string `json:"id"`
			QuoteTotal int    `json:"quote_total"`
		} `json:"items"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records?filter="+urlQuery(`warranty_of="`+o.ID+`"`), owner.Token, nil, &ret))
	require.Len(t, ret.Items, 1)
	assert.Equal(t, "/ordens/"+ret.Items[0].ID, newURL)
	assert.Equal(t, 6000, ret.Items[0].QuoteTotal)
}

// TestDeviceLabelPrintsOnALabel prints the device label from the order
// page in both sizes: one page exactly the label's size, with the order
// number and a QR code of the order's page in the staff app.
func TestDeviceLabelPrintsOnALabel(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Loja da Etiqueta")
	o := env.createOrder(t, owner, tenant, "Letícia Etiqueta", "")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.click("[data-testid=print-label]")
	for _, size := range []struct {
		name string
		w, h float64
	}{{"62x29", 62, 29}, {"50x30", 50, 30}} {
		if size.name != "62x29" {
			b.open("/ordens/" + o.ID + "/etiqueta?tamanho=" + size.name)
		}
		b.waitJS(`document.querySelector('[data-testid=label-qr] svg') !== null`)
		assert.Equal(t, size.name, eval[string](b, `document.querySelector('[data-testid=device-label]').dataset.size`))
		assert.Contains(t, b.text("[data-testid=device-label]"), "OS "+o.Number)
		assert.Contains(t, b.text("[data-testid=device-label]"), "Letícia")
		assert.Equal(t, env.baseURL+"/ordens/"+o.ID, eval[string](b, `document.querySelector('[data-testid=label-qr]').dataset.url`))
		n, boxes := pdfPages(t, b.printPDF())
		assert.Equal(t, 1, n, "%s: one label, one page", size.name)
		require.NotEmpty(t, boxes, size.name)
		assert.InDelta(t, size.w*mmPt, boxes[0].W, 1.5, "%s: width", size.name)
		assert.InDelta(t, size.h*mmPt, boxes[0].H, 1.5, "%s: height", size.name)
		b.screenshot("label-" + size.name)
	}
}
