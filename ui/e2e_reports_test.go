package ui_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// newPart creates a stock part through the REST API and returns its id.
func (env *e2eEnv) newPart(t *testing.T, a authResponse, tenant, name string, costCents, priceCents, qty int) string {
	t.Helper()
	var p struct {
		ID string `json:"id"`
	}
	code := env.api(t, http.MethodPost, "/api/collections/parts/records", a.Token, map[string]any{
		"tenant": tenant, "name": name, "cost_cents": costCents, "price_cents": priceCents, "quantity": qty, "minimum": 1,
	}, &p)
	require.Equal(t, http.StatusOK, code, "create part %s", name)
	return p.ID
}

// deliver hands a ready order over; the tests record no payment, so the
// open balance needs a reason.
func (env *e2eEnv) deliver(t *testing.T, a authResponse, id string) {
	t.Helper()
	env.patchOrder(t, a, id, map[string]any{"status": "delivered", "status_note": "Pagamento na próxima visita."})
}

// TestReportMatchesTheSeededNumbers seeds a new shop through the API and
// checks the reports screen against numbers worked out by hand:
//
//	order 1: screen (part, cost R$ 120,00) R$ 300,00 + labour R$ 100,00, delivered
//	order 2: 2 connectors (cost R$ 15,00 each) at R$ 40,00 + labour R$ 60,00, delivered
//	order 3: labour R$ 200,00, quote rejected
//
// revenue R$ 400,00 + R$ 140,00 = R$ 540,00; parts cost R$ 120,00 + R$ 30,00 =
// R$ 150,00; margin R$ 390,00 = 72,2 %; 2 delivered; 3 quotes, 2 approved,
// 1 rejected = 66,7 %; 3 parts used.
func TestReportMatchesTheSeededNumbers(t *testing.T) {
	env := startE2E(t)
	owner, tenant := env.signupShop(t, "Relatórios Conferidos")
	screen := env.newPart(t, owner, tenant, "Tela Moto G84", 12000, 30000, 5)
	connector := env.newPart(t, owner, tenant, "Conector de carga", 1500, 4000, 10)
	flow := []string{"diagnosing", "quoted", "approved", "repairing", "ready"}

	o1 := env.createOrder(t, owner, tenant, "Carla Mendes", "")
	env.driveOrder(t, owner, o1.ID, []map[string]any{
		{"kind": "part", "part": screen, "description": "Tela Moto G84", "quantity": 1, "unit_cents": 30000},
		{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 10000},
	}, flow...)
	env.deliver(t, owner, o1.ID)
	o2 := env.createOrder(t, owner, tenant, "Diego Alves", "")
	env.driveOrder(t, owner, o2.ID, []map[string]any{
		{"kind": "part", "part": connector, "description": "Conector de carga", "quantity": 2, "unit_cents": 4000},
		{"kind": "labor", "description": "Troca de conector", "quantity": 1, "unit_cents": 6000},
	}, flow...)
	env.deliver(t, owner, o2.ID)
	o3 := env.createOrder(t, owner, tenant, "Elisa Rocha", "")
	env.driveOrder(t, owner, o3.ID, []map[string]any{
		{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 20000},
	}, "diagnosing", "quoted", "rejected")

	b := newTab(t, env, 1280, 900)
	b.signIn(owner, "/relatorios")
	b.waitText(`[data-testid="kpi-revenue"]`, "R$ 540,00")
	require.Equal(t, "R$ 150,00", b.text(`[data-testid="kpi-cost"]`))
	require.Equal(t, "R$ 390,00", b.text(`[data-testid="kpi-margin"]`))
	require.Equal(t, "72,2%", b.text(`[data-testid="kpi-margin-pct"]`))
	require.Equal(t, "2", b.text(`[data-testid="kpi-delivered"]`))
	require.Equal(t, "66,7%", b.text(`[data-testid="kpi-approval"]`))
	require.Equal(t, "3", b.text(`[data-testid="kpi-quotes-sent"]`))
	require.Equal(t, "3", b.text(`[data-testid="parts-total-qty"]`))
	top := b.text(`[data-testid="report-top"]`)
	require.Contains(t, top, "Motorola Moto G84")
	require.True(t, b.exists(`[data-testid="report-revenue"] canvas`), "the revenue chart is drawn")
	b.screenshot("relatorios")

	phone := newTab(t, env, 360, 780)
	phone.signIn(owner, "/relatorios")
	phone.waitText(`[data-testid="kpi-revenue"]`, "R$ 540,00")
	require.True(t, eval[bool](phone, `document.documentElement.scrollWidth <= window.innerWidth`), "no horizontal scroll at 360 px")
	phone.screenshot("relatorios-360")

	// a technician has no reports, not even of their own shop
	tech := env.auth(t, demoTech, demoPassword)
	status := env.api(t, http.MethodGet, "/api/bancada/reports/revenue?tenant="+env.tenantOf(t, tech), tech.Token, nil, nil)
	require.Equal(t, http.StatusForbidden, status)
}

