package ui_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLGPDEraseInTwoClicks: from the customer's page the owner opens
// "Privacidade (LGPD)", chooses to erase, types the customer's name and
// confirms; the receipt to send appears, and the customer is anonymised.
// The readable export, which the screen fetches with the owner's token,
// is read first.
func TestLGPDEraseInTwoClicks(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Privada")
	o := env.createOrder(t, owner, tenant, "Lúcia Lei Geral", "")
	env.patchOrder(t, owner, o.ID, map[string]any{"status": "cancelled", "status_note": "desistiu"})

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/clientes/"+o.Customer)
	b.waitText("h1", "Lúcia Lei Geral")
	req, err := http.NewRequest(http.MethodGet, env.baseURL+"/api/bancada/customers/"+o.Customer+"/export?format=html", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", owner.Token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	page := string(raw)
	assert.Contains(t, page, "Dados pessoais mantidos por Assistência Privada")
	assert.Contains(t, page, "Lúcia Lei Geral")

	b.click("[data-testid=privacy-open]")
	b.click("[data-testid=privacy-erase]")
	b.waitJS(`document.querySelector('[data-testid=privacy-erase-confirm]').disabled`)
	b.typeInto("[data-testid=privacy-confirm]", "lucia lei geral")
	b.waitJS(`!document.querySelector('[data-testid=privacy-erase-confirm]').disabled`)
	b.screenshot("privacy-erase")
	b.click("[data-testid=privacy-erase-confirm]")
	b.waitJS(`document.querySelector('[data-testid=privacy-receipt]') && document.querySelector('[data-testid=privacy-receipt]').value.length > 0`)
	receipt := eval[string](b, `document.querySelector('[data-testid=privacy-receipt]').value`)
	assert.True(t, strings.HasPrefix(receipt, "Olá! Conforme o seu pedido, Assistência Privada apagou em "), receipt)
	assert.Contains(t, receipt, "mantemos sem nenhum dado que identifique você: 1 ordem de serviço, com datas, serviços e valores.")
	b.screenshot("privacy-receipt")

	var c map[string]any
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/customers/records/"+o.Customer, owner.Token, nil, &c))
	assert.Equal(t, "Titular removido (LGPD)", c["name"])
	assert.NotEmpty(t, c["erased_at"])
}
