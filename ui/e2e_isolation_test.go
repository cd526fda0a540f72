package ui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOtherShopSeesNothing signs up shop B and shows that its owner sees
// nothing of the demo shop (A), even by typing A's URLs.
func TestOtherShopSeesNothing(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	ownerA := env.auth(t, demoOwner, demoPassword)
	a := env.createOrder(t, ownerA, env.tenantOf(t, ownerA), "Cliente Só Da Loja A", "4321")
	ownerB, _ := env.signupShop(t, "Conserta Tudo B")

	b := newTab(t, env, 1280, 900)
	b.signIn(ownerB, "/quadro")
	b.waitText("[data-testid=shop-name]", "Conserta Tudo B")
	b.waitJS(`document.querySelector('[data-testid=board]') !== null`)
	total := eval[int](b, `[...document.querySelectorAll('[data-testid^=count-]')].reduce((n, e) => n + Number(e.innerText), 0)`)
	assert.Zero(t, total, "B's board is empty")

	b.open("/ordens/" + a.ID)
	b.waitText("h1", "OS não encontrada")
	b.open("/ordens/" + a.ID + "/imprimir?doc=entrada&formato=a4")
	b.waitText("[role=alert]", "OS não encontrada nesta loja")
	b.open("/clientes/" + a.Customer)
	b.waitText("h1", "Cliente não encontrado")
	b.open("/ordens")
	b.waitText("main", "Nenhuma OS encontrada")
	b.open("/clientes")
	b.typeInto("#cq", "Cliente Só Da Loja A")
	b.waitText("main", "Nenhum cliente encontrado")
	assert.NotContains(t, b.bodyText(), "Assistência Demo")
	b.screenshot("isolation-shop-b")

	// and the API behind the screens says the same
	code := env.api(t, http.MethodGet, "/api/bancada/devices/"+a.Device+"/passcode", ownerB.Token, nil, nil)
	require.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, code, "B cannot read A's passcode")
}
