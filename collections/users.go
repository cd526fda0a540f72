package collections

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/dbutils"
	"github.com/pocketbase/pocketbase/tools/types"
)

// User fields (besides PocketBase's auth fields: email, password, verified...).
const (
	UserName   = "name"
	UserPhone  = "phone"
	UserAvatar = "avatar"
	// UserClaimed is set once the person proved they own the account by
	// choosing its password themselves: at signup, on accepting an
	// invitation, or through a password-reset link. Accounts made by the
	// former staff route (a temporary password the inviter knew) are
	// unclaimed until then. Hidden: clients neither read nor set it.
	UserClaimed = "claimed"
)

func defineUsers(app core.App, c *core.Collection) error {
	if c.IsNew() {
		// PocketBase creates users in its own init migration; being here
		// means that migration did not run.
		c.Type = core.CollectionTypeAuth
	}
	c.Fields.Add(
		&core.TextField{Name: UserName, Max: 120, Presentable: true},
		text(UserPhone, 20),
		&core.BoolField{Name: UserClaimed, Hidden: true},
	)
	self := `id = @request.auth.id`
	teammate := `memberships_via_user.tenant.memberships_via_tenant.user ?= @request.auth.id`
	c.ListRule = types.Pointer(self + " || " + teammate)
	c.ViewRule = types.Pointer(self + " || " + teammate)
	c.CreateRule = nil // no public sign-up: the signup and invitation routes create users
	c.UpdateRule = types.Pointer(self)
	c.DeleteRule = nil
	caseInsensitiveEmail(c)
	portugueseEmails(c)
	c.PasswordAuth.Enabled = true
	c.PasswordAuth.IdentityFields = []string{"email"}
	return nil
}

// User is a typed proxy of a users record: a person who works in one or
// more shops.
type User struct{ core.BaseRecordProxy }

// AsUser wraps a users record.
func AsUser(r *core.Record) *User {
	u := &User{}
	u.SetProxyRecord(r)
	return u
}

// NewUser returns an unsaved user.
func NewUser(app core.App) (*User, error) {
	c, err := app.FindCachedCollectionByNameOrId(Users)
	if err != nil {
		return nil, err
	}
	return AsUser(core.NewRecord(c)), nil
}

// Name is the person's name.
func (u *User) Name() string { return u.GetString(UserName) }

// SetName sets the person's name.
func (u *User) SetName(v string) { u.Set(UserName, v) }

// Claimed reports whether the person chose the account's password
// themselves (see UserClaimed).
func (u *User) Claimed() bool { return u.GetBool(UserClaimed) }

// SetClaimed marks the account as its person's own.
func (u *User) SetClaimed(v bool) { u.Set(UserClaimed, v) }

// Phone is the person's phone (E.164 digits).
func (u *User) Phone() string { return u.GetString(UserPhone) }

// SetPhone sets the person's phone.
func (u *User) SetPhone(v string) { u.Set(UserPhone, v) }

// caseInsensitiveEmail makes the users' unique e-mail index COLLATE NOCASE,
// so "Maria@Loja.com" and "maria@loja.com" are one person: sign-in, signup
// and staff invitations all find them (PocketBase's FindAuthRecordByEmail
// follows the index's collation).
func caseInsensitiveEmail(c *core.Collection) {
	for _, raw := range c.Indexes {
		idx := dbutils.ParseIndex(raw)
		if idx.Unique && len(idx.Columns) == 1 && strings.EqualFold(idx.Columns[0].Name, "email") {
			if strings.EqualFold(idx.Columns[0].Collate, "nocase") {
				return
			}
			c.RemoveIndex(idx.IndexName)
			c.AddIndex(idx.IndexName, true, "`email` COLLATE NOCASE", "`email` != ''")
			return
		}
	}
}

// portugueseEmails sets the auth e-mails staff receive, in Portuguese, with
// links into the staff app (not the operators' dashboard).
func portugueseEmails(c *core.Collection) {
	c.ResetPasswordTemplate = core.EmailTemplate{
		Subject: "Defina sua senha do {APP_NAME}",
		Body: `<p>Olá!</p>
<p>Recebemos um pedido para definir a senha da sua conta no {APP_NAME}.</p>
<p><a href="{APP_URL}/redefinir-senha/{TOKEN}">Definir minha senha</a></p>
<p>Se não foi você, ignore este e-mail: sua senha continua a mesma.</p>
<p>Equipe {APP_NAME}</p>`,
	}
	c.VerificationTemplate = core.EmailTemplate{
		Subject: "Confirme seu e-mail no {APP_NAME}",
		Body: `<p>Olá!</p>
<p>Confirme seu e-mail para usar o {APP_NAME}.</p>
<p><a href="{APP_URL}/_/#/auth/confirm-verification/{TOKEN}">Confirmar e-mail</a></p>
<p>Equipe {APP_NAME}</p>`,
	}
	c.ConfirmEmailChangeTemplate = core.EmailTemplate{
		Subject: "Confirme seu novo e-mail no {APP_NAME}",
		Body: `<p>Olá!</p>
<p>Confirme a troca do e-mail da sua conta no {APP_NAME}.</p>
<p><a href="{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}">Confirmar novo e-mail</a></p>
<p>Se não foi você, ignore este e-mail.</p>
<p>Equipe {APP_NAME}</p>`,
	}
}
