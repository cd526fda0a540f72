package tlsauto

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strings"

	"github.com/caddyserver/certmagic"
)

// Default listen addresses: ACME's HTTP-01 challenge is always asked on
// port 80 and TLS-ALPN-01 on port 443.
const (
	DefaultHTTPAddr  = ":80"
	DefaultHTTPSAddr = ":443"
)

// StorageDirName is the default directory, inside PocketBase's data
// directory, where certificates, keys and the ACME account are kept.
const StorageDirName = ".certmagic"

// Config says which names get certificates and from which ACME CA.
// The zero value turns automatic HTTPS off (see Enabled).
type Config struct {
	// Domains are the platform's own names (e.g. "app.bancada.com.br"),
	// obtained at start and renewed in the background.
	Domains []string
	// Email is given to the CA for expiry notices; optional.
	Email string
	// CA is the ACME directory URL; default Let's Encrypt production.
	CA string
	// CARoot is a PEM file with the root that signs the ACME directory's
	// own HTTPS certificate, for a private ACME CA (pebble, a corporate
	// CA); the system roots stay trusted too.
	CARoot string
	// Storage is the directory for certificates, keys and the ACME
	// account; default <dataDir>/.certmagic (left out of backups).
	Storage string
	// OnDemand issues certificates for other names (shops' own domains)
	// on their first TLS handshake, if the decision function approves.
	OnDemand bool
	// HTTPAddr serves HTTP-01 challenges and redirects to HTTPS;
	// default ":80".
	HTTPAddr string
	// HTTPSAddr serves the app over TLS (and TLS-ALPN-01 challenges);
	// default ":443".
	HTTPSAddr string
}

// Enabled reports whether automatic HTTPS is configured: some platform
// domain, or on-demand certificates.
func (c Config) Enabled() bool { return len(c.Domains) > 0 || c.OnDemand }

// BaseURL returns the public HTTPS URL of the first platform domain
// (with the port when HTTPSAddr is not on 443), or "" without domains.
// main can default BANCADA_PUBLIC_URL to it.
func (c Config) BaseURL() string {
	if len(c.Domains) == 0 {
		return ""
	}
	host := strings.ToLower(strings.TrimSpace(c.Domains[0]))
	addr := c.HTTPSAddr
	if addr == "" {
		addr = DefaultHTTPSAddr
	}
	if _, port, err := net.SplitHostPort(addr); err == nil && port != "" && port != "443" && port != "https" {
		host = net.JoinHostPort(host, port)
	}
	return "https://" + host
}

// SplitDomains parses a list of domains separated by commas or spaces
// (the form of BANCADA_DOMAINS), dropping empty entries.
func SplitDomains(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// normalized returns c with defaults filled in and names lower-cased,
// or an error naming the first invalid setting.
func (c Config) normalized() (Config, error) {
	if c.HTTPAddr == "" {
		c.HTTPAddr = DefaultHTTPAddr
	}
	if c.HTTPSAddr == "" {
		c.HTTPSAddr = DefaultHTTPSAddr
	}
	for _, a := range []string{c.HTTPAddr, c.HTTPSAddr} {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return c, fmt.Errorf("tlsauto: listen address %q: %w", a, err)
		}
	}
	if c.HTTPAddr == c.HTTPSAddr {
		return c, fmt.Errorf("tlsauto: HTTP and HTTPS cannot share the address %q", c.HTTPAddr)
	}
	seen := map[string]bool{}
	domains := make([]string, 0, len(c.Domains))
	for _, d := range c.Domains {
		d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
		if d == "" || seen[d] {
			continue
		}
		if err := checkDomain(d); err != nil {
			return c, err
		}
		seen[d] = true
		domains = append(domains, d)
	}
	c.Domains = domains
	if c.CA != "" {
		u, err := url.Parse(c.CA)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return c, fmt.Errorf("tlsauto: the ACME directory %q must be an https:// URL", c.CA)
		}
	}
	if c.Email != "" {
		if _, err := mail.ParseAddress(c.Email); err != nil {
			return c, fmt.Errorf("tlsauto: ACME e-mail %q: %w", c.Email, err)
		}
	}
	return c, nil
}

// checkDomain refuses what an HTTP-01 or TLS-ALPN-01 certificate cannot
// cover: URLs, ports, wildcards (those need DNS-01) and malformed names.
func checkDomain(d string) error {
	switch {
	case strings.Contains(d, "://"), strings.ContainsAny(d, "/:@"):
		return fmt.Errorf("tlsauto: domain %q: give the bare host name, without scheme, port or path", d)
	case strings.Contains(d, "*"):
		return fmt.Errorf("tlsauto: domain %q: wildcards need the DNS challenge, which is not configured", d)
	case !certmagic.SubjectQualifiesForCert(d) || net.ParseIP(d) != nil || !strings.Contains(d, "."):
		return fmt.Errorf("tlsauto: %q is not a domain name a CA can certify", d)
	}
	return nil
}

// loadRoots returns the system roots plus the certificates of the PEM
// file at path, or nil (system roots only) when path is empty.
func loadRoots(path string) (*x509.CertPool, error) {
	if path == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tlsauto: ACME CA root: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("tlsauto: ACME CA root " + path + " holds no PEM certificate")
	}
	return pool, nil
}
