package gcal

import (
	"context"
	"fmt"
)

// InsertEvent creates ev in calendarID under the caller's deterministic id
// (see EventID). Inserting is idempotent: when Google answers 409 because
// the id already exists (an earlier attempt succeeded, or the event was
// created and later deleted), the existing event is fetched and returned
// instead of an error. Its Status may then be "cancelled"; reviving it is
// the caller's decision (PatchEvent with Status "confirmed").
func (c *Calendar) InsertEvent(ctx context.Context, calendarID string, ev Event) (*Event, error) {
	if !ValidEventID(ev.ID) {
		return nil, fmt.Errorf("gcal: insert event: invalid event id %q (want 5-1024 chars of [a-v0-9], see EventID)", ev.ID)
	}
	if ev.Start.IsZero() || ev.End.IsZero() {
		return nil, fmt.Errorf("gcal: insert event %s: start and end are required", ev.ID)
	}
	body, err := ev.toAPI()
	if err != nil {
		return nil, fmt.Errorf("gcal: insert event %s: %w", ev.ID, err)
	}
	created, err := c.svc.Events.Insert(calendarID, body).SendUpdates("none").Context(ctx).Do()
	if IsConflict(err) {
		existing, gerr := c.GetEvent(ctx, calendarID, ev.ID)
		if gerr != nil {
			return nil, fmt.Errorf("gcal: insert event %s: already exists, fetching it: %w", ev.ID, gerr)
		}
		return existing, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gcal: insert event %s: %w", ev.ID, err)
	}
	out := eventFromAPI(created, "")
	return &out, nil
}

// GetEvent fetches one event. Deleted events are still returned, with Status
// "cancelled".
func (c *Calendar) GetEvent(ctx context.Context, calendarID, eventID string) (*Event, error) {
	got, err := c.svc.Events.Get(calendarID, eventID).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("gcal: get event %s: %w", eventID, err)
	}
	out := eventFromAPI(got, "")
	return &out, nil
}

// PatchEvent changes the non-empty fields of ev (summary, description,
// location, start/end with TimeZone, status, private properties) on event
// eventID and returns the event as Google stored it. ev.ID is ignored.
func (c *Calendar) PatchEvent(ctx context.Context, calendarID, eventID string, ev Event) (*Event, error) {
	ev.ID = ""
	body, err := ev.toAPI()
	if err != nil {
		return nil, fmt.Errorf("gcal: patch event %s: %w", eventID, err)
	}
	got, err := c.svc.Events.Patch(calendarID, eventID, body).SendUpdates("none").Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("gcal: patch event %s: %w", eventID, err)
	}
	out := eventFromAPI(got, "")
	return &out, nil
}

// DeleteEvent deletes an event. An event that is already gone (404, or 410
// "deleted") counts as deleted, so retries are safe.
func (c *Calendar) DeleteEvent(ctx context.Context, calendarID, eventID string) error {
	err := c.svc.Events.Delete(calendarID, eventID).SendUpdates("none").Context(ctx).Do()
	if err != nil && !IsNotFound(err) && !IsGone(err) {
		return fmt.Errorf("gcal: delete event %s: %w", eventID, err)
	}
	return nil
}
