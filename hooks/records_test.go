package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestCustomerInputIsNormalisedOrRefusedInPortuguese(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	url := "/api/collections/customers/records"
	cases := []struct {
		name    string
		body    map[string]any
		status  int
		content []string
	}{
		{"phone and CPF normalised", map[string]any{"name": "  Maria   da Silva ", "phone": "(21) 99876-5432", "document": "529.982.247-25"},
			200, []string{`"phone":"5521998765432"`, `"document":"52998224725"`, `"document_kind":"cpf"`, `"name":"Maria da Silva"`}},
		{"alphanumeric CNPJ", map[string]any{"name": "Empresa", "phone": "11 3333-4444", "document": "12.abc.345/01de-35"},
			200, []string{`"document":"12ABC34501DE35"`, `"document_kind":"cnpj"`, `"phone":"551133334444"`}},
		{"invalid phone", map[string]any{"name": "X", "phone": "9999"},
			400, []string{`"phone":{"code":"invalid_phone","message":"Telefone inválido`}},
		{"wrong CPF digit", map[string]any{"name": "X", "phone": hooktest.UniquePhone(), "document": "529.982.247-26"},
			400, []string{`"document":{"code":"invalid_document","message":"CPF inválido (dígito verificador não confere)`}},
		{"missing name in Portuguese", map[string]any{"phone": hooktest.UniquePhone()},
			400, []string{`"name":{"code":"validation_required","message":"Campo obrigatório."}`, `Confira os campos destacados`}},
		{"duplicate phone in the same shop", map[string]any{"name": "Dup", "phone": f.A.Rec[collections.Customers].GetString("phone")},
			400, []string{`"phone":{"code":"validation_not_unique","message":"Já existe um cadastro com este valor."}`}},
	}
	for _, tc := range cases {
		tc.body["tenant"] = f.A.ID()
		sc := tests.ApiScenario{
			Name: tc.name, Method: http.MethodPost, URL: url, Body: hooktest.JSON(t, tc.body),
			Headers:        map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)},
			ExpectedStatus: tc.status, ExpectedContent: tc.content,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
	// The same phone may exist in another shop: uniqueness is per tenant.
	other := tests.ApiScenario{
		Name: "same phone in another shop", Method: http.MethodPost, URL: url,
		Body:           hooktest.JSON(t, map[string]any{"tenant": f.B.ID(), "name": "Outro", "phone": f.A.Rec[collections.Customers].GetString("phone")}),
		Headers:        map[string]string{"Authorization": hooktest.Token(t, f.B.Owner)},
		ExpectedStatus: 200, ExpectedContent: []string{`"tenant":"` + f.B.ID() + `"`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	other.Test(t)
}

func TestDevicePasscodeIsEncryptedAndShownOnlyToTechniciansAndOwners(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	var deviceID string
	create := tests.ApiScenario{
		Name: "attendant records the passcode", Method: http.MethodPost, URL: "/api/collections/devices/records",
		Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)},
		Body: hooktest.JSON(t, map[string]any{"tenant": f.A.ID(), "customer": f.A.Rec[collections.Customers].Id, "type": "phone",
			"imei": "35-209900-176148-1", "passcode": "L-shape 1478", "passcode_kind": "pattern"}),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"has_passcode":true`, `"passcode":""`, `"imei":"352099001761481"`, `"passcode_kind":"pattern"`},
		NotExpectedContent: []string{"1478", "passcode_enc"},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			recs, err := app.FindAllRecords(collections.Devices, dbxTenant(f.A.ID()))
			require.NoError(t, err)
			for _, r := range recs {
				if r.GetString(collections.DeviceIMEI) == "352099001761481" {
					deviceID = r.Id
					enc := r.GetString(collections.DevicePasscodeEnc)
					require.True(t, strings.HasPrefix(enc, "v1:"), "stored encrypted")
					require.NotContains(t, enc, "1478")
					require.Empty(t, r.GetString(collections.DevicePasscode))
				}
			}
		},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	create.Test(t)
	require.NotEmpty(t, deviceID)

	for _, tc := range []struct {
		who     string
		caller  interface{ NewAuthToken() (string, error) }
		status  int
		content string
	}{
		{"technician", f.A.Tech, 200, `"passcode":"L-shape 1478"`},
		{"owner", f.A.Owner, 200, `"passcode":"L-shape 1478"`},
		{"attendant", f.A.Attend, 403, `não permite`},
		{"manager", f.A.Manager, 403, `não permite`},
		{"another shop's owner", f.B.Owner, 404, `Aparelho não encontrado.`},
	} {
		tok, err := tc.caller.NewAuthToken()
		require.NoError(t, err)
		sc := tests.ApiScenario{
			Name: "passcode for " + tc.who, Method: http.MethodGet, URL: "/api/bancada/devices/" + deviceID + "/passcode",
			Headers: map[string]string{"Authorization": tok}, ExpectedStatus: tc.status, ExpectedContent: []string{tc.content},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
	n, err := app.CountRecords(collections.AuditLog, dbxAction(collections.ActionPasscodeView))
	require.NoError(t, err)
	require.EqualValues(t, 2, n, "every reading is audited")

	bad := tests.ApiScenario{
		Name: "IMEI with a wrong check digit", Method: http.MethodPost, URL: "/api/collections/devices/records",
		Headers:        map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)},
		Body:           hooktest.JSON(t, map[string]any{"tenant": f.A.ID(), "customer": f.A.Rec[collections.Customers].Id, "type": "phone", "imei": "352099001761482"}),
		ExpectedStatus: 400, ExpectedContent: []string{`"imei":{"code":"invalid_imei","message":"IMEI inválido (dígito verificador não confere)`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	bad.Test(t)
}

func TestAuditLogRecordsWritesAndSignIns(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	order := f.A.Rec[collections.Orders]
	steps := []tests.ApiScenario{
		{Name: "status change", Method: http.MethodPatch, URL: "/api/collections/orders/records/" + order.Id,
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Tech), "User-Agent": "Bancada-Teste/1"},
			Body:    hooktest.JSON(t, map[string]any{"status": "diagnosing", "diagnosis": "placa"}), ExpectedStatus: 200, ExpectedContent: []string{`"diagnosing"`}},
		{Name: "settings change", Method: http.MethodPatch, URL: "/api/collections/tenants/records/" + f.A.ID(),
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)},
			Body:    hooktest.JSON(t, map[string]any{"settings": map[string]any{"warranty_days": 120}}), ExpectedStatus: 200, ExpectedContent: []string{`"warranty_days":120`}},
		{Name: "sign-in", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
			Body: hooktest.JSON(t, map[string]any{"identity": f.A.Owner.Email(), "password": "senha-forte-123"}), ExpectedStatus: 200, ExpectedContent: []string{`"token"`}},
		{Name: "failed sign-in", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
			Body: hooktest.JSON(t, map[string]any{"identity": f.A.Owner.Email(), "password": "errada"}), ExpectedStatus: 400,
			ExpectedContent: []string{`E-mail ou senha incorretos.`}},
		{Name: "owner reads the log", Method: http.MethodGet, URL: "/api/collections/audit_log/records?perPage=100",
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, ExpectedStatus: 200,
			ExpectedContent: []string{`"action":"order.status"`, `"action":"tenant.settings"`, `"action":"auth.sign_in"`, `Bancada-Teste/1`,
				`"status":["received","diagnosing"]`}},
		{Name: "nobody edits the log", Method: http.MethodPatch, URL: "/api/collections/audit_log/records/" + f.A.Rec[collections.AuditLog].Id,
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, Body: hooktest.JSON(t, map[string]any{"action": "x"}),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "nobody deletes the log", Method: http.MethodDelete, URL: "/api/collections/audit_log/records/" + f.A.Rec[collections.AuditLog].Id,
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Owner)}, ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
	}
	for _, sc := range steps {
		sc.TestAppFactory, sc.DisableTestAppCleanup = hooktest.Factory(app), true
		sc.Test(t)
	}
	failed, err := app.FindFirstRecordByData(collections.AuditLog, collections.AuditAction, collections.ActionSignInFailed)
	require.NoError(t, err)
	require.Contains(t, failed.GetString(collections.AuditActorLabel), f.A.Owner.Email())
	require.Empty(t, failed.GetString(collections.AuditTenant), "a failed sign-in belongs to no shop: operators see it")
}

