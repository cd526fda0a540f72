package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The tests here run the real binary: what they check (files created at
// start, refusing to start) happens in main, before any test hook.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds bancada once for the package's tests.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bancada-main-test")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "bancada")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			t.Logf("go build: %s", out)
		}
	})
	require.NoError(t, binErr)
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// run runs the binary with args and no secret key in the environment,
// and returns its combined output and error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Env = append(os.Environ(), "BANCADA_SECRET_KEY=", "BANCADA_SECRET_KEY_FILE=", "BANCADA_DEMO=", "BANCADA_DEMO_PUBLIC=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, ctx.Err(), "the command ended by itself: %s", out)
	return string(out), err
}

func TestServeHelpCreatesNoKeyFile(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "pb_data")
	out, err := run(t, "serve", "--help", "--dir", data)
	require.NoError(t, err, out)
	require.Contains(t, out, "--secret-key-file")
	require.NoFileExists(t, data+".secret_key")
	require.NoFileExists(t, filepath.Join(data, ".bancada_secret_key"))
}

func TestAKeyGeneratedInTheDataDirMovesOutOnStart(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "pb_data")
	require.NoError(t, os.MkdirAll(data, 0o700))
	const key = "0123456789abcdef0123456789abcdef"
	require.NoError(t, os.WriteFile(filepath.Join(data, ".bancada_secret_key"), []byte(key+"\n"), 0o600))

	out, err := run(t, "migrate", "up", "--dir", data)
	require.NoError(t, err, out)
	require.Contains(t, out, "moved the generated secret key out of the data directory")
	require.NoFileExists(t, filepath.Join(data, ".bancada_secret_key"))
	b, err := os.ReadFile(data + ".secret_key")
	require.NoError(t, err)
	require.Equal(t, key+"\n", string(b), "the same key, beside the data directory")
}

func TestDemoRefusesAnAddressOthersCanReach(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "pb_data")
	out, err := run(t, "serve", "--demo", "--dir", data, "--http", "0.0.0.0:0")
	require.Error(t, err, out)
	require.Contains(t, out, "demo: 0.0.0.0:0 is reachable from other machines")
	require.False(t, strings.Contains(out, "Loja de demonstração criada"), "nothing was seeded: %s", out)
}

// A data dir sealed with one key refuses to start with another (a backup
// restored where a fresh key was generated), instead of sealing new
// secrets that the old key cannot open and leaving the old ones dead.
func TestADataDirRefusesAKeyItWasNotSealedWith(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "pb_data")
	out, err := run(t, "migrate", "up", "--dir", data)
	require.NoError(t, err, out)
	require.FileExists(t, filepath.Join(data, ".bancada_key_check"))
	out, err = run(t, "migrate", "up", "--dir", data)
	require.NoError(t, err, "the same generated key: %s", out)

	require.NoError(t, os.Remove(data+".secret_key")) // the key was not restored with the data
	out, err = run(t, "migrate", "up", "--dir", data)
	require.Error(t, err)
	require.Contains(t, out, "the secret key is not the one this data was sealed with")
}
