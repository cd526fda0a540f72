package subscriptions

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/asaas"
)

func TestCivilDates(t *testing.T) {
	t.Parallel()
	d := asaas.MustParseDate
	require.Equal(t, d("2027-02-28"), addMonths(d("2027-01-31"), 1))
	require.Equal(t, d("2028-02-29"), addMonths(d("2028-01-31"), 1))
	require.Equal(t, d("2027-01-15"), addMonths(d("2026-12-15"), 1))
	require.Equal(t, d("2026-12-01"), addMonths(d("2026-11-01"), 1))
	require.Equal(t, 11, daysBetween(d("2026-11-24"), d("2026-12-05")))
	require.Equal(t, -1, daysBetween(d("2026-11-24"), d("2026-11-23")))
	require.Equal(t, d("2026-12-05"), laterOf(d("2026-12-05"), d("2026-12-01")))
	require.Equal(t, d("2026-12-05"), laterOf(asaas.Date{}, d("2026-12-05")))
}

func TestTextsShopsRead(t *testing.T) {
	t.Parallel()
	d := asaas.MustParseDate
	for _, s := range []string{
		overdueReason(d("2026-11-24"), "https://www.asaas.com/i/080225913252"),
		overdueReason(d("2026-11-24"), "https://example.com/"+string(make([]byte, 200))),
		cancelledReason(d("2026-12-01")),
	} {
		require.LessOrEqual(t, len([]rune(s)), 300, s)
	}
	n := overdueNotice("Loja", d("2026-12-01"), d("2026-12-09"), "https://l")
	require.Contains(t, n.Text, "venceu em 01/12/2026")
	require.Contains(t, n.Text, "desativada em 09/12/2026")
}
