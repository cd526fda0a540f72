package gcalfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const codeTTL = 10 * time.Minute

type authCode struct {
	redirectURI string
	challenge   string
	scope       string
	expires     time.Time
	used        bool
}

type grant struct {
	scope   string
	revoked bool
}

type accessToken struct {
	refreshToken string
	expires      time.Time
	revoked      bool
}

// handleAuth plays the consent screen: after validating the request it
// redirects at once to redirect_uri with a code (or error=access_denied
// after DenyNext).
func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.opts.ClientID {
		http.Error(w, "Error 401: invalid_client (The OAuth client was not found.)", http.StatusUnauthorized)
		return
	}
	redirect := q.Get("redirect_uri")
	target, err := url.Parse(redirect)
	if redirect == "" || err != nil || !target.IsAbs() ||
		(len(s.opts.RedirectURIs) > 0 && !slices.Contains(s.opts.RedirectURIs, redirect)) {
		http.Error(w, "Error 400: redirect_uri_mismatch", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		u := *target
		v := u.Query()
		for k, vals := range params {
			v[k] = vals
		}
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	invalid := func(desc string) {
		back(url.Values{"error": {"invalid_request"}, "error_description": {desc}})
	}
	switch {
	case q.Get("response_type") != "code":
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	case q.Get("scope") == "":
		invalid("Missing required parameter: scope")
		return
	case q.Get("access_type") != "offline":
		invalid("access_type=offline is required (no refresh token otherwise)")
		return
	case !slices.Contains(strings.Fields(q.Get("prompt")), "consent"):
		invalid("prompt=consent is required (Google only re-issues a refresh token on consent)")
		return
	case q.Get("code_challenge_method") != "S256":
		invalid("code_challenge_method must be S256")
		return
	case len(q.Get("code_challenge")) != 43:
		invalid("Missing or malformed code_challenge")
		return
	}
	s.mu.Lock()
	deny := s.denyNext
	s.denyNext = false
	scope := q.Get("scope")
	if s.grantNext != nil {
		scope = strings.Join(s.grantNext, " ")
		s.grantNext = nil
	}
	code := ""
	if !deny {
		code = "4/fake-" + randomID(40)
		s.codes[code] = &authCode{
			redirectURI: redirect,
			challenge:   q.Get("code_challenge"),
			scope:       scope,
			expires:     s.now().Add(codeTTL),
		}
	}
	s.mu.Unlock()
	if deny {
		back(url.Values{"error": {"access_denied"}})
		return
	}
	back(url.Values{"code": {code}, "scope": {scope}})
}

// handleToken serves the authorization_code (with PKCE) and refresh_token
// grants. Client credentials are accepted in the body or as Basic auth.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenRequests++
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed body")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.opts.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Unauthorized")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, r.PostForm)
	case "refresh_token":
		s.refresh(w, r.PostForm.Get("refresh_token"))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+r.PostForm.Get("grant_type"))
	}
}

func (s *Server) exchangeCode(w http.ResponseWriter, form url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[form.Get("code")]
	switch {
	case !ok || c.used || !s.now().Before(c.expires):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Malformed auth code.")
		return
	case form.Get("redirect_uri") != c.redirectURI:
		oauthError(w, http.StatusBadRequest, "redirect_uri_mismatch", "Bad Request")
		return
	case form.Get("code_verifier") == "":
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Missing code verifier.")
		return
	}
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid code verifier.")
		return
	}
	c.used = true
	refresh := "1//fake-" + randomID(48)
	s.grants[refresh] = &grant{scope: c.scope}
	writeJSON(w, http.StatusOK, s.issueAccessLocked(refresh, true))
}

func (s *Server) refresh(w http.ResponseWriter, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.grants[refresh]
	if !ok || g.revoked {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "Token has been expired or revoked.")
		return
	}
	// Like Google: a new access token, no new refresh token.
	writeJSON(w, http.StatusOK, s.issueAccessLocked(refresh, false))
}

func (s *Server) issueAccessLocked(refresh string, withRefresh bool) map[string]any {
	tok := "ya29.fake-" + randomID(48)
	s.access[tok] = &accessToken{refreshToken: refresh, expires: s.now().Add(s.opts.AccessTokenTTL)}
	out := map[string]any{
		"access_token": tok,
		"expires_in":   int64(s.opts.AccessTokenTTL / time.Second),
		"token_type":   "Bearer",
		"scope":        s.grants[refresh].scope,
	}
	if withRefresh {
		out["refresh_token"] = refresh
	}
	return out
}

// handleRevoke revokes a refresh token (the whole grant) or an access token
// (which, like Google, also revokes its refresh token).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	tok := r.Form.Get("token")
	s.mu.Lock()
	defer s.mu.Unlock()
	refresh := tok
	if at, ok := s.access[tok]; ok {
		refresh = at.refreshToken
	}
	g, ok := s.grants[refresh]
	if !ok || g.revoked {
		oauthError(w, http.StatusBadRequest, "invalid_token", "Token expired or revoked")
		return
	}
	s.revokeLocked(refresh)
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (s *Server) revokeLocked(refresh string) {
	if g, ok := s.grants[refresh]; ok {
		g.revoked = true
	}
	for _, at := range s.access {
		if at.refreshToken == refresh {
			at.revoked = true
		}
	}
}

// DenyNext makes the next authorization request end as if the user clicked
// "Cancel": a redirect with error=access_denied.
func (s *Server) DenyNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denyNext = true
}

// GrantNext makes the user of the next authorization tick only scopes on
// the consent screen (Google's granular consent); the token response's
// "scope" then lists just those.
func (s *Server) GrantNext(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grantNext = append([]string{}, scopes...)
}

// Revoke revokes one refresh token (and its access tokens) as if the user
// removed the app in their Google account. It reports whether it was known.
func (s *Server) Revoke(refreshToken string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.grants[refreshToken]
	s.revokeLocked(refreshToken)
	return ok
}

// RevokeAll revokes every grant issued so far.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for refresh := range s.grants {
		s.revokeLocked(refresh)
	}
}

// ExpireAccessTokens makes every access token issued so far invalid (the
// API answers 401); refresh tokens keep working.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, at := range s.access {
		at.expires = s.now()
	}
}

// TokenRequests counts requests to the token endpoint (exchanges and refreshes).
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}
