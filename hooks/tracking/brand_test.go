package tracking_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/hooks/tracking"
)

// A shop's colours reach its customers' page in a stylesheet the CSP
// admits by hash: yellow behind the shop's card with black text (white
// would be 1.6:1), and the yellow accent darkened to #8c7000 where it is
// text on white (4.74:1). The shop's WhatsApp number is written out.
func TestPageWearsTheShopsColours(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t)
	app := env.App
	shop := newShop(t, app)
	s := shop.Settings()
	s.BrandColor, s.BrandAccent = "#FFCC00", "#ffcc00"
	shop.SetSettings(s)
	shop.SetWhatsAppNumber("5511987650000")
	require.NoError(t, app.Save(shop))
	o := quotedOrder(t, app, shop.Id)

	res, body := get(t, app, tracking.Path(o.TrackingToken()))
	require.Equal(t, http.StatusOK, res.StatusCode)
	const brand = ":root{--brand:#ffcc00;--on-brand:#000000;--accent:#ffcc00;--on-accent:#000000;--acc:#8c7000}"
	require.Contains(t, body, `<style id="brand">`+brand+`</style>`)
	require.Contains(t, body, "WhatsApp: (11) 98765-0000")
	csp := res.Header.Get("Content-Security-Policy")
	for _, m := range regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`).FindAllStringSubmatch(body, -1) {
		sum := sha256.Sum256([]byte(m[1]))
		require.Contains(t, csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'", "every stylesheet on the page is admitted")
	}

	// Invalid colours are refused when saved.
	s.BrandColor = "amarelo"
	shop.SetSettings(s)
	require.Error(t, app.Save(shop))
}
