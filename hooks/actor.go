package hooks

import (
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

const actorKey = "@bancada_actor"

// setActor attaches the actor to a record about to be saved.
func setActor(r *core.Record, a Actor) { r.SetRaw(actorKey, a) }

// actorOf returns the actor attached to r, or the system.
func actorOf(r *core.Record) Actor {
	if a, ok := r.GetRaw(actorKey).(Actor); ok {
		return a
	}
	return Actor{Label: "sistema"}
}

// requestActor describes the caller of an API request.
func requestActor(e *core.RequestEvent) Actor {
	a := Actor{IP: e.RealIP(), UserAgent: truncate(e.Request.UserAgent(), 300)}
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

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
