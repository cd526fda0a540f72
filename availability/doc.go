// Package availability computes a repair shop's business hours and the free
// appointment slots it can offer. It is pure: no I/O, no database, no clock of
// its own (every method takes the instant it reasons about), so the WhatsApp bot
// and the staff app share exactly the same answers.
//
// # Model
//
// A [Week] holds the weekly business hours as wall-clock [Span]s ("09:00"–"18:00")
// per weekday, stored as-is in the tenant's settings. A span whose To is before
// its From crosses midnight into the next day (a 22:00–02:00 late shift belongs
// to the day it starts). A [Schedule] binds a Week to the tenant's time zone,
// holidays (local dates: a holiday removes the spans that start on that date)
// and blocked periods (absolute instants: vacations, events).
//
// Every instant the package returns is in UTC; the caller formats it in the
// tenant's zone.
//
// # Wall clock and daylight-saving time
//
// A wall-clock time on a local date is resolved to the first instant at which
// the local clock shows that time or later:
//
//   - a time that does not exist (the clocks jumped over it) resolves to the
//     instant of the jump: in America/Sao_Paulo 2018-11-04 00:00 did not exist,
//     so a span 00:00–06:00 that day opens at 01:00 -02 (03:00 UTC) and lasts 5
//     real hours;
//   - a time that happened twice resolves to its first occurrence: on
//     2019-02-16 the clocks went back from 24:00 -02 to 23:00 -03, so a span
//     22:00–24:00 that day lasts 3 real hours (22:00 -02 to 00:00 -03) while a
//     span 18:00–23:30 closes at the first 23:30 (-02).
//
// Brazil's transitions happened at midnight, so a 09:00–18:00 day on
// 2018-11-04, 2019-02-16 or 2019-02-17 is an ordinary 9-hour day. In zones that
// change at 02:00 (America/New_York) only spans covering the change are
// shorter or longer.
//
// Slot starts are wall-clock multiples of [Rules].Step counted from the span's
// From; a start that does not exist is skipped, one that happens twice is
// offered at both instants when both lie inside the span. Slot lengths are
// real elapsed durations, so a slot never has End ≤ Start and no instant is
// returned twice.
package availability
