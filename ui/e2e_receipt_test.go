package ui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReceiptGoesOutOnWhatsApp sends the intake receipt from the "OS
// aberta" notice of a shop whose WhatsApp is connected: one button, and
// the message (notice, tracking link, what was left) is queued for the
// customer. A shop without WhatsApp keeps the wa.me link instead.
func TestReceiptGoesOutOnWhatsApp(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Zap D")
	o := env.createOrder(t, owner, tenant, "Joana Recibo Prado", "")

	// without WhatsApp: the customer's own WhatsApp link, no send button
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/ordens/"+o.ID+"?nova=1")
	b.waitText("[role=status]", "aberta")
	assert.False(t, b.exists("[data-testid=send-receipt]"))
	assert.False(t, b.exists("[data-testid=resend-receipt]"))
	assert.True(t, b.exists("a[data-external][href^='https://wa.me/']"))

	// the platform marks the shop's WhatsApp connected (the fake Evolution
	// is not paired with this shop: the outbox will retry, as in real life)
	admin := env.superuser(t)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, admin,
		map[string]any{"whatsapp_status": "connected"}, nil))

	b.open("/ordens/" + o.ID + "?nova=1")
	b.waitText("[role=status]", "Envie ao cliente pelo WhatsApp")
	b.click("[data-testid=send-receipt]")
	b.waitText("body", "Comprovante enviado pelo WhatsApp")

	// later, from the order page's print card (the customer asks again)
	b.open("/ordens/" + o.ID)
	b.waitText("h1", "OS "+o.Number)
	b.click("[data-testid=resend-receipt]")
	b.waitText("body", "Comprovante enviado pelo WhatsApp")

	var list struct {
		Items []struct {
			Text      string `json:"text"`
			Direction string `json:"direction"`
		} `json:"items"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet,
		"/api/collections/messages/records?filter="+urlQuery("tenant='"+tenant+"' && order='"+o.ID+"'"), owner.Token, nil, &list))
	require.Len(t, list.Items, 2, "sent from the notice, then again from the print card")
	assert.Contains(t, list.Items[0].Text, "Comprovante de entrada — OS "+o.Number)
	assert.Contains(t, list.Items[0].Text, "Não liga depois de cair na água.")
}
