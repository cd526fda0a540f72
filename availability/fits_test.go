package availability

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFits(t *testing.T) {
	t.Parallel()
	sp := zone(t, "America/Sao_Paulo")
	l := func(s string) time.Time { return at(t, sp, s) }
	week := Week{
		Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}},
		Tue: []Span{{"20:00", "24:00"}},
		Wed: []Span{{"00:00", "02:00"}},
	}
	s := schedule(t, sp, week, []string{"2026-12-07"}, []Period{{Start: l("2026-11-30 16:00"), End: l("2026-11-30 17:00")}})
	rules := Rules{SlotLength: 30 * time.Minute, Buffer: 10 * time.Minute, Capacity: 2, Horizon: 7 * 24 * time.Hour}
	now := l("2026-11-30 08:00")
	bookings := []Booking{
		{Start: l("2026-11-30 14:00"), End: l("2026-11-30 14:30")},
		{Start: l("2026-11-30 14:20"), End: l("2026-11-30 15:00")},
		{Start: l("2026-11-30 15:00"), End: l("2026-11-30 15:30"), Units: 2},
	}
	busy := []Period{{Start: l("2026-11-30 17:30"), End: l("2026-11-30 17:45")}}
	tests := []struct {
		name       string
		start, end string
		want       error
	}{
		{name: "free", start: "2026-11-30 13:00", end: "2026-11-30 13:30"},
		{name: "staff may book off the grid and longer", start: "2026-11-30 10:10", end: "2026-11-30 11:55"},
		{name: "exactly until closing", start: "2026-11-30 11:30", end: "2026-11-30 12:00"},
		{name: "one of two benches taken", start: "2026-11-30 13:30", end: "2026-11-30 13:50"},
		{name: "late shift into adjacent span", start: "2026-12-01 23:30", end: "2026-12-02 00:30"},
		{name: "end not after start", start: "2026-11-30 13:00", end: "2026-11-30 13:00", want: ErrInvalidSlot},
		{name: "inside minimum notice", start: "2026-11-30 09:30", end: "2026-11-30 10:00", want: ErrTooSoon},
		{name: "exactly at horizon", start: "2026-12-07 08:00", end: "2026-12-07 08:30", want: ErrBeyondHorizon},
		{name: "year 9999 is beyond the horizon, not too soon", start: "9999-11-29 10:00", end: "9999-11-29 10:30", want: ErrBeyondHorizon},
		{name: "too soon wins over closed", start: "2026-11-30 08:30", end: "2026-11-30 09:30", want: ErrTooSoon},
		{name: "across the break", start: "2026-11-30 11:45", end: "2026-11-30 13:15", want: ErrClosed},
		{name: "past closing", start: "2026-11-30 17:50", end: "2026-11-30 18:20", want: ErrClosed},
		{name: "closed day", start: "2026-12-03 10:00", end: "2026-12-03 10:30", want: ErrClosed},
		{name: "blocked period", start: "2026-11-30 15:50", end: "2026-11-30 16:20", want: ErrClosed},
		{name: "busy period", start: "2026-11-30 17:00", end: "2026-11-30 17:31", want: ErrBusy},
		{name: "both benches taken", start: "2026-11-30 14:25", end: "2026-11-30 14:35", want: ErrFull},
		{name: "buffer after a full booking", start: "2026-11-30 15:35", end: "2026-11-30 15:50", want: ErrFull},
		{name: "after the buffer", start: "2026-11-30 15:40", end: "2026-11-30 15:50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := s.Fits(rules, now, l(tt.start), l(tt.end), bookings, busy)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			assert.ErrorIs(t, fmt.Errorf("bancada: book: %w", err), tt.want, "survives wrapping")
		})
	}
}

func TestFitErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  FitError
		code string
		text string
	}{
		{ErrInvalidSlot, "invalid_slot", "horário inválido: o fim deve ser depois do início"},
		{ErrTooSoon, "too_soon", "horário muito próximo: é preciso agendar com mais antecedência"},
		{ErrBeyondHorizon, "beyond_horizon", "horário muito distante: a agenda ainda não está aberta para essa data"},
		{ErrClosed, "closed", "a loja está fechada nesse horário"},
		{ErrBusy, "busy", "horário indisponível na agenda da loja"},
		{ErrFull, "full", "horário lotado: não há mais vagas"},
		{FitError(0), "unavailable", "horário indisponível"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.text, tt.err.Error())
			assert.Equal(t, tt.code, tt.err.Code())
			var fe FitError
			assert.True(t, errors.As(error(tt.err), &fe))
		})
	}
}
