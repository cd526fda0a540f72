package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Order event fields.
const (
	OrderEventTenant     = FieldTenant
	OrderEventOrder      = "order"
	OrderEventFrom       = "from"
	OrderEventTo         = "to"
	OrderEventActor      = "actor"
	OrderEventActorLabel = "actor_label"
	OrderEventNote       = "note"
	OrderEventIP         = "ip"
	OrderEventUserAgent  = "user_agent"
)

func defineOrderEvents(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	ordersID, err := idOf(app, Orders)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: OrderEventOrder, CollectionId: ordersID, Required: true, MaxSelect: 1, CascadeDelete: true},
		selectOne(OrderEventFrom, false, stringsOf(OrderStatuses)...),
		selectOne(OrderEventTo, true, stringsOf(OrderStatuses)...),
		relationTo(OrderEventActor, usersID),
		text(OrderEventActorLabel, 120),
		text(OrderEventNote, 1000),
		text(OrderEventIP, 64),
		text(OrderEventUserAgent, 300),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_order_events_tenant_order", false, "tenant, [[order]], created", "")
	// History is written by the orders hook only.
	access{read: RolesAll}.applyTo(c)
	return nil
}

// OrderEvent is a typed proxy of an order_events record: one status change.
type OrderEvent struct{ core.BaseRecordProxy }

// AsOrderEvent wraps an order_events record.
func AsOrderEvent(r *core.Record) *OrderEvent {
	e := &OrderEvent{}
	e.SetProxyRecord(r)
	return e
}

// From is the previous status ("" for the order's creation).
func (e *OrderEvent) From() OrderStatus { return OrderStatus(e.GetString(OrderEventFrom)) }

// To is the new status.
func (e *OrderEvent) To() OrderStatus { return OrderStatus(e.GetString(OrderEventTo)) }

// ActorLabel names who made the change.
func (e *OrderEvent) ActorLabel() string { return e.GetString(OrderEventActorLabel) }

// Note is the change's note.
func (e *OrderEvent) Note() string { return e.GetString(OrderEventNote) }
