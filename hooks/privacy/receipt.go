package privacy

import (
	"fmt"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// Receipt is the text the shop sends the customer after erasing their
// data: what was erased, what is kept and why, and the protocol.
func Receipt(t *collections.Tenant, res *EraseResult, at time.Time) string {
	loc := br.LoadLocation(t.Timezone())
	var b strings.Builder
	fmt.Fprintf(&b, "Olá! Conforme o seu pedido, %s apagou em %s os seus dados pessoais: nome, telefone, CPF, e-mail, endereço, observações, conversas no WhatsApp, fotos e senhas dos aparelhos.",
		t.Name(), br.DateTime(at, loc))
	orders, payments := res.Kept[collections.Orders], res.Kept[collections.Payments]
	var kept []string
	if orders > 0 {
		kept = append(kept, plural(orders, "ordem de serviço", "ordens de serviço"))
	}
	if payments > 0 {
		kept = append(kept, plural(payments, "pagamento", "pagamentos"))
	}
	if len(kept) > 0 {
		fmt.Fprintf(&b, "\n\nPor obrigação legal (registros fiscais e de pagamento, e garantia do serviço pelo Código de Defesa do Consumidor), mantemos sem nenhum dado que identifique você: %s, com datas, serviços e valores.",
			strings.Join(kept, " e "))
	}
	fmt.Fprintf(&b, "\n\nProtocolo: %s.", res.Protocol)
	if contact := contactOf(t); contact != "" {
		fmt.Fprintf(&b, " Dúvidas: %s.", contact)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// contactOf is how the customer reaches the shop: its WhatsApp, else its
// phone, else its e-mail.
func contactOf(t *collections.Tenant) string {
	if n := t.WhatsAppNumber(); n != "" {
		return "WhatsApp " + br.FormatPhone(n)
	}
	if p := t.Phone(); p != "" {
		return br.FormatPhone(p)
	}
	return t.Email()
}
