package hooks

import (
	"fmt"
	"html"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
	"github.com/bancada/bancada/token"
)

// InvitationPath is the staff app's page an invitation link opens
// (followed by the token).
const InvitationPath = "/convite/"

// ResetPasswordPath is the staff app's page a password-reset link opens
// (followed by PocketBase's reset token).
const ResetPasswordPath = "/redefinir-senha/"

// appBaseURL is where links into the staff app point.
func appBaseURL(app core.App, d Deps) string {
	return d.Config.PublicURLOr(app.Settings().Meta.AppURL)
}

// invitationOut is what the staff routes answer about an invitation: the
// invitation itself and never anything about an account that may exist
// with its e-mail.
func invitationOut(i *collections.Invitation, link string, emailed bool, now time.Time) map[string]any {
	out := map[string]any{
		"invitation": map[string]any{
			"id": i.Id, "email": i.Email(), "role": string(i.Role()),
			"expires": i.Expires().UTC().Format(time.RFC3339), "status": string(i.State(now)),
		},
		"emailed": emailed,
	}
	if link != "" {
		out["link"] = link
	}
	return out
}

// inviteStaff creates a pending invitation (POST /api/bancada/staff). The
// answer is the same whether or not an account with the e-mail exists.
func inviteStaff(e *core.RequestEvent, d Deps, limits StaffLimiter) error {
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
		errs.Add("role", "invalid_role", "Escolha a função: titular, gerente, técnico(a) ou atendente.")
	} else if !canGrant(sc.Membership.Role(), role) {
		errs.Add("role", "role_not_allowed", "Somente quem é titular da loja pode convidar outra pessoa titular.")
	}
	email, ok := normEmail(req.Email)
	if !ok {
		errs.Add("email", "invalid_email", "Informe um e-mail válido.")
	}
	if err := errs.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}

	now := d.Clock()
	token := token.Link()
	var inv *collections.Invitation
	err := e.App.RunInTransaction(func(tx core.App) error {
		// The shop's own team is no secret to its owner: someone already
		// in it is named. Whether an account exists elsewhere never shows.
		if u, err := tx.FindAuthRecordByEmail(collections.Users, email); err == nil && scope.Membership(tx, sc.Tenant.Id, u.Id) != nil {
			return apierr.Field("email", "already_member", "Esta pessoa já trabalha nesta loja.")
		}
		if err := limits.CheckStaffLimit(tx, sc.Tenant.Id); err != nil {
			return err
		}
		open := &core.Record{}
		err := tx.RecordQuery(collections.Invitations).AndWhere(dbx.HashExp{
			collections.InvitationTenant: sc.Tenant.Id, collections.InvitationEmail: email,
			collections.InvitationStatus: string(collections.InvitePending),
		}).Limit(1).One(open)
		if err == nil {
			old := collections.AsInvitation(open)
			if old.State(now) == collections.InvitePending {
				return apierr.Field("email", "already_invited", "Este e-mail já tem um convite pendente. Use \"Reenviar\" na lista de convites.")
			}
			old.Answer(collections.InviteExpired, "", now)
			if err := tx.Save(old); err != nil {
				return fmt.Errorf("expire old invitation: %w", err)
			}
		}
		inv, err = collections.NewInvitation(tx, sc.Tenant.Id, email, role)
		if err != nil {
			return err
		}
		inv.SetInvitedBy(e.Auth.Id)
		inv.SetToken(token, now.Add(collections.InvitationTTL))
		if err := tx.Save(inv); err != nil {
			return fmt.Errorf("save invitation: %w", err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: collections.ActionInviteSend,
			Collection: collections.Invitations, Record: inv.Id,
			Changes: map[string]any{"email": email, "role": string(role)},
		})
	})
	if err != nil {
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível criar o convite. Nada foi gravado.", err)
	}
	link := appBaseURL(e.App, d) + InvitationPath + token
	emailed := mailInvitation(e.App, sc.Tenant, e.Auth, inv, link)
	return e.JSON(http.StatusOK, invitationOut(inv, link, emailed, now))
}

// invitationNotFound answers an unknown invitation id, and one of another shop.
const invitationNotFound = "Convite não encontrado nesta loja."

// loadInvitation loads the invitation a staff route acts on and checks the
// caller may manage it (its own shop decides; managers never touch an
// owner's invitation).
func loadInvitation(e *core.RequestEvent) (*scope.Staff, *collections.Invitation, error) {
	r, err := e.App.FindRecordById(collections.Invitations, e.Request.PathValue("id"))
	if err != nil {
		return nil, nil, e.NotFoundError(invitationNotFound, nil)
	}
	inv := collections.AsInvitation(r)
	// Another shop's invitation is answered exactly as an unknown id.
	sc, apiErr := scope.RequireStaffOfRecord(e, inv.Tenant(), collections.RolesAdmin, invitationNotFound)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	if !canGrant(sc.Membership.Role(), inv.Role()) {
		return nil, nil, e.ForbiddenError("Somente quem é titular da loja pode mexer no convite de outra pessoa titular.", nil)
	}
	return sc, inv, nil
}

// notPending refuses to act on an invitation that was answered.
func notPending() error {
	return apierr.BadRequest("Este convite não está mais pendente.",
		apierr.Field("status", "not_pending", "Este convite já foi aceito, recusado ou cancelado."))
}

