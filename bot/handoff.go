package bot

import (
	"time"

	"github.com/bancada/bancada/msgtemplate"
)

// handoff passes the conversation to a person. Outside business hours the
// request is queued until the next opening and the customer is told when.
func (t *turn) handoff(reason string) {
	t.st.resetFlow()
	t.st.Mode = ModeHuman
	t.st.Tries, t.st.Auto = 0, 0
	t.st.StaffAt = time.Time{}
	h := &Handoff{Reason: reason}
	if t.isOpen() {
		t.st.HumanFrom = t.in.At
		t.say(t.text(msgtemplate.KeyHandoff, nil))
	} else {
		next, ok := t.in.Tenant.Hours.NextOpen(t.in.At)
		h.Queued = true
		t.st.HumanFrom = t.in.At
		if ok {
			h.OpensAt = next.UTC()
			t.st.HumanFrom = next.UTC()
		}
		t.say(t.text(msgtemplate.KeyHandoffQueued, map[string]string{msgtemplate.VarRetorno: t.backPhrase(next, ok)}))
	}
	t.res.Handoff = h
	detail := reason
	if h.Queued {
		detail += " (na fila)"
	}
	t.event(EventHandoff, detail)
}
