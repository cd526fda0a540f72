// Package config reads Bancada's settings from environment variables, each
// with a command-line flag that overrides it. Every integration is
// optional: an empty setting turns that integration off, and the appliance
// still starts and serves.
package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// AsaasSandboxURL is the default Asaas endpoint: the sandbox, so nobody is
// billed by accident.
const AsaasSandboxURL = "https://api-sandbox.asaas.com/v3"

// Config holds every setting. Bind fills it from the command line;
// package wiring resolves what is left (the public URL, the demo's fake
// providers) before anything reads it, and hands out copies.
type Config struct {
	PublicURL string
	SecretKey string
	// SecretKeyFile holds the generated key when SecretKey is empty; ""
	// means DefaultSecretKeyFile of the data directory.
	SecretKeyFile string

	EvolutionURL    string
	EvolutionAPIKey string

	AsaasURL          string
	AsaasAPIKey       string
	AsaasWebhookToken string
	// PlatformWhatsAppInstance is the Evolution instance of the platform's
	// own WhatsApp, which sends billing notices to shop owners; empty =
	// those notices go by e-mail only.
	PlatformWhatsAppInstance string

	GoogleClientID     string
	GoogleClientSecret string
	GoogleAuthURL      string
	GoogleTokenURL     string
	GoogleAPIURL       string

	// WhatsAppMinInterval is the minimum spacing of proactive messages
	// (notices, reminders, charges) from one shop's WhatsApp; 0 = none.
	WhatsAppMinInterval time.Duration
	// WhatsAppReplyRate is the sustained pace (messages per second) of
	// replies to customers who just wrote, per shop's WhatsApp; 0 = none.
	WhatsAppReplyRate float64
	// WhatsAppReplyBurst is how many replies may leave at once after a
	// quiet moment.
	WhatsAppReplyBurst int
	BillingGraceDays   int
	Timezone           string

	Demo bool
	// DemoPublic allows Demo on an address other than loopback (the fake
	// providers' control pages are then open to anyone who reaches it).
	DemoPublic bool
	// WebhooksAllowLoopback lets shops register outbound webhooks on
	// http://localhost (tests; --demo implies it). Not a setting: in
	// production endpoints must be public https hosts.
	WebhooksAllowLoopback bool

	// ReadConcurrency caps how many record lists and views run at once
	// (package admission): 0 = automatic (two per CPU core), -1 = no cap.
	ReadConcurrency int

	// Automatic HTTPS (package tlsauto).
	Domains     string
	ACMEEmail   string
	ACMECA      string
	ACMECARoot  string
	TLSOnDemand bool

	// Operations: metrics and backups (packages metrics and backup).
	MetricsToken string
	// BackupCron is the schedule of automatic backups (5-field cron, UTC);
	// "" turns them off.
	BackupCron string
	// BackupKeep is how many automatic backups are kept.
	BackupKeep int
	// BackupS3* send backups to S3-compatible storage when the bucket is
	// set; otherwise they stay in <dir>/backups.
	BackupS3Bucket, BackupS3Region, BackupS3Endpoint string
	BackupS3AccessKey, BackupS3Secret                string
	BackupS3ForcePathStyle                           bool

	// ReplicaURL turns on continuous replication of the database (package
	// replica): s3://bucket/path?endpoint=... ("" = off).
	ReplicaURL string
	// ReplicaAccessKey and ReplicaSecret are the replica bucket's keys.
	ReplicaAccessKey, ReplicaSecret string
	// ReplicaSyncInterval is how often the WAL is shipped.
	ReplicaSyncInterval time.Duration
	// ShutdownTimeout bounds the drain on SIGTERM: requests and work in
	// flight get this long to finish before the database closes.
	ShutdownTimeout time.Duration
}

// DefaultShutdownTimeout bounds the drain on SIGTERM when none is set.
const DefaultShutdownTimeout = 20 * time.Second

// DefaultBackupCron takes the automatic backup daily at 06:00 UTC (03:00
// in Brasília), when shops are closed.
const DefaultBackupCron = "0 6 * * *"

// Var documents one setting: its environment variable, its flag and what
// it does.
type Var struct {
	Env, Flag, Default, Help string
}

