package tlsauto

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// acmeCA is a pebble ACME server running in the test process, wired the
// way pebble's cmd/pebble/main.go wires it.
type acmeCA struct {
	dirURL   string            // ACME directory
	rootFile string            // PEM of the directory's HTTPS root (Config.CARoot)
	issuer   *x509.Certificate // pebble's issuing root
	roots    *x509.CertPool    // just the issuing root: what a browser of this test trusts
	logs     *syncBuffer
}

// startPebble starts pebble whose validation authority resolves every name
// through the DNS server at dnsAddr and validates HTTP-01 on httpPort and
// TLS-ALPN-01 on tlsPort. The caller must have set PEBBLE_VA_NOSLEEP
// (else each validation waits up to 5 s) before calling.
func startPebble(t *testing.T, httpPort, tlsPort int, dnsAddr string) *acmeCA {
	t.Helper()
	logs := &syncBuffer{}
	logger := log.New(logs, "pebble ", log.Lmicroseconds)
	store := db.NewMemoryStore()
	authority := ca.New(logger, store, "", "ecdsa", 0, 1, map[string]ca.Profile{
		"default": {Description: "the default profile"},
	})
	validator := va.New(logger, httpPort, tlsPort, false, dnsAddr, store)
	front := wfe.New(logger, store, validator, authority, []string{"pebble.letsencrypt.org"}, false, false, 0, 0)

	srv := httptest.NewUnstartedServer(front.Handler())
	srv.StartTLS()
	t.Cleanup(srv.Close)

	rootFile := filepath.Join(t.TempDir(), "acme-root.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(rootFile, pemBytes, 0o600))

	root := authority.GetRootCert(0).Cert
	pool := x509.NewCertPool()
	pool.AddCert(root)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pebble log:\n%s", logs.String())
		}
	})
	return &acmeCA{dirURL: srv.URL + wfe.DirectoryPath, rootFile: rootFile, issuer: root, roots: pool, logs: logs}
}

// startDNS serves DNS over TCP on loopback (pebble's VA asks over TCP),
// answering every A query with 127.0.0.1 and nothing else, so any test
// name points at the test's listeners.
func startDNS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	started := make(chan struct{})
	srv := &dns.Server{
		Listener:          ln,
		NotifyStartedFunc: func() { close(started) },
		Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
			m := new(dns.Msg)
			m.SetReply(q)
			for _, question := range q.Question {
				if question.Qtype == dns.TypeA {
					m.Answer = append(m.Answer, &dns.A{
						Hdr: dns.RR_Header{Name: question.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
						A:   net.IPv4(127, 0, 0, 1),
					})
				}
			}
			_ = w.WriteMsg(m)
		}),
	}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for pebble's concurrent logging.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
