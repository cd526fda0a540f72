package hooks_test

import (
	"net/url"
	"os"
	"testing"

	"github.com/pocketbase/dbx"

	"github.com/bancada/bancada/hooks/hooktest"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

func urlQuery(s string) string { return url.QueryEscape(s) }

func dbxTenant(id string) dbx.Expression { return dbx.HashExp{"tenant": id} }

func dbxOrder(id string) dbx.Expression { return dbx.HashExp{"order": id} }

func dbxAction(action string) dbx.Expression { return dbx.HashExp{"action": action} }

func dbxTenantRole(id, role string) dbx.Expression {
	return dbx.HashExp{"tenant": id, "role": role}
}
