package dbtime

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	brt := time.FixedZone("-03", -3*60*60)
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 2, 28, 23, 30, 0, 0, brt), "2026-03-01 02:30:00.000Z"},
		{time.Date(2026, 12, 7, 9, 5, 7, 123456789, time.UTC), "2026-12-07 09:05:07.123Z"},
		{time.Date(2027, 1, 1, 0, 0, 0, 999_999_999, time.UTC), "2027-01-01 00:00:00.999Z"},
		{time.Time{}, ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Format(c.in), "Format(%v)", c.in)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	got, err := Parse("2026-03-01 02:30:00.000Z")
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC).Equal(got))
	for _, bad := range []string{"", "2026-03-01T02:30:00Z", "2026-03-01 02:30:00", "ontem"} {
		_, err := Parse(bad)
		assert.Error(t, err, "%q", bad)
	}
}

// TestSameAsPocketBase fails loudly if a PocketBase upgrade changes how
// it stores dates: the string PocketBase writes for a time is Format's.
func TestSameAsPocketBase(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 7, 4, 15, 4, 5, 6_000_000, time.FixedZone("x", 5*60*60))
	dt, err := types.ParseDateTime(at)
	require.NoError(t, err)
	assert.Equal(t, dt.String(), Format(at))
	back, err := Parse(dt.String())
	require.NoError(t, err)
	assert.True(t, at.Equal(back))
}
