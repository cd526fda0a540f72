package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOwnerManagesTheShop: the owner invites a person, changes their role
// and removes them; adds a price and sees the counter's estimate use it;
// saves the shop's settings (a holiday, the logo) and edits a customer
// (a phone that belongs to someone else is refused).
func TestOwnerManagesTheShop(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	tenant := env.tenantOf(t, owner)
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/equipe")

	// staff
	email := fmt.Sprintf("novo%d@demo.test", rand.IntN(1e9))
	b.waitText("h1", "Equipe")
	b.typeInto("#s-email", email)
	b.selectValue("#s-role", "technician")
	b.clickText("Convidar")
	b.waitJS(`(document.querySelector('[data-testid=share-link]')?.value || '').includes('/convite/')`)
	link := eval[string](b, `document.querySelector('[data-testid=share-link]').value`)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/invitations/"+link[strings.LastIndex(link, "/")+1:]+"/accept", "",
		map[string]any{"name": "Bruno Novato", "password": "senha-do-bruno"}, nil), "Bruno accepts")
	b.open("/equipe")
	b.waitText("[data-testid=staff-list]", "Bruno Novato")
	member := eval[string](b, `[...document.querySelectorAll('[data-testid=staff-list] li')].find((li) => li.innerText.includes('Bruno Novato')).querySelector('select').id`)
	b.selectValue("#"+member, "attendant")
	b.waitText("[role=status]", "Função alterada")
	eval[bool](b, `(window.confirm = () => true, true)`) // "Remover Bruno da equipe?" → yes
	eval[bool](b, `([...document.querySelectorAll('[data-testid=staff-list] li')].find((li) => li.innerText.includes('Bruno Novato')).querySelector('button.danger').click(), true)`)
	b.waitGone("#" + member)

	// a price for Samsung tablets, used by the estimate
	b.click(`nav.side a[href="/precos"]`)
	model := fmt.Sprintf("Galaxy Tab S%d", rand.IntN(1e6))
	b.clickText("+ Novo preço")
	b.selectValue("#r-type", "tablet")
	b.typeInto("#r-brand", "Samsung")
	b.typeInto("#r-model", model)
	b.typeInto("#r-price", "333,00")
	b.click("dialog[open] button[type=submit]")
	b.waitText("[data-testid=rules-table]", model)
	b.selectValue("#s-type", "tablet")
	b.typeInto("#s-brand", "Samsung")
	b.typeInto("#s-model", model+" FE")
	b.selectValue("#s-service", "")
	b.clickText("Simular")
	b.waitText("main [role=status]", "R$ 333,00")

	// settings: a holiday and the logo
	b.click(`nav.side a[href="/loja"]`)
	b.waitJS(`document.querySelector('#t-name').value === 'Assistência Demo'`)
	eval[bool](b, `(() => { const d = document.querySelector('#t-hol'); d.value = '2026-12-25'; d.dispatchEvent(new Event('input', { bubbles: true })); return true })()`)
	b.clickText("Adicionar")
	b.waitText("main", "25/12/2026")
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#t-logo"), []string{photoFile(t)}))
	b.waitText("[role=status]", "Logo atualizado")
	b.clickText("Salvar dados da loja")
	b.waitText("[role=status]", "Dados da loja salvos")
	var shop struct {
		Logo     string `json:"logo"`
		Settings struct {
			Holidays []string `json:"holidays"`
		} `json:"settings"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/tenants/records/"+tenant, owner.Token, nil, &shop))
	assert.Contains(t, shop.Settings.Holidays, "2026-12-25")
	assert.NotEmpty(t, shop.Logo)
	b.open("/loja") // the saved settings (hours included) open again
	b.waitJS(`document.querySelector('#t-name').value === 'Assistência Demo'`)
	b.waitText("main", "25/12/2026")

	// a customer's phone cannot take another customer's number
	c := env.createOrder(t, owner, tenant, "Débora Troca Telefone", "")
	b.open("/clientes/" + c.Customer)
	b.waitText("h1", "Débora Troca Telefone")
	b.do(clearInput("#ec-phone"))
	b.typeInto("#ec-phone", "(11) 98765-4321") // Maria Souza's
	b.clickText("Salvar")
	b.waitText("#ec-phone-error", "Este telefone já é de Maria Souza")
}
