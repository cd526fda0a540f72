package whatsapp_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
)

// A customer who writes "Não quero mais receber!" is taken off marketing
// with when and how, and told so; a promotion is then skipped while a
// notice about their own order still goes.
func TestOptOutByWhatsApp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	cust := hooktest.NewCustomer(t, r.app, a.ID(), "Joana Lima")
	cust.Set(collections.CustomerMarketingOptIn, true)
	require.NoError(t, r.app.Save(cust))
	phone := cust.GetString(collections.CustomerPhone)

	r.say(a, phone, "NÃO quero mais receber!!")
	require.Equal(t, "Pronto! Você não vai mais receber promoções e novidades de Loja A por aqui. "+
		"Os avisos sobre os seus serviços (orçamento, aparelho pronto, pagamentos) continuam chegando. "+
		"Se mudar de ideia, é só avisar a loja.", r.last(a, phone))
	c := collections.AsCustomer(mustFind(t, r, collections.Customers, cust.Id))
	require.False(t, c.MarketingOptIn())
	require.Equal(t, "whatsapp", c.GetString(collections.CustomerMarketingChangedVia))
	require.Equal(t, r.clock.Now().UTC().Format("2006-01-02 15:04:05"),
		c.GetDateTime(collections.CustomerMarketingChangedAt).Time().Format("2006-01-02 15:04:05"))
	require.Equal(t, 1, r.count(collections.AuditLog, dbx.HashExp{collections.AuditAction: "privacy.marketing", collections.AuditRecord: cust.Id}))

	promo, err := messaging.Queue(r.app, messaging.Outgoing{Tenant: a.ID(), Customer: cust.Id, Text: "Promoção de películas!",
		Author: collections.AuthorSystem, Marketing: true})
	require.NoError(t, err)
	require.Equal(t, collections.MessageSkipped, promo.Status())
	notice, err := messaging.Queue(r.app, messaging.Outgoing{Tenant: a.ID(), Customer: cust.Id, Text: "Seu aparelho está pronto.",
		Author: collections.AuthorSystem})
	require.NoError(t, err)
	require.Equal(t, collections.MessageQueued, notice.Status())
	r.drain()
	require.Equal(t, "Seu aparelho está pronto.", r.last(a, phone))
}

// "parar" alone opts out too, while an ordinary message mentioning the
// word in passing does not.
func TestOptOutWordsOnly(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	r.connect(a, "5511900001111")
	cust := hooktest.NewCustomer(t, r.app, a.ID(), "Pedro Dias")
	cust.Set(collections.CustomerMarketingOptIn, true)
	require.NoError(t, r.app.Save(cust))
	phone := cust.GetString(collections.CustomerPhone)

	r.say(a, phone, "meu celular parou de carregar")
	require.True(t, collections.AsCustomer(mustFind(t, r, collections.Customers, cust.Id)).MarketingOptIn())
	r.say(a, phone, "Parar.")
	require.False(t, collections.AsCustomer(mustFind(t, r, collections.Customers, cust.Id)).MarketingOptIn())
}
