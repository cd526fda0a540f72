package tracking_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/tracking"
)

// events counts an order's history rows.
func events(t testing.TB, app core.App, orderID string) []*core.Record {
	t.Helper()
	rows, err := app.FindRecordsByFilter(collections.OrderEvents, collections.OrderEventOrder+" = {:o}",
		collections.FieldCreated+",@rowid", 0, 0, dbx.Params{"o": orderID})
	require.NoError(t, err)
	return rows
}

func TestAnsweringAQuote(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop := newShop(t, app)

	// page opens a quoted order's page and returns its order and form.
	page := func(status ...collections.OrderStatus) (*collections.Order, string) {
		o := quotedOrder(t, app, shop.Id)
		_, body := get(t, app, tracking.Path(o.TrackingToken()))
		form := formOf(body)
		require.NotEmpty(t, form)
		for _, s := range status {
			move(t, app, o, s)
		}
		return o, form
	}
	type want struct {
		status  collections.OrderStatus
		events  int // history rows after the request
		content []string
	}
	approved, approvedForm := page()
	declined, declinedForm := page()
	approvedTwice, approvedTwiceForm := page(collections.StatusApproved)
	changedMind, changedMindForm := page(collections.StatusApproved)
	declinedTwice, declinedTwiceForm := page(collections.StatusRejected)
	lateApproval, lateApprovalForm := page(collections.StatusRejected)
	movedOn, movedOnForm := page(collections.StatusApproved, collections.StatusRepairing)
	cancelled, cancelledForm := page(collections.StatusCancelled)
	requoted, requotedForm := page()
	requoted.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Troca de tela e bateria", Quantity: 1, UnitCents: 61000}})
	require.NoError(t, app.Save(requoted))
	received := orderAt(t, app, shop.Id, collections.StatusReceived)
	other, _ := page()
	crossSite, crossSiteForm := page()
	noHeaders, noHeadersForm := page()

	for _, c := range []struct {
		name    string
		order   *collections.Order
		action  string
		form    string
		headers map[string]string
		code    int
		want    want
	}{
		{"approve while quoted", approved, "approve", approvedForm, nil, http.StatusSeeOther,
			want{collections.StatusApproved, 4, nil}},
		{"decline while quoted", declined, "decline", declinedForm, nil, http.StatusSeeOther,
			want{collections.StatusRejected, 4, nil}},
		{"second click shows the outcome", approvedTwice, "approve", approvedTwiceForm, nil, http.StatusOK,
			want{collections.StatusApproved, 4, []string{"Este orçamento já foi aprovado em"}}},
		{"declining an approved quote", changedMind, "decline", changedMindForm, nil, http.StatusOK,
			want{collections.StatusApproved, 4, []string{"Para mudar a resposta, fale com a loja."}}},
		{"second decline shows the outcome", declinedTwice, "decline", declinedTwiceForm, nil, http.StatusOK,
			want{collections.StatusRejected, 4, []string{"Você já recusou este orçamento em"}}},
		{"approving a declined quote", lateApproval, "approve", lateApprovalForm, nil, http.StatusOK,
			want{collections.StatusRejected, 4, []string{"Para aprová-lo agora, fale com a loja."}}},
		{"approving after the repair began", movedOn, "approve", movedOnForm, nil, http.StatusOK,
			want{collections.StatusRepairing, 5, []string{"Este orçamento já foi aprovado em"}}},
		{"order cancelled by the shop", cancelled, "approve", cancelledForm, nil, http.StatusConflict,
			want{collections.StatusCancelled, 4, []string{"Não há orçamento aguardando sua resposta nesta OS."}}},
		{"quote changed since the page was opened", requoted, "approve", requotedForm, nil, http.StatusConflict,
			want{collections.StatusQuoted, 3, []string{"A loja atualizou o orçamento.", "R$ 610,00"}}},
		{"order not quoted yet", received, "approve", "", nil, http.StatusForbidden,
			want{collections.StatusReceived, 1, []string{"Não foi possível confirmar sua resposta."}}},
		{"form of another order", other, "approve", approvedForm, nil, http.StatusForbidden,
			want{collections.StatusQuoted, 3, []string{"Não foi possível confirmar sua resposta."}}},
		{"forged form", other, "decline", "v1:Zm9yamFkbw", nil, http.StatusForbidden,
			want{collections.StatusQuoted, 3, nil}},
		{"cross-site post", crossSite, "approve", crossSiteForm, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden,
			want{collections.StatusQuoted, 3, []string{"Não foi possível confirmar sua resposta."}}},
		{"other origin", crossSite, "approve", crossSiteForm, map[string]string{"Sec-Fetch-Site": "", "Origin": "https://golpe.example"}, http.StatusForbidden,
			want{collections.StatusQuoted, 3, nil}},
		{"opaque origin", crossSite, "decline", crossSiteForm, map[string]string{"Sec-Fetch-Site": "", "Origin": "null"}, http.StatusForbidden,
			want{collections.StatusQuoted, 3, nil}},
		{"old browser: the signed form decides", noHeaders, "approve", noHeadersForm, map[string]string{"Sec-Fetch-Site": "", "Origin": ""}, http.StatusSeeOther,
			want{collections.StatusApproved, 4, nil}},
	} {
		sc := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: tracking.Path(c.order.TrackingToken()) + "/" + c.action,
			Body: formBody(c.form), Headers: browser(c.headers),
			ExpectedStatus: c.code, ExpectedContent: c.want.content,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				assert.Equal(t, c.want.status, reload(t, app, c.order.Id).Status())
				assert.Len(t, events(t, app, c.order.Id), c.want.events)
				assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
				if c.code == http.StatusSeeOther {
					assert.Equal(t, tracking.Path(c.order.TrackingToken())+"?resposta="+map[string]string{
						"approve": "aprovado", "decline": "recusado"}[c.action], res.Header.Get("Location"))
				} else {
					assert.Contains(t, res.Header.Get("Content-Type"), "text/html", "the page, not an error document")
				}
			},
		}
		if len(sc.ExpectedContent) == 0 && c.code != http.StatusSeeOther {
			sc.ExpectedContent = []string{"<!doctype html>"}
		}
		sc.Test(t)
	}

	// The page the answer redirects to thanks the customer...
	_, body := get(t, app, tracking.Path(approved.TrackingToken())+"?resposta=aprovado")
	assert.Contains(t, body, "Obrigado! Orçamento aprovado.")
	assert.NotContains(t, body, `/approve"`)
	_, body = get(t, app, tracking.Path(declined.TrackingToken())+"?resposta=recusado")
	assert.Contains(t, body, "orçamento recusado. A loja já foi avisada")
	// ...but a crafted link cannot make a page say what did not happen.
	_, body = get(t, app, tracking.Path(other.TrackingToken())+"?resposta=aprovado")
	assert.NotContains(t, body, "Obrigado!")
	assert.Contains(t, body, "Aprovar orçamento")
}

