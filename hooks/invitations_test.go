package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

// inviteResponse is the answer of POST /api/bancada/staff and resend.
type inviteResponse struct {
	Invitation struct {
		ID, Email, Role, Expires, Status string
	} `json:"invitation"`
	Link    string `json:"link"`
	Emailed bool   `json:"emailed"`
}

// tokenOf is the token at the end of an invitation link.
func tokenOf(t testing.TB, link string) string {
	t.Helper()
	i := strings.Index(link, "/convite/")
	require.GreaterOrEqual(t, i, 0, link)
	return link[i+len("/convite/"):]
}

func invite(t testing.TB, url string, owner *core.Record, tenantID, email, role string) inviteResponse {
	t.Helper()
	status, raw := hooktest.Call(t, url, http.MethodPost, "/api/bancada/staff", owner, map[string]any{"tenant": tenantID, "email": email, "role": role})
	require.Equal(t, http.StatusOK, status, string(raw))
	var out inviteResponse
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

func isMember(t testing.TB, app core.App, tenantID, userID string) bool {
	t.Helper()
	_, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", dbx.Params{"t": tenantID, "u": userID})
	return err == nil
}

// signInWith signs in with a password and returns the status and answer.
func signInWith(t testing.TB, url, email, password string) (int, []byte) {
	t.Helper()
	return hooktest.Call(t, url, http.MethodPost, "/api/collections/users/auth-with-password", nil,
		map[string]any{"identity": email, "password": password})
}

// TestAShopCannotTakeOverAnAccountAnotherShopAddsLater replays the
// reported attack: shop B adds joao@, removes him, shop C adds the same
// e-mail as manager, and B signs in as João to read C's customers. Now B
// never gets a password from the shop's side, C's invitation links
// nobody silently, and whatever account B controls stays out of C.
func TestAShopCannotTakeOverAnAccountAnotherShopAddsLater(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	b := hooktest.SeedShop(t, app, "Bee", false)
	c := hooktest.SeedShop(t, app, "Cee", false)
	srv := hooktest.Serve(t, app)
	const joao = "joao@example.com"

	// B adds João: an invitation; nobody at B learns or sets a password
	// by adding someone.
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff", b.Owner, map[string]any{"tenant": b.ID(), "email": joao, "role": "attendant"})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.NotContains(t, string(raw), "assword")
	_, err := app.FindAuthRecordByEmail(collections.Users, joao)
	require.Error(t, err, "no account before João accepts")

	// Worst case: B's owner opens B's own link and makes the account
	// himself, then removes "João" from B.
	var inB inviteResponse
	require.NoError(t, json.Unmarshal(raw, &inB))
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, inB.Link)+"/accept", nil,
		map[string]any{"name": "João de B", "password": "senha-do-dono-B"})
	require.Equal(t, http.StatusOK, status, string(raw))
	account, err := app.FindAuthRecordByEmail(collections.Users, joao)
	require.NoError(t, err)
	status, raw = hooktest.Call(t, srv.URL, http.MethodDelete, "/api/bancada/staff/"+hooktest.MembershipID(t, app, b.ID(), account.Id), b.Owner, nil)
	require.Equal(t, http.StatusNoContent, status, string(raw))

	// C adds the same e-mail as manager: the same answer as for any new
	// e-mail (nothing of the account B made), and no membership yet.
	inC := invite(t, srv.URL, c.Owner, c.ID(), joao, "manager")
	require.Equal(t, "pending", inC.Invitation.Status)
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff", c.Owner, map[string]any{"tenant": c.ID(), "email": "ninguem@example.com", "role": "manager"})
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, string(raw), "João de B")
	require.False(t, isMember(t, app, c.ID(), account.Id), "C's invitation links nobody silently")

	// B signs in with the password it chose and reads nothing of C.
	status, raw = signInWith(t, srv.URL, joao, "senha-do-dono-B")
	require.Equal(t, http.StatusOK, status, string(raw))
	status, raw = hooktest.Call(t, srv.URL, http.MethodGet, "/api/collections/customers/records?filter="+urlQuery(`tenant="`+c.ID()+`"`), account, nil)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, string(raw), `"items":[]`)
	require.NotContains(t, string(raw), c.Rec[collections.Customers].Id)

	// C's link does not open that account without its password: the
	// person must sign in (the real João resets the password by e-mail).
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, inC.Link)+"/accept", nil,
		map[string]any{"name": "Outro Nome", "password": "tomando-a-conta"})
	require.Equal(t, http.StatusConflict, status, string(raw))
	require.Contains(t, string(raw), "sign_in_required")
	status, _ = signInWith(t, srv.URL, joao, "tomando-a-conta")
	require.Equal(t, http.StatusBadRequest, status, "the password did not change")
	require.False(t, isMember(t, app, c.ID(), account.Id))

	// Shop A's invitation gives nothing in C and vice versa: accepting
	// A's link signed in as someone else is refused.
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+f.A.InviteToken+"/accept", c.Owner, nil)
	require.Equal(t, http.StatusForbidden, status, string(raw))
	require.False(t, isMember(t, app, f.A.ID(), c.Owner.Id))
}

