package privacy

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Held is everything a shop holds about one customer: the records of
// every collection of the customer graph, by collection, and the audit
// entries about any of them.
type Held struct {
	// Order is the graph's collections, customers first.
	Order   []string
	Records map[string][]*core.Record
	Audit   []*core.Record
}

// IDs returns the ids of the records held in collection.
func (h *Held) IDs(collection string) []string {
	out := make([]string, 0, len(h.Records[collection]))
	for _, r := range h.Records[collection] {
		out = append(out, r.Id)
	}
	return out
}

// Collect loads what tenantID holds about customerID, following the
// customer graph until no collection yields a new record.
func Collect(app core.App, tenantID, customerID string) (*Held, error) {
	links, order, err := CustomerGraph(app)
	if err != nil {
		return nil, fmt.Errorf("privacy: schema: %w", err)
	}
	cust, err := app.FindFirstRecordByFilter(collections.Customers, collections.FieldID+" = {:id} && "+collections.FieldTenant+" = {:t}", dbx.Params{"id": customerID, "t": tenantID})
	if err != nil {
		return nil, fmt.Errorf("privacy: customer %q: %w", customerID, err)
	}
	h := &Held{Order: order, Records: map[string][]*core.Record{collections.Customers: {cust}}}
	seen := map[string]bool{cust.Id: true}
	for grown := true; grown; {
		grown = false
		for _, name := range order[1:] {
			for _, l := range links[name] {
				targets := h.IDs(l.Target)
				if len(targets) == 0 {
					continue
				}
				recs, err := related(app, tenantID, l, targets)
				if err != nil {
					return nil, err
				}
				for _, r := range recs {
					if !seen[name+"/"+r.Id] {
						seen[name+"/"+r.Id] = true
						h.Records[name] = append(h.Records[name], r)
						grown = true
					}
				}
			}
		}
	}
	for _, name := range order {
		ids := h.IDs(name)
		if len(ids) == 0 {
			continue
		}
		recs, err := app.FindAllRecords(collections.AuditLog, dbx.HashExp{collections.AuditTenant: tenantID, collections.AuditCollection: name},
			dbx.In(collections.AuditRecord, toAny(ids)...))
		if err != nil {
			return nil, fmt.Errorf("privacy: audit of %s: %w", name, err)
		}
		h.Audit = append(h.Audit, recs...)
	}
	slices.SortStableFunc(h.Audit, func(a, b *core.Record) int {
		return a.GetDateTime(collections.FieldCreated).Time().Compare(b.GetDateTime(collections.FieldCreated).Time())
	})
	return h, nil
}

// related loads the records of l.Collection whose relation l.Field points
// at one of targets, within the tenant when the collection has one.
func related(app core.App, tenantID string, l Link, targets []string) ([]*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(l.Collection)
	if err != nil {
		return nil, err
	}
	q := app.RecordQuery(col)
	if col.Fields.GetByName(collections.FieldTenant) != nil {
		q = q.AndWhere(dbx.HashExp{collections.FieldTenant: tenantID})
	}
	if rel, _ := col.Fields.GetByName(l.Field).(*core.RelationField); rel != nil && rel.IsMultiple() {
		ph := dbx.Params{}
		in := ""
		for i, id := range targets {
			k := fmt.Sprintf("t%d", i)
			ph[k] = id
			if i > 0 {
				in += ","
			}
			in += "{:" + k + "}"
		}
		q = q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each([["+l.Field+"]]) WHERE value IN ("+in+"))", ph))
	} else {
		q = q.AndWhere(dbx.In(l.Field, toAny(targets)...))
	}
	var recs []*core.Record
	if err := q.All(&recs); err != nil {
		return nil, fmt.Errorf("privacy: %s by %s: %w", l.Collection, l.Field, err)
	}
	return recs, nil
}

func toAny(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
