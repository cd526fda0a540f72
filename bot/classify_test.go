package bot

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	c := newClassifier()
	type want struct {
		intent                     intent
		number                     int
		typ, brand, model, service string
	}
	cases := []struct {
		msg  string
		want want
	}{
		// Quotes, with the device and problem picked apart.
		{"quanto custa pra trocar a tela do iphone 11?", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone 11", service: "screen"}},
		{"qto fica p trocar a bateira do iphoni 8?", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone 8", service: "battery"}},
		{"Quanto fica a troca de tela do Galaxy A52?", want{intent: intentQuote, typ: "phone", brand: "Samsung", model: "Galaxy A52", service: "screen"}},
		{"orsamento", want{intent: intentQuote}},
		{"orcamento", want{intent: intentQuote}},
		{"queria um orçamento", want{intent: intentQuote}},
		{"quero fazer um orcamento pro meu celuar", want{intent: intentQuote, typ: "phone"}},
		{"iphoni 12 pro max tela quebrada", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone 12 Pro Max", service: "screen"}},
		{"iphone11 bateria", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone 11", service: "battery"}},
		{"sansung a52 nao carrega", want{intent: intentQuote, typ: "phone", brand: "Samsung", model: "Galaxy A52", service: "charging"}},
		{"motorola g8 power nao liga", want{intent: intentQuote, typ: "phone", brand: "Motorola", model: "Moto G8 Power", service: "other"}},
		{"moto g8 play com a tela trincada", want{intent: intentQuote, typ: "phone", brand: "Motorola", model: "Moto G8 Play", service: "screen"}},
		{"redmi note 8 pro camera embaçada", want{intent: intentQuote, typ: "phone", brand: "Xiaomi", model: "Redmi Note 8 Pro", service: "camera"}},
		{"poco x3 ta travando muito", want{intent: intentQuote, typ: "phone", brand: "Xiaomi", model: "Poco X3", service: "software"}},
		{"xbox series s nao liga", want{intent: intentQuote, typ: "console", brand: "Microsoft", model: "Xbox Series S", service: "other"}},
		{"meu ps4 ta esquentando", want{intent: intentQuote, typ: "console", brand: "Sony", model: "PlayStation 4", service: "other"}},
		{"playstation 5 nao da imagem", want{intent: intentQuote, typ: "console", brand: "Sony", model: "PlayStation 5", service: "other"}},
		{"o controle do switch ta com defeito", want{intent: intentQuote, typ: "console", brand: "Nintendo", model: "Nintendo Switch", service: "other"}},
		{"dell inspiron teclado falhando", want{intent: intentQuote, typ: "computer", brand: "Dell", model: "Inspiron", service: "buttons"}},
		{"meu note nao liga", want{intent: intentQuote, typ: "computer", service: "other"}},
		{"notebook lenovo ideapad 3 formatar", want{intent: intentQuote, typ: "computer", brand: "Lenovo", model: "IdeaPad 3", service: "software"}},
		{"macbook air molhou", want{intent: intentQuote, typ: "computer", brand: "Apple", model: "MacBook Air", service: "water"}},
		{"vcs consertam ipad?", want{intent: intentQuote, typ: "tablet", brand: "Apple", model: "iPad"}},
		{"tablet samsung galaxy tab a7 tela", want{intent: intentQuote, typ: "tablet", brand: "Samsung", model: "Galaxy Tab A7", service: "screen"}},
		{"o celular caiu na agua", want{intent: intentQuote, typ: "phone", service: "water"}},
		{"concerto de celular", want{intent: intentQuote, typ: "phone"}},
		{"lg k10 microfone nao funciona", want{intent: intentQuote, typ: "phone", brand: "LG", model: "LG K10", service: "audio"}},
		{"zenfone 5 botão de volume quebrou", want{intent: intentQuote, typ: "phone", brand: "Asus", model: "Zenfone 5", service: "buttons"}},
		{"Boa tarde! Meu Galaxy A52 caiu na piscina, quanto fica pra arrumar?", want{intent: intentQuote, typ: "phone", brand: "Samsung", model: "Galaxy A52", service: "water"}},
		{"meu iphone se molhou", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone", service: "water"}},
		{"tela do iphone se", want{intent: intentQuote, typ: "phone", brand: "Apple", model: "iPhone SE", service: "screen"}},
		{"bateira", want{intent: intentQuote, service: "battery"}},
		{"tem como trocar a tela do moto g8?", want{intent: intentQuote, typ: "phone", brand: "Motorola", model: "Moto G8", service: "screen"}},
		// Order status.
		{"meu celular ja ta pronto?", want{intent: intentStatus, typ: "phone"}},
		{"meu celuar ja ta pronto?", want{intent: intentStatus, typ: "phone"}},
		{"como esta o conserto do meu aparelho?", want{intent: intentStatus}},
		{"quando vai sair o conserto?", want{intent: intentStatus}},
		{"já posso buscar meu notebook?", want{intent: intentStatus, typ: "computer"}},
		{"status", want{intent: intentStatus}},
		{"qual a previsão do meu iphone?", want{intent: intentStatus, typ: "phone", brand: "Apple", model: "iPhone"}},
		{"ficou pronta a OS?", want{intent: intentStatus}},
		// Stock.
		{"vcs tem bateria de moto g8?", want{intent: intentStock, typ: "phone", brand: "Motorola", model: "Moto G8", service: "battery"}},
		{"tem pelicula pra galaxy s21?", want{intent: intentStock, typ: "phone", brand: "Samsung", model: "Galaxy S21"}},
		{"vcs tem carregador tipo c?", want{intent: intentStock, service: "charging"}},
		{"vocês vendem capinha?", want{intent: intentStock}},
		{"tem no estoque tela de iphone 11?", want{intent: intentStock, typ: "phone", brand: "Apple", model: "iPhone 11", service: "screen"}},
		{"queria saber se tem a peça", want{intent: intentStock}},
		// Scheduling.
		{"quero marcar um horario", want{intent: intentSchedule}},
		{"quero marcar um horario pra trocar a tela", want{intent: intentSchedule, service: "screen"}},
		{"agendar", want{intent: intentSchedule}},
		{"horaio", want{intent: intentSchedule}},
		{"posso levar o aparelho amanhã?", want{intent: intentSchedule}},
		{"tem horário livre sexta?", want{intent: intentSchedule}},
		{"cancelar meu horário", want{intent: intentCancel}},
		{"preciso desmarcar", want{intent: intentCancel}},
		{"quero cancelar o agendamento de amanhã", want{intent: intentCancel}},
		{"remarcar", want{intent: intentReschedule}},
		{"da pra remarcar meu horario?", want{intent: intentReschedule}},
		{"quero mudar o horario", want{intent: intentReschedule}},
		// Business hours.
		{"que horas vcs abrem?", want{intent: intentHours}},
		{"vcs abrem sabado?", want{intent: intentHours}},
		{"qual o horário de funcionamento?", want{intent: intentHours}},
		{"ate que horas vcs ficam abertos hoje?", want{intent: intentHours}},
		// A person.
		{"falar com atendente", want{intent: intentHuman}},
		{"atendende", want{intent: intentHuman}},
		{"quero falar com uma pessoa", want{intent: intentHuman}},
		{"humano por favor", want{intent: intentHuman}},
		{"tem alguém real aí? quero falar com alguem", want{intent: intentHuman}},
		// Navigation.
		{"menu", want{intent: intentMenu}},
		{"MENU", want{intent: intentMenu}},
		{"voltar", want{intent: intentBack}},
		{"sair", want{intent: intentExit}},
		{"tchau", want{intent: intentExit}},
		{"1", want{number: 1}},
		{"opção 2", want{number: 2}},
		{"2️⃣", want{number: 2}},
		{" 4. ", want{number: 4}},
		{"tres", want{number: 3}},
		// Small talk and answers.
		{"oiii", want{intent: intentGreeting}},
		{"Bom dia!", want{intent: intentGreeting}},
		{"oi pessoal", want{intent: intentGreeting}},
		{"obg", want{intent: intentThanks}},
		{"valeu 🙏", want{intent: intentThanks}},
		{"sim", want{intent: intentYes}},
		{"s", want{intent: intentYes}},
		{"👍", want{intent: intentYes}},
		{"pode ser", want{intent: intentYes}},
		{"n", want{intent: intentNo}},
		{"não, obrigado", want{intent: intentNo}},
		{"agora nao", want{intent: intentNo}},
		// Not understood, and words that must not be "corrected".
		{"vcs fazem entrega no interior?", want{}},
		{"qual a marca?", want{}},
		{"blablabla", want{}},
		{"", want{}},
	}
	for _, tc := range cases {
		a := c.classify(tc.msg)
		got := want{a.intent, a.number, a.typ, a.brand, a.model, a.service}
		assert.Equal(t, tc.want, got, "%q → words %v", tc.msg, a.words)
	}
	assert.GreaterOrEqual(t, len(cases), 80)
}

func TestClassifyFlags(t *testing.T) {
	t.Parallel()
	c := newClassifier()
	cases := []struct {
		msg                       string
		yes, no, thanks, dontKnow bool
	}{
		{"sim, quero", true, false, false, false},
		{"nao sei", false, false, false, true},
		{"sei la", false, false, false, true},
		{"n, obg", false, true, true, false},
		{"ok obrigado", true, false, true, false},
		{"não liga", false, false, false, false},
		{"nao carrega", false, false, false, false},
	}
	for _, tc := range cases {
		a := c.classify(tc.msg)
		assert.Equal(t, []bool{tc.yes, tc.no, tc.thanks, tc.dontKnow}, []bool{a.yes, a.no, a.thanks, a.dontKnow}, tc.msg)
	}
}

func TestStockPartAndKeywords(t *testing.T) {
	t.Parallel()
	c := newClassifier()
	for msg, part := range map[string]string{
		"vcs tem bateria de moto g8?":     "bateria",
		"tem pelicula pra galaxy s21?":    "película",
		"vocês vendem capinha?":           "capinha",
		"tem alto falante de j7?":         "alto-falante",
		"motorola g8 power":               "",
		"tem tampa traseira do iphone xr": "tampa traseira",
	} {
		assert.Equal(t, part, c.classify(msg).part, msg)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		max  int
		want int
	}{
		{"orsamento", "orcamento", 2, 1},
		{"bateira", "bateria", 1, 1}, // adjacent swap costs 1
		{"celuar", "celular", 1, 1},
		{"iphoni", "iphone", 1, 1},
		{"atendende", "atendente", 2, 1},
		{"horaio", "horario", 1, 1},
		{"abc", "abc", 0, 0},
		{"tela", "telha", 1, 1},
		{"conserto", "concerto", 2, 1},
		{"marca", "marcar", 1, 1},
		{"interior", "anterior", 0, 1}, // over max: max+1
		{"kitten", "sitting", 5, 3},
		{"a", "abcdef", 2, 3}, // length gap alone exceeds max
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, editDistance([]rune(tc.a), []rune(tc.b), tc.max), "%s/%s", tc.a, tc.b)
	}
}

func foldForTest(s string) string { return tokenizeJoin(s) }

func tokenizeJoin(s string) string {
	out := ""
	for i, w := range tokenize(s) {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}
