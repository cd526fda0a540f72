package gcal

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/api/calendar/v3"
)

// SyncResult is the outcome of SyncEvents.
type SyncResult struct {
	// Events are the changed events (incremental) or every event in the
	// window (full). Deleted events have Status "cancelled".
	Events []Event
	// NextSyncToken is the cursor for the next incremental sync; store it
	// only after Events were applied. Empty if Google gave none (the next
	// call then does a full sync).
	NextSyncToken string
	// FullResync means Events is a complete snapshot, not a delta: the
	// caller must forget local state for this calendar that is not in it.
	// It is set for a sync without a token and when Google answered 410
	// to the stored token.
	FullResync bool
}

// SyncEvents lists the events of calendarID, following every page.
//
// With an empty syncToken it does a full sync of the events ending after
// now minus the sync window (30 days by default). With a syncToken it returns
// only what changed since, including deletions; if Google answers 410 (token
// expired or invalidated) it transparently redoes the full sync and sets
// FullResync.
//
// Recurring events are NOT expanded (singleEvents=false, Google's default):
// syncToken requires the same parameters on every incremental call as on the
// full sync, and without expansion a change to a series is one entry instead
// of one per instance, with no timeMax needed for endless series. Bancada
// only needs its own single appointments here; busy time from the owner's
// recurring events comes from FreeBusy, which expands them.
func (c *Calendar) SyncEvents(ctx context.Context, calendarID, syncToken string) (*SyncResult, error) {
	res, err := c.listEvents(ctx, calendarID, syncToken)
	if syncToken != "" && IsGone(err) {
		res, err = c.listEvents(ctx, calendarID, "")
	}
	if err != nil {
		return nil, fmt.Errorf("gcal: sync events of %s: %w", calendarID, err)
	}
	return res, nil
}

func (c *Calendar) listEvents(ctx context.Context, calendarID, syncToken string) (*SyncResult, error) {
	call := c.svc.Events.List(calendarID).MaxResults(c.pageSize).SingleEvents(false)
	res := &SyncResult{FullResync: syncToken == ""}
	if syncToken != "" {
		// timeMin/timeMax/orderBy/q/updatedMin cannot go with syncToken;
		// deleted events always come back.
		call = call.SyncToken(syncToken)
	} else {
		call = call.TimeMin(c.now().Add(-c.syncWindow).UTC().Format(time.RFC3339))
	}
	err := call.Pages(ctx, func(page *calendar.Events) error {
		for _, ev := range page.Items {
			res.Events = append(res.Events, eventFromAPI(ev, page.TimeZone))
		}
		// Only the last page carries nextSyncToken.
		if page.NextSyncToken != "" {
			res.NextSyncToken = page.NextSyncToken
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
