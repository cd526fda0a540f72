package collections

import (
	"github.com/bancada/bancada/availability"
)

// TenantSettings is the JSON stored in tenants.settings: everything a shop
// owner configures about how the shop works and speaks. Zero values mean
// "use the default" (see WithDefaults), so older records keep working when
// fields are added.
type TenantSettings struct {
	// Hours are the opening hours per weekday, in the tenant's zone.
	Hours *availability.Week `json:"hours,omitempty"`
	// Holidays are closed days, "2026-12-25", in the tenant's zone.
	Holidays []string `json:"holidays,omitempty"`

	// Texts are the shop's own wording for the assistant; empty = default.
	Texts map[string]string `json:"texts,omitempty"`
	// StatusTemplates are the WhatsApp messages per order status; empty = default.
	StatusTemplates map[string]string `json:"status_templates,omitempty"`

	// WarrantyDays is the default warranty of a repair (CDC minimum is 90).
	WarrantyDays int `json:"warranty_days,omitempty"`
	// WarrantyTerms is printed on receipts.
	WarrantyTerms string `json:"warranty_terms,omitempty"`

	// DiscountPercent off quotes for customers older than DiscountMinCustomerDays; 0 = off.
	DiscountPercent         int `json:"discount_percent,omitempty"`
	DiscountMinCustomerDays int `json:"discount_min_customer_days,omitempty"`

	// ShowStockQuantity lets the assistant tell customers how many parts are in stock.
	ShowStockQuantity bool `json:"show_stock_quantity,omitempty"`
	// NotifyOutsideHours lets order notifications go out while the shop is closed.
	NotifyOutsideHours bool `json:"notify_outside_hours,omitempty"`
	// WhatsAppMinIntervalMS spaces proactive messages (notices, reminders,
	// charges) from this shop's WhatsApp; replies to customers who just
	// wrote have their own pace. 0 = platform default.
	WhatsAppMinIntervalMS int `json:"whatsapp_min_interval_ms,omitempty"`
	// HandoffTimeoutMinutes returns a conversation to the assistant after this much silence.
	HandoffTimeoutMinutes int `json:"handoff_timeout_minutes,omitempty"`

	// Appointment slots.
	SlotMinutes      int `json:"slot_minutes,omitempty"`
	BufferMinutes    int `json:"buffer_minutes,omitempty"`
	Capacity         int `json:"capacity,omitempty"`
	MinNoticeMinutes int `json:"min_notice_minutes,omitempty"`
	HorizonDays      int `json:"horizon_days,omitempty"`
	// ReminderHours before each appointment, e.g. [24, 2].
	ReminderHours []int `json:"reminder_hours,omitempty"`
	// PickupReminderDays after an order is ready and not collected; 0 = default.
	PickupReminderDays int `json:"pickup_reminder_days,omitempty"`

	// TrackingExpiryDays after delivery the public tracking page stops working.
	TrackingExpiryDays int `json:"tracking_expiry_days,omitempty"`

	// RetentionMonths after an order is delivered (or cancelled) its
	// customer's WhatsApp messages and its device's photos are deleted,
	// once the customer has no open order; 0 = keep (the default).
	RetentionMonths int `json:"retention_months,omitempty"`

	// BrandColor and BrandAccent are the shop's colours ("#rrggbb") on
	// what customers see (tracking page, receipts) and the staff app's
	// header; "" = Bancada's.
	BrandColor  string `json:"brand_color,omitempty"`
	BrandAccent string `json:"brand_accent,omitempty"`

	// CardFees are the fees the shop pays per payment method, in basis
	// points (hundredths of a percent: 349 = 3,49%), keyed by CardFeeKey:
	// "pix", "debit", "credit_1" … "credit_12" (by installments).
	CardFees map[string]int `json:"card_fees,omitempty"`

	// Assistant is how the shop's WhatsApp assistant behaves: its menu,
	// FAQ, greeting tone and out-of-hours mode; nil = the defaults.
	Assistant *AssistantSettings `json:"assistant,omitempty"`

	// QuickReplies are the shop's own ready answers staff pick in the
	// WhatsApp inbox, beside the message templates.
	QuickReplies []QuickReply `json:"quick_replies,omitempty"`
}

// QuickReply is one of the shop's ready answers: a short label staff pick
// and the text it puts in the reply box ({{CLIENTE}} and {{LOJA}} are
// filled in the inbox).
type QuickReply struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Bounds of the shop's quick replies.
const (
	MaxQuickReplies       = 30
	MaxQuickReplyLabel    = 40
	MaxQuickReplyTextSize = 1000
)

// Default values of TenantSettings.
const (
	DefaultWarrantyDays          = 90
	DefaultHandoffTimeoutMinutes = 120
	DefaultSlotMinutes           = 30
	DefaultCapacity              = 1
	DefaultMinNoticeMinutes      = 120
	DefaultHorizonDays           = 30
	DefaultPickupReminderDays    = 7
	DefaultTrackingExpiryDays    = 90
)

// DefaultWarrantyTerms is the receipt text a shop starts with.
const DefaultWarrantyTerms = "Garantia de 90 dias para o serviço executado e peças substituídas, conforme o Código de Defesa do Consumidor (art. 26, II). " +
	"A garantia não cobre danos por queda, líquidos, mau uso ou violação do lacre. " +
	"Aparelhos não retirados em até 90 dias após o aviso de conclusão poderão ser descartados ou vendidos para cobrir custos (art. 1.275 do Código Civil)."

// WithDefaults returns s with every unset value replaced by its default.
func (s TenantSettings) WithDefaults() TenantSettings {
	if s.Hours == nil {
		w := availability.DefaultWeek()
		s.Hours = &w
	}
	if s.WarrantyDays == 0 {
		s.WarrantyDays = DefaultWarrantyDays
	}
	if s.WarrantyTerms == "" {
		s.WarrantyTerms = DefaultWarrantyTerms
	}
	if s.HandoffTimeoutMinutes == 0 {
		s.HandoffTimeoutMinutes = DefaultHandoffTimeoutMinutes
	}
	if s.SlotMinutes == 0 {
		s.SlotMinutes = DefaultSlotMinutes
	}
	if s.Capacity == 0 {
		s.Capacity = DefaultCapacity
	}
	if s.MinNoticeMinutes == 0 {
		s.MinNoticeMinutes = DefaultMinNoticeMinutes
	}
	if s.HorizonDays == 0 {
		s.HorizonDays = DefaultHorizonDays
	}
	if s.ReminderHours == nil {
		s.ReminderHours = []int{24, 2}
	}
	if s.PickupReminderDays == 0 {
		s.PickupReminderDays = DefaultPickupReminderDays
	}
	if s.TrackingExpiryDays == 0 {
		s.TrackingExpiryDays = DefaultTrackingExpiryDays
	}
	return s
}
