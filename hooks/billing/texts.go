package billing

import (
	"fmt"
	"strings"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/integrations/asaas"
)

// chargeInfo is what the charge message tells the customer.
type chargeInfo struct {
	Customer, Shop string
	Order          int
	Amount         int64
	Due            asaas.Date
	Method         string
	Link, Pix      string
}

// chargeText is the WhatsApp message with a charge's link.
func chargeText(c chargeInfo) string {
	var b strings.Builder
	greet := "Olá"
	if c.Customer != "" {
		greet += ", " + c.Customer
	}
	fmt.Fprintf(&b, "%s! Aqui é da %s.\n", greet, c.Shop)
	what := "Segue a cobrança"
	if c.Order > 0 {
		what += fmt.Sprintf(" da OS nº %d", c.Order)
	}
	fmt.Fprintf(&b, "%s: %s", what, br.FormatBRL(c.Amount))
	if !c.Due.IsZero() {
		fmt.Fprintf(&b, ", vencimento %s", formatCivil(c.Due))
	}
	b.WriteString(".\n")
	if c.Link != "" {
		switch c.Method {
		case collections.MethodCreditCard:
			fmt.Fprintf(&b, "Pague com cartão neste link: %s\n", c.Link)
		case collections.MethodBoleto:
			fmt.Fprintf(&b, "Boleto e outras opções neste link: %s\n", c.Link)
		case collections.MethodUndefined:
			fmt.Fprintf(&b, "Escolha Pix, boleto ou cartão neste link: %s\n", c.Link)
		default:
			fmt.Fprintf(&b, "Pague neste link: %s\n", c.Link)
		}
	}
	if c.Pix != "" {
		fmt.Fprintf(&b, "\nPix copia e cola:\n%s\n", c.Pix)
	}
	return strings.TrimRight(b.String(), "\n")
}

// paidText is the WhatsApp message that confirms a payment to the customer.
func paidText(customer, shop string, order int, amount, balance int64) string {
	greet := "Olá"
	if customer != "" {
		greet += ", " + customer
	}
	s := fmt.Sprintf("%s! Pagamento recebido: %s", greet, br.FormatBRL(amount))
	if order > 0 {
		s += fmt.Sprintf(" da OS nº %d", order)
	}
	s += " na " + shop + "."
	if balance > 0 {
		s += " Falta pagar " + br.FormatBRL(balance) + "."
	} else {
		s += " A OS está quitada. Obrigado!"
	}
	return s
}

// notice is a billing message to a shop's owners: WhatsApp text and the
// e-mail's subject and body.
type notice struct {
	Key     string
	Subject string
	Text    string
}

// overdueNotice warns that the monthly fee is late.
func overdueNotice(shop string, due, deadline asaas.Date, link string) notice {
	text := fmt.Sprintf("Bancada: a mensalidade da %s venceu em %s e ainda não consta como paga.", shop, formatCivil(due))
	if link != "" {
		text += " Pague pelo link " + link + "."
	}
	text += fmt.Sprintf(" Sem o pagamento, a loja será desativada em %s (os dados ficam guardados). Se já pagou, desconsidere.", formatCivil(deadline))
	return notice{Subject: "Mensalidade da " + shop + " em atraso", Text: text}
}

// deactivatedNotice says the shop was switched off for non-payment.
func deactivatedNotice(shop string, due asaas.Date, link string) notice {
	text := fmt.Sprintf("Bancada: a %s foi desativada porque a mensalidade vencida em %s não foi paga. Nenhum dado foi apagado.", shop, formatCivil(due))
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
		"Para voltar, escolha um plano na página Assinatura.", shop, formatCivil(on))
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
	s := "Mensalidade vencida em " + formatCivil(due) + " não paga. Para reativar, quem é titular da loja paga a fatura"
	if link != "" && len(link) < 120 {
		s += " (" + link + ")"
	} else {
		s += " na página Assinatura"
	}
	return s + "; a loja volta a funcionar assim que o pagamento for confirmado."
}

// cancelledReason is the tenant's inactive_reason after cancellation.
func cancelledReason(on asaas.Date) string {
	return "Assinatura encerrada em " + formatCivil(on) + ". Para reativar, quem é titular da loja escolhe um plano na página Assinatura."
}
