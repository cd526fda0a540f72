package bot

// detectIntent decides what the message asks for. Order matters: asking
// for a person beats everything, short control words ("menu", "sair")
// beat flows, and among flows the more specific wins (status and
// scheduling words are rarer than quote words).
func (c *classifier) detectIntent(a *analysis) {
	short := a.size() <= 5
	a.thanks = a.has(thanksWords()...)
	a.no = a.has(noWords()...) && !a.has(notProblems()...)
	a.yes = !a.no && a.has(yesWords()...)

	hours := a.has(hoursWords()...) || (a.has("que horas", "horario", "ate que horas") && a.has("abre", "abrem", "fecha", "fecham", "funciona", "atende", "funcionamento", "atendimento", "aberto", "aberta"))
	explicitBooking := a.has("agendar", "agendamento", "marcar", "reservar", "agende", "marcacao")
	hasCancel := a.has(cancelVerbs()...)
	switch {
	case a.has(humanWords()...):
		a.intent = intentHuman
	case short && a.has(menuWords()...):
		a.intent = intentMenu
	case a.has(rescheduleWords()...) || (a.has(changeVerbs()...) && a.has("horario", "data", "dia", "agendamento", "hora marcada")):
		a.intent = intentReschedule
	case (hasCancel && a.has(appointmentWords()...)) || a.has("desmarcar", "desmarca"):
		a.intent = intentCancel
	case short && (a.has(exitWords()...)) && !a.has("quando vai sair", "sair do conserto"):
		a.intent = intentExit
	case short && a.has(backWords()...):
		a.intent = intentBack
	case a.has(statusWords()...):
		a.intent = intentStatus
	case hours && !explicitBooking:
		a.intent = intentHours
	case a.has(scheduleWords()...):
		a.intent = intentSchedule
	case a.has(stockWords()...) || (a.part != "" && a.has(haveWords()...) && !a.has(repairVerbs()...)):
		a.intent = intentStock
	case a.has(quoteWords()...) || a.service != "" || a.hasDevice():
		a.intent = intentQuote
	case a.no:
		a.intent = intentNo
	case a.yes:
		a.intent = intentYes
	case a.thanks:
		a.intent = intentThanks
	case a.has(greetingWords()...):
		a.intent = intentGreeting
	}
}

// notProblems are "não …" phrases that describe a fault or doubt, not a
// refusal.
func notProblems() []string {
	return []string{"nao sei", "nao liga", "nao carrega", "nao funciona", "nao escuto", "nao escuta", "nao ouco", "nao ouve", "nao segura",
		"nao sai", "nao pega", "nao lembro", "nao tenho certeza", "nao faco ideia", "nao aparece", "nao acende", "nao responde", "nao entra",
		"nao conecta", "nao reconhece", "nao desliga", "nao vibra", "nao toca", "nao ta", "nao esta"}
}
