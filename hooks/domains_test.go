package hooks_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks"
	"github.com/bancada/bancada/hooks/hooktest"
)

func TestOnlyActiveShopsDomainsGetCertificates(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	for s, domain := range map[*hooktest.Shop]string{f.A: "os.lojaa.com.br", f.C: "os.lojac.com.br"} {
		s.Tenant.Set(collections.TenantCustomDomain, domain)
		require.NoError(t, app.Save(s.Tenant))
	}
	allow := hooks.AllowShopDomain(app)
	ctx := context.Background()
	require.NoError(t, allow(ctx, "os.lojaa.com.br"))
	require.NoError(t, allow(ctx, "OS.LojaA.com.br."), "case and the root dot do not matter")
	require.Error(t, allow(ctx, "os.lojac.com.br"), "a deactivated shop")
	require.Error(t, allow(ctx, "random.example.com"))
	require.Error(t, allow(ctx, ""))
}
