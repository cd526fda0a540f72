package asaasfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// maxConsecutiveFailures interrupts a webhook queue, as Asaas does.
const maxConsecutiveFailures = 15

// Event is a webhook event the fake generated: the exact body posted (and
// re-posted, with the same id) to the account's webhooks.
type Event struct {
	ID        string
	Type      string
	AccountID string
	Body      []byte
}

type event struct {
	Event
	webhooks []string // ids of the webhooks the event was queued on
}

// Delivery is one POST of an event to a webhook URL and what the receiver
// answered (Status 0 with Err set when it could not be reached). Only HTTP
// 200 counts as delivered.
type Delivery struct {
	EventID   string
	Event     string
	WebhookID string
	URL       string
	Status    int
	Err       error
}

// OK reports whether Asaas would count the delivery as successful.
func (d Delivery) OK() bool { return d.Err == nil && d.Status == http.StatusOK }

// Deliveries are the posts made by one control call, in order.
type Deliveries []Delivery

// Status is the HTTP status of the last post (0 when nothing was posted or
// the receiver was unreachable).
func (ds Deliveries) Status() int {
	if len(ds) == 0 {
		return 0
	}
	return ds[len(ds)-1].Status
}

// StatusOf is the HTTP status of the last post of the given event (0 when
// it was not posted).
func (ds Deliveries) StatusOf(eventID string) int {
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].EventID == eventID {
			return ds[i].Status
		}
	}
	return 0
}

// emit records an event of acc carrying obj under key ("payment" or
// "subscription") and queues it on every enabled webhook subscribed to its
// type. Callers hold s.mu.
func (s *Server) emit(acc *Account, eventType, key string, obj any) *event {
	ev := &event{Event: Event{ID: s.newEventID(), Type: eventType, AccountID: acc.ID}}
	body := map[string]any{
		"id":          ev.ID,
		"event":       eventType,
		"dateCreated": s.nowStamp(),
		"account":     map[string]any{"id": acc.ID, "ownerId": nullable(acc.OwnerID)},
		key:           obj,
	}
	b, err := json.Marshal(body)
	if err != nil {
		panic(fmt.Sprintf("asaasfake: encode event: %v", err)) // only our own maps are encoded
	}
	ev.Body = b
	for _, wh := range acc.webhooks {
		if wh.Enabled && wh.subscribed(eventType) {
			wh.Pending = append(wh.Pending, ev.ID)
			ev.webhooks = append(ev.webhooks, wh.ID)
		}
	}
	s.events[ev.ID] = ev
	s.eventLog = append(s.eventLog, ev)
	return ev
}

func (s *Server) emitPayment(acc *Account, eventType string, p *Payment) *event {
	return s.emit(acc, eventType, "payment", p.render())
}

func (s *Server) emitSubscription(acc *Account, eventType string, sub *Subscription) *event {
	return s.emit(acc, eventType, "subscription", sub.render(s.legacySubscriptionDates()))
}

// job is one post to make.
type job struct {
	webhookID, url, token string
	ev                    *event
}

// DeliverPending posts every queued event to its webhooks, oldest first:
// a SEQUENTIALLY queue stops at its first failure (the failed event blocks
// the following ones), a NON_SEQUENTIALLY queue carries on. Each event is
// tried once per call; interrupted and disabled queues are skipped.
func (s *Server) DeliverPending() Deliveries {
	s.deliverMu.Lock()
	defer s.deliverMu.Unlock()
	tried := map[[2]string]bool{}
	var out Deliveries
	for {
		s.mu.Lock()
		j, ok := s.nextJob(tried)
		s.mu.Unlock()
		if !ok {
			return out
		}
		tried[[2]string{j.webhookID, j.ev.ID}] = true
		out = append(out, s.deliver(j))
	}
}

