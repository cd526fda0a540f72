package subscriptions

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/asaashook"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/outbox"
)

// planRequest is the body of POST /api/bancada/subscription/plan.
type planRequest struct {
	Tenant string `json:"tenant"`
	Plan   string `json:"plan"`
}

// bindSubscriptionRoutes adds the owner's routes to change plan and to
// cancel. Both work while the shop is deactivated: choosing a plan is how
// a cancelled shop comes back.
func (b *Service) bindSubscriptionRoutes() {
	b.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/subscription")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("/plan", b.changePlan)
		g.POST("/cancel", b.cancelSubscription)
		return se.Next()
	})
}

// tenantSub loads the tenant's subscription, creating a pending one for a
// shop that never had one.
func tenantSub(tx core.App, tenantID string) (*sub, error) {
	r, err := scope.FindFirst(tx, collections.Subscriptions, tenantID, "", nil)
	if err == nil {
		return &sub{r}, nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Subscriptions)
	if err != nil {
		return nil, err
	}
	r = core.NewRecord(col)
	r.Set(collections.SubscriptionTenant, tenantID)
	r.Set(collections.SubscriptionStatusField, string(collections.SubscriptionPending))
	return &sub{r}, nil
}

// changePlan answers POST /api/bancada/subscription/plan: the shop moves
// to another active plan (a plan too small for its current team is
// refused), the Asaas subscription is updated through the outbox, and a
// cancelled subscription starts again (billed from today).
func (b *Service) changePlan(e *core.RequestEvent) error {
	var req planRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, apiErr := scope.RequireStaffEvenInactive(e, req.Tenant, collections.RolesOwner)
	if apiErr != nil {
		return apiErr
	}
	tenantID := sc.Tenant.Id
	pr, err := e.App.FindFirstRecordByFilter(collections.Plans, collections.FieldID+" = {:id} && "+collections.PlanActive+" = true", dbx.Params{"id": req.Plan})
	if err != nil {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("plan", "invalid_plan", "Plano não encontrado."))
	}
	plan := collections.AsPlan(pr)
	if plan.MaxStaff() > 0 {
		n, err := e.App.CountRecords(collections.Memberships, dbx.HashExp{collections.MembershipTenant: tenantID})
		if err != nil {
			return e.InternalServerError("", err)
		}
		if int(n) > plan.MaxStaff() {
			return apierr.BadRequest(apierr.CheckFields, apierr.Field("plan", CodeStaffLimit, fmt.Sprintf(
				"O plano %s permite até %d pessoas e a loja tem %d. Remova pessoas da equipe antes de trocar.",
				plan.Name(), plan.MaxStaff(), n)))
		}
	}
	var out *sub
	err = e.App.RunInTransaction(func(tx core.App) error {
		s, err := tenantSub(tx, tenantID)
		if err != nil {
			return err
		}
		oldPlan, oldStatus := s.GetString(collections.SubscriptionPlan), s.status()
		if oldPlan == plan.Id && oldStatus != collections.SubscriptionCancelled && !s.cancelAtEnd() {
			return apierr.Field("plan", "same_plan", "A loja já está neste plano.")
		}
		s.Set(collections.SubscriptionPlan, plan.Id)
		s.Set(collections.SubscriptionValueCents, plan.PriceCents())
		s.Set(collections.SubscriptionCancelAtEnd, false)
		isNew := s.IsNew() // its create hook enqueues the creation at Asaas
		restart := oldStatus == collections.SubscriptionCancelled || isNew
		comeback := oldStatus == collections.SubscriptionCancelled && s.deactivatedByBilling()
		if restart {
			s.setStatus(collections.SubscriptionPending)
			s.Set(collections.SubscriptionAsaasID, "")
			s.Set(collections.SubscriptionCancelledAt, "")
			s.Set(collections.SubscriptionOverdueSince, "")
			s.Set(collections.SubscriptionPaymentLink, "")
			s.Set(collections.SubscriptionNextDueDate, "")
		}
		if err := tx.Save(s); err != nil {
			return err
		}
		t, err := scope.Tenant(tx, tenantID)
		if err != nil {
			return err
		}
		if comeback && !t.Active() {
			// A cancelled shop that picks a plan again is back at once;
			// its first payment follows the usual overdue rules.
			s.Set(collections.SubscriptionDeactivatedAt, "")
			if err := tx.Save(s); err != nil {
				return err
			}
			t.SetActive(true)
			t.SetInactiveReason("")
			if err := audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: audit.FromRequest(e), Action: ActionReactivate,
				Collection: collections.Tenants, Record: tenantID, Changes: map[string]any{"plan": plan.Id}}); err != nil {
				return err
			}
		}
		if t.Plan() != plan.Id || comeback {
			t.SetPlan(plan.Id)
			if err := tx.Save(t); err != nil {
				return err
			}
		}
		switch {
		case restart && !isNew && b.platformEnabled():
			if err := enqueueCreate(tx, s, strconv.FormatInt(b.now().UnixNano(), 36)); err != nil {
				return err
			}
		case s.asaasID() != "" && oldPlan != plan.Id:
			if _, err := outbox.Enqueue(tx, outbox.Message{
				Tenant: tenantID, Kind: KindSubscriptionUpdate, Lane: platformLane,
				Key:     KindSubscriptionUpdate + ":" + s.Id + ":" + strconv.FormatInt(b.now().UnixNano(), 36),
				Payload: subscriptionPayload{Tenant: tenantID, Subscription: s.Id},
			}); err != nil && !isDuplicate(err) {
				return err
			}
		}
		out = s
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: audit.FromRequest(e), Action: ActionPlanChange, Collection: collections.Subscriptions,
			Record: s.Id, Changes: map[string]any{"from": oldPlan, "to": plan.Id, "value": plan.PriceCents(), "restart": restart},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível trocar de plano. Nada mudou; tente de novo.", err)
	}
	return e.JSON(http.StatusOK, out.Record)
}

