package tracking_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/tracking"
)

func TestPageShowsTheOrderAndNoPersonalDataButTheFirstName(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop := newShop(t, app)
	shop.SetAddress("Av. Paulista, 1000 - São Paulo/SP")
	shop.SetWhatsAppNumber("5511987650000")
	require.NoError(t, app.Save(shop))
	o := quotedOrder(t, app, shop.Id)
	events, err := app.FindAllRecords(collections.OrderEvents, dbx.HashExp{collections.OrderEventOrder: o.Id})
	require.NoError(t, err)
	require.Len(t, events, 3)
	sp := br.LoadLocation("America/Sao_Paulo")
	firstAt := br.DateTime(events[0].GetDateTime(collections.FieldCreated).Time(), sp)

	sc := tests.ApiScenario{
		Name: "valid token", Method: http.MethodGet, URL: tracking.Path(o.TrackingToken()),
		ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{
			`<html lang="pt-BR">`, shop.Name(), "Av. Paulista, 1000", `href="tel:&#43;551133334444"`, "(11) 3333-4444",
			`href="https://wa.me/5511987650000?text=`, fmt.Sprintf("OS nº %d", o.Number()), "Olá, Maria!",
			"Samsung Galaxy S21", "Orçamento enviado",
			"Troca de tela", "R$ 450,00", "Película de vidro", "R$ 50,00", "R$ 500,00",
			"Recebido", "Em diagnóstico", firstAt,
			`<form method="post" action="/os/` + o.TrackingToken() + `/approve">`,
			`<form method="post" action="/os/` + o.TrackingToken() + `/decline">`,
			`<button class="approve" type="submit">Aprovar orçamento</button>`,
		},
		NotExpectedContent: []string{
			"Aparecida", "Souza", fullName, cpf, cpfShown, email, address, imei, serial, passcode,
			collections.AsCustomer(mustFind(t, app, collections.Customers, o.Customer())).Phone(),
			problem, staffNote, "<script", "dono", // no staff names either
		},
		TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			h := res.Header
			assert.Equal(t, "no-store", h.Get("Cache-Control"))
			assert.Contains(t, h.Get("X-Robots-Tag"), "noindex")
			assert.Equal(t, "text/html; charset=utf-8", h.Get("Content-Type"))
			assert.Equal(t, "same-origin", h.Get("Referrer-Policy"))
			assert.Contains(t, h.Get("Content-Security-Policy"), "default-src 'none'")
			assert.NotContains(t, h.Get("Content-Security-Policy"), "script-src", "no script may run")
		},
	}
	sc.Test(t)
}

func TestPageRendersTimesInTheShopsZone(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop := newShop(t, app)
	shop.SetTimezone("America/Manaus") // UTC-4
	require.NoError(t, app.Save(shop))
	o := quotedOrder(t, app, shop.Id)
	ev, err := app.FindFirstRecordByData(collections.OrderEvents, collections.OrderEventOrder, o.Id)
	require.NoError(t, err)
	at := ev.GetDateTime(collections.FieldCreated).Time()

	_, body := get(t, app, tracking.Path(o.TrackingToken()))
	manaus := at.In(time.FixedZone("AMT", -4*3600)).Format("02/01/2006 15:04")
	assert.Contains(t, body, manaus)
	assert.Contains(t, body, `datetime="`+at.UTC().Format(time.RFC3339)+`"`)
}

func TestPageNeedsNoJavaScript(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	o := quotedOrder(t, env.App, newShop(t, env.App).Id)
	res, body := get(t, env.App, tracking.Path(o.TrackingToken()))
	require.Equal(t, http.StatusOK, res.StatusCode)

	assert.NotContains(t, body, "<script")
	assert.NotRegexp(t, `(?i)\son[a-z]+=`, body, "no inline event handlers")
	assert.NotContains(t, body, "javascript:")
	// Both answers, and the marketing consent, are plain forms with a
	// submit button.
	assert.Equal(t, 3, strings.Count(body, `<form method="post"`))
	assert.Equal(t, 3, strings.Count(body, `type="submit"`))
	// No asset from anywhere else: the only image is same-origin, the
	// stylesheet is inline.
	assert.NotRegexp(t, `(?i)<link|src="https?:`, body)

	// The inline stylesheet is exactly the one the CSP allows.
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(body)
	require.NotNil(t, m)
	sum := sha256.Sum256([]byte(m[1]))
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
}

func TestPageOfADeliveredOrderShowsWarrantyAndBalance(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	o := quotedOrder(t, app, newShop(t, app).Id)
	for _, s := range []collections.OrderStatus{collections.StatusApproved, collections.StatusRepairing, collections.StatusReady} {
		move(t, app, o, s)
	}
	// orders.paid is kept by the billing hooks from the payments.
	o = reload(t, app, o.Id)
	o.SetPaid(20000)
	require.NoError(t, app.Save(o))
	_, body := get(t, app, tracking.Path(o.TrackingToken()))
	assert.Contains(t, body, "Pronto para retirada")
	assert.Contains(t, body, "R$ 200,00", "paid")
	assert.Contains(t, body, "R$ 300,00", "balance")
	assert.NotContains(t, body, "Garantia até", "no warranty before delivery")
	assert.NotContains(t, body, `/approve"`, "nothing to answer")

	move(t, app, o, collections.StatusDelivered)
	_, body = get(t, app, tracking.Path(o.TrackingToken()))
	until := br.Date(hooktest.Now.AddDate(0, 0, o.WarrantyDays()), br.LoadLocation(""))
	assert.Contains(t, body, "Garantia até <strong>"+until+"</strong>")
	assert.Contains(t, body, "Entregue")
}

