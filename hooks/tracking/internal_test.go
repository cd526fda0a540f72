package tracking

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	_ "github.com/bancada/bancada/pb_migrations"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func TestMissLimiterCountsPerAddressInWindows(t *testing.T) {
	t.Parallel()
	c := &fakeClock{t: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
	l := newMissLimiter(3, time.Minute, c.now)
	for range 3 {
		blocked, _ := l.blocked("a")
		require.False(t, blocked)
		l.miss("a")
	}
	blocked, retry := l.blocked("a")
	assert.True(t, blocked)
	assert.Equal(t, time.Minute, retry)
	blocked, _ = l.blocked("b")
	assert.False(t, blocked, "other addresses are not affected")

	c.add(59 * time.Second)
	blocked, retry = l.blocked("a")
	assert.True(t, blocked)
	assert.Equal(t, time.Second, retry)
	c.add(time.Second)
	blocked, _ = l.blocked("a")
	assert.False(t, blocked, "a new window")
	l.miss("a")
	blocked, _ = l.blocked("a")
	assert.False(t, blocked)
}

func TestMissLimiterMemoryIsBounded(t *testing.T) {
	t.Parallel()
	c := &fakeClock{t: time.Unix(0, 0)}
	l := newMissLimiter(3, time.Minute, c.now)
	for i := range sweepAt + 10 {
		l.miss(strings.Repeat("x", 1+i%7) + string(rune(i)))
	}
	assert.LessOrEqual(t, len(l.clients), sweepAt)
}

func TestClientKeyGroupsIPv6ByNetwork(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "203.0.113.9", clientKey("203.0.113.9"))
	assert.Equal(t, "203.0.113.9", clientKey("::ffff:203.0.113.9"))
	assert.Equal(t, clientKey("2804:14c:1:2:aaaa::1"), clientKey("2804:14c:1:2:bbbb::99"))
	assert.NotEqual(t, clientKey("2804:14c:1:2::1"), clientKey("2804:14c:1:3::1"))
	assert.Equal(t, "garbage", clientKey("garbage"))
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		host      string
		headers   map[string]string
		publicURL string
		want      bool
	}{
		{"fetch metadata: same origin", "loja.test", map[string]string{"Sec-Fetch-Site": "same-origin"}, "", true},
		{"fetch metadata: same site is not enough", "loja.test", map[string]string{"Sec-Fetch-Site": "same-site"}, "", false},
		{"fetch metadata: cross site", "loja.test", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://loja.test"}, "", false},
		{"origin matches host", "loja.test", map[string]string{"Origin": "https://loja.test"}, "", true},
		{"origin matches the public URL behind a proxy", "127.0.0.1:8090", map[string]string{"Origin": "https://os.loja.test"}, "https://os.loja.test/", true},
		{"other origin", "loja.test", map[string]string{"Origin": "https://golpe.test"}, "https://os.loja.test", false},
		{"opaque origin", "loja.test", map[string]string{"Origin": "null"}, "", false},
		{"nothing said", "loja.test", nil, "", true},
	} {
		r := httptest.NewRequest("POST", "http://"+c.host+"/os/x/approve", nil)
		for k, v := range c.headers {
			r.Header.Set(k, v)
		}
		assert.Equal(t, c.want, sameOrigin(r, c.publicURL), c.name)
	}
}

// TestWithSchema runs the tests that need Bancada's schema on one freshly
// migrated app (migrating is the slow part).
func TestWithSchema(t *testing.T) {
	t.Parallel()
	app := migratedApp(t)
	t.Run("quote version follows the quote", func(t *testing.T) { quoteVersionFollowsTheQuote(t, app) })
	t.Run("lookup uses the token index", func(t *testing.T) { lookupUsesTheTokenIndex(t, app) })
	t.Run("lookup tolerates odd settings", func(t *testing.T) { lookupToleratesOddSettings(t, app) })
}

func quoteVersionFollowsTheQuote(t *testing.T, app core.App) {
	col, err := app.FindCollectionByNameOrId(collections.Orders)
	require.NoError(t, err)
	o := collections.AsOrder(core.NewRecord(col))
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Tela", Quantity: 1, UnitCents: 100}})
	v1 := quoteVersion(o)
	assert.Equal(t, v1, quoteVersion(o))
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Tela", Quantity: 1, UnitCents: 200}})
	assert.NotEqual(t, v1, quoteVersion(o), "lines")
	v2 := quoteVersion(o)
	o.SetFinalTotal(250)
	assert.NotEqual(t, v2, quoteVersion(o), "final total")
	v3 := quoteVersion(o)
	o.Set(collections.OrderQuotedAt, time.Now())
	assert.NotEqual(t, v3, quoteVersion(o), "sent again")
}

func TestExpiryKeyIsTheSettingsJSONName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "tracking_expiry_days", expiryKey())
}

// lookupUsesTheTokenIndex guards the one query every visit runs: it must
// probe the partial unique index, not scan every order.
func lookupUsesTheTokenIndex(t *testing.T, app core.App) {
	type step struct {
		Detail string `db:"detail"`
	}
	var plan []step
	require.NoError(t, app.DB().NewQuery("EXPLAIN QUERY PLAN "+lookupSQL).Bind(dbx.Params{
		"token": "x", "now": "2026-11-24 17:00:00.000Z", "defaultDays": 90,
	}).All(&plan))
	var details []string
	for _, s := range plan {
		details = append(details, s.Detail)
	}
	joined := strings.Join(details, "\n")
	assert.Contains(t, joined, "idx_orders_tracking_token", joined)
	assert.NotContains(t, joined, "SCAN o", joined)
}

// lookupToleratesOddSettings: a tenant whose settings are empty, not JSON
// or nonsense gets the default expiry rather than an error.
func lookupToleratesOddSettings(t *testing.T, app core.App) {
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	for i, settings := range []string{"", "null", "{}", `{"tracking_expiry_days":-5}`, `{"tracking_expiry_days":"x"}`, "[1,2]"} {
		tenant := fmt.Sprintf("tenant%09d", i)
		_, err := app.DB().NewQuery("INSERT INTO {{tenants}} ([[id]], [[name]], [[cnpj]], [[email]], [[phone]], [[settings]]) " +
			"VALUES ({:id}, 'x', {:id}, 'a@b.c', '1', {:s})").Bind(dbx.Params{"id": tenant, "s": settings}).Execute()
		require.NoError(t, err)
		for n, c := range []struct {
			ago  int
			open bool
		}{{89, true}, {91, false}} {
			token := fmt.Sprintf("token-%d-%d", i, c.ago)
			_, err = app.DB().NewQuery("INSERT INTO {{orders}} ([[id]], [[tenant]], [[number]], [[problem]], [[status]], [[tracking_token]], [[delivered_at]]) " +
				"VALUES ({:id}, {:t}, {:n}, 'x', 'delivered', {:tok}, {:at})").Bind(dbx.Params{
				"id": fmt.Sprintf("order%010d", i*10+n), "t": tenant, "n": n + 1, "tok": token,
				"at": dbtime.Format(now.AddDate(0, 0, -c.ago)),
			}).Execute()
			require.NoError(t, err)
			_, err = findOrderID(app, token, now)
			if c.open {
				assert.NoError(t, err, "settings %q, delivered %d days ago", settings, c.ago)
			} else {
				assert.ErrorIs(t, err, errNoPage, "settings %q, delivered %d days ago", settings, c.ago)
			}
		}
	}
}

// migratedApp is an app with Bancada's schema and no hooks.
func migratedApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(app.Cleanup)
	return app
}
