package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/bancada/bancada/collections"
)

func init() {
	m.Register(func(app core.App) error {
		if err := collections.Sync(app); err != nil {
			return fmt.Errorf("init schema: %w", err)
		}
		return nil
	}, nil)
}