// cancelSubscription answers POST /api/bancada/subscription/cancel: the
// subscription ends when the period already paid ends (the monitor then
// removes it at Asaas and deactivates the shop); one never billed ends now.
func (b *Service) cancelSubscription(e *core.RequestEvent) error {
	var req planRequest
	_ = e.BindBody(&req)
	sc, apiErr := scope.RequireStaffEvenInactive(e, req.Tenant, collections.RolesOwner)
	if apiErr != nil {
		return apiErr
	}
	if !b.platformEnabled() {
		return e.BadRequestError("Este servidor não cobra assinaturas: não há o que cancelar.", nil)
	}
	tenantID := sc.Tenant.Id
	var out *sub
	endsNow := false
	err := e.App.RunInTransaction(func(tx core.App) error {
		r, err := scope.FindFirst(tx, collections.Subscriptions, tenantID, "", nil)
		if err != nil {
			return apierr.Field("subscription", "no_subscription", "A loja não tem assinatura.")
		}
		s := &sub{r}
		if s.status() == collections.SubscriptionCancelled {
			return apierr.Field("subscription", "already_cancelled", "A assinatura já está encerrada.")
		}
		if s.asaasID() == "" {
			endsNow = true
			if _, err := b.cancel(tx, s, b.now(), b.platformLoc(), false); err != nil {
				return err
			}
		} else {
			s.Set(collections.SubscriptionCancelAtEnd, true)
			if err := tx.Save(s); err != nil {
				return err
			}
		}
		out = s
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: audit.FromRequest(e), Action: ActionCancel, Collection: collections.Subscriptions,
			Record: s.Id, Changes: map[string]any{"endsAt": s.nextDue().String(), "now": endsNow},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível cancelar. Nada mudou; tente de novo.", err)
	}
	resp := map[string]any{"subscription": out.Record, "endsNow": endsNow}
	if !endsNow {
		resp["endsAt"] = out.nextDue().String()
		resp["message"] = "A assinatura termina em " + asaashook.FormatCivil(out.nextDue()) + ", no fim do período pago. Até lá tudo continua funcionando."
	}
	return e.JSON(http.StatusOK, resp)
}
