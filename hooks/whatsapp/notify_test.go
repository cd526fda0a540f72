package whatsapp_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/whatsapp"
)

func TestOrderNoticeForEachStatus(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	tn := collections.AsTenant(f.A.Tenant)
	o := collections.AsOrder(f.A.Rec[collections.Orders])
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 123450}})
	o.Set(collections.OrderQuoteTotal, 123450)
	link := "https://loja.test/os/" + o.TrackingToken()
	n := o.Number()
	os := "(OS nº " + strconv.Itoa(n) + ")"
	want := map[collections.OrderStatus]string{
		collections.StatusReceived:     "Olá, Maria! Recebemos seu *iPhone 11* na *Loja A* " + os + ". Acompanhe por aqui: " + link,
		collections.StatusDiagnosing:   "Olá, Maria! Seu *iPhone 11* " + os + " está em diagnóstico. Avisamos assim que tivermos o orçamento. Acompanhe: " + link,
		collections.StatusQuoted:       "Olá, Maria! O orçamento do seu *iPhone 11* " + os + " ficou em *R$ 1.234,50*. Veja os detalhes e aprove ou recuse em: " + link,
		collections.StatusApproved:     "Obrigado, Maria! O orçamento do seu *iPhone 11* " + os + " foi aprovado e o reparo vai começar. Acompanhe: " + link,
		collections.StatusRejected:     "Tudo bem, Maria. O orçamento do seu *iPhone 11* " + os + " foi recusado. Avisamos quando o aparelho estiver pronto para retirada. Acompanhe: " + link,
		collections.StatusWaitingParts: "Olá, Maria! O reparo do seu *iPhone 11* " + os + " está aguardando a chegada de peças. Avisamos assim que chegarem. Acompanhe: " + link,
		collections.StatusRepairing:    "Olá, Maria! Seu *iPhone 11* " + os + " está em reparo. Acompanhe: " + link,
		collections.StatusReady:        "Boa notícia, Maria! ✅ Seu *iPhone 11* " + os + " está pronto para retirada na *Loja A*. Valor: *R$ 1.234,50*. Detalhes: " + link,
		collections.StatusDelivered:    "Obrigado pela confiança, Maria! Seu *iPhone 11* " + os + " foi entregue. A garantia do serviço está nos detalhes: " + link,
		collections.StatusCancelled:    "Olá, Maria. A OS nº " + strconv.Itoa(n) + " do seu *iPhone 11* foi cancelada. Qualquer dúvida, é só responder esta mensagem.",
	}
	require.Len(t, want, len(collections.OrderStatuses), "every status has a notice")
	for _, st := range collections.OrderStatuses {
		got := whatsapp.OrderNotice(tn, o, "maria souza", "iPhone 11", st, "https://loja.test/os")
		require.Equal(t, want[st], got, st)
	}

	// The shop's own template wins; an unknown name stays visible; no
	// name, no dangling comma.
	st := tn.Settings()
	st.StatusTemplates = map[string]string{"ready": "{{CLIENTE}}, pode buscar o {{APARELHO}} ({{STATUS}}, {{VALOR}}) na {{LOJA}}: {{LINK}} {{NOME}}"}
	tn.SetSettings(st)
	require.Equal(t, "Maria, pode buscar o iPhone 11 (Pronto para retirada, R$ 1.234,50) na Loja A: "+link+" {{NOME}}",
		whatsapp.OrderNotice(tn, o, "Maria", "iPhone 11", collections.StatusReady, "https://loja.test/os"))
	require.Equal(t, "Olá! Seu *iPhone 11* "+os+" está em reparo. Acompanhe: "+link,
		whatsapp.OrderNotice(tn, o, "", "iPhone 11", collections.StatusRepairing, "https://loja.test/os"))
	// A revoked tracking page is not linked.
	o.Set(collections.OrderTrackingOff, true)
	require.NotContains(t, whatsapp.OrderNotice(tn, o, "Maria", "iPhone 11", collections.StatusRepairing, "https://loja.test/os"), "https://")
}

// move changes the order's status as staff would.
func move(t *testing.T, r *rig, o *collections.Order, to collections.OrderStatus) {
	t.Helper()
	if to == collections.StatusQuoted {
		o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 25000}})
	}
	if to == collections.StatusDelivered {
		o.Set(collections.OrderStatusNote, "paga na retirada")
	}
	o.SetStatus(to)
	audit.SetActor(o.Record, audit.Actor{Label: "teste"})
	require.NoError(t, r.app.Save(o))
}