func TestAnswerIsRecordedWithTimeIPAndUserAgent(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	o := quotedOrder(t, app, newShop(t, app).Id)
	_, page := get(t, app, tracking.Path(o.TrackingToken()))

	res, _ := post(t, app, tracking.Path(o.TrackingToken())+"/approve", formOf(page), nil)
	require.Equal(t, http.StatusSeeOther, res.StatusCode)

	o = reload(t, app, o.Id)
	require.Equal(t, collections.StatusApproved, o.Status())
	assert.Equal(t, hooktest.Now, o.GetDateTime(collections.OrderApprovedAt).Time(), "the time of the answer")
	rows := events(t, app, o.Id)
	last := rows[len(rows)-1]
	assert.Equal(t, string(collections.StatusQuoted), last.GetString(collections.OrderEventFrom))
	assert.Equal(t, string(collections.StatusApproved), last.GetString(collections.OrderEventTo))
	assert.Equal(t, tracking.ActorLabel, last.GetString(collections.OrderEventActorLabel))
	assert.Equal(t, scenarioIP, last.GetString(collections.OrderEventIP))
	assert.Equal(t, browserUA, last.GetString(collections.OrderEventUserAgent))
	assert.Empty(t, last.GetString(collections.OrderEventActor), "no staff member did it")

	entry, err := app.FindFirstRecordByFilter(collections.AuditLog, "record = {:r} && action = {:a}",
		dbx.Params{"r": o.Id, "a": collections.ActionStatus})
	require.NoError(t, err)
	assert.Equal(t, tracking.ActorLabel, entry.GetString(collections.AuditActorLabel))
	assert.Equal(t, scenarioIP, entry.GetString(collections.AuditIP))
}

func TestAFormOpenForMoreThanADayMustBeRenewed(t *testing.T) {
	t.Parallel()
	env, clock := newEnv(t)
	app := env.App
	o := quotedOrder(t, app, newShop(t, app).Id)
	_, page := get(t, app, tracking.Path(o.TrackingToken()))
	clock.Add(25 * time.Hour)

	res, body := post(t, app, tracking.Path(o.TrackingToken())+"/approve", formOf(page), nil)
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "Esta página ficou aberta por muito tempo.")
	assert.Equal(t, collections.StatusQuoted, reload(t, app, o.Id).Status())

	// The page it shows carries a fresh form, which works.
	res, _ = post(t, app, tracking.Path(o.TrackingToken())+"/approve", formOf(body), nil)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, collections.StatusApproved, reload(t, app, o.Id).Status())
}

func TestConcurrentClicksMoveTheOrderOnce(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	o := quotedOrder(t, app, newShop(t, app).Id)
	_, page := get(t, app, tracking.Path(o.TrackingToken()))
	form := formOf(page)

	h := hooktest.Handler(t, app)
	codes := make(chan int, 6)
	for i := range 6 {
		action := []string{"approve", "decline"}[i%2]
		go func() {
			req := httptest.NewRequest(http.MethodPost, tracking.Path(o.TrackingToken())+"/"+action, formBody(form))
			for k, v := range browser(nil) {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			codes <- rec.Code
		}()
	}
	redirects := 0
	for range 6 {
		if <-codes == http.StatusSeeOther {
			redirects++
		}
	}
	assert.Equal(t, 1, redirects, "exactly one click changes the order")
	rows := events(t, app, o.Id)
	assert.Len(t, rows, 4)
	final := reload(t, app, o.Id).Status()
	assert.True(t, final == collections.StatusApproved || final == collections.StatusRejected)
	assert.Equal(t, string(final), rows[3].GetString(collections.OrderEventTo))
	assert.False(t, strings.Contains(rows[3].GetString(collections.OrderEventFrom), "approved") ||
		strings.Contains(rows[3].GetString(collections.OrderEventFrom), "rejected"))
}
