package bot

// detectIntent decides what the message asks for. Order matters: asking
// for a person beats everything, short control words ("menu", "sair")
// beat flows, and among flows the more specific wins (status and
// scheduling words are rarer than quote words).
func (c *classifier) detectIntent(a *analysis) {
	w := &c.lx.w
	short := a.size() <= 5
	a.thanks = a.has(w.thanks...)
	a.no = a.has(w.no...) && !a.has(w.notProblems...)
	a.yes = !a.no && a.has(w.yes...)

	hours := a.has(w.hours...) || (a.has("que horas", "horario", "ate que horas") && a.has("abre", "abrem", "fecha", "fecham", "funciona", "atende", "funcionamento", "atendimento", "aberto", "aberta"))
	explicitBooking := a.has("agendar", "agendamento", "marcar", "reservar", "agende", "marcacao")
	hasCancel := a.has(w.cancel...)
	switch {
	case a.has(w.human...):
		a.intent = intentHuman
	case short && a.has(w.menu...):
		a.intent = intentMenu
	case a.has(w.reschedule...) || a.has(w.changeAppointment...):
		a.intent = intentReschedule
	case (hasCancel && a.has(w.appointment...)) || a.has("desmarcar", "desmarca"):
		a.intent = intentCancel
	case short && (a.has(w.exit...)) && !a.has("quando vai sair", "sair do conserto"):
		a.intent = intentExit
	case short && a.has(w.back...):
		a.intent = intentBack
	case a.has(w.status...):
		a.intent = intentStatus
	case hours && !explicitBooking:
		a.intent = intentHours
	case a.has(w.schedule...):
		a.intent = intentSchedule
	case a.has(w.stock...) || (a.part != "" && a.has(w.have...) && !a.has(w.repair...)):
		a.intent = intentStock
	case a.has(w.quote...) || a.service != "" || a.hasDevice():
		a.intent = intentQuote
	case a.no:
		a.intent = intentNo
	case a.yes:
		a.intent = intentYes
	case a.thanks:
		a.intent = intentThanks
	case a.has(w.greeting...):
		a.intent = intentGreeting
	}
}

// changeAppointment are "mudar o horário" and its variants.
func changeAppointment() []string {
	var out []string
	for _, v := range changeVerbs() {
		for _, link := range []string{"", "o ", "meu ", "de ", "a ", "minha ", "o meu ", "a minha "} {
			for _, n := range []string{"horario", "data", "dia", "agendamento"} {
				out = append(out, v+" "+link+n)
			}
		}
	}
	return out
}

// notProblems are "não …" phrases that describe a fault or doubt, not a
// refusal.
func notProblems() []string {
	return []string{"nao sei", "nao liga", "nao carrega", "nao funciona", "nao escuto", "nao escuta", "nao ouco", "nao ouve", "nao segura",
		"nao sai", "nao pega", "nao lembro", "nao tenho certeza", "nao faco ideia", "nao aparece", "nao acende", "nao responde", "nao entra",
		"nao conecta", "nao reconhece", "nao desliga", "nao vibra", "nao toca", "nao ta", "nao esta"}
}
