package msgtemplate

// Placeholders of the reminders and the charge messages, besides
// VarCliente, VarLoja, VarAparelho, VarValor, VarData, VarOS and VarLink.
const (
	VarTipo       = "TIPO"       // kind of appointment in words ("entrega do aparelho")
	VarEndereco   = "ENDERECO"   // the shop's address; may be empty
	VarHorario    = "HORARIO"    // the shop's opening hours in words
	VarVencimento = "VENCIMENTO" // a charge's due date ("24/11/2026")
	VarComoPagar  = "COMO_PAGAR" // how to pay at the link ("Pague com cartão neste link")
	VarPix        = "PIX"        // the Pix copy-and-paste code; may be empty
	VarFalta      = "FALTA"      // what is still owed on the order ("R$ 60,00")
)

// Keys of the reminders and the charge messages.
const (
	KeyAppointmentReminder          = "appointment_reminder"
	KeyAppointmentReminderConfirmed = "appointment_reminder_confirmed"
	KeyPickupReminder               = "pickup_reminder"
	KeyCharge                       = "charge"
	KeyPaymentReceived              = "payment_received"
	KeyPaymentReceivedPaidOff       = "payment_received_paid_off"
)

// GroupNotices is the Group of the reminders and the charge messages.
// Shops override them like the assistant's texts (settings.texts).
const GroupNotices = "notices"

// noticeTexts lists the reminders and the charge messages a customer
// receives. A line whose placeholders are all empty is left out (no
// "Endereço:" for a shop without an address), and so is a paragraph
// (lines between blank lines) whose placeholders are all empty (no Pix
// block for a boleto): see Compose.
func noticeTexts() []Text {
	return []Text{
		{
			Key: KeyAppointmentReminder, Group: GroupNotices, Label: "Lembrete de agendamento",
			Default: "Olá, {{CLIENTE}}! Lembrete do seu agendamento na *{{LOJA}}*: {{TIPO}} *{{DATA}}*.\n" +
				"Endereço: {{ENDERECO}}.\n" +
				"Responda *SIM* para confirmar ou *CANCELAR* para desmarcar.",
			Vars: []string{VarCliente, VarLoja, VarTipo, VarData, VarEndereco},
		},
		{
			Key: KeyAppointmentReminderConfirmed, Group: GroupNotices, Label: "Lembrete de agendamento já confirmado",
			Default: "Olá, {{CLIENTE}}! Lembrete do seu agendamento na *{{LOJA}}*: {{TIPO}} *{{DATA}}*.\n" +
				"Endereço: {{ENDERECO}}.\n" +
				"Se não puder vir, responda *CANCELAR* para desmarcar.",
			Vars: []string{VarCliente, VarLoja, VarTipo, VarData, VarEndereco},
		},
		{
			Key: KeyPickupReminder, Group: GroupNotices, Label: "Lembrete de retirada",
			Default: "Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está pronto desde {{DATA}} e aguarda retirada na *{{LOJA}}*.\n" +
				"Endereço: {{ENDERECO}}.\n" +
				"Horário: {{HORARIO}}.",
			Vars: []string{VarCliente, VarLoja, VarAparelho, VarOS, VarData, VarEndereco, VarHorario},
		},
		{
			Key: KeyCharge, Group: GroupNotices, Label: "Cobrança (link de pagamento)",
			Default: "Olá, {{CLIENTE}}! Aqui é da {{LOJA}}.\n" +
				"Segue a cobrança da OS nº {{OS}}: {{VALOR}}, vencimento {{VENCIMENTO}}.\n" +
				"{{COMO_PAGAR}}: {{LINK}}\n" +
				"\n" +
				"Pix copia e cola:\n" +
				"{{PIX}}",
			Vars: []string{VarCliente, VarLoja, VarOS, VarValor, VarVencimento, VarComoPagar, VarLink, VarPix},
		},
		{
			Key: KeyPaymentReceived, Group: GroupNotices, Label: "Pagamento recebido (com saldo)",
			Default: "Olá, {{CLIENTE}}! Pagamento recebido: {{VALOR}} da OS nº {{OS}} na {{LOJA}}. Falta pagar {{FALTA}}.",
			Vars:    []string{VarCliente, VarLoja, VarOS, VarValor, VarFalta},
		},
		{
			Key: KeyPaymentReceivedPaidOff, Group: GroupNotices, Label: "Pagamento recebido (OS quitada)",
			Default: "Olá, {{CLIENTE}}! Pagamento recebido: {{VALOR}} da OS nº {{OS}} na {{LOJA}}. A OS está quitada. Obrigado!",
			Vars:    []string{VarCliente, VarLoja, VarOS, VarValor},
		},
	}
}

// Payment methods as the charge message names them (the collections'
// payment methods).
const (
	MethodCreditCard = "credit_card"
	MethodBoleto     = "boleto"
	MethodUndefined  = "undefined"
)

// PayInstruction is the charge message's words before the link
// (VarComoPagar) for a payment method.
func PayInstruction(method string) string {
	switch method {
	case MethodCreditCard:
		return "Pague com cartão neste link"
	case MethodBoleto:
		return "Boleto e outras opções neste link"
	case MethodUndefined:
		return "Escolha Pix, boleto ou cartão neste link"
	}
	return "Pague neste link"
}
