package ops_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// e2eKey is the secret key of the end-to-end test; it stays outside the
// data dir, as operators are told to keep it.
const e2eKey = "e2e-secret-key-0123456789abcdef"

// TestRestoreEndToEnd runs the built binary: fills a data dir through the
// API (a shop, a customer, a device with a photo and a passcode, an
// order, a payment), backs it up with `bancada backup` while the server
// runs (once while customers keep being written: that backup restores to
// a consistent state), wipes the dir, restores it with `bancada restore`, compares every
// table row by row and every file byte by byte, and serves the restored
// dir as an older release left it: `serve` takes the pre-upgrade backup,
// migrates, the owner signs in, the passcode still decrypts with the key.
func TestRestoreEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the appliance")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	bin := builtBancada(t, ctx)
	dir := filepath.Join(tmp, "pb_data")

	out := run(t, ctx, bin, "--version")
	assert.True(t, strings.HasPrefix(out, "bancada "), out)

	// Fill the data dir through the API.
	srv := startServer(t, ctx, bin, dir)
	var signup struct {
		Token  string `json:"token"`
		Record struct {
			ID string `json:"id"`
		} `json:"record"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	srv.call(t, "POST", "/api/bancada/signup", "", map[string]any{
		"shop": map[string]any{"name": "Conserta Já", "cnpj": "11.222.333/0001-81", "email": "contato@consertaja.com.br",
			"phone": "(11) 98888-7777", "address": "Rua A, 10"},
		"owner": map[string]any{"name": "Dona Maria", "email": "maria@consertaja.com.br", "password": "senha-forte-1"},
	}, &signup)
	tok, tenant := signup.Token, signup.Tenant.ID
	var customer, device, order, payment struct {
		ID     string   `json:"id"`
		Photos []string `json:"photos"`
	}
	srv.call(t, "POST", "/api/collections/customers/records", tok,
		map[string]any{"tenant": tenant, "name": "João Cliente", "phone": "+5511977776666"}, &customer)
	photo := bytes.Repeat([]byte("\xff\xd8\xff\xe0 not really a jpeg "), 200)
	srv.upload(t, "/api/collections/devices/records", tok, map[string]string{
		"tenant": tenant, "customer": customer.ID, "type": "phone", "brand": "Apple", "model": "iPhone 11",
		"passcode": "1478", "passcode_kind": "pin",
	}, "photos", "frente.jpg", photo, &device)
	require.Len(t, device.Photos, 1)
	srv.call(t, "POST", "/api/collections/orders/records", tok,
		map[string]any{"tenant": tenant, "customer": customer.ID, "device": device.ID, "problem": "Tela quebrada"}, &order)
	srv.call(t, "POST", "/api/collections/payments/records", tok, map[string]any{"tenant": tenant, "order": order.ID,
		"method": "cash", "provider": "manual", "status": "paid", "amount": 5000, "created_by": signup.Record.ID}, &payment)
	require.NotEmpty(t, payment.ID)

	// Back up while customers keep being written.
	stopWriting, written, first := make(chan struct{}), make(chan int), make(chan struct{})
	go func() {
		n := 0
		defer func() { written <- n }()
		for {
			select {
			case <-stopWriting:
				return
			default:
			}
			body, _ := json.Marshal(map[string]any{"tenant": tenant, "name": fmt.Sprintf("Cliente %d", n),
				"phone": fmt.Sprintf("+55119%08d", 60000000+n)})
			req, _ := http.NewRequest(http.MethodPost, srv.url+"/api/collections/customers/records", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return
			}
			if n++; n == 1 {
				close(first)
			}
		}
	}()
	select {
	case <-first:
	case <-ctx.Done():
		t.Fatal("no customer written")
	}
	run(t, ctx, bin, "backup", "busy.zip", "--dir", dir)
	close(stopWriting)
	require.Positive(t, <-written, "customers were written during the backup")

	// Back up while the server runs (idle now), then stop it.
	out = run(t, ctx, bin, "backup", "e2e.zip", "--dir", dir)
	assert.Contains(t, out, "Backup e2e.zip criado")

	srv.stop(t)
	before := dumpTables(t, filepath.Join(dir, "data.db"))

	// The busy backup restores to a consistent state: every customer in it
	// is one the server wrote, byte for byte.
	busy := filepath.Join(tmp, "busy")
	run(t, ctx, bin, "restore", filepath.Join(dir, "backups", "busy.zip"), "--dir", busy)
	busyCustomers := dumpTables(t, filepath.Join(busy, "data.db"))["customers"]
	assert.Greater(t, len(busyCustomers), 1, "the first customer and some written meanwhile")
	assert.Subset(t, before["customers"], busyCustomers)
	beforeFiles := hashFiles(t, filepath.Join(dir, "storage"))
	require.Len(t, beforeFiles, 2, "the photo and its attributes")
	var photoHash string
	for path, sum := range beforeFiles {
		if strings.HasSuffix(path, filepath.Join(device.ID, device.Photos[0])) {
			photoHash = sum
		}
	}
	require.Equal(t, fmt.Sprintf("%x", sha256.Sum256(photo)), photoHash, "the photo as uploaded")
	for _, table := range []string{"tenants", "users", "customers", "devices", "orders", "payments"} {
		require.NotEmpty(t, before[table], table)
	}

	// Wipe, restore, compare.
	zipPath := filepath.Join(tmp, "e2e.zip")
	require.NoError(t, os.Rename(filepath.Join(dir, "backups", "e2e.zip"), zipPath))
	require.NoError(t, os.Remove(filepath.Join(dir, "backups", "busy.zip")))
	require.NoError(t, os.RemoveAll(dir))
	out = run(t, ctx, bin, "restore", zipPath, "--dir", dir)
	assert.Contains(t, out, "Backup restaurado em "+dir)
	after := dumpTables(t, filepath.Join(dir, "data.db"))
	require.Equal(t, slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)), "the same tables")
	for table, rows := range before {
		assert.Equal(t, rows, after[table], "table %s, row by row", table)
	}
	assert.Equal(t, beforeFiles, hashFiles(t, filepath.Join(dir, "storage")), "the files, byte by byte")
	_, err := os.Stat(filepath.Join(dir, ".bancada_secret_key"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "the key is not in the backup")

	// Make the restored dir look like an older release left it: its last
	// migration not applied yet, an older version recorded.
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, "data.db")))
	require.NoError(t, err)
	_, err = db.Exec("DELETE FROM _migrations WHERE file = '1764400002_plans.go'")
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".bancada_version"), []byte("v0.9.0\n"), 0o600))

	// The restored dir serves (after a pre-upgrade backup): sign in again,
	// the passcode decrypts.
	srv = startServer(t, ctx, bin, dir)
	defer srv.stop(t)
	backups, err := os.ReadDir(filepath.Join(dir, "backups"))
	require.NoError(t, err)
	require.Len(t, backups, 1)
	assert.Regexp(t, `^pre-upgrade-v0_9_0-dev-\d{8}_\d{6}\.zip$`, backups[0].Name())
	var auth struct {
		Token string `json:"token"`
	}
	srv.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]any{"identity": "maria@consertaja.com.br", "password": "senha-forte-1"}, &auth)
	var pass struct {
		Passcode string `json:"passcode"`
	}
	srv.call(t, "GET", "/api/bancada/devices/"+device.ID+"/passcode", auth.Token, nil, &pass)
	assert.Equal(t, "1478", pass.Passcode)
	srv.stop(t)
	db, err = sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, "data.db"))+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM _migrations WHERE file = '1764400002_plans.go'").Scan(&n))
	assert.Equal(t, 1, n, "migrated after the backup")
	version, err := os.ReadFile(filepath.Join(dir, ".bancada_version"))
	require.NoError(t, err)
	assert.Equal(t, "dev\n", string(version))
}

// built is the appliance built once for every end-to-end test.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// builtBancada builds the appliance once per test binary and returns it.
func builtBancada(t *testing.T, ctx context.Context) string {
	t.Helper()
	built.once.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			built.err = err
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "bancada-e2e-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "bancada")
		build := exec.CommandContext(ctx, "go", "build", "-o", built.bin, ".")
		build.Dir = root
		built.out, built.err = build.CombinedOutput()
	})
	require.NoError(t, built.err, "build: %s", built.out)
	return built.bin
}

// removeBuilt removes the built appliance (TestMain, after the tests).
func removeBuilt() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// run runs the binary to completion and returns its output.
func run(t *testing.T, ctx context.Context, bin string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "BANCADA_SECRET_KEY="+e2eKey)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "bancada %v: %s", args, out)
	return string(out)
}

// server is a running `bancada serve`.
type server struct {
	url  string
	cmd  *exec.Cmd
	done chan error
}

// startServer serves dir on a free loopback port and returns once the
// server says it listens.
func startServer(t *testing.T, ctx context.Context, bin, dir string) *server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	cmd := exec.CommandContext(ctx, bin, "serve", "--http", addr, "--dir", dir)
	cmd.Env = append(os.Environ(), "BANCADA_SECRET_KEY="+e2eKey, "BANCADA_BACKUP_CRON=off")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	s := &server{url: "http://" + addr, cmd: cmd, done: make(chan error, 1)}
	started := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		var once bool
		for sc.Scan() {
			if !once && strings.Contains(sc.Text(), "Server started at") {
				once = true
				close(started)
			}
		}
		if !once {
			close(started)
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case <-started:
	case <-ctx.Done():
		t.Fatal("the server did not start")
	}
	return s
}

// stop interrupts the server and waits for it to exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	<-s.done
}

// call sends a JSON request and decodes a 2xx answer into out.
func (s *server) call(t *testing.T, method, path, token string, body, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	s.do(t, req, token, out)
}

// upload sends a multipart form with one file.
func (s *server) upload(t *testing.T, path, token string, fields map[string]string, fileField, fileName string, content []byte, out any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	require.NoError(t, err)
	_, err = fw.Write(content)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, s.url+path, &buf)
	require.NoError(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	s.do(t, req, token, out)
}

func (s *server) do(t *testing.T, req *http.Request, token string, out any) {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.True(t, res.StatusCode/100 == 2, "%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, raw)
	if out != nil {
		require.NoError(t, json.Unmarshal(raw, out), "%s", raw)
	}
}

// dumpTables reads every table of the SQLite database at path, rows in
// rowid order, values as text.
func dumpTables(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.NoError(t, rows.Close())
	dump := map[string][]string{}
	for _, table := range tables {
		r, err := db.Query(fmt.Sprintf("SELECT * FROM %q ORDER BY rowid", table))
		require.NoError(t, err, table)
		cols, err := r.Columns()
		require.NoError(t, err)
		lines := []string{}
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, r.Scan(ptrs...))
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		require.NoError(t, r.Close())
		dump[table] = lines
	}
	return dump
}

// hashFiles maps every file under dir (relative path) to its SHA-256.
func hashFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(raw))
		return nil
	})
	require.NoError(t, err)
	return out
}
