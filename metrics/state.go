package metrics

import (
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/replica"
)

// backupListTTL is how long a listing of the backups is reused: on S3 a
// listing is a request, and a backup a day needs no fresher age.
const backupListTTL = time.Minute

var (
	inboxBacklogDesc = prometheus.NewDesc("bancada_inbox_backlog",
		"Webhook events waiting to be processed, by provider.", []string{"provider"}, nil)
	inboxLagDesc = prometheus.NewDesc("bancada_inbox_lag_seconds",
		"Age of the oldest webhook event waiting to be processed, by provider.", []string{"provider"}, nil)
	inboxFailedDesc = prometheus.NewDesc("bancada_inbox_failed",
		"Webhook events that failed for good and wait for an operator, by provider.", []string{"provider"}, nil)
	outboxPendingDesc = prometheus.NewDesc("bancada_outbox_pending",
		"Outbox deliveries not yet sent (waiting or in flight), by kind.", []string{"kind"}, nil)
	outboxDeadDesc = prometheus.NewDesc("bancada_outbox_dead",
		"Outbox dead letters waiting for an operator, by kind.", []string{"kind"}, nil)
	realtimeDesc = prometheus.NewDesc("bancada_realtime_clients",
		"Clients connected to the realtime (SSE) endpoint.", nil, nil)
	backupAgeDesc = prometheus.NewDesc("bancada_backup_age_seconds",
		"Age of the newest backup (absent when there is none).", nil, nil)
	backupCountDesc = prometheus.NewDesc("bancada_backups",
		"Backups in the backups storage (local or S3).", nil, nil)
	writerWaitsDesc = prometheus.NewDesc("bancada_sqlite_writer_waits_total",
		"Writes that queued for the database's single writer connection, by database.", []string{"db"}, nil)
	writerWaitDesc = prometheus.NewDesc("bancada_sqlite_writer_wait_seconds_total",
		"Time writes spent queued for the database's single writer connection, by database.", []string{"db"}, nil)
	replicaAgeDesc = prometheus.NewDesc("bancada_replica_sync_age_seconds",
		"Time since the continuous replica last caught up with the database (absent without a replica, or before its first sync).", nil, nil)
	scrapeErrorsDesc = prometheus.NewDesc("bancada_metrics_scrape_errors",
		"Sources that failed during this scrape (1 each).", []string{"source"}, nil)
)

// stateCollector reads the state that lives in the database and the
// backups storage when scraped.
type stateCollector struct {
	app core.App
	now func() time.Time

	mu          sync.Mutex
	backupsAt   time.Time // when the listing below was taken
	backupCount int
	newest      time.Time
	backupErr   error
}

func newStateCollector(app core.App, now func() time.Time) *stateCollector {
	if now == nil {
		now = time.Now
	}
	return &stateCollector{app: app, now: now}
}

// Describe sends every descriptor.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{inboxBacklogDesc, inboxLagDesc, inboxFailedDesc, outboxPendingDesc,
		outboxDeadDesc, realtimeDesc, backupAgeDesc, backupCountDesc, writerWaitsDesc, writerWaitDesc, replicaAgeDesc,
		scrapeErrorsDesc} {
		ch <- d
	}
}

// Collect reads the state and sends it.
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.now().UTC()
	fail := func(source string) {
		ch <- prometheus.MustNewConstMetric(scrapeErrorsDesc, prometheus.GaugeValue, 1, source)
	}
	if err := c.collectInbox(ch, now); err != nil {
		c.app.Logger().Warn("metrics: inbox", "error", err)
		fail("inbox")
	}
	if err := c.collectOutbox(ch); err != nil {
		c.app.Logger().Warn("metrics: outbox", "error", err)
		fail("outbox")
	}
	ch <- prometheus.MustNewConstMetric(realtimeDesc, prometheus.GaugeValue,
		float64(c.app.SubscriptionsBroker().TotalClients()))
	c.collectWriters(ch)
	if r, ok := c.app.Store().Get(replica.StoreKey).(*replica.Replicator); ok {
		if last := r.LastSync(); !last.IsZero() {
			ch <- prometheus.MustNewConstMetric(replicaAgeDesc, prometheus.GaugeValue, max(now.Sub(last).Seconds(), 0))
		}
	}
	count, newest, err := c.backups(now)
	if err != nil {
		c.app.Logger().Warn("metrics: backups", "error", err)
		fail("backups")
		return
	}
	ch <- prometheus.MustNewConstMetric(backupCountDesc, prometheus.GaugeValue, float64(count))
	if !newest.IsZero() {
		ch <- prometheus.MustNewConstMetric(backupAgeDesc, prometheus.GaugeValue, now.Sub(newest).Seconds())
	}
}