// Vars lists every setting, in the order the README documents them.
func Vars() []Var {
	return []Var{
		{"BANCADA_PUBLIC_URL", "public-url", "", "URL where customers and providers reach this server (tracking links, webhooks, OAuth redirect); default: the --http address"},
		{"BANCADA_SECRET_KEY", "secret-key", "", "key that encrypts secrets at rest (≥16 random characters); if empty, one is generated into the secret key file"},
		{"BANCADA_SECRET_KEY_FILE", "secret-key-file", "", "file holding the generated key when BANCADA_SECRET_KEY is empty; default <dir>.secret_key, beside the data directory and never inside it, so backups of the data do not carry the key"},
		{"BANCADA_EVOLUTION_URL", "evolution-url", "", "Evolution API base URL (WhatsApp); empty = WhatsApp off"},
		{"BANCADA_EVOLUTION_API_KEY", "evolution-api-key", "", "Evolution API global key"},
		{"BANCADA_ASAAS_URL", "asaas-url", AsaasSandboxURL, "Asaas API base URL"},
		{"BANCADA_ASAAS_API_KEY", "asaas-api-key", "", "the platform's Asaas key (bills the shops' subscriptions); empty = SaaS billing off"},
		{"BANCADA_ASAAS_WEBHOOK_TOKEN", "asaas-webhook-token", "", "token Asaas sends in asaas-access-token on the platform webhook"},
		{"BANCADA_PLATFORM_WHATSAPP_INSTANCE", "platform-whatsapp-instance", "", "Evolution instance of the platform's own WhatsApp, which sends billing notices to shop owners; empty = e-mail only"},
		{"BANCADA_GOOGLE_CLIENT_ID", "google-client-id", "", "Google OAuth client id; empty = Google Calendar off"},
		{"BANCADA_GOOGLE_CLIENT_SECRET", "google-client-secret", "", "Google OAuth client secret"},
		{"BANCADA_GOOGLE_AUTH_URL", "google-auth-url", "", "override of Google's OAuth consent URL (tests, proxies)"},
		{"BANCADA_GOOGLE_TOKEN_URL", "google-token-url", "", "override of Google's OAuth token URL"},
		{"BANCADA_GOOGLE_API_URL", "google-api-url", "", "override of the Calendar API base URL (must end in /)"},
		{"BANCADA_WHATSAPP_MIN_INTERVAL", "whatsapp-min-interval", "1200ms", "minimum spacing between proactive messages (notices, reminders, charges) from one shop's WhatsApp; 0 turns their pacing off"},
		{"BANCADA_WHATSAPP_REPLY_RATE", "whatsapp-reply-rate", "3", "replies per second to customers who just wrote, per shop's WhatsApp (sustained); 0 turns their pacing off"},
		{"BANCADA_WHATSAPP_REPLY_BURST", "whatsapp-reply-burst", "10", "replies a shop's WhatsApp may send at once after a quiet moment"},
		{"BANCADA_BILLING_GRACE_DAYS", "billing-grace-days", "7", "days a shop may stay overdue before it is deactivated"},
		{"BANCADA_TIMEZONE", "timezone", "America/Sao_Paulo", "the platform's time zone (daily jobs)"},
		{"BANCADA_DEMO", "demo", "false", "seed a demo shop and run the fake providers in-process (on a loopback --http address only, unless --demo-public)"},
		{"BANCADA_DEMO_PUBLIC", "demo-public", "false", "allow --demo on an address others can reach (the fake providers' pages are then open to them)"},
		{"BANCADA_READ_CONCURRENCY", "read-concurrency", "auto", "how many record lists and views run at once (the rest wait their turn, at most 500 ms): auto = two per CPU core, off = no cap, or a number"},
		{"BANCADA_DOMAINS", "domains", "", "platform domains served over HTTPS with automatic certificates (comma-separated); empty = plain HTTP on --http"},
		{"BANCADA_ACME_EMAIL", "acme-email", "", "e-mail the certificate authority writes to about expiry"},
		{"BANCADA_ACME_CA", "acme-ca", "", "ACME directory URL; default Let's Encrypt production"},
		{"BANCADA_ACME_CA_ROOT", "acme-ca-root", "", "PEM root of a private ACME CA (pebble, a corporate CA)"},
		{"BANCADA_TLS_ON_DEMAND", "tls-on-demand", "false", "issue certificates on first visit for shops' own domains (tenants.custom_domain, set by operators)"},
		// Operations.
		{"BANCADA_METRICS_TOKEN", "metrics-token", "", "bearer token Prometheus sends to GET /metrics; empty = only superusers' auth tokens are accepted"},
		{"BANCADA_BACKUP_CRON", "backup-cron", DefaultBackupCron, "schedule of automatic backups (cron, UTC; default daily at 06:00 UTC, 03:00 in Brasília); off = no automatic backups"},
		{"BANCADA_BACKUP_KEEP", "backup-keep", "7", "how many automatic backups are kept"},
		{"BANCADA_BACKUP_S3_BUCKET", "backup-s3-bucket", "", "S3-compatible bucket for backups; empty = backups stay in <dir>/backups"},
		{"BANCADA_BACKUP_S3_REGION", "backup-s3-region", "", "region of the backups bucket"},
		{"BANCADA_BACKUP_S3_ENDPOINT", "backup-s3-endpoint", "", "endpoint of the S3-compatible service (https://...)"},
		{"BANCADA_BACKUP_S3_ACCESS_KEY", "backup-s3-access-key", "", "access key of the backups bucket"},
		{"BANCADA_BACKUP_S3_SECRET", "backup-s3-secret", "", "secret of the backups bucket"},
		{"BANCADA_BACKUP_S3_FORCE_PATH_STYLE", "backup-s3-force-path-style", "false", "address the bucket as a path (MinIO, some providers)"},
		{"BANCADA_REPLICA_URL", "replica-url", "", "continuous replication of the database to S3-compatible storage: s3://bucket/path?endpoint=https://host (region=, forcePathStyle= too); empty = off"},
		{"BANCADA_REPLICA_ACCESS_KEY", "replica-access-key", "", "access key of the replica bucket (default AWS_ACCESS_KEY_ID)"},
		{"BANCADA_REPLICA_SECRET", "replica-secret", "", "secret of the replica bucket (default AWS_SECRET_ACCESS_KEY)"},
		{"BANCADA_REPLICA_SYNC_INTERVAL", "replica-sync-interval", "1s", "how often the database's changes are shipped to the replica (what a crash may lose)"},
		{"BANCADA_SHUTDOWN_TIMEOUT", "shutdown-timeout", "20s", "on SIGTERM, how long requests and work in flight get to finish (new requests get 503 meanwhile) before the database closes"},
	}
}

