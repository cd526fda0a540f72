package whatsapp_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/collections"
)

func TestTheIntakeReceiptGoesToTheCustomerOnWhatsApp(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	a := r.f.A
	order := a.Rec[collections.Orders]
	path := "/api/bancada/orders/" + order.Id + "/receipt"

	// Not connected yet: a clear refusal, nothing queued.
	var fail map[string]any
	require.Equal(t, http.StatusBadRequest, r.call(http.MethodPost, path, a.Attend, nil, &fail))
	assert.Contains(t, fail["message"], "Conecte o WhatsApp")

	r.connect(a, "5511900000001")
	dev := a.Rec[collections.Devices]
	dev.Set(collections.DeviceAccessories, []string{"capinha", "carregador"})
	dev.Set(collections.DeviceColor, "preto")
	require.NoError(t, r.app.Save(dev))

	require.Equal(t, http.StatusOK, r.call(http.MethodPost, path, a.Attend, nil, nil))
	r.drain()
	customer := a.Rec[collections.Customers].GetString(collections.CustomerPhone)
	sent := r.sentTo(a, customer)
	require.Len(t, sent, 1)
	assert.Contains(t, sent[0], "Comprovante de entrada — OS 1")
	assert.Contains(t, sent[0], "Acessórios: capinha, carregador")
	assert.Contains(t, sent[0], "Defeito relatado: Tela quebrada")
	assert.Contains(t, sent[0], "/os/"+order.GetString(collections.OrderTrackingToken))

	// Another shop's staff cannot send A's receipt, even naming their shop.
	assert.Equal(t, http.StatusNotFound, r.call(http.MethodPost, path+"?tenant="+r.f.B.ID(), r.f.B.Owner, nil, nil))
	assert.Equal(t, http.StatusUnauthorized, r.call(http.MethodPost, path, nil, nil, nil))
}
