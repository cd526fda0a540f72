package asaashook

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/asaas"
)

func TestCivilDates(t *testing.T) {
	t.Parallel()
	d := asaas.MustParseDate
	sp, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	// 01:30 UTC on the 25th is still the 24th in São Paulo.
	require.Equal(t, d("2026-11-24"), Today(time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC), sp))
	require.Equal(t, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Civil(d("2026-11-24")))
	require.Equal(t, d("2026-11-24"), CivilOf(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)))
	require.Equal(t, d("2026-11-24"), CivilOf(Civil(d("2026-11-24"))))
	require.True(t, Civil(asaas.Date{}).IsZero())
	require.True(t, CivilOf(time.Time{}).IsZero())
	require.Equal(t, "24/11/2026", FormatCivil(d("2026-11-24")))
	require.Equal(t, "", FormatCivil(asaas.Date{}))
}
