package bot

import (
	"fmt"
	"strings"

	"github.com/bancada/bancada/br"
)

// startStock answers a stock question, or asks which part when the
// message does not say.
func (t *turn) startStock() {
	t.st.resetFlow()
	if t.a.part == "" && t.a.model == "" {
		t.st.Flow, t.st.Step = flowStock, stepAskPart
		t.say(phraseAskPart)
		return
	}
	t.searchParts()
}

// askPartStep takes the part the customer named (anything goes: the shop
// may sell parts the vocabulary does not know).
func (t *turn) askPartStep() bool {
	if t.a.interrupts() || t.a.intent == intentQuote && t.a.part == "" {
		return false
	}
	if t.a.intent == intentYes || t.a.intent == intentNo || t.a.intent == intentGreeting || t.a.intent == intentThanks || t.a.number > 0 {
		t.unrecognised(phraseAskPart)
		return true
	}
	t.st.Tries = 0
	t.searchParts()
	return true
}

// searchParts looks the part up and answers availability and price,
// revealing quantities only when the shop allows it.
func (t *turn) searchParts() {
	a := t.a
	t.st.resetFlow()
	q := PartQuery{Part: a.part, Brand: a.brand, Model: a.model, Text: t.keywords()}
	parts, err := t.data.SearchParts(t.ctx, q, t.e.opt.PartsLimit)
	if err != nil {
		t.fail("search parts", err)
		return
	}
	t.event(EventStockQuery, strings.TrimSpace(q.Part+" "+q.Model))
	what := "essa peça"
	if q.Part != "" {
		what = "*" + q.Part + "*"
		if q.Model != "" {
			what += " para *" + q.Model + "*"
		}
	}
	if len(parts) == 0 {
		t.st.Flow, t.st.Step, t.st.Offer = flowStock, stepOfferHuman, ReasonPartNotFound
		t.say(lines("Não encontrei "+what+" no estoque. 😕", "Quer que um atendente verifique para você? Responda *sim* ou *não*."))
		return
	}
	rows := []string{"Encontrei no estoque:"}
	available := false
	for _, p := range parts {
		rows = append(rows, "• "+p.Name+" — "+br.FormatBRL(p.PriceCents)+" — "+t.availability(p))
		available = available || p.Available
	}
	if !available {
		t.st.Flow, t.st.Step, t.st.Offer = flowStock, stepOfferHuman, ReasonPartNotFound
		t.say(lines(lines(rows...), "Quer que um atendente verifique quando chega? Responda *sim* ou *não*."))
		return
	}
	t.say(lines(lines(rows...), phraseMoreHelp))
}

func (t *turn) availability(p Part) string {
	switch {
	case !p.Available:
		return "sem estoque no momento"
	case t.in.Tenant.Settings.ShowStockQuantity && p.Quantity == 1:
		return "1 unidade disponível"
	case t.in.Tenant.Settings.ShowStockQuantity && p.Quantity > 1:
		return fmt.Sprintf("%d unidades disponíveis", p.Quantity)
	}
	return "disponível"
}

// keywords is the message without filler words, for a text search.
func (t *turn) keywords() string {
	var out []string
	for _, w := range strings.Fields(t.a.joined) {
		if !t.e.cls.lx.fillers[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
