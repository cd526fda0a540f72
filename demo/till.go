package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
)

// till leaves yesterday's till closed (09:00 to 18:30 in the shop's zone,
// R$ 100,00 of float counted back), so the cash screen has a history and
// a report to print; today's till is for the visitor to open.
func (s *seeder) till() error {
	loc := br.LoadLocation(s.tenant.Timezone())
	y := time.Now().In(loc).AddDate(0, 0, -1)
	opened := time.Date(y.Year(), y.Month(), y.Day(), 9, 0, 0, 0, loc).UTC()
	closed := time.Date(y.Year(), y.Month(), y.Day(), 18, 30, 0, 0, loc).UTC()
	col, err := s.app.FindCachedCollectionByNameOrId(collections.CashSessions)
	if err != nil {
		return err
	}
	r := core.NewRecord(col)
	r.Set(collections.CashSessionTenant, s.tenant.Id)
	r.Set(collections.CashSessionStatus, collections.CashClosed)
	r.Set(collections.CashSessionOpenedBy, s.users[collections.RoleAttendant])
	r.Set(collections.CashSessionOpenedAt, opened)
	r.Set(collections.CashSessionFloat, 10000)
	r.Set(collections.CashSessionClosedBy, s.users[collections.RoleManager])
	r.Set(collections.CashSessionClosedAt, closed)
	r.Set(collections.CashSessionExpected, map[string]int64{collections.MethodCash: 10000})
	r.Set(collections.CashSessionCounted, map[string]int64{collections.MethodCash: 10000})
	r.Set(collections.CashSessionDifference, 0)
	if err := s.app.Save(r); err != nil {
		return fmt.Errorf("till: %w", err)
	}
	return nil
}
