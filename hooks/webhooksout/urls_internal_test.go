package webhooksout

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SSRF stance: only public https hosts, unless loopback is allowed
// (tests, demo), and then plain http to loopback only.
func TestValidateURL(t *testing.T) {
	t.Parallel()
	internal := "Endereços internos (localhost, redes privadas) não são aceitos."
	cases := []struct {
		url           string
		allowLoopback bool
		want          string // "" = accepted
	}{
		{"https://hooks.example.com/bancada", false, ""},
		{"https://hooks.example.com:8443/x?y=1", false, ""},
		{"https://8.8.8.8/x", false, ""},
		{"http://hooks.example.com/bancada", false, "Use um endereço https://."},
		{"ftp://hooks.example.com/", false, "Use um endereço https://."},
		{"file:///etc/passwd", false, "Informe um endereço completo, como https://exemplo.com.br/webhook."},
		{"javascript:alert(1)", false, "Informe um endereço completo, como https://exemplo.com.br/webhook."},
		{"hooks.example.com", false, "Informe um endereço completo, como https://exemplo.com.br/webhook."},
		{"https://user:pw@hooks.example.com/", false, "O endereço não pode conter usuário ou senha."},
		{"https://localhost/x", false, internal},
		{"https://127.0.0.1/x", false, internal},
		{"https://[::1]/x", false, internal},
		{"https://10.1.2.3/x", false, internal},
		{"https://192.168.0.10/x", false, internal},
		{"https://172.16.5.5/x", false, internal},
		{"https://169.254.169.254/latest/meta-data", false, internal},
		{"https://100.64.1.1/", false, internal},
		{"https://0.0.0.0/", false, internal},
		{"https://[::ffff:10.0.0.1]/", false, internal},
		{"https://[fe80::1]/", false, internal},
		{"https://intranet/x", false, internal},
		{"https://n8n.internal/x", false, internal},
		{"https://printer.local/x", false, internal},
		{"http://127.0.0.1:8080/x", false, "Use um endereço https://."},
		{"http://127.0.0.1:8080/x", true, ""},
		{"http://localhost:8080/x", true, ""},
		{"http://10.0.0.1/x", true, "Use um endereço https://."},
		{"https://10.0.0.1/x", true, internal},
	}
	for _, c := range cases {
		_, err := validateURL(c.url, c.allowLoopback)
		if c.want == "" {
			assert.NoError(t, err, c.url)
			continue
		}
		if assert.Error(t, err, c.url) {
			assert.Equal(t, c.want, err.Error(), c.url)
		}
	}
}

// The delivery client checks the address it connects to, after DNS: a
// name resolving to loopback (or a private network) is refused when
// loopback is not allowed; redirects are not followed.
func TestClientRefusesInternalAddressesAndRedirects(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/go" {
			http.Redirect(w, r, "/inside", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)

	_, err := newClient(false).Get(srv.URL)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to connect to internal address 127.0.0.1")
	// "localhost" is a name: it is resolved, then refused by address.
	_, err = newClient(false).Get("http://localhost:" + srv.URL[len("http://127.0.0.1:"):])
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing to connect to internal address")

	res, err := newClient(true).Get(srv.URL)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	res, err = newClient(true).Get(srv.URL + "/go")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusFound, res.StatusCode, "a redirect is an answer, not followed")
}

// Sign matches a signature computed by hand for a known secret, time and
// body (the value below was computed with openssl:
// printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test).
func TestSignKnownVector(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925", Sign("whsec_test", 1700000000, []byte(`{"id":"evt_1"}`)))
}
