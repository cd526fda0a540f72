package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
)

// converse answers a message in bot mode: welcome on a new window, then
// global commands, the pending question, or a new request.
func (t *turn) converse() {
	a := t.e.cls.classifyFolded(t.in.Text, t.folded())
	t.a = a
	if t.outOfHoursHandoff() {
		if t.newWindow() {
			t.st.Tries = 0
			t.say(t.welcomeText())
		}
		t.handoff(ReasonOutOfHours)
		return
	}
	faq := ""
	if a.intent != intentHuman && a.intent != intentMenu {
		faq = t.faqMatch()
	}
	if t.newWindow() {
		t.st.resetFlow()
		t.st.Tries = 0
		t.welcome()
		switch a.intent {
		case intentNone, intentGreeting, intentMenu, intentYes, intentNo, intentBack, intentThanks:
			if faq == "" && (a.number == 0 || strings.TrimSpace(t.in.Text) == "") {
				t.menu()
				if strings.TrimSpace(t.in.Text) == "" {
					t.say(phraseMedia)
				}
				return
			}
		}
	}
	if strings.TrimSpace(t.in.Text) == "" {
		t.say(phraseMedia)
		return
	}
	switch a.intent {
	case intentHuman:
		t.handoff(ReasonRequested)
		return
	case intentMenu:
		t.st.resetFlow()
		t.st.Tries = 0
		t.menu()
		return
	}
	if faq != "" {
		t.st.Tries = 0
		t.custom(faq)
		return
	}
	if t.st.Step != "" && t.step() {
		return
	}
	switch a.intent {
	case intentExit:
		t.st.resetFlow()
		t.st.Tries = 0
		t.say(t.text(msgtemplate.KeyGoodbye, nil))
		return
	case intentBack:
		t.back()
		return
	}
	t.route()
}

// welcome greets a new conversation window, with the out-of-hours notice
// when nobody is at work (a question about the hours gets its own answer
// instead).
func (t *turn) welcome() {
	msg := t.welcomeText()
	if h := t.in.Tenant.Hours; h != nil && !h.IsOpen(t.in.At) && t.a.intent != intentHours {
		next, ok := h.NextOpen(t.in.At)
		msg = lines(msg, t.text(msgtemplate.KeyOutOfHours, map[string]string{msgtemplate.VarRetorno: t.backPhrase(next, ok)}))
		t.st.NoticeAt = t.in.At
	}
	t.say(msg)
	t.preamble = len(t.res.Replies) - 1
}

// backPhrase says when people are back ("segunda-feira às 09:00").
func (t *turn) backPhrase(next time.Time, ok bool) string {
	if !ok {
		return "assim que possível"
	}
	return br.When(next, t.in.At, t.loc)
}

// menu shows the numbered menu (joined to the welcome when there is one).
func (t *turn) menu() {
	t.sayAfterWelcome(lines(t.text(msgtemplate.KeyMenuHeader, nil), t.menuText()))
}

// route starts what a message asks for when no pending question took it.
func (t *turn) route() {
	a := t.a
	if a.number > 0 && a.intent == intentNone {
		t.menuOption(a.number)
		return
	}
	if a.intent != intentNone {
		t.st.Tries = 0
	}
	if act := intentAction(a.intent); act != "" && !t.offers(act) {
		t.notOffered(act)
		return
	}
	switch a.intent {
	case intentQuote:
		t.startQuote()
	case intentStatus:
		t.status()
	case intentStock:
		t.startStock()
	case intentSchedule:
		t.startSchedule(KindVisit, "", "")
	case intentCancel:
		t.startCancel()
	case intentReschedule:
		t.startReschedule()
	case intentHours:
		t.hours()
	case intentGreeting:
		t.st.resetFlow()
		t.say(lines(br.UpperFirst(msgtemplate.Tidy("olá, "+t.firstName()+"! 😊")), t.text(msgtemplate.KeyMenuHeader, nil), t.menuText()))
	case intentThanks:
		t.st.resetFlow()
		t.say(phraseThanks)
	case intentYes, intentNo:
		t.st.resetFlow()
		if a.thanks {
			t.say(phraseThanks)
		} else {
			t.say(phraseOK)
		}
	default:
		t.unrecognised("")
	}
}

