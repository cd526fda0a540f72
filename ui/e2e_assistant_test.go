package ui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAssistantPreviewAnswersANewFAQ: on the settings screen the owner
// adds a FAQ entry and turns scheduling off, then asks the question in
// the preview chat (without accents and in capitals) and sees the shop's
// answer; "oi" shows the menu without scheduling. Nothing was saved.
func TestAssistantPreviewAnswersANewFAQ(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Pergunta Certa")
	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/loja")
	b.waitJS(`document.querySelector('#h-bot') !== null`)

	b.clickText("Adicionar pergunta frequente")
	b.waitJS(`document.querySelector('#faq-q-0') !== null`)
	b.typeInto("#faq-q-0", "aceitam cartão")
	b.typeInto("#faq-a-0", "Aceitamos Pix, débito e crédito em até 6x sem juros.")
	b.click(`input[aria-label="Mostrar Agendar horário"]`)

	b.typeInto("#bot-text", "ACEITAM CARTAO?")
	b.click("#bot-send")
	b.waitText(`[data-testid=bot-preview] .msg.bot`, "Aceitamos Pix, débito e crédito em até 6x sem juros.")
	msgs := eval[[]string](b, `[...document.querySelectorAll('[data-testid=bot-preview] .msg')].map((m) => m.classList[1] + ': ' + m.innerText)`)
	require.Len(t, msgs, 3, "%q", msgs)
	assert.Equal(t, "cliente: ACEITAM CARTAO?", msgs[0])
	assert.Contains(t, msgs[1], "bot: Olá, Cliente! 👋 Aqui é o assistente virtual da Assistência Pergunta Certa.")
	assert.Equal(t, "bot: Aceitamos Pix, débito e crédito em até 6x sem juros.\nPosso ajudar em algo mais? Digite menu para ver as opções.", msgs[2])

	b.typeInto("#bot-text", "menu")
	b.click("#bot-send")
	b.waitText(`[data-testid=bot-preview] .msg.bot`, "4 Falar com atendente")
	last := eval[string](b, `[...document.querySelectorAll('[data-testid=bot-preview] .msg.bot')].pop().innerText`)
	assert.Equal(t, "Como posso ajudar? Responda com o número da opção:\n1 Orçamento\n2 Status do meu aparelho\n3 Consultar peça/estoque\n4 Falar com atendente", last)

	var shop struct {
		Settings map[string]any `json:"settings"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/tenants/records/"+tenant, owner.Token, nil, &shop))
	assert.NotContains(t, shop.Settings, "assistant", "the preview saves nothing")
}
