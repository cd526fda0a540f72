// Package audit appends to Bancada's append-only audit log and tracks who
// caused a change (the Actor) as a record travels through hooks.
package audit

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Actor is who caused a change: a staff member through the API, the
// customer on the tracking page, the assistant, or the system. It rides on
// the record being saved (as non-persisted custom data that clients cannot
// set) so model hooks, which have no request, can record it.
type Actor struct {
	UserID    string
	Label     string
	IP        string
	UserAgent string
}

// System is the actor of changes Bancada makes on its own.
var System = Actor{Label: "sistema"}

const actorKey = "@bancada_actor"

// SetActor attaches the actor to a record about to be saved.
func SetActor(r *core.Record, a Actor) { r.SetRaw(actorKey, a) }

// ActorOf returns the actor attached to r, or the system.
func ActorOf(r *core.Record) Actor {
	if a, ok := r.GetRaw(actorKey).(Actor); ok {
		return a
	}
	return System
}

// FromRequest describes the caller of an API request.
func FromRequest(e *core.RequestEvent) Actor {
	a := Actor{IP: e.RealIP(), UserAgent: Truncate(e.Request.UserAgent(), 300)}
	switch {
	case e.Auth == nil:
		a.Label = "anônimo"
	case e.Auth.Collection().Name == collections.Users:
		a.UserID = e.Auth.Id
		a.Label = e.Auth.GetString(collections.UserName)
		if a.Label == "" {
			a.Label = e.Auth.Email()
		}
	default:
		a.Label = "operador " + e.Auth.Email()
	}
	return a
}

// Entry is one line of the audit log.
type Entry struct {
	Tenant     string
	Actor      Actor
	Action     string
	Collection string
	Record     string
	Changes    any
}

// Write appends an entry with app (pass the transaction's app to commit it
// together with the change it describes).
func Write(app core.App, a Entry) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.AuditLog)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.AuditTenant, a.Tenant)
	if a.Actor.UserID != "" {
		r.Set(collections.AuditActor, a.Actor.UserID)
	}
	r.Set(collections.AuditActorLabel, Truncate(a.Actor.Label, 200))
	r.Set(collections.AuditAction, a.Action)
	r.Set(collections.AuditCollection, a.Collection)
	r.Set(collections.AuditRecord, a.Record)
	if a.Changes != nil {
		r.Set(collections.AuditChanges, a.Changes)
	}
	r.Set(collections.AuditIP, a.Actor.IP)
	r.Set(collections.AuditUserAgent, a.Actor.UserAgent)
	if err := app.Save(r); err != nil {
		return fmt.Errorf("audit %s: %w", a.Action, err)
	}
	return nil
}

// Truncate cuts s to n runes.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
