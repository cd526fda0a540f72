package hooks

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// acceptRequest is the body of POST /api/bancada/invitations/{token}/accept
// by someone not signed in: the new account's name and password.
type acceptRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// bindInvitationLinks adds the public routes an invitation link uses. The
// token is the credential: it names one invitation of one shop, works once,
// and only its hash is stored. Rate-limited per address by the
// "/api/bancada/invitations/" rule of the settings.
func bindInvitationLinks(app core.App, d Deps) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/bancada/invitations/{token}")
		g.GET("", func(e *core.RequestEvent) error { return showInvitation(e, d) })
		g.POST("/accept", func(e *core.RequestEvent) error { return acceptInvitation(e, d) })
		g.POST("/decline", func(e *core.RequestEvent) error { return declineInvitation(e, d) })
		return se.Next()
	})
}

// errInvitationNotFound answers a token that names no invitation.
var errInvitationNotFound = router.NewNotFoundError("Convite não encontrado. Confira o link ou peça um novo à loja.", nil)

// findInvitation loads the invitation of a link's token with app.
func findInvitation(app core.App, token string) (*collections.Invitation, error) {
	if len(token) < 20 || len(token) > 100 {
		return nil, errInvitationNotFound
	}
	r, err := app.FindFirstRecordByData(collections.Invitations, collections.InvitationTokenHash, collections.HashInvitationToken(token))
	if err != nil {
		return nil, errInvitationNotFound
	}
	return collections.AsInvitation(r), nil
}

// closedMessages say, per state, why an invitation no longer works.
var closedMessages = map[collections.InviteState]string{
	collections.InviteAccepted: "Este convite já foi usado. Entre com sua conta para abrir a loja.",
	collections.InviteDeclined: "Este convite foi recusado. Se mudou de ideia, peça um novo convite à loja.",
	collections.InviteRevoked:  "Este convite foi cancelado pela loja.",
	collections.InviteExpired:  "Este convite expirou. Peça à loja para enviar de novo.",
}

// openOrGone returns nil for a pending invitation, or a 410 saying why it
// no longer works (data.invitation.code is its state).
func openOrGone(inv *collections.Invitation, now time.Time) error {
	state := inv.State(now)
	if state == collections.InvitePending {
		return nil
	}
	msg := closedMessages[state]
	return router.NewApiError(http.StatusGone, msg, apierr.Field("invitation", string(state), msg))
}

// showInvitation tells the person opening a link which shop invites them,
// for which role, who invited them (first name) and until when; nothing
// else (not even the e-mail it was sent to).
func showInvitation(e *core.RequestEvent, d Deps) error {
	inv, err := findInvitation(e.App, e.Request.PathValue("token"))
	if err != nil {
		return err
	}
	if err := openOrGone(inv, d.Clock()); err != nil {
		return err
	}
	shop, err := scope.Tenant(e.App, inv.Tenant())
	if err != nil {
		return errInvitationNotFound
	}
	inviter := ""
	if u, err := e.App.FindRecordById(collections.Users, inv.InvitedBy()); err == nil {
		inviter = firstName(u.GetString(collections.UserName))
	}
	return e.JSON(http.StatusOK, map[string]any{
		"shop": shop.Name(), "role": string(inv.Role()), "inviter": inviter,
		"expires": inv.Expires().UTC().Format(time.RFC3339), "status": string(collections.InvitePending),
	})
}

// errSignInFirst answers an anonymous accept for an e-mail whose account
// belongs to someone: only that person, signed in, may accept.
var errSignInFirst = router.NewApiError(http.StatusConflict,
	"Já existe uma conta com este e-mail. Entre com sua senha para aceitar o convite (ou use \"Esqueci minha senha\").",
	apierr.Field("email", "sign_in_required", "Entre com a conta deste e-mail para aceitar o convite."))

