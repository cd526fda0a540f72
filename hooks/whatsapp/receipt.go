package whatsapp

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/hooks/scope"
)

// ReceiptPath sends an order's intake receipt to its customer.
const ReceiptPath = "/api/bancada/orders/{id}/receipt"

// bindReceipt adds POST /api/bancada/orders/{id}/receipt: the counter's
// "send on WhatsApp" after an intake — the shop's "received" notice with
// the tracking link, and a summary of what was left (device, accessories,
// condition, the problem reported). Any staff of the order's shop; refused
// clearly while the shop's WhatsApp is not connected.
func (s *Service) bindReceipt() {
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST(ReceiptPath, s.routeReceipt).Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
}

func (s *Service) routeReceipt(e *core.RequestEvent) error {
	rec, err := e.App.FindRecordById(collections.Orders, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("OS não encontrada.", nil)
	}
	st, apiErr := scope.RequireStaffOfRecord(e, rec.GetString(collections.FieldTenant), nil, "OS não encontrada.")
	if apiErr != nil {
		return apiErr
	}
	if st.Tenant.WhatsAppStatus() != collections.IntegrationConnected {
		return e.BadRequestError("Conecte o WhatsApp da loja (Integrações) para enviar o comprovante.", nil)
	}
	o := collections.AsOrder(rec)
	var msg *collections.Message
	err = e.App.RunInTransaction(func(tx core.App) error {
		cust, err := scope.Find(tx, collections.Customers, o.Tenant(), o.Customer())
		if err != nil {
			return err
		}
		var dev *collections.Device
		if d, err := scope.Find(tx, collections.Devices, o.Tenant(), o.Device()); err == nil {
			dev = collections.AsDevice(d)
		}
		text := receiptText(st.Tenant, o, collections.AsCustomer(cust), dev, s.trackingBase())
		msg, err = messaging.Queue(tx, messaging.Outgoing{
			Tenant: o.Tenant(), Customer: o.Customer(), Text: text, Order: o.Id,
			Author: collections.AuthorStaff, Staff: e.Auth.Id,
			Key: fmt.Sprintf("receipt:%s:%d", o.Id, s.now().UnixNano()),
		})
		if err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{Tenant: o.Tenant(), Actor: audit.FromRequest(e), Action: "order.receipt_sent",
			Collection: collections.Orders, Record: o.Id})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível enviar o comprovante. Tente de novo.", err)
	}
	return e.JSON(http.StatusOK, msg.Record)
}

// receiptText is the "received" notice followed by what the shop took in.
func receiptText(t *collections.Tenant, o *collections.Order, c *collections.Customer, d *collections.Device, trackingBase string) string {
	label := ""
	if d != nil {
		label = d.Label()
	}
	var b strings.Builder
	b.WriteString(OrderNotice(t, o, c.Name(), label, collections.StatusReceived, trackingBase))
	b.WriteString("\n\n*Comprovante de entrada — OS " + fmt.Sprint(o.Number()) + "*")
	if label != "" {
		b.WriteString("\nAparelho: " + label)
		if c := d.GetString(collections.DeviceColor); c != "" {
			b.WriteString(" (" + c + ")")
		}
	}
	if d != nil {
		var acc []string
		_ = d.UnmarshalJSONField(collections.DeviceAccessories, &acc)
		if len(acc) > 0 {
			b.WriteString("\nAcessórios: " + strings.Join(acc, ", "))
		}
		if n := strings.TrimSpace(d.GetString(collections.DeviceConditionNotes)); n != "" {
			b.WriteString("\nEstado: " + n)
		}
	}
	if p := strings.TrimSpace(o.Problem()); p != "" {
		b.WriteString("\nDefeito relatado: " + p)
	}
	return b.String()
}
