package hooks_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
)

// The tenant-isolation matrix: every tenant-owned collection × list, view,
// create, update, delete × {each role of shop A, the owner of shop B,
// anonymous, the owner of deactivated shop C}, against the real API rules.
//
// The expectations below are written independently of collections/rules.go:
// they are the README's role table. A rule that drifts from it fails here.

type op string

const (
	opList   op = "list"
	opView   op = "view"
	opCreate op = "create"
	opUpdate op = "update"
	opDelete op = "delete"
)

var allOps = []op{opList, opView, opCreate, opUpdate, opDelete}

var (
	everyone = collections.AllRoles
	admins   = []collections.Role{collections.RoleOwner, collections.RoleManager}
	money    = []collections.Role{collections.RoleOwner, collections.RoleManager, collections.RoleAttendant}
	stock    = []collections.Role{collections.RoleOwner, collections.RoleManager, collections.RoleTechnician}
	owners   = []collections.Role{collections.RoleOwner}
)

// policy is who may do what on a collection; a missing op is closed to
// the API (superusers only → 403).
type policy struct {
	allow map[op][]collections.Role
	// readWhileInactive: readable by the allowed roles even when the shop is deactivated.
	readWhileInactive bool
	create            func(s *hooktest.Shop, caller *core.Record) map[string]any
	update            func(s *hooktest.Shop) map[string]any
	fresh             func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record
}

