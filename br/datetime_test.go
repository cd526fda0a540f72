package br

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLoadLocation(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", "America/Sao_Paulo"},
		{"America/Sao_Paulo", "America/Sao_Paulo"},
		{"America/Manaus", "America/Manaus"},
		{"America/Noronha", "America/Noronha"},
		{"UTC", "UTC"},
		{"Europe/Lisbon", "Europe/Lisbon"},
		{"Nowhere/Atlantis", "America/Sao_Paulo"},
		{"../../etc/passwd", "America/Sao_Paulo"},
		{"Local", "America/Sao_Paulo"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, LoadLocation(tc.in).String(), "LoadLocation(%q)", tc.in)
	}
}

func TestFormatDate(t *testing.T) {
	t.Parallel()
	// 02:30 UTC on 1 March is still 28 February in Brazil.
	ts := time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC)
	cases := []struct {
		loc          *time.Location
		date, dateTm string
	}{
		{LoadLocation("America/Sao_Paulo"), "28/02/2026", "28/02/2026 23:30"},
		{nil, "28/02/2026", "28/02/2026 23:30"},
		{LoadLocation("America/Manaus"), "28/02/2026", "28/02/2026 22:30"},
		{LoadLocation("America/Noronha"), "01/03/2026", "01/03/2026 00:30"},
		{time.UTC, "01/03/2026", "01/03/2026 02:30"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.date, FormatDate(ts, tc.loc), "FormatDate in %v", tc.loc)
		assert.Equal(t, tc.dateTm, FormatDateTime(ts, tc.loc), "FormatDateTime in %v", tc.loc)
	}
}

// TestFormatDateUsesZoneRules checks that the real zone rules apply, not a fixed
// offset: São Paulo observed daylight saving time (-02) until 2019.
func TestFormatDateUsesZoneRules(t *testing.T) {
	t.Parallel()
	sp := LoadLocation("")
	assert.Equal(t, "01/12/2018 10:00", FormatDateTime(time.Date(2018, 12, 1, 12, 0, 0, 0, time.UTC), sp))
	assert.Equal(t, "01/12/2026 09:00", FormatDateTime(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), sp))
}

func TestFormatDatePadsAndUses24h(t *testing.T) {
	t.Parallel()
	ts := time.Date(2026, 7, 5, 20, 7, 0, 0, time.UTC) // 17:07 in São Paulo
	assert.Equal(t, "05/07/2026", FormatDate(ts, nil))
	assert.Equal(t, "05/07/2026 17:07", FormatDateTime(ts, nil))
}
