package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Quote request fields.
const (
	QuoteRequestTenant       = FieldTenant
	QuoteRequestCustomer     = "customer"
	QuoteRequestConversation = "conversation"
	QuoteRequestDeviceType   = "device_type"
	QuoteRequestBrand        = "brand"
	QuoteRequestModel        = "model"
	QuoteRequestService      = "service"
	QuoteRequestProblem      = "problem"
	QuoteRequestPriceCents   = "price_cents"
	QuoteRequestStatus       = "status"
)

// Quote request states.
const (
	QuoteNew       = "new"
	QuoteContacted = "contacted"
	QuoteConverted = "converted"
	QuoteDismissed = "dismissed"
)

func defineQuoteRequests(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	conversationsID, err := idOf(app, Conversations)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		relationTo(QuoteRequestCustomer, customersID),
		relationTo(QuoteRequestConversation, conversationsID),
		text(QuoteRequestDeviceType, 20),
		text(QuoteRequestBrand, 60),
		text(QuoteRequestModel, 120),
		text(QuoteRequestService, 40),
		text(QuoteRequestProblem, 1000),
		money(QuoteRequestPriceCents), // 0 = no price rule matched
		selectOne(QuoteRequestStatus, true, QuoteNew, QuoteContacted, QuoteConverted, QuoteDismissed),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_quote_requests_tenant_created", false, "tenant, created", "")
	// The assistant records them; staff follow them up.
	access{
		read: RolesAll, update: RolesAll, delete: RolesAdmin,
		updateExtra: []string{`@request.body.customer:changed = false`, `@request.body.conversation:changed = false`},
	}.applyTo(c)
	return nil
}
