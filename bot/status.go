package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
)

// status lists the customer's open service orders, and only theirs.
func (t *turn) status() {
	t.st.resetFlow()
	orders, err := t.data.OpenOrders(t.ctx, t.in.Customer.ID)
	if err != nil {
		t.fail("open orders", err)
		return
	}
	mine := orders[:0:0]
	for _, o := range orders {
		if o.CustomerID == t.in.Customer.ID && t.in.Customer.ID != "" {
			mine = append(mine, o)
		}
	}
	t.event(EventOrderStatus, strconv.Itoa(len(mine)))
	name := t.firstName()
	if len(mine) == 0 {
		t.say(lines(msgtemplate.Tidy(name+", não encontrei nenhum aparelho seu em conserto no momento."),
			"Se você deixou o aparelho com outro número de telefone, "+t.talkHint()+" para falar com um atendente. Para outras opções, digite *menu*."))
		return
	}
	header := "Aqui está o status do seu aparelho:"
	if len(mine) > 1 {
		header = fmt.Sprintf("Encontrei %d aparelhos seus em conserto:", len(mine))
	}
	for i, o := range mine {
		block := t.orderBlock(o)
		if i == 0 {
			block = lines(header, block)
		}
		if i == len(mine)-1 {
			block = lines(block, phraseMoreHelp)
		}
		t.say(block)
	}
}

// orderBlock describes one order: number, device, status in words,
// expected date, amount due and tracking link.
func (t *turn) orderBlock(o OrderSummary) string {
	status := o.StatusLabel
	if status == "" {
		status = "Em andamento" // never show the raw status key
	}
	parts := []string{fmt.Sprintf("🔧 *OS %d* — %s", o.Number, o.Device), "Status: *" + status + "*"}
	if o.Expected != nil {
		parts = append(parts, "Previsão: "+br.Date(*o.Expected, t.loc))
	}
	if o.DueCents > 0 {
		parts = append(parts, "Valor a pagar: "+br.FormatBRL(o.DueCents))
	}
	link := o.TrackingURL
	if link == "" && o.TrackingToken != "" && t.in.Tenant.TrackingBaseURL != "" {
		link = strings.TrimRight(t.in.Tenant.TrackingBaseURL, "/") + "/" + o.TrackingToken
	}
	if link != "" {
		parts = append(parts, "Acompanhe: "+link)
	}
	return lines(parts...)
}
