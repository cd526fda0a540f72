package wiring

import (
	"context"
	"fmt"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/config"
	"github.com/bancada/bancada/demo"
)

// Ids of the start and stop handlers.
const (
	startHookID = "bancadaStart"
	stopHookID  = "bancadaStop"
)

// workers are the outbox, the inbox processor and the schedules while
// the server runs.
type workers struct {
	mu      sync.Mutex
	cancel  context.CancelFunc
	running sync.WaitGroup
}

// bindStart binds what a real start does around PocketBase's own: before
// the server is built, the schema update (collections.Sync, so a field,
// index or rule added since the last release reaches this database), the
// e-mail links' base URL and the demo seed; after the listener is bound,
// the workers. On termination the workers stop and drain before anything
// else closes: PocketBase closes the database last.
func (a *App) bindStart() {
	a.app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: startHookID,
		Func: func(se *core.ServeEvent) error {
			if err := collections.Sync(se.App); err != nil {
				return fmt.Errorf("wiring: schema: %w", err)
			}
			// E-mail links (password reset, invitations) point at this server.
			se.App.Settings().Meta.AppURL = a.Deps.Config.PublicURL
			if a.Fakes != nil {
				if err := a.Fakes.ForgetLostSessions(se.App); err != nil {
					se.App.Logger().Warn("demo: whatsapp sessions of the previous run", "error", err)
				}
			}
			if a.Deps.Config.Demo {
				if err := seedDemo(se.App, a.Deps.Config.PublicURL); err != nil {
					return err
				}
			}
			if err := se.Next(); err != nil {
				return err
			}
			return a.startWorkers()
		},
	})
	a.app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: stopHookID,
		Func: func(e *core.TerminateEvent) error {
			a.drain()
			return e.Next()
		},
		// Before PocketBase stops the server (-9999) and closes the
		// database: the database must outlive the work in flight.
		Priority: -10000,
	})
}

// drain stops intake and work within the shutdown timeout: new requests
// get 503 with Retry-After while those in flight finish, then the workers
// stop and drain. Work still running at the deadline is left to the
// next start (the inbox and the outbox find it again).
func (a *App) drain() {
	timeout := a.Deps.Config.ShutdownTimeout
	if timeout <= 0 {
		timeout = config.DefaultShutdownTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if n := a.gate.Drain(ctx); n > 0 {
		a.app.Logger().Warn("shutdown: requests still in flight at the deadline", "requests", n, "timeout", timeout.String())
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.stopWorkers()
	}()
	select {
	case <-stopped:
	case <-ctx.Done():
		a.app.Logger().Warn("shutdown: work still in flight at the deadline; the next start picks it up", "timeout", timeout.String())
	}
}

// startWorkers runs the outbox, the inbox processor and the schedules.
func (a *App) startWorkers() error {
	w := &a.workers
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return nil // already running
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.running.Add(2)
	go func() {
		defer w.running.Done()
		if err := a.Deps.Outbox.Run(ctx); err != nil {
			a.app.Logger().Error("outbox stopped", "error", err)
		}
	}()
	go func() {
		defer w.running.Done()
		_ = a.Deps.Inbox.Run(ctx)
	}()
	if err := a.Deps.Jobs.Start(ctx, br.LoadLocation(a.Deps.Config.Timezone)); err != nil {
		return err
	}
	return nil
}

// stopWorkers cancels the workers and waits until the deliveries, events
// and jobs in flight have returned and the inbox has committed what it
// holds.
func (a *App) stopWorkers() {
	w := &a.workers
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		w.cancel()
		a.Deps.Jobs.Stop()
		w.running.Wait()
		w.cancel = nil
	}
	a.Deps.Inbox.Close()
}

// seedDemo seeds the demo shop and prints where to go and how to sign in.
func seedDemo(app core.App, publicURL string) error {
	res, err := demo.Seed(app)
	if err != nil {
		return err
	}
	if err := demo.EnsureSuperuser(app); err != nil {
		return err
	}
	fmt.Print(demo.Banner(publicURL, res.Created))
	return nil
}
