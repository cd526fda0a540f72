package token

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLinkIsAlphanumericAndFresh(t *testing.T) {
	t.Parallel()
	shape := regexp.MustCompile(`^[A-Za-z0-9]{43}$`)
	seen := map[string]bool{}
	used := map[rune]bool{}
	for range 2000 {
		tok := Link()
		require.Regexp(t, shape, tok)
		require.False(t, seen[tok], "no token repeats")
		seen[tok] = true
		for _, r := range tok {
			used[r] = true
		}
	}
	// 86,000 draws from 62 letters: every letter shows up.
	assert.Len(t, used, 62, "the whole alphabet is drawn")
}

func TestHexLengthAndAlphabet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n    int
		want *regexp.Regexp
	}{
		{0, regexp.MustCompile(`^$`)},
		{12, regexp.MustCompile(`^[0-9a-f]{24}$`)},
		{16, regexp.MustCompile(`^[0-9a-f]{32}$`)},
		{32, regexp.MustCompile(`^[0-9a-f]{64}$`)},
	}
	for _, c := range cases {
		assert.Regexp(t, c.want, Hex(c.n), "Hex(%d)", c.n)
	}
	assert.NotEqual(t, Hex(16), Hex(16))
}
