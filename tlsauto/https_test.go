package tlsauto

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	platformDomain = "bancada.test"
	approvedShop   = "loja-aprovada.test"
	refusedShop    = "loja-recusada.test"
	acmeDeadline   = 15 * time.Second
	pollEvery      = 25 * time.Millisecond
)

// TestAutomaticHTTPS runs a real PocketBase server on loopback ports
// against pebble in-process. Validation is real: pebble's VA resolves the
// test names through a loopback DNS server (127.0.0.1) and connects back
// to the server's HTTP (HTTP-01) or TLS (TLS-ALPN-01) port; nothing runs
// in pebble's "always valid" mode. Each case allows one challenge type,
// so each solver is proven on its own.
func TestAutomaticHTTPS(t *testing.T) {
	// read by pebble's VA and WFE constructors: no random 0–5 s sleep
	// before each validation, no deliberately rejected nonces
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0")

	cases := []struct {
		name     string
		opts     options
		onDemand bool
	}{
		{"http-01 with on-demand shops", options{noALPN: true}, true},
		{"tls-alpn-01 with on-demand shops", options{noHTTP: true}, true},
		{"tls-alpn-01 platform only", options{noHTTP: true}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := startEnv(t, tc.opts, tc.onDemand)

			// the platform's certificate is obtained at start, before any
			// handshake asks for it
			require.Eventually(t, func() bool { return env.storedCert(platformDomain) }, acmeDeadline, pollEvery,
				"no certificate for %s in storage", platformDomain)
			// certmagic stores it, then loads it into its in-memory cache
			require.Eventually(t, func() bool { _, err := env.handshake(platformDomain); return err == nil }, acmeDeadline, pollEvery,
				"%s is stored but not served", platformDomain)

			t.Run("HTTPS over HTTP/2 and HTTP/1.1 with pebble's certificate", func(t *testing.T) {
				for _, proto := range []string{"HTTP/2.0", "HTTP/1.1"} {
					resp, body := env.get(t, env.client(proto == "HTTP/2.0", true), "https://"+platformDomain+env.httpsPort()+"/api/health")
					assert.Equal(t, http.StatusOK, resp.StatusCode, proto)
					assert.Contains(t, body, "API is healthy", proto)
					assert.Equal(t, proto, resp.Proto)
					env.assertIssuedFor(t, resp.TLS, platformDomain)
				}
			})

			t.Run("the first-superuser link points at HTTPS", func(t *testing.T) {
				env.askedMu.Lock()
				defer env.askedMu.Unlock()
				assert.Equal(t, "https://"+platformDomain+env.httpsPort(), env.installerURL)
			})

			t.Run("plain HTTP redirects to HTTPS", func(t *testing.T) {
				c := env.client(true, false)
				resp, _ := env.get(t, c, "http://"+platformDomain+env.httpPort()+"/api/health?x=1")
				assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
				assert.Equal(t, "https://"+platformDomain+env.httpsPort()+"/api/health?x=1", resp.Header.Get("Location"))

				resp, body := env.get(t, env.client(true, true), "http://"+platformDomain+env.httpPort()+"/api/health")
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Equal(t, "https", resp.Request.URL.Scheme, "the redirect was followed to HTTPS")
				assert.Contains(t, body, "API is healthy")
			})

			t.Run("a name the decision function refuses gets no certificate", func(t *testing.T) {
				_, err := env.handshake(refusedShop)
				require.Error(t, err)
				assert.False(t, env.storedCert(refusedShop))
				if tc.onDemand {
					assert.Contains(t, env.asked(), refusedShop)
				} else {
					assert.Empty(t, env.asked(), "without OnDemand nobody is asked")
				}
			})

			t.Run("a name the decision function approves gets one on its first handshake", func(t *testing.T) {
				state, err := env.handshake(approvedShop)
				if !tc.onDemand {
					require.Error(t, err, "without OnDemand even approvable names get nothing")
					assert.False(t, env.storedCert(approvedShop))
					return
				}
				require.NoError(t, err)
				env.assertIssuedFor(t, state, approvedShop)
				assert.True(t, env.storedCert(approvedShop))

				resp, body := env.get(t, env.client(true, true), "https://"+approvedShop+env.httpsPort()+"/api/health")
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Contains(t, body, "API is healthy")
			})
		})
	}
}

// testEnv is one running server with its ACME CA.
type testEnv struct {
	ca         *acmeCA
	httpAddr   string
	httpsAddr  string
	storage    string
	askedMu    sync.Mutex // guards askedNames and installerURL
	askedNames []string   // names the decision function was asked about
	// installerURL is the base URL PocketBase's superuser installer got
	installerURL string
}

