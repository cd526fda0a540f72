package bot

import (
	"fmt"
	"strings"

	"github.com/bancada/bancada/msgtemplate"
)

// Menu actions: the built-in options of the assistant's menu and the
// shop's own ones (ActionCustom, which answer a fixed text).
const (
	ActionQuote    = "quote"
	ActionStatus   = "status"
	ActionStock    = "stock"
	ActionSchedule = "schedule"
	ActionHuman    = "human"
	ActionCustom   = "custom"
)

// Greeting tones (Settings.Tone): the default welcome wording when the
// shop has not written its own.
const (
	ToneNeutral  = "neutral"
	ToneFormal   = "formal"
	ToneInformal = "informal"
)

// Out-of-hours modes (Settings.OutOfHours).
const (
	// OutOfHoursAnswer: self-service works around the clock; the first
	// answer of a window says when a person is back (the default).
	OutOfHoursAnswer = "answer"
	// OutOfHoursHandoff: while the shop is closed every conversation is
	// queued for a person at the next opening; the assistant only greets
	// and says when someone will answer.
	OutOfHoursHandoff = "handoff"
)

// ReasonOutOfHours is the hand-off reason of OutOfHoursHandoff.
const ReasonOutOfHours = "mensagem fora do horário"

// ReasonNotOffered is the hand-off reason when a customer asks for an
// option the shop turned off and accepts a person.
const ReasonNotOffered = "pediu um atendimento que o assistente não oferece"

// MenuItem is one option of the shop's menu.
type MenuItem struct {
	// Action is one of the Action constants.
	Action string
	// Off hides a built-in option: neither shown nor reachable by its
	// keywords (a request for a person always works, see ActionHuman).
	Off bool
	// Label and Answer are a custom option's menu line and reply.
	Label, Answer string
}

// FAQ is one of the shop's own questions: any of its phrases, matched
// with the tolerance of the built-in intents, gets Answer.
type FAQ struct {
	Phrases []string
	Answer  string
}

// builtinLabels are the built-in options' menu lines, in default order.
var builtinLabels = []struct{ action, label string }{
	{ActionQuote, "Orçamento"},
	{ActionStatus, "Status do meu aparelho"},
	{ActionStock, "Consultar peça/estoque"},
	{ActionSchedule, "Agendar horário"},
	{ActionHuman, "Falar com atendente"},
}

// DefaultMenu is the menu of a shop that did not arrange its own.
func DefaultMenu() []MenuItem {
	out := make([]MenuItem, len(builtinLabels))
	for i, b := range builtinLabels {
		out[i] = MenuItem{Action: b.action}
	}
	return out
}

// shownMenu is the shop's menu as shown: its order, built-ins at most
// once (a missing one is appended, on), unknown actions and custom
// options without label or answer dropped, options turned off left out.
func shownMenu(items []MenuItem) []MenuItem {
	if len(items) == 0 {
		return DefaultMenu()
	}
	seen := map[string]bool{}
	var out []MenuItem
	add := func(it MenuItem) {
		if !it.Off {
			out = append(out, it)
		}
	}
	for _, it := range items {
		switch {
		case it.Action == ActionCustom:
			if strings.TrimSpace(it.Label) != "" && strings.TrimSpace(it.Answer) != "" {
				add(it)
			}
		case builtinLabel(it.Action) != "" && !seen[it.Action]:
			seen[it.Action] = true
			add(it)
		}
	}
	for _, b := range builtinLabels {
		if !seen[b.action] {
			out = append(out, MenuItem{Action: b.action})
		}
	}
	return out
}

func builtinLabel(action string) string {
	for _, b := range builtinLabels {
		if b.action == action {
			return b.label
		}
	}
	return ""
}

// menu returns the options shown this turn (computed once).
func (t *turn) menuItems() []MenuItem {
	if t.items == nil {
		t.items = shownMenu(t.in.Tenant.Settings.Menu)
	}
	return t.items
}

// menuText is the numbered list of options ("*1* Orçamento\n…").
func (t *turn) menuText() string {
	var b strings.Builder
	for i, it := range t.menuItems() {
		if i > 0 {
			b.WriteByte('\n')
		}
		label := it.Label
		if it.Action != ActionCustom {
			label = builtinLabel(it.Action)
		}
		fmt.Fprintf(&b, "*%d* %s", i+1, strings.TrimSpace(label))
	}
	return b.String()
}

