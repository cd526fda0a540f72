package webhooksout

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// SSRF stance: an endpoint URL is chosen by a shop owner, so Bancada must
// not become a way to reach its own network. Registration refuses other
// schemes than https, credentials in the URL, and hosts that are
// loopback, private, link-local (cloud metadata), or internal names; and
// the delivery's dialer refuses those addresses again after DNS
// resolution, so a public name that resolves to 10.0.0.1 (or is re-bound
// later) is refused at connect time. Tests and the demo allow plain http
// to loopback only.

// validateURL checks an endpoint URL and returns it normalised, or a
// message in Portuguese for the owner.
func validateURL(raw string, allowLoopback bool) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", errors.New("Informe um endereço completo, como https://exemplo.com.br/webhook.")
	}
	if u.User != nil {
		return "", errors.New("O endereço não pode conter usuário ou senha.")
	}
	if u.Fragment != "" {
		return "", errors.New("O endereço não pode conter # (fragmento).")
	}
	host := strings.ToLower(u.Hostname())
	loopback := isLoopbackHost(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !(loopback && allowLoopback) {
			return "", errors.New("Use um endereço https://.")
		}
	default:
		return "", errors.New("Use um endereço https://.")
	}
	if loopback {
		if !allowLoopback {
			return "", errors.New("Endereços internos (localhost, redes privadas) não são aceitos.")
		}
		return u.String(), nil
	}
	if addr, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if !publicAddr(addr) {
			return "", errors.New("Endereços internos (localhost, redes privadas) não são aceitos.")
		}
		return u.String(), nil
	}
	if !strings.Contains(host, ".") || internalSuffix(host) {
		return "", errors.New("Endereços internos (localhost, redes privadas) não são aceitos.")
	}
	return u.String(), nil
}

// isLoopbackHost reports whether host names this machine.
func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	addr, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && addr.Unmap().IsLoopback()
}

// internalSuffix reports names that only resolve inside a network.
func internalSuffix(host string) bool {
	for _, s := range []string{".local", ".internal", ".lan", ".home", ".corp", ".intranet"} {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// publicAddr reports whether addr is routable on the internet.
func publicAddr(addr netip.Addr) bool {
	addr = addr.Unmap()
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsMulticast() || addr.IsUnspecified() || addr.IsInterfaceLocalMulticast() {
		return false
	}
	// Carrier-grade NAT (100.64.0.0/10) and other shared ranges.
	for _, p := range []string{"100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "0.0.0.0/8", "240.0.0.0/4"} {
		if netip.MustParsePrefix(p).Contains(addr) {
			return false
		}
	}
	return true
}

// newClient returns the HTTP client of deliveries: its dialer refuses
// non-public addresses after resolution (loopback too, unless allowed),
// and it does not follow redirects (a redirect could point inside).
func newClient(allowLoopback bool) *http.Client {
	dialer := &net.Dialer{
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			addr, err := netip.ParseAddr(host)
			if err != nil {
				return fmt.Errorf("webhooks: unexpected address %q", address)
			}
			if publicAddr(addr) || (allowLoopback && addr.Unmap().IsLoopback()) {
				return nil
			}
			return fmt.Errorf("webhooks: refusing to connect to internal address %s", addr)
		},
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dialer.DialContext(ctx, network, addr)
	}
	return &http.Client{
		Transport: tr,
		Timeout:   deliveryTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