// Bind registers every setting as a flag on fs, with its default taken
// from the environment through getenv, and returns the Config the flags
// fill when the command line is parsed.
func Bind(fs *pflag.FlagSet, getenv func(string) string) (*Config, error) {
	c := &Config{}
	def := func(v Var) string {
		if e := getenv(v.Env); e != "" {
			return e
		}
		return v.Default
	}
	strs := map[string]*string{
		"public-url": &c.PublicURL, "secret-key": &c.SecretKey, "secret-key-file": &c.SecretKeyFile,
		"evolution-url": &c.EvolutionURL, "evolution-api-key": &c.EvolutionAPIKey,
		"asaas-url": &c.AsaasURL, "asaas-api-key": &c.AsaasAPIKey, "asaas-webhook-token": &c.AsaasWebhookToken,
		"platform-whatsapp-instance": &c.PlatformWhatsAppInstance,
		"google-client-id":           &c.GoogleClientID, "google-client-secret": &c.GoogleClientSecret,
		"google-auth-url": &c.GoogleAuthURL, "google-token-url": &c.GoogleTokenURL, "google-api-url": &c.GoogleAPIURL,
		"timezone": &c.Timezone, "domains": &c.Domains, "acme-email": &c.ACMEEmail,
		"acme-ca": &c.ACMECA, "acme-ca-root": &c.ACMECARoot,
		// Operations.
		"metrics-token": &c.MetricsToken, "backup-cron": &c.BackupCron, "backup-s3-bucket": &c.BackupS3Bucket,
		"backup-s3-region": &c.BackupS3Region, "backup-s3-endpoint": &c.BackupS3Endpoint,
		"backup-s3-access-key": &c.BackupS3AccessKey, "backup-s3-secret": &c.BackupS3Secret,
		"replica-url": &c.ReplicaURL, "replica-access-key": &c.ReplicaAccessKey, "replica-secret": &c.ReplicaSecret,
	}
	for _, v := range Vars() {
		help := v.Help + " (env " + v.Env + ")"
		switch v.Flag {
		case "whatsapp-min-interval":
			d, err := time.ParseDuration(def(v))
			if err != nil {
				return nil, fmt.Errorf("config: %s: %w", v.Env, err)
			}
			fs.DurationVar(&c.WhatsAppMinInterval, v.Flag, d, help)
		case "whatsapp-reply-rate":
			var r float64
			if _, err := fmt.Sscan(def(v), &r); err != nil || r < 0 {
				return nil, fmt.Errorf("config: %s must be a non-negative number of messages per second", v.Env)
			}
			fs.Float64Var(&c.WhatsAppReplyRate, v.Flag, r, help)
		case "whatsapp-reply-burst":
			var n int
			if _, err := fmt.Sscan(def(v), &n); err != nil || n < 1 {
				return nil, fmt.Errorf("config: %s must be a positive number of messages", v.Env)
			}
			fs.IntVar(&c.WhatsAppReplyBurst, v.Flag, n, help)
		case "billing-grace-days":
			var n int
			if _, err := fmt.Sscan(def(v), &n); err != nil || n < 0 {
				return nil, fmt.Errorf("config: %s must be a non-negative number of days", v.Env)
			}
			fs.IntVar(&c.BillingGraceDays, v.Flag, n, help)
		case "demo":
			fs.BoolVar(&c.Demo, v.Flag, isTrue(def(v)), help)
		case "demo-public":
			fs.BoolVar(&c.DemoPublic, v.Flag, isTrue(def(v)), help)
		case "read-concurrency":
			n, err := parseReadConcurrency(def(v))
			if err != nil {
				return nil, fmt.Errorf("config: %s: %w", v.Env, err)
			}
			fs.Var(&readConcurrency{&c.ReadConcurrency}, v.Flag, help)
			c.ReadConcurrency = n
		case "tls-on-demand":
			fs.BoolVar(&c.TLSOnDemand, v.Flag, isTrue(def(v)), help)
		// Operations.
		case "backup-keep":
			var n int
			if _, err := fmt.Sscan(def(v), &n); err != nil || n < 1 {
				return nil, fmt.Errorf("config: %s must be a positive number of backups", v.Env)
			}
			fs.IntVar(&c.BackupKeep, v.Flag, n, help)
		case "replica-sync-interval", "shutdown-timeout":
			d, err := time.ParseDuration(def(v))
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("config: %s must be a positive duration (1s, 500ms)", v.Env)
			}
			target := &c.ReplicaSyncInterval
			if v.Flag == "shutdown-timeout" {
				target = &c.ShutdownTimeout
			}
			fs.DurationVar(target, v.Flag, d, help)
		case "backup-s3-force-path-style":
			fs.BoolVar(&c.BackupS3ForcePathStyle, v.Flag, isTrue(def(v)), help)
		default:
			p, ok := strs[v.Flag]
			if !ok {
				return nil, fmt.Errorf("config: no field for flag %s", v.Flag)
			}
			fs.StringVar(p, v.Flag, def(v), help)
		}
	}
	return c, nil
}