// offers reports whether the built-in action is on. A request for a
// person is always honoured: hiding "falar com atendente" only takes it
// off the menu, so no customer is ever trapped with the assistant.
func (t *turn) offers(action string) bool {
	if action == ActionHuman {
		return true
	}
	for _, it := range t.menuItems() {
		if it.Action == action {
			return true
		}
	}
	return false
}

// menuNumber is the number of action in the menu shown, 0 when hidden.
func (t *turn) menuNumber(action string) int {
	for i, it := range t.menuItems() {
		if it.Action == action {
			return i + 1
		}
	}
	return 0
}

// talkHint says how to reach a person: "digite *5*" or, when that
// option is hidden, "escreva *atendente*".
func (t *turn) talkHint() string {
	if n := t.menuNumber(ActionHuman); n > 0 {
		return fmt.Sprintf("digite *%d*", n)
	}
	return "escreva *atendente*"
}

// notOfferedPhrases say that an option turned off is not available here.
var notOfferedPhrases = map[string]string{
	ActionQuote:    "Desculpe, o orçamento não é feito por aqui pelo assistente. 🙏",
	ActionStatus:   "Desculpe, a consulta de status não está disponível por aqui. 🙏",
	ActionStock:    "Desculpe, a consulta de peças não está disponível por aqui. 🙏",
	ActionSchedule: "Desculpe, o agendamento não é feito por aqui pelo assistente. 🙏",
}

// notOffered answers a request for an option the shop turned off: it
// says so and offers a person (the hand-off happens on "sim").
func (t *turn) notOffered(action string) {
	t.st.resetFlow()
	t.st.Step, t.st.Offer = stepOfferHuman, ReasonNotOffered
	t.say(lines(notOfferedPhrases[action], phraseAskHuman))
}

// intentAction is the menu action an intent belongs to ("" for none).
func intentAction(i intent) string {
	switch i {
	case intentQuote:
		return ActionQuote
	case intentStatus:
		return ActionStatus
	case intentStock:
		return ActionStock
	case intentSchedule, intentCancel, intentReschedule:
		return ActionSchedule
	}
	return ""
}

// custom answers a custom menu option or a FAQ entry: the shop's text,
// then the usual offer of more help unless a question is pending.
func (t *turn) custom(answer string) {
	msg := t.render(answer, nil)
	if t.st.Step == "" {
		msg = lines(msg, phraseMoreHelp)
	}
	t.say(msg)
}

// outOfHoursHandoff reports whether the shop queues every conversation
// for a person while closed, and it is closed now.
func (t *turn) outOfHoursHandoff() bool {
	return t.in.Tenant.Settings.OutOfHours == OutOfHoursHandoff && !t.isOpen()
}

// toneWelcomes are the default welcomes per tone; {{SAUDACAO}} is "Bom
// dia", "Boa tarde" or "Boa noite" at the shop's local time.
var toneWelcomes = map[string]string{
	ToneFormal:   "{{SAUDACAO}}, {{CLIENTE}}. Aqui é o atendimento virtual da *{{LOJA}}*.",
	ToneInformal: "E aí, {{CLIENTE}}! 😄 Aqui é o assistente da *{{LOJA}}*.",
}

// welcomeText is the shop's own welcome, or the default one of its tone.
func (t *turn) welcomeText() string {
	if own := t.in.Tenant.Texts[msgtemplate.KeyWelcome]; strings.TrimSpace(own) != "" {
		return t.text(msgtemplate.KeyWelcome, nil)
	}
	tpl, ok := toneWelcomes[t.in.Tenant.Settings.Tone]
	if !ok {
		return t.text(msgtemplate.KeyWelcome, nil)
	}
	return t.render(tpl, map[string]string{"SAUDACAO": dayGreeting(t.in.At.In(t.loc).Hour())})
}

// dayGreeting is the greeting for a local hour.
func dayGreeting(hour int) string {
	switch {
	case hour >= 5 && hour < 12:
		return "Bom dia"
	case hour >= 12 && hour < 18:
		return "Boa tarde"
	}
	return "Boa noite"
}

// selfService names what the assistant does on its own for this shop
// ("orçamento, status, peças e agendamento").
func (t *turn) selfService() string {
	var names []string
	for _, n := range []struct{ action, name string }{
		{ActionQuote, "orçamento"}, {ActionStatus, "status"}, {ActionStock, "peças"}, {ActionSchedule, "agendamento"},
	} {
		if t.offers(n.action) {
			names = append(names, n.name)
		}
	}
	switch len(names) {
	case 0:
		return "as opções do menu"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " e " + names[len(names)-1]
}
