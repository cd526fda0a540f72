package collections

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // zone names validated even where the system has no zoneinfo
	"unicode/utf8"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/msgtemplate"
)

// Bounds of TenantSettings. Every key a shop owner may store is bounded so
// that no setting can make a route slow, huge or failing: the slots a shop
// offers are at most 24 h × 60 / MinSlotMinutes per day for MaxHorizonDays,
// each with at most MaxCapacity places. docs/settings.md lists them.
const (
	MaxWarrantyDays          = 3650 // ten years
	MaxWarrantyTermsChars    = 4000
	MaxDiscountMinDays       = 3650
	MaxWhatsAppIntervalMS    = 60_000
	MaxHandoffTimeoutMinutes = 7 * 24 * 60
	MinSlotMinutes           = 10
	MaxSlotMinutes           = 240
	MaxBufferMinutes         = 240
	MaxCapacity              = 50
	MaxMinNoticeMinutes      = 30 * 24 * 60
	MaxHorizonDays           = 180
	MaxReminders             = 5
	MaxReminderHours         = 14 * 24
	MaxPickupReminderDays    = 365
	MaxTrackingExpiryDays    = 3650
	MaxSpansPerDay           = 6
	MaxHolidays              = 366
	MaxTemplateChars         = 2000
	MaxRetentionMonths       = 120
)

// ParseSettings decodes a tenants.settings value strictly: an unknown key
// (in the settings or in the opening hours), a value of the wrong type or
// malformed JSON is an error, keyed by the settings key it concerns ("" for
// the whole value). Null or empty is the zero TenantSettings (all
// defaults).
func ParseSettings(raw []byte) (TenantSettings, map[string]string) {
	var s TenantSettings
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&s)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return s, nil
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "" && typeErr.Value != "object":
		return s, map[string]string{"": "As configurações devem ser um objeto JSON."}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		key, _, _ := strings.Cut(typeErr.Field, ".")
		return s, map[string]string{key: "Tipo de valor inválido."}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if isWeekdayField(raw, name) {
			return s, map[string]string{"hours": fmt.Sprintf("Dia da semana desconhecido: %q (use mon, tue, wed, thu, fri, sat, sun).", name)}
		}
		if inAssistant(raw, name) {
			return s, map[string]string{"assistant": fmt.Sprintf("Campo desconhecido no assistente: %q.", name)}
		}
		return s, map[string]string{name: "Configuração desconhecida."}
	}
	return s, map[string]string{"": "As configurações não são um JSON válido."}
}

// inAssistant reports whether the unknown field name is inside "assistant"
// (or one of its menu options or FAQ entries) rather than at the top level.
func inAssistant(raw []byte, name string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	if _, atTop := top[name]; atTop {
		return false
	}
	a, ok := top["assistant"]
	return ok && bytes.Contains(a, []byte(`"`+name+`"`))
}

// isWeekdayField reports whether the unknown field name is inside "hours"
// rather than at the top level of the settings.
func isWeekdayField(raw []byte, name string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	if _, atTop := top[name]; atTop {
		return false
	}
	var hours map[string]json.RawMessage
	if json.Unmarshal(top["hours"], &hours) != nil {
		return false
	}
	_, inHours := hours[name]
	return inHours
}

