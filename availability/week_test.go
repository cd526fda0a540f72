package availability

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/br"
)

func TestWeekValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		week Week
		err  string // empty: valid
	}{
		{name: "default week", week: DefaultWeek()},
		{name: "all closed", week: Week{}},
		{name: "breaks", week: Week{Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}}},
		{name: "spans out of order", week: Week{Mon: []Span{{"13:00", "18:00"}, {"09:00", "12:00"}}}},
		{name: "touching spans", week: Week{Mon: []Span{{"09:00", "12:00"}, {"12:00", "18:00"}}}},
		{name: "until midnight", week: Week{Mon: []Span{{"18:00", "24:00"}}, Tue: []Span{{"00:00", "02:00"}}}},
		{name: "whole day every day", week: everyDay(Span{"00:00", "24:00"})},
		{name: "late shift before next morning", week: Week{Fri: []Span{{"22:00", "02:00"}}, Sat: []Span{{"02:00", "06:00"}}}},
		{name: "saturday late shift, sunday closed", week: Week{Sat: []Span{{"22:00", "02:00"}}, Mon: []Span{{"00:00", "01:00"}}}},
		{name: "hour 25", week: Week{Mon: []Span{{"09:00", "25:00"}}}, err: "horário inválido em segunda-feira: 25:00"},
		{name: "minute 60", week: Week{Tue: []Span{{"09:60", "18:00"}}}, err: "horário inválido em terça-feira: 09:60"},
		{name: "single digit hour", week: Week{Wed: []Span{{"9:00", "18:00"}}}, err: "horário inválido em quarta-feira: 9:00"},
		{name: "empty from", week: Week{Thu: []Span{{"", "18:00"}}}, err: "horário inválido em quinta-feira: "},
		{name: "letters", week: Week{Fri: []Span{{"09:00", "18h00"}}}, err: "horário inválido em sexta-feira: 18h00"},
		{name: "24:00 as start", week: Week{Sat: []Span{{"24:00", "02:00"}}}, err: "horário inválido em sábado: 24:00"},
		{name: "24:30", week: Week{Sun: []Span{{"20:00", "24:30"}}}, err: "horário inválido em domingo: 24:30"},
		{name: "empty span", week: Week{Mon: []Span{{"09:00", "09:00"}}}, err: "horário vazio em segunda-feira: 09:00–09:00"},
		{name: "overlap same day", week: Week{Mon: []Span{{"13:00", "18:00"}, {"09:00", "13:30"}}},
			err: "horários sobrepostos em segunda-feira: 09:00–13:30 e 13:00–18:00"},
		{name: "same span twice", week: Week{Tue: []Span{{"09:00", "12:00"}, {"09:00", "12:00"}}},
			err: "horários sobrepostos em terça-feira: 09:00–12:00 e 09:00–12:00"},
		{name: "late shift into next morning", week: Week{Mon: []Span{{"22:00", "02:00"}}, Tue: []Span{{"01:00", "05:00"}}},
			err: "horários sobrepostos: segunda-feira 22:00–02:00 e terça-feira 01:00–05:00"},
		{name: "late shift overlapping own day", week: Week{Mon: []Span{{"08:00", "23:00"}, {"22:00", "02:00"}}},
			err: "horários sobrepostos em segunda-feira: 08:00–23:00 e 22:00–02:00"},
		{name: "saturday late shift into sunday", week: Week{Sat: []Span{{"22:00", "02:00"}}, Sun: []Span{{"00:00", "01:00"}}},
			err: "horários sobrepostos: sábado 22:00–02:00 e domingo 00:00–01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.week.Validate()
			if tt.err == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tt.err)
			_, err = NewSchedule(time.UTC, tt.week, nil, nil)
			require.EqualError(t, err, tt.err, "NewSchedule validates the week")
		})
	}
}

func TestWeekJSONRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		week Week
		json string
	}{
		{
			name: "default",
			week: DefaultWeek(),
			json: `{"mon":[{"from":"09:00","to":"18:00"}],"tue":[{"from":"09:00","to":"18:00"}],` +
				`"wed":[{"from":"09:00","to":"18:00"}],"thu":[{"from":"09:00","to":"18:00"}],` +
				`"fri":[{"from":"09:00","to":"18:00"}],"sat":[{"from":"09:00","to":"13:00"}],"sun":[]}`,
		},
		{
			name: "breaks and late shift",
			week: Week{Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}, Fri: []Span{{"22:00", "02:00"}}},
			json: `{"mon":[{"from":"09:00","to":"12:00"},{"from":"13:00","to":"18:00"}],"tue":null,"wed":null,"thu":null,` +
				`"fri":[{"from":"22:00","to":"02:00"}],"sat":null,"sun":null}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(tt.week)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(data))
			var back Week
			require.NoError(t, json.Unmarshal(data, &back))
			assert.Equal(t, tt.week, back)
		})
	}
}

func TestDefaultWeek(t *testing.T) {
	t.Parallel()
	w := DefaultWeek()
	require.NoError(t, w.Validate())
	for d := time.Monday; d <= time.Friday; d++ {
		assert.Equal(t, []Span{{"09:00", "18:00"}}, w.Day(d), br.Weekday(d))
	}
	assert.Equal(t, []Span{{"09:00", "13:00"}}, w.Day(time.Saturday))
	assert.Empty(t, w.Day(time.Sunday))

	// Each call returns fresh slices: editing one tenant's week leaves the next default alone.
	w.Mon[0].From = "08:00"
	assert.Equal(t, "09:00", DefaultWeek().Mon[0].From)
	assert.Equal(t, "09:00", w.Tue[0].From)
}

func TestWeekSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		week Week
		want string
	}{
		{name: "default", week: DefaultWeek(), want: "segunda a sexta: 09:00–18:00; sábado: 09:00–13:00; domingo: fechado"},
		{name: "every day", week: everyDay(Span{"08:00", "20:00"}), want: "segunda a domingo: 08:00–20:00"},
		{name: "closed", week: Week{}, want: "segunda a domingo: fechado"},
		{
			name: "pairs and breaks",
			week: Week{
				Mon: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}}, Tue: []Span{{"09:00", "12:00"}, {"13:00", "18:00"}},
				Wed: []Span{{"09:00", "18:00"}}, Fri: []Span{{"22:00", "02:00"}},
			},
			want: "segunda e terça: 09:00–12:00 e 13:00–18:00; quarta: 09:00–18:00; quinta: fechado; " +
				"sexta: 22:00–02:00; sábado e domingo: fechado",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.week.Summary())
		})
	}
}
