package bot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/msgtemplate"
)

// TestFAQNeedsEveryMeaningfulWord: a phrase matches only when all its
// words (not the stop words) are in the message; small typos pass, short
// words must be exact, the longest matching phrase wins.
func TestFAQNeedsEveryMeaningfulWord(t *testing.T) {
	t.Parallel()
	fx := ownFlows()
	fx.tenant.Settings.FAQ = append(fx.tenant.Settings.FAQ,
		FAQ{Phrases: []string{"pix"}, Answer: "Chave Pix: loja@exemplo.com"},
		FAQ{Phrases: []string{"pix parcelado"}, Answer: "Pix não parcela."})
	cases := []struct{ text, want string }{
		{"voces trocam bateria?", ""}, // "notebook" missing, and "bateria notebook" needs both
		{"bateria do notebok", "Trocamos sim! A bateria de notebook chega em 3 dias úteis e tem 90 dias de garantia."},
		{"aceita cartões de crédito?", "Aceitamos Pix, débito e crédito em até 6x sem juros. 💳"},
		{"pics", ""}, // 3-letter words are never corrected
		{"PIX?", "Chave Pix: loja@exemplo.com"},
		{"da pra fazer pix parcelado?", "Pix não parcela."},
		{"onde fica o estacionamento", "Temos estacionamento conveniado no Shopping ao lado, com 1 hora grátis. 🚗"},
		{"garantia", "Nossos consertos têm 90 dias de garantia, {{CLIENTE}}. É só trazer a nota. 🧾"},
		{"4", ""}, // a number is a menu choice
	}
	e := New(Options{})
	for _, tc := range cases {
		tr := &turn{e: e, in: Inbound{Tenant: fx.tenant, Text: tc.text}}
		tr.a = e.cls.classifyFolded(tc.text, tr.folded())
		assert.Equal(t, tc.want, tr.faqMatch(), tc.text)
	}
}

// TestDefaultMenuIsTheOldOne: a shop without a menu of its own, or with
// the built-ins listed in their order, gets the menu it always had.
func TestDefaultMenuIsTheOldOne(t *testing.T) {
	t.Parallel()
	const old = "*1* Orçamento\n*2* Status do meu aparelho\n*3* Consultar peça/estoque\n*4* Agendar horário\n*5* Falar com atendente"
	for _, menu := range [][]MenuItem{nil, DefaultMenu(), {{Action: ActionQuote}, {Action: ActionStatus}}, {{Action: "teleport"}, {Action: ActionCustom, Label: "Sem resposta"}}} {
		tr := &turn{in: Inbound{Tenant: Tenant{Settings: Settings{Menu: menu}}}}
		assert.Equal(t, old, tr.menuText(), "%+v", menu)
	}
}

// TestGreetingTones: the tone picks the default welcome (the formal one
// by the shop's local time); the shop's own welcome always wins.
func TestGreetingTones(t *testing.T) {
	t.Parallel()
	cases := []struct {
		tone string
		hour int
		own  string
		want string
	}{
		{"", 10, "", "Olá, Maria! 👋 Aqui é o assistente virtual da *Cell Fix*."},
		{ToneNeutral, 10, "", "Olá, Maria! 👋 Aqui é o assistente virtual da *Cell Fix*."},
		{ToneFormal, 10, "", "Bom dia, Maria. Aqui é o atendimento virtual da *Cell Fix*."},
		{ToneFormal, 14, "", "Boa tarde, Maria. Aqui é o atendimento virtual da *Cell Fix*."},
		{ToneFormal, 21, "", "Boa noite, Maria. Aqui é o atendimento virtual da *Cell Fix*."},
		{ToneInformal, 10, "", "E aí, Maria! 😄 Aqui é o assistente da *Cell Fix*."},
		{ToneInformal, 10, "Oi, {{CLIENTE}}!", "Oi, Maria!"},
	}
	for _, tc := range cases {
		c := newChat(t, "celfix", "maria")
		c.ten.Settings.Tone = tc.tone
		if tc.own != "" {
			c.ten.Texts = Texts{msgtemplate.KeyWelcome: tc.own}
		}
		c.at = day(c.ten.Location, 2026, 12, 1, tc.hour, 0)
		res := c.must(0, "oi")
		require.NotEmpty(t, res.Replies)
		assert.Equal(t, tc.want, firstLine(res.Replies[0]), "tone %q at %d h", tc.tone, tc.hour)
	}
}

// TestOutOfHoursHandoffOnlyWhileClosed: in hand-off mode the assistant
// works as usual while the shop is open.
func TestOutOfHoursHandoffOnlyWhileClosed(t *testing.T) {
	t.Parallel()
	c := newChat(t, "enxuta", "maria")
	res := c.must(0, "quanto custa a tela do iphone 11?")
	assert.Nil(t, res.Handoff, "open: the quote is answered")
	assert.Contains(t, res.Replies[1], "*R$ 540,00*")
	res = c.must(9*time.Hour, "oi") // 19:00, closed
	require.NotNil(t, res.Handoff)
	assert.Equal(t, ReasonOutOfHours, res.Handoff.Reason)
	assert.True(t, res.Handoff.Queued)
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

// TestHoursAnswerNamesOnlyWhatTheShopOffers: "vocês abrem hoje?" on a
// closed day lists only the options turned on.
func TestHoursAnswerNamesOnlyWhatTheShopOffers(t *testing.T) {
	t.Parallel()
	c := newChat(t, "enxuta", "maria")
	c.ten.Settings.OutOfHours = ""
	c.at = day(c.ten.Location, 2026, 12, 25, 10, 0)
	res := c.must(0, "vcs abrem hoje?")
	require.Len(t, res.Replies, 2)
	assert.Equal(t, "Agora estamos fechados. 🕘 Abrimos amanhã às 09:00.\nMas eu posso ajudar com orçamento e status a qualquer hora. Digite *menu* para ver as opções.", res.Replies[1])
}

// TestDropOffOfferLapsesWhenSchedulingIsTurnedOff: a "sim" to a drop-off
// offer made before the shop turned scheduling off books nothing.
func TestDropOffOfferLapsesWhenSchedulingIsTurnedOff(t *testing.T) {
	t.Parallel()
	c := newChat(t, "celfix", "maria")
	res := c.must(0, "quanto custa a tela do iphone 11?")
	require.Equal(t, phraseOfferDropOff, res.Replies[len(res.Replies)-1])
	c.ten.Settings.Menu = []MenuItem{{Action: ActionSchedule, Off: true}}
	res = c.must(time.Minute, "sim")
	assert.Equal(t, []string{phraseOK}, res.Replies)
	assert.Empty(t, c.st.Step)
}
