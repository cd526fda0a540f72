package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Demo logins (demo.Logins; password demo.Password).
const (
	demoPassword  = "bancada123"
	demoOwner     = "dono@demo.bancada.app"
	demoManager   = "gerente@demo.bancada.app"
	demoTech      = "tecnico@demo.bancada.app"
	demoAttendant = "atendente@demo.bancada.app"
	demoShop      = "Assistência Demo"
)

// tab is one browser tab in its own browser context: its own
// localStorage, so two tabs are two independent staff sessions.
type tab struct {
	t   *testing.T
	env *e2eEnv
	ctx context.Context

	w, h int64
	opts []chromedp.EmulateViewportOption

	mu      sync.Mutex
	console []string // console messages and uncaught errors, shown on failure
}

// newTab opens an isolated tab with a viewport of w×h CSS pixels (a
// mobile, touch viewport below 600 px).
func newTab(t *testing.T, env *e2eEnv, w, h int64) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	var opts []chromedp.EmulateViewportOption
	if w < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(w, h, opts...)))
	b := &tab{t: t, env: env, ctx: ctx, w: w, h: h, opts: opts}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, fmt.Sprintf("[%s] %s", m.Type, m.Text))
			b.mu.Unlock()
		}
	}()
	return b
}

// step bounds every browser step, so a broken screen fails fast.
func (b *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 20*time.Second)
}

// do runs chromedp steps and fails the test on error, printing what the
// screen showed.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fail(err)
	}
}

func (b *tab) fail(err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	url, _ := chromedp.Run(ctx, chromedp.Location())
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		dir := filepath.Join(b.env.repoRoot, "artifacts", "screenshots")
		if os.MkdirAll(dir, 0o755) == nil {
			_ = os.WriteFile(filepath.Join(dir, "failed-"+strings.ReplaceAll(b.t.Name(), "/", "-")+".png"), png, 0o644)
		}
	}
	b.mu.Lock()
	console := strings.Join(b.console, "\n")
	b.mu.Unlock()
	b.t.Fatalf("browser: %v\nat %s, the page said:\n%s\nconsole:\n%s", err, url, truncate(body, 2000), truncate(console, 3000))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// signIn puts a session (token + record, as the JS SDK stores it) into this
// tab's localStorage and opens path.
func (b *tab) signIn(a authResponse, path string) {
	b.t.Helper()
	stored, err := json.Marshal(map[string]any{"token": a.Token, "record": a.Record})
	require.NoError(b.t, err)
	b.do(
		chromedp.Navigate(b.env.baseURL+"/api/health"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem("pocketbase_auth", %q)`, stored))(ctx, t)
			return err
		}),
		chromedp.Navigate(b.env.baseURL+path),
	)
}

// open navigates to an app path (a full page load).
func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.env.baseURL + path))
}

// waitJS waits until a JavaScript expression is truthy, checking every 40 ms
// (text changes are not DOM mutations the "mutation" polling would see).
func (b *tab) waitJS(expr string) {
	b.t.Helper()

	ctx, cancel := b.step()
	defer cancel()
	// an element not there yet is "not yet", not an error
	guarded := `(() => { try { return (` + expr + `); } catch (e) { return false; } })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](guarded, chromedp.WithPollingInterval(40*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		b.fail(fmt.Errorf("waiting for %s: %w", expr, err))
	}
}

// waitText waits until some element matching sel contains text.
func (b *tab) waitText(sel, text string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`[...document.querySelectorAll(%q)].some((e) => e.innerText.includes(%q))`, sel, text))
}

// waitGone waits until no element matches sel.
func (b *tab) waitGone(sel string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`document.querySelector(%q) === null`, sel))
}

// eval evaluates JavaScript and decodes its value into T.
func eval[T any](b *tab, js string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.fail(fmt.Errorf("evaluate %s: %w", js, err))
	}
	return v
}

// text returns the visible text of the first element matching a CSS selector.
func (b *tab) text(sel string) string {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
	return eval[string](b, fmt.Sprintf(`document.querySelector(%q).innerText`, sel))
}

// exists reports whether a CSS selector matches an element now.
func (b *tab) exists(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
}

// bodyText returns the whole page text.
func (b *tab) bodyText() string {
	b.t.Helper()
	return eval[string](b, `document.body.innerText`)
}

// click clicks the first element matching a CSS selector once it is visible.
func (b *tab) click(sel string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickText clicks the first button or link whose text contains text.
func (b *tab) clickText(text string) {
	b.t.Helper()
	js := fmt.Sprintf(`[...document.querySelectorAll('button, a, label.btn')].find((e) => e.offsetParent !== null && e.innerText.includes(%q))`, text)
	b.waitJS(js)
	b.do(chromedp.Click(chromedp.JSPath(js), chromedp.NodeVisible))
}

// typeInto types text into a form control (real key events).
func (b *tab) typeInto(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// selectValue sets a <select> and fires its change event, as a user would.
func (b *tab) selectValue(sel, value string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
	eval[chromedp.Void](b, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event('change', { bubbles: true })); })()`, sel, value))
}

// screenshot writes artifacts/screenshots/<name>.png at the repo root: the
// whole page, taken with a viewport as tall as the page so sticky bars stay
// where a person sees them.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	dir := filepath.Join(b.env.repoRoot, "artifacts", "screenshots")
	require.NoError(b.t, os.MkdirAll(dir, 0o755))
	b.screenshotTo(filepath.Join(dir, name+".png"))
}

// screenshotTo writes the whole page, as screenshot does, to file.
func (b *tab) screenshotTo(file string) {
	b.t.Helper()
	height := int64(eval[float64](b, `Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)`))
	height = max(height, b.h)
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(b.w, height, b.opts...)); err != nil {
		b.fail(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.fail(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(b.w, b.h, b.opts...)); err != nil {
		b.fail(err)
	}
	require.NoError(b.t, os.WriteFile(file, png, 0o644))
}

// clearInput empties a text field the way a user selecting all and
// deleting would (Svelte's bindings see an input event).
func clearInput(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ''; e.dispatchEvent(new Event('input', { bubbles: true })); })()`, sel))(ctx, t)
		return err
	})
}

// setOffline cuts (or restores) this tab's network, as a shop's Wi-Fi
// dropping would: requests fail and navigator.onLine follows.
func (b *tab) setOffline(off bool) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		conds := []*network.Conditions{}
		if off {
			conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// setClock makes the tab's clock read at (and run on from there) in every
// page it loads from now on: Date and Date.now are shifted by at minus the
// real time, as a shop's computer whose clock says "at" would be. Tests use
// it so a screen that depends on "today" does not depend on the wall clock
// (the server keeps the real one: book in the future of both).
func (b *tab) setClock(at time.Time) {
	b.t.Helper()
	offset := at.UnixMilli() - time.Now().UnixMilli()
	src := fmt.Sprintf(`(() => {
		const Real = Date, offset = %d;
		class ShopDate extends Real {
			constructor(...a) { if (a.length === 0) super(Real.now() + offset); else super(...a); }
			static now() { return Real.now() + offset; }
		}
		globalThis.Date = ShopDate;
	})();`, offset)
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}
