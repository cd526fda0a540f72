package br

import (
	"fmt"
	"time"
	// Embedded zone data, so the single binary shows tenant times correctly
	// on machines without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Dates and times as Brazilians read them, in the shop's time zone. Every
// text a person reads that names a day or an hour is built here, so the
// bot, reminders, receipts and the tracking page say it the same way.
// A nil loc means America/Sao_Paulo.

// DefaultTimeZone is the zone used when a tenant has none or an unknown one.
const DefaultTimeZone = "America/Sao_Paulo"

const (
	dateLayout     = "02/01/2006"
	dateTimeLayout = "02/01/2006 15:04"
	dayMonthLayout = "02/01"
	clockLayout    = "15:04"
)

// LoadLocation returns the named IANA time zone ("America/Manaus"), or
// America/Sao_Paulo when name is empty, unknown or "Local" (the server's zone
// means nothing to a shop).
func LoadLocation(name string) *time.Location {
	if name != "" && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	// Unreachable with the embedded tzdata; Brazil has had no DST since 2019.
	return time.FixedZone("-03", -3*60*60)
}

// Date formats t as "DD/MM/AAAA" in loc: "28/02/2026".
func Date(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(dateLayout)
}

// DateTime formats t as "DD/MM/AAAA HH:MM" in loc: "28/02/2026 23:30".
func DateTime(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(dateTimeLayout)
}

// DayMonth formats t as "DD/MM" in loc: "28/02".
func DayMonth(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(dayMonthLayout)
}

// Clock formats t as "HH:MM" in loc: "09:30".
func Clock(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(clockLayout)
}

var (
	weekdays      = [7]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"}
	weekdaysShort = [7]string{"dom", "seg", "ter", "qua", "qui", "sex", "sáb"}
	months        = [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"}
)

// Weekday names a day of the week: "segunda-feira", "sábado".
func Weekday(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdays[d]
}

// WeekdayShort abbreviates a day of the week: "seg", "sáb".
func WeekdayShort(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdaysShort[d]
}

// Month names a month: "janeiro", "março".
func Month(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return months[m-1]
}

// LongDate writes t's day in full in loc: "1º de março de 2026",
// "28 de fevereiro de 2026".
func LongDate(t time.Time, loc *time.Location) string {
	l := t.In(displayLocation(loc))
	day := fmt.Sprint(l.Day())
	if l.Day() == 1 {
		day = "1º"
	}
	return day + " de " + Month(l.Month()) + " de " + fmt.Sprint(l.Year())
}

// WeekdayDate is the day with its weekday in loc: "terça-feira, 02/12".
func WeekdayDate(t time.Time, loc *time.Location) string {
	l := t.In(displayLocation(loc))
	return Weekday(l.Weekday()) + ", " + l.Format(dayMonthLayout)
}

// WeekdayDateTime is an appointment's moment in loc:
// "terça-feira, 02/12 às 14:30".
func WeekdayDateTime(t time.Time, loc *time.Location) string {
	return WeekdayDate(t, loc) + " às " + Clock(t, loc)
}

// ShortDateTime is a slot in a list, in loc: "ter 02/12 às 14:30".
func ShortDateTime(t time.Time, loc *time.Location) string {
	l := t.In(displayLocation(loc))
	return WeekdayShort(l.Weekday()) + " " + l.Format(dayMonthLayout) + " às " + l.Format(clockLayout)
}

// When says when at is, seen from now, in loc's calendar: "hoje às 14:00",
// "amanhã às 09:00", the weekday within the coming week ("sábado às
// 09:00"), else the date ("no dia 05/01/2027 às 09:00"). A moment already
// past today reads "hoje".
func When(at, now time.Time, loc *time.Location) string {
	loc = displayLocation(loc)
	l, n := at.In(loc), now.In(loc)
	clock := "às " + l.Format(clockLayout)
	switch days := civilDays(l) - civilDays(n); {
	case days <= 0:
		return "hoje " + clock
	case days == 1:
		return "amanhã " + clock
	case days < 7:
		return Weekday(l.Weekday()) + " " + clock
	default:
		return "no dia " + l.Format(dateLayout) + " " + clock
	}
}

// civilDays counts calendar days of t's date, so "amanhã" is right across
// a change of offset.
func civilDays(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

func displayLocation(loc *time.Location) *time.Location {
	if loc == nil {
		return LoadLocation("")
	}
	return loc
}
