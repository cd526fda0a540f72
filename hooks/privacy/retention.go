package privacy

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
)

// RetentionResult counts what one run deleted.
type RetentionResult struct {
	Messages int `json:"messages"`
	Photos   int `json:"photos"`
}

// recentOrActive is the SQL condition "the order is open, or was closed
// (delivered or cancelled) at or after {:cutoff}", over an orders row o.
const recentOrActive = `(o.status NOT IN ('delivered','cancelled') OR ` +
	`COALESCE(NULLIF(o.delivered_at,''), NULLIF(o.cancelled_at,''), o.updated) >= {:cutoff})`

// RunRetention applies every shop's retention setting at now: for a shop
// with retention_months = N, WhatsApp messages older than N months are
// deleted from the conversations of customers with no open order and no
// order delivered or cancelled in the last N months (and of senders who
// are no customer), and the photos of devices whose orders all closed
// more than N months ago (devices older than N months without orders
// too). Shops without the setting keep everything. Each shop's run is
// one transaction with an audit line.
func RunRetention(ctx context.Context, app core.App, now time.Time) (RetentionResult, error) {
	var total RetentionResult
	var tenants []*core.Record
	err := app.RecordQuery(collections.Tenants).
		AndWhere(dbx.NewExp("[[settings]] LIKE '%retention_months%'")).All(&tenants)
	if err != nil {
		return total, fmt.Errorf("privacy: retention tenants: %w", err)
	}
	for _, tr := range tenants {
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
		t := collections.AsTenant(tr)
		months := t.Settings().RetentionMonths
		if months <= 0 {
			continue
		}
		res, files, err := retainTenant(app, t.Id, now.UTC().AddDate(0, -months, 0))
		if err != nil {
			return total, fmt.Errorf("privacy: retention of %s: %w", t.Id, err)
		}
		deleteStored(app, files)
		total.Messages += res.Messages
		total.Photos += res.Photos
	}
	return total, nil
}

// retainTenant deletes one shop's data older than cutoff, returning the
// storage keys of the photos to delete once committed.
func retainTenant(app core.App, tenantID string, cutoff time.Time) (RetentionResult, []string, error) {
	var res RetentionResult
	var files []string
	c, _ := types.ParseDateTime(cutoff)
	params := dbx.Params{"t": tenantID, "cutoff": c.String()}
	err := app.RunInTransaction(func(tx core.App) error {
		q := tx.DB().NewQuery(`DELETE FROM messages WHERE tenant = {:t} AND created < {:cutoff} AND conversation IN (
			SELECT cv.id FROM conversations cv WHERE cv.tenant = {:t} AND NOT EXISTS (
				SELECT 1 FROM orders o WHERE o.tenant = {:t} AND o.customer = cv.customer AND cv.customer != '' AND ` + recentOrActive + `))`).Bind(params)
		out, err := q.Execute()
		if err != nil {
			return fmt.Errorf("messages: %w", err)
		}
		n, _ := out.RowsAffected()
		res.Messages = int(n)
		if n > 0 {
			// A conversation left without messages keeps no preview.
			if _, err := tx.DB().NewQuery(`UPDATE conversations SET preview = '' WHERE tenant = {:t} AND preview != '' AND NOT EXISTS (
				SELECT 1 FROM messages m WHERE m.conversation = conversations.id)`).Bind(params).Execute(); err != nil {
				return fmt.Errorf("previews: %w", err)
			}
		}
		var devices []*core.Record
		err = tx.RecordQuery(collections.Devices).AndWhere(dbx.NewExp(`tenant = {:t} AND photos NOT IN ('', '[]', 'null') AND created < {:cutoff} AND NOT EXISTS (
			SELECT 1 FROM orders o WHERE o.tenant = {:t} AND o.device = devices.id AND `+recentOrActive+`)`, params)).All(&devices)
		if err != nil {
			return fmt.Errorf("devices: %w", err)
		}
		for _, d := range devices {
			for _, name := range d.GetStringSlice(collections.DevicePhotos) {
				files = append(files, d.BaseFilesPath()+"/"+name)
				res.Photos++
			}
			if _, err := tx.DB().Update(collections.Devices, dbx.Params{collections.DevicePhotos: "[]"}, dbx.HashExp{collections.FieldID: d.Id}).Execute(); err != nil {
				return fmt.Errorf("device photos: %w", err)
			}
		}
		if res.Messages == 0 && res.Photos == 0 {
			return nil
		}
		return audit.Write(tx, audit.Entry{Tenant: tenantID, Actor: audit.System, Action: collections.ActionRetention,
			Changes: map[string]any{"messages": res.Messages, "photos": res.Photos, "before": c.String()}})
	})
	return res, files, err
}

// deleteStored removes files (and their thumbnails) from storage after
// the records stopped naming them; failures are logged.
func deleteStored(app core.App, keys []string) {
	e := &eraser{files: keys}
	e.deleteFiles(app)
}
