package config_test

import (
	"os"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/config"
)

func TestEnvironmentIsTheDefaultAndFlagsOverride(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"BANCADA_EVOLUTION_URL":              "http://evo:8080",
		"BANCADA_EVOLUTION_API_KEY":          "k",
		"BANCADA_WHATSAPP_MIN_INTERVAL":      "0",
		"BANCADA_DEMO":                       "true",
		"BANCADA_PLATFORM_WHATSAPP_INSTANCE": "bancada-plataforma",
	}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	c, err := config.Bind(fs, func(k string) string { return env[k] })
	require.NoError(t, err)
	require.NoError(t, fs.Parse([]string{"--evolution-url", "http://other:9000", "--billing-grace-days", "3"}))

	require.Equal(t, "http://other:9000", c.EvolutionURL, "flag wins")
	require.Equal(t, "k", c.EvolutionAPIKey, "env default kept")
	require.Equal(t, time.Duration(0), c.WhatsAppMinInterval)
	require.Equal(t, 3, c.BillingGraceDays)
	require.Equal(t, config.AsaasSandboxURL, c.AsaasURL, "sandbox by default")
	require.True(t, c.Demo)
	require.Equal(t, "bancada-plataforma", c.PlatformWhatsAppInstance)
	require.True(t, c.EvolutionEnabled())
	require.False(t, c.AsaasPlatformEnabled())
	require.False(t, c.GoogleEnabled())
	require.Equal(t, "http://127.0.0.1:8090", c.PublicURLOr("http://127.0.0.1:8090/"))
}

func TestBadEnvironmentIsAClearError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ env, value string }{
		{"BANCADA_WHATSAPP_MIN_INTERVAL", "fast"},
		{"BANCADA_BILLING_GRACE_DAYS", "-1"},
		{"BANCADA_READ_CONCURRENCY", "0"},
		{"BANCADA_READ_CONCURRENCY", "muitos"},
	} {
		fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
		_, err := config.Bind(fs, func(k string) string {
			if k == tc.env {
				return tc.value
			}
			return ""
		})
		require.ErrorContains(t, err, tc.env)
	}
}

func TestEveryVarHasAFlagAndHelp(t *testing.T) {
	t.Parallel()
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	_, err := config.Bind(fs, func(string) string { return "" })
	require.NoError(t, err)
	for _, v := range config.Vars() {
		require.NotNil(t, fs.Lookup(v.Flag), v.Flag)
		require.NotEmpty(t, v.Help, v.Env)
	}
}

func TestReadConcurrency(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env, flag string
		cores     int
		slots     int
	}{
		{"", "", 2, 4},
		{"auto", "", 8, 16},
		{"off", "", 2, 0},
		{"6", "", 2, 6},
		{"6", "off", 2, 0},
		{"off", "3", 2, 3},
		{"", "auto", 1, 2},
	} {
		fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
		c, err := config.Bind(fs, func(k string) string {
			if k == "BANCADA_READ_CONCURRENCY" {
				return tc.env
			}
			return ""
		})
		require.NoError(t, err)
		var args []string
		if tc.flag != "" {
			args = []string{"--read-concurrency", tc.flag}
		}
		require.NoError(t, fs.Parse(args))
		require.Equal(t, tc.slots, c.ReadSlots(tc.cores), "env %q flag %q", tc.env, tc.flag)
	}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	_, err := config.Bind(fs, func(string) string { return "" })
	require.NoError(t, err)
	require.ErrorContains(t, fs.Parse([]string{"--read-concurrency", "-2"}), "positive number")
}

func TestTheSecretKeyFileAndDemoPublic(t *testing.T) {
	t.Parallel()
	env := map[string]string{"BANCADA_SECRET_KEY_FILE": "/etc/bancada/chave", "BANCADA_DEMO_PUBLIC": "true"}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	c, err := config.Bind(fs, func(k string) string { return env[k] })
	require.NoError(t, err)
	require.NoError(t, fs.Parse(nil))
	require.True(t, c.DemoPublic)
	require.Equal(t, "/etc/bancada/chave", c.SecretKeyPath("/var/lib/bancada/pb_data"))

	fs = pflag.NewFlagSet("t", pflag.ContinueOnError)
	c, err = config.Bind(fs, func(string) string { return "" })
	require.NoError(t, err)
	require.NoError(t, fs.Parse([]string{"--demo"}))
	require.False(t, c.DemoPublic)
	require.Equal(t, "/var/lib/bancada/pb_data.secret_key", c.SecretKeyPath("/var/lib/bancada/pb_data/"),
		"beside the data directory, never inside it")
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.Equal(t, wd+".secret_key", config.DefaultSecretKeyFile("."), `"." does not put the key inside the data directory`)
}
