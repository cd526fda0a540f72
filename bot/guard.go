package bot

import (
	"hash/fnv"
	"strings"
	"time"

	"github.com/bancada/bancada/msgtemplate"
)

// inactive answers for a shop whose subscription lapsed: one neutral
// message per conversation window, nothing else, no Data calls.
func (t *turn) inactive() {
	if t.newWindow() {
		t.say(t.text(msgtemplate.KeyInactive, nil))
	}
}

// silencedForHuman keeps the bot quiet while a person handles the
// conversation, and hands it back to the bot when that is over.
//
// The hand-off timeout counts from the last STAFF activity (or from when a
// person was expected: the hand-off, or the next opening when it was
// queued), not from the customer's messages: a customer writing "alô??"
// to nobody must get the bot back after HandoffTimeout. A paused
// conversation (possible robot) also needs HandoffTimeout of silence from
// the other side, so a looping bot stays ignored while it keeps talking.
func (t *turn) silencedForHuman() bool {
	var deadline time.Time
	switch t.st.Mode {
	case ModeHuman:
		deadline = latest(t.st.HumanFrom, t.st.StaffAt).Add(t.handoffTimeout())
	case ModePaused:
		deadline = latest(t.st.HumanFrom, t.st.StaffAt, t.st.LastIn).Add(t.handoffTimeout())
	default:
		return false
	}
	if t.in.At.Before(deadline) {
		return true
	}
	mode := t.st.Mode
	t.st.ReleaseHuman()
	t.event(EventBackToBot, string(mode))
	return false
}

func latest(ts ...time.Time) time.Time {
	var l time.Time
	for _, t := range ts {
		if t.After(l) {
			l = t
		}
	}
	return l
}

// flooded applies the per-conversation flood limit: more than FloodMax
// messages within FloodWindow get one notice for the whole burst and then
// silence until the rate drops again. Ordinary back-and-forth never gets
// near the limit.
func (t *turn) flooded() bool {
	now := t.in.At.UnixMilli()
	window := t.e.opt.FloodWindow.Milliseconds()
	recent := t.st.Recent[:0]
	for _, ms := range t.st.Recent {
		if now-ms < window && ms <= now {
			recent = append(recent, ms)
		}
	}
	recent = append(recent, now)
	if over := len(recent) - (t.e.opt.FloodMax + 1); over > 0 {
		recent = recent[over:]
	}
	t.st.Recent = recent
	if len(recent) <= t.e.opt.FloodMax {
		t.st.Flooded = false
		return false
	}
	if !t.st.Flooded {
		t.st.Flooded = true
		t.say(t.text(msgtemplate.KeyFlood, nil))
		t.event(EventFlood, "")
	}
	return true
}

// possibleBot stops reply loops with other bots (auto-replies, other
// shops' assistants). An exchange looks automated when the message
// repeats the previous one, reads like a bot's menu or canned answer, or
// arrives less than BotReplyGap after our reply; a repeat counts only
// within a minute of our reply. After BotLoopLimit such
// exchanges in a row the conversation is paused and handed to the staff;
// any human-looking message resets the count.
func (t *turn) possibleBot() bool {
	folded := t.folded()
	h := fnv.New32a()
	h.Write([]byte(folded))
	sum := h.Sum32()
	gap := t.in.At.Sub(t.st.LastOut)
	answered := !t.st.LastOut.IsZero() && gap >= 0
	// A repeat counts only at machine pace: a person re-sending the same
	// question minutes later is impatient, not a robot.
	repeated := len(folded) >= 4 && sum == t.st.LastHash && answered && gap < time.Minute
	t.st.LastHash = sum
	fast := answered && gap < t.e.opt.BotReplyGap
	if !repeated && !fast && !looksLikeBot(t.in.Text, folded) {
		t.st.Auto = 0
		return false
	}
	t.st.Auto++
	if t.st.Auto < t.e.opt.BotLoopLimit {
		return false
	}
	t.st.resetFlow()
	t.st.Mode = ModePaused
	t.st.HumanFrom = t.in.At
	t.st.Auto = 0
	t.res.Handoff = &Handoff{Reason: ReasonPossibleBot}
	t.event(EventPossibleBot, "")
	return true
}

// looksLikeBot spots canned answers and menus: two or more numbered
// option lines, or the phrases auto-replies use.
func looksLikeBot(text, folded string) bool {
	options := 0
	for _, line := range strings.Split(text, "\n") {
		if isOptionLine(line) {
			options++
		}
	}
	if options >= 2 {
		return true
	}
	for _, p := range []string{"digite o numero", "digite a opcao", "digite uma opcao", "escolha uma opcao", "selecione uma opcao",
		"opcao invalida", "mensagem automatica", "resposta automatica", "assistente virtual", "sou um robo", "sou um bot",
		"atendimento automatico", "responda com o numero", "nao entendi sua mensagem", "em breve retornaremos", "retornaremos em breve",
		"agradecemos o seu contato", "agradecemos seu contato", "obrigado por entrar em contato", "nosso horario de atendimento e"} {
		if strings.Contains(folded, p) {
			return true
		}
	}
	return false
}

// isOptionLine reports whether line starts like a menu option: "1 -",
// "2)", "*3*", "4.", "1️⃣".
func isOptionLine(line string) bool {
	s := strings.TrimLeft(strings.TrimSpace(line), "*_ ")
	i := 0
	for i < len(s) && i < 2 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	rest := strings.TrimLeft(s[i:], "*_")
	if strings.HasPrefix(rest, "\uFE0F\u20E3") || strings.HasPrefix(rest, "\u20E3") {
		return true
	}
	if strings.HasPrefix(s[i:], "*") {
		return true
	}
	rest = strings.TrimLeft(rest, " ")
	for _, sep := range []string{"-", ".", ")", "–"} {
		if strings.HasPrefix(rest, sep) {
			return true
		}
	}
	return false
}
