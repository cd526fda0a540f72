// Package tlsauto serves Bancada over HTTPS with certificates that
// certmagic obtains and renews from an ACME CA (Let's Encrypt by
// default): the platform's own domains at start, and, on demand, shops'
// own domains at their first TLS handshake when a decision function
// approves them. Plain HTTP only answers ACME challenges and redirects
// to HTTPS.
package tlsauto

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

const hookID = "bancadaTLSAuto"

// DecisionFunc approves (nil) or refuses (an error) an on-demand
// certificate for name, which is lower-case and in punycode. It runs
// during a TLS handshake, before any ACME traffic: keep it fast, and
// approve only names that really point here (e.g. a domain registered to
// an active shop), or anyone can make the server ask the CA for
// certificates and exhaust its rate limits.
type DecisionFunc func(ctx context.Context, name string) error

// options are the seams the tests need; Bind uses the defaults.
type options struct {
	listen         func(network, addr string) (net.Listener, error)
	noHTTP, noALPN bool // disable one ACME challenge type
}

// Bind makes app serve HTTPS with certificates from certmagic when cfg is
// Enabled, and does nothing (plain HTTP on PocketBase's --http address)
// when it is not. It checks cfg now and binds the servers in OnServe.
// allow is required with cfg.OnDemand; platform domains never reach it.
// Enabling it accepts the ACME CA's subscriber agreement on the
// operator's behalf.
//
// Run `bancada serve` WITHOUT --https and without domain arguments: this
// package opens cfg.HTTPSAddr (TLS, handed to PocketBase as its listener)
// and cfg.HTTPAddr (ACME HTTP-01 challenges, else a redirect to HTTPS);
// PocketBase's --http address is then not listened on.
//
// Why this way (Bancada owns both listeners) rather than handing
// certmagic's TLS config to PocketBase's own --https server (option 1):
// with --https, PocketBase runs its :80 server itself with autocert's
// handler, which cannot answer certmagic's HTTP-01 challenges, so HTTP-01
// must be disabled and every issuance rides on TLS-ALPN-01 alone; that
// server is also started with a bare http.ListenAndServe that is never
// shut down. Owning both listeners keeps HTTP-01 and TLS-ALPN-01
// available (certmagic falls back from one to the other), redirects
// keep a non-443 HTTPS port, both servers stop on OnTerminate, and the
// tests can bind them to loopback ports. The cost is the gotcha of §A13:
// PocketBase pre-sets Server.TLSConfig.NextProtos to acme-tls/1 only, so
// it is replaced with certmagic's config offering h2 and http/1.1 too.
func Bind(app core.App, cfg Config, allow DecisionFunc) error {
	return bind(app, cfg, allow, options{listen: net.Listen})
}

func bind(app core.App, cfg Config, allow DecisionFunc, opts options) error {
	if !cfg.Enabled() {
		return nil
	}
	defaultStorage := cfg.Storage == ""
	cfg, err := cfg.normalized()
	if err != nil {
		return err
	}
	if cfg.OnDemand && allow == nil {
		return errors.New("tlsauto: on-demand certificates need a decision function")
	}
	roots, err := loadRoots(cfg.CARoot)
	if err != nil {
		return err
	}
	if defaultStorage {
		excludeFromBackups(app, StorageDirName)
	}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: hookID,
		Func: func(se *core.ServeEvent) error {
			s, err := start(se, cfg, allow, roots, opts)
			if err != nil {
				return err
			}
			se.App.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
				Id: hookID,
				Func: func(e *core.TerminateEvent) error {
					s.stop()
					return e.Next()
				},
			})
			if err := se.Next(); err != nil {
				s.stop()
				return err
			}
			return nil
		},
	})
	return nil
}

// server is what start leaves running.
type server struct {
	m        *manager
	tlsLn    net.Listener
	http     *http.Server
	httpDone chan struct{}
	cancel   context.CancelFunc
	once     sync.Once
}

// start opens both listeners, hands the TLS one to PocketBase, serves the
// challenge-or-redirect handler on the HTTP one, and begins managing the
// platform's certificates.
func start(se *core.ServeEvent, cfg Config, allow DecisionFunc, roots *x509.CertPool, opts options) (*server, error) {
	storage := cfg.Storage
	if storage == "" {
		storage = filepath.Join(se.App.DataDir(), StorageDirName)
	}
	tlsLn, err := opts.listen("tcp", cfg.HTTPSAddr)
	if err != nil {
		return nil, fmt.Errorf("tlsauto: HTTPS listener: %w", err)
	}
	httpLn, err := opts.listen("tcp", cfg.HTTPAddr)
	if err != nil {
		_ = tlsLn.Close()
		return nil, fmt.Errorf("tlsauto: HTTP listener: %w", err)
	}
	ports := challengePorts{noHTTP: opts.noHTTP, noALPN: opts.noALPN}
	ports.host, _, _ = net.SplitHostPort(cfg.HTTPSAddr)
	if ports.http, err = portOf(httpLn.Addr().String()); err == nil {
		ports.tlsALPN, err = portOf(tlsLn.Addr().String())
	}
	if err != nil {
		_, _ = tlsLn.Close(), httpLn.Close()
		return nil, err
	}

	logger := newZapLogger(se.App.Logger().Handler())
	m := newManager(cfg, allow, roots, storage, ports, logger)
	tc := m.tlsConfig()
	se.Server.TLSConfig = tc // net/http enables h2 only if this config offers it
	se.Server.Addr = cfg.HTTPSAddr
	se.Listener = tls.NewListener(tlsLn, tc)
	if install := se.InstallerFunc; install != nil && len(cfg.Domains) > 0 {
		// PocketBase would link the first superuser to http://<addr>
		base := cfg.BaseURL()
		se.InstallerFunc = func(app core.App, su *core.Record, _ string) error { return install(app, su, base) }
	}

	s := &server{m: m, tlsLn: tlsLn, httpDone: make(chan struct{})}
	s.http = &http.Server{
		Handler:           m.issuer.HTTPChallengeHandler(redirectToHTTPS(ports.tlsALPN)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(se.App.Logger().Handler(), slog.LevelDebug),
	}
	go func() {
		defer close(s.httpDone)
		_ = s.http.Serve(httpLn)
	}()

	var ctx context.Context
	ctx, s.cancel = context.WithCancel(context.Background())
	if err := m.manage(ctx, cfg.Domains); err != nil {
		s.stop()
		return nil, err
	}
	se.App.Logger().Info("tlsauto: serving HTTPS",
		slog.String("https", tlsLn.Addr().String()), slog.String("http", httpLn.Addr().String()),
		slog.Any("domains", cfg.Domains), slog.Bool("onDemand", cfg.OnDemand), slog.String("storage", storage))
	return s, nil
}

// stop shuts the HTTP server and certmagic down and closes the TLS
// listener (PocketBase's own shutdown normally closed it already).
func (s *server) stop() {
	s.once.Do(func() {
		s.cancel()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := s.http.Shutdown(ctx); err != nil {
			_ = s.http.Close()
		}
		<-s.httpDone
		_ = s.tlsLn.Close()
		s.m.stop()
	})
}

// excludeFromBackups keeps the certificate directory (private keys) out
// of PocketBase backups and untouched by restores, as PocketBase does for
// its own autocert cache; certificates are re-obtained where missing.
func excludeFromBackups(app core.App, dir string) {
	add := func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, dir)
		return e.Next()
	}
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{Id: hookID, Func: add})
	app.OnBackupRestore().Bind(&hook.Handler[*core.BackupEvent]{Id: hookID, Func: add})
}
