package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
	"github.com/bancada/bancada/pricing"
)

// Quote draft fields, in the order they are asked.
const (
	fieldType    = "type"
	fieldBrand   = "brand"
	fieldModel   = "model"
	fieldProblem = "problem"
)

func (q *QuoteDraft) clear(field string) {
	switch field {
	case fieldType:
		q.Type = ""
	case fieldBrand:
		q.Brand = ""
	case fieldModel:
		q.Model = ""
	case fieldProblem:
		q.Service, q.Problem = "", ""
	}
}

// known returns a field's value, "" when empty or unknown to the customer.
func known(v string) string {
	if v == unknownValue {
		return ""
	}
	return v
}

// fill copies what the message says about the device and problem into the
// draft; a newly mentioned value replaces an older one (the customer
// corrects themselves).
func (q *QuoteDraft) fill(a *analysis) {
	if a.brand != "" && q.Brand != "" && a.brand != q.Brand {
		q.Model = "" // another brand: the old model no longer applies
	}
	if a.model != "" {
		q.Model = a.model
	}
	if a.brand != "" {
		q.Brand = a.brand
	}
	if a.typ != "" {
		q.Type = a.typ
	}
	if a.service != "" {
		q.Service = a.service
		if q.Problem == "" {
			q.Problem = a.text
		}
	}
}

// device names the device for the customer: "iPhone 11", "celular
// Samsung", "notebook".
func (q *QuoteDraft) device() string {
	if m := known(q.Model); m != "" {
		return m
	}
	kind := deviceWord(q.Type)
	if b := known(q.Brand); b != "" {
		return kind + " " + b
	}
	return kind
}

func deviceWord(typ string) string {
	switch typ {
	case pricing.TypePhone:
		return "celular"
	case pricing.TypeTablet:
		return "tablet"
	case pricing.TypeComputer:
		return "computador"
	case pricing.TypeConsole:
		return "videogame"
	}
	return "aparelho"
}

// servicePhrase says the service in words for "o valor para *…*".
func servicePhrase(service string) string {
	switch service {
	case pricing.ServiceScreen:
		return "troca de tela"
	case pricing.ServiceBattery:
		return "troca de bateria"
	case pricing.ServiceCharging:
		return "conserto do conector de carga"
	case pricing.ServiceCamera:
		return "conserto da câmera"
	case pricing.ServiceAudio:
		return "conserto de som/microfone"
	case pricing.ServiceButtons:
		return "conserto dos botões"
	case pricing.ServiceWater:
		return "limpeza de oxidação (aparelho molhado)"
	case pricing.ServiceSoftware:
		return "reparo de software"
	case pricing.ServiceBoard:
		return "reparo de placa"
	}
	return "avaliação e reparo"
}

// problemByNumber maps the numbered problem list to service keys.
func problemByNumber(n int) (string, bool) {
	keys := []string{pricing.ServiceScreen, pricing.ServiceBattery, pricing.ServiceCharging, pricing.ServiceCamera, pricing.ServiceAudio,
		pricing.ServiceButtons, pricing.ServiceWater, pricing.ServiceSoftware, pricing.ServiceOther}
	if n < 1 || n > len(keys) {
		return "", false
	}
	return keys[n-1], true
}

func typeByNumber(n int) (string, bool) {
	keys := []string{pricing.TypePhone, pricing.TypeTablet, pricing.TypeComputer, pricing.TypeConsole, pricing.TypeOther}
	if n < 1 || n > len(keys) {
		return "", false
	}
	return keys[n-1], true
}

// startQuote opens the quote flow with what the message already says.
func (t *turn) startQuote() {
	t.st.resetFlow()
	t.st.Flow = flowQuote
	t.st.Quote = &QuoteDraft{}
	t.st.Quote.fill(t.a)
	t.askNextOrPrice()
}

// askNextOrPrice asks for the first missing field, or prices the quote.
func (t *turn) askNextOrPrice() {
	q := t.st.Quote
	var field, step, prompt string
	switch {
	case q.Type == "":
		field, step, prompt = fieldType, stepAskType, phraseAskType
	case q.Brand == "":
		field, step, prompt = fieldBrand, stepAskBrand, brandPrompt(q.Type)
	case q.Model == "":
		field, step, prompt = fieldModel, stepAskModel, modelPrompt(q)
	case q.Service == "":
		field, step, prompt = fieldProblem, stepAskProblem, problemPrompt(q)
	default:
		t.priceQuote()
		return
	}
	if !slices.Contains(q.Asked, field) {
		q.Asked = append(q.Asked, field)
	}
	t.st.Step = step
	t.say(prompt)
}