func TestStatusChangesNotifyTheCustomer(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	a := r.f.A
	phone := a.Rec[collections.Customers].GetString(collections.CustomerPhone)
	o := collections.AsOrder(a.Rec[collections.Orders])
	st := r.tenant(a).Settings()
	tn := r.tenant(a)
	st.StatusTemplates = map[string]string{"repairing": "{{CLIENTE}}, mãos à obra no {{APARELHO}}!"}
	tn.SetSettings(st)
	require.NoError(t, r.app.Save(tn))

	path := []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved,
		collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered}
	for _, to := range path {
		move(t, r, o, to)
		r.drain()
	}
	sent := r.sentTo(a, phone)
	require.Len(t, sent, len(path), "one notice per change")
	tn = r.tenant(a)
	for i, to := range path {
		if to == collections.StatusRepairing {
			require.Equal(t, "Cliente, mãos à obra no Apple iPhone 11!", sent[i])
			continue
		}
		o2 := collections.AsOrder(mustFind(t, r, collections.Orders, o.Id))
		require.Equal(t, whatsapp.OrderNotice(tn, o2, "Cliente A", "Apple iPhone 11", to, r.srv.URL+"/os"), sent[i], to)
	}
	require.Contains(t, sent[1], "R$ 250,00")
	require.Contains(t, sent[1], r.srv.URL+"/os/"+o.TrackingToken())
	// Stored as notifications of that order, in the conversation.
	conv := r.conversation(a, phone)
	require.Equal(t, len(path), r.count(collections.Messages, dbx.HashExp{collections.MessageConversation: conv.Id,
		collections.MessageAuthor: collections.AuthorSystem, collections.MessageOrder: o.Id}))
	// Shop B's customers heard nothing from shop A.
	require.Empty(t, r.fake.Sent(whatsapp.InstanceName(r.f.B.ID())))

	// A new order is not announced (the counter hands over a receipt).
	before := len(r.fake.Sent(""))
	hooktest.NewOrder(t, r.app, a.ID(), a.Rec[collections.Customers].Id, a.Rec[collections.Devices].Id)
	r.drain()
	require.Len(t, r.fake.Sent(""), before)
}

func TestOptedOutCustomersGetNoStatusNotices(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	c := collections.AsCustomer(r.f.A.Rec[collections.Customers])
	c.SetWhatsAppOptOut(true)
	require.NoError(t, r.app.Save(c))
	move(t, r, collections.AsOrder(r.f.A.Rec[collections.Orders]), collections.StatusDiagnosing)
	r.drain()
	require.Empty(t, r.fake.Sent(""))
	m, err := r.app.FindFirstRecordByFilter(collections.Messages, "tenant = {:t} && author = 'system'", dbx.Params{"t": r.f.A.ID()})
	require.NoError(t, err)
	require.Equal(t, string(collections.MessageSkipped), m.GetString(collections.MessageStatus), "kept in the conversation as skipped")
}

func TestNoticesWaitForOpeningHours(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.connect(r.f.A, "5511900001111")
	r.connect(r.f.B, "5511900002222")
	// Saturday 2026-11-28 20:00 in São Paulo: closed until Monday 09:00.
	r.clock.Add(time.Date(2026, 11, 28, 23, 0, 0, 0, time.UTC).Sub(r.clock.Now()))
	tb := r.tenant(r.f.B)
	st := tb.Settings()
	st.NotifyOutsideHours = true
	tb.SetSettings(st)
	require.NoError(t, r.app.Save(tb))

	move(t, r, collections.AsOrder(r.f.A.Rec[collections.Orders]), collections.StatusDiagnosing)
	move(t, r, collections.AsOrder(r.f.B.Rec[collections.Orders]), collections.StatusDiagnosing)
	r.drain()
	require.Empty(t, r.fake.Sent(whatsapp.InstanceName(r.f.A.ID())), "shop A waits for its opening")
	require.Len(t, r.fake.Sent(whatsapp.InstanceName(r.f.B.ID())), 1, "shop B allows notices outside hours")

	r.clock.Add(time.Date(2026, 11, 30, 11, 59, 0, 0, time.UTC).Sub(r.clock.Now()))
	r.drain()
	require.Empty(t, r.fake.Sent(whatsapp.InstanceName(r.f.A.ID())), "still Monday 08:59")
	r.clock.Add(time.Minute)
	r.drain()
	require.Len(t, r.fake.Sent(whatsapp.InstanceName(r.f.A.ID())), 1, "sent at 09:00")
}

// A shop that never connected WhatsApp queues nothing.
func TestNoNoticesWithoutWhatsApp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	move(t, r, collections.AsOrder(r.f.A.Rec[collections.Orders]), collections.StatusDiagnosing)
	require.Zero(t, r.count(collections.Outbox))
	require.Zero(t, r.count(collections.Messages, dbx.HashExp{collections.MessageAuthor: collections.AuthorSystem}))
}
