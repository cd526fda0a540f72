package asaasfake

import (
	"net/http"
	"net/url"
	"slices"
)

// maxWebhooks is how many webhook queues an Asaas account may have.
const maxWebhooks = 10

// Webhook is a snapshot of a webhook queue: its configuration, the events
// still waiting for an HTTP 200 (oldest first) and the count of consecutive
// failed deliveries (15 interrupt the queue).
type Webhook struct {
	ID                  string
	AccountID           string
	Name                string
	URL                 string
	Email               string
	Enabled             bool
	Interrupted         bool
	APIVersion          int
	AuthToken           string
	SendType            string
	Events              []string
	Pending             []string
	ConsecutiveFailures int
}

func (wh *Webhook) subscribed(eventType string) bool { return slices.Contains(wh.Events, eventType) }

func (wh *Webhook) render() any {
	return map[string]any{
		"object":       "webhook",
		"id":           wh.ID,
		"name":         wh.Name,
		"url":          wh.URL,
		"email":        nullable(wh.Email),
		"enabled":      wh.Enabled,
		"interrupted":  wh.Interrupted,
		"apiVersion":   wh.APIVersion,
		"hasAuthToken": wh.AuthToken != "",
		"sendType":     wh.SendType,
		"events":       wh.Events,
	}
}

// webhookRequest is the body of POST and PUT /webhooks.
type webhookRequest struct {
	Name        *string  `json:"name"`
	URL         *string  `json:"url"`
	Email       *string  `json:"email"`
	Enabled     *bool    `json:"enabled"`
	Interrupted *bool    `json:"interrupted"`
	APIVersion  *int     `json:"apiVersion"`
	AuthToken   *string  `json:"authToken"`
	SendType    *string  `json:"sendType"`
	Events      []string `json:"events"`
}

func (in *webhookRequest) validate(create bool) []errItem {
	var errs []errItem
	if in.URL != nil || create {
		u, err := url.Parse(deref(in.URL))
		if deref(in.URL) == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errItem{"invalid_url", "Informe uma URL válida (http ou https) para o webhook."})
		}
	}
	if in.AuthToken != nil && *in.AuthToken != "" && (len(*in.AuthToken) < 32 || len(*in.AuthToken) > 255) {
		errs = append(errs, errItem{"invalid_authToken", "O token de autenticação deve ter entre 32 e 255 caracteres."})
	}
	if in.SendType != nil && *in.SendType != "SEQUENTIALLY" && *in.SendType != "NON_SEQUENTIALLY" {
		errs = append(errs, errItem{"invalid_sendType", "Tipo de envio inválido. Use SEQUENTIALLY ou NON_SEQUENTIALLY."})
	}
	if in.APIVersion != nil && *in.APIVersion != 3 {
		errs = append(errs, errItem{"invalid_apiVersion", "Versão de API inválida. Use 3."})
	}
	if (create || in.Events != nil) && len(in.Events) == 0 {
		errs = append(errs, errItem{"invalid_events", "Informe ao menos um evento para o webhook."})
	}
	return errs
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (s *Server) handleCreateWebhook(w http.ResponseWriter, r *http.Request, acc *Account) {
	var in webhookRequest
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	errs := in.validate(true)
	if len(acc.webhooks) >= maxWebhooks {
		errs = append(errs, errItem{"invalid_action", "Limite de 10 webhooks por conta atingido."})
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	wh := &Webhook{
		ID:          s.uuid(),
		AccountID:   acc.ID,
		Name:        deref(in.Name),
		URL:         deref(in.URL),
		Email:       deref(in.Email),
		Enabled:     in.Enabled == nil || *in.Enabled,
		Interrupted: deref(in.Interrupted),
		APIVersion:  3,
		AuthToken:   deref(in.AuthToken),
		SendType:    "SEQUENTIALLY",
		Events:      slices.Clone(in.Events),
	}
	if in.SendType != nil {
		wh.SendType = *in.SendType
	}
	acc.webhooks = append(acc.webhooks, wh)
	s.webhooks[wh.ID] = wh
	writeJSON(w, http.StatusOK, wh.render())
}

func (s *Server) webhookOf(acc *Account, id string) (*Webhook, bool) {
	wh, ok := s.webhooks[id]
	if !ok || wh.AccountID != acc.ID {
		return nil, false
	}
	return wh, true
}

func (s *Server) handleGetWebhook(w http.ResponseWriter, r *http.Request, acc *Account) {
	wh, ok := s.webhookOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, wh.render())
}

func (s *Server) handleListWebhooks(w http.ResponseWriter, r *http.Request, acc *Account) {
	writePage(w, r, acc.webhooks, (*Webhook).render)
}

func (s *Server) handleUpdateWebhook(w http.ResponseWriter, r *http.Request, acc *Account) {
	wh, ok := s.webhookOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	var in webhookRequest
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	if errs := in.validate(false); len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	if in.Name != nil {
		wh.Name = *in.Name
	}
	if in.URL != nil {
		wh.URL = *in.URL
	}
	if in.Email != nil {
		wh.Email = *in.Email
	}
	if in.Enabled != nil {
		wh.Enabled = *in.Enabled
	}
	if in.Interrupted != nil {
		wh.Interrupted = *in.Interrupted
		if !wh.Interrupted {
			wh.ConsecutiveFailures = 0
		}
	}
	if in.AuthToken != nil {
		wh.AuthToken = *in.AuthToken
	}
	if in.SendType != nil {
		wh.SendType = *in.SendType
	}
	if in.Events != nil {
		wh.Events = slices.Clone(in.Events)
	}
	writeJSON(w, http.StatusOK, wh.render())
}

func (s *Server) handleDeleteWebhook(w http.ResponseWriter, r *http.Request, acc *Account) {
	wh, ok := s.webhookOf(acc, r.PathValue("id"))
	if !ok {
		writeNotFound(w)
		return
	}
	acc.webhooks = slices.DeleteFunc(acc.webhooks, func(x *Webhook) bool { return x == wh })
	delete(s.webhooks, wh.ID)
	writeJSON(w, http.StatusOK, map[string]any{"deleted": true, "id": wh.ID})
}

// Webhooks returns snapshots of the account's webhook queues.
func (s *Server) Webhooks(acc *Account) []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Webhook, 0, len(acc.webhooks))
	for _, wh := range acc.webhooks {
		c := *wh
		c.Events, c.Pending = slices.Clone(wh.Events), slices.Clone(wh.Pending)
		out = append(out, c)
	}
	return out
}
