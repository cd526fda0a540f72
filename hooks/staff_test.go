package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestStaffManagement(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	a := f.A
	auth := func(r interface{ NewAuthToken() (string, error) }) map[string]string {
		tok, err := r.NewAuthToken()
		require.NoError(t, err)
		return map[string]string{"Authorization": tok}
	}
	mid := func(userID string) string { return hooktest.MembershipID(t, app, a.ID(), userID) }
	roleOf := func(userID string) string {
		r, err := app.FindRecordById(collections.Memberships, mid(userID))
		require.NoError(t, err)
		return r.GetString(collections.MembershipRole)
	}

	noAccountData := []string{"tempPassword", "assword", `"user"`, `"membership"`, `"verified"`, `"phone"`, `"name"`}
	scenarios := []tests.ApiScenario{
		{Name: "owner invites a new technician", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "Novo.Tecnico@Example.com", "role": "technician"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"technician"`, `"email":"novo.tecnico@example.com"`,
				`"status":"pending"`, `"expires":"2026-12-01T17:00:00Z"`, `"emailed":false`, `"link":"https://bancada.test/convite/`},
			NotExpectedContent: noAccountData,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				_, err := app.FindAuthRecordByEmail(collections.Users, "novo.tecnico@example.com")
				require.Error(t, err, "no account is made before the person accepts")
			}},
		{Name: "a person with an account elsewhere gets an invitation, not a membership", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": f.B.Owner.Email(), "role": "attendant"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"attendant"`, `"status":"pending"`},
			NotExpectedContent: append([]string{"donoB", f.B.Owner.Id}, noAccountData...),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				_, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", map[string]any{"t": a.ID(), "u": f.B.Owner.Id})
				require.Error(t, err, "not linked without consent")
			}},
		{Name: "an e-mail with a pending invitation", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "NOVO.tecnico@example.com", "role": "attendant"}),
			ExpectedStatus: 400, ExpectedContent: []string{`already_invited`, `Reenviar`}},
		{Name: "someone already in the shop", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": a.Tech.Email(), "role": "attendant"}),
			ExpectedStatus: 400, ExpectedContent: []string{`already_member`}},
		{Name: "bad role and e-mail", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "x@", "role": "chefe"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"role":{"code":"invalid_role"`, `"email":{"code":"invalid_email"`}},
		{Name: "manager cannot invite an owner", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Manager), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "dono2@example.com", "role": "owner"}),
			ExpectedStatus: 400, ExpectedContent: []string{`role_not_allowed`}},
		{Name: "manager invites an attendant", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Manager), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "at2@example.com", "role": "attendant"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"attendant"`}},
		{Name: "technician cannot invite", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(a.Tech), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "x2@example.com", "role": "attendant"}),
			ExpectedStatus: 403, ExpectedContent: []string{`não permite`}},
		{Name: "owner of C cannot invite to A", Method: http.MethodPost, URL: "/api/bancada/staff",
			Headers: auth(f.C.Owner), Body: hooktest.JSON(t, map[string]any{"tenant": a.ID(), "email": "x3@example.com", "role": "owner"}),
			ExpectedStatus: 403, ExpectedContent: []string{`Você não trabalha nesta loja`}},
		{Name: "anonymous", Method: http.MethodPost, URL: "/api/bancada/staff",
			Body: hooktest.JSON(t, map[string]any{"tenant": a.ID()}), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "owner promotes the technician", Method: http.MethodPatch, URL: "/api/bancada/staff/" + mid(a.Tech.Id),
			Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"role": "manager"}),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"manager"`}},
		{Name: "manager cannot demote the owner", Method: http.MethodPatch, URL: "/api/bancada/staff/" + mid(a.Owner.Id),
			Headers: auth(a.Manager), Body: hooktest.JSON(t, map[string]any{"role": "attendant"}),
			ExpectedStatus: 403, ExpectedContent: []string{`Somente quem é titular`},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) { require.Equal(t, "owner", roleOf(a.Owner.Id)) }},
		{Name: "nobody changes their own role", Method: http.MethodPatch, URL: "/api/bancada/staff/" + mid(a.Manager.Id),
			Headers: auth(a.Manager), Body: hooktest.JSON(t, map[string]any{"role": "owner"}),
			ExpectedStatus: 403, ExpectedContent: []string{`própria função`}},
		{Name: "the last owner cannot remove themself", Method: http.MethodDelete, URL: "/api/bancada/staff/" + mid(a.Owner.Id),
			Headers: auth(a.Owner), ExpectedStatus: 403, ExpectedContent: []string{`própria função`}},
		{Name: "owner removes the attendant", Method: http.MethodDelete, URL: "/api/bancada/staff/" + mid(a.Attend.Id),
			Headers: auth(a.Owner), ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				_, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", map[string]any{"t": a.ID(), "u": a.Attend.Id})
				require.Error(t, err, "membership gone")
				_, err = app.FindRecordById(collections.Users, a.Attend.Id)
				require.NoError(t, err, "the person's account stays (they may work elsewhere)")
			}},
	}
	for _, sc := range scenarios {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}

	// Two owners: one may demote the other, but never the last one.
	second := hooktest.NewStaff(t, app, a.ID(), "dono2", collections.RoleOwner)
	demote := tests.ApiScenario{Name: "owner demotes the second owner", Method: http.MethodPatch, URL: "/api/bancada/staff/" + mid(second.Id),
		Headers: auth(a.Owner), Body: hooktest.JSON(t, map[string]any{"role": "manager"}), ExpectedStatus: 200,
		ExpectedContent: []string{`"role":"manager"`}, TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true}
	demote.Test(t)
	n, err := app.CountRecords(collections.Memberships, dbxTenantRole(a.ID(), "owner"))
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

	audit, err := app.FindAllRecords(collections.AuditLog, dbxTenant(a.ID()))
	require.NoError(t, err)
	actions := map[string]int{}
	for _, r := range audit {
		actions[r.GetString(collections.AuditAction)]++
	}
	require.Equal(t, 3, actions[collections.ActionInviteSend])
	require.Equal(t, 2, actions[collections.ActionStaffRole])
	require.Equal(t, 1, actions[collections.ActionStaffRemove])
}

func TestInvitationsGoOutInPortugueseWithALinkIntoTheApp(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	app.Settings().SMTP.Enabled = true
	app.Settings().Meta.AppURL = "https://bancada.test"
	sc := tests.ApiScenario{
		Name: "owner invites a person", Method: http.MethodPost, URL: "/api/bancada/staff",
		Headers:        hooktest.Auth(t, f.A.Owner),
		Body:           hooktest.JSON(t, map[string]any{"tenant": f.A.ID(), "email": "nova@example.com", "role": "attendant"}),
		ExpectedStatus: 200, ExpectedContent: []string{`"emailed":true`, `"link":"https://bancada.test/convite/`},
		NotExpectedContent: []string{"tempPassword"},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			require.Equal(t, 1, app.TestMailer.TotalSend())
			msg := app.TestMailer.LastMessage()
			require.Equal(t, "nova@example.com", msg.To[0].Address)
			require.Equal(t, "Convite para a equipe da loja Loja A", msg.Subject)
			require.Contains(t, msg.Text, "donoA convidou você para a equipe da loja Loja A")
			require.Contains(t, msg.Text, "na função atendente")
			require.Contains(t, msg.Text, "O convite vale até 01/12/2026 14:00")
			require.Contains(t, msg.HTML, `<a href="https://bancada.test/convite/`)
		},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	sc.Test(t)
}
