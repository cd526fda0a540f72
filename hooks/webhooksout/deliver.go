package webhooksout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/outbox"
	"github.com/bancada/bancada/retry"
)

// retryAfter is the wait after each failed attempt (the Svix schedule):
// eight attempts over about 27 hours, so a receiver down for a night
// still gets its events; then the delivery is given up (dead letter).
var retryAfter = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour,
}

// failed wraps err with the wait before the next attempt.
func failed(err error, attempt int) error {
	return retry.After(err, retryAfter[min(max(attempt, 1), len(retryAfter))-1])
}

// retryAfterHeader reads a receiver's Retry-After in seconds (429, 503),
// capped at a day.
func retryAfterHeader(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs <= 0 {
		return 0, false
	}
	return min(time.Duration(secs)*time.Second, 24*time.Hour), true
}

// deliver posts one delivery, signed at the time of the attempt, and
// records the outcome in the owner's log. Any 2xx is success; anything
// else is retried on the schedule above, then given up (dead).
func (s *service) deliver(ctx context.Context, od *outbox.Delivery) (any, error) {
	var p payload
	if err := od.Decode(&p); err != nil {
		return nil, err
	}
	app := s.app
	dr, err := app.FindRecordById(collections.WebhookDeliveries, p.Delivery)
	if err != nil {
		return nil, retry.Permanent(fmt.Errorf("webhooks: delivery %s is gone: %w", p.Delivery, err))
	}
	if dr.GetString(collections.DeliveryTenant) != od.Tenant {
		return nil, retry.Permanent(fmt.Errorf("webhooks: delivery %s is not of tenant %s", dr.Id, od.Tenant))
	}
	er, err := app.FindRecordById(collections.WebhookEndpoints, dr.GetString(collections.DeliveryEndpoint))
	if err != nil || er.GetString(collections.EndpointTenant) != od.Tenant {
		s.record(dr.Id, 0, "Endpoint removido.", false)
		return nil, retry.Permanent(fmt.Errorf("webhooks: endpoint of delivery %s is gone", dr.Id))
	}
	ep := collections.AsWebhookEndpoint(er)
	if !ep.Active() && !p.Manual {
		s.record(dr.Id, 0, "Endpoint desativado.", false)
		return nil, retry.Permanent(errors.New("webhooks: endpoint switched off"))
	}
	secret, err := s.d.Vault.Open(sealContext(ep.Tenant(), ep.Id), ep.SealedSecret())
	if err != nil {
		return nil, retry.Permanent(fmt.Errorf("webhooks: secret of endpoint %s: %w", ep.Id, err))
	}
	target, err := validateURL(ep.URL(), s.allowLoopback)
	if err != nil {
		s.record(dr.Id, 0, err.Error(), false)
		return nil, retry.Permanent(err)
	}
	body := []byte(dr.GetString(collections.DeliveryBody))
	ts := s.d.Clock().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, retry.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Bancada-Webhooks/1")
	req.Header.Set(HeaderID, dr.GetString(collections.DeliveryEventID))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, body))
	resp, err := s.client.Do(req)
	if err != nil {
		s.record(dr.Id, 0, "Falha de conexão: "+err.Error(), false)
		return nil, failed(fmt.Errorf("webhooks: post to endpoint %s: %w", ep.Id, err), od.Attempt)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		s.record(dr.Id, resp.StatusCode, "O receptor respondeu "+strconv.Itoa(resp.StatusCode)+".", false)
		err := fmt.Errorf("webhooks: endpoint %s answered %d", ep.Id, resp.StatusCode)
		if wait, ok := retryAfterHeader(resp); ok {
			return nil, retry.After(err, wait)
		}
		return nil, failed(err, od.Attempt)
	}
	s.record(dr.Id, resp.StatusCode, "", true)
	return map[string]any{"status": resp.StatusCode}, nil
}

// record notes one attempt in the delivery log.
func (s *service) record(id string, code int, msg string, ok bool) {
	fields := dbx.Params{
		collections.DeliveryLastStatusCode: code,
		collections.DeliveryLastError:      truncate(msg, 1000),
		collections.FieldUpdated:           dbtime.Format(s.d.Clock()),
	}
	if ok {
		fields[collections.DeliveryStatus] = collections.DeliveryDelivered
		fields[collections.DeliveryDeliveredAt] = dbtime.Format(s.d.Clock())
	}
	app := s.app
	_, err := app.NonconcurrentDB().NewQuery(
		"UPDATE {{" + collections.WebhookDeliveries + "}} SET [[" + collections.DeliveryAttempts + "]] = [[" + collections.DeliveryAttempts + "]] + 1 WHERE [[" + collections.FieldID + "]] = {:id}",
	).Bind(dbx.Params{"id": id}).Execute()
	if err == nil {
		_, err = app.NonconcurrentDB().Update(collections.WebhookDeliveries, fields, dbx.HashExp{collections.FieldID: id}).Execute()
	}
	if err != nil {
		app.Logger().Error("webhooks: record attempt", "delivery", id, "error", err)
	}
}

// dead marks a delivery given up: the owner sees it failed and may
// re-send it.
func (s *service) dead(_ context.Context, od *outbox.Delivery, err error) {
	var p payload
	if od.Decode(&p) != nil {
		return
	}
	app := s.app
	_, uerr := app.NonconcurrentDB().Update(collections.WebhookDeliveries, dbx.Params{
		collections.DeliveryStatus: collections.DeliveryFailed, collections.FieldUpdated: dbtime.Format(s.d.Clock()),
	}, dbx.HashExp{collections.FieldID: p.Delivery, collections.DeliveryStatus: collections.DeliveryPending}).Execute()
	if uerr != nil {
		app.Logger().Error("webhooks: mark delivery failed", "delivery", p.Delivery, "error", uerr, "cause", err)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