func TestDraftQuoteIsNotShownBeforeItIsSent(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	o := orderAt(t, app, newShop(t, app).Id, collections.StatusDiagnosing)
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Rascunho do técnico", Quantity: 1, UnitCents: 9900}})
	require.NoError(t, app.Save(o))

	res, body := get(t, app, tracking.Path(o.TrackingToken()))
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Em diagnóstico")
	assert.NotContains(t, body, "Rascunho do técnico")
	assert.NotContains(t, body, "R$ 99,00")
}

func TestUnknownRevokedAndExpiredTokensGetOneIdentical404(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop, short := newShop(t, app), newShop(t, app)

	revoked := quotedOrder(t, app, shop.Id)
	revoked.Set(collections.OrderTrackingOff, true)
	require.NoError(t, app.Save(revoked))

	deliveredDaysAgo := func(tenantID string, days int) *collections.Order {
		o := quotedOrder(t, app, tenantID)
		for _, s := range []collections.OrderStatus{collections.StatusApproved, collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered} {
			move(t, app, o, s)
		}
		o.Set(collections.OrderDeliveredAt, hooktest.Now.AddDate(0, 0, -days))
		require.NoError(t, app.Save(o))
		return o
	}
	expired := deliveredDaysAgo(shop.Id, 91)
	fresh := deliveredDaysAgo(shop.Id, 89)
	cancelled := quotedOrder(t, app, shop.Id)
	move(t, app, cancelled, collections.StatusCancelled)
	cancelled.Set(collections.OrderCancelledAt, hooktest.Now.AddDate(0, 0, -91))
	require.NoError(t, app.Save(cancelled))

	// Shop B keeps pages 30 days only.
	settings := short.Settings()
	settings.TrackingExpiryDays = 30
	short.SetSettings(settings)
	require.NoError(t, app.Save(short))
	shortExpired := deliveredDaysAgo(short.Id, 31)
	shortFresh := deliveredDaysAgo(short.Id, 29)

	var want string
	for _, c := range []struct {
		name, token string
		status      int
	}{
		{"unknown token", "QkFOQ0FEQS1OQU8tRVhJU1RFLTAxMjM0NTY3ODk", http.StatusNotFound},
		{"empty-looking token", "%20", http.StatusNotFound},
		{"revoked", revoked.TrackingToken(), http.StatusNotFound},
		{"delivered 91 days ago (default 90)", expired.TrackingToken(), http.StatusNotFound},
		{"cancelled 91 days ago", cancelled.TrackingToken(), http.StatusNotFound},
		{"delivered 31 days ago, shop keeps 30", shortExpired.TrackingToken(), http.StatusNotFound},
		{"delivered 89 days ago", fresh.TrackingToken(), http.StatusOK},
		{"delivered 29 days ago, shop keeps 30", shortFresh.TrackingToken(), http.StatusOK},
		{"open order", quotedOrder(t, app, shop.Id).TrackingToken(), http.StatusOK},
	} {
		res, body := get(t, app, "/os/"+c.token)
		require.Equal(t, c.status, res.StatusCode, c.name)
		if c.status != http.StatusNotFound {
			continue
		}
		if want == "" {
			want = body
			assert.Contains(t, body, "Página não encontrada")
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			assert.Contains(t, res.Header.Get("X-Robots-Tag"), "noindex")
		}
		assert.Equal(t, want, body, "%s: the same page for every miss", c.name)
	}

	// The same through the POST routes: nothing to probe there either.
	for _, tok := range []string{"nao-existe", revoked.TrackingToken(), expired.TrackingToken()} {
		res, body := post(t, app, tracking.Path(tok)+"/approve", "x", nil)
		assert.Equal(t, http.StatusNotFound, res.StatusCode)
		assert.Equal(t, want, body)
	}
	assert.Equal(t, collections.StatusQuoted, reload(t, app, revoked.Id).Status())
}

func TestDeactivatedShopsPageStaysReadableButTakesNoAnswers(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop := newShop(t, app)
	o := quotedOrder(t, app, shop.Id)
	_, page := get(t, app, tracking.Path(o.TrackingToken()))
	form := formOf(page)
	require.NotEmpty(t, form)

	shop.SetActive(false)
	require.NoError(t, app.Save(shop))

	res, body := get(t, app, tracking.Path(o.TrackingToken()))
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Para responder a este orçamento, fale com a loja.")
	assert.NotContains(t, body, "<form")

	res, body = post(t, app, tracking.Path(o.TrackingToken())+"/approve", form, nil)
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "fale com a loja")
	assert.Equal(t, collections.StatusQuoted, reload(t, app, o.Id).Status())
}
