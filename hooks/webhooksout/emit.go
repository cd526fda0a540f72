package webhooksout

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/outbox"
)

// Event is what a receiver gets as the request body.
type Event struct {
	// ID is the same for every endpoint and every retry or re-send of one
	// event: receivers deduplicate on it.
	ID string `json:"id"`
	// Type is one of collections.WebhookEventTypes (or webhook.test).
	Type string `json:"type"`
	// Created is when the event happened, RFC 3339 in UTC.
	Created string `json:"created"`
	// Tenant is the shop's id.
	Tenant string `json:"tenant"`
	// Data describes the record the event is about.
	Data map[string]any `json:"data"`
}

// payload is the outbox row's payload: the delivery to make.
type payload struct {
	Delivery string `json:"delivery"`
	// Manual deliveries (a test, a re-send) go even to an endpoint that
	// is switched off.
	Manual bool `json:"manual,omitempty"`
}

// endpointRow is the part of an endpoint the emission reads.
type endpointRow struct {
	ID     string `db:"id"`
	Events string `db:"events"`
}

// subscribers returns the ids of the tenant's active endpoints that
// subscribe to eventType. One indexed query; most shops have none.
func subscribers(tx core.App, tenantID, eventType string) ([]string, error) {
	var rows []endpointRow
	err := tx.DB().Select(collections.FieldID, collections.EndpointEvents).From(collections.WebhookEndpoints).
		Where(dbx.HashExp{collections.EndpointTenant: tenantID, collections.EndpointActive: true}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("webhooks: endpoints of %s: %w", tenantID, err)
	}
	var out []string
	for _, r := range rows {
		var events []string
		if json.Unmarshal([]byte(r.Events), &events) == nil && slices.Contains(events, eventType) {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

// listening reports whether the tenant has any active endpoint, so hooks
// that need extra reads to detect an event skip them for most shops.
func listening(tx core.App, tenantID string) bool {
	var n int
	err := tx.DB().Select("COUNT(*)").From(collections.WebhookEndpoints).
		Where(dbx.HashExp{collections.EndpointTenant: tenantID, collections.EndpointActive: true}).
		Limit(1).Row(&n)
	return err != nil || n > 0 // when unsure, look
}

// emit records an event of the tenant and queues one delivery per
// subscribed endpoint, all with tx (the transaction of the change).
func (s *service) emit(tx core.App, tenantID, eventType string, data map[string]any) error {
	if tenantID == "" {
		return nil
	}
	ids, err := subscribers(tx, tenantID, eventType)
	if err != nil || len(ids) == 0 {
		return err
	}
	ev := Event{ID: newEventID(), Type: eventType, Created: s.d.Clock().Format(time.RFC3339), Tenant: tenantID, Data: data}
	for _, endpointID := range ids {
		if _, err := s.queue(tx, endpointID, ev, false); err != nil {
			return err
		}
	}
	return nil
}

// queue writes the delivery row of ev to one endpoint and its outbox row.
func (s *service) queue(tx core.App, endpointID string, ev Event, manual bool) (*core.Record, error) {
	body, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("webhooks: encode %s: %w", ev.Type, err)
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.WebhookDeliveries)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set(collections.DeliveryTenant, ev.Tenant)
	r.Set(collections.DeliveryEndpoint, endpointID)
	r.Set(collections.DeliveryEventID, ev.ID)
	r.Set(collections.DeliveryEventType, ev.Type)
	r.Set(collections.DeliveryBody, types.JSONRaw(body))
	r.Set(collections.DeliveryStatus, collections.DeliveryPending)
	if err := tx.Save(r); err != nil {
		return nil, fmt.Errorf("webhooks: store delivery of %s: %w", ev.Type, err)
	}
	if err := s.enqueue(tx, r, manual, "webhook:"+r.Id); err != nil {
		return nil, err
	}
	return r, nil
}

// enqueue writes the outbox row that delivers the delivery row r. One
// endpoint's deliveries share a lane, so they go one at a time, in order.
func (s *service) enqueue(tx core.App, r *core.Record, manual bool, key string) error {
	_, err := outbox.Enqueue(tx, outbox.Message{
		Tenant: r.GetString(collections.DeliveryTenant), Kind: KindDeliver,
		Lane: "webhook:" + r.GetString(collections.DeliveryEndpoint), Key: key,
		Payload: payload{Delivery: r.Id, Manual: manual},
	})
	if err != nil {
		return fmt.Errorf("webhooks: enqueue delivery %s: %w", r.Id, err)
	}
	return nil
}
