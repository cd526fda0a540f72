package privacy_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/privacy"
)

// holdersOfCustomers walks the schema on its own: every base collection
// with a relation field to customers, or to a collection found so far,
// until nothing is added.
func holdersOfCustomers(t *testing.T, app core.App) []string {
	t.Helper()
	all, err := app.FindAllCollections()
	require.NoError(t, err)
	names := map[string]string{}
	for _, c := range all {
		names[c.Id] = c.Name
	}
	found := []string{collections.Customers}
	for changed := true; changed; {
		changed = false
		for _, c := range all {
			if c.IsAuth() || c.IsView() || c.System || slices.Contains(found, c.Name) {
				continue
			}
			for _, f := range c.Fields {
				if rel, ok := f.(*core.RelationField); ok && slices.Contains(found, names[rel.CollectionId]) {
					found = append(found, c.Name)
					changed = true
					break
				}
			}
		}
	}
	slices.Sort(found)
	return found
}

// The export holds every collection that references customers (directly
// or through orders, devices, conversations, ...), found by walking the
// schema: a collection added with such a relation fails here until the
// export covers it.
func TestExportCoversEveryCollectionHoldingTheCustomer(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	h := seedJosefina(t, app, f.A)
	srv := hooktest.Serve(t, app)

	status, raw := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/customers/"+h.customer.Id+"/export", f.A.Owner, nil)
	require.Equal(t, http.StatusOK, status, string(raw))
	var x struct {
		Shop        map[string]any              `json:"shop"`
		Customer    map[string]any              `json:"customer"`
		Collections map[string][]map[string]any `json:"collections"`
		AuditLog    []map[string]any            `json:"audit_log"`
	}
	require.NoError(t, json.Unmarshal(raw, &x))

	covered := []string{collections.Customers}
	for name := range x.Collections {
		covered = append(covered, name)
	}
	slices.Sort(covered)
	require.Equal(t, holdersOfCustomers(t, app), covered, "the export covers exactly the collections that hold a customer")
	// Today's schema, written out: these at least.
	for _, name := range []string{"appointments", "conversations", "customers", "devices", "messages", "order_events", "orders", "payments", "quote_requests"} {
		require.Contains(t, covered, name)
	}

	require.Equal(t, josefina, x.Customer["name"])
	require.Equal(t, josefinaCPF, x.Customer["document"])
	require.Equal(t, "Loja A", x.Shop["name"])
	counts := map[string]int{}
	for name, rows := range x.Collections {
		counts[name] = len(rows)
	}
	require.Equal(t, map[string]int{
		"devices": 1, "orders": 1, "order_events": 7, "payments": 2, "appointments": 1,
		"conversations": 1, "messages": 2, "quote_requests": 1,
		// the counter's records reach customers too (none for this one)
		"sales": 0, "refunds": 0, "stock_movements": 0,
	}, counts)
	require.Equal(t, josefinaIMEI, x.Collections["devices"][0]["imei"])
	_, hasSealed := x.Collections["devices"][0]["passcode_enc"]
	require.False(t, hasSealed, "the sealed passcode is never exported")
	// Audit entries about her and her records (two seeded, plus the
	// export itself is audited after it is built).
	actions := []string{}
	for _, a := range x.AuditLog {
		actions = append(actions, a["action"].(string))
	}
	require.ElementsMatch(t, []string{collections.ActionUpdate, collections.ActionTracking}, actions)
	n, err := app.CountRecords(collections.AuditLog, dbx.HashExp{"action": collections.ActionPrivacyExport, "record": h.customer.Id})
	require.NoError(t, err)
	require.EqualValues(t, 1, n)

	// Another customer's records are not in it.
	require.NotContains(t, string(raw), f.A.Rec[collections.Orders].Id)
}

// The readable export: a page with one section per collection, in
// Portuguese, that prints on A4.
func TestExportAsAPage(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	h := seedJosefina(t, app, f.A)
	srv := hooktest.Serve(t, app)
	status, raw := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/customers/"+h.customer.Id+"/export?format=html", f.A.Owner, nil)
	require.Equal(t, http.StatusOK, status)
	page := string(raw)
	for _, want := range []string{
		"<title>Dados pessoais de Josefina Albuquerque Prado · Loja A</title>",
		"Dados pessoais mantidos por Loja A",
		"<h2>Aparelhos (1)</h2>", "<h2>Ordens de serviço (1)</h2>", "<h2>Mensagens no WhatsApp (2)</h2>",
		"<h2>Pagamentos (2)</h2>", "<h2>Registro de auditoria (2)</h2>", "@page{size:A4",
		josefinaIMEI,
	} {
		require.Contains(t, page, want)
	}
}

// Only the shop's owner exports or erases; another shop gets the 404 of
// an unknown customer.
func TestPrivacyRoutesAreTheOwners(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	h := seedJosefina(t, app, f.A)
	srv := hooktest.Serve(t, app)
	for _, who := range []*core.Record{f.A.Manager, f.A.Tech, f.A.Attend} {
		status, _ := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/customers/"+h.customer.Id+"/export", who, nil)
		require.Equal(t, http.StatusForbidden, status)
		status, _ = hooktest.Call(t, srv.URL, http.MethodPost, "/api/bancada/customers/"+h.customer.Id+"/erase", who, map[string]any{"confirm": josefina})
		require.Equal(t, http.StatusForbidden, status)
	}
	status, raw := hooktest.Call(t, srv.URL, http.MethodGet, "/api/bancada/customers/"+h.customer.Id+"/export", f.B.Owner, nil)
	require.Equal(t, http.StatusNotFound, status)
	require.True(t, strings.Contains(string(raw), "Cliente não encontrado."))
	c, err := app.FindRecordById(collections.Customers, h.customer.Id)
	require.NoError(t, err)
	require.Equal(t, josefina, c.GetString(collections.CustomerName), "nothing erased")
	_ = privacy.ErasedName
}
