package evofake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// route is one Evolution endpoint: /{controller}/{action}[/{instance}].
type route struct {
	method, controller, action string
	// scoped routes carry an instance name and accept its token.
	scoped bool
	h      func(f *Fake, w http.ResponseWriter, r *http.Request, name string, body map[string]any)
}

func routes() []route {
	return []route{
		{http.MethodPost, "instance", "create", false, (*Fake).handleCreate},
		{http.MethodGet, "instance", "fetchInstances", false, (*Fake).handleFetchInstances},
		{http.MethodGet, "instance", "connect", true, (*Fake).handleConnect},
		{http.MethodGet, "instance", "connectionState", true, (*Fake).handleConnectionState},
		{http.MethodDelete, "instance", "logout", true, (*Fake).handleLogout},
		{http.MethodDelete, "instance", "delete", true, (*Fake).handleDelete},
		{http.MethodPost, "instance", "restart", true, (*Fake).handleRestart},
		{http.MethodPost, "message", "sendText", true, (*Fake).handleSendText},
		{http.MethodPost, "chat", "findMessages", true, (*Fake).handleFindMessages},
		{http.MethodPost, "webhook", "set", true, (*Fake).handleSetWebhook},
		{http.MethodGet, "webhook", "find", true, (*Fake).handleFindWebhook},
	}
}

// ServeHTTP answers like Evolution's express app.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") || r.URL.Path == "/_fake" {
		f.serveControl(w, r)
		return
	}
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		dropConnection(w)
		return
	}
	if r.URL.Path == "/" && r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, map[string]any{
			"status": 200, "message": "Welcome to the Evolution API, it is working!", "version": "2.3.6",
			"clientName": "evolution_exchange", "manager": "", "documentation": "https://doc.evolution-api.com",
		})
		return
	}

	segs := pathSegments(r.URL)
	for _, rt := range routes() {
		if r.Method != rt.method || len(segs) < 2 || segs[0] != rt.controller || segs[1] != rt.action {
			continue
		}
		if (rt.scoped && len(segs) != 3) || (!rt.scoped && len(segs) != 2) {
			continue
		}
		name := ""
		if rt.scoped {
			name = segs[2]
		}
		if !f.authorize(w, r, rt, name) {
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		rt.h(f, w, r, name, body)
		return
	}
	writeError(w, http.StatusNotFound, []any{"Cannot " + r.Method + " " + r.URL.RequestURI()})
}

// authorize applies Evolution's guards: the apikey (global, or the
// instance token on instance routes), then the instance must exist.
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request, rt route, name string) bool {
	key := r.Header.Get("apikey")
	if key == "" {
		writeUnauthorized(w)
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if key == f.apiKey {
		if rt.scoped && f.instances[name] == nil {
			writeError(w, http.StatusNotFound, []any{`The "` + name + `" instance does not exist`})
			return false
		}
		return true
	}
	switch {
	case rt.scoped:
		if inst := f.instances[name]; inst != nil && inst.token == key {
			return true
		}
	case rt.action == "fetchInstances":
		for _, inst := range f.instances {
			if inst.token == key {
				return true
			}
		}
	}
	writeUnauthorized(w)
	return false
}

// pathSegments splits the escaped path and unescapes each segment.
func pathSegments(u *url.URL) []string {
	var out []string
	for _, s := range strings.Split(strings.Trim(u.EscapedPath(), "/"), "/") {
		if s == "" {
			continue
		}
		if d, err := url.PathUnescape(s); err == nil {
			s = d
		}
		out = append(out, s)
	}
	return out
}

// readBody parses a JSON body like express.json(): no body is an empty
// object; invalid JSON is body-parser's 400.
func readBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil || len(strings.TrimSpace(string(b))) == 0 {
		return map[string]any{}, true
	}
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		// body-parser's error has a status but no "error" field.
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"status": 400, "error": "Internal Server Error",
			"response": map[string]any{"message": "Unexpected token in JSON: " + err.Error()},
		})
		return nil, false
	}
	return body, true
}

// dropConnection simulates an unreachable server: the connection closes
// without an answer (or a 502 when the connection cannot be hijacked).
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes Evolution's error envelope.
func writeError(w http.ResponseWriter, status int, message any) {
	writeJSON(w, status, map[string]any{
		"status": status, "error": reasonPhrase(status), "response": map[string]any{"message": message},
	})
}

func writeUnauthorized(w http.ResponseWriter) {
	writeError(w, http.StatusUnauthorized, "Unauthorized")
}

func reasonPhrase(status int) string {
	if status == http.StatusInternalServerError {
		return "Internal Server Error"
	}
	return http.StatusText(status)
}

// str reads a string field of a decoded JSON body.
func str(m map[string]any, k string) (string, bool) {
	s, ok := m[k].(string)
	return s, ok
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func object(m map[string]any, k string) (map[string]any, bool) {
	o, ok := m[k].(map[string]any)
	return o, ok
}
