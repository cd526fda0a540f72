package hooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// BenchmarkCreateOrder creates orders through the REST API (in-process
// HTTP), 10 writers at once, to see where a create's time goes.
func BenchmarkCreateOrder(b *testing.B) {
	app := hooktest.NewApp(b)
	f := hooktest.Seed(b, app)
	srv := hooktest.Serve(b, app)
	tok := hooktest.Token(b, f.A.Attend)
	body, _ := json.Marshal(map[string]any{"tenant": f.A.ID(), "customer": f.A.Rec[collections.Customers].Id,
		"device": f.A.Rec[collections.Devices].Id, "problem": "Tela quebrada"})
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	jobs := make(chan struct{})
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/collections/orders/records", bytes.NewReader(body))
				req.Header.Set("Authorization", tok)
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil || res.StatusCode != 200 {
					b.Errorf("create: %v %v", err, res.StatusCode)
					return
				}
				res.Body.Close()
			}
		}()
	}
	for i := 0; i < b.N; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "creates/s")
}
