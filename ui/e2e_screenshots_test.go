package ui_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen is one entry of the staff app's routes (src/routes.js).
type screen struct {
	Path  string
	Title string
	Roles []string
	Bare  bool
	Page  string // the component file the route loads
}

var (
	routeLine = regexp.MustCompile(`^\s*\{\s*path:\s*'([^']+)'.*import\('\./pages/([A-Za-z]+\.svelte)'\)`)
	routeAttr = map[string]*regexp.Regexp{
		"title": regexp.MustCompile(`title:\s*'([^']*)'`),
		"roles": regexp.MustCompile(`roles:\s*\[([^\]]*)\]`),
		"bare":  regexp.MustCompile(`bare:\s*true`),
	}
)

// appScreens reads the screens from src/routes.js, the app's own list, so
// a screen added there is visited without touching this file.
func appScreens(t *testing.T) []screen {
	t.Helper()
	src, err := os.ReadFile("src/routes.js")
	require.NoError(t, err)
	var out []screen
	for _, line := range strings.Split(string(src), "\n") {
		m := routeLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		s := screen{Path: m[1], Page: m[2], Bare: routeAttr["bare"].MatchString(line)}
		if t := routeAttr["title"].FindStringSubmatch(line); t != nil {
			s.Title = t[1]
		}
		if r := routeAttr["roles"].FindStringSubmatch(line); r != nil {
			for _, role := range strings.Split(r[1], ",") {
				if role = strings.Trim(strings.TrimSpace(role), `'"`); role != "" {
					s.Roles = append(s.Roles, role)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// TestRoutesJSListsTheScreens keeps the harness's reader of routes.js
// honest: it finds every route (one per "path:" line), each loading a page
// that exists.
func TestRoutesJSListsTheScreens(t *testing.T) {
	src, err := os.ReadFile("src/routes.js")
	require.NoError(t, err)
	want := strings.Count(string(src), "{ path: '")
	screens := appScreens(t)
	require.Len(t, screens, want, "every route of routes.js is read")
	paths := map[string]screen{}
	for _, s := range screens {
		paths[s.Path] = s
		_, err := os.Stat(filepath.Join("src", "pages", s.Page))
		assert.NoError(t, err, "%s loads %s", s.Path, s.Page)
	}
	assert.Equal(t, []string{"owner"}, paths["/auditoria"].Roles)
	assert.True(t, paths["/ordens/:id/imprimir"].Bare)
	assert.Equal(t, "Quadro de OS", paths["/quadro"].Title)
	assert.Equal(t, []string{"/recibos/pagamento/:id", "/recibos/venda/:id", "/recibos/caixa/:id"}, expandPath("/recibos/:kind/:id"),
		"each receipt is its own screen")
	assert.Equal(t, []string{"/ordens/:id"}, expandPath("/ordens/:id"))
	assert.Equal(t, "caixa", chosen("/recibos/:kind/:id", "/recibos/caixa/:id"))
}

// screenSamples gives the record a route parameter names, by the segment
// before it (for "/recibos/:kind/:id", the kind chosen); a screen with a
// parameter not listed here is reported as not shot (add its sample here).
func screenSamples(order testOrder, payment, sale, till string) map[string]string {
	return map[string]string{"ordens": order.ID, "clientes": order.Customer, "pagamento": payment, "venda": sale, "caixa": till}
}

// screenChoices lists the values a route parameter takes, by the segment
// before it, when each value is a different screen: the receipts.
var screenChoices = map[string][]string{"recibos": {"pagamento", "venda", "caixa"}}

// expandPath turns a route into one path per choice of its parameters
// listed in screenChoices ("/recibos/:kind/:id" → "/recibos/pagamento/:id",
// …); other routes are returned as they are.
func expandPath(path string) []string {
	parts := strings.Split(path, "/")
	for i := 1; i < len(parts); i++ {
		choices := screenChoices[parts[i-1]]
		if !strings.HasPrefix(parts[i], ":") || len(choices) == 0 {
			continue
		}
		var out []string
		for _, c := range choices {
			p := append(append(append([]string{}, parts[:i]...), c), parts[i+1:]...)
			out = append(out, expandPath(strings.Join(p, "/"))...)
		}
		return out
	}
	return []string{path}
}

// TestScreenshotHarness visits every screen of the staff app (from
// src/routes.js), plus the sign-in page and the public tracking page, at
// 1280 px and at 360 px as the demo owner (or a role the screen admits),
// asserts no horizontal scroll, and writes one PNG per screen and width,
// and an index.md, into $BANCADA_SCREENSHOTS. Off unless that variable
// names a directory:
//
//	BANCADA_SCREENSHOTS=/tmp/telas go test ./ui/ -run TestScreenshotHarness
func TestScreenshotHarness(t *testing.T) {
	dir := os.Getenv("BANCADA_SCREENSHOTS")
	if dir == "" {
		t.Skip("set BANCADA_SCREENSHOTS=<dir> to shoot every screen")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	env := startE2E(t)
	owner := env.auth(t, demoOwner, demoPassword)
	tenant := env.tenantOf(t, owner)
	order := env.createOrder(t, owner, tenant, "Sofia Screenshot", "")
	env.driveOrder(t, owner, order.ID, []map[string]any{{"kind": "labor", "description": "Troca de tela", "quantity": 1, "unit_cents": 45000}},
		"diagnosing", "quoted")
	var rec struct {
		Token string `json:"tracking_token"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/collections/orders/records/"+order.ID, owner.Token, nil, &rec))
	// today's till open with R$ 100,00 (the cash screen then shows what
	// came in), a payment on the order, a counter sale and the demo's
	// closed till, for the receipts
	require.Equal(t, 200, env.api(t, "POST", "/api/bancada/cash/open?tenant="+tenant, owner.Token,
		map[string]any{"tenant": tenant, "opening_float": 10000}, nil))
	var pay struct {
		ID string `json:"id"`
	}
	require.Equal(t, 200, env.api(t, "POST", "/api/collections/payments/records", owner.Token, map[string]any{
		"tenant": tenant, "order": order.ID, "customer": order.Customer, "method": "pix", "provider": "manual", "status": "paid",
		"amount": 10000, "paid_amount": 10000, "paid_at": time.Now().UTC().Format("2006-01-02 15:04:05.000Z"), "description": "Sinal OS " + order.Number,
	}, &pay))
	var parts struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/collections/parts/records?perPage=1&sort=-price_cents&filter="+url.QueryEscape(`quantity >= 2 && price_cents > 0 && tenant = "`+tenant+`"`), owner.Token, nil, &parts))
	require.NotEmpty(t, parts.Items, "the demo shop has a part in stock to sell")
	var sale struct {
		Sale struct {
			ID    string `json:"id"`
			Total int    `json:"total"`
		} `json:"sale"`
	}
	var price struct {
		Price int `json:"price_cents"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/collections/parts/records/"+parts.Items[0].ID, owner.Token, nil, &price))
	require.Equal(t, 200, env.api(t, "POST", "/api/bancada/sales?tenant="+tenant, owner.Token, map[string]any{
		"tenant": tenant, "items": []map[string]any{{"part": parts.Items[0].ID, "quantity": 1}},
		"payments": []map[string]any{{"method": "cash", "amount": price.Price}},
	}, &sale))
	var tills struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/collections/cash_sessions/records?perPage=1&filter="+url.QueryEscape(`status = "closed" && tenant = "`+tenant+`"`), owner.Token, nil, &tills))
	require.NotEmpty(t, tills.Items, "the demo shop has yesterday's till closed")
	samples := screenSamples(order, pay.ID, sale.Sale.ID, tills.Items[0].ID)

	// WhatsApp connected, a new contact asking a price and the sample
	// customer asking for a person, so the inbox shows its hand-off queue
	// (the tabs are made below, the owner's 1280 px one first)
	var cust struct {
		Phone string `json:"phone"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/collections/customers/records/"+order.Customer, owner.Token, nil, &cust))
	waTab := newTab(t, env, 1280, 900)
	waTab.signIn(owner, "/quadro")
	env.connectWhatsApp(t, waTab, owner, tenant)
	_, stranger := randomMobile()
	env.injectWhatsApp(t, tenant, stranger, "Paulo", "Oi, vocês trocam tela de iPad 9?")
	env.injectWhatsApp(t, tenant, cust.Phone, "Sofia", "Quero falar com um atendente sobre o orçamento")
	// two appointments on the first day the agenda offers, which the
	// agenda screen is opened on
	var free struct {
		Slots []struct {
			Start time.Time `json:"start"`
		} `json:"slots"`
	}
	require.Equal(t, 200, env.api(t, "GET", "/api/bancada/slots?kind=dropoff&tenant="+tenant, owner.Token, nil, &free))
	require.GreaterOrEqual(t, len(free.Slots), 3, "the demo shop has free slots")
	_, walkIn := randomMobile()
	var paulo struct {
		ID string `json:"id"`
	}
	require.Equal(t, 200, env.api(t, "POST", "/api/collections/customers/records", owner.Token,
		map[string]any{"tenant": tenant, "name": "Paulo Agenda", "phone": walkIn}, &paulo))
	for i, a := range []struct{ customer, kind string }{{paulo.ID, "dropoff"}, {order.Customer, "pickup"}} {
		start := free.Slots[2*i].Start
		require.Equal(t, 200, env.api(t, "POST", "/api/collections/appointments/records", owner.Token, map[string]any{
			"tenant": tenant, "customer": a.customer, "kind": a.kind, "status": "scheduled",
			"start": start.Format(time.RFC3339), "end": start.Add(30 * time.Minute).Format(time.RFC3339),
		}, nil))
	}
	queries := map[string]string{"/agenda": "?dia=" + free.Slots[0].Start.In(saoPaulo(t)).Format(time.DateOnly)}

	waTab.open("/conversas")
	waTab.waitText("[data-testid=handoff-queue]", "Sofia Screenshot")
	waTab.waitText("[data-testid=conversations]", "Contato novo")
	logins := map[string]string{"owner": demoOwner, "manager": demoManager, "technician": demoTech, "attendant": demoAttendant}

	type shot struct{ path, title, file1280, file360, note string }
	var shots []shot
	var skipped []string
	tabs := map[string]map[int64]*tab{}
	tabFor := func(login string, w int64) *tab {
		if tabs[login] == nil {
			tabs[login] = map[int64]*tab{}
		}
		if tabs[login][w] == nil {
			h := int64(900)
			if w < 600 {
				h = 740
			}
			b := newTab(t, env, w, h)
			if login != "" {
				b.signIn(env.auth(t, login, demoPassword), "/quadro")
			}
			tabs[login][w] = b
		}
		return tabs[login][w]
	}
	visit := func(login, url, name, title string) shot {
		s := shot{path: url, title: title}
		for _, w := range []int64{1280, 360} {
			b := tabFor(login, w)
			b.open(url)
			settle(b)
			// what reaches past the edge is named in the same evaluation,
			// so a passing overflow (a screen still loading) is caught too
			assert.Empty(t, eval[string](b, fmt.Sprintf(overflowJS, w, w)), "%s is wider than %d px", url, w)
			file := fmt.Sprintf("%s-%d.png", name, w)
			b.screenshotTo(filepath.Join(dir, file))
			if w == 1280 {
				s.file1280 = file
			} else {
				s.file360 = file
			}
		}
		return s
	}

	for _, sc := range appScreens(t) {
		for _, path := range expandPath(sc.Path) {
			url, ok := fillPath(path, samples)
			url += queries[path]
			if !ok {
				skipped = append(skipped, path)
				t.Logf("not shot: no sample record for %s (add one to screenSamples)", path)
				continue
			}
			login := demoOwner
			if len(sc.Roles) > 0 && !contains(sc.Roles, "owner") {
				login = logins[sc.Roles[0]]
			}
			title := sc.Title
			if path != sc.Path {
				title += " (" + chosen(sc.Path, path) + ")"
			}
			shots = append(shots, visit(login, url, slug(path), title))
		}
	}
	assert.Empty(t, skipped, "every screen of routes.js is shot")
	shots = append(shots, visit("", "/entrar", "entrar", "Entrar (sem sessão)"))
	shots = append(shots, visit("", "/os/"+rec.Token, "os-acompanhamento", "Acompanhamento público da OS"))

	var idx strings.Builder
	idx.WriteString("# Telas do Bancada\n\nCada tela a 1280 px e a 360 px (sem rolagem horizontal).\n\n| tela | endereço | 1280 px | 360 px |\n|---|---|---|---|\n")
	for _, s := range shots {
		fmt.Fprintf(&idx, "| %s | `%s` | ![](%s) | ![](%s) |\n", s.title, s.path, s.file1280, s.file360)
	}
	for _, p := range skipped {
		fmt.Fprintf(&idx, "| (sem exemplo) | `%s` | — | — |\n", p)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.md"), []byte(idx.String()), 0o644))
	t.Logf("%d screens shot into %s (%d without a sample record)", len(shots), dir, len(skipped))
}

// chosen lists the segments expandPath put in a route's place, "venda"
// for "/recibos/venda/:id" from "/recibos/:kind/:id".
func chosen(route, path string) string {
	r, p := strings.Split(route, "/"), strings.Split(path, "/")
	var out []string
	for i := range min(len(r), len(p)) {
		if r[i] != p[i] {
			out = append(out, p[i])
		}
	}
	return strings.Join(out, ", ")
}

// fillPath puts sample ids in a route's parameters.
func fillPath(path string, samples map[string]string) (string, bool) {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		id := ""
		if i > 0 {
			id = samples[parts[i-1]]
		}
		if id == "" {
			return "", false
		}
		parts[i] = id
	}
	return strings.Join(parts, "/"), true
}

// slug names a route's screenshot: "/ordens/:id/imprimir" → "ordens-id-imprimir".
func slug(path string) string {
	return strings.Trim(strings.NewReplacer("/", "-", ":", "").Replace(path), "-")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// overflowJS is empty when the page is no wider than the window (its
// width, %d, twice); otherwise it names the innermost elements and texts
// that reach past the right edge, to tell which one makes a screen scroll
// sideways.
const overflowJS = `(() => {
	if (document.documentElement.scrollWidth <= %d) return '';
	const past = (r) => r.right > %d.5;
	const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
	const out = [...document.querySelectorAll('body *')].filter((e) => past(e.getBoundingClientRect()) && ![...e.children].some((c) => past(c.getBoundingClientRect()))).map((e) => name(e) + ' ' + Math.round(e.getBoundingClientRect().right));
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const r = document.createRange();
		r.selectNodeContents(n);
		if (past(r.getBoundingClientRect())) out.push('text "' + n.textContent.trim().slice(0, 40) + '" in ' + name(n.parentElement) + ' ' + Math.round(r.getBoundingClientRect().right));
	}
	return 'scrollWidth ' + document.documentElement.scrollWidth + '; past the edge: ' + (out.slice(0, 8).join(', ') || 'nothing named');
})()`

// settle waits (at most 10 s, without failing) until the screen has a
// heading or a document and no spinner: a screen still loading something
// optional is shot as it is.
func settle(b *tab) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 12*time.Second)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`document.readyState === 'complete' && !!document.querySelector('h1, .doc, [data-testid=device-label], main') && !document.querySelector('.spinner')`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
}
