package reports

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/dbtime"
	"github.com/bancada/bancada/hooks/reports/calc"
)

// orderRow is what is read of an order.
type orderRow struct {
	ID          string         `db:"id"`
	Number      int            `db:"number"`
	Status      string         `db:"status"`
	Technician  string         `db:"technician"`
	Lines       types.JSONRaw  `db:"quote_lines"`
	QuoteTotal  int64          `db:"quote_total"`
	FinalTotal  int64          `db:"final_total"`
	StockTaken  bool           `db:"stock_taken"`
	EnteredAt   types.DateTime `db:"entered_at"`
	ApprovedAt  types.DateTime `db:"approved_at"`
	CompletedAt types.DateTime `db:"completed_at"`
	DeliveredAt types.DateTime `db:"delivered_at"`
	Brand       string         `db:"brand"`
	Model       string         `db:"model"`
}

// load reads one shop's orders that entered before the period's end and
// have a date or a status change in the period, their whole history and
// the shop's parts. Every query names the tenant.
func load(app core.App, tenantID string, from, to time.Time) (calc.Data, error) {
	var rows []orderRow
	err := app.DB().Select("o.id", "o.number", "o.status", "o.technician", "o.quote_lines", "o.quote_total", "o.final_total",
		"o.stock_taken", "o.entered_at", "o.approved_at", "o.completed_at", "o.delivered_at", "d.brand", "d.model").
		From(collections.Orders+" o").
		LeftJoin(collections.Devices+" d", dbx.NewExp("d.id = o.device AND d.tenant = o.tenant")).
		Where(dbx.NewExp("o.tenant = {:t} AND o.entered_at < {:to} AND (o.entered_at >= {:from} OR o.quoted_at >= {:from} "+
			"OR o.approved_at >= {:from} OR o.rejected_at >= {:from} OR o.completed_at >= {:from} OR o.delivered_at >= {:from} "+
			"OR o.cancelled_at >= {:from} OR o.id IN (SELECT ev.[[order]] FROM "+collections.OrderEvents+" ev "+
			"WHERE ev.tenant = {:t} AND ev.created >= {:from} AND ev.created < {:to}))",
			dbx.Params{"t": tenantID, "from": dbtime.Format(from), "to": dbtime.Format(to)})).
		All(&rows)
	if err != nil {
		return calc.Data{}, fmt.Errorf("reports: orders: %w", err)
	}
	d := calc.Data{Parts: map[string]calc.Part{}}
	techs := map[string]string{}
	ids := make([]any, 0, len(rows))
	for _, r := range rows {
		var lines []collections.QuoteLine
		if len(r.Lines) > 0 {
			if err := json.Unmarshal(r.Lines, &lines); err != nil {
				return calc.Data{}, fmt.Errorf("reports: order %s lines: %w", r.ID, err)
			}
		}
		o := calc.Order{ID: r.ID, Number: r.Number, Status: r.Status, Technician: r.Technician,
			Device: strings.TrimSpace(r.Brand + " " + r.Model), Total: r.QuoteTotal, StockTaken: r.StockTaken,
			EnteredAt: r.EnteredAt.Time(), ApprovedAt: r.ApprovedAt.Time(), CompletedAt: r.CompletedAt.Time(), DeliveredAt: r.DeliveredAt.Time()}
		if r.FinalTotal > 0 {
			o.Total = r.FinalTotal
		}
		for _, l := range lines {
			o.Lines = append(o.Lines, calc.Line{Kind: l.Kind, Part: l.Part, Description: l.Description, Quantity: l.Quantity, UnitCents: l.UnitCents})
		}
		if r.Technician != "" {
			techs[r.Technician] = ""
		}
		d.Orders = append(d.Orders, o)
		ids = append(ids, r.ID)
	}
	if err := names(app, tenantID, techs); err != nil {
		return calc.Data{}, err
	}
	for i := range d.Orders {
		d.Orders[i].TechnicianName = techs[d.Orders[i].Technician]
	}
	if len(ids) > 0 {
		var evs []struct {
			Order   string         `db:"order"`
			From    string         `db:"from"`
			To      string         `db:"to"`
			Created types.DateTime `db:"created"`
		}
		err := app.DB().Select("[[order]]", "[[from]]", "[[to]]", "created").From(collections.OrderEvents).
			Where(dbx.HashExp{collections.FieldTenant: tenantID}).AndWhere(dbx.In("[[order]]", ids...)).All(&evs)
		if err != nil {
			return calc.Data{}, fmt.Errorf("reports: history: %w", err)
		}
		for _, e := range evs {
			d.Events = append(d.Events, calc.Event{Order: e.Order, From: e.From, To: e.To, At: e.Created.Time()})
		}
	}
	var parts []struct {
		ID       string `db:"id"`
		Name     string `db:"name"`
		Cost     int64  `db:"cost_cents"`
		Price    int64  `db:"price_cents"`
		Quantity int    `db:"quantity"`
		Minimum  int    `db:"minimum"`
	}
	err = app.DB().Select("id", "name", "cost_cents", "price_cents", "quantity", "minimum").From(collections.Parts).
		Where(dbx.HashExp{collections.FieldTenant: tenantID}).All(&parts)
	if err != nil {
		return calc.Data{}, fmt.Errorf("reports: parts: %w", err)
	}
	for _, p := range parts {
		d.Parts[p.ID] = calc.Part{ID: p.ID, Name: p.Name, CostCents: p.Cost, PriceCents: p.Price, Quantity: p.Quantity, Minimum: p.Minimum}
	}
	return d, nil
}

// names fills the names of the technicians who work in the shop (an id of
// someone who left keeps an empty name: "Sem técnico" is not right either,
// so they show as "Ex-integrante").
func names(app core.App, tenantID string, techs map[string]string) error {
	if len(techs) == 0 {
		return nil
	}
	ids := make([]any, 0, len(techs))
	for id := range techs {
		ids = append(ids, id)
	}
	var us []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	err := app.DB().Select("u.id", "u.name").From(collections.Users+" u").
		InnerJoin(collections.Memberships+" m", dbx.NewExp("m.user = u.id AND m.tenant = {:t}", dbx.Params{"t": tenantID})).
		Where(dbx.In("u.id", ids...)).All(&us)
	if err != nil {
		return fmt.Errorf("reports: technicians: %w", err)
	}
	for id := range techs {
		techs[id] = "Ex-integrante"
	}
	for _, u := range us {
		techs[u.ID] = u.Name
	}
	return nil
}
