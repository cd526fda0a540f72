// Package bot is the WhatsApp assistant of a repair shop: a stateless
// conversation engine that answers one inbound message at a time.
//
// The glue (package hooks) finds the tenant and the customer, loads the
// conversation's [State], calls [Engine.Handle] with a [Data] bound to that
// one tenant, stores the returned State, queues the replies in the outbox
// and, when [Result.Handoff] is set, flags the conversation for the staff.
// The engine does no I/O of its own besides Data, keeps no memory between
// calls and reads no clock: everything time-related comes from
// [Inbound.At], so a conversation can be replayed exactly (see the
// conversations in testdata/conversas, readable by a shop owner).
//
// What a customer can do: get a quote (orçamento), ask for the status of
// their repair, ask whether a part is in stock, book, cancel or reschedule
// an appointment, and talk to a person. Around that the engine enforces
// the shop's business hours (self-service works around the clock, people
// are "queued" until the next opening), a per-conversation flood limit and
// a guard against endless loops with other bots.
//
// Each shop arranges its assistant through [Settings]: the menu's options
// (built-in ones on or off and in the shop's order, and its own options
// with a fixed answer), FAQ entries matched with the same tolerance as
// the built-in intents, the welcome's tone and what happens out of hours.
// Precedence of a message: a request for a person and "menu"; the shop's
// FAQ and own options' labels; the pending question; the built-in
// intents; "not understood". A shop with zero Settings gets the default
// menu and behaviour.
package bot