// acceptInvitation makes the membership the invitation promised. Signed
// in, the account's e-mail must be the invited one. Not signed in, the
// person chooses a name and password: for a new account, or for an
// unclaimed one (see claimable); any other existing account must sign in
// first. The token works once.
func acceptInvitation(e *core.RequestEvent, d Deps) error {
	token := e.Request.PathValue("token")
	if _, err := findInvitation(e.App, token); err != nil {
		return err
	}
	var req acceptRequest
	signedIn := e.Auth != nil
	if signedIn && e.Auth.Collection().Name != collections.Users {
		return e.ForbiddenError("Entre com uma conta da equipe para aceitar o convite.", nil)
	}
	if !signedIn {
		if err := e.BindBody(&req); err != nil {
			return e.BadRequestError("Os dados enviados não são um JSON válido.", err)
		}
		if err := req.validate(); err != nil {
			return apierr.BadRequest(apierr.CheckFields, err)
		}
	}
	now := d.Clock()
	var (
		user       *collections.User
		membership *collections.Membership
		tenantID   string
	)
	err := e.App.RunInTransaction(func(tx core.App) error {
		// Read again inside the write transaction: two accepts of one link
		// are serialized and the second finds it accepted.
		inv, err := findInvitation(tx, token)
		if err != nil {
			return err
		}
		if err := openOrGone(inv, now); err != nil {
			return err
		}
		tenantID = inv.Tenant()
		if signedIn {
			if !strings.EqualFold(e.Auth.Email(), inv.Email()) {
				return e.ForbiddenError("Este convite foi enviado para outro e-mail. Saia e entre com a conta do e-mail convidado.", nil)
			}
			user = collections.AsUser(e.Auth)
		} else if user, err = claimOrCreate(tx, inv.Email(), req); err != nil {
			return err
		}
		membership = scope.Membership(tx, tenantID, user.Id)
		if membership == nil {
			if membership, err = collections.NewMembership(tx, tenantID, user.Id, inv.Role()); err != nil {
				return err
			}
			if err := tx.Save(membership); err != nil {
				return err
			}
		}
		inv.Answer(collections.InviteAccepted, user.Id, now)
		if err := tx.Save(inv); err != nil {
			return fmt.Errorf("save invitation: %w", err)
		}
		actor := audit.FromRequest(e)
		actor.UserID, actor.Label = user.Id, user.Name()
		return audit.Write(tx, audit.Entry{
			Tenant: tenantID, Actor: actor, Action: collections.ActionInviteAccept,
			Collection: collections.Invitations, Record: inv.Id,
			Changes: map[string]any{"email": inv.Email(), "role": string(inv.Role()), "membership": membership.Id},
		})
	})
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		if ve, ok := apierr.AsValidation(err); ok {
			return apierr.BadRequest(apierr.CheckFields, ve)
		}
		return e.InternalServerError("Não foi possível aceitar o convite. Nada foi gravado; tente de novo.", err)
	}
	out := map[string]any{"tenant": tenantID, "membership": membership.Id}
	if !signedIn {
		// Signed in straight away, like PocketBase's auth responses.
		authToken, err := user.NewAuthToken()
		if err != nil {
			return e.InternalServerError("Convite aceito, mas não foi possível entrar. Entre com seu e-mail e senha.", err)
		}
		if err := apis.EnrichRecord(e, user.Record); err != nil {
			return e.InternalServerError("", err)
		}
		user.IgnoreEmailVisibility(true)
		out["token"], out["record"] = authToken, user.Record
	}
	return e.JSON(http.StatusOK, out)
}

// validate checks the name and password a new account is made with.
func (r *acceptRequest) validate() error {
	errs := apierr.Fields{}
	r.Name = strings.Join(strings.Fields(r.Name), " ")
	if r.Name == "" {
		errs.Add("name", "required", "Informe seu nome.")
	} else if len([]rune(r.Name)) > 120 {
		errs.Add("name", "too_long", "Nome longo demais (máximo 120 caracteres).")
	}
	if len([]rune(r.Password)) < minPasswordLength {
		errs.Add("password", "password_too_short", "A senha deve ter pelo menos 8 caracteres.")
	} else if len(r.Password) > 71 {
		errs.Add("password", "password_too_long", "A senha deve ter no máximo 71 caracteres.")
	}
	return errs.Err()
}

// claimOrCreate returns the account an anonymous accept signs into: a new
// one, or an unclaimed one, which gets the chosen name and password (its
// old sessions end: PocketBase renews the token key with the password).
func claimOrCreate(tx core.App, email string, req acceptRequest) (*collections.User, error) {
	var u *collections.User
	if existing, err := tx.FindAuthRecordByEmail(collections.Users, email); err == nil {
		u = collections.AsUser(existing)
		ok, err := claimable(tx, u)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errSignInFirst
		}
	} else {
		var err error
		if u, err = collections.NewUser(tx); err != nil {
			return nil, err
		}
		u.SetEmail(email)
	}
	u.SetName(req.Name)
	u.SetPassword(req.Password)
	u.SetClaimed(true)
	if err := tx.Save(u); err != nil {
		return nil, fmt.Errorf("save account: %w", err)
	}
	return u, nil
}

// claimable reports whether an existing account belongs to nobody, so
// that accepting an invitation may set its password: it was never claimed
// (its password was only ever one someone else chose, see
// collections.UserClaimed) and it works in no shop, so claiming it opens
// nothing but the inviting shop.
func claimable(app core.App, u *collections.User) (bool, error) {
	if u.Claimed() {
		return false, nil
	}
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{collections.MembershipUser: u.Id})
	if err != nil {
		return false, fmt.Errorf("count memberships: %w", err)
	}
	return n == 0, nil
}

// declineInvitation closes an invitation at the invited person's request.
func declineInvitation(e *core.RequestEvent, d Deps) error {
	token := e.Request.PathValue("token")
	now := d.Clock()
	err := e.App.RunInTransaction(func(tx core.App) error {
		inv, err := findInvitation(tx, token)
		if err != nil {
			return err
		}
		if err := openOrGone(inv, now); err != nil {
			return err
		}
		inv.Answer(collections.InviteDeclined, "", now)
		if err := tx.Save(inv); err != nil {
			return fmt.Errorf("save invitation: %w", err)
		}
		return audit.Write(tx, audit.Entry{
			Tenant: inv.Tenant(), Actor: audit.FromRequest(e), Action: collections.ActionInviteDecline,
			Collection: collections.Invitations, Record: inv.Id, Changes: map[string]any{"email": inv.Email()},
		})
	})
	if err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		return e.InternalServerError("Não foi possível recusar o convite.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"status": string(collections.InviteDeclined)})
}
