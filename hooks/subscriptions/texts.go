package subscriptions

import (
	"fmt"

	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/integrations/asaas"
)

// notice is a billing message to a shop's owners: WhatsApp text and the
// e-mail's subject and body.
type notice struct {
	Key     string
	Subject string
	Text    string
}

// overdueNotice warns that the monthly fee is late.
func overdueNotice(shop string, due, deadline asaas.Date, link string) notice {
	text := fmt.Sprintf("Bancada: a mensalidade da %s venceu em %s e ainda não consta como paga.", shop, asaashook.FormatCivil(due))
	if link != "" {
		text += " Pague pelo link " + link + "."
	}
	text += fmt.Sprintf(" Sem o pagamento, a loja será desativada em %s (os dados ficam guardados). Se já pagou, desconsidere.", asaashook.FormatCivil(deadline))
	return notice{Subject: "Mensalidade da " + shop + " em atraso", Text: text}
}

// deactivatedNotice says the shop was switched off for non-payment.
func deactivatedNotice(shop string, due asaas.Date, link string) notice {
	text := fmt.Sprintf("Bancada: a %s foi desativada porque a mensalidade vencida em %s não foi paga. Nenhum dado foi apagado.", shop, asaashook.FormatCivil(due))
	if link != "" {
		text += " Pague pelo link " + link + " e a loja volta a funcionar assim que o pagamento for confirmado."
	} else {
		text += " Pague a fatura em aberto na página Assinatura e a loja volta a funcionar assim que o pagamento for confirmado."
	}
	return notice{Subject: "A " + shop + " foi desativada por falta de pagamento", Text: text}
}

// cancelledNotice says the subscription ended and the shop was switched off.
func cancelledNotice(shop string, on asaas.Date) notice {
	text := fmt.Sprintf("Bancada: a assinatura da %s terminou em %s e a loja foi desativada. Nenhum dado foi apagado. "+
		"Para voltar, escolha um plano na página Assinatura.", shop, asaashook.FormatCivil(on))
	return notice{Subject: "Assinatura da " + shop + " encerrada", Text: text}
}

// reactivatedNotice thanks the owner and says the shop is back.
func reactivatedNotice(shop string) notice {
	return notice{Subject: "A " + shop + " está ativa de novo",
		Text: "Bancada: pagamento recebido! A " + shop + " está ativa de novo. Obrigado."}
}

// overdueReason is the tenant's inactive_reason after non-payment (shown
// to its staff; at most 300 characters).
func overdueReason(due asaas.Date, link string) string {
	s := "Mensalidade vencida em " + asaashook.FormatCivil(due) + " não paga. Para reativar, quem é titular da loja paga a fatura"
	if link != "" && len(link) < 120 {
		s += " (" + link + ")"
	} else {
		s += " na página Assinatura"
	}
	return s + "; a loja volta a funcionar assim que o pagamento for confirmado."
}

// cancelledReason is the tenant's inactive_reason after cancellation.
func cancelledReason(on asaas.Date) string {
	return "Assinatura encerrada em " + asaashook.FormatCivil(on) + ". Para reativar, quem é titular da loja escolhe um plano na página Assinatura."
}