// TestAnUnclaimedAccountBelongsToNobody: an account the former staff
// route made with a temporary password (never chosen by its person) and
// that works nowhere is claimed by whoever accepts an invitation for its
// e-mail; the temporary password and its sessions stop working.
func TestAnUnclaimedAccountBelongsToNobody(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)

	legacy := func(email string) *core.Record {
		u, err := collections.NewUser(app)
		require.NoError(t, err)
		u.SetName("Nome que B escolheu")
		u.SetEmail(email)
		u.SetPassword("provisoria123")
		require.NoError(t, app.Save(u))
		return u.Record
	}
	free := legacy("livre@example.com")
	oldSession := hooktest.Token(t, free)
	inA := invite(t, srv.URL, f.A.Owner, f.A.ID(), "livre@example.com", "technician")
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, inA.Link)+"/accept", nil,
		map[string]any{"name": "  Lívia   Livre ", "password": "minha-senha-nova"})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Contains(t, string(raw), `"token":"`)
	require.Contains(t, string(raw), `"name":"Lívia Livre"`)
	require.True(t, isMember(t, app, f.A.ID(), free.Id))
	status, _ = signInWith(t, srv.URL, "livre@example.com", "provisoria123")
	require.Equal(t, http.StatusBadRequest, status, "the temporary password is gone")
	status, _ = signInWith(t, srv.URL, "livre@example.com", "minha-senha-nova")
	require.Equal(t, http.StatusOK, status)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/collections/users/auth-refresh", nil)
	req.Header.Set("Authorization", oldSession)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, "sessions of the temporary password end")
	claimed, err := app.FindRecordById(collections.Users, free.Id)
	require.NoError(t, err)
	require.True(t, claimed.GetBool(collections.UserClaimed))

	// Unclaimed but working in a shop: claiming it would open that shop,
	// so the person must sign in.
	busy := legacy("ocupado@example.com")
	m, err := collections.NewMembership(app, f.B.ID(), busy.Id, collections.RoleAttendant)
	require.NoError(t, err)
	require.NoError(t, app.Save(m))
	inA = invite(t, srv.URL, f.A.Owner, f.A.ID(), "ocupado@example.com", "technician")
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, inA.Link)+"/accept", nil,
		map[string]any{"name": "Invasor", "password": "minha-senha-nova"})
	require.Equal(t, http.StatusConflict, status, string(raw))
	require.False(t, isMember(t, app, f.A.ID(), busy.Id))
}

