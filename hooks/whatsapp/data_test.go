package whatsapp_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/stretchr/testify/require"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/hooktest"
	"github.com/bancada/bancada/hooks/whatsapp"
)

func TestDataIsBoundToItsTenant(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	f := hooktest.Seed(t, app)
	ctx := t.Context()
	part := func(s *hooktest.Shop, name, models string, price, qty int) {
		hooktest.NewRecord(t, app, collections.Parts, map[string]any{"tenant": s.ID(), "name": name,
			"compatible_models": models, "price_cents": price, "quantity": qty})
	}
	part(f.A, "Bateria Moto G8 (paralela)", "Moto G8, G8 Plus", 8900, 7)
	part(f.A, "Película de vidro", "Galaxy A52; Galaxy A53", 2500, 0)
	part(f.A, "Tela iPhone 11", "", 60000, 2)
	part(f.B, "Bateria Moto G8 (original)", "Moto G8", 15000, 3)
	d := whatsapp.NewData(app, collections.AsTenant(f.A.Tenant), f.A.Rec[collections.Conversations].Id, hooktest.Now, "https://loja.test/os")

	cases := []struct {
		q    bot.PartQuery
		want []bot.Part
	}{
		{bot.PartQuery{Part: "bateria", Model: "moto g8"}, []bot.Part{{Name: "Bateria Moto G8 (paralela)", PriceCents: 8900, Quantity: 7, Available: true}}},
		{bot.PartQuery{Part: "BATERIA", Model: "G8"}, []bot.Part{{Name: "Bateria Moto G8 (paralela)", PriceCents: 8900, Quantity: 7, Available: true}}},
		{bot.PartQuery{Part: "pelicula", Model: "galaxy a53"}, []bot.Part{{Name: "Película de vidro", PriceCents: 2500, Quantity: 0, Available: false}}},
		{bot.PartQuery{Part: "tela", Model: "iphone 11"}, []bot.Part{{Name: "Tela iPhone 11", PriceCents: 60000, Quantity: 2, Available: true}}},
		{bot.PartQuery{Part: "tela", Model: "redmi note 8"}, nil},
		{bot.PartQuery{Text: "tem pelicula ai"}, []bot.Part{{Name: "Película de vidro", PriceCents: 2500, Quantity: 0, Available: false}}},
		{bot.PartQuery{Part: "original"}, nil}, // shop B's part is not shop A's stock
	}
	for _, tc := range cases {
		got, err := d.SearchParts(ctx, tc.q, 5)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "%+v", tc.q)
	}

	// Open orders: the customer's own, with what is still due and the link.
	cust := f.A.Rec[collections.Customers]
	o := collections.AsOrder(f.A.Rec[collections.Orders])
	o.SetQuoteLines([]collections.QuoteLine{{Kind: collections.LineLabor, Description: "Tela", Quantity: 1, UnitCents: 25000}})
	o.SetPaid(5000)
	o.Set(collections.OrderExpectedAt, hooktest.Now.Add(48*time.Hour))
	require.NoError(t, app.Save(o))
	done := collections.AsOrder(hooktest.NewOrder(t, app, f.A.ID(), cust.Id, f.A.Rec[collections.Devices].Id))
	done.SetStatus(collections.StatusCancelled)
	audit.SetActor(done.Record, audit.System)
	require.NoError(t, app.Save(done))
	orders, err := d.OpenOrders(ctx, cust.Id)
	require.NoError(t, err)
	require.Len(t, orders, 1, "cancelled orders are closed")
	require.Equal(t, bot.OrderSummary{CustomerID: cust.Id, Number: o.Number(), Device: "Apple iPhone 11", Status: "received",
		StatusLabel: "Recebido", Expected: orders[0].Expected, DueCents: 20000, TrackingURL: "https://loja.test/os/" + o.TrackingToken()}, orders[0])
	require.Equal(t, hooktest.Now.Add(48*time.Hour), orders[0].Expected.UTC())
	other, err := d.OpenOrders(ctx, f.B.Rec[collections.Customers].Id)
	require.NoError(t, err)
	require.Empty(t, other, "shop B's customer has no orders at shop A")
	none, err := d.OpenOrders(ctx, "")
	require.NoError(t, err)
	require.Empty(t, none)

	// Appointments of someone else cannot be cancelled.
	appt := f.A.Rec[collections.Appointments]
	stranger := hooktest.NewCustomer(t, app, f.A.ID(), "Outro")
	require.Error(t, d.CancelAppointment(ctx, stranger.Id, appt.Id))
	require.Error(t, d.CancelAppointment(ctx, f.B.Rec[collections.Customers].Id, f.B.Rec[collections.Appointments].Id))
	require.Error(t, d.CancelAppointment(ctx, "", appt.Id))
	still, err := app.FindRecordById(collections.Appointments, appt.Id)
	require.NoError(t, err)
	require.Equal(t, string(collections.AppointmentScheduled), still.GetString(collections.AppointmentStatus))
	upcoming, err := d.Appointments(ctx, cust.Id)
	require.NoError(t, err)
	require.Len(t, upcoming, 1)
	require.NoError(t, d.CancelAppointment(ctx, cust.Id, appt.Id))
	upcoming, err = d.Appointments(ctx, cust.Id)
	require.NoError(t, err)
	require.Empty(t, upcoming)

	// A sender known only by @lid cannot book.
	_, err = d.Book(ctx, "", bot.Slot{Start: hooktest.Now.Add(24 * time.Hour), End: hooktest.Now.Add(24*time.Hour + 30*time.Minute)}, bot.KindDropOff, "")
	require.ErrorIs(t, err, whatsapp.ErrNoCustomer)
}

