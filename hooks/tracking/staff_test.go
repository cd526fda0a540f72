package tracking_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/tracking"
)

func TestStaffRevokeAndRotateTheirShopsPagesOnly(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	f := hooktest.Seed(t, app)
	orderA := collections.AsOrder(f.A.Rec[collections.Orders])
	orderB := collections.AsOrder(f.B.Rec[collections.Orders])
	orderC := collections.AsOrder(f.C.Rec[collections.Orders])
	tokenB := orderB.TrackingToken()

	url := func(o *collections.Order, action string) string {
		return "/api/bancada/orders/" + o.Id + "/tracking/" + action
	}
	with := func(h map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for hk, hv := range h {
			out[hk] = hv
		}
		return out
	}
	var rotated string
	for _, c := range []struct {
		name    string
		url     string
		headers map[string]string
		body    string
		code    int
		content []string
		after   func(t testing.TB)
	}{
		{"anonymous", url(orderA, "revoke"), nil, "", http.StatusUnauthorized, nil, nil},
		{"owner of another shop: not found", url(orderA, "revoke"), hooktest.Auth(t, f.B.Owner), "", http.StatusNotFound,
			[]string{"OS não encontrada."}, nil},
		{"owner of another shop naming it", url(orderA, "revoke") + "?tenant=" + f.A.ID(), hooktest.Auth(t, f.B.Owner), "", http.StatusForbidden, nil, nil},
		{"owner of another shop by header", url(orderA, "rotate"), with(hooktest.Auth(t, f.B.Owner), "X-Bancada-Tenant", f.A.ID()), "", http.StatusForbidden, nil, nil},
		{"owner of another shop in the body", url(orderA, "rotate"), hooktest.Auth(t, f.B.Owner), `{"tenant":"` + f.A.ID() + `"}`, http.StatusForbidden, nil, nil},
		{"staff naming their shop for another shop's order", url(orderB, "revoke") + "?tenant=" + f.A.ID(), hooktest.Auth(t, f.A.Owner), "", http.StatusNotFound, nil, nil},
		{"deactivated shop", url(orderC, "revoke"), hooktest.Auth(t, f.C.Owner), "", http.StatusForbidden, []string{"desativada"}, nil},
		{"unknown order", "/api/bancada/orders/naoexiste123456/tracking/revoke", hooktest.Auth(t, f.A.Owner), "", http.StatusNotFound, nil, nil},
		{"attendant revokes", url(orderA, "revoke"), hooktest.Auth(t, f.A.Attend), "", http.StatusOK,
			[]string{`"tracking_revoked":true`, `"tracking_token":"` + orderA.TrackingToken() + `"`},
			func(t testing.TB) {
				assert.True(t, reload(t, app, orderA.Id).TrackingRevoked())
				res, _ := get(t, app, tracking.Path(orderA.TrackingToken()))
				assert.Equal(t, http.StatusNotFound, res.StatusCode)
			}},
		{"technician rotates: a new link, working again", url(orderA, "rotate"), hooktest.Auth(t, f.A.Tech), "", http.StatusOK,
			[]string{`"tracking_revoked":false`, `"tracking_url":"https://bancada.test/os/`},
			func(t testing.TB) {
				o := reload(t, app, orderA.Id)
				rotated = o.TrackingToken()
				assert.NotEqual(t, orderA.TrackingToken(), rotated)
				assert.Regexp(t, `^[A-Za-z0-9]{43}$`, rotated, "a link token")
				assert.False(t, o.TrackingRevoked())
				res, _ := get(t, app, tracking.Path(orderA.TrackingToken()))
				assert.Equal(t, http.StatusNotFound, res.StatusCode, "the old link is dead")
				res, _ = get(t, app, tracking.Path(rotated))
				assert.Equal(t, http.StatusOK, res.StatusCode)
			}},
		{"owner with a JSON body naming the shop", url(orderA, "revoke"), hooktest.Auth(t, f.A.Owner), `{"tenant":"` + f.A.ID() + `"}`, http.StatusOK,
			[]string{`"tracking_revoked":true`}, nil},
	} {
		sc := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: c.url, Headers: c.headers,
			ExpectedStatus: c.code, ExpectedContent: c.content,
			TestAppFactory: hooktest.Factory(app), DisableTestAppCleanup: true,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
				if c.after != nil {
					c.after(t)
				}
			},
		}
		if c.body != "" {
			sc.Body = jsonBody(c.body)
		}
		if len(sc.ExpectedContent) == 0 {
			sc.ExpectedContent = []string{`"status":`}
		}
		sc.Test(t)
	}

	// Other shops' orders were never touched.
	b := reload(t, app, orderB.Id)
	assert.Equal(t, tokenB, b.TrackingToken())
	assert.False(t, b.TrackingRevoked())
	assert.False(t, reload(t, app, orderC.Id).TrackingRevoked())

	// Each change is in shop A's audit log, without the token itself.
	entries, err := app.FindRecordsByFilter(collections.AuditLog, "record = {:r} && action = {:a}", "created,@rowid", 0, 0,
		dbx.Params{"r": orderA.Id, "a": collections.ActionTracking})
	require.NoError(t, err)
	require.Len(t, entries, 3)
	var changes []string
	for _, e := range entries {
		assert.Equal(t, f.A.ID(), e.GetString(collections.AuditTenant))
		var ch map[string]string
		require.NoError(t, json.Unmarshal([]byte(e.GetString(collections.AuditChanges)), &ch))
		changes = append(changes, ch["tracking"])
		assert.NotContains(t, e.GetString(collections.AuditChanges), rotated)
	}
	assert.Equal(t, []string{"revoked", "rotated", "revoked"}, changes)
	assert.Equal(t, f.A.Tech.Id, entries[1].GetString(collections.AuditActor))
}
