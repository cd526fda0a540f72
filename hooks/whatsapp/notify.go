package whatsapp

import (
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/msgtemplate"
)

// bindOrderNotifications tells the customer on WhatsApp about every status
// change of their order. The orders hook writes one order_events row per
// change in the transaction of the change; the notice is queued from that
// row's create hook, so it commits (or rolls back) with the change.
func (s *Service) bindOrderNotifications() {
	s.app.OnRecordCreate(collections.OrderEvents).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		ev := collections.AsOrderEvent(e.Record)
		if ev.From() == "" {
			return nil // the order was just opened: the counter hands the customer a receipt
		}
		if err := s.notifyOrder(e.App, ev); err != nil {
			// A notice must never block the shop's work on the order.
			e.App.Logger().Warn("whatsapp: order notification", "event", ev.Id, "error", err)
		}
		return nil
	})
}

// notifyOrder queues the notice of one status change.
func (s *Service) notifyOrder(tx core.App, ev *collections.OrderEvent) error {
	if !s.configured() {
		return nil
	}
	tenantID := ev.GetString(collections.OrderEventTenant)
	t, err := scope.Tenant(tx, tenantID)
	if err != nil {
		return err
	}
	if st := t.WhatsAppStatus(); !t.Active() || st == "" || st == collections.IntegrationOff {
		return nil // this shop never connected WhatsApp
	}
	or, err := scope.Find(tx, collections.Orders, tenantID, ev.GetString(collections.OrderEventOrder))
	if err != nil {
		return err
	}
	o := collections.AsOrder(or)
	cr, err := scope.Find(tx, collections.Customers, tenantID, o.Customer())
	if err != nil {
		return err
	}
	customer := collections.AsCustomer(cr)
	device := ""
	if dr, err := scope.Find(tx, collections.Devices, tenantID, o.Device()); err == nil {
		device = collections.AsDevice(dr).Label()
	}
	text := OrderNotice(t, o, customer.Name(), device, ev.To(), s.trackingBase())
	var notBefore time.Time
	if settings := t.Settings(); !settings.NotifyOutsideHours {
		if sched, err := appointments.Schedule(t); err == nil {
			now := s.now()
			if !sched.IsOpen(now) {
				if next, ok := sched.NextOpen(now); ok {
					notBefore = next.UTC()
				}
			}
		}
	}
	_, err = messaging.Queue(tx, messaging.Outgoing{
		Tenant: tenantID, Customer: customer.Id, Text: text, Author: collections.AuthorSystem,
		Order: o.Id, Key: "order-event:" + ev.Id, NotBefore: notBefore,
	})
	return err
}

// OrderNotice is the WhatsApp text telling a customer their order moved to
// status: the shop's template for that status, else the default one
// (msgtemplate.OrderKey), filled in.
func OrderNotice(t *collections.Tenant, o *collections.Order, customerName, device string, status collections.OrderStatus, trackingBase string) string {
	tpl := t.Settings().StatusTemplates[string(status)]
	if strings.TrimSpace(tpl) == "" {
		tpl = msgtemplate.Default(msgtemplate.OrderKey(string(status)))
	}
	if strings.TrimSpace(tpl) == "" {
		tpl = "Olá, {{CLIENTE}}! Sua OS nº {{OS}} agora está: {{STATUS}}. {{LINK}}"
	}
	if device == "" {
		device = "aparelho"
	}
	link := ""
	if tok := o.TrackingToken(); tok != "" && !o.TrackingRevoked() {
		link = trackingBase + "/" + tok
	}
	return msgtemplate.Tidy(msgtemplate.Render(tpl, map[string]string{
		msgtemplate.VarCliente:  br.FirstName(customerName),
		msgtemplate.VarLoja:     t.Name(),
		msgtemplate.VarAparelho: device,
		msgtemplate.VarOS:       strconv.Itoa(o.Number()),
		msgtemplate.VarStatus:   status.Label(),
		msgtemplate.VarValor:    br.FormatBRL(o.Total()),
		msgtemplate.VarLink:     link,
	}))
}