// collectWriters reads the writer connection pools' wait counters: each
// database has one writer connection (PocketBase's nonconcurrent pool),
// so a wait there is a write queued behind another write.
func (c *stateCollector) collectWriters(ch chan<- prometheus.Metric) {
	for _, w := range []struct {
		name string
		db   dbx.Builder
	}{{"data", c.app.NonconcurrentDB()}, {"auxiliary", c.app.AuxNonconcurrentDB()}} {
		db, ok := w.db.(*dbx.DB)
		if !ok {
			continue
		}
		st := db.DB().Stats()
		ch <- prometheus.MustNewConstMetric(writerWaitsDesc, prometheus.CounterValue, float64(st.WaitCount), w.name)
		ch <- prometheus.MustNewConstMetric(writerWaitDesc, prometheus.CounterValue, st.WaitDuration.Seconds(), w.name)
	}
}

// collectInbox counts waiting and failed events per provider (the status
// index keeps it to the rows counted).
func (c *stateCollector) collectInbox(ch chan<- prometheus.Metric, now time.Time) error {
	var rows []struct {
		Provider string `db:"provider"`
		Status   string `db:"status"`
		N        int    `db:"n"`
		Oldest   string `db:"oldest"`
	}
	err := c.app.DB().Select(collections.WebhookProvider, collections.WebhookStatus, "COUNT(*) AS n", "MIN("+collections.FieldCreated+") AS oldest").
		From(collections.WebhookEvents).
		Where(dbx.In(collections.WebhookStatus, collections.WebhookPending, collections.WebhookFailed)).
		GroupBy(collections.WebhookProvider, collections.WebhookStatus).All(&rows)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Status == collections.WebhookFailed {
			ch <- prometheus.MustNewConstMetric(inboxFailedDesc, prometheus.GaugeValue, float64(r.N), r.Provider)
			continue
		}
		ch <- prometheus.MustNewConstMetric(inboxBacklogDesc, prometheus.GaugeValue, float64(r.N), r.Provider)
		if oldest, err := types.ParseDateTime(r.Oldest); err == nil && !oldest.IsZero() {
			lag := max(now.Sub(oldest.Time()).Seconds(), 0)
			ch <- prometheus.MustNewConstMetric(inboxLagDesc, prometheus.GaugeValue, lag, r.Provider)
		}
	}
	return nil
}

// collectOutbox counts deliveries not yet sent and dead letters per kind.
func (c *stateCollector) collectOutbox(ch chan<- prometheus.Metric) error {
	var rows []struct {
		Kind   string `db:"kind"`
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := c.app.DB().Select(collections.OutboxKind, collections.OutboxStatus, "COUNT(*) AS n").From(collections.Outbox).
		Where(dbx.In(collections.OutboxStatus, collections.OutboxPending, collections.OutboxSending, collections.OutboxDead)).
		GroupBy(collections.OutboxKind, collections.OutboxStatus).All(&rows)
	if err != nil {
		return err
	}
	pending := map[string]int{}
	for _, r := range rows {
		if r.Status == collections.OutboxDead {
			ch <- prometheus.MustNewConstMetric(outboxDeadDesc, prometheus.GaugeValue, float64(r.N), r.Kind)
			continue
		}
		pending[r.Kind] += r.N
	}
	for kind, n := range pending {
		ch <- prometheus.MustNewConstMetric(outboxPendingDesc, prometheus.GaugeValue, float64(n), kind)
	}
	return nil
}

// backups lists the backups storage, at most once per backupListTTL.
func (c *stateCollector) backups(now time.Time) (int, time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.backupsAt.IsZero() && now.Sub(c.backupsAt) < backupListTTL {
		return c.backupCount, c.newest, c.backupErr
	}
	c.backupsAt = now
	c.backupCount, c.newest, c.backupErr = listBackups(c.app)
	return c.backupCount, c.newest, c.backupErr
}

// listBackups counts the backups and finds the newest one's time.
func listBackups(app core.App) (int, time.Time, error) {
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		return 0, time.Time{}, err
	}
	defer fsys.Close()
	files, err := fsys.List("")
	if err != nil {
		return 0, time.Time{}, err
	}
	var newest time.Time
	for _, f := range files {
		if f.ModTime.After(newest) {
			newest = f.ModTime
		}
	}
	return len(files), newest.UTC(), nil
}