func matrixPolicies() map[string]policy {
	return map[string]policy{
		collections.Customers: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "name": "Novo Cliente", "phone": hooktest.UniquePhone()}
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"notes": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewCustomer(t, app, s.ID(), "Apagar")
			},
		},
		collections.Devices: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "customer": s.Rec[collections.Customers].Id, "type": "phone", "brand": "Samsung"}
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"color": fmt.Sprint("cor ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewDevice(t, app, s.ID(), s.Rec[collections.Customers].Id)
			},
		},
		collections.Orders: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "customer": s.Rec[collections.Customers].Id,
					"device": s.Rec[collections.Devices].Id, "problem": "Não liga"}
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"notes": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewOrder(t, app, s.ID(), s.Rec[collections.Customers].Id, s.Rec[collections.Devices].Id)
			},
		},
		collections.OrderEvents: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "order": s.Rec[collections.Orders].Id, "to": "ready"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"note": "forjado"} },
		},
		collections.Parts: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: stock, opUpdate: stock, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "name": "Bateria", "price_cents": 9000, "quantity": 2}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"quantity": hooktest.Uniq() % 50} },
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.Parts, map[string]any{"tenant": s.ID(), "name": "Apagar"})
			},
		},
		collections.PriceRules: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: admins, opUpdate: admins, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "device_type": "phone", "brand": fmt.Sprint("Marca", hooktest.Uniq()), "price_cents": 20000}
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"notes": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.PriceRules, map[string]any{"tenant": s.ID(), "device_type": "tablet",
					"brand": fmt.Sprint("Apagar", hooktest.Uniq()), "price_cents": 100})
			},
		},
		collections.Appointments: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return hooktest.AppointmentBody(s.ID(), s.Rec[collections.Customers].Id)
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"notes": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.Appointments, hooktest.AppointmentBody(s.ID(), s.Rec[collections.Customers].Id))
			},
		},
		collections.Payments: {
			allow: map[op][]collections.Role{opList: money, opView: money, opCreate: money, opUpdate: money, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return hooktest.PaymentBody(s.ID(), s.Rec[collections.Orders].Id, "")
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"description": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.Payments, hooktest.PaymentBody(s.ID(), s.Rec[collections.Orders].Id, ""))
			},
		},
		collections.Conversations: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "phone": hooktest.UniquePhone(), "mode": "bot"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"unread": hooktest.Uniq() % 9} },
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.Conversations, map[string]any{"tenant": s.ID(), "phone": hooktest.UniquePhone(), "mode": "bot"})
			},
		},
		collections.Messages: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opCreate: everyone},
			create: func(s *hooktest.Shop, caller *core.Record) map[string]any {
				staff := ""
				if caller != nil {
					staff = caller.Id
				}
				return map[string]any{"tenant": s.ID(), "conversation": s.Rec[collections.Conversations].Id,
					"direction": "out", "author": "staff", "staff": staff, "text": "Olá!", "status": "queued"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"text": "alterado"} },
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.Messages, map[string]any{"tenant": s.ID(),
					"conversation": s.Rec[collections.Conversations].Id, "direction": "in", "author": "customer", "text": "x", "status": "received"})
			},
		},
		collections.QuoteRequests: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone, opUpdate: everyone, opDelete: admins},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "device_type": "phone", "status": "new"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"status": "contacted"} },
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.QuoteRequests, map[string]any{"tenant": s.ID(), "device_type": "phone", "status": "new"})
			},
		},
		collections.AuditLog: {
			allow: map[op][]collections.Role{opList: owners, opView: owners},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "action": "forjado"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"action": "apagado"} },
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewRecord(t, app, collections.AuditLog, map[string]any{"tenant": s.ID(), "action": "test"})
			},
		},
		collections.Invitations: {
			// Owners and managers follow their shop's invitations; every
			// write goes through the staff and invitation routes.
			allow: map[op][]collections.Role{opList: admins, opView: admins},
			create: func(s *hooktest.Shop, caller *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "email": fmt.Sprintf("forjado%d@example.com", hooktest.Uniq()),
					"role": "owner", "status": "accepted", "expires": "2030-01-01 00:00:00.000Z",
					"token_hash": strings.Repeat("a", 64)}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"role": "owner", "status": "pending"} },
		},
		collections.WebhookEndpoints: {
			// Owners manage their shop's endpoints; creating one goes
			// through POST /api/bancada/webhooks (the secret is generated).
			allow: map[op][]collections.Role{opList: owners, opView: owners, opUpdate: owners, opDelete: owners},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "url": "https://hooks.example.com/x", "secret": "forjado", "active": true}
			},
			update: func(*hooktest.Shop) map[string]any {
				return map[string]any{"description": fmt.Sprint("nota ", hooktest.Uniq())}
			},
			fresh: func(t testing.TB, app *tests.TestApp, s *hooktest.Shop) *core.Record {
				return hooktest.NewWebhookEndpoint(t, app, s.ID(), false)
			},
		},
		collections.WebhookDeliveries: {
			// The log is Bancada's to write; owners read it.
			allow: map[op][]collections.Role{opList: owners, opView: owners},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "endpoint": s.Rec[collections.WebhookEndpoints].Id,
					"event_id": "evt_forjado", "event_type": "order.created", "status": "delivered"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"status": "delivered"} },
		},
		// Cash, sales and stock history: written only by Bancada's routes
		// (one transaction each), read by who handles money or stock.
		collections.Sales: {
			allow: map[op][]collections.Role{opList: money, opView: money},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "number": 99, "total": 1}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"total": 1} },
		},
		collections.Refunds: {
			allow: map[op][]collections.Role{opList: money, opView: money},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "payment": s.Rec[collections.Payments].Id, "amount": 1, "reason": "forjado", "refunded_at": "2026-11-24 10:00:00.000Z"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"amount": 1} },
		},
		collections.CashSessions: {
			allow: map[op][]collections.Role{opList: money, opView: money},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "status": "closed", "opened_at": "2026-11-24 10:00:00.000Z"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"difference": 0} },
		},
		collections.CashMoves: {
			allow: map[op][]collections.Role{opList: money, opView: money},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "session": s.Rec[collections.CashSessions].Id, "kind": "supply", "amount": 1, "reason": "forjado"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"amount": 1} },
		},
		collections.StockMovements: {
			allow: map[op][]collections.Role{opList: everyone, opView: everyone},
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "part": s.Rec[collections.Parts].Id, "kind": "adjustment", "delta": 1}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"delta": 5} },
		},
		collections.Subscriptions: {
			allow:             map[op][]collections.Role{opList: owners, opView: owners},
			readWhileInactive: true, // the owner of a deactivated shop learns how to pay
			create: func(s *hooktest.Shop, _ *core.Record) map[string]any {
				return map[string]any{"tenant": s.ID(), "status": "active"}
			},
			update: func(*hooktest.Shop) map[string]any { return map[string]any{"status": "active", "value_cents": 1} },
		},
	}
}

// actor is who calls in a matrix case, and which shop's data they target.
type actor struct {
	name   string
	record func(f *hooktest.Fixture) *core.Record
	target func(f *hooktest.Fixture) *hooktest.Shop
	// role in the target shop, "" when not a member
	role collections.Role
	// the target shop is deactivated
	inactive bool
}

