package msgtemplate

// Placeholders of the payment receipt, besides VarCliente, VarLoja,
// VarValor and VarData.
const (
	VarForma      = "FORMA"      // how it was paid ("PIX", "dinheiro", "cartão de débito")
	VarReferencia = "REFERENCIA" // what was paid ("OS nº 123", "venda nº 7")
)

// GroupReceipts is the Group of the payment receipt.
const GroupReceipts = "receipts"

// KeyPaymentReceipt is the WhatsApp payment receipt (recibo).
const KeyPaymentReceipt = "payment_receipt"

// receiptTexts lists the receipts staff send from the finance screens.
// Shops override them in settings.texts, like the assistant's texts.
func receiptTexts() []Text {
	return []Text{{
		Key: KeyPaymentReceipt, Group: GroupReceipts, Label: "Recibo de pagamento",
		Default: "Olá, {{CLIENTE}}! Recebemos *{{VALOR}}* em {{FORMA}} ({{REFERENCIA}}) em {{DATA}}. Obrigado pela preferência! — *{{LOJA}}*",
		Vars:    []string{VarCliente, VarLoja, VarValor, VarForma, VarReferencia, VarData},
	}}
}
