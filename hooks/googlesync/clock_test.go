package googlesync_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/appointments"
	"github.com/bancada/bancada/integrations/gcal"
)

// TestGoogleOnAnyDate runs the Google flow — consent, a booking that
// becomes an event, an owner moving it in Google (push, sync), the push
// channel renewed before it expires, access tokens refreshed — on a shared
// test clock years before and years after the real one. Every party (the
// app, its Google client, the fake Google, the outbox and inbox) must read
// the injected clock: one that read the real clock instead would fail here
// at once, not on the day the real date passes the tests' fixed date.
func TestGoogleOnAnyDate(t *testing.T) {
	t.Parallel()
	for _, base := range []time.Time{
		time.Date(2019, 6, 4, 17, 0, 0, 0, time.UTC),   // a Tuesday, 14:00 in São Paulo
		time.Date(2046, 11, 27, 17, 0, 0, 0, time.UTC), // a Tuesday, 14:00 in São Paulo
	} {
		t.Run(base.Format("2006"), func(t *testing.T) {
			t.Parallel()
			g := newGoogleEnvAt(t, true, base)
			a := g.F.A
			g.connect(t, a)
			require.Len(t, g.Fake.Channels(), 1)
			day := func(h int) time.Time {
				return time.Date(base.Year(), base.Month(), base.Day()+1, h, 0, 0, 0, sp)
			}
			ap, err := g.Appts.Book(g.App, appointments.BookRequest{Tenant: a.ID(), Customer: a.Rec[collections.Customers].Id,
				Kind: collections.KindDiagnosis, Start: day(10), Source: collections.SourceStaff, Now: g.Clock.Now()})
			require.NoError(t, err)
			g.drain(t)
			ids := []string{}
			for _, e := range g.Fake.Events(g.Fake.PrimaryCalendarID()) {
				ids = append(ids, e.Id)
			}
			require.Contains(t, ids, gcal.EventID(ap.Id), "the booking is an event at Google")

			// Two hours on, the access token has expired on both sides: the
			// next call refreshes instead of earning a 401.
			g.Clock.Add(2 * time.Hour)
			require.NoError(t, g.Fake.MoveEvent(g.Fake.PrimaryCalendarID(), gcal.EventID(ap.Id), day(16), day(16).Add(30*time.Minute)))
			g.drain(t)
			assert.Equal(t, day(16).UTC(), reload(t, g.App, ap.Id).Start())

			// A day before the channel's week is up, it is renewed.
			old := channelID(t, g, a.ID())
			g.Clock.Add(6*24*time.Hour - time.Hour)
			require.NoError(t, g.Sync.SyncAll(context.Background(), g.App))
			assert.NotEqual(t, old, channelID(t, g, a.ID()), "a new channel")
			assert.Len(t, g.Fake.Channels(), 1, "the old one stopped")
		})
	}
}
