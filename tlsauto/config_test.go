package tlsauto

import (
	"crypto/x509"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigNormalized(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      Config
		want    Config
		wantErr string
	}{
		{
			name: "defaults and clean names",
			in:   Config{Domains: []string{" App.Bancada.com.br. ", "app.bancada.com.br", "", "www.bancada.com.br"}},
			want: Config{Domains: []string{"app.bancada.com.br", "www.bancada.com.br"}, HTTPAddr: ":80", HTTPSAddr: ":443"},
		},
		{
			name: "explicit addresses, CA and e-mail kept",
			in:   Config{Domains: []string{"a.example.com"}, CA: "https://acme.corp/dir", Email: "ops@bancada.com.br", HTTPAddr: "127.0.0.1:8080", HTTPSAddr: "127.0.0.1:8443"},
			want: Config{Domains: []string{"a.example.com"}, CA: "https://acme.corp/dir", Email: "ops@bancada.com.br", HTTPAddr: "127.0.0.1:8080", HTTPSAddr: "127.0.0.1:8443"},
		},
		{name: "URL instead of a name", in: Config{Domains: []string{"https://app.bancada.com.br"}}, wantErr: "bare host name"},
		{name: "port in the name", in: Config{Domains: []string{"app.bancada.com.br:443"}}, wantErr: "bare host name"},
		{name: "wildcard", in: Config{Domains: []string{"*.bancada.com.br"}}, wantErr: "DNS challenge"},
		{name: "IP address", in: Config{Domains: []string{"203.0.113.7"}}, wantErr: "not a domain name"},
		{name: "single label", in: Config{Domains: []string{"bancada"}}, wantErr: "not a domain name"},
		{name: "plain-HTTP CA", in: Config{OnDemand: true, CA: "http://acme.corp/dir"}, wantErr: "https:// URL"},
		{name: "bad e-mail", in: Config{OnDemand: true, Email: "ops at bancada"}, wantErr: "e-mail"},
		{name: "bad address", in: Config{OnDemand: true, HTTPSAddr: "443"}, wantErr: "listen address"},
		{name: "same address twice", in: Config{OnDemand: true, HTTPAddr: ":8443", HTTPSAddr: ":8443"}, wantErr: "cannot share"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.in.normalized()
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestConfigEnabledAndBaseURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      Config
		enabled bool
		baseURL string
	}{
		{"zero value is off", Config{}, false, ""},
		{"on-demand only", Config{OnDemand: true}, true, ""},
		{"default port", Config{Domains: []string{"App.Bancada.com.br"}}, true, "https://app.bancada.com.br"},
		{"explicit 443", Config{Domains: []string{"a.example.com"}, HTTPSAddr: "0.0.0.0:443"}, true, "https://a.example.com"},
		{"other port", Config{Domains: []string{"a.example.com"}, HTTPSAddr: ":8443"}, true, "https://a.example.com:8443"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.enabled, tc.in.Enabled())
			assert.Equal(t, tc.baseURL, tc.in.BaseURL())
		})
	}
}

func TestSplitDomains(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"":                              {},
		"app.bancada.com.br":            {"app.bancada.com.br"},
		" a.example.com, b.example.com": {"a.example.com", "b.example.com"},
		"a.example.com b.example.com,,": {"a.example.com", "b.example.com"},
	}
	for in, want := range cases {
		assert.Equal(t, want, SplitDomains(in), "%q", in)
	}
}

func TestLoadRoots(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(nil) // a self-signed server, like a private ACME directory
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	good := filepath.Join(dir, "root.pem")
	require.NoError(t, os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))
	junk := filepath.Join(dir, "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not a certificate"), 0o600))

	pool, err := loadRoots("")
	require.NoError(t, err)
	assert.Nil(t, pool, "no file: the system roots only")

	pool, err = loadRoots(good)
	require.NoError(t, err)
	_, err = srv.Certificate().Verify(x509.VerifyOptions{Roots: pool, DNSName: "example.com"})
	assert.NoError(t, err, "the private root is trusted")

	_, err = loadRoots(junk)
	assert.ErrorContains(t, err, "no PEM certificate")
	_, err = loadRoots(filepath.Join(dir, "missing.pem"))
	assert.ErrorContains(t, err, "ACME CA root")
}