// Validate checks every setting against its bounds and returns messages
// in Portuguese keyed by the JSON key that is wrong (empty when all is
// well). Zero values mean "the default" and are always valid.
func (s TenantSettings) Validate() map[string]string {
	errs := map[string]string{}
	add := func(key, msg string) {
		if _, taken := errs[key]; !taken {
			errs[key] = msg
		}
	}
	between := func(key string, v, lo, hi int, msg string) {
		if v != 0 && (v < lo || v > hi) {
			add(key, msg)
		}
	}
	if s.Hours != nil {
		if err := s.Hours.Validate(); err != nil {
			add("hours", capitalise(err.Error())+".")
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			if len(s.Hours.Day(d)) > MaxSpansPerDay {
				add("hours", fmt.Sprintf("No máximo %d períodos por dia (%s).", MaxSpansPerDay, br.Weekday(d)))
			}
		}
	}
	if len(s.Holidays) > MaxHolidays {
		add("holidays", fmt.Sprintf("No máximo %d feriados.", MaxHolidays))
	}
	for _, h := range s.Holidays {
		d, err := time.Parse(time.DateOnly, h)
		if err != nil || d.Year() < 2000 || d.Year() > 2100 {
			add("holidays", fmt.Sprintf("Data inválida: %q (use AAAA-MM-DD, entre 2000 e 2100).", h))
		}
	}
	validateTemplates(add, "texts", s.Texts, func(key string) (msgtemplate.Text, bool) {
		t, ok := msgtemplate.Lookup(key)
		return t, ok && t.Group != msgtemplate.GroupOrders
	})
	validateTemplates(add, "status_templates", s.StatusTemplates, func(key string) (msgtemplate.Text, bool) {
		return msgtemplate.Lookup(msgtemplate.OrderKey(key))
	})
	between("warranty_days", s.WarrantyDays, 0, MaxWarrantyDays, fmt.Sprintf("A garantia deve ficar entre 0 e %d dias.", MaxWarrantyDays))
	if utf8.RuneCountInString(s.WarrantyTerms) > MaxWarrantyTermsChars {
		add("warranty_terms", fmt.Sprintf("Texto da garantia longo demais (máximo %d caracteres).", MaxWarrantyTermsChars))
	}
	between("discount_percent", s.DiscountPercent, 0, 100, "O desconto deve ficar entre 0 e 100%.")
	between("discount_min_customer_days", s.DiscountMinCustomerDays, 0, MaxDiscountMinDays, fmt.Sprintf("Use de 0 a %d dias.", MaxDiscountMinDays))
	between("whatsapp_min_interval_ms", s.WhatsAppMinIntervalMS, 0, MaxWhatsAppIntervalMS, fmt.Sprintf("Use de 0 a %d milissegundos.", MaxWhatsAppIntervalMS))
	between("handoff_timeout_minutes", s.HandoffTimeoutMinutes, 1, MaxHandoffTimeoutMinutes, fmt.Sprintf("Use de 1 a %d minutos (7 dias).", MaxHandoffTimeoutMinutes))
	between("slot_minutes", s.SlotMinutes, MinSlotMinutes, MaxSlotMinutes, fmt.Sprintf("A duração do horário deve ficar entre %d e %d minutos.", MinSlotMinutes, MaxSlotMinutes))
	between("buffer_minutes", s.BufferMinutes, 0, MaxBufferMinutes, fmt.Sprintf("O intervalo entre horários deve ficar entre 0 e %d minutos.", MaxBufferMinutes))
	between("capacity", s.Capacity, 1, MaxCapacity, fmt.Sprintf("Atendimentos simultâneos: de 1 a %d.", MaxCapacity))
	between("min_notice_minutes", s.MinNoticeMinutes, 0, MaxMinNoticeMinutes, fmt.Sprintf("A antecedência mínima deve ficar entre 0 e %d minutos (30 dias).", MaxMinNoticeMinutes))
	between("horizon_days", s.HorizonDays, 1, MaxHorizonDays, fmt.Sprintf("A agenda abre de 1 a %d dias à frente.", MaxHorizonDays))
	between("pickup_reminder_days", s.PickupReminderDays, 1, MaxPickupReminderDays, fmt.Sprintf("Use de 1 a %d dias.", MaxPickupReminderDays))
	between("tracking_expiry_days", s.TrackingExpiryDays, 1, MaxTrackingExpiryDays, fmt.Sprintf("Use de 1 a %d dias.", MaxTrackingExpiryDays))
	between("retention_months", s.RetentionMonths, 1, MaxRetentionMonths, fmt.Sprintf("Use de 1 a %d meses (0 = não apagar).", MaxRetentionMonths))
	for key, c := range map[string]string{"brand_color": s.BrandColor, "brand_accent": s.BrandAccent} {
		if c != "" && !ValidHexColor(c) {
			add(key, "Cor inválida: use o formato #RRGGBB, ex.: #0B5CAD.")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(s.CardFees)) {
		if !ValidCardFeeKey(key) {
			add("card_fees", fmt.Sprintf("Taxa desconhecida: %q (use pix, debit ou credit_1 a credit_12).", key))
		} else if v := s.CardFees[key]; v < 0 || v > MaxCardFeeBps {
			add("card_fees", "Cada taxa deve ficar entre 0% e 20%.")
		}
	}
	s.Assistant.validate(add)
	validateQuickReplies(add, s.QuickReplies)
	if len(s.ReminderHours) > MaxReminders {
		add("reminder_hours", fmt.Sprintf("No máximo %d lembretes.", MaxReminders))
	}
	for _, h := range s.ReminderHours {
		if h < 1 || h > MaxReminderHours {
			add("reminder_hours", "Lembretes entre 1 hora e 14 dias antes.")
		}
	}
	return errs
}

// validateTemplates checks a map of message templates: known keys only,
// bounded length, known placeholders.
func validateTemplates(add func(key, msg string), field string, m map[string]string, lookup func(string) (msgtemplate.Text, bool)) {
	for _, key := range slices.Sorted(maps.Keys(m)) {
		tpl := m[key]
		text, ok := lookup(key)
		switch {
		case !ok:
			add(field, fmt.Sprintf("Mensagem desconhecida: %q.", key))
		case utf8.RuneCountInString(tpl) > MaxTemplateChars:
			add(field, fmt.Sprintf("%s: texto longo demais (máximo %d caracteres).", text.Label, MaxTemplateChars))
		default:
			if err := msgtemplate.Validate(tpl, text.Vars); err != nil {
				add(field, text.Label+": "+err.Error()+".")
			}
		}
	}
}

// ValidTimezone reports whether zone is an IANA time zone name Bancada can
// load ("" means the default zone).
func ValidTimezone(zone string) bool {
	if zone == "" {
		return true
	}
	if zone == "Local" || strings.TrimSpace(zone) != zone {
		return false
	}
	_, err := time.LoadLocation(zone)
	return err == nil
}

// capitalise upper-cases the first letter of a message.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}

// ValidHexColor reports whether c is a colour written "#rrggbb".
func ValidHexColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		ch := c[i]
		if !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F') {
			return false
		}
	}
	return true
}

// validateQuickReplies checks the shop's quick replies: bounded count,
// a label and a text each, bounded lengths.
func validateQuickReplies(add func(key, msg string), qs []QuickReply) {
	if len(qs) > MaxQuickReplies {
		add("quick_replies", fmt.Sprintf("No máximo %d respostas rápidas.", MaxQuickReplies))
		return
	}
	for i, q := range qs {
		label, text := strings.TrimSpace(q.Label), strings.TrimSpace(q.Text)
		switch {
		case label == "" || text == "":
			add("quick_replies", fmt.Sprintf("Resposta rápida %d: preencha o nome e o texto.", i+1))
		case utf8.RuneCountInString(label) > MaxQuickReplyLabel:
			add("quick_replies", fmt.Sprintf("Resposta rápida %d: nome longo demais (máximo %d caracteres).", i+1, MaxQuickReplyLabel))
		case utf8.RuneCountInString(text) > MaxQuickReplyTextSize:
			add("quick_replies", fmt.Sprintf("Resposta rápida %d: texto longo demais (máximo %d caracteres).", i+1, MaxQuickReplyTextSize))
		default:
			continue
		}
		return
	}
}
