package whatsapp_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/hooktest"
)

// TestShopAssistantSettingsReachTheConversation: the owner turns
// scheduling off and adds a FAQ entry; the customer's next messages (the
// shop kept warm in the assistant's cache before the change) see the new
// menu and get the shop's answer.
func TestShopAssistantSettingsReachTheConversation(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	phone := hooktest.UniquePhone()

	r.say(a, phone, "oi")
	require.Contains(t, r.last(a, phone), "*4* Agendar horário\n*5* Falar com atendente")

	require.Equal(t, http.StatusOK, r.call(http.MethodPatch, "/api/collections/tenants/records/"+a.ID(), a.Owner, map[string]any{
		"settings": map[string]any{"assistant": map[string]any{
			"menu": []map[string]any{{"action": "schedule", "off": true}},
			"faq":  []map[string]any{{"phrases": []string{"estacionamento"}, "answer": "Temos estacionamento conveniado ao lado."}},
		}}}, nil))

	r.say(a, phone, "menu")
	require.Equal(t, "Como posso ajudar? Responda com o número da opção:\n*1* Orçamento\n*2* Status do meu aparelho\n*3* Consultar peça/estoque\n*4* Falar com atendente",
		r.last(a, phone))
	r.say(a, phone, "vcs tem estacionamento?")
	require.Equal(t, "Temos estacionamento conveniado ao lado.\nPosso ajudar em algo mais? Digite *menu* para ver as opções.", r.last(a, phone))
	r.say(a, phone, "quero agendar")
	require.Equal(t, "Desculpe, o agendamento não é feito por aqui pelo assistente. 🙏\nQuer falar com um atendente? Responda *sim* ou *não*.", r.last(a, phone))
}
