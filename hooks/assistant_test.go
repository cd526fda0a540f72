package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// assistantFAQ is a shop's FAQ entry about cards, as the settings screen saves it.
const assistantFAQ = `{"phrases":["aceitam cartão","parcela"],"answer":"Aceitamos Pix, débito e crédito em até 6x, {{CLIENTE}}."}`

// TestAssistantSettingsAreBounded stores the assistant's settings as the
// owner: menu options, FAQ, tone and out-of-hours mode each refused with
// a Portuguese message under data.settings.<key>, the largest valid ones
// accepted and stored.
func TestAssistantSettingsAreBounded(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	path := "/api/collections/tenants/records/" + f.A.ID()
	patch := func(name, assistant string, status int, content ...string) tests.ApiScenario {
		return tests.ApiScenario{Name: name, Method: http.MethodPatch, URL: path, Headers: hooktest.Auth(t, f.A.Owner),
			Body:           strings.NewReader(`{"settings":{"assistant":` + assistant + `}}`),
			ExpectedStatus: status, ExpectedContent: content, TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true}
	}
	bad := func(name, assistant, key, message string) tests.ApiScenario {
		return patch(name, assistant, 400, `"`+key+`":{"code":"invalid_setting","message":"`+message+`"}`)
	}
	var faqs, phrases []string
	for range 50 {
		faqs = append(faqs, assistantFAQ)
	}
	for range 10 {
		phrases = append(phrases, `"`+repeat("á", 100)+`"`)
	}
	largest := `{"tone":"informal","out_of_hours":"handoff","menu":[{"action":"schedule"},{"action":"quote","off":true},` +
		`{"action":"custom","label":"` + repeat("g", 40) + `","answer":"` + repeat("r", 1000) + `"},{"action":"status"},{"action":"stock"},{"action":"human","off":true},` +
		strings.Repeat(`{"action":"custom","label":"Endereço","answer":"Rua Augusta, 1500"},`, 5) + `{"action":"custom","label":"Pix","answer":"Chave: loja@exemplo.com"}],` +
		`"faq":[{"phrases":[` + strings.Join(phrases, ",") + `],"answer":"ok"},` + strings.Join(faqs[1:], ",") + `]}`
	scenarios := []tests.ApiScenario{
		patch("the largest valid assistant settings", largest, 200, `"out_of_hours":"handoff"`, `"tone":"informal"`),
		bad("unknown tone", `{"tone":"carinhoso"}`, "assistant.tone", "Tom desconhecido: use neutral, formal ou informal."),
		bad("unknown out-of-hours mode", `{"out_of_hours":"dormir"}`, "assistant.out_of_hours", "Modo fora do horário desconhecido: use answer ou handoff."),
		bad("unknown action", `{"menu":[{"action":"teleporte"}]}`, "assistant.menu", `Opção 1: ação desconhecida \"teleporte\" (use quote, status, stock, schedule, human ou custom).`),
		bad("built-in twice", `{"menu":[{"action":"quote"},{"action":"quote","off":true}]}`, "assistant.menu", `Opção 2: \"quote\" aparece mais de uma vez.`),
		bad("built-in with an answer", `{"menu":[{"action":"stock","answer":"oi"}]}`, "assistant.menu", "Opção 1: as opções prontas não têm nome nem resposta próprios."),
		bad("custom option without label", `{"menu":[{"action":"quote"},{"action":"custom","answer":"oi"}]}`, "assistant.menu", "Opção 2: escreva o nome da opção."),
		bad("custom option without answer", `{"menu":[{"action":"custom","label":"Garantia","answer":"  "}]}`, "assistant.menu", "Opção 1: escreva a resposta."),
		bad("custom label too long", `{"menu":[{"action":"custom","label":"`+repeat("g", 41)+`","answer":"oi"}]}`, "assistant.menu", "Opção 1: nome longo demais (máximo 40 caracteres)."),
		bad("too many options", `{"menu":[`+strings.TrimSuffix(strings.Repeat(`{"action":"custom","label":"x","answer":"y"},`, 13), ",")+`]}`, "assistant.menu", "No máximo 12 opções no menu."),
		bad("too many FAQ entries", `{"faq":[`+strings.Join(faqs, ",")+`,`+assistantFAQ+`]}`, "assistant.faq", "No máximo 50 perguntas frequentes."),
		bad("FAQ without phrases", `{"faq":[{"phrases":[],"answer":"oi"}]}`, "assistant.faq", "Pergunta 1: escreva ao menos uma frase ou palavra-chave."),
		bad("FAQ with too many phrases", `{"faq":[{"phrases":[`+strings.Join(append(phrases, `"a b"`), ",")+`],"answer":"oi"}]}`, "assistant.faq", "Pergunta 1: no máximo 10 frases."),
		bad("FAQ phrase too long", `{"faq":[`+assistantFAQ+`,{"phrases":["`+repeat("a", 101)+`"],"answer":"oi"}]}`, "assistant.faq", "Pergunta 2: frase longa demais (máximo 100 caracteres)."),
		bad("FAQ phrase without letters", `{"faq":[{"phrases":["?"],"answer":"oi"}]}`, "assistant.faq", "Pergunta 1: cada frase precisa de ao menos 2 letras."),
		bad("FAQ answer too long", `{"faq":[{"phrases":["pix"],"answer":"`+repeat("r", 1001)+`"}]}`, "assistant.faq", "Pergunta 1: resposta longa demais (máximo 1000 caracteres)."),
		bad("FAQ answer with an unknown placeholder", `{"faq":[{"phrases":["pix"],"answer":"Oi {{NOME}}"}]}`, "assistant.faq", "Pergunta 1: variável desconhecida {{NOME}}; use: {{CLIENTE}}, {{LOJA}}."),
		bad("unknown field in a FAQ entry", `{"faq":[{"phrase":"pix","answer":"oi"}]}`, "assistant", `Campo desconhecido no assistente: \"phrase\".`),
		bad("wrong type", `{"menu":{"action":"quote"}}`, "assistant", "Tipo de valor inválido."),
	}
	for _, sc := range scenarios {
		sc.Test(t)
	}
	tn, err := app.FindRecordById(collections.Tenants, f.A.ID())
	require.NoError(t, err)
	st := collections.AsTenant(tn).Settings()
	require.NotNil(t, st.Assistant, "the largest valid settings were stored, the bad ones were not")
	require.Len(t, st.Assistant.FAQ, 50)
	require.Len(t, st.Assistant.Menu, 12)
	require.Equal(t, "handoff", st.Assistant.OutOfHours)
}