func TestFits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		model, name, models string
		ok, exact           bool
	}{
		{"motog8", "bateria moto g8", "", true, true},
		{"motog8", "bateria", "Moto G8, G8 Plus", true, true},
		{"motog8", "bateria", "G8", true, true},
		{"iphone11", "tela", "iPhone 11 / iPhone 11 Pro", true, true},
		{"iphone11", "tela", "iPhone 12", false, false},
		{"a52", "pelicula", "Galaxy A52", true, true},
		{"motog8", "bateria", "", false, false},
	}
	for _, tc := range cases {
		ok, exact := whatsapp.Fits(tc.model, tc.name, tc.models)
		require.Equal(t, tc.ok, ok, "%+v", tc)
		require.Equal(t, tc.exact, exact, "%+v", tc)
	}
}

// The hot lookups of every inbound message and receipt use an index, so
// a shop's history does not slow its WhatsApp down.
func TestLookupsUseIndexes(t *testing.T) {
	t.Parallel()
	app := hooktest.NewApp(t)
	cases := []struct {
		collection string
		exp        dbx.Expression
		index      string
	}{
		{collections.Messages, whatsapp.ByWAID("3EB0ABC", collections.DirectionIn), "idx_messages_wa_id"},
		{collections.Messages, whatsapp.ByWAID("3EB0ABC", collections.DirectionOut), "idx_messages_wa_id"},
		{collections.Customers, whatsapp.ByLID("123@lid"), "idx_customers_tenant_lid"},
		{collections.Customers, dbx.In(collections.CustomerPhone, "5531998296801", "553198296801"), "idx_customers_tenant_phone"},
	}
	for _, tc := range cases {
		q := app.RecordQuery(tc.collection).AndWhere(dbx.HashExp{collections.FieldTenant: "t1"}).AndWhere(tc.exp).Limit(1).Build()
		var plan []struct {
			Detail string `db:"detail"`
		}
		require.NoError(t, app.DB().NewQuery("EXPLAIN QUERY PLAN "+q.SQL()).Bind(q.Params()).All(&plan))
		require.NotEmpty(t, plan)
		require.Contains(t, plan[0].Detail, tc.index, q.SQL())
	}
}