// resendInvitation gives a pending invitation a new link and a new expiry
// (the old link stops working) and e-mails it again when SMTP is set.
func resendInvitation(e *core.RequestEvent, d Deps) error {
	sc, inv, err := loadInvitation(e)
	if err != nil {
		return err
	}
	if inv.Status() != collections.InvitePending {
		return notPending()
	}
	now := d.Clock()
	token := token.Link()
	err = e.App.RunInTransaction(func(tx core.App) error {
		inv.SetToken(token, now.Add(collections.InvitationTTL))
		if err := tx.Save(inv); err != nil {
			return fmt.Errorf("save invitation: %w", err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: inv.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionInviteResend,
			Collection: collections.Invitations, Record: inv.Id, Changes: map[string]any{"email": inv.Email()},
		})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível renovar o convite.", err)
	}
	link := appBaseURL(e.App, d) + InvitationPath + token
	emailed := mailInvitation(e.App, sc.Tenant, e.Auth, inv, link)
	return e.JSON(http.StatusOK, invitationOut(inv, link, emailed, now))
}

// revokeInvitation cancels a pending invitation: its link stops working.
func revokeInvitation(e *core.RequestEvent, d Deps) error {
	_, inv, err := loadInvitation(e)
	if err != nil {
		return err
	}
	if inv.Status() != collections.InvitePending {
		return notPending()
	}
	now := d.Clock()
	err = e.App.RunInTransaction(func(tx core.App) error {
		inv.Answer(collections.InviteRevoked, "", now)
		if err := tx.Save(inv); err != nil {
			return fmt.Errorf("save invitation: %w", err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: inv.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionInviteRevoke,
			Collection: collections.Invitations, Record: inv.Id, Changes: map[string]any{"email": inv.Email()},
		})
	})
	if err != nil {
		return e.InternalServerError("Não foi possível cancelar o convite.", err)
	}
	return e.JSON(http.StatusOK, invitationOut(inv, "", false, now))
}

// resetStaffPassword lets an owner or manager help a member who forgot
// their password: PocketBase's reset e-mail when SMTP is set, otherwise a
// one-time reset link for the caller to pass on. The caller never sees or
// sets the password; the link dies once used or when the password changes.
func resetStaffPassword(e *core.RequestEvent, d Deps) error {
	_, target, err := loadTargetMembership(e, "Para trocar a sua própria senha, use \"Minha conta\".")
	if err != nil {
		return err
	}
	user, err := e.App.FindRecordById(collections.Users, target.User())
	if err != nil {
		return e.NotFoundError(memberNotFound, nil)
	}
	emailed := false
	out := map[string]any{}
	if e.App.Settings().SMTP.Enabled {
		if err := mails.SendRecordPasswordReset(e.App, user); err != nil {
			e.App.Logger().Warn("staff password reset e-mail failed", "error", err)
		} else {
			emailed = true
		}
	}
	if !emailed {
		token, err := user.NewPasswordResetToken()
		if err != nil {
			return e.InternalServerError("Não foi possível criar o link.", err)
		}
		out["link"] = appBaseURL(e.App, d) + ResetPasswordPath + token
	}
	out["emailed"] = emailed
	if err := audit.Write(e.App, audit.Entry{
		Tenant: target.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionPasswordReset,
		Collection: collections.Memberships, Record: target.Id,
		Changes: map[string]any{"user": target.User(), "emailed": emailed},
	}); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, out)
}

// firstName is the first word of a person's name (what an invitation
// shows of who sent it).
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// mailInvitation e-mails the invitation link when SMTP is configured and
// reports whether it went out; the caller always gets the link anyway.
func mailInvitation(app core.App, shop *collections.Tenant, inviter *core.Record, inv *collections.Invitation, link string) bool {
	s := app.Settings()
	if !s.SMTP.Enabled {
		return false
	}
	who := firstName(inviter.GetString(collections.UserName))
	if who == "" {
		who = "A equipe"
	}
	until := br.DateTime(inv.Expires(), br.LoadLocation(shop.Timezone()))
	text := fmt.Sprintf("Olá!\n\n%s convidou você para a equipe da loja %s no %s, na função %s.\n\n"+
		"Para aceitar, abra o link abaixo e entre com sua conta ou crie sua senha:\n%s\n\n"+
		"O convite vale até %s. Se você não esperava este convite, ignore este e-mail.\n\nEquipe %s",
		who, shop.Name(), s.Meta.AppName, inv.Role().Label(), link, until, s.Meta.AppName)
	body := strings.ReplaceAll(html.EscapeString(text), "\n", "<br>")
	body = strings.Replace(body, html.EscapeString(link), `<a href="`+html.EscapeString(link)+`">`+html.EscapeString(link)+`</a>`, 1)
	msg := &mailer.Message{
		From:    mail.Address{Name: s.Meta.SenderName, Address: s.Meta.SenderAddress},
		To:      []mail.Address{{Address: inv.Email()}},
		Subject: fmt.Sprintf("Convite para a equipe da loja %s", shop.Name()),
		Text:    text,
		HTML:    "<p>" + body + "</p>",
	}
	if err := app.NewMailClient().Send(msg); err != nil {
		app.Logger().Warn("invitation e-mail failed", "error", err)
		return false
	}
	return true
}