func TestEstimateFromPriceRules(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	for _, r := range []map[string]any{
		{"device_type": "phone", "brand": "Apple", "price_cents": 40000},
		{"device_type": "phone", "brand": "Apple", "service": "screen", "price_cents": 60000},
	} {
		r["tenant"] = f.A.ID()
		hooktest.NewRecord(t, app, collections.PriceRules, r)
	}
	cases := []struct{ query, content string }{
		{"type=phone&brand=apple&model=iPhone%2011&service=screen", `"price_cents":60000`},
		{"type=phone&brand=Apple", `"price_cents":40000`},
		{"type=phone&brand=Nokia", `"price_cents":15000`}, // the fixture's default for phones
		{"type=console", `"found":false`},
	}
	for _, tc := range cases {
		sc := tests.ApiScenario{
			Name: "estimate " + tc.query, Method: http.MethodGet, URL: "/api/bancada/estimate?tenant=" + f.A.ID() + "&" + tc.query,
			Headers: map[string]string{"Authorization": hooktest.Token(t, f.A.Attend)}, ExpectedStatus: 200, ExpectedContent: []string{tc.content},
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		}
		sc.Test(t)
	}
	other := tests.ApiScenario{
		Name: "another shop's prices are not reachable", Method: http.MethodGet, URL: "/api/bancada/estimate?tenant=" + f.A.ID() + "&type=phone",
		Headers: map[string]string{"Authorization": hooktest.Token(t, f.B.Owner)}, ExpectedStatus: 403, ExpectedContent: []string{`não trabalha`},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
	}
	other.Test(t)
}