// startEnv starts DNS, pebble and a PocketBase server bound with tlsauto
// on two loopback ports; it skips the test if loopback cannot be bound.
func startEnv(t *testing.T, opts options, onDemand bool) *testEnv {
	t.Helper()
	httpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot bind a loopback port: %v", err)
	}
	httpsLn, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	env := &testEnv{httpAddr: httpLn.Addr().String(), httpsAddr: httpsLn.Addr().String()}
	env.ca = startPebble(t, mustPort(t, env.httpAddr), mustPort(t, env.httpsAddr), startDNS(t))

	app, err := tests.NewTestApp()
	require.NoError(t, err)
	env.storage = filepath.Join(app.DataDir(), StorageDirName)

	opts.listen = func(_, addr string) (net.Listener, error) {
		switch addr {
		case env.httpAddr:
			return httpLn, nil
		case env.httpsAddr:
			return httpsLn, nil
		}
		return nil, fmt.Errorf("unexpected listen address %s", addr)
	}
	cfg := Config{
		Domains:   []string{platformDomain},
		Email:     "ops@bancada.test",
		CA:        env.ca.dirURL,
		CARoot:    env.ca.rootFile,
		OnDemand:  onDemand,
		HTTPAddr:  env.httpAddr,
		HTTPSAddr: env.httpsAddr,
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.InstallerFunc = func(_ core.App, _ *core.Record, baseURL string) error {
			env.askedMu.Lock()
			defer env.askedMu.Unlock()
			env.installerURL = baseURL
			return nil
		}
		return se.Next()
	})
	require.NoError(t, bind(app, cfg, env.allow, opts))
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		// PocketBase runs the installer only while there is no superuser,
		// which the test app has: call it here to see the URL it would get
		err := se.InstallerFunc(se.App, nil, "http://"+se.Server.Addr)
		se.InstallerFunc = nil
		if err != nil {
			return err
		}
		return se.Next()
	})

	served := make(chan error, 1)
	go func() { served <- apis.Serve(app, apis.ServeConfig{HttpAddr: "127.0.0.1:0"}) }()
	t.Cleanup(func() {
		app.Cleanup() // OnTerminate: PocketBase's and tlsauto's shutdown
		select {
		case err := <-served:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Error("the server did not stop")
		}
	})
	return env
}

// allow is the shops' decision function: only approvedShop is a shop.
func (e *testEnv) allow(_ context.Context, name string) error {
	e.askedMu.Lock()
	e.askedNames = append(e.askedNames, name)
	e.askedMu.Unlock()
	if name == approvedShop {
		return nil
	}
	return errors.New("domínio não cadastrado")
}

func (e *testEnv) asked() []string {
	e.askedMu.Lock()
	defer e.askedMu.Unlock()
	return slices.Clone(e.askedNames)
}

func (e *testEnv) httpPort() string  { return ":" + strings.Split(e.httpAddr, ":")[1] }
func (e *testEnv) httpsPort() string { return ":" + strings.Split(e.httpsAddr, ":")[1] }

// storedCert reports whether certmagic's storage holds a certificate for name.
func (e *testEnv) storedCert(name string) bool {
	m, _ := filepath.Glob(filepath.Join(e.storage, "certificates", "*", name, name+".crt"))
	return len(m) > 0
}

// client dials 127.0.0.1 whatever the host name, trusts only pebble's
// issuing root, speaks only HTTP/2 (h2) or only HTTP/1.1, and follows
// redirects if asked.
func (e *testEnv) client(h2, follow bool) *http.Client {
	protocols := new(http.Protocols)
	protocols.SetHTTP1(!h2)
	protocols.SetHTTP2(h2)
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: e.ca.roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return (&net.Dialer{}).DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		},
		Protocols: protocols,
	}
	c := &http.Client{Transport: tr, Timeout: acmeDeadline}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return c
}

func (e *testEnv) get(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

// handshake opens a TLS connection to the server for name (SNI),
// trusting only pebble's issuing root.
func (e *testEnv) handshake(name string) (*tls.ConnectionState, error) {
	d := &tls.Dialer{Config: &tls.Config{ServerName: name, RootCAs: e.ca.roots}}
	ctx, cancel := context.WithTimeout(context.Background(), acmeDeadline)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", e.httpsAddr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	state := conn.(*tls.Conn).ConnectionState()
	return &state, nil
}

// assertIssuedFor checks the peer certificate names exactly name and
// chains to pebble's issuing root.
func (e *testEnv) assertIssuedFor(t *testing.T, state *tls.ConnectionState, name string) {
	t.Helper()
	require.NotNil(t, state)
	require.NotEmpty(t, state.PeerCertificates)
	leaf := state.PeerCertificates[0]
	assert.Equal(t, []string{name}, leaf.DNSNames)
	assert.True(t, strings.HasPrefix(leaf.Issuer.CommonName, "Pebble Intermediate CA"), leaf.Issuer.CommonName)
	require.NotEmpty(t, state.VerifiedChains)
	chain := state.VerifiedChains[0]
	assert.True(t, chain[len(chain)-1].Equal(e.ca.issuer), "chains to pebble's root")
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: e.ca.roots, Intermediates: pool(state.PeerCertificates[1:])})
	assert.NoError(t, err)
}

func pool(certs []*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p
}

func mustPort(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	n, err := strconv.Atoi(p)
	require.NoError(t, err)
	return n
}