// TestInvitationLinks runs the link's cases on one shop: view, accept by
// a new person, by a signed-in person, refusals, and the closed states.
func TestInvitationLinks(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	a := f.A
	mk := func(email, role, token string, expires time.Time) *core.Record {
		return hooktest.NewInvitation(t, app, a.ID(), email, collections.Role(role), a.Owner.Id, token, expires)
	}
	week := hooktest.Now.Add(collections.InvitationTTL)
	const (
		newTok      = "tokenParaPessoaNova000000000000001"
		signedTok   = "tokenParaQuemJaTemConta00000000002"
		wrongTok    = "tokenParaOutroEmail000000000000003"
		expiredTok  = "tokenVencido000000000000000000004"
		declineTok  = "tokenParaRecusar00000000000000005"
		revokeTok   = "tokenParaRevogar00000000000000006"
		existingTok = "tokenContaDeOutraPessoa0000000007"
		ownerTok    = "tokenConviteDeProprietario000008"
	)
	mk("nova.pessoa@example.com", "technician", newTok, week)
	mk(f.B.Owner.Email(), "manager", signedTok, week)
	wrong := mk("alguem@example.com", "attendant", wrongTok, week)
	mk("vencido@example.com", "attendant", expiredTok, hooktest.Now.Add(-time.Minute))
	declined := mk("recusa@example.com", "attendant", declineTok, week)
	revoked := mk("revoga@example.com", "attendant", revokeTok, week)
	mk(strings.ToUpper(f.C.Owner.Email()), "attendant", existingTok, week)
	ownerInvite := mk("socio@example.com", "owner", ownerTok, week)
	base := "/api/bancada/invitations/"
	inv := func(id string) *collections.Invitation {
		r, err := app.FindRecordById(collections.Invitations, id)
		require.NoError(t, err)
		return collections.AsInvitation(r)
	}

	scenarios := []tests.ApiScenario{
		{Name: "anyone with the link sees the shop, role, inviter's first name and expiry, nothing else",
			Method: http.MethodGet, URL: base + newTok, ExpectedStatus: 200,
			ExpectedContent:    []string{`"shop":"Loja A"`, `"role":"technician"`, `"inviter":"donoA"`, `"expires":"2026-12-01T17:00:00Z"`, `"status":"pending"`},
			NotExpectedContent: []string{"nova.pessoa", a.ID(), a.Owner.Id, "token", a.Owner.Email()}},
		{Name: "an unknown token", Method: http.MethodGet, URL: base + "tokenQueNaoExiste00000000000000000",
			ExpectedStatus: 404, ExpectedContent: []string{`Convite não encontrado`}},
		{Name: "a token that is the stored hash does not work", Method: http.MethodGet, URL: base + collections.HashInvitationToken(newTok),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "an expired link says so", Method: http.MethodGet, URL: base + expiredTok,
			ExpectedStatus: 410, ExpectedContent: []string{`"code":"expired"`, `expirou`}},
		{Name: "an expired link cannot be accepted", Method: http.MethodPost, URL: base + expiredTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": "Vencida", "password": "senha-forte-1"}),
			ExpectedStatus: 410, ExpectedContent: []string{`"code":"expired"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				_, err := app.FindAuthRecordByEmail(collections.Users, "vencido@example.com")
				require.Error(t, err)
			}},
		{Name: "a new person needs a name and a real password", Method: http.MethodPost, URL: base + newTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": " ", "password": "curta"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"required"`, `"password":{"code":"password_too_short"`}},
		{Name: "a new person accepts with their own password", Method: http.MethodPost, URL: base + newTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": "Nova Pessoa", "password": "senha-da-nova"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"token":"`, `"tenant":"` + a.ID() + `"`, `"email":"nova.pessoa@example.com"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				u, err := app.FindAuthRecordByEmail(collections.Users, "nova.pessoa@example.com")
				require.NoError(t, err)
				require.True(t, u.ValidatePassword("senha-da-nova"))
				require.True(t, u.GetBool(collections.UserClaimed))
				r, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", dbx.Params{"t": a.ID(), "u": u.Id})
				require.NoError(t, err)
				require.Equal(t, "technician", r.GetString(collections.MembershipRole))
			}},
		{Name: "the link works once", Method: http.MethodPost, URL: base + newTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": "De Novo", "password": "outra-senha-1"}),
			ExpectedStatus: 410, ExpectedContent: []string{`"code":"accepted"`, `já foi usado`}},
		{Name: "an existing person accepts signed in", Method: http.MethodPost, URL: base + signedTok + "/accept",
			Headers: hooktest.Auth(t, f.B.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"tenant":"` + a.ID() + `"`, `"membership":"`},
			NotExpectedContent: []string{`"token"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				require.True(t, isMember(t, app, a.ID(), f.B.Owner.Id))
				require.True(t, isMember(t, app, f.B.ID(), f.B.Owner.Id), "their own shop stays")
			}},
		{Name: "someone signed in with another e-mail is refused", Method: http.MethodPost, URL: base + wrongTok + "/accept",
			Headers: hooktest.Auth(t, f.C.Owner), ExpectedStatus: 403, ExpectedContent: []string{`outro e-mail`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				require.False(t, isMember(t, app, a.ID(), f.C.Owner.Id))
				require.Equal(t, collections.InvitePending, inv(wrong.Id).Status())
			}},
		{Name: "an account that is someone's must sign in first (e-mail case ignored)", Method: http.MethodPost, URL: base + existingTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": "Impostor", "password": "senha-impostora"}),
			ExpectedStatus: 409, ExpectedContent: []string{`sign_in_required`, `Entre com sua senha`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				u, err := app.FindRecordById(collections.Users, f.C.Owner.Id)
				require.NoError(t, err)
				require.True(t, u.ValidatePassword(hooktest.Password), "the password did not change")
				require.Equal(t, "donoC", u.GetString(collections.UserName))
			}},
		{Name: "the invited person declines", Method: http.MethodPost, URL: base + declineTok + "/decline",
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"declined"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				require.Equal(t, collections.InviteDeclined, inv(declined.Id).Status())
			}},
		{Name: "a declined link cannot be accepted", Method: http.MethodPost, URL: base + declineTok + "/accept",
			Body:           hooktest.JSON(t, map[string]any{"name": "Recusa", "password": "senha-forte-1"}),
			ExpectedStatus: 410, ExpectedContent: []string{`"code":"declined"`}},
		{Name: "a manager cannot revoke an owner's invitation", Method: http.MethodPost, URL: "/api/bancada/staff/invitations/" + ownerInvite.Id + "/revoke",
			Headers: hooktest.Auth(t, a.Manager), ExpectedStatus: 403, ExpectedContent: []string{`Somente quem é titular`}},
		{Name: "the owner revokes an invitation", Method: http.MethodPost, URL: "/api/bancada/staff/invitations/" + revoked.Id + "/revoke",
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"status":"revoked"`}, NotExpectedContent: []string{`"link"`}},
		{Name: "a revoked link says so", Method: http.MethodGet, URL: base + revokeTok,
			ExpectedStatus: 410, ExpectedContent: []string{`"code":"revoked"`, `cancelado pela loja`}},
		{Name: "a revoked invitation cannot be revoked or resent again", Method: http.MethodPost, URL: "/api/bancada/staff/invitations/" + revoked.Id + "/resend",
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400, ExpectedContent: []string{`not_pending`}},
		{Name: "a technician cannot see invitations through the API", Method: http.MethodGet, URL: "/api/collections/invitations/records",
			Headers: hooktest.Auth(t, a.Tech), ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "the owner lists invitations without any token", Method: http.MethodGet, URL: "/api/collections/invitations/records?perPage=100",
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 200, ExpectedContent: []string{`"email":"socio@example.com"`},
			NotExpectedContent: []string{"token_hash", collections.HashInvitationToken(ownerTok)}},
		{Name: "nobody filters on the token's hash", Method: http.MethodGet,
			URL:     "/api/collections/invitations/records?filter=" + urlQuery(`token_hash="`+collections.HashInvitationToken(ownerTok)+`"`),
			Headers: hooktest.Auth(t, a.Owner), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}

	audit, err := app.FindAllRecords(collections.AuditLog, dbxTenant(a.ID()))
	require.NoError(t, err)
	actions := map[string]int{}
	for _, r := range audit {
		actions[r.GetString(collections.AuditAction)]++
	}
	require.Equal(t, 2, actions[collections.ActionInviteAccept])
	require.Equal(t, 1, actions[collections.ActionInviteDecline])
	require.Equal(t, 1, actions[collections.ActionInviteRevoke])
}

// TestResendRenewsTheLink: the old link stops working, the new one has a
// new expiry and works.
func TestResendRenewsTheLink(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t, func(d *hooks.Deps) { d.Now = func() time.Time { return hooktest.Now.Add(48 * time.Hour) } })
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	id := f.A.Rec[collections.Invitations].Id
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff/invitations/"+id+"/resend", f.A.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	var out inviteResponse
	require.NoError(t, json.Unmarshal(raw, &out))
	require.Equal(t, "2026-12-03T17:00:00Z", out.Invitation.Expires)
	require.NotEqual(t, f.A.InviteToken, tokenOf(t, out.Link))
	status, _ = hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/invitations/"+f.A.InviteToken, nil, nil)
	require.Equal(t, http.StatusNotFound, status, "the old link is dead")
	status, raw = hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/invitations/"+tokenOf(t, out.Link), nil, nil)
	require.Equal(t, http.StatusOK, status, string(raw))
	n, err := app.CountRecords(collections.AuditLog, dbx.HashExp{"tenant": f.A.ID(), "action": collections.ActionInviteResend})
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	// B's owner cannot renew A's invitation to get a working link.
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff/invitations/"+id+"/resend", f.B.Owner, map[string]any{"tenant": f.B.ID()})
	require.Equal(t, http.StatusNotFound, status, "another shop's invitation is answered as an unknown one")
}

