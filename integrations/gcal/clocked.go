package gcal

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// expiryDelta is how long before its expiry a token counts as expired, so
// a token is never sent in its last seconds (oauth2 uses the same margin).
const expiryDelta = 10 * time.Second

// errNoRefreshToken means a stored token expired and cannot be renewed.
var errNoRefreshToken = errors.New("gcal: access token expired and there is no refresh token")

// clockedSource is oauth2's reuse-and-refresh token source with the clock
// made explicit. oauth2 stamps a token's Expiry and judges it with the
// process's real clock; when Bancada runs on an injected clock (tests, the
// demo's fake Google, which expires tokens by the same clock), the two
// would disagree and a token the server considers expired would still be
// sent, earning a 401. Here both the stamp and the judgement use now.
type clockedSource struct {
	ctx  context.Context
	conf *oauth2.Config
	now  func() time.Time

	mu  sync.Mutex
	tok *oauth2.Token
}

// Token returns the cached token while it is valid by s.now, and a
// refreshed one (its expiry restamped by s.now) otherwise. Refresh errors
// are returned as oauth2 returns them, so IsGrantRevoked works on them.
func (s *clockedSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.valid() {
		return s.tok, nil
	}
	refresh := ""
	if s.tok != nil {
		refresh = s.tok.RefreshToken
	}
	if refresh == "" {
		return nil, errNoRefreshToken
	}
	// A source seeded with only the refresh token always refreshes once.
	nt, err := s.conf.TokenSource(s.ctx, &oauth2.Token{RefreshToken: refresh}).Token()
	if err != nil {
		return nil, err
	}
	nt = rebaseExpiry(nt, s.now)
	if nt.RefreshToken == "" {
		nt.RefreshToken = refresh
	}
	s.tok = nt
	return nt, nil
}

// valid reports whether the cached token can be used now.
func (s *clockedSource) valid() bool {
	if s.tok == nil || s.tok.AccessToken == "" {
		return false
	}
	return s.tok.Expiry.IsZero() || s.now().Add(expiryDelta).Before(s.tok.Expiry)
}

// rebaseExpiry returns a copy of tok whose Expiry, which oauth2 computed
// from expires_in on the real clock, is moved onto now's clock: the same
// lifetime, counted from now().
func rebaseExpiry(tok *oauth2.Token, now func() time.Time) *oauth2.Token {
	if tok == nil || tok.Expiry.IsZero() {
		return tok
	}
	c := *tok
	c.Expiry = now().Add(time.Until(tok.Expiry)).Round(time.Second)
	return &c
}
