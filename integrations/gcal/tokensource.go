package gcal

import (
	"fmt"
	"sync"

	"golang.org/x/oauth2"
)

// PersistingTokenSource wraps base (usually oauth2.Config.TokenSource, which
// refreshes in memory but never persists) and calls save whenever base hands
// out a token different from the last one saved, so a refreshed access token
// (and any rotated refresh token) survives a restart.
//
// If save fails the error is returned (wrapped) and the token is not marked
// as saved: the next call retries the save with the token base has cached,
// without another round trip to Google. Errors from base are returned as is,
// so IsGrantRevoked keeps working on them.
func PersistingTokenSource(base oauth2.TokenSource, save func(*oauth2.Token) error) oauth2.TokenSource {
	return newPersistingSource(base, save, nil)
}

func newPersistingSource(base oauth2.TokenSource, save func(*oauth2.Token) error, last *oauth2.Token) *persistingSource {
	return &persistingSource{base: base, save: save, last: last}
}

type persistingSource struct {
	base oauth2.TokenSource
	save func(*oauth2.Token) error

	mu   sync.Mutex
	last *oauth2.Token
}

// Token returns base's current token, saving it first when it changed.
func (p *persistingSource) Token() (*oauth2.Token, error) {
	t, err := p.base.Token()
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last != nil && t.RefreshToken == "" && p.last.RefreshToken != "" {
		// Never persist a token that lost its refresh token: copy, not mutate
		// base's cached token.
		c := *t
		c.RefreshToken = p.last.RefreshToken
		t = &c
	}
	if p.last != nil && t.AccessToken == p.last.AccessToken && t.RefreshToken == p.last.RefreshToken {
		return t, nil
	}
	if p.save != nil {
		if err := p.save(t); err != nil {
			return nil, fmt.Errorf("gcal: persist token: %w", err)
		}
	}
	p.last = t
	return t, nil
}
