package hooks

import (
	"context"
	"errors"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/collections"
)

// AllowShopDomain decides whether Bancada may obtain a certificate for a
// name on its first TLS handshake: only a shop's own domain (set by an
// operator in tenants.custom_domain) of an active shop. Anything else is
// refused, so strangers pointing random names at the server cannot make
// it request certificates.
func AllowShopDomain(app core.App) func(ctx context.Context, name string) error {
	return func(ctx context.Context, name string) error {
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if name == "" {
			return errors.New("no server name")
		}
		var n int
		err := app.DB().NewQuery(
			"SELECT COUNT(*) FROM {{" + collections.Tenants + "}} WHERE [[" + collections.TenantCustomDomain + "]] = {:d} COLLATE NOCASE " +
				"AND [[" + collections.TenantActive + "]] = TRUE",
		).WithContext(ctx).Bind(dbx.Params{"d": name}).Row(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("not a domain of an active shop: " + name)
		}
		return nil
	}
}
