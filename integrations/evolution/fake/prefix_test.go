package evofake_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// The demo serves the fake under /_fake/evolution/: the control page's
// forms and redirects must stay under that prefix, as a browser follows
// them.
func TestControlPageWorksUnderAPrefix(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	f := evofake.NewHandler(evofake.WithAPIKey("k"))
	mux := http.NewServeMux()
	mux.Handle("/_fake/evolution/", http.StripPrefix("/_fake/evolution", f))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	req, err := http.NewRequest(http.MethodPost, srv.URL+"/_fake/evolution/instance/create",
		strings.NewReader(`{"instanceName":"loja","integration":"WHATSAPP-BAILEYS","qrcode":true,"webhook":{"url":"`+rc.URL+`","events":["CONNECTION_UPDATE"]}}`))
	require.NoError(t, err)
	req.Header.Set("apikey", "k")
	req.Header.Set("Content-Type", "application/json")
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)

	// without the trailing slash the page sends the browser to it
	res, err = srv.Client().Get(srv.URL + "/_fake/evolution/_fake")
	require.NoError(t, err)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	pageURL := res.Request.URL
	assert.Equal(t, "/_fake/evolution/_fake/", pageURL.Path)

	// the scan form, resolved as a browser resolves it
	m := regexp.MustCompile(`<form method="post" action="([^"]+)"><input type="hidden" name="instance" value="loja">\s*Telefone`).FindSubmatch(page)
	require.NotNil(t, m, "the page has the scan form:\n%s", page)
	action, err := url.Parse(string(m[1]))
	require.NoError(t, err)
	target := pageURL.ResolveReference(action)
	assert.Equal(t, "/_fake/evolution/_fake/scan", target.Path)
	res, err = srv.Client().PostForm(target.String(), url.Values{"instance": {"loja"}, "phone": {"5511912345678"}})
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "/_fake/evolution/_fake/", res.Request.URL.Path, "back on the page, under the prefix")
	assert.Equal(t, "open", f.State("loja"))
}
