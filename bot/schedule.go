package bot

import (
	"errors"
	"fmt"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
)

// startSchedule offers the next free slots for a booking of kind.
func (t *turn) startSchedule(kind, note, intro string) {
	t.st.resetFlow()
	if note == "" && t.a.intent == intentSchedule {
		note = t.a.text
	}
	t.st.Flow, t.st.Kind, t.st.Note = flowSchedule, kind, note
	t.offerSlots(intro)
}

// offerSlots lists the next free slots, numbered, in the shop's zone.
func (t *turn) offerSlots(intro string) {
	slots, err := t.data.FreeSlots(t.ctx, t.in.At, t.slotsOffered())
	if err != nil {
		t.fail("free slots", err)
		return
	}
	if len(slots) == 0 {
		t.st.resetFlow()
		t.st.Step, t.st.Offer = stepOfferHuman, ReasonNoSlots
		t.say(lines(intro, phraseNoSlots, phraseAskHuman))
		return
	}
	header := "Estes são os próximos horários livres:"
	if t.st.Kind == KindDropOff && t.st.Flow == flowSchedule {
		header = "Para deixar o aparelho, estes são os próximos horários livres:"
	}
	rows := []string{intro, header}
	for i, s := range slots {
		rows = append(rows, fmt.Sprintf("*%d* %s", i+1, br.ShortDateTime(s.Start, t.loc)))
	}
	rows = append(rows, phrasePickSlot)
	t.st.Step, t.st.Slots = stepPickSlot, slots
	t.say(lines(rows...))
}

// pickSlotStep takes the number of the chosen slot.
func (t *turn) pickSlotStep() bool {
	a := t.a
	if n := a.number; n >= 1 && n <= len(t.st.Slots) {
		t.book(t.st.Slots[n-1])
		return true
	}
	if a.intent != intentNone && a.intent != intentYes && a.intent != intentNo {
		return false
	}
	t.unrecognised(fmt.Sprintf("Responda com o número do horário, de 1 a %d.", len(t.st.Slots)))
	return true
}

// book books the slot; when it was taken meanwhile it apologises and
// offers fresh slots. A reschedule cancels the old appointment only after
// the new one is booked.
func (t *turn) book(s Slot) {
	kind := t.st.Kind
	if kind == "" {
		kind = KindVisit
	}
	appt, err := t.data.Book(t.ctx, t.in.Customer.ID, s, kind, t.st.Note)
	if errors.Is(err, ErrSlotTaken) {
		t.st.Tries = 0
		t.offerSlots(phraseSlotTaken)
		return
	}
	if err != nil {
		t.fail("book", err)
		return
	}
	t.st.Tries = 0
	start := appt.Start
	if start.IsZero() {
		start = s.Start
	}
	when := br.WeekdayDateTime(start, t.loc)
	var msg string
	if t.st.Flow == flowReschedule && t.st.Target != nil {
		old := *t.st.Target
		if err := t.data.CancelAppointment(t.ctx, t.in.Customer.ID, old.ID); err != nil {
			t.note("cancel rescheduled appointment", err)
			msg = fmt.Sprintf("Seu novo horário está marcado para *%s*, mas não consegui cancelar o anterior (*%s*). Um atendente vai verificar. 🙏",
				when, br.ShortDateTime(old.Start, t.loc))
		} else {
			msg = msgtemplate.Tidy(fmt.Sprintf("Pronto, %s! ✅ Seu horário foi remarcado de *%s* para *%s*.", t.firstName(), br.ShortDateTime(old.Start, t.loc), when))
		}
		t.event(EventRescheduled, br.ShortDateTime(old.Start, t.loc)+" → "+br.ShortDateTime(start, t.loc))
	} else {
		msg = t.text(msgtemplate.KeyBookingConfirmed, map[string]string{msgtemplate.VarData: when})
		t.event(EventBooked, kind+" "+br.ShortDateTime(start, t.loc))
	}
	t.st.resetFlow()
	t.say(lines(msg, phraseChangeAppt))
}

