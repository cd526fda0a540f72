package ui_test

import (
	"context"
	"fmt"
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
}

// screenSamples gives the record a route parameter names, by the path's
// first segment; a screen with a parameter not listed here is reported as
// not shot (add its sample here).
func screenSamples(order testOrder) map[string]string {
	return map[string]string{"ordens": order.ID, "clientes": order.Customer}
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
	samples := screenSamples(order)
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
			width := eval[int](b, `document.documentElement.scrollWidth`)
			assert.LessOrEqual(t, width, int(w), "%s is wider than %d px", url, w)
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
		url, ok := fillPath(sc.Path, samples)
		if !ok {
			skipped = append(skipped, sc.Path)
			t.Logf("not shot: no sample record for %s (add one to screenSamples)", sc.Path)
			continue
		}
		login := demoOwner
		if len(sc.Roles) > 0 && !contains(sc.Roles, "owner") {
			login = logins[sc.Roles[0]]
		}
		shots = append(shots, visit(login, url, slug(sc.Path), sc.Title))
	}
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
