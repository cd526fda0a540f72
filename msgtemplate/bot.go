package msgtemplate

// Placeholders the texts may use. Values come from the sender (the bot
// fills them from the shop, the customer and the conversation).
const (
	VarCliente  = "CLIENTE"  // customer's first name ("Maria"); may be empty
	VarLoja     = "LOJA"     // shop name
	VarAparelho = "APARELHO" // device as the customer knows it ("iPhone 11")
	VarValor    = "VALOR"    // money, formatted ("R$ 1.234,50")
	VarServico  = "SERVICO"  // service in words ("troca de tela")
	VarRetorno  = "RETORNO"  // when a person is back ("segunda-feira às 09:00")
	VarData     = "DATA"     // date and time of an appointment ("terça-feira, 02/12 às 14:30")
)

// Keys of the WhatsApp assistant's editable texts.
const (
	KeyWelcome          = "welcome"
	KeyMenuHeader       = "menu_header"
	KeyOutOfHours       = "out_of_hours"
	KeyQuote            = "quote"
	KeyQuoteNoPrice     = "quote_no_price"
	KeyHandoff          = "handoff"
	KeyHandoffQueued    = "handoff_queued"
	KeyBookingConfirmed = "booking_confirmed"
	KeyGoodbye          = "goodbye"
	KeyNotUnderstood    = "not_understood"
	KeyFlood            = "flood"
	KeyInactive         = "inactive"
)

// GroupBot is the Group of the WhatsApp assistant's texts.
const GroupBot = "bot"

// botTexts lists the WhatsApp assistant's texts. Keep one line per
// paragraph: the bot joins paragraphs with a single line break.
func botTexts() []Text {
	return []Text{
		{
			Key: KeyWelcome, Group: GroupBot, Label: "Boas-vindas",
			Default: "Olá, {{CLIENTE}}! 👋 Aqui é o assistente virtual da *{{LOJA}}*.",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyMenuHeader, Group: GroupBot, Label: "Cabeçalho do menu",
			Default: "Como posso ajudar? Responda com o número da opção:",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyOutOfHours, Group: GroupBot, Label: "Fora do horário",
			Default: "🕘 Estamos fora do horário de atendimento. Uma pessoa da equipe volta {{RETORNO}}, mas eu já posso ajudar com orçamento, status, peças e agendamento.",
			Vars:    []string{VarCliente, VarLoja, VarRetorno},
		},
		{
			Key: KeyQuote, Group: GroupBot, Label: "Orçamento",
			Default: "{{CLIENTE}}, o valor para *{{SERVICO}}* no *{{APARELHO}}* é *{{VALOR}}*.",
			Vars:    []string{VarCliente, VarLoja, VarAparelho, VarServico, VarValor},
		},
		{
			Key: KeyQuoteNoPrice, Group: GroupBot, Label: "Orçamento sem preço cadastrado",
			Default: "{{CLIENTE}}, para *{{SERVICO}}* no *{{APARELHO}}* um técnico precisa avaliar o aparelho para passar o valor.",
			Vars:    []string{VarCliente, VarLoja, VarAparelho, VarServico},
		},
		{
			Key: KeyHandoff, Group: GroupBot, Label: "Transferência para atendente",
			Default: "Certo, {{CLIENTE}}! Já chamei um atendente. Em instantes alguém da equipe continua a conversa por aqui. 🙂",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyHandoffQueued, Group: GroupBot, Label: "Atendente fora do horário (fila)",
			Default: "Certo, {{CLIENTE}}! Nossa equipe está fora do horário agora. Sua mensagem ficou na fila e um atendente responde {{RETORNO}}.",
			Vars:    []string{VarCliente, VarLoja, VarRetorno},
		},
		{
			Key: KeyBookingConfirmed, Group: GroupBot, Label: "Agendamento confirmado",
			Default: "Pronto, {{CLIENTE}}! ✅ Seu horário na *{{LOJA}}* está marcado para *{{DATA}}*.",
			Vars:    []string{VarCliente, VarLoja, VarData},
		},
		{
			Key: KeyGoodbye, Group: GroupBot, Label: "Despedida",
			Default: "Tudo bem, {{CLIENTE}}! Se precisar, é só mandar uma mensagem. Até mais! 👋",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyNotUnderstood, Group: GroupBot, Label: "Mensagem não entendida",
			Default: "Desculpe, não entendi. 🤔",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyFlood, Group: GroupBot, Label: "Muitas mensagens seguidas",
			Default: "Recebi suas mensagens! Já vou responder, só um instante. 🙂",
			Vars:    []string{VarCliente, VarLoja},
		},
		{
			Key: KeyInactive, Group: GroupBot, Label: "Loja sem atendimento (assinatura suspensa)",
			Default: "No momento não conseguimos atender por aqui. Por favor, procure a loja por outro canal. Obrigado pela compreensão.",
			Vars:    []string{},
		},
	}
}
