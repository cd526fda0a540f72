package ui_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invitePath is the app path of an invitation link (the server's public
// URL may differ from the test's address).
func invitePath(t *testing.T, link string) string {
	t.Helper()
	i := strings.Index(link, "/convite/")
	require.GreaterOrEqual(t, i, 0, link)
	return link[i:]
}

// TestAPersonJoinsTheTeamByInvitation: the owner invites an e-mail on the
// team screen and gets a link to copy or send on WhatsApp; the person
// opens it in their own browser (a phone), chooses their password and
// lands in the shop; the owner sees them on the team and the invitation
// gone; the link then says it was used. The person changes their own
// password in "Minha conta"; the owner can only send them a reset link.
func TestAPersonJoinsTheTeamByInvitation(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	o := newTab(t, env, 1280, 900)
	o.signIn(owner, "/equipe")
	o.waitText("h1", "Equipe")

	email := fmt.Sprintf("convidada%d@loja.test", rand.IntN(1e9))
	o.typeInto("#s-email", email)
	o.selectValue("#s-role", "technician")
	o.clickText("Convidar")
	o.waitJS(`(document.querySelector('[data-testid=share-link]')?.value || '').includes('/convite/')`)
	o.waitText("[data-testid=invite-list]", email)
	link := eval[string](o, `document.querySelector('[data-testid=share-link]').value`)
	wa := eval[string](o, `[...document.querySelectorAll('[data-testid=share] a')].find((a) => a.innerText.includes('WhatsApp')).href`)
	require.True(t, strings.HasPrefix(wa, "https://wa.me/?text="), wa)
	text, err := url.QueryUnescape(strings.TrimPrefix(wa, "https://wa.me/?text="))
	require.NoError(t, err)
	assert.Contains(t, text, "convite para a equipe da loja "+demoShop)
	assert.Contains(t, text, link)
	o.screenshot("staff-invite")

	// The person, on a phone, in a browser that never signed in.
	p := newTab(t, env, 360, 740)
	p.open(invitePath(t, link))
	p.waitText("h1", "Convite para a equipe")
	p.waitText("[data-testid=invite-summary]", demoShop)
	p.waitText("[data-testid=invite-summary]", "Técnico")
	assert.NotContains(t, p.bodyText(), email, "the page does not show the invited e-mail")
	p.screenshot("invite-accept-360")
	p.typeInto("#i-name", "Bianca Convidada")
	p.typeInto("#i-pass", "senha-da-bianca")
	p.typeInto("#i-confirm", "senha-da-bianca")
	p.clickText("Aceitar e entrar")
	p.waitText("[data-testid=shop-name]", demoShop)
	assert.LessOrEqual(t, eval[int](p, `document.documentElement.scrollWidth`), 360, "no horizontal scroll at 360 px")

	// The owner sees Bianca on the team; the invitation is gone.
	o.open("/equipe")
	o.waitText("[data-testid=staff-list]", "Bianca Convidada")
	assert.NotContains(t, o.bodyText(), email+"\n", "no longer pending")
	o.waitJS(`!document.querySelector('[data-testid=invite-list]') || !document.querySelector('[data-testid=invite-list]').innerText.includes(` + fmt.Sprintf("%q", email) + `)`)

	// The link works once.
	q := newTab(t, env, 360, 740)
	q.open(invitePath(t, link))
	q.waitText("[data-testid=invite-closed]", "Convite já usado")

	// Bianca changes her own password.
	p.open("/conta")
	p.waitText("h1", "Minha conta")
	assert.LessOrEqual(t, eval[int](p, `document.documentElement.scrollWidth`), 360, "no horizontal scroll at 360 px")
	p.screenshot("account-360")
	p.typeInto("#pw-current", "senha-da-bianca")
	p.typeInto("#pw-next", "nova-senha-da-bianca")
	p.typeInto("#pw-confirm", "nova-senha-da-bianca")
	p.clickText("Trocar senha")
	p.waitText("[role=status], .toast, body", "Senha alterada")
	assert.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": email, "password": "nova-senha-da-bianca"}, nil))

	// The team screen works on a phone too.
	m := newTab(t, env, 360, 740)
	m.signIn(owner, "/equipe")
	m.typeInto("#s-email", fmt.Sprintf("outra%d@loja.test", rand.IntN(1e9)))
	m.clickText("Convidar")
	m.waitJS(`(document.querySelector('[data-testid=share-link]')?.value || '').includes('/convite/')`)
	assert.LessOrEqual(t, eval[int](m, `document.documentElement.scrollWidth`), 360, "no horizontal scroll at 360 px")
	m.screenshot("staff-360")

	// The owner helps with a forgotten password: a reset link, never a password.
	eval[bool](o, `(window.confirm = () => true, true)`)
	eval[bool](o, `([...document.querySelectorAll('[data-testid=staff-list] li')].find((li) => li.innerText.includes('Bianca Convidada')).querySelector('[data-testid=reset-password]').click(), true)`)
	o.waitJS(`(document.querySelector('[data-testid=share-link]')?.value || '').includes('/redefinir-senha/')`)
	o.waitText("[data-testid=share]", "Só a pessoa escolhe a nova senha")
}

// TestInvitationPageStates: a cancelled link and a declined one say so; a
// person who already has an account accepts signed in and lands in the
// new shop.
func TestInvitationPageStates(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	tenant := env.tenantOf(t, owner)
	var inv struct {
		Invitation struct {
			ID string `json:"id"`
		} `json:"invitation"`
		Link string `json:"link"`
	}
	newInvite := func(token, tenantID, email string) {
		t.Helper()
		require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/staff", token,
			map[string]any{"tenant": tenantID, "email": email, "role": "attendant"}, &inv))
	}

	// cancelled on the team screen
	email := fmt.Sprintf("cancelar%d@loja.test", rand.IntN(1e9))
	newInvite(owner.Token, tenant, email)
	cancelled := inv.Link
	o := newTab(t, env, 1280, 900)
	o.signIn(owner, "/equipe")
	o.waitText("[data-testid=invite-list]", email)
	eval[bool](o, `(window.confirm = () => true, true)`)
	eval[bool](o, `([...document.querySelectorAll('[data-testid=invite-list] li')].find((li) => li.innerText.includes(`+fmt.Sprintf("%q", email)+`)).querySelector('button.danger').click(), true)`)
	o.waitText("[role=status], body", "Convite cancelado")
	p := newTab(t, env, 360, 740)
	p.open(invitePath(t, cancelled))
	p.waitText("[data-testid=invite-closed]", "Convite cancelado")
	p.waitText("main", "cancelado pela loja")

	// declined by the person
	newInvite(owner.Token, tenant, fmt.Sprintf("recusar%d@loja.test", rand.IntN(1e9)))
	d := newTab(t, env, 360, 740)
	d.open(invitePath(t, inv.Link))
	d.waitText("h1", "Convite para a equipe")
	eval[bool](d, `(window.confirm = () => true, true)`)
	d.clickText("Recusar")
	d.waitText("h1", "Convite recusado")
	d.open(invitePath(t, inv.Link))
	d.waitText("[data-testid=invite-closed]", "Convite recusado")

	// someone with an account (from the demo shop) accepts another shop's
	// invitation signed in
	email = fmt.Sprintf("duas.lojas%d@loja.test", rand.IntN(1e9))
	newInvite(owner.Token, tenant, email)
	var person authResponse
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/bancada/invitations/"+inv.Link[strings.LastIndex(inv.Link, "/")+1:]+"/accept", "",
		map[string]any{"name": "Dani Duas Lojas", "password": "senha-da-dani"}, &person))
	ownerC, tenantC := env.signupShop(t, "Conserta Tudo Convites")
	newInvite(ownerC.Token, tenantC, email)
	s := newTab(t, env, 360, 740)
	s.signIn(person, invitePath(t, inv.Link))
	s.waitText("main", "Você entrou com a conta "+email)
	s.clickText("Aceitar convite")
	s.waitText("[data-testid=shop-name]", "Conserta Tudo Convites")
}
