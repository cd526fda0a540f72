package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// injectWhatsApp makes the demo's fake Evolution deliver a customer's
// message to the shop, as its control page's "Enviar para a loja" does.
func (env *e2eEnv) injectWhatsApp(t *testing.T, tenant, from, name, text string) {
	t.Helper()
	res, err := http.PostForm(env.baseURL+"/_fake/evolution/_fake/inject", url.Values{
		"instance": {"bancada_" + tenant}, "from": {from}, "name": {name}, "text": {text},
	})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "inject %q", text)
}

// countBeeps counts the inbox's alert sounds: every WebAudio oscillator
// started in this page adds one.
const countBeeps = `(() => { window.__beeps = 0; const C = window.AudioContext || window.webkitAudioContext;
	const orig = C.prototype.createOscillator;
	C.prototype.createOscillator = function () { window.__beeps++; return orig.call(this); }; return true; })()`

// TestInboxHandOff: a customer with an open order asks the assistant for a
// person on WhatsApp (through the fake Evolution); the inbox shows the
// hand-off at the top with the menu badge, the "(1)" title and a beep; the
// attendant opens it (customer, open order with balance beside the chat),
// replies with WhatsApp formatting, which the fake receives and the chat
// shows formatted; the conversation shows who took it and the alert goes
// away; the tracking link goes out from the chat; the attendant hands the
// conversation back and the assistant answers the customer again. A first
// message from an unknown number shows as a new contact. At 360 px the
// list opens the chat, with the customer below it, without horizontal
// scroll.
func TestInboxHandOff(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Caixa de Entrada")
	// one of the shop's own quick replies (Loja → Respostas rápidas)
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, owner.Token,
		map[string]any{"settings": map[string]any{"quick_replies": []map[string]string{{"label": "Chave Pix", "text": "{{CLIENTE}}, nossa chave Pix é o CNPJ da {{LOJA}}."}}}}, nil))
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/quadro")
	env.connectWhatsApp(t, b, owner, tenant)
	o := env.createOrder(t, owner, tenant, "Marta Conversa", "")
	var cust struct {
		Phone string `json:"phone"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/customers/records/"+o.Customer, owner.Token, nil, &cust))

	b.open("/conversas")
	b.waitText("h1", "Conversas")
	b.waitText("[data-testid=live]", "ao vivo")
	require.True(t, eval[bool](b, countBeeps))
	assert.False(t, b.exists("[data-testid=handoff-badge]"), "nothing waits yet")

	// someone the shop does not know writes first
	_, stranger := randomMobile()
	env.injectWhatsApp(t, tenant, stranger, "Paulo", "Oi, vocês trocam tela de iPad?")
	b.waitText("[data-testid=conversations]", "Contato novo")

	// the customer asks for a person
	env.injectWhatsApp(t, tenant, cust.Phone, "Marta", "Quero falar com um atendente")
	b.waitText("[data-testid=handoff-queue]", "Marta Conversa")
	b.waitText("[data-testid=handoff-queue] [data-testid=taken-by]", "Ninguém assumiu")
	b.waitText("nav.side [data-testid=handoff-badge]", "1")
	b.waitJS(`document.title === "(1) Conversas · Bancada"`)
	b.waitJS(`window.__beeps > 0`)
	b.waitText("[data-testid=handoff-alert]", "1 conversa aguarda uma pessoa da equipe")

	b.click("[data-testid=handoff-queue] button.conv")
	b.waitText("[data-testid=chat]", "Quero falar com um atendente")
	b.waitText("[data-testid=chat-name]", "Marta Conversa")
	b.waitText("[data-testid=open-orders]", "OS "+o.Number)
	b.waitText("[data-testid=open-orders]", "saldo R$ 0,00")
	assert.True(t, eval[bool](b, `(() => { const m = document.querySelector('[data-testid=chat]'); return m.scrollTop + m.clientHeight >= m.scrollHeight - 2; })()`),
		"the newest message is in view")
	b.screenshot("inbox")
	assert.Contains(t, b.text("[data-testid=conversations]"), "Paulo", "a load racing realtime events loses none")

	// the reply goes out through the fake Evolution and the chat shows it formatted
	b.typeInto("[data-testid=reply]", "Oi, Marta! Aqui é a Ana, da loja. *Pode mandar* sua dúvida.")
	b.click("[data-testid=send]")
	b.waitJS(fakeSentJS(cust.Phone, "Oi, Marta! Aqui é a Ana, da loja. *Pode mandar* sua dúvida."))
	b.waitJS(`[...document.querySelectorAll('[data-testid=chat] .msg.out strong')].some((e) => e.textContent === 'Pode mandar')`)
	b.waitText("[data-testid=handoff-queue] [data-testid=taken-by]", "Atendido por você")
	b.waitGone("[data-testid=handoff-badge]")
	b.waitJS(`document.title === "Conversas · Bancada"`)
	b.waitText("[data-testid=chat-mode]", "Com atendente (você)")

	// the tracking link from the chat
	b.click("[data-testid=send-tracking]")
	b.waitJS(fakeSentJS(cust.Phone, "Acompanhe a OS nº "+o.Number, "/os/"))

	// the intake receipt, through the existing receipt route
	b.click("[data-testid=send-receipt]")
	b.waitJS(fakeSentJS(cust.Phone, "Recebemos seu *Motorola Moto G84*", "OS nº "+o.Number))

	// the shop's texts as quick replies
	b.selectValue("[data-testid=quick]", "goodbye")
	b.waitJS(`document.querySelector('[data-testid=reply]').value === "Tudo bem, Marta! Se precisar, é só mandar uma mensagem. Até mais! 👋"`)
	b.selectValue("[data-testid=quick]", "own:0")
	b.waitJS(`document.querySelector('[data-testid=reply]').value === "Marta, nossa chave Pix é o CNPJ da Assistência Caixa de Entrada."`)

	// hand back: the assistant answers again
	b.click("[data-testid=hand-back]")
	b.waitJS(`document.querySelector('[data-testid=chat-mode]').dataset.mode === 'bot'`)
	b.waitGone("[data-testid=handoff-queue]")
	var conv struct {
		Items []struct {
			ID         string `json:"id"`
			Mode       string `json:"mode"`
			AssignedTo string `json:"assigned_to"`
			Unread     int    `json:"unread"`
		} `json:"items"`
	}
	filter := url.QueryEscape(fmt.Sprintf(`tenant = %q && customer = %q`, tenant, o.Customer))
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/conversations/records?filter="+filter, owner.Token, nil, &conv))
	require.Len(t, conv.Items, 1)
	assert.Equal(t, "bot", conv.Items[0].Mode)
	assert.Equal(t, "", conv.Items[0].AssignedTo)
	assert.Equal(t, 0, conv.Items[0].Unread, "opening the chat read it")
	bots := eval[int](b, `document.querySelectorAll('[data-testid=chat] .msg[data-author=bot]').length`)
	env.injectWhatsApp(t, tenant, cust.Phone, "Marta", "menu")
	b.waitJS(fmt.Sprintf(`document.querySelectorAll('[data-testid=chat] .msg[data-author=bot]').length > %d`, bots))

	// a phone: the list, then the chat with the customer below it; a link
	// to the conversation opens it directly
	m := newTab(t, env, 360, 740)
	m.signIn(owner, "/conversas")
	m.waitText("[data-testid=conversations]", "Marta Conversa")
	assert.LessOrEqual(t, eval[int](m, `document.documentElement.scrollWidth`), 360, "no horizontal scroll on the list")
	m.click(`[data-testid=conversations] button.conv:not(:has([data-testid=new-contact]))`)
	m.waitText("[data-testid=chat]", "Pode mandar")
	m.waitText("[data-testid=open-orders]", "OS "+o.Number)
	assert.False(t, eval[bool](m, `!!document.querySelector('[data-testid=conversations]').offsetParent`), "the chat replaces the list on a phone")
	assert.LessOrEqual(t, eval[int](m, `document.documentElement.scrollWidth`), 360, "no horizontal scroll in the chat")
	m.screenshot("inbox-360")
	m.clickText("← Conversas")
	m.waitJS(`!!document.querySelector('[data-testid=conversations]').offsetParent`)
	m.open("/conversas?c=" + conv.Items[0].ID)
	m.waitText("[data-testid=chat-name]", "Marta Conversa")
	m.waitText("[data-testid=open-orders]", "OS "+o.Number)
}

// TestInboxSendsAChargeLink: beside the chat, "Cobrar" asks the demo's fake
// Asaas (through the real charges route) for the balance of an approved
// order; the link goes to the customer on WhatsApp, at the fake Evolution,
// and the pending payment shows beside the chat.
func TestInboxSendsAChargeLink(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Cobrança na Conversa")
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/quadro")
	env.connectWhatsApp(t, b, owner, tenant)
	var conn map[string]any
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/asaas/connect", owner.Token,
		map[string]any{"tenant": tenant, "apiKey": "demo-asaas-loja"}, &conn), "connect Asaas: %v", conn)
	o := env.createOrder(t, owner, tenant, "Rui Cobrança", "")
	var cust struct {
		Phone string `json:"phone"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/customers/records/"+o.Customer, owner.Token,
		map[string]any{"document": "52998224725"}, &cust))
	lines := []map[string]any{{"kind": "labor", "description": "Troca do conector", "quantity": 1, "unit_cents": 18000}}
	env.driveOrder(t, owner, o.ID, lines, "diagnosing", "quoted", "approved")

	b.open("/conversas")
	b.waitText("[data-testid=live]", "ao vivo")
	env.injectWhatsApp(t, tenant, cust.Phone, "Rui", "oi")
	b.waitText("[data-testid=conversations]", "Rui Cobrança")
	b.click("[data-testid=conversations] button.conv")
	b.waitText("[data-testid=send-charge]", "Cobrar R$ 180,00")
	b.click("[data-testid=send-charge]")
	b.waitJS(fakeSentJS(cust.Phone, "Segue a cobrança da OS nº "+o.Number+": R$ 180,00", "Escolha Pix, boleto ou cartão neste link"))
	b.waitText("[data-testid=side-payments]", "R$ 180,00")
	b.waitText("[data-testid=side-payments]", "Aguardando")
}
