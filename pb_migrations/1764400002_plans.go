package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/bancada/bancada/collections"
)

// defaultPlans are the plans a fresh appliance offers; operators edit them
// in the dashboard.
var defaultPlans = []struct {
	name, description     string
	price                 int64
	maxStaff, maxOrdersMo int
}{
	{"Básico", "Uma loja, até 3 pessoas e 150 OS por mês.", 7990, 3, 150},
	{"Profissional", "Até 10 pessoas e OS ilimitadas.", 14990, 10, 0},
	{"Rede", "Pessoas e OS ilimitadas, para redes de lojas.", 29990, 0, 0},
}

func init() {
	m.Register(func(app core.App) error {
		col, err := app.FindCollectionByNameOrId(collections.Plans)
		if err != nil {
			return err
		}
		for _, p := range defaultPlans {
			if _, err := app.FindFirstRecordByData(col, collections.PlanName, p.name); err == nil {
				continue
			}
			r := core.NewRecord(col)
			r.Set(collections.PlanName, p.name)
			r.Set(collections.PlanDescription, p.description)
			r.Set(collections.PlanPriceCents, p.price)
			r.Set(collections.PlanMaxStaff, p.maxStaff)
			r.Set(collections.PlanMaxOrdersMonth, p.maxOrdersMo)
			r.Set(collections.PlanActive, true)
			if err := app.Save(r); err != nil {
				return fmt.Errorf("seed plan %s: %w", p.name, err)
			}
		}
		return nil
	}, nil)
}
