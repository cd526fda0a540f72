package msgtemplate

// Placeholders of the order notifications, besides VarCliente, VarLoja,
// VarAparelho and VarValor.
const (
	VarStatus = "STATUS" // the new status in words ("Pronto para retirada")
	VarLink   = "LINK"   // the order's public tracking page
	VarOS     = "OS"     // the order number ("123")
)

// GroupOrders is the Group of the order status notifications.
const GroupOrders = "orders"

// OrderKeyPrefix prefixes the key of an order status notification: the
// text for status "ready" is OrderKeyPrefix+"ready" ("order_ready").
const OrderKeyPrefix = "order_"

// OrderKey returns the catalog key of the notification for an order
// status ("ready" → "order_ready").
func OrderKey(status string) string { return OrderKeyPrefix + status }

// OrderVars are the placeholders every order notification may use.
func OrderVars() []string {
	return []string{VarCliente, VarLoja, VarAparelho, VarOS, VarStatus, VarValor, VarLink}
}

// orderTexts lists the WhatsApp messages sent to a customer when their
// order changes status. Shops override them per status in their settings
// (status_templates, keyed by the status itself).
func orderTexts() []Text {
	t := func(status, label, text string) Text {
		return Text{Key: OrderKey(status), Group: GroupOrders, Label: "Aviso de status: " + label, Default: text, Vars: OrderVars()}
	}
	return []Text{
		t("received", "Recebido",
			"Olá, {{CLIENTE}}! Recebemos seu *{{APARELHO}}* na *{{LOJA}}* (OS nº {{OS}}). Acompanhe por aqui: {{LINK}}"),
		t("diagnosing", "Em diagnóstico",
			"Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está em diagnóstico. Avisamos assim que tivermos o orçamento. Acompanhe: {{LINK}}"),
		t("quoted", "Orçamento enviado",
			"Olá, {{CLIENTE}}! O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) ficou em *{{VALOR}}*. Veja os detalhes e aprove ou recuse em: {{LINK}}"),
		t("approved", "Orçamento aprovado",
			"Obrigado, {{CLIENTE}}! O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) foi aprovado e o reparo vai começar. Acompanhe: {{LINK}}"),
		t("rejected", "Orçamento recusado",
			"Tudo bem, {{CLIENTE}}. O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) foi recusado. Avisamos quando o aparelho estiver pronto para retirada. Acompanhe: {{LINK}}"),
		t("waiting_parts", "Aguardando peças",
			"Olá, {{CLIENTE}}! O reparo do seu *{{APARELHO}}* (OS nº {{OS}}) está aguardando a chegada de peças. Avisamos assim que chegarem. Acompanhe: {{LINK}}"),
		t("repairing", "Em reparo",
			"Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está em reparo. Acompanhe: {{LINK}}"),
		t("ready", "Pronto para retirada",
			"Boa notícia, {{CLIENTE}}! ✅ Seu *{{APARELHO}}* (OS nº {{OS}}) está pronto para retirada na *{{LOJA}}*. Valor: *{{VALOR}}*. Detalhes: {{LINK}}"),
		t("delivered", "Entregue",
			"Obrigado pela confiança, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) foi entregue. A garantia do serviço está nos detalhes: {{LINK}}"),
		t("cancelled", "Cancelado",
			"Olá, {{CLIENTE}}. A OS nº {{OS}} do seu *{{APARELHO}}* foi cancelada. Qualquer dúvida, é só responder esta mensagem."),
	}
}
