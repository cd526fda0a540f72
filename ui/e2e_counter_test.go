package ui_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomMobile returns a São Paulo mobile number nobody else in the run uses.
func randomMobile() (typed, e164 string) {
	n := rand.IntN(90000000) + 10000000
	s := fmt.Sprintf("%08d", n)
	return fmt.Sprintf("(11) 9%s-%s", s[:4], s[4:]), "55119" + s
}

// photoFile writes a small PNG to upload as a device photo.
func photoFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 120, 255})
		}
	}
	path := filepath.Join(t.TempDir(), "aparelho.png")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
	return path
}

// TestCounterFlow takes a device in at the counter, as an attendant: a new
// customer, a new device with accessories, condition, a photo and an
// unlock pattern, the problem and the estimate from the price rules; then
// prints the intake receipt and checks it shows what was typed.
func TestCounterFlow(t *testing.T) {
	t.Parallel()
	env := startE2E(t)
	b := newTab(t, env, 1280, 1000)
	b.signIn(env.auth(t, demoAttendant, demoPassword), "/nova-os")

	name := fmt.Sprintf("Beatriz Nogueira %04d", rand.IntN(10000))
	typed, e164 := randomMobile()

	// 1. customer: search finds nobody, create one from the search text
	b.typeInto("#cust-q", name)
	b.click("[data-testid=new-customer]")
	b.waitJS(`document.querySelector('#c-name').value.startsWith('Beatriz Nogueira')`)
	b.typeInto("#c-phone", typed)
	b.typeInto("#c-document", "529.982.247-25")
	b.screenshot("counter-customer")

	// 2. device, what came with it, how it looks, a photo and the pattern
	b.selectValue("#d-type", "phone")
	b.typeInto("#d-brand", "Samsung")
	b.typeInto("#d-model", "Galaxy A54")
	b.typeInto("#d-imei", "35-209900-176148-1")
	b.typeInto("#d-color", "grafite")
	b.click(`input[value="Carregador"]`)
	b.click(`input[value="Capinha"]`)
	b.click(`input[value="Riscos na tela"]`)
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{photoFile(t)}))
	b.waitJS(`document.querySelectorAll('.photos img').length === 1`)
	b.selectValue("#pass-kind", "pattern")
	for _, dot := range []string{"1", "4", "7", "8", "9"} {
		b.click(`[data-key="` + dot + `"]`)
	}
	b.waitText(".seq", "1 → 4 → 7 → 8 → 9")

	// 3. problem and the estimate from the demo price table (Samsung screen)
	b.clickText("Tela quebrada")
	b.waitText("[data-testid=estimate-note]", "R$ 420,00")
	b.waitJS(`document.querySelector('#estimate').value === '420,00'`)
	b.screenshot("counter")

	b.click("[data-testid=save-order]")
	b.waitText("[role=status]", "aberta")
	orderURL := eval[string](b, `location.pathname`)
	require.True(t, strings.HasPrefix(orderURL, "/ordens/"), orderURL)
	orderID := strings.TrimPrefix(orderURL, "/ordens/")
	b.waitText("[data-testid=problem]", "Tela quebrada")
	b.screenshot("order-new")

	// the records behind it, as the API stores them
	owner := env.auth(t, demoOwner, demoPassword)
	var order struct {
		Number   int    `json:"number"`
		Status   string `json:"status"`
		Estimate int64  `json:"estimate"`
		Token    string `json:"tracking_token"`
		Expand   struct {
			Customer struct {
				Name, Phone, Document string
			} `json:"customer"`
			Device struct {
				Brand, Model, IMEI string
				Photos             []string `json:"photos"`
				HasPasscode        bool     `json:"has_passcode"`
				Accessories        []string `json:"accessories"`
			} `json:"device"`
		} `json:"expand"`
	}
	require.Equal(t, http.StatusOK, env.api(t, http.MethodGet, "/api/collections/orders/records/"+orderID+"?expand=customer,device", owner.Token, nil, &order))
	assert.Equal(t, "received", order.Status)
	assert.Equal(t, int64(42000), order.Estimate)
	assert.Equal(t, e164, order.Expand.Customer.Phone)
	assert.Equal(t, "52998224725", order.Expand.Customer.Document)
	assert.Equal(t, "352099001761481", order.Expand.Device.IMEI)
	assert.Len(t, order.Expand.Device.Photos, 1)
	assert.True(t, order.Expand.Device.HasPasscode)
	assert.ElementsMatch(t, []string{"Carregador", "Capinha"}, order.Expand.Device.Accessories)

	// 4. the A4 intake receipt shows what was typed, the terms and the QR code
	b.clickText("Imprimir A4")
	b.waitJS(`document.querySelector('[data-testid=print-qr] svg') !== null`)
	assert.Equal(t, fmt.Sprintf("OS %d", order.Number), b.text("[data-testid=print-number]"))
	customer := b.text("[data-testid=print-customer]")
	assert.Contains(t, customer, name)
	assert.Contains(t, customer, typed)
	assert.Contains(t, customer, "CPF 529.982.247-25")
	device := b.text("[data-testid=print-device]")
	assert.Contains(t, device, "Samsung Galaxy A54")
	assert.Contains(t, device, "IMEI 352099001761481")
	assert.Contains(t, b.text("[data-testid=print-accessories]"), "Carregador, Capinha")
	assert.Contains(t, b.text("[data-testid=print-condition]"), "Riscos na tela")
	assert.Contains(t, b.text("[data-testid=print-problem]"), "Tela quebrada")
	assert.Equal(t, "R$ 420,00", b.text("[data-testid=print-estimate]"))
	assert.Contains(t, b.text("[data-testid=print-terms]"), "Código de Defesa do Consumidor")
	assert.Contains(t, b.bodyText(), "/os/"+order.Token)
	assert.NotContains(t, b.bodyText(), "14789", "the pattern is never printed")
	b.screenshot("print-a4")

	// the thermal layout is 80 mm wide
	b.clickText("80 mm")
	b.waitJS(`document.querySelector('[data-testid=print]').dataset.format === '80mm'`)
	width := eval[float64](b, `document.querySelector('[data-testid=print]').getBoundingClientRect().width`)
	assert.InDelta(t, 80*96/25.4, width, 2, "80 mm at 96 dpi")
	b.screenshot("print-80mm")
}
