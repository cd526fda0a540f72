package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/pb_migrations"
)

// TestExistingAccountsAreClaimedExceptUntouchedTemporaryOnes: on upgrade,
// every account counts as its person's own except one the former staff
// route made with a temporary password and that never signed in.
func TestExistingAccountsAreClaimedExceptUntouchedTemporaryOnes(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	require.NoError(t, err)
	defer app.Cleanup()

	user := func(email string) *core.Record {
		u, err := collections.NewUser(app)
		require.NoError(t, err)
		u.SetEmail(email)
		u.SetPassword("senha-qualquer")
		require.NoError(t, app.Save(u))
		return u.Record
	}
	logLine := func(action string, actor string, changes map[string]any) {
		col, err := app.FindCollectionByNameOrId(collections.AuditLog)
		require.NoError(t, err)
		r := core.NewRecord(col)
		r.Set(collections.AuditAction, action)
		if actor != "" {
			r.Set(collections.AuditActor, actor)
		}
		r.Set(collections.AuditChanges, changes)
		require.NoError(t, app.Save(r))
	}
	owner := user("dono@example.com")             // signed up: no staff.add line
	linked := user("ja.tinha@example.com")        // linked by the old route (new_user false)
	used := user("usou@example.com")              // temporary password, then signed in
	untouched := user("nunca.entrou@example.com") // temporary password, never signed in
	logLine(collections.ActionStaffAdd, owner.Id, map[string]any{"email": "ja.tinha@example.com", "new_user": false})
	logLine(collections.ActionStaffAdd, owner.Id, map[string]any{"email": "usou@example.com", "new_user": true})
	logLine(collections.ActionStaffAdd, owner.Id, map[string]any{"email": "nunca.entrou@example.com", "new_user": true})
	logLine(collections.ActionSignIn, used.Id, map[string]any{"method": "password"})

	require.NoError(t, pb_migrations.MarkClaimedAccounts(app))
	claimed := func(r *core.Record) bool {
		fresh, err := app.FindRecordById(collections.Users, r.Id)
		require.NoError(t, err)
		return fresh.GetBool(collections.UserClaimed)
	}
	require.True(t, claimed(owner))
	require.True(t, claimed(linked))
	require.True(t, claimed(used))
	require.False(t, claimed(untouched))
}
