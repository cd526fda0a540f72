package gcal

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"google.golang.org/api/calendar/v3"
)

// Push notification headers Google sends to a channel's address.
const (
	HeaderChannelID         = "X-Goog-Channel-ID"
	HeaderChannelToken      = "X-Goog-Channel-Token"
	HeaderChannelExpiration = "X-Goog-Channel-Expiration"
	HeaderResourceID        = "X-Goog-Resource-ID"
	HeaderResourceURI       = "X-Goog-Resource-URI"
	HeaderResourceState     = "X-Goog-Resource-State"
	HeaderMessageNumber     = "X-Goog-Message-Number"
)

// Resource states of a push notification.
const (
	ResourceStateSync      = "sync"       // first message after the channel is created
	ResourceStateExists    = "exists"     // something in the watched collection changed
	ResourceStateNotExists = "not_exists" // the watched resource itself is gone
)

// Channel is a push notification channel as Google created it.
type Channel struct {
	ID         string
	ResourceID string // needed to stop the channel
	Expiration time.Time
}

// Watch asks Google to POST to address whenever events of calendarID
// change. channelID must be unique (e.g. a UUID, at most 64 characters) and
// token is echoed in every notification (verify it with VerifyChannelToken).
// ttl > 0 requests an expiration; Google may shorten it. Channels are not
// renewed by Google: create a new one before Expiration, then stop the old.
func (c *Calendar) Watch(ctx context.Context, calendarID, channelID, address, token string, ttl time.Duration) (*Channel, error) {
	if channelID == "" || len(channelID) > 64 {
		return nil, fmt.Errorf("gcal: watch %s: channel id must have 1-64 characters", calendarID)
	}
	req := &calendar.Channel{Id: channelID, Type: "web_hook", Address: address, Token: token}
	if ttl > 0 {
		req.Expiration = c.now().Add(ttl).UnixMilli()
	}
	ch, err := c.svc.Events.Watch(calendarID, req).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("gcal: watch %s: %w", calendarID, err)
	}
	out := &Channel{ID: ch.Id, ResourceID: ch.ResourceId}
	if ch.Expiration > 0 {
		out.Expiration = time.UnixMilli(ch.Expiration).UTC()
	}
	return out, nil
}

// StopChannel stops a channel. A channel Google no longer knows (404:
// stopped already or expired) counts as stopped.
func (c *Calendar) StopChannel(ctx context.Context, channelID, resourceID string) error {
	err := c.svc.Channels.Stop(&calendar.Channel{Id: channelID, ResourceId: resourceID}).Context(ctx).Do()
	if err != nil && !IsNotFound(err) {
		return fmt.Errorf("gcal: stop channel %s: %w", channelID, err)
	}
	return nil
}

// PushNotification is what an inbound push request says. The body is empty:
// the notification only means "run an incremental sync".
type PushNotification struct {
	ChannelID     string
	Token         string
	ResourceID    string
	ResourceURI   string
	ResourceState string
	MessageNumber int64
	Expiration    time.Time // zero when the header is absent
}

// ParsePush reads the X-Goog-* headers of an inbound push notification.
// Channel id, resource id and resource state are required.
func ParsePush(h http.Header) (PushNotification, error) {
	n := PushNotification{
		ChannelID:     h.Get(HeaderChannelID),
		Token:         h.Get(HeaderChannelToken),
		ResourceID:    h.Get(HeaderResourceID),
		ResourceURI:   h.Get(HeaderResourceURI),
		ResourceState: h.Get(HeaderResourceState),
	}
	switch {
	case n.ChannelID == "":
		return n, fmt.Errorf("gcal: parse push: missing %s", HeaderChannelID)
	case n.ResourceID == "":
		return n, fmt.Errorf("gcal: parse push: missing %s", HeaderResourceID)
	case n.ResourceState == "":
		return n, fmt.Errorf("gcal: parse push: missing %s", HeaderResourceState)
	}
	if v := h.Get(HeaderMessageNumber); v != "" {
		num, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return n, fmt.Errorf("gcal: parse push: %s %q: %w", HeaderMessageNumber, v, err)
		}
		n.MessageNumber = num
	}
	if v := h.Get(HeaderChannelExpiration); v != "" {
		// Google writes it like "Tue, 19 Nov 2013 01:13:52 GMT".
		t, err := http.ParseTime(v)
		if err != nil {
			return n, fmt.Errorf("gcal: parse push: %s %q: %w", HeaderChannelExpiration, v, err)
		}
		n.Expiration = t.UTC()
	}
	return n, nil
}

// VerifyChannelToken compares the token of a notification with the one
// stored for the channel in constant time. An empty want never matches.
func VerifyChannelToken(got, want string) bool {
	if want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
