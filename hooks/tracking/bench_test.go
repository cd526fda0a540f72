package tracking_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/tracking"
)

// benchServer serves a seeded app over loopback HTTP and returns the
// tokens of a quoted, a revoked and an expired order.
func benchServer(b *testing.B) (srv *httptest.Server, quoted, revoked, expired string) {
	b.Helper()
	env := hooktest.New(b)
	app := env.App
	shop := newShop(b, app)
	q := quotedOrder(b, app, shop.Id)
	r := quotedOrder(b, app, shop.Id)
	r.Set(collections.OrderTrackingOff, true)
	require.NoError(b, app.Save(r))
	x := quotedOrder(b, app, shop.Id)
	for _, s := range []collections.OrderStatus{collections.StatusApproved, collections.StatusRepairing, collections.StatusReady, collections.StatusDelivered} {
		x.SetStatus(s)
		x.Set(collections.OrderStatusNote, "paga na retirada")
		require.NoError(b, app.Save(x))
	}
	x.Set(collections.OrderDeliveredAt, hooktest.Now.AddDate(0, 0, -365))
	require.NoError(b, app.Save(x))
	srv = httptest.NewServer(hooktest.Handler(b, app))
	b.Cleanup(srv.Close)
	return srv, q.TrackingToken(), r.TrackingToken(), x.TrackingToken()
}

// get1 GETs url once and returns how long the answer took.
func get1(b *testing.B, client *http.Client, url string, status int) time.Duration {
	start := time.Now()
	res, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(start)
	if res.StatusCode != status {
		b.Fatalf("status %d, want %d", res.StatusCode, status)
	}
	return d
}

// report adds the median and p99 of lat, in µs, as metrics named prefix-p50-µs...
func report(b *testing.B, prefix string, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), prefix+"p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), prefix+"p99-µs")
}

// BenchmarkTrackingPage measures the public page of a quoted order
// (lookup, customer, device, history, signed forms, template) over
// loopback HTTP, one client after another.
func BenchmarkTrackingPage(b *testing.B) {
	srv, quoted, _, _ := benchServer(b)
	client := &http.Client{}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		lat = append(lat, get1(b, client, srv.URL+tracking.Path(quoted), http.StatusOK))
	}
	b.StopTimer()
	report(b, "", lat)
}

// BenchmarkTrackingNotFound measures the three kinds of miss, interleaved
// so that load on the machine hits them alike; their figures should be
// indistinguishable.
func BenchmarkTrackingNotFound(b *testing.B) {
	srv, _, revoked, expired := benchServer(b)
	kinds := []struct{ name, token string }{
		{"unknown-", "QkFOQ0FEQS1OQU8tRVhJU1RFLTAxMjM0NTY3ODk"}, {"revoked-", revoked}, {"expired-", expired},
	}
	client := &http.Client{}
	lat := make([][]time.Duration, len(kinds))
	b.ResetTimer()
	for i := range b.N {
		k := i % len(kinds)
		lat[k] = append(lat[k], get1(b, client, srv.URL+tracking.Path(kinds[k].token), http.StatusNotFound))
	}
	b.StopTimer()
	for k, kind := range kinds {
		if len(lat[k]) > 0 {
			report(b, kind.name, lat[k])
		}
	}
}
