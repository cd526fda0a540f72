package tlsauto

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strconv"

	"github.com/caddyserver/certmagic"
	"go.uber.org/zap"
)

// challengePorts tells certmagic where this process already answers the
// ACME challenges, so it never tries to bind ports of its own.
type challengePorts struct {
	host           string // listen host of the configured addresses ("" = all)
	http, tlsALPN  int
	noHTTP, noALPN bool // tests: force one challenge type
}

// manager holds certmagic's state: one cache shared by a config for the
// platform's own domains (obtained at start) and, with OnDemand, a config
// for shops' domains (obtained at their first handshake).
type manager struct {
	cache    *certmagic.Cache
	static   *certmagic.Config
	onDemand *certmagic.Config // nil unless Config.OnDemand
	issuer   *certmagic.ACMEIssuer
	platform map[string]bool // cfg.Domains
}

// newManager builds the certmagic configs for cfg (already normalized).
func newManager(cfg Config, allow DecisionFunc, roots *x509.CertPool, storage string, ports challengePorts, logger *zap.Logger) *manager {
	m := &manager{platform: make(map[string]bool, len(cfg.Domains))}
	for _, d := range cfg.Domains {
		m.platform[d] = true
	}
	m.cache = certmagic.NewCache(certmagic.CacheOptions{GetConfigForCert: m.configFor, Logger: logger})
	fs := &certmagic.FileStorage{Path: storage}
	newConfig := func(od *certmagic.OnDemandConfig) (*certmagic.Config, *certmagic.ACMEIssuer) {
		c := certmagic.New(m.cache, certmagic.Config{Storage: fs, Logger: logger, OnDemand: od})
		if len(cfg.Domains) > 0 {
			c.DefaultServerName = cfg.Domains[0] // clients without SNI (by IP)
		}
		iss := certmagic.NewACMEIssuer(c, certmagic.ACMEIssuer{
			CA:                      cfg.CA,
			Email:                   cfg.Email,
			Agreed:                  true,
			TrustedRoots:            roots,
			ListenHost:              ports.host,
			AltHTTPPort:             ports.http,
			AltTLSALPNPort:          ports.tlsALPN,
			DisableHTTPChallenge:    ports.noHTTP,
			DisableTLSALPNChallenge: ports.noALPN,
			Logger:                  logger,
		})
		c.Issuers = []certmagic.Issuer{iss}
		return c, iss
	}
	m.static, m.issuer = newConfig(nil)
	if cfg.OnDemand {
		m.onDemand, _ = newConfig(&certmagic.OnDemandConfig{
			DecisionFunc: func(ctx context.Context, name string) error {
				if m.platform[name] {
					return nil
				}
				if err := allow(ctx, name); err != nil {
					return fmt.Errorf("tlsauto: no certificate for %s: %w", name, err)
				}
				return nil
			},
		})
	}
	return m
}

// configFor picks the config that renews c: the on-demand one for a
// shop's certificate, the static one for the platform's.
func (m *manager) configFor(c certmagic.Certificate) (*certmagic.Config, error) {
	for _, n := range c.Names {
		if !m.platform[n] && m.onDemand != nil {
			return m.onDemand, nil
		}
	}
	return m.static, nil
}

// tlsConfig returns the server's TLS config: certificates from certmagic,
// HTTP/2 and HTTP/1.1 offered (certmagic alone offers only acme-tls/1,
// which would leave net/http without h2), and acme-tls/1 kept for the
// TLS-ALPN-01 challenge.
func (m *manager) tlsConfig() *tls.Config {
	c := m.static
	if m.onDemand != nil {
		c = m.onDemand
	}
	tc := c.TLSConfig()
	tc.MinVersion = tls.VersionTLS12
	tc.NextProtos = append([]string{"h2", "http/1.1"}, tc.NextProtos...)
	return tc
}

// manage starts obtaining (or loading) and renewing the platform's
// certificates in the background; errors are logged and retried.
func (m *manager) manage(ctx context.Context, domains []string) error {
	if len(domains) == 0 {
		return nil
	}
	if err := m.static.ManageAsync(ctx, domains); err != nil {
		return fmt.Errorf("tlsauto: manage %v: %w", domains, err)
	}
	return nil
}

// stop ends certmagic's maintenance goroutine.
func (m *manager) stop() { m.cache.Stop() }

// portOf returns the numeric port of a listener address.
func portOf(addr string) (int, error) {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, fmt.Errorf("tlsauto: %w", err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		return 0, fmt.Errorf("tlsauto: port of %q: %w", addr, err)
	}
	return n, nil
}
