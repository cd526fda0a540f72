package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tools/security"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// staffRequest is the body of POST /api/bancada/staff and PATCH
// /api/bancada/staff/{id}.
type staffRequest struct {
	Tenant string `json:"tenant"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Role   string `json:"role"`
}

// bindStaff adds the routes owners (and managers, for non-owner roles) use
// to add people to their shop, change their role and remove them. Nobody
// changes their own membership, and the last owner stays an owner.
func bindStaff(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/staff")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("", func(e *core.RequestEvent) error { return addStaff(e, d) })
		g.PATCH("/{id}", func(e *core.RequestEvent) error { return changeStaffRole(e) })
		g.DELETE("/{id}", func(e *core.RequestEvent) error { return removeStaff(e) })
		return se.Next()
	})
}

// canGrant reports whether a caller with role by may give or take role r.
func canGrant(by, r collections.Role) bool {
	switch by {
	case collections.RoleOwner:
		return true
	case collections.RoleManager:
		return r != collections.RoleOwner
	}
	return false
}

func addStaff(e *core.RequestEvent, d Deps) error {
	var req staffRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, apiErr := scope.RequireStaff(e, req.Tenant, collections.RolesAdmin)
	if apiErr != nil {
		return apiErr
	}
	errs := apierr.Fields{}
	role := collections.Role(req.Role)
	if !role.Valid() {
		errs.Add("role", "invalid_role", "Escolha a função: proprietário, gerente, técnico ou atendente.")
	} else if !canGrant(sc.Membership.Role(), role) {
		errs.Add("role", "role_not_allowed", "Somente o proprietário pode adicionar outro proprietário.")
	}
	email, ok := normEmail(req.Email)
	if !ok {
		errs.Add("email", "invalid_email", "Informe um e-mail válido.")
	}
	name := strings.Join(strings.Fields(req.Name), " ")
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}

	var (
		member       *collections.Membership
		user         *core.Record
		tempPassword string
	)
	err := e.App.RunInTransaction(func(tx core.App) error {
		existing, err := tx.FindAuthRecordByEmail(collections.Users, email)
		if err == nil {
			user = existing
			if scope.Membership(tx, sc.Tenant.Id, user.Id) != nil {
				return apierr.Field("email", "already_member", "Esta pessoa já trabalha nesta loja.")
			}
		} else {
			if name == "" {
				return apierr.Field("name", "required", "Informe o nome da pessoa.")
			}
			u, err := collections.NewUser(tx)
			if err != nil {
				return err
			}
			u.SetName(name)
			u.SetEmail(email)
			tempPassword = security.RandomStringWithAlphabet(12, "abcdefghijkmnpqrstuvwxyz23456789")
			u.SetPassword(tempPassword)
			if err := tx.Save(u); err != nil {
				return err
			}
			user = u.Record
		}
		m, err := collections.NewMembership(tx, sc.Tenant.Id, user.Id, role)
		if err != nil {
			return err
		}
		if err := tx.Save(m); err != nil {
			return err
		}
		member = m
		return audit.Write(tx, audit.Entry{
			Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: collections.ActionStaffAdd,
			Collection: collections.Memberships, Record: m.Id,
			Changes: map[string]any{"email": email, "role": string(role), "new_user": tempPassword != ""},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível adicionar a pessoa. Nada foi gravado.", err)
	}

	// A new person gets an invitation (a "set your password" e-mail) when
	// SMTP is configured; otherwise the caller hands them the temporary
	// password shown once.
	out := map[string]any{"membership": member.Record, "user": user, "invited": false}
	if tempPassword != "" {
		if e.App.Settings().SMTP.Enabled {
			if err := mails.SendRecordPasswordReset(e.App, user); err != nil {
				e.App.Logger().Warn("staff invitation e-mail failed", "error", err)
				out["tempPassword"] = tempPassword
			} else {
				out["invited"] = true
			}
		} else {
			out["tempPassword"] = tempPassword
		}
	}
	user.IgnoreEmailVisibility(true)
	return e.JSON(http.StatusOK, out)
}

// loadTargetMembership loads the membership a staff route acts on and
// checks the caller may manage it.
func loadTargetMembership(e *core.RequestEvent) (*scope.Staff, *collections.Membership, error) {
	r, err := e.App.FindRecordById(collections.Memberships, e.Request.PathValue("id"))
	if err != nil {
		return nil, nil, e.NotFoundError("Pessoa não encontrada nesta loja.", nil)
	}
	target := collections.AsMembership(r)
	sc, apiErr := scope.RequireStaffOf(e, target.Tenant(), collections.RolesAdmin)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	if target.User() == e.Auth.Id {
		return nil, nil, e.ForbiddenError("Você não pode alterar sua própria função nem se remover da loja. Peça a outro proprietário.", nil)
	}
	if !canGrant(sc.Membership.Role(), target.Role()) {
		return nil, nil, e.ForbiddenError("Somente o proprietário pode alterar outro proprietário.", nil)
	}
	return sc, target, nil
}

// ownerCount counts the tenant's owners.
func ownerCount(app core.App, tenantID string) (int, error) {
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenantID, "role": string(collections.RoleOwner)})
	return int(n), err
}

func changeStaffRole(e *core.RequestEvent) error {
	var req staffRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, target, err := loadTargetMembership(e)
	if err != nil {
		return err
	}
	role := collections.Role(req.Role)
	if !role.Valid() {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("role", "invalid_role", "Escolha a função: proprietário, gerente, técnico ou atendente."))
	}
	if !canGrant(sc.Membership.Role(), role) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("role", "role_not_allowed", "Somente o proprietário pode promover alguém a proprietário."))
	}
	old := target.Role()
	err = e.App.RunInTransaction(func(tx core.App) error {
		if old == collections.RoleOwner && role != collections.RoleOwner {
			if n, err := ownerCount(tx, target.Tenant()); err != nil || n <= 1 {
				return apierr.Field("role", "last_owner", "A loja precisa de pelo menos um proprietário.")
			}
		}
		target.SetRole(role)
		if err := tx.Save(target); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: target.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionStaffRole,
			Collection: collections.Memberships, Record: target.Id,
			Changes: map[string]any{"role": []string{string(old), string(role)}, "user": target.User()},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, target.Record)
}

func removeStaff(e *core.RequestEvent) error {
	_, target, err := loadTargetMembership(e)
	if err != nil {
		return err
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if target.Role() == collections.RoleOwner {
			if n, err := ownerCount(tx, target.Tenant()); err != nil || n <= 1 {
				return apierr.Field("role", "last_owner", "A loja precisa de pelo menos um proprietário.")
			}
		}
		if err := tx.Delete(target); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: target.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionStaffRemove,
			Collection: collections.Memberships, Record: target.Id,
			Changes: map[string]any{"user": target.User(), "role": string(target.Role())},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("", err)
	}
	return e.NoContent(http.StatusNoContent)
}