func brandPrompt(typ string) string {
	examples := map[string]string{
		pricing.TypePhone:    "Samsung, Apple, Motorola, Xiaomi",
		pricing.TypeTablet:   "Samsung, Apple, Lenovo",
		pricing.TypeComputer: "Dell, Lenovo, Acer, HP, Apple",
		pricing.TypeConsole:  "Sony (PlayStation), Microsoft (Xbox), Nintendo",
		pricing.TypeOther:    "JBL, Apple, Samsung",
	}[typ]
	return fmt.Sprintf("Qual é a marca do %s? (ex.: %s)", deviceWord(typ), examples)
}

func modelPrompt(q *QuoteDraft) string {
	example := map[string]string{
		"Apple|phone": "iPhone 11", "Apple|tablet": "iPad 9", "Apple|computer": "MacBook Air", "Samsung|phone": "Galaxy A52",
		"Samsung|tablet": "Galaxy Tab A7", "Motorola|phone": "Moto G8", "Xiaomi|phone": "Redmi Note 8", "Sony|console": "PlayStation 4",
		"Microsoft|console": "Xbox One", "Nintendo|console": "Switch", "Dell|computer": "Inspiron 15", "Lenovo|computer": "IdeaPad 3",
	}[known(q.Brand)+"|"+q.Type]
	who := deviceWord(q.Type)
	if b := known(q.Brand); b != "" {
		who = b
	}
	p := "E qual é o modelo do seu " + who + "?"
	if example != "" {
		p += " (ex.: " + example + ")"
	}
	return p + " Se não souber, responda *não sei*."
}

func problemPrompt(q *QuoteDraft) string {
	return lines("O que aconteceu com o "+q.device()+"? Responda com o número ou conte com suas palavras:", phraseProblem)
}

// quoteStep takes the answer to a quote question.
func (t *turn) quoteStep() bool {
	a, q := t.a, t.st.Quote
	if q == nil {
		return false
	}
	var reprompt string
	switch t.st.Step {
	case stepAskType:
		if typ, ok := typeByNumber(a.number); ok && a.number > 0 {
			q.Type = typ
			break
		}
		if a.typ != "" {
			break
		}
		if a.interrupts() {
			return false
		}
		reprompt = phraseAskType
	case stepAskBrand:
		switch {
		case a.brand != "":
		case a.dontKnow:
			q.Brand = unknownValue
		case a.interrupts():
			return false
		case looksLikeName(a, 3):
			q.Brand = titleCase(stripLeading(a.text))
		default:
			reprompt = brandPrompt(q.Type)
		}
	case stepAskModel:
		switch {
		case a.model != "":
		case a.dontKnow:
			q.Model = unknownValue
		case a.interrupts():
			return false
		case t.e.cls.bareModel(a, q.Brand, q.Type) != "":
			q.Model = t.e.cls.bareModel(a, q.Brand, q.Type)
		case a.service != "":
			// A problem instead of a model: keep it, ask the model again.
		case looksLikeName(a, 5):
			q.Model = br.UpperFirst(stripLeading(a.text))
		default:
			reprompt = modelPrompt(q)
		}
	case stepAskProblem:
		if svc, ok := problemByNumber(a.number); ok && a.service == "" {
			q.Service = svc
			q.Problem = pricing.ServiceLabel(svc)
			break
		}
		switch {
		case a.service != "":
		case a.interrupts():
			return false
		case a.intent == intentYes || a.intent == intentNo || a.intent == intentGreeting || a.intent == intentThanks || a.number > 0:
			reprompt = problemPrompt(q)
		default:
			q.Service, q.Problem = pricing.ServiceOther, strings.TrimSpace(a.text)
		}
	}
	if reprompt != "" {
		t.unrecognised(reprompt)
		return true
	}
	t.st.Tries = 0
	q.fill(a)
	t.askNextOrPrice()
	return true
}

// looksLikeName reports whether a short free answer can be a brand or
// model name: at most max words, and not a yes/no/greeting.
func looksLikeName(a *analysis, max int) bool {
	if a.size() == 0 || a.size() > max {
		return false
	}
	switch a.intent {
	case intentYes, intentNo, intentGreeting, intentThanks:
		return false
	}
	return a.number == 0 || a.size() > 1
}

