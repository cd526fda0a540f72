package asaashook

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/integrations/asaas"
)

func TestEventLanesKeepOneSubscriptionOrOneChargeInOrder(t *testing.T) {
	t.Parallel()
	lane := func(body string) string {
		var h eventHead
		require.NoError(t, json.Unmarshal([]byte(body), &h))
		return eventLane(h)
	}
	require.Equal(t, "asaas:sub:sub_1", lane(`{"payment":{"id":"pay_1","subscription":"sub_1"}}`))
	require.Equal(t, "asaas:pay:pay_1", lane(`{"payment":{"id":"pay_1","subscription":null}}`))
	require.Equal(t, "asaas:sub:sub_1", lane(`{"subscription":{"id":"sub_1"}}`))
	require.Equal(t, "", lane(`{"event":"X"}`))
}

func TestEveryTargetOfAKnownEventIsAPaymentState(t *testing.T) {
	t.Parallel()
	for ev := range KnownPaymentEvents {
		for _, st := range []asaas.PaymentStatus{asaas.StatusPending, asaas.StatusReceived, asaas.StatusOverdue, asaas.StatusRefunded} {
			if to := EventTarget(ev, &asaas.Payment{Status: st}); to != "" {
				require.Contains(t, collections.PaymentStatuses, to, "%s %s", ev, st)
			}
		}
	}
}
