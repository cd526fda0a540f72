package ui_test

import (
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/ui"
)

func TestDistFSHoldsTheBuild(t *testing.T) {
	t.Parallel()
	index, err := fs.ReadFile(ui.DistFS(), "index.html")
	require.NoError(t, err)
	assert.Contains(t, string(index), `<div id="app">`)
	assert.Contains(t, string(index), `lang="pt-BR"`)
	js, err := fs.Glob(ui.DistFS(), "assets/index-*.js")
	require.NoError(t, err)
	assert.Len(t, js, 1, "one entry script")
}

func TestHandler(t *testing.T) {
	t.Parallel()
	js, err := fs.Glob(ui.DistFS(), "assets/index-*.js")
	require.NoError(t, err)
	require.NotEmpty(t, js)
	asset := "/" + js[0]

	h := ui.Handler()
	cases := []struct {
		name, method, path, accept string
		status                     int
		contentType, cache, body   string
		gzip                       bool
	}{
		{name: "root is the app", method: "GET", path: "/", status: 200, contentType: "text/html", cache: "no-cache", body: `<div id="app">`},
		{name: "an app route gets index.html", method: "GET", path: "/ordens/abc123", status: 200, contentType: "text/html", cache: "no-cache", body: `<div id="app">`},
		{name: "a hashed asset is cached for good", method: "GET", path: asset, status: 200, contentType: "text/javascript", cache: "immutable"},
		{name: "compressed when accepted", method: "GET", path: asset, accept: "gzip, deflate", status: 200, contentType: "text/javascript", gzip: true},
		{name: "a missing asset is a 404, not HTML", method: "GET", path: "/assets/old-123.js", status: 404},
		{name: "an unknown API route stays JSON", method: "GET", path: "/api/bancada/nada", status: 404, contentType: "application/json", body: `"status":404`},
		{name: "the dashboard prefix is not the app", method: "GET", path: "/_/x", status: 404, contentType: "application/json"},
		{name: "HEAD works", method: "HEAD", path: "/quadro", status: 200, contentType: "text/html"},
		{name: "no writes", method: "POST", path: "/quadro", status: 405},
		{name: "dot segments stay inside", method: "GET", path: "/../../etc/passwd", status: 200, contentType: "text/html", body: `<div id="app">`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tc.method, tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			assert.Equal(t, tc.status, res.StatusCode)
			if tc.contentType != "" {
				assert.Contains(t, res.Header.Get("Content-Type"), tc.contentType)
			}
			if tc.cache != "" {
				assert.Contains(t, res.Header.Get("Cache-Control"), tc.cache)
			}
			body := res.Body
			if tc.gzip {
				require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
				zr, err := gzip.NewReader(res.Body)
				require.NoError(t, err)
				body = zr
			} else {
				assert.Empty(t, res.Header.Get("Content-Encoding"))
			}
			b, err := io.ReadAll(body)
			require.NoError(t, err)
			if tc.body != "" {
				assert.Contains(t, string(b), tc.body)
			}
			if tc.gzip {
				assert.True(t, strings.HasPrefix(string(b), "import") || strings.Contains(string(b), "function"), "decompresses to the script")
			}
		})
	}
}

func TestHandlerRevalidatesWithETag(t *testing.T) {
	t.Parallel()
	h := ui.Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/quadro", nil))
	etag := rec.Header().Get("ETag")
	require.NotEmpty(t, etag)

	req := httptest.NewRequest(http.MethodGet, "/clientes", nil)
	req.Header.Set("If-None-Match", etag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusNotModified, rec.Code, "index.html unchanged: no body again")
}

func TestNewHandlerFollowsAChangingBuild(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{"index.html": {Data: []byte("<p>v1</p>")}}
	h := ui.NewHandler(files)
	get := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/quadro", nil))
		return rec.Body.String()
	}
	assert.Equal(t, "<p>v1</p>", get())
	files["index.html"] = &fstest.MapFile{Data: []byte("<p>v2</p>")}
	assert.Equal(t, "<p>v2</p>", get(), "a rebuilt dist/ is served without a restart")
}
