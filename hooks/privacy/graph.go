package privacy

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Link is one relation field through which a collection's records belong
// to a customer: Field of Collection points at a record of Target, which
// is the customer or belongs to them.
type Link struct {
	Collection, Field, Target string
}

// CustomerGraph walks the live schema and returns every collection whose
// records belong to a customer, directly (a relation to customers) or
// through another such collection (orders, devices, conversations, ...),
// with the relation fields that tie them, in the order they were reached
// (customers first). It is what the export covers: a collection added
// tomorrow with a relation to customers, orders or devices is in it the
// day it exists.
func CustomerGraph(app core.App) (map[string][]Link, []string, error) {
	all, err := app.FindAllCollections(core.CollectionTypeBase)
	if err != nil {
		return nil, nil, err
	}
	byID := map[string]string{}
	for _, c := range all {
		byID[c.Id] = c.Name
	}
	links := map[string][]Link{collections.Customers: nil}
	order := []string{collections.Customers}
	for grown := true; grown; {
		grown = false
		for _, c := range all {
			if c.System || c.Name == collections.Customers {
				continue
			}
			for _, f := range c.Fields {
				rel, ok := f.(*core.RelationField)
				if !ok {
					continue
				}
				target := byID[rel.CollectionId]
				if _, in := links[target]; !in {
					continue
				}
				l := Link{Collection: c.Name, Field: rel.Name, Target: target}
				if slices.Contains(links[c.Name], l) {
					continue
				}
				if _, known := links[c.Name]; !known {
					order = append(order, c.Name)
				}
				links[c.Name] = append(links[c.Name], l)
				grown = true
			}
		}
	}
	return links, order, nil
}
