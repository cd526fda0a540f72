package hooks

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// staffRequest is the body of POST /api/bancada/staff (an invitation) and
// PATCH /api/bancada/staff/{id} (a role change).
type staffRequest struct {
	Tenant string `json:"tenant"`
	Email  string `json:"email"`
	Role   string `json:"role"`
}

// bindStaff adds the routes owners (and managers, for non-owner roles) use
// to invite people to their shop, follow the invitations, change roles,
// remove people and send them a password-reset link. Nobody changes their
// own membership, and the last owner stays an owner. Nobody but the person
// ever knows their password.
func bindStaff(app core.App, d Deps, limits StaffLimiter) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/staff")
		g.Bind(apis.RequireAuth(collections.Users))
		g.POST("", func(e *core.RequestEvent) error { return inviteStaff(e, d, limits) })
		g.POST("/invitations/{id}/resend", func(e *core.RequestEvent) error { return resendInvitation(e, d) })
		g.POST("/invitations/{id}/revoke", func(e *core.RequestEvent) error { return revokeInvitation(e, d) })
		g.PATCH("/{id}", func(e *core.RequestEvent) error { return changeStaffRole(e) })
		g.DELETE("/{id}", func(e *core.RequestEvent) error { return removeStaff(e) })
		g.POST("/{id}/password-reset", func(e *core.RequestEvent) error { return resetStaffPassword(e, d) })
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

// memberNotFound answers an unknown membership id, and one of another shop.
const memberNotFound = "Pessoa não encontrada nesta loja."

// loadTargetMembership loads the membership a staff route acts on and
// checks the caller may manage it.
func loadTargetMembership(e *core.RequestEvent, selfMessage string) (*scope.Staff, *collections.Membership, error) {
	r, err := e.App.FindRecordById(collections.Memberships, e.Request.PathValue("id"))
	if err != nil {
		return nil, nil, e.NotFoundError(memberNotFound, nil)
	}
	target := collections.AsMembership(r)
	// Another shop's member is answered exactly as an unknown id.
	sc, apiErr := scope.RequireStaffOfRecord(e, target.Tenant(), collections.RolesAdmin, memberNotFound)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	if target.User() == e.Auth.Id {
		return nil, nil, e.ForbiddenError(selfMessage, nil)
	}
	if !canGrant(sc.Membership.Role(), target.Role()) {
		return nil, nil, e.ForbiddenError("Somente quem é titular da loja pode alterar outra pessoa titular.", nil)
	}
	return sc, target, nil
}

// notYourself refuses a role change or removal of the caller's own membership.
const notYourself = "Você não pode alterar sua própria função nem se remover da loja. Peça a outra pessoa titular."

// ownerCount counts the tenant's owners.
func ownerCount(app core.App, tenantID string) (int, error) {
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{collections.MembershipTenant: tenantID, collections.MembershipRole: string(collections.RoleOwner)})
	return int(n), err
}

func changeStaffRole(e *core.RequestEvent) error {
	var req staffRequest
	if err := e.BindBody(&req); err != nil {
		return e.BadRequestError("Não foi possível ler os dados enviados.", err)
	}
	sc, target, err := loadTargetMembership(e, notYourself)
	if err != nil {
		return err
	}
	role := collections.Role(req.Role)
	if !role.Valid() {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("role", "invalid_role", "Escolha a função: titular, gerente, técnico(a) ou atendente."))
	}
	if !canGrant(sc.Membership.Role(), role) {
		return apierr.BadRequest(apierr.CheckFields, apierr.Field("role", "role_not_allowed", "Somente quem é titular da loja pode tornar alguém titular."))
	}
	old := target.Role()
	err = e.App.RunInTransaction(func(tx core.App) error {
		if old == collections.RoleOwner && role != collections.RoleOwner {
			if n, err := ownerCount(tx, target.Tenant()); err != nil || n <= 1 {
				return apierr.Field("role", "last_owner", "A loja precisa de pelo menos uma pessoa titular.")
			}
		}
		target.SetRole(role)
		if err := tx.Save(target); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: target.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionStaffRole,
			Collection: collections.Memberships, Record: target.Id,
			Changes: map[string]any{collections.MembershipRole: []string{string(old), string(role)}, collections.MembershipUser: target.User()},
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
	_, target, err := loadTargetMembership(e, notYourself)
	if err != nil {
		return err
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if target.Role() == collections.RoleOwner {
			if n, err := ownerCount(tx, target.Tenant()); err != nil || n <= 1 {
				return apierr.Field("role", "last_owner", "A loja precisa de pelo menos uma pessoa titular.")
			}
		}
		if err := tx.Delete(target); err != nil {
			return err
		}
		return audit.Write(tx, audit.Entry{
			Tenant: target.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionStaffRemove,
			Collection: collections.Memberships, Record: target.Id,
			Changes: map[string]any{collections.MembershipUser: target.User(), collections.MembershipRole: string(target.Role())},
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
