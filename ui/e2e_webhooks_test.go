package ui_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhooksScreen: a shop's owner adds an endpoint on Integrações
// (a real receiver on loopback, allowed in --demo), sees the secret once,
// sends a test that the receiver verifies with that secret, watches the
// log turn "Entregue", and re-sends it: the same event id arrives again.
func TestWebhooksScreen(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, _ := env.signupShop(t, "Loja Webhooks E")

	type hit struct{ id, ts, sig, body string }
	var mu sync.Mutex
	var hits []hit
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		hits = append(hits, hit{r.Header.Get("Bancada-Webhook-Id"), r.Header.Get("Bancada-Webhook-Timestamp"),
			r.Header.Get("Bancada-Webhook-Signature"), string(body)})
		mu.Unlock()
	}))
	t.Cleanup(rcv.Close)

	b := newTab(t, env, 1280, 1000)
	b.signIn(owner, "/integracoes")
	b.waitText("[data-testid=card-webhooks]", "Webhooks")
	b.typeInto("#wh-url", rcv.URL+"/bancada")
	b.typeInto("#wh-desc", "n8n da loja")
	b.clickText("Adicionar endpoint")
	b.waitText("[data-testid=webhook-secret]", "não será mostrado de novo")
	secret := b.text("[data-testid=webhook-secret] .secret")
	require.True(t, strings.HasPrefix(secret, "whsec_"), secret)
	b.screenshot("integrations-webhooks-secret")
	b.clickText("Já guardei")
	b.waitGone("[data-testid=webhook-secret]")
	require.NotContains(t, b.bodyText(), secret, "shown once")

	b.clickText("Enviar teste")
	b.waitText("[data-testid=webhook-log]", "Entregue")
	mu.Lock()
	require.Len(t, hits, 1)
	first := hits[0]
	mu.Unlock()
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, first.ts+"."+first.body)
	require.Equal(t, "v1="+hex.EncodeToString(mac.Sum(nil)), first.sig, "signed with the secret the owner saw")
	require.Contains(t, first.body, `"type":"webhook.test"`)

	b.clickText("Reenviar")
	b.waitJS(`document.querySelectorAll('[data-testid=webhook-log] tbody tr').length === 1`)
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(hits) == 2 }, 10e9, 50e6)
	mu.Lock()
	require.Equal(t, first.id, hits[1].id, "the same event id")
	mu.Unlock()
	b.screenshot("integrations-webhooks-log")

	// Reload: the secret is nowhere in the page.
	b.open("/integracoes")
	b.waitText("[data-testid=webhook-endpoint]", rcv.URL+"/bancada")
	require.NotContains(t, b.bodyText(), secret)

	// On a phone: no horizontal scroll (the log scrolls in its own box).
	p := newTab(t, env, 360, 800)
	p.signIn(owner, "/integracoes")
	p.waitText("[data-testid=webhook-log]", "Teste")
	assert.LessOrEqual(t, eval[int](p, `document.documentElement.scrollWidth`), 360, "no horizontal scroll at 360 px")
	p.screenshot("integrations-webhooks-360")
}