// TestInvitationAnswerIsTheSameForExistingAndNewEmails: nothing in the
// answer tells the inviter whether the e-mail has an account.
func TestInvitationAnswerIsTheSameForExistingAndNewEmails(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	shape := func(email string) map[string]any {
		status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff", f.A.Owner, map[string]any{"tenant": f.A.ID(), "email": email, "role": "attendant"})
		require.Equal(t, http.StatusOK, status, string(raw))
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		inv := m["invitation"].(map[string]any)
		require.Equal(t, strings.ToLower(email), inv["email"])
		delete(inv, "id")
		delete(inv, "email")
		require.True(t, strings.HasPrefix(m["link"].(string), "https://bancada.test/convite/"))
		delete(m, "link")
		return m
	}
	existing, fresh := shape(f.B.Owner.Email()), shape("ninguem.tem.conta@example.com")
	require.Equal(t, map[string]any{
		"invitation": map[string]any{"role": "attendant", "expires": "2026-12-01T17:00:00Z", "status": "pending"},
		"emailed":    false,
	}, existing)
	require.Equal(t, existing, fresh)
}

// TestSignInsAreLoggedOnlyWhereThePersonWorks: a pending invitation does
// not put the person's sign-ins into the inviting shop's log; accepting it
// does.
func TestSignInsAreLoggedOnlyWhereThePersonWorks(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	person := f.B.Owner
	hooktest.NewInvitation(t, app, f.A.ID(), person.Email(), collections.RoleTechnician, f.A.Owner.Id, "tokenDoDonoBParaALojaA0000000001", hooktest.Now.Add(time.Hour))
	signIns := func(tenantID string) int64 {
		n, err := app.CountRecords(collections.AuditLog, dbx.HashExp{"tenant": tenantID, "action": collections.ActionSignIn, "actor": person.Id})
		require.NoError(t, err)
		return n
	}
	status, _ := signInWith(t, srv.URL, person.Email(), hooktest.Password)
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 1, signIns(f.B.ID()))
	require.EqualValues(t, 0, signIns(f.A.ID()), "invited is not working there")

	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/tokenDoDonoBParaALojaA0000000001/accept", person, nil)
	require.Equal(t, http.StatusOK, status, string(raw))
	status, _ = signInWith(t, srv.URL, person.Email(), hooktest.Password)
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 2, signIns(f.B.ID()))
	require.EqualValues(t, 1, signIns(f.A.ID()))

	// Removed from A: A's log stops getting them.
	status, _ = hooktest.Call(t, srv.URL, http.MethodDelete, "/api/bancada/staff/"+hooktest.MembershipID(t, app, f.A.ID(), person.Id), f.A.Owner, nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _ = signInWith(t, srv.URL, person.Email(), hooktest.Password)
	require.Equal(t, http.StatusOK, status)
	require.EqualValues(t, 1, signIns(f.A.ID()))
}

