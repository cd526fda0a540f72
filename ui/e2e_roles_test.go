package ui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTechnicianDoesNotSeePayments opens an order that has a payment as a
// technician: no payments, no balance, no shop or staff menus; the
// technician can reveal the device's passcode. An attendant sees the
// payment but not the passcode.
func TestTechnicianDoesNotSeePayments(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	tenant := env.tenantOf(t, owner)
	o := env.createOrder(t, owner, tenant, "Otávio Sem Pagamento", "2580")
	code := env.api(t, http.MethodPost, "/api/collections/payments/records", owner.Token, map[string]any{
		"tenant": tenant, "order": o.ID, "customer": o.Customer, "method": "cash", "provider": "manual",
		"status": "paid", "amount": 5000, "paid_amount": 5000,
	}, nil)
	require.Equal(t, http.StatusOK, code, "owner records a payment")

	b := newTab(t, env, 1280, 900)
	b.signIn(env.auth(t, demoTech, demoPassword), "/ordens/"+o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.waitText("[data-testid=problem]", "Não liga")
	assert.False(t, b.exists("[data-testid=payments]"), "no payments panel")
	body := b.bodyText()
	assert.NotContains(t, body, "Pagamentos")
	assert.NotContains(t, body, "Saldo")
	assert.NotContains(t, body, "R$ 50,00", "not even the paid amount")
	nav := b.text("nav.side")
	assert.NotContains(t, nav, "Loja")
	assert.NotContains(t, nav, "Equipe")
	assert.NotContains(t, nav, "Integrações")

	b.clickText("Ver senha")
	b.waitText("code.secret", "2580")
	b.screenshot("order-technician")

	// an attendant takes money but never sees the passcode
	ab := newTab(t, env, 1280, 900)
	ab.signIn(env.auth(t, demoAttendant, demoPassword), "/ordens/"+o.ID)
	ab.waitText("[data-testid=payments]", "R$ 50,00")
	ab.waitText(".kv", "visível só para técnicos")
	assert.NotContains(t, ab.bodyText(), "Ver senha")
	assert.NotContains(t, ab.bodyText(), "2580")
}
