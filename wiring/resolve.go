package wiring

import (
	"net"
	"strings"

	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
	"github.com/bancada/bancada/tlsauto"
)

// Listen is what `serve` is told about where to listen: its --http and
// --https flags and its domain arguments (PocketBase's own certificates).
type Listen struct {
	HTTP, HTTPS string
	Domains     []string
}

// addrs are the HTTP and HTTPS addresses PocketBase's serve command uses
// for l, with its defaults: with domains, 0.0.0.0:80 and 0.0.0.0:443;
// without, 127.0.0.1:8090 and no HTTPS.
func (l Listen) addrs() (httpAddr, httpsAddr string) {
	httpAddr, httpsAddr = l.HTTP, l.HTTPS
	if len(l.Domains) > 0 {
		if httpAddr == "" {
			httpAddr = "0.0.0.0:80"
		}
		if httpsAddr == "" {
			httpsAddr = "0.0.0.0:443"
		}
	} else if httpAddr == "" {
		httpAddr = "127.0.0.1:8090"
	}
	return httpAddr, httpsAddr
}

// Addr is the address the server listens on: HTTPS's when there is one.
func (l Listen) Addr() string {
	httpAddr, httpsAddr := l.addrs()
	if httpsAddr != "" {
		return httpsAddr
	}
	return httpAddr
}

// URL is the base URL PocketBase serves l on: with domains, HTTPS on the
// first one; else the listen address (what its start banner prints).
func (l Listen) URL() string {
	httpAddr, httpsAddr := l.addrs()
	if httpsAddr == "" {
		return "http://" + hostOf(httpAddr)
	}
	if len(l.Domains) > 0 {
		return "https://" + l.Domains[0]
	}
	return "https://" + hostOf(httpsAddr)
}

// hostOf is addr as a URL host; an empty host is the loopback address.
func hostOf(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "http" || port == "https" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// resolve completes cfg, the one place the configuration changes: the
// public URL is the flag or variable, else the first platform domain
// served with automatic HTTPS, else where `serve` listens; in demo mode,
// every integration left unset is pointed at a fake provider served on
// this server (Fakes.Mount serves them when it starts).
func resolve(cfg config.Config, tls tlsauto.Config, l Listen) (config.Config, *demo.Fakes) {
	cfg.PublicURL = strings.TrimRight(strings.TrimSpace(cfg.PublicURL), "/")
	if cfg.PublicURL == "" {
		cfg.PublicURL = tls.BaseURL()
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = l.URL()
	}
	if !cfg.Demo {
		return cfg, nil
	}
	fakes, cfg := demo.NewFakes(cfg, cfg.PublicURL)
	return cfg, fakes
}
