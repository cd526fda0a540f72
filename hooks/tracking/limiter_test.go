package tracking_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/tracking"
)

func TestAnAddressThatKeepsGuessingIsHeldOff(t *testing.T) {
	t.Parallel()
	env, clock := newEnv(t)
	app := env.App
	app.Settings().RateLimits.Enabled = true // hooktest turns limits off
	o := quotedOrder(t, app, newShop(t, app).Id)
	valid := tracking.Path(o.TrackingToken())

	for range 30 { // customers reloading their page are never held off
		res, _ := get(t, app, valid)
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	for i := range 20 {
		res, _ := get(t, app, "/os/chute-"+string(rune('a'+i)))
		require.Equal(t, http.StatusNotFound, res.StatusCode, "miss %d", i+1)
	}
	// Now every token is refused, the valid one too: the limit tells
	// nothing about which tokens exist.
	for _, path := range []string{"/os/mais-um-chute", valid} {
		res, body := get(t, app, path)
		assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, path)
		assert.Contains(t, body, "Muitas tentativas")
		assert.Equal(t, "600", res.Header.Get("Retry-After"))
		assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	}
	res, _ := post(t, app, valid+"/approve", "x", nil)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)

	clock.Add(10 * time.Minute)
	res, _ = get(t, app, valid)
	assert.Equal(t, http.StatusOK, res.StatusCode, "the window is over")
}
