// Package demo seeds one demo repair shop so a newcomer sees a working
// system with one command (`bancada serve --demo`): staff logins of every
// role, customers, devices, orders in every status, parts and price rules.
// Seeding is idempotent: a second start finds the shop and adds nothing.
package demo

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// Password is every demo login's password.
const Password = "bancada123"

// CNPJ is the demo shop's CNPJ: an alphanumeric one, valid since July 2026.
const CNPJ = "12ABC34501DE35"

// Login is one demo staff account.
type Login struct {
	Email string
	Role  collections.Role
	Name  string
}

// Logins are the demo staff accounts.
var Logins = []Login{
	{"dono@demo.bancada.app", collections.RoleOwner, "Carla Mendes"},
	{"gerente@demo.bancada.app", collections.RoleManager, "Rafael Souza"},
	{"tecnico@demo.bancada.app", collections.RoleTechnician, "João Pereira"},
	{"atendente@demo.bancada.app", collections.RoleAttendant, "Ana Lima"},
}

// SuperuserEmail is the demo operator account of the dashboard at /_/.
const SuperuserEmail = "admin@demo.bancada.app"

// Result says what Seed did.
type Result struct {
	TenantID string
	Created  bool
}

// Seed creates the demo shop unless it exists. It runs in one transaction:
// a failure leaves nothing half-seeded.
func Seed(app core.App) (Result, error) {
	if t, err := app.FindFirstRecordByData(collections.Tenants, collections.TenantCNPJ, CNPJ); err == nil {
		return Result{TenantID: t.Id}, nil
	}
	var res Result
	err := app.RunInTransaction(func(tx core.App) error {
		s := &seeder{app: tx}
		if err := s.run(); err != nil {
			return err
		}
		res = Result{TenantID: s.tenant.Id, Created: true}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("demo: seed: %w", err)
	}
	return res, nil
}

// EnsureSuperuser creates the demo dashboard operator if missing.
func EnsureSuperuser(app core.App) error {
	if _, err := app.FindAuthRecordByEmail(collections.Superusers, SuperuserEmail); err == nil {
		return nil
	}
	col, err := app.FindCachedCollectionByNameOrId(collections.Superusers)
	if err != nil {
		return err
	}
	su := core.NewRecord(col)
	su.SetEmail(SuperuserEmail)
	su.SetPassword(Password)
	return app.Save(su)
}
