package gcal_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bancada/bancada/integrations/gcal"
)

// seqSource hands out the given tokens/errors in order, repeating the last.
type seqSource struct {
	mu    sync.Mutex
	steps []step
	calls int
}

type step struct {
	tok *oauth2.Token
	err error
}

func (s *seqSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	return st.tok, st.err
}

func TestPersistingTokenSource(t *testing.T) {
	t.Parallel()
	a := &oauth2.Token{AccessToken: "a1", RefreshToken: "r1"}
	b := &oauth2.Token{AccessToken: "a2"} // refresh response without refresh token
	c := &oauth2.Token{AccessToken: "a3", RefreshToken: "r2"}
	base := &seqSource{steps: []step{{tok: a}, {tok: a}, {tok: b}, {tok: b}, {tok: c}}}
	var saved []oauth2.Token
	ts := gcal.PersistingTokenSource(base, func(t *oauth2.Token) error {
		saved = append(saved, *t)
		return nil
	})
	for range 5 {
		_, err := ts.Token()
		require.NoError(t, err)
	}
	require.Len(t, saved, 3, "saved once per new token")
	assert.Equal(t, "a1", saved[0].AccessToken)
	assert.Equal(t, "a2", saved[1].AccessToken)
	assert.Equal(t, "r1", saved[1].RefreshToken, "refresh token carried over")
	assert.Empty(t, b.RefreshToken, "base's token not mutated")
	assert.Equal(t, "r2", saved[2].RefreshToken, "a rotated refresh token is saved")
}

func TestPersistingTokenSourceSaveFailureRetries(t *testing.T) {
	t.Parallel()
	tok := &oauth2.Token{AccessToken: "a1", RefreshToken: "r1"}
	base := &seqSource{steps: []step{{tok: tok}}}
	fail := true
	saves := 0
	ts := gcal.PersistingTokenSource(base, func(*oauth2.Token) error {
		saves++
		if fail {
			return errors.New("disk full")
		}
		return nil
	})
	_, err := ts.Token()
	require.ErrorContains(t, err, "disk full")
	fail = false
	got, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "a1", got.AccessToken)
	_, err = ts.Token()
	require.NoError(t, err)
	assert.Equal(t, 2, saves, "retried once, then remembered")
}

func TestPersistingTokenSourceBaseError(t *testing.T) {
	t.Parallel()
	re := &oauth2.RetrieveError{ErrorCode: "invalid_grant"}
	ts := gcal.PersistingTokenSource(&seqSource{steps: []step{{err: re}}}, func(*oauth2.Token) error {
		t.Fatal("nothing to save")
		return nil
	})
	_, err := ts.Token()
	assert.True(t, gcal.IsGrantRevoked(err))
}

func TestPersistingTokenSourceConcurrent(t *testing.T) {
	t.Parallel()
	base := &seqSource{steps: []step{{tok: &oauth2.Token{AccessToken: "a", RefreshToken: "r"}}}}
	var mu sync.Mutex
	saves := 0
	ts := gcal.PersistingTokenSource(base, func(*oauth2.Token) error {
		mu.Lock()
		defer mu.Unlock()
		saves++
		return nil
	})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, err := ts.Token()
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, saves)
}
