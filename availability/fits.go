package availability

import "time"

// FitError is why an appointment cannot be booked; its Error text is in
// Brazilian Portuguese for the customer or staff, and Code is a stable
// machine-readable name. Compare with errors.Is.
type FitError int

// The reasons Fits rejects an appointment.
const (
	// ErrInvalidSlot means the appointment does not end after it starts.
	ErrInvalidSlot FitError = iota + 1
	// ErrTooSoon means the appointment starts before now plus the minimum notice.
	ErrTooSoon
	// ErrBeyondHorizon means the appointment starts at or after now plus the horizon.
	ErrBeyondHorizon
	// ErrClosed means the appointment is not entirely inside one open period.
	ErrClosed
	// ErrBusy means the appointment overlaps a busy period of the shop.
	ErrBusy
	// ErrFull means existing bookings leave no capacity for the appointment.
	ErrFull
)

// Error returns the reason in Brazilian Portuguese.
func (e FitError) Error() string {
	switch e {
	case ErrInvalidSlot:
		return "horário inválido: o fim deve ser depois do início"
	case ErrTooSoon:
		return "horário muito próximo: é preciso agendar com mais antecedência"
	case ErrBeyondHorizon:
		return "horário muito distante: a agenda ainda não está aberta para essa data"
	case ErrClosed:
		return "a loja está fechada nesse horário"
	case ErrBusy:
		return "horário indisponível na agenda da loja"
	case ErrFull:
		return "horário lotado: não há mais vagas"
	}
	return "horário indisponível"
}

// Code returns a stable English name for APIs and logs ("too_soon").
func (e FitError) Code() string {
	switch e {
	case ErrInvalidSlot:
		return "invalid_slot"
	case ErrTooSoon:
		return "too_soon"
	case ErrBeyondHorizon:
		return "beyond_horizon"
	case ErrClosed:
		return "closed"
	case ErrBusy:
		return "busy"
	case ErrFull:
		return "full"
	}
	return "unavailable"
}

// Fits checks, under the caller's booking lock, that one more appointment
// (one unit) over [start, end) can be booked, applying the same rules as
// FreeSlots except the start grid (staff may book any time, any length). It
// returns nil or a FitError, checked in this order: ErrInvalidSlot,
// ErrTooSoon, ErrBeyondHorizon, ErrClosed, ErrBusy, ErrFull.
func (s *Schedule) Fits(r Rules, now time.Time, start, end time.Time, bookings []Booking, busy []Period) error {
	r = r.WithDefaults()
	if !end.After(start) {
		return ErrInvalidSlot
	}
	// A start beyond the horizon (and past the notice) is refused before
	// converting to nanoseconds: a far date (year 9999) overflows
	// UnixNano and would read as "too soon".
	if late := now.Add(r.Horizon); !start.Before(late) && !start.Before(now.Add(time.Duration(r.notice()))) {
		return ErrBeyondHorizon
	}
	nowNs, st, en := now.UnixNano(), start.UnixNano(), end.UnixNano()
	if st < nowNs+r.notice() {
		return ErrTooSoon
	}
	if st >= nowNs+int64(r.Horizon) {
		return ErrBeyondHorizon
	}
	var spanBuf [16]spanInst
	var openBuf [48]interval
	open := s.openIntervals(s.appendRange(spanBuf[:0], st, en), openBuf[:0])
	if i := covering(open, st); i < 0 || open[i].end < en {
		return ErrClosed
	}
	for _, b := range busy {
		if bs, be := unixNano(b.Start, minInt64), unixNano(b.End, maxInt64); bs < en && st < be && bs < be {
			return ErrBusy
		}
	}
	var scratch [48]step // room for 16 overlapping bookings without allocating
	use := newUsage(bookings, r.Buffer, st, en, scratch[:0])
	if use.maxOver(st, en)+1 > r.Capacity {
		return ErrFull
	}
	return nil
}
