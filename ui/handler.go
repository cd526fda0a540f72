package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Handler serves the staff app for every path the API does not own:
//
//   - files of the build (index.html, assets/…); hashed assets are cached
//     for a year, index.html is revalidated on every load so a new
//     release reaches everyone at once;
//   - any other path (/quadro, /ordens/abc…) gets index.html, so the
//     app's own routes work on reload and in shared links;
//   - paths under /api/ and /_/ that no route answered get a PocketBase-
//     shaped JSON 404, never the app's HTML (clients of the API must not
//     receive a web page with status 200);
//   - responses are gzip-compressed when the browser accepts it.
//
// Mount it as the lowest-priority catch-all, e.g. with PocketBase:
//
//	se.Router.GET("/{path...}", apis.WrapStdHandler(ui.Handler()))
func Handler() http.Handler {
	return NewHandler(DistFS())
}

// NewHandler is Handler for another build of the app, such as
// os.DirFS("ui/dist") while developing the UI without rebuilding the binary.
func NewHandler(files fs.FS) http.Handler {
	return newHandler(files)
}

// handler serves one build; encodings and ETags are computed once per file.
type handler struct {
	files fs.FS
	mu    sync.Mutex
	cache map[string]variant
}

func newHandler(files fs.FS) *handler {
	return &handler{files: files, cache: map[string]variant{}}
}

// reservedPrefixes are owned by the API and the operators' dashboard.
var reservedPrefixes = []string{"/api/", "/_/"}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "método não permitido", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	for _, prefix := range reservedPrefixes {
		if strings.HasPrefix(p+"/", prefix) {
			notFoundJSON(w)
			return
		}
	}
	name := strings.TrimPrefix(p, "/")
	body, err := fs.ReadFile(h.files, name)
	switch {
	case name == "" || err != nil:
		if strings.HasPrefix(name, "assets/") {
			// a missing asset is a stale page asking for an old build:
			// HTML here would break it in confusing ways
			http.NotFound(w, r)
			return
		}
		name = "index.html"
		body, err = fs.ReadFile(h.files, name)
		if err != nil {
			http.Error(w, "o app da equipe não foi incluído neste binário", http.StatusNotFound)
			return
		}
		fallthrough
	case name == "index.html":
		w.Header().Set("Cache-Control", "no-cache")
	case strings.HasPrefix(name, "assets/"):
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	if ct := contentType(name); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Add("Vary", "Accept-Encoding")
	v := h.variant(name, body, acceptsGzip(r) && compressible(name))
	if v.gzip {
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("ETag", v.etag)
	// embedded files have no modification time; the ETag answers revalidations
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(v.body))
}

// variant is one encoding of a file, with its ETag.
type variant struct {
	src  []byte // the file it was made from (a DirFS build may change)
	body []byte
	etag string
	gzip bool
}

// variant returns the identity or gzip encoding of a file, computed once
// per content.
func (h *handler) variant(name string, body []byte, gz bool) variant {
	key := name
	if gz {
		key += ".gz"
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if v, ok := h.cache[key]; ok && bytes.Equal(v.src, body) {
		return v
	}
	sum := sha256.Sum256(body)
	v := variant{src: body, body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	if gz {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		v = variant{src: body, body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `-gz"`, gzip: true}
	}
	h.cache[key] = v
	return v
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func compressible(name string) bool {
	switch path.Ext(name) {
	case ".html", ".js", ".css", ".svg", ".json", ".txt", ".map":
		return true
	}
	return false
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	}
	return ""
}

func notFoundJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, `{"status":404,"message":"Rota não encontrada.","data":{}}`)
}
