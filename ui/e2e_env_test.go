package ui_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// e2eEnv is one Bancada binary built from the repo, started with --demo on
// a fresh data dir and a free loopback port, and one headless Chromium.
// Tests share it and isolate themselves with separate browser contexts
// (separate localStorage, cookies and sessions).
type e2eEnv struct {
	baseURL    string
	repoRoot   string
	browserCtx context.Context

	mu     sync.Mutex
	tokens map[string]authResponse

	signupLimit sync.Once // raiseSignupLimit, before the first signup

	cleanup []func()
}

type authResponse struct {
	Token  string         `json:"token"`
	Record map[string]any `json:"record"`
}

// suite holds the lazily started environment. Tests reach it through
// startE2E, which builds and starts everything once per `go test` run.
type suite struct {
	once sync.Once
	env  *e2eEnv
	err  error
	skip string
}

var shared suite

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.env != nil {
		for i := len(shared.env.cleanup) - 1; i >= 0; i-- {
			shared.env.cleanup[i]()
		}
	}
	os.Exit(code)
}

// chromiumPath finds Debian's chromium (or another Chrome) on PATH.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startE2E returns the shared environment, skipping the test when no
// browser is installed (unless BANCADA_REQUIRE_BROWSER is set, as in CI).
func startE2E(t *testing.T) *e2eEnv {
	t.Helper()
	shared.once.Do(func() {
		chrome := chromiumPath()
		if chrome == "" {
			if os.Getenv("BANCADA_REQUIRE_BROWSER") == "" {
				shared.skip = "chromium is not installed (apt-get install -y chromium); set BANCADA_REQUIRE_BROWSER=1 to make this a failure"
				return
			}
			shared.err = errors.New("BANCADA_REQUIRE_BROWSER is set but no chromium was found on PATH")
			return
		}
		shared.env, shared.err = newE2EEnv(chrome)
		if errors.Is(shared.err, errNotMounted) && os.Getenv("BANCADA_REQUIRE_BROWSER") == "" {
			shared.skip, shared.err = shared.err.Error(), nil
		}
	})
	if shared.skip != "" {
		t.Skip(shared.skip)
	}
	if shared.err != nil {
		t.Fatalf("e2e environment: %v", shared.err)
	}
	return shared.env
}

func newE2EEnv(chrome string) (*e2eEnv, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return nil, err
	}
	env := &e2eEnv{repoRoot: root, tokens: map[string]authResponse{}}
	if url := os.Getenv("BANCADA_E2E_URL"); url != "" {
		// Development: run against a server started by hand with --demo.
		env.baseURL = strings.TrimRight(url, "/")
		if err := env.checkMounted(); err != nil {
			return nil, err
		}
	} else if err := env.startServer(); err != nil {
		env.close()
		return nil, err
	}
	if err := env.startBrowser(chrome); err != nil {
		env.close()
		return nil, err
	}
	return env, nil
}

func (env *e2eEnv) close() {
	for i := len(env.cleanup) - 1; i >= 0; i-- {
		env.cleanup[i]()
	}
	env.cleanup = nil
}

// startServer builds the binary from the repository root and starts it.
func (env *e2eEnv) startServer() error {
	tmp, err := os.MkdirTemp("", "bancada-e2e-")
	if err != nil {
		return err
	}
	env.cleanup = append(env.cleanup, func() { _ = os.RemoveAll(tmp) })

	bin := filepath.Join(tmp, "bancada")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = env.repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	_ = l.Close()

	cmd := exec.Command(bin, "serve", "--demo", "--dir", filepath.Join(tmp, "data"), "--http", addr)
	cmd.Env = append(os.Environ(), "BANCADA_SECRET_KEY=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var logs bytes.Buffer
	var logMu sync.Mutex
	cmd.Stderr = writerFunc(func(p []byte) (int, error) { logMu.Lock(); defer logMu.Unlock(); return logs.Write(p) })
	if err := cmd.Start(); err != nil {
		return err
	}
	env.cleanup = append(env.cleanup, func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	// Wait for PocketBase's "Server started" line (no polling, no sleeps).
	started := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			logs.WriteString(line + "\n")
			logMu.Unlock()
			if !signalled && strings.Contains(line, "Server started") {
				signalled = true
				started <- nil
			}
		}
		if !signalled {
			started <- errors.New("the server exited before it started")
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err := <-started:
		if err != nil {
			logMu.Lock()
			defer logMu.Unlock()
			return fmt.Errorf("%w:\n%s", err, logs.String())
		}
	case <-time.After(60 * time.Second):
		return errors.New("the server did not start within 60 s")
	}
	env.baseURL = "http://" + addr
	return env.checkMounted()
}

// errNotMounted says the binary does not serve the staff app at "/".
var errNotMounted = errors.New("the binary does not serve the staff app at / yet (hooks must mount ui.DistFS)")

// checkMounted makes sure the server answers an app path with index.html.
func (env *e2eEnv) checkMounted() error {
	res, err := http.Get(env.baseURL + "/quadro")
	if err != nil {
		return fmt.Errorf("GET /quadro: %w", err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`<div id="app">`)) {
		return fmt.Errorf("%w: GET /quadro gave HTTP %d", errNotMounted, res.StatusCode)
	}
	return nil
}

// startBrowser starts one headless Chromium for the whole run. Without the
// background-networking flags Chromium stalls on a closed network.
func (env *e2eEnv) startBrowser(chrome string) error {
	profile, err := os.MkdirTemp("", "bancada-chromium-")
	if err != nil {
		return err
	}
	env.cleanup = append(env.cleanup, func() { _ = os.RemoveAll(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.Flag("lang", "pt-BR"), // Accept-Language of a Brazilian browser
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	env.cleanup = append(env.cleanup, cancelAlloc, cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		return fmt.Errorf("start chromium: %w", err)
	}
	env.browserCtx = browserCtx
	return nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// api calls the REST API; token may be empty.
func (env *e2eEnv) api(t *testing.T, method, path, token string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, env.baseURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, data, err)
		}
	}
	return res.StatusCode
}

// auth signs a demo user in through the API once per run; the UI tests
// reuse the token (PocketBase rate-limits password sign-ins per IP).
func (env *e2eEnv) auth(t *testing.T, email, password string) authResponse {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	if a, ok := env.tokens[email]; ok {
		return a
	}
	var a authResponse
	code := env.api(t, http.MethodPost, "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": email, "password": password}, &a)
	if code != http.StatusOK || a.Token == "" {
		t.Fatalf("sign in %s: HTTP %d", email, code)
	}
	env.tokens[email] = a
	return a
}

// remember stores a token obtained elsewhere (signup).
func (env *e2eEnv) remember(email string, a authResponse) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.tokens[email] = a
}
