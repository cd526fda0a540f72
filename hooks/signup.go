package hooks

import (
	"net/http"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
)

// signupRequest is the body of POST /api/bancada/signup.
type signupRequest struct {
	Shop struct {
		Name    string `json:"name"`
		CNPJ    string `json:"cnpj"`
		Email   string `json:"email"`
		Phone   string `json:"phone"`
		Address string `json:"address"`
	} `json:"shop"`
	Owner struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		Password string `json:"password"`
	} `json:"owner"`
	// Plan is the id of the chosen plan; empty picks the cheapest active one.
	Plan string `json:"plan"`
}

// minPasswordLength matches PocketBase's own minimum.
const minPasswordLength = 8

// validate normalises the request and returns per-field errors in
// Portuguese ("shop.cnpj", "owner.email", ...).
func (r *signupRequest) validate() error {
	shop, owner := apierr.Fields{}, apierr.Fields{}
	r.Shop.Name = strings.Join(strings.Fields(r.Shop.Name), " ")
	if r.Shop.Name == "" {
		shop.Add("name", "required", "Informe o nome da loja.")
	} else if len([]rune(r.Shop.Name)) > 120 {
		shop.Add("name", "too_long", "Nome da loja longo demais (máximo 120 caracteres).")
	}
	if strings.TrimSpace(r.Shop.CNPJ) == "" {
		shop.Add("cnpj", "required", "Informe o CNPJ da loja.")
	} else if c, err := br.ValidateCNPJ(r.Shop.CNPJ); err != nil {
		shop.Add("cnpj", "invalid_cnpj", err.Error())
	} else {
		r.Shop.CNPJ = c
	}
	if e, ok := normEmail(r.Shop.Email); !ok {
		shop.Add("email", "invalid_email", "Informe um e-mail válido para a loja.")
	} else {
		r.Shop.Email = e
	}
	if strings.TrimSpace(r.Shop.Phone) == "" {
		shop.Add("phone", "required", "Informe o telefone da loja.")
	} else if p, err := br.NormalizePhone(r.Shop.Phone); err != nil {
		shop.Add("phone", "invalid_phone", "Telefone inválido. Use DDD + número, ex.: (11) 98765-4321.")
	} else {
		r.Shop.Phone = p
	}
	r.Shop.Address = strings.TrimSpace(r.Shop.Address)
	if len([]rune(r.Shop.Address)) > 300 {
		shop.Add("address", "too_long", "Endereço longo demais (máximo 300 caracteres).")
	}
	r.Owner.Name = strings.Join(strings.Fields(r.Owner.Name), " ")
	if r.Owner.Name == "" {
		owner.Add("name", "required", "Informe seu nome.")
	}
	if e, ok := normEmail(r.Owner.Email); !ok {
		owner.Add("email", "invalid_email", "Informe um e-mail válido.")
	} else {
		r.Owner.Email = e
	}
	if len([]rune(r.Owner.Password)) < minPasswordLength {
		owner.Add("password", "password_too_short", "A senha deve ter pelo menos 8 caracteres.")
	} else if len(r.Owner.Password) > 71 {
		owner.Add("password", "password_too_long", "A senha deve ter no máximo 71 caracteres.")
	}
	all := apierr.Fields{}
	all.Nest("shop", shop)
	all.Nest("owner", owner)
	return all.Err()
}

func normEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.Index(s, "@"):], ".") {
		return "", false
	}
	return s, true
}

