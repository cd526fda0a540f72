package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func signupBody(mut func(shop, owner map[string]any)) map[string]any {
	shop := map[string]any{"name": "Conserta Já", "cnpj": "11.222.333/0001-81", "email": "contato@consertaja.com.br",
		"phone": "(11) 98888-7777", "address": "Rua A, 10"}
	owner := map[string]any{"name": "Dona Maria", "email": "maria@consertaja.com.br", "password": "senha-forte-1"}
	if mut != nil {
		mut(shop, owner)
	}
	return map[string]any{"shop": shop, "owner": owner}
}

// counts of what a signup creates, to prove failures create nothing.
func signupCounts(t testing.TB, app *tests.TestApp) [5]int64 {
	t.Helper()
	var out [5]int64
	for i, c := range []string{collections.Tenants, collections.Users, collections.Memberships, collections.Subscriptions, collections.AuditLog} {
		n, err := app.CountRecords(c)
		require.NoError(t, err)
		out[i] = n
	}
	return out
}

func TestSignup(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	before := signupCounts(t, app)
	nothingCreated := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		require.Equal(t, before, signupCounts(t, app), "a failed signup creates nothing")
	}

	invalid := []struct {
		name, field, message string
		mut                  func(shop, owner map[string]any)
	}{
		{"no shop name", `"shop":{"name"`, "Informe o nome da loja", func(s, _ map[string]any) { s["name"] = "  " }},
		{"CNPJ check digit", `"cnpj":{"code":"invalid_cnpj"`, "dígito verificador", func(s, _ map[string]any) { s["cnpj"] = "11.222.333/0001-82" }},
		{"CNPJ length", `"cnpj":{"code":"invalid_cnpj"`, "14 caracteres", func(s, _ map[string]any) { s["cnpj"] = "123" }},
		{"no CNPJ", `"cnpj":{"code":"required"`, "Informe o CNPJ", func(s, _ map[string]any) { s["cnpj"] = "" }},
		{"shop e-mail", `"email":{"code":"invalid_email"`, "e-mail válido para a loja", func(s, _ map[string]any) { s["email"] = "loja@" }},
		{"shop phone", `"phone":{"code":"invalid_phone"`, "Telefone inválido", func(s, _ map[string]any) { s["phone"] = "12345" }},
		{"owner name", `"owner":{"name"`, "Informe seu nome", func(_, o map[string]any) { o["name"] = "" }},
		{"owner e-mail", `"owner":{"email":{"code":"invalid_email"`, "e-mail válido", func(_, o map[string]any) { o["email"] = "maria" }},
		{"short password", `"password":{"code":"password_too_short"`, "pelo menos 8", func(_, o map[string]any) { o["password"] = "1234567" }},
	}
	for _, tc := range invalid {
		sc := tests.ApiScenario{
			Name: "invalid: " + tc.name, Method: http.MethodPost, URL: "/api/bancada/signup",
			Body: hooktest.JSON(t, signupBody(tc.mut)), ExpectedStatus: 400,
			ExpectedContent: []string{tc.field, tc.message}, AfterTestFunc: nothingCreated,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}

	var token string
	ok := tests.ApiScenario{
		Name: "success", Method: http.MethodPost, URL: "/api/bancada/signup",
		Body: hooktest.JSON(t, signupBody(nil)), ExpectedStatus: 200,
		ExpectedContent: []string{`"token":"`, `"record":{`, `"email":"maria@consertaja.com.br"`, `"tenant":{`,
			`"cnpj":"11222333000181"`, `"phone":"5511988887777"`, `"active":true`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			after := signupCounts(t, app)
			require.Equal(t, before[0]+1, after[0], "one tenant")
			require.Equal(t, before[1]+1, after[1], "one user")
			require.Equal(t, before[2]+1, after[2], "one membership")
			require.Equal(t, before[3]+1, after[3], "one pending subscription")
			tenant, err := app.FindFirstRecordByData(collections.Tenants, collections.TenantCNPJ, "11222333000181")
			require.NoError(t, err)
			user, err := app.FindAuthRecordByEmail(collections.Users, "maria@consertaja.com.br")
			require.NoError(t, err)
			require.True(t, user.ValidatePassword("senha-forte-1"))
			m, err := app.FindFirstRecordByFilter(collections.Memberships, "tenant = {:t} && user = {:u}", map[string]any{"t": tenant.Id, "u": user.Id})
			require.NoError(t, err)
			require.Equal(t, string(collections.RoleOwner), m.GetString(collections.MembershipRole))
			require.NotEmpty(t, tenant.GetString(collections.TenantPlan), "the cheapest plan by default")
			token = "ok"
		},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	ok.Test(t)
	require.Equal(t, "ok", token)

	// The owner signs in the usual way.
	signin := tests.ApiScenario{
		Name: "owner signs in", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
		Body:           hooktest.JSON(t, map[string]any{"identity": "maria@consertaja.com.br", "password": "senha-forte-1"}),
		ExpectedStatus: 200, ExpectedContent: []string{`"token":"`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	signin.Test(t)

	before = signupCounts(t, app)
	duplicates := []struct {
		name, content string
		mut           func(shop, owner map[string]any)
	}{
		{"same CNPJ", `"cnpj":{"code":"cnpj_taken"`, func(_, o map[string]any) { o["email"] = "outra@example.com" }},
		{"same e-mail", `"email":{"code":"email_taken"`, func(s, _ map[string]any) { s["cnpj"] = "11.444.777/0001-61" }},
	}
	for _, tc := range duplicates {
		sc := tests.ApiScenario{
			Name: "duplicate: " + tc.name, Method: http.MethodPost, URL: "/api/bancada/signup",
			Body: hooktest.JSON(t, signupBody(tc.mut)), ExpectedStatus: 400,
			ExpectedContent: []string{tc.content}, AfterTestFunc: nothingCreated,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
}

func TestSignupAcceptsTheAlphanumericCNPJ(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	sc := tests.ApiScenario{
		Name: "alphanumeric CNPJ", Method: http.MethodPost, URL: "/api/bancada/signup",
		Body:           hooktest.JSON(t, signupBody(func(s, _ map[string]any) { s["cnpj"] = "12.abc.345/01de-35" })),
		ExpectedStatus: 200, ExpectedContent: []string{`"cnpj":"12ABC34501DE35"`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	sc.Test(t)
}

func TestSignupIsRateLimited(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	app.Settings().RateLimits.Enabled = true // as migrated: 5 signups per hour per IP
	for i := 0; i < 6; i++ {
		status := 400 // invalid bodies: counted all the same
		if i == 5 {
			status = 429
		}
		sc := tests.ApiScenario{
			Name: "signup attempt", Method: http.MethodPost, URL: "/api/bancada/signup",
			Body: hooktest.JSON(t, map[string]any{}), ExpectedStatus: status, ExpectedContent: []string{`"status":`},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
}