// menuOption acts on a menu number typed outside any question.
// The numbers follow the shop's menu as shown.
func (t *turn) menuOption(n int) {
	t.st.resetFlow()
	items := t.menuItems()
	if n > len(items) {
		t.unrecognised("")
		return
	}
	it := items[n-1]
	if it.Action != ActionHuman {
		t.st.Tries = 0
	}
	switch it.Action {
	case ActionQuote:
		t.startQuote()
	case ActionStatus:
		t.status()
	case ActionStock:
		t.startStock()
	case ActionSchedule:
		t.startSchedule(KindVisit, "", "")
	case ActionHuman:
		t.handoff(ReasonRequested)
	case ActionCustom:
		t.custom(it.Answer)
	}
}

// unrecognised handles a message the engine did not understand: the menu
// (or the pending question) again, and a person after MaxUnrecognised
// tries in a row.
func (t *turn) unrecognised(prompt string) {
	t.st.Tries++
	if t.st.Tries >= t.e.opt.MaxUnrecognised {
		t.handoff(ReasonNotUnderstood)
		return
	}
	sorry := t.text(msgtemplate.KeyNotUnderstood, nil)
	if prompt == "" {
		t.st.resetFlow()
		t.sayAfterWelcome(lines(sorry, t.text(msgtemplate.KeyMenuHeader, nil), t.menuText()))
		return
	}
	t.say(lines(sorry, prompt))
}

// back goes to the previous question of a quote, or to the menu.
func (t *turn) back() {
	if q := t.st.Quote; t.st.Flow == flowQuote && q != nil {
		asked := q.Asked
		if t.st.Step != stepOfferBooking && t.st.Step != stepOfferHuman && len(asked) > 0 {
			asked = asked[:len(asked)-1] // the question pending now
		}
		if len(asked) > 0 {
			prev := asked[len(asked)-1]
			q.Asked = asked[:len(asked)-1]
			q.clear(prev)
			t.askNextOrPrice()
			return
		}
	}
	t.st.resetFlow()
	t.st.Tries = 0
	t.menu()
}

// hours says whether the shop is open and, if not, when it opens.
func (t *turn) hours() {
	t.st.resetFlow()
	if t.isOpen() {
		msg := "Estamos abertos agora! 😊"
		if closes, ok := t.closingTime(); ok {
			msg = fmt.Sprintf("Estamos abertos agora, até as %s. 😊", br.Clock(closes, t.loc))
		}
		t.say(msg + " " + phraseMoreHelp)
		return
	}
	next, ok := t.in.Tenant.Hours.NextOpen(t.in.At)
	t.say(lines("Agora estamos fechados. 🕘 Abrimos "+t.backPhrase(next, ok)+".",
		"Mas eu posso ajudar com "+t.selfService()+" a qualquer hora. Digite *menu* para ver as opções."))
}

// closingTime finds when the current open period ends, in 5-minute steps
// over the next 24 hours (Hours only answers "open at t?").
func (t *turn) closingTime() (time.Time, bool) {
	h := t.in.Tenant.Hours
	if h == nil {
		return time.Time{}, false
	}
	start := t.in.At.Truncate(5 * time.Minute)
	for at := start.Add(5 * time.Minute); at.Sub(start) <= 24*time.Hour; at = at.Add(5 * time.Minute) {
		if !h.IsOpen(at) {
			return at, true
		}
	}
	return time.Time{}, false
}

// step offers the message to the pending question; false means the
// message is about something else and should be routed.
func (t *turn) step() bool {
	switch t.st.Step {
	case stepAskType, stepAskBrand, stepAskModel, stepAskProblem:
		return t.quoteStep()
	case stepOfferBooking:
		return t.offerBookingStep()
	case stepOfferHuman:
		return t.offerHumanStep()
	case stepAskPart:
		return t.askPartStep()
	case stepPickSlot:
		return t.pickSlotStep()
	case stepPickAppt:
		return t.pickApptStep()
	case stepConfirmCancel:
		return t.confirmCancelStep()
	}
	return false
}

// interrupts reports whether the message clearly asks for something else
// than the pending question.
func (a *analysis) interrupts() bool {
	switch a.intent {
	case intentExit, intentBack, intentStatus, intentStock, intentSchedule, intentCancel, intentReschedule, intentHours, intentHuman, intentMenu:
		return true
	}
	return false
}

// offerHumanStep handles the answer to "Quer falar com um atendente?".
func (t *turn) offerHumanStep() bool {
	a := t.a
	switch {
	case a.yes && !a.interrupts():
		t.handoff(t.st.Offer)
	case a.no && !a.interrupts():
		t.st.resetFlow()
		t.say(phraseDeclined)
	default:
		return false
	}
	return true
}