// bindSignup adds POST /api/bancada/signup: a shop and its owner are
// created in one transaction (tenant, user, membership, pending
// subscription) and the owner gets an auth token, like PocketBase's own
// auth responses. Rate-limited per IP by the settings migration's rule.
func bindSignup(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/bancada/signup", func(e *core.RequestEvent) error {
			var req signupRequest
			if err := e.BindBody(&req); err != nil {
				return e.BadRequestError("Não foi possível ler os dados enviados.", err)
			}
			if err := req.validate(); err != nil {
				return apierr.BadRequest(apierr.CheckFields, err)
			}

			var tenant *collections.Tenant
			var user *collections.User
			err := e.App.RunInTransaction(func(tx core.App) error {
				if _, err := tx.FindFirstRecordByData(collections.Tenants, collections.TenantCNPJ, req.Shop.CNPJ); err == nil {
					return apierr.Nested("shop", "cnpj", "cnpj_taken", "Já existe uma loja cadastrada com este CNPJ.")
				}
				if _, err := tx.FindAuthRecordByEmail(collections.Users, req.Owner.Email); err == nil {
					return apierr.Nested("owner", "email", "email_taken",
						"Este e-mail já tem uma conta. Entre com ele e peça ao dono da loja para adicioná-lo, ou use outro e-mail.")
				}
				planID, err := pickPlan(tx, req.Plan)
				if err != nil {
					return err
				}

				t, err := collections.NewTenant(tx)
				if err != nil {
					return err
				}
				t.SetName(req.Shop.Name)
				t.SetCNPJ(req.Shop.CNPJ)
				t.SetEmail(req.Shop.Email)
				t.SetPhone(req.Shop.Phone)
				t.SetAddress(req.Shop.Address)
				t.SetPlan(planID)
				t.SetSettings(collections.TenantSettings{})
				if err := tx.Save(t); err != nil {
					return err
				}

				u, err := collections.NewUser(tx)
				if err != nil {
					return err
				}
				u.SetName(req.Owner.Name)
				u.SetEmail(req.Owner.Email)
				u.SetPassword(req.Owner.Password)
				u.SetClaimed(true)
				if err := tx.Save(u); err != nil {
					return err
				}

				m, err := collections.NewMembership(tx, t.Id, u.Id, collections.RoleOwner)
				if err != nil {
					return err
				}
				if err := tx.Save(m); err != nil {
					return err
				}
				if err := createPendingSubscription(tx, t.Id, planID); err != nil {
					return err
				}
				actor := audit.FromRequest(e)
				actor.UserID, actor.Label = u.Id, u.Name()
				if err := audit.Write(tx, audit.Entry{
					Tenant: t.Id, Actor: actor, Action: collections.ActionSignup,
					Collection: collections.Tenants, Record: t.Id,
					Changes: map[string]any{collections.TenantName: t.Name(), collections.TenantCNPJ: t.CNPJ(), "owner": u.Email()},
				}); err != nil {
					return err
				}
				tenant, user = t, u
				return nil
			})
			if err != nil {
				if ve, ok := apierr.AsValidation(err); ok {
					return apierr.BadRequest(apierr.CheckFields, ve)
				}
				return e.InternalServerError("Não foi possível concluir o cadastro. Nada foi gravado; tente de novo.", err)
			}

			token, err := user.NewAuthToken()
			if err != nil {
				return e.InternalServerError("Cadastro feito, mas não foi possível entrar. Entre com seu e-mail e senha.", err)
			}
			if err := apis.EnrichRecord(e, user.Record); err != nil {
				return e.InternalServerError("", err)
			}
			user.IgnoreEmailVisibility(true) // the owner's own record, as in PocketBase's auth responses
			if err := apis.EnrichRecord(e, tenant.Record); err != nil {
				return e.InternalServerError("", err)
			}
			return e.JSON(http.StatusOK, map[string]any{"token": token, "record": user.Record, "tenant": tenant.Record})
		})
		return se.Next()
	})
}

// pickPlan returns the chosen active plan, or the cheapest active one.
func pickPlan(app core.App, id string) (string, error) {
	if id != "" {
		p := &core.Record{}
		err := app.RecordQuery(collections.Plans).
			AndWhere(dbx.HashExp{collections.FieldID: id, collections.PlanActive: true}).Limit(1).One(p)
		if err != nil {
			return "", apierr.Field("plan", "invalid_plan", "Plano não encontrado.")
		}
		return p.Id, nil
	}
	var ps []*core.Record
	err := app.RecordQuery(collections.Plans).AndWhere(dbx.HashExp{collections.PlanActive: true}).
		OrderBy(collections.PlanPriceCents + " ASC").Limit(1).All(&ps)
	if err != nil || len(ps) == 0 {
		return "", nil // no plans configured: the shop runs without one
	}
	return ps[0].Id, nil
}

// createPendingSubscription records the shop's plan; billing (when the
// platform's Asaas account is configured) creates it at Asaas.
func createPendingSubscription(app core.App, tenantID, planID string) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.Subscriptions)
	if err != nil {
		return err
	}
	s := core.NewRecord(col)
	s.Set(collections.SubscriptionTenant, tenantID)
	s.Set(collections.SubscriptionStatusField, string(collections.SubscriptionPending))
	if planID != "" {
		p, err := app.FindRecordById(collections.Plans, planID)
		if err != nil {
			return err
		}
		s.Set(collections.SubscriptionPlan, planID)
		s.Set(collections.SubscriptionValueCents, p.GetInt(collections.PlanPriceCents))
	}
	return app.Save(s)
}
