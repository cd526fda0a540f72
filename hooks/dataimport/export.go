package dataimport

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
)

// export answers GET /api/bancada/export/{collection}: every record of
// the caller's shop as CSV in Bancada's layout (see bancadaColumns),
// which the import reads back.
func (s *service) export(e *core.RequestEvent) error {
	sc, err := scope.RequireStaff(e, "", owners)
	if err != nil {
		return err
	}
	collection := e.Request.PathValue("collection")
	if !slices.Contains(collectionNames, collection) {
		return e.NotFoundError("Tipo de dado não encontrado: use customers, devices, parts ou orders.", nil)
	}
	loc := br.LoadLocation(sc.Tenant.Timezone())
	rows, err := exportRows(e.App, sc.Tenant.Id, collection, loc)
	if err != nil {
		return e.InternalServerError("", err)
	}
	name := fmt.Sprintf("bancada-%s-%s.csv", fileNames[collection], s.d.Now().In(loc).Format("2006-01-02"))
	e.Response.Header().Set("Content-Type", "text/csv; charset=utf-8")
	e.Response.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	e.Response.WriteHeader(http.StatusOK)
	w, err := br.NewCSVWriter(e.Response)
	if err != nil {
		return err
	}
	var header []string
	for _, c := range bancadaColumns[collection] {
		header = append(header, c.header)
	}
	if err := w.Write(header...); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.Write(r...); err != nil {
			return err
		}
	}
	return w.Flush()
}

var fileNames = map[string]string{Customers: "clientes", Devices: "aparelhos", Parts: "pecas", Orders: "ordens"}

// records loads every record of a tenant-owned collection of one shop.
func records(app core.App, collection, tenant string, order ...string) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RecordQuery(collection).AndWhere(dbx.HashExp{collections.FieldTenant: tenant}).OrderBy(order...).All(&out)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", collection, err)
	}
	return out, nil
}

func exportRows(app core.App, tenant, collection string, loc *time.Location) ([][]string, error) {
	var out [][]string
	switch collection {
	case Customers:
		cs, err := records(app, collections.Customers, tenant, "created", "id")
		if err != nil {
			return nil, err
		}
		for _, r := range cs {
			c := collections.AsCustomer(r)
			out = append(out, []string{c.Name(), br.FormatPhone(c.Phone()), formatDoc(c.Document(), r.GetString(collections.CustomerDocumentKind)),
				c.Email(), r.GetString(collections.CustomerAddress), r.GetString(collections.CustomerNotes),
				yesNo(r.GetBool(collections.CustomerMarketingOptIn)), br.Date(c.Since(), loc)})
		}
	case Devices:
		custs, err := customerMap(app, tenant)
		if err != nil {
			return nil, err
		}
		ds, err := records(app, collections.Devices, tenant, "created", "id")
		if err != nil {
			return nil, err
		}
		for _, r := range ds {
			d := collections.AsDevice(r)
			c := orEmpty(app, custs[d.Customer()], collections.Customers)
			out = append(out, []string{br.FormatPhone(c.GetString(collections.CustomerPhone)), c.GetString(collections.CustomerName),
				d.Kind().Label(), d.Brand(), d.Model(), d.IMEI(), r.GetString(collections.DeviceSerial), r.GetString(collections.DeviceColor),
				r.GetString(collections.DeviceConditionNotes)})
		}
	case Parts:
		ps, err := records(app, collections.Parts, tenant, "name", "id")
		if err != nil {
			return nil, err
		}
		for _, r := range ps {
			out = append(out, []string{r.GetString(collections.PartName), r.GetString(collections.PartSKU), r.GetString(collections.PartModels),
				br.CSVMoney(int64(r.GetInt(collections.PartCostCents))), br.CSVMoney(int64(r.GetInt(collections.PartPriceCents))),
				strconv.Itoa(r.GetInt(collections.PartQuantity)), strconv.Itoa(r.GetInt(collections.PartMinimum)), r.GetString(collections.PartLocation)})
		}
	case Orders:
		custs, err := customerMap(app, tenant)
		if err != nil {
			return nil, err
		}
		devs := map[string]*core.Record{}
		ds, err := records(app, collections.Devices, tenant, "id")
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			devs[d.Id] = d
		}
		os, err := records(app, collections.Orders, tenant, "number")
		if err != nil {
			return nil, err
		}
		for _, r := range os {
			o := collections.AsOrder(r)
			c := orEmpty(app, custs[o.Customer()], collections.Customers)
			d := collections.AsDevice(orEmpty(app, devs[o.Device()], collections.Devices))
			lines := []exportLine{}
			for _, l := range o.QuoteLines() {
				lines = append(lines, exportLine{Kind: l.Kind, Description: l.Description, Quantity: l.Quantity, UnitCents: l.UnitCents})
			}
			items, err := json.Marshal(lines)
			if err != nil {
				return nil, fmt.Errorf("export order %d lines: %w", o.Number(), err)
			}
			date := func(f string) string { return dateText(r.GetDateTime(f).Time(), loc) }
			final := ""
			if o.FinalTotal() > 0 {
				final = br.CSVMoney(o.FinalTotal())
			}
			out = append(out, []string{strconv.Itoa(o.Number()), br.FormatPhone(c.GetString(collections.CustomerPhone)), c.GetString(collections.CustomerName),
				d.Kind().Label(), d.Brand(), d.Model(), d.IMEI(), o.Problem(), o.Diagnosis(), o.Status().Label(), string(items),
				br.CSVMoney(o.QuoteTotal()), final, br.CSVMoney(o.Paid()), strconv.Itoa(o.WarrantyDays()),
				date(collections.OrderEnteredAt), date(collections.OrderApprovedAt), date(collections.OrderCompletedAt),
				date(collections.OrderDeliveredAt), r.GetString(collections.OrderNotes)})
		}
	}
	return out, nil
}

// customerMap loads one shop's customers by id.
func customerMap(app core.App, tenant string) (map[string]*core.Record, error) {
	cs, err := records(app, collections.Customers, tenant, "id")
	if err != nil {
		return nil, err
	}
	m := map[string]*core.Record{}
	for _, c := range cs {
		m[c.Id] = c
	}
	return m, nil
}

// orEmpty is r, or an empty record of the collection (a relation to a
// record that is gone exports as empty cells).
func orEmpty(app core.App, r *core.Record, collection string) *core.Record {
	if r != nil {
		return r
	}
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return &core.Record{}
	}
	return core.NewRecord(col)
}
