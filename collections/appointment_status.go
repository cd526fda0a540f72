package collections

import "slices"

// appointmentMoves is the appointment state machine: from → allowed
// targets. Cancelled appointments may be booked again (re-checked against
// capacity); done and no-show may be corrected into each other.
var appointmentMoves = map[AppointmentStatusValue][]AppointmentStatusValue{
	AppointmentScheduled: {AppointmentConfirmed, AppointmentCancelled, AppointmentNoShow, AppointmentDone},
	AppointmentConfirmed: {AppointmentScheduled, AppointmentCancelled, AppointmentNoShow, AppointmentDone},
	AppointmentCancelled: {AppointmentScheduled},
	AppointmentNoShow:    {AppointmentDone},
	AppointmentDone:      {AppointmentNoShow},
}

// CanMoveTo reports whether an appointment may go from s to to (staying
// is always allowed).
func (s AppointmentStatusValue) CanMoveTo(to AppointmentStatusValue) bool {
	return s == to || slices.Contains(appointmentMoves[s], to)
}
