package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/inbox"
	"github.com/bancada/bancada/jobs"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

const scrapeToken = "scrape-token-0123456789"

// superuser returns a platform operator.
func superuser(t *testing.T, app core.App) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	require.NoError(t, err)
	su := core.NewRecord(col)
	su.SetEmail("metrics-root@example.com")
	su.SetPassword(hooktest.Password)
	require.NoError(t, app.Save(su))
	return su
}

// scrape reads /metrics from srv with the Authorization header auth.
func scrape(t *testing.T, baseURL, auth string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+"/metrics", nil)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(raw)
}

func TestMetricsAfterTraffic(t *testing.T) {
	runner, err := jobs.New([]jobs.Job{
		{Name: "fine", Every: time.Hour, Run: func(context.Context, time.Time) error { return nil }},
		{Name: "broken", Every: time.Hour, Run: func(context.Context, time.Time) error { return errors.New("boom") }},
	}, nil, nil)
	require.NoError(t, err)
	env := hooktest.New(t, func(d *hooks.Deps) {
		d.Config.MetricsToken = scrapeToken
		d.Jobs = runner
	})
	app := env.App
	fx := hooktest.Seed(t, app)
	order := fx.A.Rec[collections.Orders]
	srv := hooktest.Serve(t, app)
	ctx := context.Background()

	// HTTP: a view, a view of a missing record, a list.
	st, _ := hooktest.Call(t, srv.URL, http.MethodGet, "/api/collections/orders/records/"+order.Id, fx.A.Owner, nil)
	require.Equal(t, http.StatusOK, st)
	st, _ = hooktest.Call(t, srv.URL, http.MethodGet, "/api/collections/orders/records/missingid000001", fx.A.Owner, nil)
	require.Equal(t, http.StatusNotFound, st)
	st, _ = hooktest.Call(t, srv.URL, http.MethodGet, "/api/collections/orders/records?filter=id%3D%27"+order.Id+"%27", fx.A.Owner, nil)
	require.Equal(t, http.StatusOK, st)

	// Outbox: one sent, one dead, one waiting.
	env.Deps.Outbox.Handle("test.ok", func(context.Context, *outbox.Delivery) (any, error) { return nil, nil }, nil)
	env.Deps.Outbox.Handle("asaas.fail", func(context.Context, *outbox.Delivery) (any, error) {
		return nil, retry.Permanent(errors.New("refused"))
	}, nil)
	for _, m := range []outbox.Message{
		{Kind: "test.ok", Key: "m-ok"}, {Kind: "asaas.fail", Key: "m-dead"},
		{Kind: "whatsapp.send", Key: "m-later", NotBefore: hooktest.Now.Add(time.Hour)},
	} {
		_, err := outbox.Enqueue(app, m)
		require.NoError(t, err)
	}
	require.NoError(t, env.Deps.Outbox.Drain(ctx))

	// Inbox: one event waiting for an hour.
	_, err = env.Deps.Inbox.Store(ctx, inbox.Event{Provider: "evolution", Key: "ev-1", Type: "messages.upsert", Payload: []byte(`{}`)})
	require.NoError(t, err)
	_, err = app.DB().NewQuery("UPDATE webhook_events SET created = {:t}").
		Bind(map[string]any{"t": hooktest.Now.Add(-time.Hour).Format("2006-01-02 15:04:05.000Z")}).Execute()
	require.NoError(t, err)
	// and one that failed for good
	_, err = env.Deps.Inbox.Store(ctx, inbox.Event{Provider: "asaas", Key: "ev-2", Type: "PAYMENT_RECEIVED", Payload: []byte(`{}`)})
	require.NoError(t, err)
	_, err = app.DB().NewQuery("UPDATE webhook_events SET status = 'failed' WHERE event_key = 'ev-2'").Execute()
	require.NoError(t, err)

	// Jobs.
	require.NoError(t, runner.RunNow(ctx, "fine"))
	require.Error(t, runner.RunNow(ctx, "broken"))

	// Backups: one, taken two hours ago.
	backups := filepath.Join(app.DataDir(), core.LocalBackupsDirName)
	require.NoError(t, os.MkdirAll(backups, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(backups, "b.zip"), []byte("zip"), 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(backups, "b.zip"), hooktest.Now.Add(-2*time.Hour), hooktest.Now.Add(-2*time.Hour)))

	st, body := scrape(t, srv.URL, "Bearer "+scrapeToken)
	require.Equal(t, http.StatusOK, st, body)
	for _, line := range []string{
		`bancada_http_request_duration_seconds_count{code="200",route="GET /api/collections/{collection}/records/{id}"} 1`,
		`bancada_http_request_duration_seconds_count{code="404",route="GET /api/collections/{collection}/records/{id}"} 1`,
		`bancada_http_request_duration_seconds_count{code="200",route="GET /api/collections/{collection}/records"} 1`,
		`bancada_read_gate_wait_seconds_count 3`,
		`bancada_outbox_deliveries_total{provider="test",result="sent"} 1`,
		`bancada_outbox_deliveries_total{provider="asaas",result="dead"} 1`,
		`bancada_outbox_pending{kind="whatsapp.send"} 1`,
		`bancada_outbox_dead{kind="asaas.fail"} 1`,
		`bancada_inbox_backlog{provider="evolution"} 1`,
		`bancada_inbox_lag_seconds{provider="evolution"} 3600`,
		`bancada_inbox_failed{provider="asaas"} 1`,
		`bancada_realtime_clients 0`,
		`bancada_job_runs_total{job="fine"} 1`,
		`bancada_job_runs_total{job="broken"} 1`,
		`bancada_job_failures_total{job="broken"} 1`,
		`bancada_job_duration_seconds_count{job="fine"} 1`,
		`bancada_backups 1`,
		`bancada_backup_age_seconds 7200`,
	} {
		assert.True(t, strings.Contains(body, "\n"+line+"\n"), "missing %s", line)
	}
	for _, name := range []string{"bancada_build_info{", "go_goroutines ", "go_memstats_heap_alloc_bytes "} {
		assert.True(t, strings.Contains(body, "\n"+name), "the default registry and the build are gathered too: %s", name)
	}
	assert.NotContains(t, body, "bancada_job_failures_total{job=\"fine\"}")
	assert.NotContains(t, body, "bancada_metrics_scrape_errors")

	// Every metric the sample Grafana dashboard queries exists.
	dash, err := os.ReadFile(filepath.Join("..", "docs", "grafana-dashboard.json"))
	require.NoError(t, err)
	names := regexp.MustCompile(`(bancada|go|process)_[a-z_]+`).FindAllString(string(dash), -1)
	require.NotEmpty(t, names)
	for _, name := range names {
		if strings.HasPrefix(name, "bancada_replica_") {
			continue // only with a replica: TestWriterWaitAndReplicaAge
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_count")
		assert.True(t, strings.Contains(body, "# TYPE "+base+" "), "the dashboard queries %s", name)
	}

	// No label carries an id or a tenant.
	for _, id := range []string{order.Id, "missingid000001", fx.A.ID(), fx.A.Owner.Id} {
		assert.NotContains(t, body, id)
	}
}

func TestMetricsNeedTheTokenOrASuperuser(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t, func(d *hooks.Deps) { d.Config.MetricsToken = scrapeToken })
	fx := hooktest.Seed(t, app)
	su := superuser(t, app)
	factory := hooktest.Factory(app)
	scenarios := []tests.ApiScenario{
		{Name: "no token", ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "wrong token", Headers: map[string]string{"Authorization": "Bearer wrong-token"}, ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}},
		{Name: "token as a prefix", Headers: map[string]string{"Authorization": "Bearer " + scrapeToken[:10]}, ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}},
		{Name: "a shop owner", Headers: hooktest.Auth(t, fx.A.Owner), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "the token", Headers: map[string]string{"Authorization": "Bearer " + scrapeToken}, ExpectedStatus: 200,
			ExpectedContent: []string{"bancada_realtime_clients 0"}},
		{Name: "the token without Bearer", Headers: map[string]string{"Authorization": scrapeToken}, ExpectedStatus: 200,
			ExpectedContent: []string{"bancada_realtime_clients 0"}},
		{Name: "a superuser", Headers: hooktest.Auth(t, su), ExpectedStatus: 200, ExpectedContent: []string{"bancada_realtime_clients 0"}},
	}
	for _, s := range scenarios {
		s.Method, s.URL, s.TestAppFactory, s.DisableTestAppCleanup = http.MethodGet, "/metrics", factory, true
		s.Test(t)
	}
}

func TestMetricsWithoutATokenOnlySuperusers(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t) // no BANCADA_METRICS_TOKEN
	su := superuser(t, app)
	factory := hooktest.Factory(app)
	for _, s := range []tests.ApiScenario{
		{Name: "an empty bearer", Headers: map[string]string{"Authorization": "Bearer "}, ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}},
		{Name: "anything", Headers: map[string]string{"Authorization": "Bearer x"}, ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}},
		{Name: "a superuser", Headers: hooktest.Auth(t, su), ExpectedStatus: 200, ExpectedContent: []string{"bancada_realtime_clients 0"}},
	} {
		s.Method, s.URL, s.TestAppFactory, s.DisableTestAppCleanup = http.MethodGet, "/metrics", factory, true
		s.Test(t)
	}
}