// allowDownloads saves this tab's downloads into dir.
func (b *tab) allowDownloads(dir string) {
	b.t.Helper()
	c := chromedp.FromContext(b.ctx)
	ctx, cancel := b.step()
	defer cancel()
	_, err := cdp.Call(ctx, c.Browser, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: c.BrowserContextID, DownloadPath: dir,
	})
	require.NoError(b.t, err)
}

// downloaded waits for a finished download whose name starts with prefix.
func downloaded(t *testing.T, dir, prefix string) string {
	t.Helper()
	var path string
	require.Eventually(t, func() bool {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) && strings.HasSuffix(e.Name(), ".csv") {
				path = filepath.Join(dir, e.Name())
				return true
			}
		}
		return false
	}, 15*time.Second, 50*time.Millisecond, "download %s in %s", prefix, dir)
	return path
}

// TestCSVRoundTripIntoANewShop exports a shop's customers, parts, devices
// and orders from the Data screen, imports the four files into a new shop
// on the same screen (preview, then confirm), and compares the two shops'
// exports.
func TestCSVRoundTripIntoANewShop(t *testing.T) {
	env := startE2E(t)
	ownerA, tenantA := env.signupShop(t, "Loja de Origem")
	part := env.newPart(t, ownerA, tenantA, "Bateria Moto G84", 4500, 12000, 7)
	o1 := env.createOrder(t, ownerA, tenantA, "Fábio Nunes", "")
	env.driveOrder(t, ownerA, o1.ID, []map[string]any{
		{"kind": "part", "part": part, "description": "Bateria Moto G84", "quantity": 1, "unit_cents": 12000},
		{"kind": "labor", "description": "Troca de bateria", "quantity": 1, "unit_cents": 5000},
	}, "diagnosing", "quoted", "approved", "repairing", "ready")
	env.deliver(t, ownerA, o1.ID)
	env.createOrder(t, ownerA, tenantA, "Gabriela Souza", "")

	dir := t.TempDir()
	a := newTab(t, env, 1280, 900)
	a.allowDownloads(dir)
	a.signIn(ownerA, "/dados")
	files := map[string]string{}
	for kind, name := range map[string]string{"customers": "clientes", "parts": "pecas", "devices": "aparelhos", "orders": "ordens"} {
		a.click(`[data-testid="export-` + kind + `"]`)
		files[kind] = downloaded(t, dir, "bancada-"+name+"-")
		a.waitJS(`!document.querySelector('[data-testid="export-` + kind + `"]').disabled`)
	}
	raw, err := os.ReadFile(files["customers"])
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(raw), "\uFEFFNome;Telefone;CPF/CNPJ"), "BOM, ';' and Portuguese headers: %q", raw[:40])

	ownerB, tenantB := env.signupShop(t, "Loja de Destino")
	b := newTab(t, env, 1280, 900)
	b.signIn(ownerB, "/dados")
	for _, kind := range []string{"customers", "parts", "devices", "orders"} {
		b.selectValue("#ik", kind)
		b.do(chromedp.SetUploadFiles(chromedp.CSS("#if"), []string{files[kind]}))
		b.click(`form.imp button[type="submit"]`)
		b.waitJS(`document.querySelector('[data-testid="import-preview"]') !== null`)
		require.Equal(t, "Exportação do Bancada", b.text(`[data-testid="import-layout"]`), kind)
		if kind == "customers" {
			b.screenshot("dados-previa")
		}
		b.click(`[data-testid="import-confirm"]`)
		b.waitJS(`document.querySelector('[data-testid="import-result"]') !== null`)
	}
	b.screenshot("dados")
	phone := newTab(t, env, 360, 780)
	phone.signIn(ownerB, "/dados")
	phone.waitJS(`document.querySelector('[data-testid="export-orders"]') !== null`)
	require.True(t, eval[bool](phone, `document.documentElement.scrollWidth <= window.innerWidth`), "no horizontal scroll at 360 px")
	phone.screenshot("dados-360")

	export := func(a authResponse, tenant, kind string) []string {
		t.Helper()
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, env.baseURL+"/api/bancada/export/"+kind+"?tenant="+tenant, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", a.Token)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		lines := strings.Split(string(body), "\r\n")
		slices.Sort(lines)
		return lines
	}
	for _, kind := range []string{"customers", "parts", "devices", "orders"} {
		want, got := export(ownerA, tenantA, kind), export(ownerB, tenantB, kind)
		require.Equal(t, want, got, kind)
		require.Greater(t, len(got), 2, "%s: the shop's rows are there", kind)
	}
}
