package tracking

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/scope"
)

// errNoPage marks a token that opens no page: unknown, revoked or expired.
// Callers never learn which.
var errNoPage = errors.New("tracking: no page for this token")

// expiryKey is the JSON key of TenantSettings.TrackingExpiryDays, read from
// its struct tag so the query below follows the one definition.
func expiryKey() string {
	f, ok := reflect.TypeFor[collections.TenantSettings]().FieldByName("TrackingExpiryDays")
	if !ok {
		panic("tracking: TenantSettings.TrackingExpiryDays is gone")
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// lookupSQL finds the order a token opens, deciding everything in one
// statement: the token matches, the page is not revoked, and the order was
// delivered (or cancelled) less than the tenant's TrackingExpiryDays ago.
// Unknown, revoked and expired tokens therefore run the same query through
// the same index and get the same empty answer, with no Go-side branch
// that could time differently. The `tracking_token != ”` term lets SQLite
// use the partial unique index on tracking_token.
var lookupSQL = func() string {
	end := fmt.Sprintf("COALESCE(NULLIF(o.[[%s]], ''), o.[[%s]])", collections.OrderDeliveredAt, collections.OrderCancelledAt)
	setting := fmt.Sprintf("json_extract(t.[[%s]], '$.%s')", collections.TenantSettingsField, expiryKey())
	days := fmt.Sprintf("(CASE WHEN json_valid(t.[[%[1]s]]) AND CAST(%[2]s AS INTEGER) > 0 THEN CAST(%[2]s AS INTEGER) ELSE {:defaultDays} END)",
		collections.TenantSettingsField, setting)
	return fmt.Sprintf("SELECT o.[[%[1]s]] FROM {{%[2]s}} o INNER JOIN {{%[3]s}} t ON t.[[%[1]s]] = o.[[%[4]s]] "+
		"WHERE o.[[%[5]s]] = {:token} AND o.[[%[5]s]] != '' AND o.[[%[6]s]] = FALSE "+
		"AND (%[7]s = '' OR julianday(%[7]s) + %[8]s > julianday({:now})) LIMIT 1",
		collections.FieldID, collections.Orders, collections.Tenants, collections.OrderTenant,
		collections.OrderTrackingToken, collections.OrderTrackingOff, end, days)
}()

// openPage is an order whose tracking page is open, with its shop.
type openPage struct {
	order  *collections.Order
	tenant *collections.Tenant
}

// findOrderID returns the id of the order token opens, or errNoPage.
func findOrderID(app core.App, token string, now time.Time) (string, error) {
	var id string
	err := app.DB().NewQuery(lookupSQL).Bind(dbx.Params{
		"token": token, "now": dbtime.Format(now),
		"defaultDays": collections.DefaultTrackingExpiryDays,
	}).Row(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", errNoPage
	case err != nil:
		return "", fmt.Errorf("tracking: look up token: %w", err)
	}
	return id, nil
}

// open loads the order and shop of token, or errNoPage.
func open(app core.App, token string, now time.Time) (*openPage, error) {
	id, err := findOrderID(app, token, now)
	if err != nil {
		return nil, err
	}
	rec, err := app.FindRecordById(collections.Orders, id)
	if err != nil {
		return nil, fmt.Errorf("tracking: load order: %w", err)
	}
	o := collections.AsOrder(rec)
	t, err := scope.Tenant(app, o.Tenant())
	if err != nil {
		return nil, fmt.Errorf("tracking: load shop: %w", err)
	}
	return &openPage{order: o, tenant: t}, nil
}
