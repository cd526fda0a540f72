// Package history appends rows to an order's history (order_events): one
// per status change, and notes Bancada writes on an order without a status
// change (a warranty return opened from it, a warranty repair charged).
// Nobody writes the history through the API.
package history

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// Add appends one row to the order's history with tx: from → to (the same
// status for a note), who did it and the note. The row's created is at,
// the caller's clock (the app's injected one), so the history, the
// tracking page and the reports agree with every other time the app
// stamps; a zero at leaves PocketBase's wall-clock stamp.
func Add(tx core.App, at time.Time, o *collections.Order, from, to collections.OrderStatus, a audit.Actor, note string) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.OrderEvents)
	if err != nil {
		return err
	}
	ev := core.NewRecord(col)
	ev.Set(collections.OrderEventTenant, o.Tenant())
	ev.Set(collections.OrderEventOrder, o.Id)
	ev.Set(collections.OrderEventFrom, string(from))
	ev.Set(collections.OrderEventTo, string(to))
	if a.UserID != "" && scope.Membership(tx, o.Tenant(), a.UserID) != nil {
		ev.Set(collections.OrderEventActor, a.UserID)
	}
	ev.Set(collections.OrderEventActorLabel, audit.Truncate(a.Label, 120))
	ev.Set(collections.OrderEventNote, audit.Truncate(note, 1000))
	ev.Set(collections.OrderEventIP, a.IP)
	ev.Set(collections.OrderEventUserAgent, a.UserAgent)
	if !at.IsZero() {
		created, err := types.ParseDateTime(at.UTC())
		if err != nil {
			return fmt.Errorf("order event time: %w", err)
		}
		ev.SetRaw(collections.FieldCreated, created)
	}
	if err := tx.Save(ev); err != nil {
		return fmt.Errorf("order event: %w", err)
	}
	return nil
}
