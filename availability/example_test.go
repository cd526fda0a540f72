package availability_test

import (
	"fmt"
	"time"

	"github.com/bancada/bancada/availability"
)

// The WhatsApp bot answers out of hours with the next opening and offers the
// first free slots, formatted in the tenant's zone.
func Example() {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		panic(err)
	}
	week := availability.DefaultWeek()
	week.Mon = []availability.Span{{From: "09:00", To: "12:00"}, {From: "13:00", To: "18:00"}}
	s, err := availability.NewSchedule(loc, week, []string{"2026-12-25"}, nil)
	if err != nil {
		panic(err)
	}

	now := time.Date(2026, 12, 5, 14, 0, 0, 0, loc) // Saturday afternoon
	if !s.IsOpen(now) {
		next, _ := s.NextOpen(now)
		fmt.Println("abrimos", next.In(loc).Format("02/01 às 15:04"))
	}

	rules := availability.Rules{SlotLength: time.Hour}
	booked := []availability.Booking{{Start: time.Date(2026, 12, 7, 10, 0, 0, 0, loc), End: time.Date(2026, 12, 7, 11, 0, 0, 0, loc)}}
	slots := s.FreeSlots(rules, now, now, time.Time{}, booked, nil)
	for _, sl := range slots[:4] {
		fmt.Println(sl.Start.In(loc).Format("Mon 02/01 15:04"))
	}
	fmt.Println(week.Summary())
	// Output:
	// abrimos 07/12 às 09:00
	// Mon 07/12 09:00
	// Mon 07/12 11:00
	// Mon 07/12 13:00
	// Mon 07/12 14:00
	// segunda: 09:00–12:00 e 13:00–18:00; terça a sexta: 09:00–18:00; sábado: 09:00–13:00; domingo: fechado
}
