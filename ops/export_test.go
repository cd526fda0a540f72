package ops

import "github.com/pocketbase/pocketbase/core"

// BindKeyExclusionForTest binds the key exclusion hooks on a test app.
func BindKeyExclusionForTest(app core.App) { bindKeyExclusion(app) }

// BindCheckpointsForTest binds the backup and nightly-job replacements on
// a test app.
func BindCheckpointsForTest(app core.App) { bindCheckpoints(app) }
