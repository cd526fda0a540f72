package charges

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