// parseReadConcurrency reads "auto" (0), "off" (-1) or a positive number.
func parseReadConcurrency(s string) (int, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return 0, nil
	case "off":
		return -1, nil
	}
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 {
		return 0, fmt.Errorf("want auto, off or a positive number, got %q", s)
	}
	return n, nil
}

// readConcurrency is the flag.Value of --read-concurrency.
type readConcurrency struct{ n *int }

func (r *readConcurrency) String() string {
	if r.n == nil {
		return "auto"
	}
	switch *r.n {
	case 0:
		return "auto"
	case -1:
		return "off"
	}
	return fmt.Sprint(*r.n)
}

func (r *readConcurrency) Set(s string) error {
	n, err := parseReadConcurrency(s)
	if err != nil {
		return err
	}
	*r.n = n
	return nil
}

func (r *readConcurrency) Type() string { return "auto|off|n" }

// ReadSlots is how many record lists and views may run at once on a
// machine with cores cores; 0 means no cap.
func (c *Config) ReadSlots(cores int) int {
	switch {
	case c.ReadConcurrency < 0:
		return 0
	case c.ReadConcurrency == 0:
		return 2 * max(cores, 1)
	}
	return c.ReadConcurrency
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on", "sim":
		return true
	}
	return false
}

// EvolutionEnabled reports whether WhatsApp through Evolution is configured.
func (c *Config) EvolutionEnabled() bool { return c.EvolutionURL != "" && c.EvolutionAPIKey != "" }

// AsaasPlatformEnabled reports whether the platform bills shops through Asaas.
func (c *Config) AsaasPlatformEnabled() bool { return c.AsaasURL != "" && c.AsaasAPIKey != "" }

// GoogleEnabled reports whether Google Calendar is configured.
func (c *Config) GoogleEnabled() bool { return c.GoogleClientID != "" && c.GoogleClientSecret != "" }

// PublicURLOr returns the public URL without a trailing slash, or fallback
// when it is not set.
func (c *Config) PublicURLOr(fallback string) string {
	u := c.PublicURL
	if u == "" {
		u = fallback
	}
	return strings.TrimRight(u, "/")
}

// LegacySecretKeyFile is where older releases generated the key: inside
// the data directory, so every backup of the data carried it.
const LegacySecretKeyFile = ".bancada_secret_key"

// DefaultSecretKeyFile is the generated key's file for dataDir when
// BANCADA_SECRET_KEY_FILE is not set: beside the data directory, named
// after it ("/var/lib/bancada/pb_data" → "/var/lib/bancada/pb_data.secret_key"),
// so each data directory has its own key and no backup of the data holds it.
func DefaultSecretKeyFile(dataDir string) string {
	dir, err := filepath.Abs(dataDir) // "." must not become "..secret_key" inside it
	if err != nil {
		dir = filepath.Clean(dataDir)
	}
	return dir + ".secret_key"
}

// SecretKeyPath is the generated key's file: SecretKeyFile, or the default
// beside dataDir.
func (c *Config) SecretKeyPath(dataDir string) string {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile
	}
	return DefaultSecretKeyFile(dataDir)
}
