package hooks

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/pricing"
)

// tenantPriceRules loads a tenant's price table for package pricing.
func tenantPriceRules(app core.App, tenantID string) ([]pricing.Rule, error) {
	recs, err := scope.List(app, collections.PriceRules, tenantID, "", "", 0, nil)
	if err != nil {
		return nil, err
	}
	out := make([]pricing.Rule, len(recs))
	for i, r := range recs {
		p := collections.AsPriceRule(r)
		out[i] = pricing.Rule{
			ID: p.Id, DeviceType: string(p.DeviceType()), Brand: p.Brand(), Service: p.Service(),
			ModelContains: p.ModelContains(), PriceCents: p.PriceCents(),
		}
	}
	return out, nil
}

// tenantDiscount is the tenant's loyalty discount rule.
func tenantDiscount(t *collections.Tenant) pricing.Discount {
	s := t.Settings()
	return pricing.Discount{Percent: s.DiscountPercent, MinCustomerDays: s.DiscountMinCustomerDays}
}

// bindEstimate adds GET /api/bancada/estimate: the counter's estimate
// from the shop's price rules (type + brand + model + service, falling
// back to the type's default), with the loyalty discount when a customer
// is given.
func bindEstimate(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/estimate", func(e *core.RequestEvent) error {
			sc, apiErr := scope.RequireStaff(e, "", collections.RolesAll)
			if apiErr != nil {
				return apiErr
			}
			q := e.Request.URL.Query()
			if q.Get("type") == "" {
				return apierr.BadRequest("Informe o tipo de aparelho.", apierr.Field("type", "required", "Informe o tipo de aparelho."))
			}
			rules, err := tenantPriceRules(e.App, sc.Tenant.Id)
			if err != nil {
				return e.InternalServerError("", err)
			}
			var since time.Time
			if id := q.Get("customer"); id != "" {
				c, err := scope.Find(e.App, collections.Customers, sc.Tenant.Id, id)
				if err != nil {
					return e.NotFoundError("Cliente não encontrado.", nil)
				}
				since = collections.AsCustomer(c).Since()
			}
			quote, found := pricing.Compute(rules, pricing.Query{
				DeviceType: q.Get("type"), Brand: q.Get("brand"), Model: q.Get("model"), Service: q.Get("service"),
			}, tenantDiscount(sc.Tenant), since, d.Clock())
			if !found {
				return e.JSON(http.StatusOK, map[string]any{"found": false})
			}
			return e.JSON(http.StatusOK, map[string]any{
				"found": true, "price_cents": quote.FinalCents, "base_cents": quote.BaseCents,
				"discount_applied": quote.DiscountApplied, "rule": quote.Rule,
			})
		}).Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
}
