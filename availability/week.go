package availability

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
)

// minutesPerDay is the number of wall-clock minutes in a day; "24:00" parses to it.
const minutesPerDay = 24 * 60

// Span is one stretch of business hours on a weekday, as wall-clock "HH:MM"
// times. To may be "24:00"; a To before From means the span crosses midnight
// into the next day (a 22:00–02:00 late shift).
type Span struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Week is a tenant's weekly business hours. Breaks are the gaps between a
// day's spans; a day without spans is closed.
type Week struct {
	Mon []Span `json:"mon"`
	Tue []Span `json:"tue"`
	Wed []Span `json:"wed"`
	Thu []Span `json:"thu"`
	Fri []Span `json:"fri"`
	Sat []Span `json:"sat"`
	Sun []Span `json:"sun"`
}

// DefaultWeek returns the hours a new shop starts with: Monday to Friday
// 09:00–18:00, Saturday 09:00–13:00, Sunday closed.
func DefaultWeek() Week {
	weekday := func() []Span { return []Span{{From: "09:00", To: "18:00"}} }
	return Week{
		Mon: weekday(),
		Tue: weekday(),
		Wed: weekday(),
		Thu: weekday(),
		Fri: weekday(),
		Sat: []Span{{From: "09:00", To: "13:00"}},
		Sun: []Span{},
	}
}

// Day returns the spans of the given weekday.
func (w Week) Day(d time.Weekday) []Span {
	switch d {
	case time.Monday:
		return w.Mon
	case time.Tuesday:
		return w.Tue
	case time.Wednesday:
		return w.Wed
	case time.Thursday:
		return w.Thu
	case time.Friday:
		return w.Fri
	case time.Saturday:
		return w.Sat
	default:
		return w.Sun
	}
}

// clone returns a copy of the week that shares no slices with w.
func (w Week) clone() Week {
	return Week{
		Mon: slices.Clone(w.Mon), Tue: slices.Clone(w.Tue), Wed: slices.Clone(w.Wed), Thu: slices.Clone(w.Thu),
		Fri: slices.Clone(w.Fri), Sat: slices.Clone(w.Sat), Sun: slices.Clone(w.Sun),
	}
}

// minuteSpan is a parsed Span in minutes from the start of its day; to is
// greater than from and may exceed minutesPerDay for spans crossing midnight.
type minuteSpan struct {
	from, to int
	text     Span // as written, for messages
}

// parsed returns the week's spans per weekday in minutes, sorted by start, or
// the first validation error with a message for the shop owner.
func (w Week) parsed() ([7][]minuteSpan, error) {
	var days [7][]minuteSpan
	for d := time.Sunday; d <= time.Saturday; d++ {
		spans := w.Day(d)
		if len(spans) == 0 {
			continue
		}
		ms := make([]minuteSpan, 0, len(spans))
		for _, sp := range spans {
			from, ok := parseClock(sp.From)
			if !ok || from == minutesPerDay {
				return days, fmt.Errorf("horário inválido em %s: %s", br.Weekday(d), sp.From)
			}
			to, ok := parseClock(sp.To)
			if !ok {
				return days, fmt.Errorf("horário inválido em %s: %s", br.Weekday(d), sp.To)
			}
			if to == from {
				return days, fmt.Errorf("horário vazio em %s: %s–%s", br.Weekday(d), sp.From, sp.To)
			}
			if to < from {
				to += minutesPerDay
			}
			ms = append(ms, minuteSpan{from: from, to: to, text: sp})
		}
		sortMinuteSpans(ms)
		days[d] = ms
	}
	return days, checkOverlaps(days)
}

// sortMinuteSpans sorts a day's few spans by start (insertion sort: days have
// a handful of spans).
func sortMinuteSpans(ms []minuteSpan) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].from < ms[j-1].from; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// checkOverlaps rejects spans that share a minute, within a day or across
// midnight (a late shift running into the next day's hours, Saturday into Sunday
// included).
func checkOverlaps(days [7][]minuteSpan) error {
	const week = 7 * minutesPerDay
	type weekSpan struct {
		day      time.Weekday
		from, to int // minutes from Sunday 00:00
		text     Span
	}
	var all []weekSpan
	for d, ms := range days {
		for _, m := range ms {
			all = append(all, weekSpan{day: time.Weekday(d), from: d*minutesPerDay + m.from, to: d*minutesPerDay + m.to, text: m.text})
		}
	}
	for i, a := range all {
		for _, b := range all[i+1:] {
			// Compare b shifted by a week either way, so Saturday's late shift meets Sunday.
			for _, shift := range [3]int{-week, 0, week} {
				if a.from >= b.to+shift || b.from+shift >= a.to {
					continue
				}
				first, second := a, b
				if b.from+shift < a.from {
					first, second = b, a
				}
				if first.day == second.day {
					return fmt.Errorf("horários sobrepostos em %s: %s e %s", br.Weekday(first.day), spanText(first.text), spanText(second.text))
				}
				return fmt.Errorf("horários sobrepostos: %s %s e %s %s", br.Weekday(first.day), spanText(first.text), br.Weekday(second.day), spanText(second.text))
			}
		}
	}
	return nil
}

// spanText formats a span as the owner wrote it: "22:00–02:00".
func spanText(sp Span) string {
	return sp.From + "–" + sp.To
}

// Validate reports the first problem in the week, in Brazilian Portuguese for
// the shop owner: a time that is not "HH:MM" (00:00–23:59, or 24:00 as an end),
// an empty span, or spans that overlap (also across midnight).
func (w Week) Validate() error {
	_, err := w.parsed()
	return err
}

// parseClock parses "HH:MM" (two digits each) into minutes after midnight,
// accepting "24:00" as minutesPerDay.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range [4]int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	switch {
	case h == 24 && m == 0:
		return minutesPerDay, true
	case h > 23 || m > 59:
		return 0, false
	}
	return h*60 + m, true
}

// Summary describes the week in Brazilian Portuguese for customers, grouping
// consecutive days with the same hours: "segunda a sexta: 09:00–18:00;
// sábado: 09:00–13:00; domingo: fechado". It assumes a valid week.
func (w Week) Summary() string {
	order := [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	short := func(d time.Weekday) string {
		name, _, _ := strings.Cut(br.Weekday(d), "-")
		return name
	}
	hours := func(d time.Weekday) string {
		spans := w.Day(d)
		if len(spans) == 0 {
			return "fechado"
		}
		parts := make([]string, len(spans))
		for i, sp := range spans {
			parts[i] = spanText(sp)
		}
		return strings.Join(parts, " e ")
	}
	var groups []string
	for i := 0; i < len(order); {
		j := i
		h := hours(order[i])
		for j+1 < len(order) && hours(order[j+1]) == h {
			j++
		}
		switch {
		case j == i:
			groups = append(groups, short(order[i])+": "+h)
		case j == i+1:
			groups = append(groups, short(order[i])+" e "+short(order[j])+": "+h)
		default:
			groups = append(groups, short(order[i])+" a "+short(order[j])+": "+h)
		}
		i = j + 1
	}
	return strings.Join(groups, "; ")
}