// stripLeading drops "é um", "o modelo é" … from a typed name and
// trailing punctuation.
func stripLeading(s string) string {
	words := strings.Fields(strings.Trim(s, " .!?,;"))
	for len(words) > 1 {
		switch br.Fold(words[0]) {
		case "e", "eh", "um", "uma", "o", "a", "modelo", "marca", "meu", "minha", "da", "do", "de", "celular":
			words = words[1:]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = br.UpperFirst(strings.ToLower(w))
	}
	return strings.Join(words, " ")
}

// priceQuote prices the completed draft, records the request and offers a
// drop-off booking (or a person when there is no price).
func (t *turn) priceQuote() {
	q := t.st.Quote
	s := t.in.Tenant.Settings
	rules, err := t.data.PriceRules(t.ctx)
	if err != nil {
		t.fail("price rules", err)
		return
	}
	query := pricing.Query{DeviceType: q.Type, Brand: known(q.Brand), Model: known(q.Model), Service: q.Service}
	disc := pricing.Discount{Percent: s.DiscountPercent, MinCustomerDays: s.DiscountMinCustomerDays}
	quote, priced := pricing.Compute(rules, query, disc, t.in.Customer.Since, t.in.At)

	req := QuoteRequest{
		CustomerID: t.in.Customer.ID, DeviceType: q.Type, Brand: known(q.Brand), Model: known(q.Model), Service: q.Service,
		Problem: q.Problem, Priced: priced, At: t.in.At,
	}
	if priced {
		req.RuleID, req.BaseCents, req.FinalCents, req.DiscountApplied = quote.Rule.ID, quote.BaseCents, quote.FinalCents, quote.DiscountApplied
	}
	if err := t.data.RecordQuoteRequest(t.ctx, req); err != nil {
		t.note("record quote request", err)
	}
	vars := map[string]string{
		msgtemplate.VarAparelho: q.device(),
		msgtemplate.VarServico:  servicePhrase(q.Service),
	}
	if !priced {
		t.event(EventQuoteRequested, "sem preço")
		t.st.Step, t.st.Offer = stepOfferHuman, ReasonNoPrice
		t.say(lines(t.text(msgtemplate.KeyQuoteNoPrice, vars), phraseAskHuman))
		return
	}
	vars[msgtemplate.VarValor] = br.FormatBRL(quote.FinalCents)
	msg := t.text(msgtemplate.KeyQuote, vars)
	if quote.DiscountApplied {
		msg = lines(msg, discountLine(s, quote))
	}
	t.event(EventQuoteRequested, br.FormatBRL(quote.FinalCents))
	t.say(lines(msg, phraseEstimate))
	if !t.offers(ActionSchedule) {
		t.st.resetFlow()
		t.say(phraseMoreHelp)
		return
	}
	t.say(phraseOfferDropOff)
	t.st.Step = stepOfferBooking
	t.st.Note = fmt.Sprintf("Orçamento: %s – %s – %s", servicePhrase(q.Service), q.device(), br.FormatBRL(quote.FinalCents))
}

func discountLine(s Settings, q pricing.Quote) string {
	prices := fmt.Sprintf("(de ~%s~ por %s)", br.FormatBRL(q.BaseCents), br.FormatBRL(q.FinalCents))
	if s.DiscountMinCustomerDays > 0 {
		return fmt.Sprintf("Como você é nosso cliente há mais de %d dias, já apliquei *%d%% de desconto* %s. 🎉", s.DiscountMinCustomerDays, s.DiscountPercent, prices)
	}
	return fmt.Sprintf("Já apliquei *%d%% de desconto* %s. 🎉", s.DiscountPercent, prices)
}

// offerBookingStep handles the answer to "Quer agendar … deixar o
// aparelho?".
func (t *turn) offerBookingStep() bool {
	a := t.a
	if !t.offers(ActionSchedule) {
		// Scheduling was turned off since the offer: route the answer.
		t.st.resetFlow()
		return false
	}
	switch {
	case (a.yes && !a.interrupts()) || a.intent == intentSchedule:
		t.startSchedule(KindDropOff, t.st.Note, "")
	case a.no && !a.interrupts():
		t.st.resetFlow()
		t.say(phraseNoDropOff)
	default:
		return false
	}
	return true
}