// previewSettings is a shop's unsaved settings: scheduling off, its own
// "Garantia" option first, and a FAQ entry about cards.
const previewSettings = `{"assistant":{"menu":[{"action":"custom","label":"Garantia","answer":"90 dias de garantia."},` +
	`{"action":"quote"},{"action":"status"},{"action":"stock"},{"action":"schedule","off":true},{"action":"human"}],` +
	`"faq":[` + assistantFAQ + `]}}`

// TestAssistantPreview runs the assistant with unsaved settings: the
// shop's menu and FAQ answer, turned-off options are refused, owners and
// managers may preview and other roles may not, bad settings are a 400
// per key, and nothing is written (no conversation, message, quote
// request or appointment).
func TestAssistantPreview(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	counts := func() map[string]int64 {
		out := map[string]int64{}
		for _, c := range []string{collections.Conversations, collections.Messages, collections.QuoteRequests, collections.Appointments, collections.AuditLog} {
			n, err := app.CountRecords(c)
			require.NoError(t, err)
			out[c] = n
		}
		return out
	}
	before := counts()
	// Tuesday 10:00 in São Paulo: the shop is open.
	const open = "2026-12-01T13:00:00Z"
	body := func(text, state string) *strings.Reader {
		if state == "" {
			state = "null"
		}
		return strings.NewReader(`{"tenant":"` + f.A.ID() + `","settings":` + previewSettings + `,"text":` + jsonString(text) + `,"state":` + state + `,"at":"` + open + `"}`)
	}
	post := func(name string, user any, b *strings.Reader, status int, content []string, notContent ...string) tests.ApiScenario {
		sc := tests.ApiScenario{Name: name, Method: http.MethodPost, URL: "/api/bancada/assistant/preview", Body: b,
			ExpectedStatus: status, ExpectedContent: content, NotExpectedContent: notContent,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true}
		if user != nil {
			sc.Headers = hooktest.Auth(t, f.A.User(user.(collections.Role)))
		}
		return sc
	}
	scenarios := []tests.ApiScenario{
		post("owner: the shop's menu, in its order, without the option turned off", collections.RoleOwner, body("oi", ""), 200,
			[]string{`*1* Garantia\n*2* Orçamento\n*3* Status do meu aparelho\n*4* Consultar peça/estoque\n*5* Falar com atendente"`, `"handoff":""`},
			"Agendar horário"),
		post("owner: a FAQ entry answers, accents and case aside", collections.RoleOwner, body("ACEITAM CARTAO?", ""), 200,
			[]string{`"Aceitamos Pix, débito e crédito em até 6x, Cliente.\nPosso ajudar em algo mais? Digite *menu* para ver as opções."`}),
		post("manager: a custom option by its number", collections.RoleManager, body("1", `{"v":1,"mode":"bot","lastIn":"2026-12-01T12:59:00Z"}`), 200,
			[]string{`"replies":["90 dias de garantia.\nPosso ajudar em algo mais? Digite *menu* para ver as opções."]`}),
		post("scheduling turned off is not offered", collections.RoleOwner, body("quero agendar um horário", `{"v":1,"mode":"bot","lastIn":"2026-12-01T12:59:00Z"}`), 200,
			[]string{`"Desculpe, o agendamento não é feito por aqui pelo assistente. 🙏\nQuer falar com um atendente? Responda *sim* ou *não*."`}),
		post("a person asked for: the hand-off is reported, not made", collections.RoleOwner, body("quero falar com atendente", `{"v":1,"mode":"bot","lastIn":"2026-12-01T12:59:00Z"}`), 200,
			[]string{`"handoff":"cliente pediu atendente"`, `"mode":"human"`}),
		post("technician may not preview", collections.RoleTechnician, body("oi", ""), 403, []string{"Sua função (técnico(a)) não permite esta ação."}),
		post("attendant may not preview", collections.RoleAttendant, body("oi", ""), 403, []string{"Sua função (atendente) não permite esta ação."}),
		post("anonymous", nil, body("oi", ""), 401, []string{"Entre com seu e-mail e senha para continuar."}),
		post("bad settings: a 400 per key", collections.RoleOwner,
			strings.NewReader(`{"tenant":"`+f.A.ID()+`","settings":{"assistant":{"tone":"carinhoso"}},"text":"oi"}`), 400,
			[]string{`"settings":{"assistant.tone":{"code":"invalid_setting","message":"Tom desconhecido: use neutral, formal ou informal."}}`}),
		post("no text", collections.RoleOwner, strings.NewReader(`{"tenant":"`+f.A.ID()+`","settings":{},"text":"  "}`), 400,
			[]string{`"text":{"code":"required","message":"Escreva a mensagem do cliente."}`}),
		post("bad moment", collections.RoleOwner, strings.NewReader(`{"tenant":"`+f.A.ID()+`","text":"oi","at":"amanhã"}`), 400,
			[]string{`"at":{"code":"invalid"`}),
		post("a quote and a booking request write nothing", collections.RoleOwner, body("quanto custa a tela do iphone 11?", ""), 200, []string{`"replies":[`}),
	}
	for _, sc := range scenarios {
		sc.Test(t)
	}
	require.Equal(t, before, counts(), "the preview writes nothing")
	tn, err := app.FindRecordById(collections.Tenants, f.A.ID())
	require.NoError(t, err)
	require.Nil(t, collections.AsTenant(tn).Settings().Assistant, "the posted settings are not saved")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
