package tracking_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// Personal data of the customer the page must never show.
const (
	fullName   = "Maria Aparecida Souza"
	cpf        = "52998224725"
	cpfShown   = "529.982.247-25"
	email      = "maria.souza@example.com"
	address    = "Rua das Flores, 123, Apto 45"
	imei       = "490154203237518"
	serial     = "SN-R58M12ABCDE"
	passcode   = "9876-segredo"
	problem    = "Caiu na piscina da vizinha"
	staffNote  = "cliente pediu desconto, ver com gerente"
	browserUA  = "Mozilla/5.0 (Linux; Android 14) Teste/1.0"
	scenarioIP = "192.0.2.1" // httptest.NewRequest's RemoteAddr
)

// clock is the shared settable test clock.
type clock = testclock.Clock

// newEnv is an app whose clock the test moves. It has no shops: the page
// needs no staff, and seeding staff (bcrypt) is what makes tests slow.
func newEnv(t *testing.T) (*hooktest.Env, *clock) {
	t.Helper()
	c := testclock.New(hooktest.Now)
	env := hooktest.New(t, func(d *hooks.Deps) { d.Now = c.Now })
	return env, c
}

// newShop creates an active shop with no staff.
func newShop(t testing.TB, app core.App) *collections.Tenant {
	t.Helper()
	tn, err := collections.NewTenant(app)
	require.NoError(t, err)
	n := hooktest.Uniq()
	tn.SetName(fmt.Sprintf("Assistência %d", n))
	tn.SetCNPJ(fmt.Sprintf("%014d", 90000000000000+n))
	tn.SetEmail(fmt.Sprintf("loja%d@example.com", n))
	tn.SetPhone("551133334444")
	require.NoError(t, app.Save(tn))
	return tn
}

// customerWithData creates a customer with every kind of personal data.
func customerWithData(t testing.TB, app core.App, tenantID string) *collections.Customer {
	t.Helper()
	c, err := collections.NewCustomer(app, tenantID)
	require.NoError(t, err)
	c.SetName(fullName)
	c.SetPhone(hooktest.UniquePhone())
	c.SetDocument(cpf, collections.DocumentCPF)
	c.SetEmail(email)
	c.Set(collections.CustomerAddress, address)
	require.NoError(t, app.Save(c))
	return c
}

// quotedOrder creates an order of a customer with full personal data and
// a device with IMEI, serial and passcode, and takes it to "quoted" with
// a two-line quote of R$ 500,00.
func quotedOrder(t testing.TB, app core.App, tenantID string) *collections.Order {
	t.Helper()
	return orderAt(t, app, tenantID, collections.StatusQuoted)
}

// orderAt is quotedOrder stopped at received, diagnosing or quoted.
func orderAt(t testing.TB, app core.App, tenantID string, status collections.OrderStatus) *collections.Order {
	t.Helper()
	c := customerWithData(t, app, tenantID)
	d, err := collections.NewDevice(app, tenantID, c.Id)
	require.NoError(t, err)
	d.SetKind(collections.DevicePhone)
	d.SetBrand("Samsung")
	d.SetModel("Galaxy S21")
	d.SetIMEI(imei)
	d.Set(collections.DeviceSerial, serial)
	d.SetPasscode(collections.PasscodePIN, passcode)
	require.NoError(t, app.Save(d))
	o, err := collections.NewOrder(app, tenantID, c.Id, d.Id)
	require.NoError(t, err)
	o.SetProblem(problem)
	o.Set(collections.OrderNotes, staffNote)
	require.NoError(t, app.Save(o))
	if status == collections.StatusReceived {
		return o
	}
	move(t, app, o, collections.StatusDiagnosing)
	if status == collections.StatusDiagnosing {
		return o
	}
	o.SetQuoteLines([]collections.QuoteLine{
		{Kind: collections.LineLabor, Description: "Troca de tela", Quantity: 1, UnitCents: 45000},
		{Kind: collections.LinePart, Description: "Película de vidro", Quantity: 2, UnitCents: 2500},
	})
	move(t, app, o, collections.StatusQuoted)
	return o
}

// move changes an order's status as staff would.
func move(t testing.TB, app core.App, o *collections.Order, to collections.OrderStatus) {
	t.Helper()
	o.SetStatus(to)
	o.Set(collections.OrderStatusNote, staffNote)
	require.NoError(t, app.Save(o))
}

// reload reads an order again.
func reload(t testing.TB, app core.App, id string) *collections.Order {
	t.Helper()
	r, err := app.FindRecordById(collections.Orders, id)
	require.NoError(t, err)
	return collections.AsOrder(r)
}

// get fetches a path as a browser would.
func get(t testing.TB, app core.App, path string) (*http.Response, string) {
	t.Helper()
	return do(t, app, http.MethodGet, path, nil, nil)
}

// do runs one request through the app's router (for the steps of a flow;
// the tables use tests.ApiScenario).
func do(t testing.TB, app core.App, method, path string, headers map[string]string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	hooktest.Handler(t, app).ServeHTTP(rec, req)
	return rec.Result(), rec.Body.String()
}

var formRE = regexp.MustCompile(`name="form" value="([^"]+)"`)

// formOf extracts the signed form token of a page ("" when it has none).
func formOf(page string) string {
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// browser are the headers of a form post from the page itself.
func browser(extra map[string]string) map[string]string {
	h := map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "User-Agent": browserUA,
		"Sec-Fetch-Site": "same-origin", "Origin": "https://bancada.test",
	}
	for k, v := range extra {
		if v == "" {
			delete(h, k)
		} else {
			h[k] = v
		}
	}
	return h
}

// formBody is the body of an approve/decline post.
func formBody(form string) io.Reader {
	return strings.NewReader(url.Values{"form": {form}}.Encode())
}

// post submits an approve/decline form as a browser on this site does.
func post(t testing.TB, app core.App, path, form string, extra map[string]string) (*http.Response, string) {
	t.Helper()
	return do(t, app, http.MethodPost, path, browser(extra), formBody(form))
}

// mustFind loads any record by id.
func mustFind(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	require.NoError(t, err)
	return r
}

// jsonBody is a raw JSON request body.
func jsonBody(s string) io.Reader { return strings.NewReader(s) }
