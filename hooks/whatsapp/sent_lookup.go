package whatsapp

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/messaging"
	"github.com/bancada/bancada/integrations/evolution"
	"github.com/bancada/bancada/outbox"
)

// lookupSlack widens the window asked of Evolution on both sides: its
// clock and ours may differ, and its timestamps are whole seconds.
const lookupSlack = 5 * time.Minute

// lookupPages bounds how far back findSent pages through a busy chat.
const lookupPages = 4

// findSent asks Evolution whether a delivery an earlier attempt may have
// made went out: a message the instance sent to the chat since the row was
// enqueued, with the same text, whose WhatsApp id no other message of the
// shop already carries. It returns nil when nothing matches (send again).
func (s *Service) findSent(ctx context.Context, cl *evolution.Client, instance string, p messaging.Payload, d *outbox.Delivery) (*evolution.SentMessage, error) {
	now := s.now()
	since := d.Enqueued
	if since.IsZero() || since.After(now) {
		// No usable enqueue time on this clock: the longest a delivery
		// stays in retries.
		since = now.Add(-24 * time.Hour)
	}
	jids := chatJIDs(p.Number)
	search := func(remoteJID string, inChat func(evolution.SentMessage) bool) (*evolution.SentMessage, error) {
		for page := 1; page <= lookupPages; page++ {
			res, err := cl.FindMessages(ctx, instance, evolution.FindMessagesRequest{
				RemoteJID: remoteJID, FromMe: true, Since: since.Add(-lookupSlack), Until: now.Add(lookupSlack),
				Page: page, PageSize: 50,
			})
			if err != nil {
				return nil, err
			}
			for i := range res.Records {
				m := res.Records[i]
				if !m.FromMe || m.ID == "" || !inChat(m) || strings.TrimSpace(m.Text) != strings.TrimSpace(p.Text) {
					continue
				}
				if p.Platform || !s.waIDTaken(p.Tenant, m.ID) {
					return &m, nil
				}
			}
			if page >= res.Pages {
				break
			}
		}
		return nil, nil
	}
	for _, jid := range jids {
		if m, err := search(jid, func(evolution.SentMessage) bool { return true }); m != nil || err != nil {
			return m, err
		}
	}
	if strings.Contains(p.Number, "@") {
		return nil, nil
	}
	// WhatsApp may have addressed the chat by @lid: Evolution then stores
	// the send under the @lid with the phone in remoteJidAlt, which its
	// filter does not look at.
	return search("", func(m evolution.SentMessage) bool { return slices.Contains(jids, m.RemoteJIDAlt) })
}

// waIDTaken reports whether a message of the tenant already records the
// WhatsApp id (the same text sent earlier and recorded).
func (s *Service) waIDTaken(tenantID, waID string) bool {
	var n int
	err := s.app.DB().Select("COUNT(*)").From(collections.Messages).
		Where(dbx.HashExp{collections.MessageTenant: tenantID, collections.MessageWAID: waID}).Row(&n)
	return err != nil || n > 0
}

// chatJIDs are the chats Evolution may have stored a send to number
// under: the JID itself, or a phone in both Brazilian forms (with and
// without the ninth digit).
func chatJIDs(number string) []string {
	if strings.Contains(number, "@") {
		return []string{number}
	}
	var out []string
	for _, v := range evolution.PhoneVariants(number) {
		out = append(out, evolution.PhoneToJID(v))
	}
	if len(out) == 0 {
		out = []string{evolution.PhoneToJID(number)}
	}
	return out
}

// ambiguous reports whether a failed send may nevertheless have gone out:
// the connection broke or timed out after the request left, or a gateway
// gave up waiting for Evolution.
func ambiguous(ctx context.Context, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return true
	}
	var ae *evolution.APIError
	if errors.As(err, &ae) {
		return ae.Status == http.StatusBadGateway || ae.Status == http.StatusGatewayTimeout
	}
	return errors.Is(err, evolution.ErrUnreachable)
}
