package collections

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bancada/bancada/msgtemplate"
)

// AssistantSettings are the shop's choices for its WhatsApp assistant
// (tenants.settings.assistant). Absent or empty values are the defaults:
// the built-in menu in its usual order, no FAQ, the neutral welcome and
// self-service around the clock.
type AssistantSettings struct {
	// Menu is the assistant's menu in the shop's order: the built-in
	// options (AssistantBuiltins) turned on or off, and the shop's own
	// options (action "custom", a label and an answer). A built-in left
	// out is shown, on, after the listed ones.
	Menu []AssistantMenuOption `json:"menu,omitempty"`
	// FAQ are the shop's own questions: phrases a customer may write and
	// the answer to send.
	FAQ []AssistantFAQ `json:"faq,omitempty"`
	// Tone picks the default welcome when texts.welcome is empty:
	// "neutral" (default), "formal" or "informal".
	Tone string `json:"tone,omitempty"`
	// OutOfHours is what the assistant does while the shop is closed:
	// "answer" (self-service, says when a person is back; default) or
	// "handoff" (queues the conversation for a person at the opening).
	OutOfHours string `json:"out_of_hours,omitempty"`
}

// AssistantMenuOption is one option of the assistant's menu.
type AssistantMenuOption struct {
	// Action is a built-in option (AssistantBuiltins) or "custom".
	Action string `json:"action"`
	// Off turns a built-in option off (hidden and not reachable by its
	// keywords; asking for a person always works).
	Off bool `json:"off,omitempty"`
	// Label and Answer are a custom option's menu line and reply.
	Label  string `json:"label,omitempty"`
	Answer string `json:"answer,omitempty"`
}

// AssistantFAQ is one FAQ entry: any of Phrases gets Answer.
type AssistantFAQ struct {
	Phrases []string `json:"phrases"`
	Answer  string   `json:"answer"`
}

// AssistantBuiltins are the assistant's built-in menu options, in their
// default order, with their labels.
var AssistantBuiltins = []struct{ Action, Label string }{
	{"quote", "Orçamento"},
	{"status", "Status do meu aparelho"},
	{"stock", "Consultar peça/estoque"},
	{"schedule", "Agendar horário"},
	{"human", "Falar com atendente"},
}

// AssistantCustom is the action of the shop's own menu options.
const AssistantCustom = "custom"

// Assistant tones and out-of-hours modes.
var (
	AssistantTones      = []string{"neutral", "formal", "informal"}
	AssistantOutOfHours = []string{"answer", "handoff"}
)

// Bounds of AssistantSettings.
const (
	MaxAssistantOptions      = 12
	MaxAssistantLabelChars   = 40
	MaxAssistantAnswerChars  = 1000
	MaxAssistantFAQ          = 50
	MaxAssistantFAQPhrases   = 10
	MaxAssistantPhraseChars  = 100
	minAssistantPhraseLetter = 2
)

// assistantVars are the placeholders an answer may use.
var assistantVars = []string{msgtemplate.VarCliente, msgtemplate.VarLoja}

// validate reports the assistant's settings errors through add, keyed
// "assistant.menu", "assistant.faq", "assistant.tone" and
// "assistant.out_of_hours".
func (a *AssistantSettings) validate(add func(key, msg string)) {
	if a == nil {
		return
	}
	if a.Tone != "" && !contains(AssistantTones, a.Tone) {
		add("assistant.tone", "Tom desconhecido: use neutral, formal ou informal.")
	}
	if a.OutOfHours != "" && !contains(AssistantOutOfHours, a.OutOfHours) {
		add("assistant.out_of_hours", "Modo fora do horário desconhecido: use answer ou handoff.")
	}
	if len(a.Menu) > MaxAssistantOptions {
		add("assistant.menu", fmt.Sprintf("No máximo %d opções no menu.", MaxAssistantOptions))
	}
	seen := map[string]bool{}
	for i, o := range a.Menu {
		n := i + 1
		switch {
		case o.Action == AssistantCustom:
			switch {
			case strings.TrimSpace(o.Label) == "":
				add("assistant.menu", fmt.Sprintf("Opção %d: escreva o nome da opção.", n))
			case utf8.RuneCountInString(o.Label) > MaxAssistantLabelChars:
				add("assistant.menu", fmt.Sprintf("Opção %d: nome longo demais (máximo %d caracteres).", n, MaxAssistantLabelChars))
			case strings.ContainsAny(o.Label, "\n\r"):
				add("assistant.menu", fmt.Sprintf("Opção %d: o nome deve ter uma linha só.", n))
			}
			validateAnswer(add, "assistant.menu", fmt.Sprintf("Opção %d", n), o.Answer)
		case assistantBuiltin(o.Action):
			if seen[o.Action] {
				add("assistant.menu", fmt.Sprintf("Opção %d: %q aparece mais de uma vez.", n, o.Action))
			}
			seen[o.Action] = true
			if o.Label != "" || o.Answer != "" {
				add("assistant.menu", fmt.Sprintf("Opção %d: as opções prontas não têm nome nem resposta próprios.", n))
			}
		default:
			add("assistant.menu", fmt.Sprintf("Opção %d: ação desconhecida %q (use quote, status, stock, schedule, human ou custom).", n, o.Action))
		}
	}
	if len(a.FAQ) > MaxAssistantFAQ {
		add("assistant.faq", fmt.Sprintf("No máximo %d perguntas frequentes.", MaxAssistantFAQ))
	}
	for i, f := range a.FAQ {
		what := fmt.Sprintf("Pergunta %d", i+1)
		switch {
		case len(f.Phrases) == 0:
			add("assistant.faq", what+": escreva ao menos uma frase ou palavra-chave.")
		case len(f.Phrases) > MaxAssistantFAQPhrases:
			add("assistant.faq", fmt.Sprintf("%s: no máximo %d frases.", what, MaxAssistantFAQPhrases))
		}
		for _, p := range f.Phrases {
			switch {
			case utf8.RuneCountInString(p) > MaxAssistantPhraseChars:
				add("assistant.faq", fmt.Sprintf("%s: frase longa demais (máximo %d caracteres).", what, MaxAssistantPhraseChars))
			case letters(p) < minAssistantPhraseLetter:
				add("assistant.faq", fmt.Sprintf("%s: cada frase precisa de ao menos %d letras.", what, minAssistantPhraseLetter))
			}
		}
		validateAnswer(add, "assistant.faq", what, f.Answer)
	}
}

// validateAnswer checks an answer the assistant sends as the shop wrote it.
func validateAnswer(add func(key, msg string), key, what, answer string) {
	switch {
	case strings.TrimSpace(answer) == "":
		add(key, what+": escreva a resposta.")
	case utf8.RuneCountInString(answer) > MaxAssistantAnswerChars:
		add(key, fmt.Sprintf("%s: resposta longa demais (máximo %d caracteres).", what, MaxAssistantAnswerChars))
	default:
		if err := msgtemplate.Validate(answer, assistantVars); err != nil {
			add(key, what+": "+err.Error()+".")
		}
	}
}

func assistantBuiltin(action string) bool {
	for _, b := range AssistantBuiltins {
		if b.Action == action {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// letters counts the letters and digits of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xC0 {
			n++
		}
	}
	return n
}
