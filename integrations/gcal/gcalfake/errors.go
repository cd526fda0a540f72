package gcalfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

type errorItem struct {
	Domain       string `json:"domain"`
	Reason       string `json:"reason"`
	Message      string `json:"message"`
	Location     string `json:"location,omitempty"`
	LocationType string `json:"locationType,omitempty"`
}

type errorBody struct {
	Error struct {
		Code    int         `json:"code"`
		Message string      `json:"message"`
		Errors  []errorItem `json:"errors"`
	} `json:"error"`
}

// writeError answers like the Calendar API does:
// {"error":{"code","message","errors":[{"domain","reason","message"}]}}.
func writeError(w http.ResponseWriter, code int, reason, message string) {
	domain := "global"
	if strings.Contains(reason, "RateLimit") || strings.Contains(reason, "rateLimit") || reason == "quotaExceeded" {
		domain = "usageLimits"
	}
	var b errorBody
	b.Error.Code = code
	b.Error.Message = message
	item := errorItem{Domain: domain, Reason: reason, Message: message}
	if code == http.StatusUnauthorized {
		item.Location, item.LocationType = "Authorization", "header"
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
	}
	b.Error.Errors = []errorItem{item}
	writeJSON(w, code, b)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// oauthError answers like Google's token and revoke endpoints.
func oauthError(w http.ResponseWriter, code int, errCode, description string) {
	writeJSON(w, code, map[string]string{"error": errCode, "error_description": description})
}

type failure struct {
	status int
	reason string
}

// FailNext makes the next n Calendar API requests (not OAuth ones) fail with
// status and reason (e.g. 403 "rateLimitExceeded", 503 "backendError"),
// before any other check.
func (s *Server) FailNext(n, status int, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, failure{status: status, reason: reason})
	}
}

func defaultMessage(status int, reason string) string {
	switch reason {
	case "rateLimitExceeded":
		return "Rate Limit Exceeded"
	case "userRateLimitExceeded":
		return "User Rate Limit Exceeded"
	case "fullSyncRequired":
		return "Sync token is no longer valid, a full sync is required."
	case "backendError":
		return "Backend Error"
	}
	return http.StatusText(status)
}

// apiMiddleware injects queued failures, then checks the bearer token.
func (s *Server) apiMiddleware(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		var f *failure
		if len(s.failures) > 0 {
			f = &s.failures[0]
			s.failures = s.failures[1:]
		}
		s.mu.Unlock()
		if f != nil {
			writeError(w, f.status, f.reason, defaultMessage(f.status, f.reason))
			return
		}
		if !s.validAccessToken(r.Header.Get("Authorization")) {
			writeError(w, http.StatusUnauthorized, "authError",
				"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
			return
		}
		next(w, r)
	}
}

func (s *Server) validAccessToken(header string) bool {
	tok, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || tok == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.access[tok]
	if !ok || at.revoked || !s.now().Before(at.expires) {
		return false
	}
	g := s.grants[at.refreshToken]
	return g != nil && !g.revoked
}

func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
