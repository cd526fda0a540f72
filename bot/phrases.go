package bot

// Fixed wording of the flows. What a shop is likely to want in its own
// voice lives in msgtemplate (Tenant.Texts); these are the questions and
// confirmations the flows depend on.
const (
	phraseMedia    = "Ainda não consigo ver fotos nem ouvir áudios por aqui. 🙏 Pode me escrever o que precisa?"
	phraseMoreHelp = "Posso ajudar em algo mais? Digite *menu* para ver as opções."
	phraseOK       = "Combinado! 😉 Se precisar de algo, digite *menu* para ver as opções."
	phraseThanks   = "Por nada! 😊 Se precisar, é só chamar."
	phraseAskHuman = "Quer falar com um atendente? Responda *sim* ou *não*."

	phraseAskType      = "Qual é o tipo de aparelho?\n*1* Celular\n*2* Tablet\n*3* Computador/notebook\n*4* Videogame\n*5* Outro"
	phraseProblem      = "*1* Tela quebrada\n*2* Bateria\n*3* Não carrega\n*4* Câmera\n*5* Som/microfone\n*6* Botões\n*7* Molhou\n*8* Sistema/software\n*9* Outro problema"
	phraseEstimate     = "É uma estimativa: o valor final é confirmado no diagnóstico do aparelho."
	phraseOfferDropOff = "Quer agendar um horário para deixar o aparelho na loja? Responda *sim* ou *não*."
	phraseNoDropOff    = "Tudo bem! Se quiser agendar depois, é só mandar *agendar*. " + phraseMoreHelp

	phraseAskPart = "Qual peça você procura? Me diga a peça e o modelo do aparelho (ex.: *bateria Moto G8*)."

	phraseNoSlots    = "Poxa, não encontrei horários livres nos próximos dias. 😕"
	phraseSlotTaken  = "Poxa, esse horário acabou de ser reservado por outra pessoa. 😕"
	phrasePickSlot   = "Responda com o número do horário que prefere."
	phraseChangeAppt = "Se precisar cancelar ou remarcar, é só mandar *cancelar horário* ou *remarcar*."
	phraseNoAppts    = "Você não tem nenhum horário marcado no momento. Para marcar um, é só mandar *agendar*."
	phraseDeclined   = "Tudo bem! " + phraseMoreHelp
)
