package bot

import "time"

// StateVersion is the current State layout. Handle starts a fresh
// conversation state when it receives a State from a newer, unknown
// version.
const StateVersion = 1

// Mode says who answers the conversation.
type Mode string

// Conversation modes.
const (
	// ModeBot: the engine answers.
	ModeBot Mode = "bot"
	// ModeHuman: a person handles the conversation; the engine stays
	// silent.
	ModeHuman Mode = "human"
	// ModePaused: the other side looks like a bot; the engine stays
	// silent until the staff release it or the line is quiet for a
	// HandoffTimeout.
	ModePaused Mode = "paused"
)

// Flows and steps of a conversation.
const (
	flowQuote      = "quote"
	flowStock      = "stock"
	flowSchedule   = "schedule"
	flowCancel     = "cancel"
	flowReschedule = "reschedule"

	stepAskType       = "ask_type"
	stepAskBrand      = "ask_brand"
	stepAskModel      = "ask_model"
	stepAskProblem    = "ask_problem"
	stepOfferBooking  = "offer_booking"
	stepOfferHuman    = "offer_human"
	stepAskPart       = "ask_part"
	stepPickSlot      = "pick_slot"
	stepPickAppt      = "pick_appointment"
	stepConfirmCancel = "confirm_cancel"
)

// State is everything the engine remembers about one conversation. The
// glue stores it as JSON on the conversation record and passes it back on
// the next message, so a restart loses nothing. The zero State is a new
// conversation.
type State struct {
	V    int  `json:"v"`
	Mode Mode `json:"mode,omitempty"`

	// Flow and Step say what the engine asked last.
	Flow  string      `json:"flow,omitempty"`
	Step  string      `json:"step,omitempty"`
	Quote *QuoteDraft `json:"quote,omitempty"`
	// Slots offered for booking, Kind and Note of the booking.
	Slots []Slot `json:"slots,omitempty"`
	Kind  string `json:"kind,omitempty"`
	Note  string `json:"note,omitempty"`
	// Appts offered for cancelling or rescheduling; Target is the one
	// chosen.
	Appts  []Appointment `json:"appts,omitempty"`
	Target *Appointment  `json:"target,omitempty"`
	// Offer is the hand-off reason when the engine offered a person and
	// awaits "sim".
	Offer string `json:"offer,omitempty"`
	// Tries counts unrecognised messages in a row.
	Tries int `json:"tries,omitempty"`

	// HumanFrom is when a person was expected to take over (the hand-off
	// time, or the next opening when queued); StaffAt the last message a
	// staff member sent.
	HumanFrom time.Time `json:"humanFrom,omitzero"`
	StaffAt   time.Time `json:"staffAt,omitzero"`

	// Recent holds the latest inbound times (Unix ms) for the flood
	// limit; Flooded is set once the burst notice was sent.
	Recent  []int64 `json:"recent,omitempty"`
	Flooded bool    `json:"flooded,omitempty"`
	// Auto counts automated-looking exchanges in a row; LastHash is a
	// hash of the previous inbound text.
	Auto     int    `json:"auto,omitempty"`
	LastHash uint32 `json:"lastHash,omitempty"`

	// LastIn is the previous inbound message; LastOut the inbound that
	// was last answered (the reply goes out right after it).
	LastIn  time.Time `json:"lastIn,omitzero"`
	LastOut time.Time `json:"lastOut,omitzero"`
	// NoticeAt is when the last out-of-hours notice was sent.
	NoticeAt time.Time `json:"noticeAt,omitzero"`
}

// QuoteDraft collects what a quote needs, one question at a time.
type QuoteDraft struct {
	Type    string `json:"type,omitempty"`
	Brand   string `json:"brand,omitempty"`
	Model   string `json:"model,omitempty"`
	Service string `json:"service,omitempty"`
	Problem string `json:"problem,omitempty"`
	// Asked lists the fields asked so far, for "voltar".
	Asked []string `json:"asked,omitempty"`
}

// unknownValue marks a field the customer said they do not know.
const unknownValue = "?"

// ReleaseHuman hands the conversation back to the bot; the glue calls it
// when the staff close the conversation. The customer's next message
// starts a new window (welcome and menu).
func (s *State) ReleaseHuman() {
	s.Mode = ModeBot
	s.HumanFrom, s.StaffAt = time.Time{}, time.Time{}
	s.resetFlow()
	s.Tries, s.Auto, s.Flooded, s.Recent = 0, 0, false, nil
	s.LastIn = time.Time{}
}

// NoteStaffActivity records that a staff member wrote in the conversation
// at t. If the bot was answering, a person has stepped in: the bot goes
// silent (ModeHuman). Either way the hand-off timeout counts from t.
func (s *State) NoteStaffActivity(t time.Time) {
	s.normalize()
	if s.Mode == ModeBot {
		s.Mode = ModeHuman
		s.HumanFrom = t
		s.resetFlow()
	}
	if t.After(s.StaffAt) {
		s.StaffAt = t
	}
}

// InHuman reports whether a person (or nobody, when paused) is handling
// the conversation, so the bot is silent.
func (s State) InHuman() bool {
	return s.Mode == ModeHuman || s.Mode == ModePaused
}

func (s *State) resetFlow() {
	s.Flow, s.Step, s.Quote = "", "", nil
	s.Slots, s.Kind, s.Note = nil, "", ""
	s.Appts, s.Target, s.Offer = nil, nil, ""
}

// normalize upgrades an old or zero State in place.
func (s *State) normalize() {
	if s.V > StateVersion {
		*s = State{}
	}
	s.V = StateVersion
	if s.Mode == "" {
		s.Mode = ModeBot
	}
}

// clone returns a copy that shares no slices with s, so Handle never
// modifies the caller's State.
func (s State) clone() State {
	c := s
	c.Slots = append([]Slot(nil), s.Slots...)
	c.Appts = append([]Appointment(nil), s.Appts...)
	c.Recent = append([]int64(nil), s.Recent...)
	if s.Quote != nil {
		q := *s.Quote
		q.Asked = append([]string(nil), s.Quote.Asked...)
		c.Quote = &q
	}
	if s.Target != nil {
		a := *s.Target
		c.Target = &a
	}
	return c
}