// nextJob picks the next queued event to post. Callers hold s.mu.
func (s *Server) nextJob(tried map[[2]string]bool) (job, bool) {
	for _, acc := range s.accounts {
		for _, wh := range acc.webhooks {
			if !wh.Enabled || wh.Interrupted {
				continue
			}
			for _, id := range wh.Pending {
				if tried[[2]string{wh.ID, id}] {
					if wh.SendType == "NON_SEQUENTIALLY" {
						continue
					}
					break
				}
				return job{webhookID: wh.ID, url: wh.URL, token: wh.AuthToken, ev: s.events[id]}, true
			}
		}
	}
	return job{}, false
}

// deliver posts one event without holding s.mu (the receiver may call the
// API back) and then settles the queue.
func (s *Server) deliver(j job) Delivery {
	d := Delivery{EventID: j.ev.ID, Event: j.ev.Type, WebhookID: j.webhookID, URL: j.url}
	d.Status, d.Err = s.post(j.url, j.token, j.ev.Body)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliveryLog = append(s.deliveryLog, d)
	wh, ok := s.webhooks[j.webhookID]
	if !ok {
		return d
	}
	if d.OK() {
		wh.Pending = slices.DeleteFunc(wh.Pending, func(id string) bool { return id == j.ev.ID })
		wh.ConsecutiveFailures = 0
		return d
	}
	wh.ConsecutiveFailures++
	if wh.ConsecutiveFailures >= maxConsecutiveFailures {
		wh.Interrupted = true
	}
	return d
}

// post sends body as Asaas does and returns the receiver's status.
func (s *Server) post(url, token string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("asaasfake: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	ua := "Asaas_Hmlg/3.0"
	if s.env == Production {
		ua = "Asaas_Prod/3.0"
	}
	req.Header.Set("User-Agent", ua)
	if token != "" {
		req.Header.Set("asaas-access-token", token)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("asaasfake: post webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// Redeliver posts an already generated event again, with the same id and
// body, to the enabled webhooks it was queued on (as Asaas' retries do, even
// after a success: receivers must be idempotent). A 200 removes it from the
// queue.
func (s *Server) Redeliver(eventID string) (Deliveries, error) {
	s.deliverMu.Lock()
	defer s.deliverMu.Unlock()
	s.mu.Lock()
	ev, ok := s.events[eventID]
	var jobs []job
	if ok {
		for _, id := range ev.webhooks {
			if wh, ok := s.webhooks[id]; ok && wh.Enabled {
				jobs = append(jobs, job{webhookID: wh.ID, url: wh.URL, token: wh.AuthToken, ev: ev})
			}
		}
	}
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("asaasfake: redeliver: %w", errors.New("unknown event "+eventID))
	}
	var out Deliveries
	for _, j := range jobs {
		out = append(out, s.deliver(j))
	}
	return out, nil
}

// PostRaw posts body verbatim to every enabled webhook of acc, with each
// webhook's token, outside the queues (for malformed or hand-written
// events).
func (s *Server) PostRaw(acc *Account, body []byte) Deliveries {
	s.deliverMu.Lock()
	defer s.deliverMu.Unlock()
	var head struct {
		ID    string `json:"id"`
		Event string `json:"event"`
	}
	_ = json.Unmarshal(body, &head)
	s.mu.Lock()
	var targets []Webhook
	for _, wh := range acc.webhooks {
		if wh.Enabled {
			targets = append(targets, *wh)
		}
	}
	s.mu.Unlock()
	var out Deliveries
	for _, wh := range targets {
		d := Delivery{EventID: head.ID, Event: head.Event, WebhookID: wh.ID, URL: wh.URL}
		d.Status, d.Err = s.post(wh.URL, wh.AuthToken, body)
		out = append(out, d)
	}
	s.mu.Lock()
	s.deliveryLog = append(s.deliveryLog, out...)
	s.mu.Unlock()
	return out
}

// Events returns the events generated for acc, oldest first.
func (s *Server) Events(acc *Account) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Event
	for _, ev := range s.eventLog {
		if ev.AccountID == acc.ID {
			c := ev.Event
			c.Body = slices.Clone(ev.Body)
			out = append(out, c)
		}
	}
	return out
}

// DeliveryLog returns every webhook post made so far, in order.
func (s *Server) DeliveryLog() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveryLog)
}
