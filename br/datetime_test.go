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
		assert.Equal(t, tc.date, Date(ts, tc.loc), "Date in %v", tc.loc)
		assert.Equal(t, tc.dateTm, DateTime(ts, tc.loc), "DateTime in %v", tc.loc)
	}
}

// TestFormatDateUsesZoneRules checks that the real zone rules apply, not a fixed
// offset: São Paulo observed daylight saving time (-02) until 2019.
func TestFormatDateUsesZoneRules(t *testing.T) {
	t.Parallel()
	sp := LoadLocation("")
	assert.Equal(t, "01/12/2018 10:00", DateTime(time.Date(2018, 12, 1, 12, 0, 0, 0, time.UTC), sp))
	assert.Equal(t, "01/12/2026 09:00", DateTime(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), sp))
}

func TestFormatDatePadsAndUses24h(t *testing.T) {
	t.Parallel()
	ts := time.Date(2026, 7, 5, 20, 7, 0, 0, time.UTC) // 17:07 in São Paulo
	assert.Equal(t, "05/07/2026", Date(ts, nil))
	assert.Equal(t, "05/07/2026 17:07", DateTime(ts, nil))
}

func TestWeekdayAndMonthNames(t *testing.T) {
	t.Parallel()
	days := []struct {
		d           time.Weekday
		long, short string
	}{
		{time.Sunday, "domingo", "dom"},
		{time.Monday, "segunda-feira", "seg"},
		{time.Tuesday, "terça-feira", "ter"},
		{time.Wednesday, "quarta-feira", "qua"},
		{time.Thursday, "quinta-feira", "qui"},
		{time.Friday, "sexta-feira", "sex"},
		{time.Saturday, "sábado", "sáb"},
		{time.Weekday(7), "", ""},
		{time.Weekday(-1), "", ""},
	}
	for _, c := range days {
		assert.Equal(t, c.long, Weekday(c.d), "Weekday(%d)", c.d)
		assert.Equal(t, c.short, WeekdayShort(c.d), "WeekdayShort(%d)", c.d)
	}
	months := []struct {
		m    time.Month
		want string
	}{
		{time.January, "janeiro"}, {time.February, "fevereiro"}, {time.March, "março"}, {time.April, "abril"},
		{time.May, "maio"}, {time.June, "junho"}, {time.July, "julho"}, {time.August, "agosto"},
		{time.September, "setembro"}, {time.October, "outubro"}, {time.November, "novembro"}, {time.December, "dezembro"},
		{time.Month(0), ""}, {time.Month(13), ""},
	}
	for _, c := range months {
		assert.Equal(t, c.want, Month(c.m), "Month(%d)", c.m)
	}
}

// TestDatePhrasesInTheShopsZone: 02:30 UTC on 1 March 2026 (a Sunday) is
// still Saturday 28 February in São Paulo and Manaus, already Sunday in
// Noronha and UTC.
func TestDatePhrasesInTheShopsZone(t *testing.T) {
	t.Parallel()
	ts := time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC)
	cases := []struct {
		zone                                                         string
		dayMonth, clock, weekdayDate, weekdayDateTime, short, longDt string
	}{
		{"America/Sao_Paulo", "28/02", "23:30", "sábado, 28/02", "sábado, 28/02 às 23:30", "sáb 28/02 às 23:30", "28 de fevereiro de 2026"},
		{"America/Manaus", "28/02", "22:30", "sábado, 28/02", "sábado, 28/02 às 22:30", "sáb 28/02 às 22:30", "28 de fevereiro de 2026"},
		{"America/Noronha", "01/03", "00:30", "domingo, 01/03", "domingo, 01/03 às 00:30", "dom 01/03 às 00:30", "1º de março de 2026"},
		{"UTC", "01/03", "02:30", "domingo, 01/03", "domingo, 01/03 às 02:30", "dom 01/03 às 02:30", "1º de março de 2026"},
	}
	for _, c := range cases {
		loc := LoadLocation(c.zone)
		assert.Equal(t, c.dayMonth, DayMonth(ts, loc), "DayMonth in %s", c.zone)
		assert.Equal(t, c.clock, Clock(ts, loc), "Clock in %s", c.zone)
		assert.Equal(t, c.weekdayDate, WeekdayDate(ts, loc), "WeekdayDate in %s", c.zone)
		assert.Equal(t, c.weekdayDateTime, WeekdayDateTime(ts, loc), "WeekdayDateTime in %s", c.zone)
		assert.Equal(t, c.short, ShortDateTime(ts, loc), "ShortDateTime in %s", c.zone)
		assert.Equal(t, c.longDt, LongDate(ts, loc), "LongDate in %s", c.zone)
	}
	assert.Equal(t, "sábado, 28/02 às 23:30", WeekdayDateTime(ts, nil), "nil is São Paulo")
}

// TestWhen: from Tuesday 24 November 2026, 14:00 in São Paulo (17:00 UTC).
func TestWhen(t *testing.T) {
	t.Parallel()
	sp := LoadLocation("America/Sao_Paulo")
	now := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC), "hoje às 16:00"},
		{time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), "hoje às 09:00"},   // earlier today
		{time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), "hoje às 09:00"},   // in the past
		{time.Date(2026, 11, 25, 2, 59, 0, 0, time.UTC), "hoje às 23:59"},   // tomorrow in UTC, today here
		{time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), "amanhã às 00:00"},  // midnight here
		{time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), "amanhã às 09:00"}, // Wednesday
		{time.Date(2026, 11, 26, 17, 30, 0, 0, time.UTC), "quinta-feira às 14:30"},
		{time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), "sábado às 09:00"},
		{time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "segunda-feira às 09:00"},    // 6 days ahead
		{time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), "no dia 01/12/2026 às 09:00"}, // a week ahead
		{time.Date(2027, 1, 5, 12, 0, 0, 0, time.UTC), "no dia 05/01/2027 às 09:00"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, When(c.at, now, sp), "When(%v)", c.at)
	}
	// Manaus is an hour behind: 02:30 UTC on the 25th is still the 24th there.
	assert.Equal(t, "hoje às 22:30", When(time.Date(2026, 11, 25, 2, 30, 0, 0, time.UTC), now, LoadLocation("America/Manaus")))
}
