package privacy_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
)

// Ticking "Aceita receber promoções" in the customer form records when,
// how (at the counter) and by whom; the client cannot write those fields
// itself, and unticking stamps the withdrawal.
func TestMarketingConsentIsStamped(t *testing.T) {
	t.Parallel()
	clk := testclock.New(hooktest.Now)
	app := hooktest.NewApp(t, func(d *deps.Deps) { d.Now = clk.Now })
	f := hooktest.Seed(t, app)
	srv := hooktest.Serve(t, app)
	id := f.A.Rec[collections.Customers].Id
	url := "/api/collections/customers/records/" + id

	status, raw := hooktest.Call(t, srv.URL, http.MethodPatch, url, f.A.Attend, map[string]any{
		"marketing_opt_in": true, "marketing_changed_via": "whatsapp", "marketing_changed_at": "2020-01-01 00:00:00.000Z",
		"erased_at": "2020-01-01 00:00:00.000Z",
	})
	require.Equal(t, http.StatusOK, status, string(raw))
	c, err := app.FindRecordById(collections.Customers, id)
	require.NoError(t, err)
	require.True(t, c.GetBool("marketing_opt_in"))
	require.Equal(t, "balcao", c.GetString("marketing_changed_via"))
	require.Equal(t, "2026-11-24 17:00:00.000Z", c.GetString("marketing_changed_at"))
	require.Equal(t, "atendenteA", c.GetString("marketing_changed_by"))
	require.Empty(t, c.GetString("erased_at"))

	// Another edit that does not touch the consent keeps the stamp.
	clk.Add(48 * 3600e9)
	status, _ = hooktest.Call(t, srv.URL, http.MethodPatch, url, f.A.Attend, map[string]any{"notes": "cliente antigo"})
	require.Equal(t, http.StatusOK, status)
	c, _ = app.FindRecordById(collections.Customers, id)
	require.Equal(t, "2026-11-24 17:00:00.000Z", c.GetString("marketing_changed_at"))

	status, _ = hooktest.Call(t, srv.URL, http.MethodPatch, url, f.A.Manager, map[string]any{"marketing_opt_in": false})
	require.Equal(t, http.StatusOK, status)
	c, _ = app.FindRecordById(collections.Customers, id)
	require.False(t, c.GetBool("marketing_opt_in"))
	require.Equal(t, "2026-11-26 17:00:00.000Z", c.GetString("marketing_changed_at"))
	require.Equal(t, "gerenteA", c.GetString("marketing_changed_by"))

	// A new customer who accepts at the counter is stamped at creation.
	status, raw = hooktest.Call(t, srv.URL, http.MethodPost, "/api/collections/customers/records", f.A.Attend, map[string]any{
		"tenant": f.A.ID(), "name": "Rita Souza", "phone": "11987650042", "marketing_opt_in": true})
	require.Equal(t, http.StatusOK, status, string(raw))
	require.Contains(t, string(raw), `"marketing_changed_via":"balcao"`)
	require.Contains(t, string(raw), `"marketing_changed_at":"2026-11-26 17:00:00.000Z"`)
}
