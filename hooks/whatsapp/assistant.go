package whatsapp

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/scope"
)

// PreviewPath is the route that simulates the assistant with unsaved
// settings, for the settings screen.
const PreviewPath = "/api/bancada/assistant/preview"

// previewRoles may preview the assistant (those who edit the settings).
var previewRoles = []collections.Role{collections.RoleOwner, collections.RoleManager}

// maxPreviewText bounds one preview message (a WhatsApp message is at
// most 4,096 characters).
const maxPreviewText = 4096

// assistantSettings is the shop's assistant configuration as the bot
// reads it.
func assistantSettings(st collections.TenantSettings, out *bot.Settings) {
	a := st.Assistant
	if a == nil {
		return
	}
	out.Tone, out.OutOfHours = a.Tone, a.OutOfHours
	if len(a.Menu) > 0 {
		out.Menu = make([]bot.MenuItem, len(a.Menu))
		for i, o := range a.Menu {
			out.Menu[i] = bot.MenuItem{Action: o.Action, Off: o.Off, Label: o.Label, Answer: o.Answer}
		}
	}
	for _, f := range a.FAQ {
		out.FAQ = append(out.FAQ, bot.FAQ{Phrases: slices.Clone(f.Phrases), Answer: f.Answer})
	}
}

// previewBody is what the settings screen posts: the unsaved settings,
// the conversation so far (the State the previous answer returned) and
// the next message.
type previewBody struct {
	Tenant   string          `json:"tenant"`
	Settings json.RawMessage `json:"settings"`
	State    json.RawMessage `json:"state"`
	Text     string          `json:"text"`
	// At simulates another moment (RFC 3339), to try the out-of-hours
	// behaviour; empty = now.
	At string `json:"at"`
}

// previewAnswer is the assistant's answer to one preview message.
type previewAnswer struct {
	Replies []string  `json:"replies"`
	State   bot.State `json:"state"`
	// Handoff is the hand-off reason when the message was passed to a
	// person ("" otherwise).
	Handoff string `json:"handoff"`
}

// previewEngine answers previews: the owner types fast and repeats
// messages, which must not look like another bot or a flood.
var previewEngine = bot.New(bot.Options{FloodMax: 1000, BotLoopLimit: 1000, BotReplyGap: time.Nanosecond})

// routePreview answers POST /api/bancada/assistant/preview: the pure
// assistant runs with the posted settings on the shop's prices and stock,
// for a make-believe customer. It writes nothing and sends nothing:
// bookings and quote requests are pretended, no order is found.
func (s *Service) routePreview(e *core.RequestEvent) error {
	var body previewBody
	if err := e.BindBody(&body); err != nil {
		return apierr.BadRequest("Corpo da requisição inválido.", err)
	}
	sc, err := scope.RequireStaff(e, body.Tenant, previewRoles)
	if err != nil {
		return err
	}
	fields := apierr.Fields{}
	st, problems := collections.ParseSettings(body.Settings)
	if len(problems) == 0 {
		problems = st.Validate()
	}
	if msg, whole := problems[""]; whole {
		fields.Add(collections.TenantSettingsField, "invalid_settings", msg)
	} else if len(problems) > 0 {
		inner := apierr.Fields{}
		for _, key := range slices.Sorted(maps.Keys(problems)) {
			inner.Add(key, "invalid_setting", problems[key])
		}
		fields.Nest(collections.TenantSettingsField, inner)
	}
	if strings.TrimSpace(body.Text) == "" {
		fields.Add("text", "required", "Escreva a mensagem do cliente.")
	} else if len([]rune(body.Text)) > maxPreviewText {
		fields.Add("text", "too_long", "Mensagem longa demais (máximo 4096 caracteres).")
	}
	var state bot.State
	if len(body.State) > 0 && string(body.State) != "null" && json.Unmarshal(body.State, &state) != nil {
		fields.Add("state", "invalid", "Estado da conversa inválido: recomece a simulação.")
	}
	at := s.now()
	if body.At != "" {
		t, err := time.Parse(time.RFC3339, body.At)
		if err != nil {
			fields.Add("at", "invalid", "Data e hora inválidas (use AAAA-MM-DDTHH:MM:SSZ).")
		}
		at = t.UTC()
	}
	if err := fields.Err(); err != nil {
		return apierr.BadRequest(apierr.CheckFields, err)
	}

	// The shop as it would be with these settings (nothing is saved).
	rec := sc.Tenant.ProxyRecord().Fresh()
	rec.Id = sc.Tenant.Id
	rec.Set(collections.TenantSettingsField, st)
	shop := collections.AsTenant(rec)
	tenant := s.botTenant(shop)
	tenant.Active = true
	data := &previewData{tenantData{book: s.book, tx: e.App, tenant: shop, now: at, trackingBase: s.trackingBase()}}
	in := bot.Inbound{Tenant: tenant, Customer: bot.Customer{Name: "Cliente Teste", Known: true}, Text: body.Text, At: at, MessageID: "preview"}
	res, err := previewEngine.Handle(e.Request.Context(), in, state, data)
	if err != nil {
		e.App.Logger().Warn("whatsapp: assistant preview", "tenant", sc.Tenant.Id, "error", err)
	}
	out := previewAnswer{Replies: res.Replies, State: res.State}
	if out.Replies == nil {
		out.Replies = []string{}
	}
	if res.Handoff != nil {
		out.Handoff = res.Handoff.Reason
	}
	return e.JSON(http.StatusOK, out)
}

// previewData reads the shop's prices, stock and free slots and pretends
// everything else: no orders or appointments of the make-believe
// customer, bookings and quote requests that are not stored.
type previewData struct{ tenantData }

// OpenOrders finds none: the preview customer has no orders.
func (d *previewData) OpenOrders(ctx context.Context, customerID string) ([]bot.OrderSummary, error) {
	return nil, nil
}

// Book pretends to book the slot.
func (d *previewData) Book(ctx context.Context, customerID string, s bot.Slot, kind, note string) (bot.Appointment, error) {
	return bot.Appointment{ID: "preview", Start: s.Start, End: s.End, Kind: kind}, nil
}

// Appointments finds none.
func (d *previewData) Appointments(ctx context.Context, customerID string) ([]bot.Appointment, error) {
	return nil, nil
}

// CancelAppointment does nothing (there is nothing to cancel).
func (d *previewData) CancelAppointment(ctx context.Context, customerID, appointmentID string) error {
	return nil
}

// RecordQuoteRequest stores nothing.
func (d *previewData) RecordQuoteRequest(ctx context.Context, q bot.QuoteRequest) error { return nil }
