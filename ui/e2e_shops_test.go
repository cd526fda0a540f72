package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShopPickerAndDeactivatedShop: a person who works in two shops picks
// one and can switch; a deactivated shop shows why and how to reactivate.
func TestShopPickerAndDeactivatedShop(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	ownerC, tenantC := env.signupShop(t, "Oficina do Celular C")
	ownerA := env.auth(t, demoOwner, demoPassword)
	tenantA := env.tenantOf(t, ownerA)

	// the same person joins both shops by invitation: a new account from
	// C's link, then A's link accepted signed in
	email := fmt.Sprintf("multi%d@loja.test", rand.IntN(1e9))
	var invited struct {
		Link string `json:"link"`
	}
	token := func() string { return invited.Link[strings.LastIndex(invited.Link, "/")+1:] }
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/staff", ownerC.Token,
		map[string]any{"tenant": tenantC, "email": email, "role": "technician"}, &invited))
	var marta authResponse
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/invitations/"+token()+"/accept", "",
		map[string]any{"name": "Marta Duas Lojas", "password": "senha-da-marta"}, &marta))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/staff", ownerA.Token,
		map[string]any{"tenant": tenantA, "email": email, "role": "attendant"}, &invited))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/invitations/"+token()+"/accept", marta.Token, map[string]any{}, nil))

	b := newTab(t, env, 1280, 900)
	b.signIn(marta, "/quadro")
	b.waitText("h1", "Escolha a loja")
	b.waitText(".shops", "Oficina do Celular C")
	b.waitText(".shops", demoShop)
	b.screenshot("shop-picker")
	b.clickText("Oficina do Celular C")
	b.waitText("[data-testid=shop-name]", "Oficina do Celular C")
	b.clickText("Trocar loja")
	b.clickText(demoShop)
	b.waitText("[data-testid=shop-name]", demoShop)

	// the platform deactivates shop C: its people are told why, live
	b.clickText("Trocar loja")
	b.clickText("Oficina do Celular C")
	b.waitText("[data-testid=shop-name]", "Oficina do Celular C")
	admin := env.superuser(t)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenantC, admin,
		map[string]any{"active": false, "inactive_reason": "Assinatura em atraso desde 01/11."}, nil))
	b.waitText("h1", "está desativada")
	b.waitText("[data-testid=inactive-reason]", "Assinatura em atraso desde 01/11.")
	b.waitText("main", "Nenhum dado foi apagado")
	b.screenshot("shop-inactive")
	b.open("/ordens") // typing a URL does not get around it
	b.waitText("h1", "está desativada")

	// the owner is shown how to come back: the subscription and the plans
	o := newTab(t, env, 1280, 900)
	o.signIn(ownerC, "/quadro")
	o.waitText("h1", "está desativada")
	o.waitText("main", "Como reativar")
	o.waitJS(`document.querySelector('[data-testid=subscription-status]') !== null`)
	o.waitJS(`document.querySelectorAll('#plan-pick option').length > 0`)
	o.screenshot("shop-inactive-owner")
}
