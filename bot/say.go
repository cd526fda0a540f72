package bot

import (
	"fmt"
	"strings"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
)

// say queues one WhatsApp message.
func (t *turn) say(msg string) {
	if strings.TrimSpace(msg) != "" {
		t.res.Replies = append(t.res.Replies, msg)
	}
}

// sayAfterWelcome adds msg to the welcome message when that is the last
// one (first contact gets "welcome + menu" as one message), else sends it
// on its own.
func (t *turn) sayAfterWelcome(msg string) {
	if n := len(t.res.Replies); t.preamble >= 0 && t.preamble == n-1 {
		t.res.Replies[n-1] = lines(t.res.Replies[n-1], msg)
		return
	}
	t.say(msg)
}

// text renders the shop's text for key with the standard variables plus
// extra.
func (t *turn) text(key string, extra map[string]string) string {
	return t.render(t.in.Tenant.Texts.Get(key), extra)
}

// render fills a template of the shop's with the standard variables plus
// extra.
func (t *turn) render(tpl string, extra map[string]string) string {
	vars := map[string]string{
		msgtemplate.VarCliente: t.firstName(),
		msgtemplate.VarLoja:    t.in.Tenant.Name,
	}
	for k, v := range extra {
		vars[k] = v
	}
	return msgtemplate.Tidy(msgtemplate.Render(tpl, vars))
}

func (t *turn) firstName() string { return br.FirstName(t.in.Customer.Name) }

// fail reports a Data error: an apology for the customer, an event and an
// error for the glue's log. The flow is reset so the next message starts
// clean.
func (t *turn) fail(op string, err error) {
	t.errs = append(t.errs, fmt.Errorf("bot: %s: %w", op, err))
	t.event(EventDataError, op)
	t.st.resetFlow()
	t.say("Desculpe, tive um problema para consultar isso agora. 😕 Tente de novo em alguns minutos ou " + t.talkHint() + " para falar com um atendente.")
}

// note records an error that did not change what the customer sees.
func (t *turn) note(op string, err error) {
	t.errs = append(t.errs, fmt.Errorf("bot: %s: %w", op, err))
	t.event(EventDataError, op)
}
