package bot

import (
	"context"
	"errors"
	"time"

	"github.com/bancada/bancada/br"
)

// Options tune the engine; zero fields take the defaults shown.
type Options struct {
	// FloodMax messages within FloodWindow are fine; one more and the
	// burst gets a single notice, then silence until it ends (5, 10 s).
	FloodMax    int
	FloodWindow time.Duration
	// BotLoopLimit automated-looking exchanges in a row pause the
	// conversation (3). An inbound counts as automated when it repeats
	// the previous one, looks like a bot's menu, or arrives less than
	// BotReplyGap after the message we answered (1 s).
	BotLoopLimit int
	BotReplyGap  time.Duration
	// MaxUnrecognised messages in a row hand the customer to a person (2).
	MaxUnrecognised int
	// HandoffTimeout, SessionTimeout and SlotsOffered apply when the
	// tenant's Settings leave them zero (2 h, 2 h, 5).
	HandoffTimeout time.Duration
	SessionTimeout time.Duration
	SlotsOffered   int
	// PartsLimit is how many stock parts to list (5).
	PartsLimit int
}

func (o Options) withDefaults() Options {
	if o.FloodMax <= 0 {
		o.FloodMax = 5
	}
	if o.FloodWindow <= 0 {
		o.FloodWindow = 10 * time.Second
	}
	if o.BotLoopLimit <= 0 {
		o.BotLoopLimit = 3
	}
	if o.BotReplyGap <= 0 {
		o.BotReplyGap = time.Second
	}
	if o.MaxUnrecognised <= 0 {
		o.MaxUnrecognised = 2
	}
	if o.HandoffTimeout <= 0 {
		o.HandoffTimeout = 2 * time.Hour
	}
	if o.SessionTimeout <= 0 {
		o.SessionTimeout = 2 * time.Hour
	}
	if o.SlotsOffered <= 0 {
		o.SlotsOffered = 5
	}
	if o.PartsLimit <= 0 {
		o.PartsLimit = 5
	}
	return o
}

// Engine answers customers' WhatsApp messages. It holds only options and
// its vocabulary; it is safe for concurrent use by many conversations.
type Engine struct {
	opt Options
	cls *classifier
}

// New returns an Engine with o's options (zero fields take defaults).
func New(o Options) *Engine {
	return &Engine{opt: o.withDefaults(), cls: newClassifier()}
}

// Handle answers one inbound message given the conversation's State and
// the tenant's Data, and returns what to send and the State to store.
//
// Handle never fails because of Data: when a Data call fails it still
// returns a usable Result (an apology to send and a consistent State) and
// a non-nil error to log. Send and store that Result; retrying the same
// message could repeat side effects such as a booking.
func (e *Engine) Handle(ctx context.Context, in Inbound, st State, data Data) (Result, error) {
	st = st.clone()
	st.normalize()
	t := &turn{e: e, ctx: ctx, in: in, data: data, st: st, preamble: -1}
	t.loc = in.Tenant.Location
	if t.loc == nil {
		t.loc = br.LoadLocation("")
	}
	t.run()
	t.st.LastIn = in.At
	if len(t.res.Replies) > 0 {
		t.st.LastOut = in.At
	}
	t.res.State = t.st
	return t.res, errors.Join(t.errs...)
}

// turn is the work of one Handle call.
type turn struct {
	e    *Engine
	ctx  context.Context
	in   Inbound
	data Data
	st   State
	loc  *time.Location
	a    *analysis
	res  Result
	errs []error
	// preamble is the index of the welcome message in res.Replies, or -1.
	preamble int
	fold     *string
	// items is the menu shown this turn (see menuItems).
	items []MenuItem
}

func (t *turn) run() {
	if !t.in.Tenant.Active {
		t.inactive()
		return
	}
	if t.silencedForHuman() || t.flooded() || t.possibleBot() {
		return
	}
	t.converse()
}

func (t *turn) handoffTimeout() time.Duration {
	if d := t.in.Tenant.Settings.HandoffTimeout; d > 0 {
		return d
	}
	return t.e.opt.HandoffTimeout
}

func (t *turn) sessionTimeout() time.Duration {
	if d := t.in.Tenant.Settings.SessionTimeout; d > 0 {
		return d
	}
	return t.e.opt.SessionTimeout
}

func (t *turn) slotsOffered() int {
	if n := t.in.Tenant.Settings.SlotsOffered; n > 0 {
		return n
	}
	return t.e.opt.SlotsOffered
}

// newWindow reports whether this message opens a conversation window: the
// first message ever, or the first after SessionTimeout of silence.
func (t *turn) newWindow() bool {
	return t.st.LastIn.IsZero() || t.in.At.Sub(t.st.LastIn) >= t.sessionTimeout()
}

// isOpen reports whether people are at work now (no Hours: always).
func (t *turn) isOpen() bool {
	h := t.in.Tenant.Hours
	return h == nil || h.IsOpen(t.in.At)
}

// folded is the message folded once per turn (br.Fold is not cheap).
func (t *turn) folded() string {
	if t.fold == nil {
		f := br.Fold(t.e.cls.emoji.Replace(t.in.Text))
		t.fold = &f
	}
	return *t.fold
}

func (t *turn) event(name, detail string) {
	t.res.Events = append(t.res.Events, Event{Name: name, Detail: detail})
}
