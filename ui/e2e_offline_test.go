package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCounterKeepsWorkWhenTheNetworkDrops: a half-typed intake survives a
// reload (draft in localStorage), and saving while offline waits and
// retries by itself, creating exactly one customer and one order.
func TestCounterKeepsWorkWhenTheNetworkDrops(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	b := newTab(t, env, 1280, 1000)
	b.signIn(env.auth(t, demoAttendant, demoPassword), "/nova-os")

	name := fmt.Sprintf("Igor Sem Rede %04d", rand.IntN(10000))
	typed, e164 := randomMobile()
	b.typeInto("#cust-q", name)
	b.click("[data-testid=new-customer]")
	b.typeInto("#c-phone", typed)
	b.typeInto("#d-brand", "Xiaomi")
	b.typeInto("#d-model", "Redmi Note 12")
	b.typeInto("#problem", "Não carrega.")

	// a reload (or a closed tab) keeps the draft
	b.open("/nova-os")
	b.waitText("[role=status]", "Continuando o atendimento")
	assert.True(t, strings.HasPrefix(eval[string](b, `document.querySelector('#c-name').value`), "Igor Sem Rede"))
	assert.Equal(t, "Redmi Note 12", eval[string](b, `document.querySelector('#d-model').value`))
	assert.Equal(t, "Não carrega.", eval[string](b, `document.querySelector('#problem').value`))

	// saving with the network down waits, then finishes when it is back
	b.setOffline(true)
	b.click("[data-testid=save-order]")
	b.waitText("main [role=status]", "Sem conexão. Tentando de novo")
	b.screenshot("counter-offline")
	b.setOffline(false)
	b.waitText("[role=status]", "aberta")

	owner := env.auth(t, demoOwner, demoPassword)
	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	code := env.api(t, http.MethodGet, "/api/collections/orders/records?skipTotal=1&filter="+urlQuery(`customer.phone="`+e164+`"`), owner.Token, nil, &list)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, list.Items, 1, "one order, whatever the retries")
	code = env.api(t, http.MethodGet, "/api/collections/customers/records?skipTotal=1&filter="+urlQuery(`phone="`+e164+`"`), owner.Token, nil, &list)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, list.Items, 1, "one customer")

	// the draft is gone once saved
	b.clickText("Nova OS")
	b.waitText("h1", "Nova OS")
	assert.NotContains(t, b.bodyText(), "Continuando o atendimento")
}