// startCancel finds the appointment to cancel and asks to confirm.
func (t *turn) startCancel() {
	t.st.resetFlow()
	appts, err := t.data.Appointments(t.ctx, t.in.Customer.ID)
	if err != nil {
		t.fail("appointments", err)
		return
	}
	switch len(appts) {
	case 0:
		t.say(phraseNoAppts)
	case 1:
		t.st.Flow, t.st.Step, t.st.Target = flowCancel, stepConfirmCancel, &appts[0]
		t.say(fmt.Sprintf("Você tem horário marcado para *%s*. Confirma o cancelamento? Responda *sim* ou *não*.", br.ShortDateTime(appts[0].Start, t.loc)))
	default:
		t.st.Flow, t.st.Step, t.st.Appts = flowCancel, stepPickAppt, appts
		t.say(t.apptList("Qual horário você quer cancelar?"))
	}
}

// startReschedule finds the appointment to move and offers new slots.
func (t *turn) startReschedule() {
	t.st.resetFlow()
	appts, err := t.data.Appointments(t.ctx, t.in.Customer.ID)
	if err != nil {
		t.fail("appointments", err)
		return
	}
	switch len(appts) {
	case 0:
		t.startSchedule(KindVisit, "", "Você não tem nenhum horário marcado, mas posso agendar um agora.")
	case 1:
		t.reschedule(appts[0])
	default:
		t.st.Flow, t.st.Step, t.st.Appts = flowReschedule, stepPickAppt, appts
		t.say(t.apptList("Qual horário você quer remarcar?"))
	}
}

func (t *turn) reschedule(old Appointment) {
	t.st.resetFlow()
	kind := old.Kind
	if kind == "" {
		kind = KindVisit
	}
	t.st.Flow, t.st.Target, t.st.Kind = flowReschedule, &old, kind
	t.st.Note = "Remarcado de " + br.ShortDateTime(old.Start, t.loc)
	t.offerSlots(fmt.Sprintf("Seu horário atual é *%s*. Vamos escolher o novo:", br.ShortDateTime(old.Start, t.loc)))
}

func (t *turn) apptList(question string) string {
	rows := []string{question}
	for i, a := range t.st.Appts {
		rows = append(rows, fmt.Sprintf("*%d* %s", i+1, br.ShortDateTime(a.Start, t.loc)))
	}
	return lines(append(rows, "Responda com o número.")...)
}

// pickApptStep takes the number of the appointment to cancel or move.
func (t *turn) pickApptStep() bool {
	a := t.a
	if n := a.number; n >= 1 && n <= len(t.st.Appts) {
		chosen := t.st.Appts[n-1]
		if t.st.Flow == flowCancel {
			t.cancel(chosen)
		} else {
			t.reschedule(chosen)
		}
		return true
	}
	if a.intent != intentNone && a.intent != intentYes && a.intent != intentNo {
		return false
	}
	t.unrecognised(fmt.Sprintf("Responda com o número do horário, de 1 a %d.", len(t.st.Appts)))
	return true
}

// confirmCancelStep handles the answer to "Confirma o cancelamento?".
func (t *turn) confirmCancelStep() bool {
	a := t.a
	if t.st.Target == nil {
		return false
	}
	switch {
	case a.intent == intentCancel || a.intent == intentExit && a.has(t.e.cls.lx.w.cancel...) || a.yes && !a.interrupts():
		t.cancel(*t.st.Target)
	case a.no && !a.interrupts():
		kept := br.ShortDateTime(t.st.Target.Start, t.loc)
		t.st.resetFlow()
		t.say(fmt.Sprintf("Tudo certo, seu horário de *%s* continua marcado. 👍", kept))
	case a.interrupts():
		return false
	default:
		t.unrecognised("Responda *sim* para cancelar ou *não* para manter o horário.")
	}
	return true
}

func (t *turn) cancel(appt Appointment) {
	t.st.resetFlow()
	if err := t.data.CancelAppointment(t.ctx, t.in.Customer.ID, appt.ID); err != nil {
		t.fail("cancel appointment", err)
		return
	}
	t.st.Tries = 0
	t.event(EventCancelled, br.ShortDateTime(appt.Start, t.loc))
	t.say(fmt.Sprintf("Pronto, seu horário de *%s* foi cancelado. Se quiser marcar outro, é só mandar *agendar*.", br.ShortDateTime(appt.Start, t.loc)))
}
