package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Cash collections: a shop's till (caixa). A cash session is one opening
// and closing of the till; cash moves are the withdrawals (sangria) and
// supplies (suprimento) in between. Payments and refunds are counted into
// the open session by their time, so they carry no link to it. Every
// write goes through Bancada's cash routes (one transaction each); the
// API only reads.
const (
	CashSessions = "cash_sessions"
	CashMoves    = "cash_moves"
)

// Cash session fields.
const (
	CashSessionTenant   = FieldTenant
	CashSessionStatus   = "status"
	CashSessionOpenedBy = "opened_by"
	CashSessionOpenedAt = "opened_at"
	// CashSessionFloat is the opening float (troco) in the drawer, centavos.
	CashSessionFloat    = "opening_float"
	CashSessionClosedBy = "closed_by"
	CashSessionClosedAt = "closed_at"
	// CashSessionExpected and CashSessionCounted are, per payment method,
	// the centavos the till should hold and the ones staff counted at
	// closing ({"cash": 12000, "pix": 4500}).
	CashSessionExpected = "expected"
	CashSessionCounted  = "counted"
	// CashSessionDifference is counted minus expected over every method
	// (negative: money missing).
	CashSessionDifference = "difference"
	CashSessionNote       = "note"
)

// Cash session states.
const (
	CashOpen   = "open"
	CashClosed = "closed"
)

// Cash move fields.
const (
	CashMoveTenant    = FieldTenant
	CashMoveSession   = "session"
	CashMoveKind      = "kind"
	CashMoveAmount    = "amount"
	CashMoveReason    = "reason"
	CashMoveCreatedBy = "created_by"
)

// Cash move kinds.
const (
	CashWithdrawal = "withdrawal" // sangria: cash taken out of the drawer
	CashSupply     = "supply"     // suprimento: cash put into the drawer
)

func defineCashSessions(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		selectOne(CashSessionStatus, true, CashOpen, CashClosed),
		relationTo(CashSessionOpenedBy, usersID),
		&core.DateField{Name: CashSessionOpenedAt, Required: true},
		money(CashSessionFloat),
		relationTo(CashSessionClosedBy, usersID),
		date(CashSessionClosedAt),
		jsonField(CashSessionExpected, 4000),
		jsonField(CashSessionCounted, 4000),
		&core.NumberField{Name: CashSessionDifference, OnlyInt: true},
		text(CashSessionNote, 1000),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_cash_sessions_tenant_opened", false, "tenant, opened_at", "")
	// One open till per shop at a time, whoever writes.
	c.AddIndex("idx_cash_sessions_one_open", true, "tenant", "status = 'open'")
	access{read: RolesMoney}.applyTo(c)
	return nil
}

func defineCashMoves(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	sessionsID, err := idOf(app, CashSessions)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: CashMoveSession, CollectionId: sessionsID, Required: true, MaxSelect: 1},
		selectOne(CashMoveKind, true, CashWithdrawal, CashSupply),
		&core.NumberField{Name: CashMoveAmount, OnlyInt: true, Min: ptr(1.0), Required: true},
		required(CashMoveReason, 300),
		relationTo(CashMoveCreatedBy, usersID),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_cash_moves_tenant_session", false, "tenant, session", "")
	access{read: RolesMoney}.applyTo(c)
	return nil
}
