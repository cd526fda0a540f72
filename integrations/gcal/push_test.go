package gcal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/integrations/gcal"
	"github.com/bancada/bancada/integrations/gcal/gcalfake"
)

// pushReceiver is the app's webhook: it hands every notification's headers
// to the test.
func pushReceiver(t *testing.T) (string, <-chan http.Header) {
	t.Helper()
	got := make(chan http.Header, 16)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Zero(t, r.ContentLength, "empty body")
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/webhooks/google", got
}

func next(t *testing.T, ch <-chan http.Header) http.Header {
	t.Helper()
	select {
	case h := <-ch:
		return h
	case <-time.After(5 * time.Second):
		t.Fatal("no push notification")
		return nil
	}
}

func TestWatchAndPush(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	clk := newClock(now)
	srv, cal := newConnectedCalendar(t, gcalfake.Options{Clock: clk.Now}, gcal.WithClock(clk.Now))
	address, pushes := pushReceiver(t)
	ev := appointment("push", now.Add(24*time.Hour))
	_, err := cal.InsertEvent(ctx, "primary", ev)
	require.NoError(t, err)

	ch, err := cal.Watch(ctx, "primary", "chan-0001", address, "s3cr3t-channel-token", 48*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, "chan-0001", ch.ID)
	assert.NotEmpty(t, ch.ResourceID)
	assert.True(t, ch.Expiration.Equal(now.Add(48*time.Hour)), "%v", ch.Expiration)

	sync, err := gcal.ParsePush(next(t, pushes))
	require.NoError(t, err)
	assert.Equal(t, gcal.PushNotification{
		ChannelID: "chan-0001", Token: "s3cr3t-channel-token", ResourceID: ch.ResourceID,
		ResourceURI:   srv.URL() + "/calendar/v3/calendars/" + srv.PrimaryCalendarID() + "/events?alt=json",
		ResourceState: gcal.ResourceStateSync, MessageNumber: 1, Expiration: now.Add(48 * time.Hour),
	}, sync)
	assert.True(t, gcal.VerifyChannelToken(sync.Token, "s3cr3t-channel-token"))

	// The owner moves the event in Google: "exists", then our sync sees it.
	require.NoError(t, srv.MoveEvent("primary", ev.ID, now.Add(48*time.Hour), now.Add(49*time.Hour)))
	n, err := gcal.ParsePush(next(t, pushes))
	require.NoError(t, err)
	assert.Equal(t, gcal.ResourceStateExists, n.ResourceState)
	assert.Equal(t, int64(2), n.MessageNumber)
	require.NoError(t, srv.DeleteEventExternally("primary", ev.ID))
	n, err = gcal.ParsePush(next(t, pushes))
	require.NoError(t, err)
	assert.Equal(t, int64(3), n.MessageNumber)

	// Same id again while live: Google refuses.
	_, err = cal.Watch(ctx, "primary", "chan-0001", address, "x", time.Hour)
	assert.Equal(t, "channelIdNotUnique", gcal.Reason(err))

	require.NoError(t, cal.StopChannel(ctx, ch.ID, ch.ResourceID))
	require.NoError(t, cal.StopChannel(ctx, ch.ID, ch.ResourceID), "stopping twice is fine")
	assert.Empty(t, srv.Channels())
	_, err = cal.InsertEvent(ctx, "primary", appointment("after-stop", now.Add(time.Hour)))
	require.NoError(t, err)
	require.NoError(t, srv.MoveEvent("primary", gcal.EventID("after-stop"), now.Add(2*time.Hour), now.Add(3*time.Hour)))
	select {
	case h := <-pushes:
		t.Fatalf("push after stop: %v", h)
	default:
	}
}

func TestWatchValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, cal := newConnectedCalendar(t, gcalfake.Options{})
	_, err := cal.Watch(ctx, "primary", "", "http://x", "t", time.Hour)
	assert.Error(t, err)
	_, err = cal.Watch(ctx, "primary", string(make([]byte, 65)), "http://x", "t", time.Hour)
	assert.Error(t, err)
	_, err = cal.Watch(ctx, "unknown@example.com", "c1", "http://x", "t", time.Hour)
	assert.True(t, gcal.IsNotFound(err))
}

func TestParsePush(t *testing.T) {
	t.Parallel()
	full := func() http.Header {
		h := http.Header{}
		h.Set("X-Goog-Channel-ID", "c1")
		h.Set("X-Goog-Channel-Token", "tok")
		h.Set("X-Goog-Channel-Expiration", "Tue, 19 Nov 2013 01:13:52 GMT")
		h.Set("X-Goog-Resource-ID", "r1")
		h.Set("X-Goog-Resource-URI", "https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json")
		h.Set("X-Goog-Resource-State", "exists")
		h.Set("X-Goog-Message-Number", "42")
		return h
	}
	n, err := gcal.ParsePush(full())
	require.NoError(t, err)
	assert.Equal(t, gcal.PushNotification{
		ChannelID: "c1", Token: "tok", ResourceID: "r1", ResourceState: "exists", MessageNumber: 42,
		ResourceURI: "https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json",
		Expiration:  time.Date(2013, 11, 19, 1, 13, 52, 0, time.UTC),
	}, n)

	tests := map[string]func(http.Header){
		"no channel id":      func(h http.Header) { h.Del("X-Goog-Channel-ID") },
		"no resource id":     func(h http.Header) { h.Del("X-Goog-Resource-ID") },
		"no resource state":  func(h http.Header) { h.Del("X-Goog-Resource-State") },
		"bad message number": func(h http.Header) { h.Set("X-Goog-Message-Number", "x") },
		"bad expiration":     func(h http.Header) { h.Set("X-Goog-Channel-Expiration", "tomorrow") },
	}
	for name, mutate := range tests {
		h := full()
		mutate(h)
		_, err := gcal.ParsePush(h)
		assert.Error(t, err, name)
	}
	// Optional headers may be missing.
	h := full()
	h.Del("X-Goog-Channel-Token")
	h.Del("X-Goog-Message-Number")
	h.Del("X-Goog-Channel-Expiration")
	n, err = gcal.ParsePush(h)
	require.NoError(t, err)
	assert.Zero(t, n.MessageNumber)
	assert.True(t, n.Expiration.IsZero())
}

func TestVerifyChannelToken(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		got, want string
		ok        bool
	}{
		{"abc", "abc", true},
		{"abd", "abc", false},
		{"ab", "abc", false},
		{"", "abc", false},
		{"", "", false},
		{"abc", "", false},
	} {
		assert.Equal(t, tt.ok, gcal.VerifyChannelToken(tt.got, tt.want), "%q vs %q", tt.got, tt.want)
	}
}
