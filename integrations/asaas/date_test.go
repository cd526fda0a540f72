package asaas

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	want := Date{2026, time.February, 2}
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-02-02", want, false},
		{"02/02/2026", want, false},
		{"2026-02-02 15:04:05", want, false},
		{"2026-02-02T15:04:05Z", want, false},
		{"22/11/2024", Date{2024, time.November, 22}, false},
		{"", Date{}, false},
		{"2026-13-01", Date{}, true},
		{"11/22/2024", Date{}, true},
		{"tomorrow", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	var s struct {
		A Date `json:"a"`
		B Date `json:"b"`
		C Date `json:"c"`
		D Date `json:"d"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":"2026-11-29","b":"29/11/2026","c":null,"d":""}`), &s))
	assert.Equal(t, NewDate(2026, 11, 29), s.A)
	assert.Equal(t, s.A, s.B)
	assert.True(t, s.C.IsZero())
	assert.True(t, s.D.IsZero())

	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"2026-11-29","b":"2026-11-29","c":null,"d":null}`, string(b))

	var bad Date
	assert.Error(t, json.Unmarshal([]byte(`"31/31/2026"`), &bad))
	assert.Error(t, json.Unmarshal([]byte(`20261129`), &bad))
}

func TestDateHelpers(t *testing.T) {
	t.Parallel()
	d := MustParseDate("2026-12-31")
	assert.Equal(t, "2027-01-01", d.AddDays(1).String())
	assert.True(t, d.Before(d.AddDays(1)))
	assert.True(t, d.AddDays(1).After(d))
	assert.False(t, d.Before(d))
	assert.Equal(t, "", Date{}.String())
	assert.Equal(t, NewDate(2026, 3, 2), NewDate(2026, 2, 30))
	assert.Equal(t, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), d.Time(nil))
	assert.Panics(t, func() { MustParseDate("x") })

	var txt Date
	require.NoError(t, txt.UnmarshalText([]byte("05/02/2026")))
	out, _ := txt.MarshalText()
	assert.Equal(t, "2026-02-05", string(out))
}

func TestParseDateTime(t *testing.T) {
	t.Parallel()
	got, err := ParseDateTime("2024-06-12 16:45:03")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 6, 12, 19, 45, 3, 0, time.UTC), got)
	_, err = ParseDateTime("12/06/2024")
	assert.Error(t, err)
}
