package tracking_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/tracking"
)

// The customer accepts promotions on the tracking page and later refuses
// them: each choice is recorded with when, how (the page) and from which
// address. A post from another site, or with another order's form, is
// refused and changes nothing.
var marketingFormRE = regexp.MustCompile(`/promocoes"><input type="hidden" name="form" value="([^"]+)"`)

// marketingForm extracts the signed form of the page's consent box.
func marketingForm(page string) string {
	m := marketingFormRE.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestCustomerChoosesPromotionsOnThePage(t *testing.T) {
	t.Parallel()
	env, clk := newEnv(t)
	app := env.App
	shop := newShop(t, app)
	o := orderAt(t, app, shop.Id, collections.StatusReady)
	other := orderAt(t, app, shop.Id, collections.StatusReady)
	path := tracking.Path(o.TrackingToken()) + "/promocoes"
	choose := func(form, accept string, extra map[string]string) *http.Response {
		res, _ := do(t, app, http.MethodPost, path, browser(extra), strings.NewReader(url.Values{"form": {form}, "aceito": {accept}}.Encode()))
		return res
	}
	customer := func() *collections.Customer {
		return collections.AsCustomer(mustFind(t, app, collections.Customers, o.Customer()))
	}

	_, page := get(t, app, tracking.Path(o.TrackingToken()))
	require.Contains(t, page, "Quer receber promoções e novidades de "+shop.Name()+" pelo WhatsApp?")
	form := marketingForm(page)
	_, otherPage := get(t, app, tracking.Path(other.TrackingToken()))

	require.Equal(t, http.StatusForbidden, choose(form, "1", map[string]string{"Sec-Fetch-Site": "cross-site"}).StatusCode)
	require.Equal(t, http.StatusForbidden, choose(marketingForm(otherPage), "1", nil).StatusCode)
	require.False(t, customer().MarketingOptIn())

	res := choose(form, "1", nil)
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, tracking.Path(o.TrackingToken())+"?promocoes=sim", res.Header.Get("Location"))
	c := customer()
	require.True(t, c.MarketingOptIn())
	require.Equal(t, "rastreamento", c.GetString(collections.CustomerMarketingChangedVia))
	require.Equal(t, "2026-11-24 17:00:00.000Z", c.GetString(collections.CustomerMarketingChangedAt))
	line, err := app.FindFirstRecordByFilter(collections.AuditLog, "action = 'privacy.marketing' && record = {:c}", dbx.Params{"c": c.Id})
	require.NoError(t, err)
	require.Equal(t, "cliente (página de acompanhamento)", line.GetString(collections.AuditActorLabel))
	require.JSONEq(t, `{"marketing_opt_in":true,"via":"rastreamento"}`, line.GetString(collections.AuditChanges))
	_, page = get(t, app, tracking.Path(o.TrackingToken())+"?promocoes=sim")
	require.Contains(t, page, "Pronto! Você vai receber promoções e novidades de "+shop.Name()+" pelo WhatsApp.")
	require.Contains(t, page, "Não quero mais receber promoções")

	clk.Add(3600e9)
	require.Equal(t, http.StatusSeeOther, choose(marketingForm(page), "0", nil).StatusCode)
	c = customer()
	require.False(t, c.MarketingOptIn())
	require.Equal(t, "2026-11-24 18:00:00.000Z", c.GetString(collections.CustomerMarketingChangedAt))
}
