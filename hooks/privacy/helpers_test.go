package privacy_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/messaging"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// The customer whose data the tests export and erase, written out.
const (
	josefina      = "Josefina Albuquerque Prado"
	josefinaPhone = "5511987650001" // also 551187650001 without the ninth digit
	josefinaOld   = "551187650001"
	josefinaCPF   = "52998224725"
	josefinaCPFf  = "529.982.247-25"
	josefinaMail  = "josefina.prado@example.com"
	josefinaIMEI  = "356938035643809"
)

// held is what the seed created about Josefina.
type held struct {
	customer, device, order, conversation *core.Record
	payments                              []*core.Record
	photo                                 string // storage key of the device's photo
}

// pngBytes is a tiny valid PNG.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

var lines = []collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 30000}}

// seedJosefina gives shop s a customer with something in every collection
// of the customer graph, and mentions of her name, phone and CPF in free
// texts, queued messages, stored webhooks and the audit log. Her order is
// delivered and paid (R$ 200,00 + R$ 100,00).
func seedJosefina(t *testing.T, app core.App, s *hooktest.Shop) *held {
	t.Helper()
	h := &held{}
	c, err := collections.NewCustomer(app, s.ID())
	require.NoError(t, err)
	c.SetName(josefina)
	c.SetPhone(josefinaPhone)
	c.SetDocument(josefinaCPF, collections.DocumentCPF)
	c.SetEmail(josefinaMail)
	c.Set(collections.CustomerAddress, "Rua das Flores, 12, São Paulo")
	c.Set(collections.CustomerNotes, "Prefere falar com "+josefina+" pelo "+josefinaPhone)
	c.Set(collections.CustomerMarketingOptIn, true)
	require.NoError(t, app.Save(c))
	h.customer = c.Record

	d, err := collections.NewDevice(app, s.ID(), c.Id)
	require.NoError(t, err)
	d.SetKind(collections.DevicePhone)
	d.SetBrand("Samsung")
	d.SetModel("Galaxy A54")
	d.Set(collections.DeviceIMEI, josefinaIMEI)
	d.Set(collections.DeviceConditionNotes, "Tela trincada; dona "+josefina)
	d.SetPasscode(collections.PasscodePIN, "2468")
	f, err := filesystem.NewFileFromBytes(pngBytes(t), "frente.png")
	require.NoError(t, err)
	d.Set(collections.DevicePhotos, []any{f})
	require.NoError(t, app.Save(d))
	h.device = d.Record
	h.photo = d.BaseFilesPath() + "/" + d.GetStringSlice(collections.DevicePhotos)[0]

	o, err := collections.NewOrder(app, s.ID(), c.Id, d.Id)
	require.NoError(t, err)
	o.SetProblem("Tela quebrada, ligar para " + josefinaPhone)
	o.Set(collections.OrderNotes, josefina+" pediu película, CPF "+josefinaCPFf)
	require.NoError(t, app.Save(o))
	for _, st := range []collections.OrderStatus{collections.StatusDiagnosing, collections.StatusQuoted, collections.StatusApproved,
		collections.StatusRepairing, collections.StatusReady} {
		r, err := app.FindRecordById(collections.Orders, o.Id)
		require.NoError(t, err)
		o = collections.AsOrder(r)
		if st == collections.StatusQuoted {
			o.SetQuoteLines(lines)
		}
		if st == collections.StatusReady {
			o.Set(collections.OrderStatusNote, "Avisar "+josefina+" no "+josefinaOld)
		}
		o.SetStatus(st)
		require.NoError(t, app.Save(o), "to %s", st)
	}
	for _, amount := range []int{20000, 10000} {
		body := hooktest.PaymentBody(s.ID(), o.Id, "")
		body["amount"] = amount
		body["description"] = "OS de " + josefina
		h.payments = append(h.payments, hooktest.NewRecord(t, app, collections.Payments, body))
	}
	r, err := app.FindRecordById(collections.Orders, o.Id)
	require.NoError(t, err)
	o = collections.AsOrder(r)
	o.SetStatus(collections.StatusDelivered)
	require.NoError(t, app.Save(o))
	h.order = o.Record

	appt := hooktest.AppointmentBody(s.ID(), c.Id)
	appt["notes"] = josefina + " traz o carregador"
	hooktest.NewRecord(t, app, collections.Appointments, appt)

	conv, err := messaging.Conversation(app, s.ID(), josefinaPhone, c.Id)
	require.NoError(t, err)
	h.conversation = conv.Record
	hooktest.NewRecord(t, app, collections.Messages, map[string]any{
		"tenant": s.ID(), "conversation": conv.Id, "direction": "in", "author": "customer",
		"text": "Oi, sou a " + josefina + ", CPF " + josefinaCPFf + ", fone " + josefinaOld, "status": "received",
	})
	_, err = messaging.Queue(app, messaging.Outgoing{Tenant: s.ID(), Customer: c.Id, Text: "Olá, " + josefina + "! Seu aparelho está pronto.",
		Author: collections.AuthorSystem, Order: o.Id})
	require.NoError(t, err)
	hooktest.NewRecord(t, app, collections.QuoteRequests, map[string]any{
		"tenant": s.ID(), "customer": c.Id, "conversation": conv.Id, "device_type": "phone", "status": "new",
		"problem": "Bateria; falar com " + josefina,
	})
	hooktest.NewRecord(t, app, collections.WebhookEvents, map[string]any{
		"provider": "evolution", "event_key": "evt-" + s.ID() + "-" + josefinaPhone, "tenant": s.ID(), "status": "processed",
		"payload": map[string]any{"data": map[string]any{"key": map[string]any{"remoteJid": josefinaPhone + "@s.whatsapp.net"}, "pushName": josefina}},
	})
	hooktest.NewRecord(t, app, collections.WebhookDeliveries, map[string]any{
		"tenant": s.ID(), "endpoint": s.Rec[collections.WebhookEndpoints].Id, "event_id": "evt_josefina_" + s.ID(),
		"event_type": collections.EventCustomerCreated, "status": collections.DeliveryDelivered,
		"body": map[string]any{"data": map[string]any{"name": josefina, "phone": josefinaPhone, "document": josefinaCPF, "email": josefinaMail}},
	})
	require.NoError(t, audit.Write(app, audit.Entry{Tenant: s.ID(), Actor: audit.Actor{Label: "atendente"}, Action: collections.ActionUpdate,
		Collection: collections.Customers, Record: c.Id, Changes: map[string]any{"name": []any{"Josefina", josefina}, "phone": []any{"", josefinaPhone}}}))
	require.NoError(t, audit.Write(app, audit.Entry{Tenant: s.ID(), Actor: audit.Actor{Label: "cliente", IP: "203.0.113.9"}, Action: collections.ActionTracking,
		Collection: collections.Orders, Record: o.Id, Changes: map[string]any{"document": josefinaCPFf}}))
	return h
}
