package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
)

func weekdayName(d time.Weekday) string {
	switch d {
	case time.Sunday:
		return "domingo"
	case time.Monday:
		return "segunda-feira"
	case time.Tuesday:
		return "terça-feira"
	case time.Wednesday:
		return "quarta-feira"
	case time.Thursday:
		return "quinta-feira"
	case time.Friday:
		return "sexta-feira"
	default:
		return "sábado"
	}
}

func weekdayShort(d time.Weekday) string {
	return [...]string{"dom", "seg", "ter", "qua", "qui", "sex", "sáb"}[d]
}

// slotLabel formats a slot start in the shop's zone: "ter 02/12 às 14:30".
func slotLabel(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return fmt.Sprintf("%s %02d/%02d às %02d:%02d", weekdayShort(l.Weekday()), l.Day(), l.Month(), l.Hour(), l.Minute())
}

// longDateTime formats an appointment: "terça-feira, 02/12 às 14:30".
func longDateTime(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return fmt.Sprintf("%s, %02d/%02d às %02d:%02d", weekdayName(l.Weekday()), l.Day(), l.Month(), l.Hour(), l.Minute())
}

// whenPhrase says when something happens relative to now, in the shop's
// zone: "hoje às 14:00", "amanhã às 09:00", "segunda-feira às 09:00" within
// a week, else "no dia 05/01/2027 às 09:00".
func whenPhrase(at, now time.Time, loc *time.Location) string {
	l, n := at.In(loc), now.In(loc)
	clock := fmt.Sprintf("às %02d:%02d", l.Hour(), l.Minute())
	days := civilDays(l) - civilDays(n)
	switch {
	case days <= 0:
		return "hoje " + clock
	case days == 1:
		return "amanhã " + clock
	case days < 7:
		return weekdayName(l.Weekday()) + " " + clock
	default:
		return "no dia " + br.FormatDate(at, loc) + " " + clock
	}
}

// civilDays counts calendar days, so "tomorrow" is right across DST.
func civilDays(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// lines joins non-empty paragraphs with a single line break.
func lines(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}