// TestInvitationLinksAreRateLimited: a scanner guessing tokens is cut off.
func TestInvitationLinksAreRateLimited(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	app.Settings().RateLimits.Enabled = true // as migrated: 20 a minute per address
	for i := range 21 {
		status := 404
		if i == 20 {
			status = 429
		}
		sc := tests.ApiScenario{
			Name: "guess", Method: http.MethodGet, URL: "/api/bancada/invitations/tokenChutado000000000000000000000",
			ExpectedStatus: status, ExpectedContent: []string{`"status":`},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
}

// TestOwnersSendAPasswordResetNeverAPassword: an owner or manager helps a
// member who forgot their password with a reset link (by e-mail when SMTP
// is set); only the member chooses the new password, and the link works
// once.
func TestOwnersSendAPasswordResetNeverAPassword(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	a := f.A
	techM := hooktest.MembershipID(t, app, a.ID(), a.Tech.Id)
	path := "/api/bancada/staff/" + techM + "/password-reset"

	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, path, a.Manager, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.NotContains(t, string(raw), "assword\"")
	var out struct {
		Link    string `json:"link"`
		Emailed bool   `json:"emailed"`
	}
	require.NoError(t, json.Unmarshal(raw, &out))
	require.False(t, out.Emailed)
	require.True(t, strings.HasPrefix(out.Link, "https://bancada.test/redefinir-senha/"), out.Link)
	token := strings.TrimPrefix(out.Link, "https://bancada.test/redefinir-senha/")
	confirm := map[string]any{"token": token, "password": "senha-do-tecnico", "passwordConfirm": "senha-do-tecnico"}
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/users/confirm-password-reset", nil, confirm)
	require.Equal(t, http.StatusNoContent, status, string(raw))
	status, _ = signInWith(t, srv.URL, a.Tech.Email(), "senha-do-tecnico")
	require.Equal(t, http.StatusOK, status)
	confirm["password"], confirm["passwordConfirm"] = "segunda-tentativa", "segunda-tentativa"
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/users/confirm-password-reset", nil, confirm)
	require.Equal(t, http.StatusBadRequest, status, "the link works once")

	// A reset link proves the account is its person's: it is claimed.
	u := hooktest.NewStaff(t, app, a.ID(), "semdono", collections.RoleAttendant)
	u.Set(collections.UserClaimed, false)
	require.NoError(t, app.Save(u))
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff/"+hooktest.MembershipID(t, app, a.ID(), u.Id)+"/password-reset", a.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.NoError(t, json.Unmarshal(raw, &out))
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/users/confirm-password-reset", nil, map[string]any{
		"token": strings.TrimPrefix(out.Link, "https://bancada.test/redefinir-senha/"), "password": "agora-e-minha", "passwordConfirm": "agora-e-minha"})
	require.Equal(t, http.StatusNoContent, status)
	u, err := app.FindRecordById(collections.Users, u.Id)
	require.NoError(t, err)
	require.True(t, u.GetBool(collections.UserClaimed))

	// Refusals: one's own password (use "Minha conta"), a manager for an
	// owner, another shop's owner.
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff/"+hooktest.MembershipID(t, app, a.ID(), a.Owner.Id)+"/password-reset", a.Owner, map[string]any{})
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, string(raw), "Minha conta")
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/staff/"+hooktest.MembershipID(t, app, a.ID(), a.Owner.Id)+"/password-reset", a.Manager, map[string]any{})
	require.Equal(t, http.StatusForbidden, status)
	status, _ = hooktest.Call(t, srv.URL, http.MethodPost, path, f.B.Owner, map[string]any{})
	require.Equal(t, http.StatusNotFound, status, "another shop's member is answered as an unknown one")

	// With SMTP: PocketBase's reset e-mail goes to the member; no link in
	// the answer.
	app.Settings().SMTP.Enabled = true
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, path, a.Owner, map[string]any{})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Equal(t, `{"emailed":true}`, strings.TrimSpace(string(raw)))
	require.Equal(t, a.Tech.Email(), app.TestMailer.LastMessage().To[0].Address)
	require.Contains(t, app.TestMailer.LastMessage().HTML, "/redefinir-senha/")

	n, err := app.CountRecords(collections.AuditLog, dbx.HashExp{"tenant": a.ID(), "action": collections.ActionPasswordReset})
	require.NoError(t, err)
	require.EqualValues(t, 3, n)
}