func matrixActors() []actor {
	var out []actor
	for _, r := range collections.AllRoles {
		r := r
		out = append(out, actor{name: "A " + string(r), role: r,
			record: func(f *hooktest.Fixture) *core.Record { return f.A.User(r) }, target: func(f *hooktest.Fixture) *hooktest.Shop { return f.A }})
	}
	return append(out,
		actor{name: "owner of B", record: func(f *hooktest.Fixture) *core.Record { return f.B.Owner }, target: func(f *hooktest.Fixture) *hooktest.Shop { return f.A }},
		actor{name: "anonymous", record: func(*hooktest.Fixture) *core.Record { return nil }, target: func(f *hooktest.Fixture) *hooktest.Shop { return f.A }},
		actor{name: "owner of deactivated C", role: collections.RoleOwner, inactive: true,
			record: func(f *hooktest.Fixture) *core.Record { return f.C.Owner }, target: func(f *hooktest.Fixture) *hooktest.Shop { return f.C }},
	)
}

// matrixCases counts the cases run, for the README.
var matrixCases atomic.Int64

func TestTenantIsolationMatrix(t *testing.T) {
	t.Parallel()
	policies := matrixPolicies()
	// Every tenant-owned collection is covered.
	for _, name := range collections.TenantOwned {
		if _, ok := policies[name]; !ok {
			t.Fatalf("collection %s is tenant-owned but missing from the isolation matrix", name)
		}
	}
	for _, name := range collections.TenantOwned {
		name, p := name, policies[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app := hooktest.NewApp(t)
			f := hooktest.Seed(t, app)
			for _, a := range matrixActors() {
				for _, o := range allOps {
					runMatrixCase(t, app, f, name, p, a, o)
				}
			}
		})
	}
	t.Cleanup(func() { t.Logf("isolation matrix: %d cases", matrixCases.Load()) })
}

func runMatrixCase(t *testing.T, app *tests.TestApp, f *hooktest.Fixture, collection string, p policy, a actor, o op) {
	s := a.target(f)
	caller := a.record(f)
	roles, open := p.allow[o]
	allowed := open && a.role != "" && slices.Contains(roles, a.role) &&
		(!a.inactive || (p.readWhileInactive && (o == opList || o == opView)))

	base := "/api/collections/" + collection + "/records"
	target := s.Rec[collection]
	sc := tests.ApiScenario{
		Name:                  fmt.Sprintf("%s %s %s", collection, a.name, o),
		Headers:               map[string]string{},
		TestAppFactory:        hooktest.Factory(app),
		DisableTestAppCleanup: true,
	}
	if caller != nil {
		sc.Headers["Authorization"] = hooktest.Token(t, caller)
	}
	switch o {
	case opList:
		sc.Method, sc.URL = http.MethodGet, base+"?perPage=500"
		sc.ExpectedStatus = 200
		if allowed {
			sc.ExpectedContent = []string{`"id":"` + target.Id + `"`}
		} else {
			sc.NotExpectedContent = []string{`"id":"` + target.Id + `"`}
		}
	case opView:
		sc.Method, sc.URL = http.MethodGet, base+"/"+target.Id
		sc.ExpectedStatus = 404
		if allowed {
			sc.ExpectedStatus = 200
			sc.ExpectedContent = []string{`"id":"` + target.Id + `"`}
		}
	case opCreate:
		sc.Method, sc.URL = http.MethodPost, base
		sc.Body = hooktest.JSON(t, p.create(s, caller))
		sc.ExpectedStatus = 400
		if allowed {
			sc.ExpectedStatus = 200
			sc.ExpectedContent = []string{`"tenant":"` + s.ID() + `"`}
		}
	case opUpdate:
		sc.Method, sc.URL = http.MethodPatch, base+"/"+target.Id
		sc.Body = hooktest.JSON(t, p.update(s))
		sc.ExpectedStatus = 404
		if allowed {
			sc.ExpectedStatus = 200
			sc.ExpectedContent = []string{`"id":"` + target.Id + `"`}
		}
	case opDelete:
		id := "nonexistent0000"
		if p.fresh != nil {
			id = p.fresh(t, app, s).Id
		} else {
			id = target.Id
		}
		sc.Method, sc.URL = http.MethodDelete, base+"/"+id
		sc.ExpectedStatus = 404
		if allowed {
			sc.ExpectedStatus = 204
		}
	}
	if !open {
		// A nil rule: superusers only, for everyone else 403.
		sc.ExpectedStatus = 403
		sc.ExpectedContent, sc.NotExpectedContent = []string{`"status":403`}, nil
	}
	if !allowed && open && (sc.ExpectedStatus == 404 || sc.ExpectedStatus == 400) {
		sc.ExpectedContent = []string{`"status":` + fmt.Sprint(sc.ExpectedStatus)}
	}
	matrixCases.Add(1)
	sc.Test(t)
}
