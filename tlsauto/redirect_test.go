package tlsauto

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedirectToHTTPS(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, method, host, target string
		httpsPort                  int
		code                       int
		location                   string
	}{
		{"GET on the default port", http.MethodGet, "app.bancada.com.br", "/api/health?x=1", 443, http.StatusMovedPermanently, "https://app.bancada.com.br/api/health?x=1"},
		{"port of the request dropped", http.MethodHead, "app.bancada.com.br:80", "/", 443, http.StatusMovedPermanently, "https://app.bancada.com.br/"},
		{"non-default HTTPS port kept", http.MethodGet, "loja.example.com:8080", "/rastreio/abc", 8443, http.StatusMovedPermanently, "https://loja.example.com:8443/rastreio/abc"},
		{"POST keeps its method", http.MethodPost, "app.bancada.com.br", "/api/webhooks/asaas", 443, http.StatusPermanentRedirect, "https://app.bancada.com.br/api/webhooks/asaas"},
		{"IPv6 host", http.MethodGet, "[2001:db8::1]:80", "/", 443, http.StatusMovedPermanently, "https://[2001:db8::1]/"},
		{"no host", http.MethodGet, "", "/", 443, http.StatusBadRequest, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tc.method, "http://placeholder"+tc.target, nil)
			r.Host = tc.host
			w := httptest.NewRecorder()
			redirectToHTTPS(tc.httpsPort).ServeHTTP(w, r)
			assert.Equal(t, tc.code, w.Code)
			assert.Equal(t, tc.location, w.Header().Get("Location"))
		})
	}
}