// TestStaffChangeTheirOwnPassword: the "Minha conta" screen uses
// PocketBase's users update, which asks for the current password; nobody
// changes a teammate's password, and nobody marks their account claimed.
func TestStaffChangeTheirOwnPassword(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	a := f.A
	url := "/api/collections/users/records/" + a.Attend.Id
	scenarios := []tests.ApiScenario{
		{Name: "without the current password", Method: http.MethodPatch, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body:           hooktest.JSON(t, map[string]any{"password": "nova-senha-123", "passwordConfirm": "nova-senha-123"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"oldPassword"`}},
		{Name: "a teammate's password", Method: http.MethodPatch, URL: url, Headers: hooktest.Auth(t, a.Owner),
			Body:           hooktest.JSON(t, map[string]any{"oldPassword": hooktest.Password, "password": "nova-senha-123", "passwordConfirm": "nova-senha-123"}),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the claimed flag is not the client's", Method: http.MethodPatch, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body: hooktest.JSON(t, map[string]any{"claimed": false}), ExpectedStatus: 200, ExpectedContent: []string{`"id":"` + a.Attend.Id + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				u, err := app.FindRecordById(collections.Users, a.Attend.Id)
				require.NoError(t, err)
				require.True(t, u.GetBool(collections.UserClaimed))
			}},
		{Name: "with the current password", Method: http.MethodPatch, URL: url, Headers: hooktest.Auth(t, a.Attend),
			Body:           hooktest.JSON(t, map[string]any{"oldPassword": hooktest.Password, "password": "nova-senha-123", "passwordConfirm": "nova-senha-123"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"` + a.Attend.Id + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				u, err := app.FindRecordById(collections.Users, a.Attend.Id)
				require.NoError(t, err)
				require.True(t, u.ValidatePassword("nova-senha-123"))
			}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
}

// TestAnExpiredInvitationMakesWayForANewOne: inviting an e-mail whose
// invitation expired unanswered closes the old one and sends a new one.
func TestAnExpiredInvitationMakesWayForANewOne(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	old := hooktest.NewInvitation(t, app, f.A.ID(), "de.novo@example.com", collections.RoleAttendant, f.A.Owner.Id,
		"tokenVencidoDeOntem00000000000001", hooktest.Now.Add(-24*time.Hour))
	fresh := invite(t, srv.URL, f.A.Owner, f.A.ID(), "De.Novo@example.com", "technician")
	require.Equal(t, "pending", fresh.Invitation.Status)
	require.NotEqual(t, old.Id, fresh.Invitation.ID)
	r, err := app.FindRecordById(collections.Invitations, old.Id)
	require.NoError(t, err)
	require.Equal(t, string(collections.InviteExpired), r.GetString(collections.InvitationStatus))
	status, _ := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/invitations/tokenVencidoDeOntem00000000000001", nil, nil)
	require.Equal(t, http.StatusGone, status)
}

// TestAcceptingRespectsThePlan: the plan's staff limit holds when the
// membership is made; a refused accept leaves no account behind and the
// invitation open.
func TestAcceptingRespectsThePlan(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	plan := hooktest.NewRecord(t, app, collections.Plans, map[string]any{
		collections.PlanName: "Dupla", collections.PlanPriceCents: 1000, collections.PlanMaxStaff: 2, collections.PlanActive: true})
	shop := collections.AsTenant(f.B.Tenant)
	shop.SetPlan(plan.Id)
	require.NoError(t, app.Save(shop))
	first := invite(t, srv.URL, f.B.Owner, f.B.ID(), "primeira@example.com", "attendant")
	second := invite(t, srv.URL, f.B.Owner, f.B.ID(), "segunda@example.com", "attendant")
	status, raw := hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, first.Link)+"/accept", nil,
		map[string]any{"name": "Primeira", "password": "senha-da-primeira"})
	require.Equal(t, http.StatusOK, status, string(raw))
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/invitations/"+tokenOf(t, second.Link)+"/accept", nil,
		map[string]any{"name": "Segunda", "password": "senha-da-segunda"})
	require.Equal(t, http.StatusBadRequest, status, string(raw))
	require.Contains(t, string(raw), "plan_staff_limit")
	_, err := app.FindAuthRecordByEmail(collections.Users, "segunda@example.com")
	require.Error(t, err, "nothing half-made")
	r, err := app.FindRecordById(collections.Invitations, second.Invitation.ID)
	require.NoError(t, err)
	require.Equal(t, string(collections.InvitePending), r.GetString(collections.InvitationStatus))
}
