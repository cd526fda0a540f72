package cash_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/deps"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/internal/testclock"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

// env is an app with shops A, B and C served over loopback HTTP, its
// clock an hour after the fixture's records, and shop A's seeded till
// removed so each test opens its own.
type env struct {
	*hooktest.Env
	Clock *testclock.Clock
	F     *hooktest.Fixture
	URL   string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	c := testclock.New(hooktest.Now)
	e := &env{Clock: c}
	e.Env = hooktest.New(t, func(d *deps.Deps) { d.Now = c.Now })
	e.F = hooktest.Seed(t, e.App)
	e.URL = hooktest.Serve(t, e.App).URL
	for _, col := range []string{collections.CashMoves, collections.CashSessions} {
		recs, err := e.App.FindAllRecords(col, dbx.HashExp{"tenant": e.F.A.ID()})
		require.NoError(t, err)
		for _, r := range recs {
			require.NoError(t, e.App.Delete(r))
		}
	}
	c.Set(hooktest.Now.Add(time.Hour))
	return e
}

// call sends a request as user and decodes the JSON answer into out (when
// not nil); it returns the status and the raw body.
func (e *env) call(t *testing.T, method, path string, user *core.Record, body any, out any) (int, string) {
	t.Helper()
	status, raw := hooktest.Call(t, e.URL, method, path, user, body)
	if out != nil && status == http.StatusOK {
		require.NoError(t, json.Unmarshal(raw, out), string(raw))
	}
	return status, string(raw)
}

// record reloads a record.
func (e *env) record(t *testing.T, collection, id string) *core.Record {
	t.Helper()
	r, err := e.App.FindRecordById(collection, id)
	require.NoError(t, err)
	return r
}

// summary is the JSON of a till as the routes answer it.
type summary struct {
	Session struct {
		ID         string           `json:"id"`
		Status     string           `json:"status"`
		OpenedBy   string           `json:"opened_by"`
		ClosedBy   string           `json:"closed_by"`
		ClosedAt   string           `json:"closed_at"`
		Expected   map[string]int64 `json:"expected"`
		Counted    map[string]int64 `json:"counted"`
		Difference int64            `json:"difference"`
	} `json:"session"`
	Methods []struct {
		Method     string `json:"method"`
		Payments   int    `json:"payments"`
		Entries    int64  `json:"entries"`
		Refunds    int64  `json:"refunds"`
		Expected   int64  `json:"expected"`
		Counted    *int64 `json:"counted"`
		Difference *int64 `json:"difference"`
	} `json:"methods"`
	Withdrawals  int64  `json:"withdrawals"`
	Supplies     int64  `json:"supplies"`
	Expected     int64  `json:"expected"`
	Counted      *int64 `json:"counted"`
	Difference   *int64 `json:"difference"`
	OpenedByName string `json:"opened_by_name"`
	ClosedByName string `json:"closed_by_name"`
}
