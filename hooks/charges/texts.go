package charges

import (
	"strconv"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/integrations/asaas"
	"github.com/bancada/bancada/msgtemplate"
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

// chargeText is the WhatsApp message with a charge's link: the shop's
// wording (overrides, its settings.texts) or the default.
func chargeText(overrides map[string]string, c chargeInfo) string {
	vars := map[string]string{
		msgtemplate.VarCliente:    c.Customer,
		msgtemplate.VarLoja:       c.Shop,
		msgtemplate.VarOS:         "",
		msgtemplate.VarValor:      br.FormatBRL(c.Amount),
		msgtemplate.VarVencimento: asaashook.FormatCivil(c.Due),
		msgtemplate.VarLink:       c.Link,
		msgtemplate.VarPix:        c.Pix,
		msgtemplate.VarComoPagar:  "",
	}
	if c.Order > 0 {
		vars[msgtemplate.VarOS] = strconv.Itoa(c.Order)
	}
	if c.Link != "" {
		vars[msgtemplate.VarComoPagar] = msgtemplate.PayInstruction(c.Method)
	}
	return msgtemplate.Compose(msgtemplate.Pick(overrides, msgtemplate.KeyCharge), vars)
}

// paidText is the WhatsApp message that confirms a payment to the
// customer: the shop's wording (overrides) or the default.
func paidText(overrides map[string]string, customer, shop string, order int, amount, balance int64) string {
	key := msgtemplate.KeyPaymentReceivedPaidOff
	if balance > 0 {
		key = msgtemplate.KeyPaymentReceived
	}
	return msgtemplate.Compose(msgtemplate.Pick(overrides, key), map[string]string{
		msgtemplate.VarCliente: customer,
		msgtemplate.VarLoja:    shop,
		msgtemplate.VarOS:      strconv.Itoa(order),
		msgtemplate.VarValor:   br.FormatBRL(amount),
		msgtemplate.VarFalta:   br.FormatBRL(balance),
	})
}
