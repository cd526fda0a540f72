package secrets_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/secrets"
)

func TestMain(m *testing.M) { os.Exit(hooktest.Main(m)) }

func TestSecretsAreSealedPerTenantAndKind(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	v := hooktest.Vault(t)
	a, b := f.A.ID(), f.B.ID()

	_, _, err := secrets.Get(app, v, a, collections.SecretAsaasKey)
	require.ErrorIs(t, err, secrets.ErrNone)

	require.NoError(t, secrets.Put(app, v, a, collections.SecretAsaasKey, "$aact_A", map[string]string{"name": "Loja A"}))
	require.NoError(t, secrets.Put(app, v, b, collections.SecretAsaasKey, "$aact_B", nil))
	require.NoError(t, secrets.Put(app, v, a, collections.SecretAsaasKey, "$aact_A2", nil), "replaces, keeps the meta")

	got, rec, err := secrets.Get(app, v, a, collections.SecretAsaasKey)
	require.NoError(t, err)
	require.Equal(t, "$aact_A2", got)
	require.Contains(t, rec.GetString(collections.SecretMeta), "Loja A")
	require.NotContains(t, rec.GetString(collections.SecretValue), "aact", "sealed at rest")

	// B's sealed value pasted into A's row does not open.
	rb, err := secrets.Record(app, b, collections.SecretAsaasKey)
	require.NoError(t, err)
	rec.Set(collections.SecretValue, rb.GetString(collections.SecretValue))
	require.NoError(t, app.Save(rec))
	_, _, err = secrets.Get(app, v, a, collections.SecretAsaasKey)
	require.Error(t, err)

	require.NoError(t, secrets.Delete(app, a, collections.SecretAsaasKey))
	require.NoError(t, secrets.Delete(app, a, collections.SecretAsaasKey), "deleting nothing is fine")
	_, _, err = secrets.Get(app, v, a, collections.SecretAsaasKey)
	require.ErrorIs(t, err, secrets.ErrNone)
	n, err := app.CountRecords(collections.Secrets)
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "B's secret stays")
}
