package ui_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uploadLogo sends a 48×48 PNG as the shop's logo, as the settings screen
// does (a multipart update of the tenant).
func (env *e2eEnv) uploadLogo(t *testing.T, a authResponse, tenant string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for x := range 48 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{0x15, 0x65, 0xc0, 255})
		}
	}
	var pic, body bytes.Buffer
	require.NoError(t, png.Encode(&pic, img))
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("logo", "logo.png")
	require.NoError(t, err)
	_, _ = part.Write(pic.Bytes())
	require.NoError(t, w.Close())
	req, err := http.NewRequest(http.MethodPatch, env.baseURL+"/api/collections/tenants/records/"+tenant, &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", a.Token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
}

// TestShopBrandOnTrackingPageAndReceipt: a shop with a yellow colour, a
// blue accent and its own logo. The customer's tracking page paints its
// card yellow with black text (white would not read) and loads the logo;
// the A4 receipt draws the yellow band, writes the shop's name in the
// darkened yellow that reads on paper (#8c7000, 4.74:1) and loads the
// logo; the staff app's header is yellow with black text. The payment
// receipt (recibo) wears the same brand: the yellow band, the darkened
// name, the logo and the shop's WhatsApp number, in A4 and in 80 mm.
func TestShopBrandOnTrackingPageAndReceipt(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Assistência Amarela")
	var shop struct {
		Settings map[string]any `json:"settings"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/tenants/records/"+tenant, owner.Token, nil, &shop))
	settings := shop.Settings
	if settings == nil {
		settings = map[string]any{}
	}
	settings["brand_color"], settings["brand_accent"] = "#FFCC00", "#1565c0"
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPatch, "/api/collections/tenants/records/"+tenant, owner.Token,
		map[string]any{"settings": settings}, nil))
	env.uploadLogo(t, owner, tenant)
	o := env.createOrder(t, owner, tenant, "Marta Marca", "")
	var ord struct {
		Token string `json:"tracking_token"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records/"+o.ID, owner.Token, nil, &ord))
	require.NotEmpty(t, ord.Token)

	b := newTab(t, env, 420, 900)
	b.open("/os/" + ord.Token)
	b.waitJS(`document.querySelector('header.shop img') && document.querySelector('header.shop img').complete`)
	style := func(sel, prop string) string {
		return eval[string](b, `getComputedStyle(document.querySelector(`+jsString(sel)+`)).`+prop)
	}
	assert.Equal(t, "rgb(255, 204, 0)", style("header.shop", "backgroundColor"), "the shop's colour behind its card")
	assert.Equal(t, "rgb(0, 0, 0)", style("header.shop h1", "color"), "black text on yellow")
	assert.Equal(t, "rgb(21, 101, 192)", style(".badge", "backgroundColor"), "the accent on the status badge")
	assert.Equal(t, "rgb(255, 255, 255)", style(".badge", "color"), "white text on the blue accent")
	assert.Greater(t, eval[float64](b, `document.querySelector('header.shop img').naturalWidth`), 0.0, "the logo loads")
	b.screenshot("tracking-brand")

	p := newTab(t, env, 1280, 1000)
	p.signIn(owner, "/ordens/"+o.ID+"/imprimir?doc=entrada&formato=a4")
	p.waitJS(`document.querySelector('[data-testid=print-shop] img.logo') && document.querySelector('[data-testid=print-shop] img.logo').complete`)
	pstyle := func(sel, prop string) string {
		return eval[string](p, `getComputedStyle(document.querySelector(`+jsString(sel)+`)).`+prop)
	}
	assert.Equal(t, "rgb(255, 204, 0)", pstyle("[data-testid=print-shop]", "borderBottomColor"), "the shop's colour under its name")
	assert.Equal(t, "rgb(140, 112, 0)", pstyle(".shopname", "color"), "the name in a shade that reads on paper")
	assert.Greater(t, eval[float64](p, `document.querySelector('[data-testid=print-shop] img.logo').naturalWidth`), 0.0, "the logo loads")
	p.screenshot("print-a4-brand")

	p.open("/clientes/" + o.Customer)
	p.waitJS(`document.querySelector('[data-testid=app-header] img.logo') && document.querySelector('[data-testid=app-header] img.logo').complete`)
	assert.Equal(t, "rgb(255, 204, 0)", pstyle("[data-testid=app-header]", "backgroundColor"), "the staff app's header")
	assert.Equal(t, "rgb(0, 0, 0)", pstyle("[data-testid=app-header]", "color"))
	assert.Greater(t, eval[float64](p, `document.querySelector('[data-testid=app-header] img.logo').naturalWidth`), 0.0, "the logo loads")

	// The payment receipt: the shop connects WhatsApp (the fake answers
	// with +55 21 93222-1000), the customer pays R$ 120,00 by PIX.
	env.connectWhatsApp(t, p, owner, tenant)
	var pay struct {
		ID string `json:"id"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodPost, "/api/collections/payments/records", owner.Token, map[string]any{
		"tenant": tenant, "order": o.ID, "customer": o.Customer, "method": "pix", "provider": "manual", "status": "paid",
		"amount": 12000, "paid_amount": 12000, "paid_at": "2026-11-24 15:00:00.000Z", "description": "OS " + o.Number,
	}, &pay))
	for _, format := range []string{"a4", "80mm"} {
		p.open("/recibos/pagamento/" + pay.ID + "?formato=" + format)
		p.waitJS(`document.querySelector('[data-testid=receipt-shop] img.logo') && document.querySelector('[data-testid=receipt-shop] img.logo').complete`)
		assert.Equal(t, format, eval[string](p, `document.querySelector('[data-testid=receipt]').dataset.format`))
		assert.Equal(t, "R$ 120,00", p.text("[data-testid=receipt-amount]"))
		assert.Equal(t, "rgb(255, 204, 0)", pstyle("[data-testid=receipt-shop]", "borderBottomColor"), "%s: the shop's colour under its name", format)
		assert.Equal(t, "rgb(140, 112, 0)", pstyle("[data-testid=receipt-shop] .shopname", "color"), "%s: the name in a shade that reads on paper", format)
		assert.Equal(t, "Assistência Amarela", p.text("[data-testid=receipt-shop] .shopname"))
		if format == "a4" {
			assert.Equal(t, "rgb(140, 112, 0)", pstyle("[data-testid=receipt] h1", "color"), "the title in the shop's shade on A4")
		}
		assert.Contains(t, p.text("[data-testid=receipt-shop]"), "WhatsApp (21) 93222-1000", "%s: the shop's WhatsApp number", format)
		assert.Greater(t, eval[float64](p, `document.querySelector('[data-testid=receipt-shop] img.logo').naturalWidth`), 0.0, "%s: the logo loads", format)
		p.screenshot("receipt-payment-brand-" + format)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
