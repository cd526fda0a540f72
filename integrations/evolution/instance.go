package evolution

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// IntegrationBaileys is the WhatsApp Web (QR code) integration Bancada uses.
const IntegrationBaileys = "WHATSAPP-BAILEYS"

// State is the state of an instance's WhatsApp session.
type State string

// Session states reported by Evolution.
const (
	// StateOpen means the phone is paired and messages flow.
	StateOpen State = "open"
	// StateConnecting means a QR code is waiting to be scanned (or the
	// session is reconnecting).
	StateConnecting State = "connecting"
	// StateClose means there is no session.
	StateClose State = "close"
	// StateRefused means the QR code retry limit was reached.
	StateRefused State = "refused"
)

// CreateInstanceRequest describes a new instance.
type CreateInstanceRequest struct {
	// InstanceName must be unique on the server (Bancada uses the tenant).
	InstanceName string
	// Token becomes the instance's own API key; Evolution generates an
	// upper-case UUID when empty.
	Token string
	// Number (digits with country code) asks for a pairing code as well.
	Number string
	// Webhook is stored enabled with the instance. Its Enabled field is
	// ignored; empty Events means DefaultWebhookEvents.
	Webhook *WebhookConfig

	RejectCall      bool
	MsgCall         string
	GroupsIgnore    bool
	AlwaysOnline    bool
	ReadMessages    bool
	ReadStatus      bool
	SyncFullHistory bool
}

// QRCode is a pairing QR code: Base64 is a data: URL of a PNG, Code the
// raw text to render as a QR, PairingCode the 8-character code typed on
// the phone when a number was given. Fields may be empty.
type QRCode struct {
	PairingCode string `json:"pairingCode"`
	Code        string `json:"code"`
	Base64      string `json:"base64"`
	Count       int    `json:"count"`
}

// IsEmpty reports whether the QR code carries nothing to show.
func (q *QRCode) IsEmpty() bool {
	return q == nil || (q.Code == "" && q.Base64 == "" && q.PairingCode == "")
}

// CreateInstanceResponse is Evolution's answer to CreateInstance.
type CreateInstanceResponse struct {
	InstanceName string
	InstanceID   string
	Integration  string
	// Status is the live session state in v2 ("created" in v1).
	Status string
	// Token is the instance's API key ("hash"); keep it secret.
	Token string
	// QR is set when Evolution already produced a QR code.
	QR *QRCode
	// WebhookURL echoes the inline webhook.
	WebhookURL string
}

type createBody struct {
	InstanceName    string       `json:"instanceName"`
	Integration     string       `json:"integration"`
	QRCode          bool         `json:"qrcode"`
	Token           string       `json:"token,omitempty"`
	Number          string       `json:"number,omitempty"`
	Webhook         *webhookBody `json:"webhook,omitempty"`
	RejectCall      bool         `json:"rejectCall"`
	MsgCall         string       `json:"msgCall"`
	GroupsIgnore    bool         `json:"groupsIgnore"`
	AlwaysOnline    bool         `json:"alwaysOnline"`
	ReadMessages    bool         `json:"readMessages"`
	ReadStatus      bool         `json:"readStatus"`
	SyncFullHistory bool         `json:"syncFullHistory"`
}

// CreateInstance creates a WhatsApp (Baileys) instance and asks for its
// first QR code. It needs the global key.
func (c *Client) CreateInstance(ctx context.Context, req CreateInstanceRequest) (*CreateInstanceResponse, error) {
	const op = "create instance"
	if req.InstanceName == "" {
		return nil, fmt.Errorf("evolution: %s: %w: empty instance name", op, ErrBadRequest)
	}
	body := createBody{
		InstanceName:    req.InstanceName,
		Integration:     IntegrationBaileys,
		QRCode:          true,
		Token:           req.Token,
		Number:          req.Number,
		RejectCall:      req.RejectCall,
		MsgCall:         req.MsgCall,
		GroupsIgnore:    req.GroupsIgnore,
		AlwaysOnline:    req.AlwaysOnline,
		ReadMessages:    req.ReadMessages,
		ReadStatus:      req.ReadStatus,
		SyncFullHistory: req.SyncFullHistory,
	}
	if req.Webhook != nil {
		w := req.Webhook.body(true)
		body.Webhook = &w
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/instance/create", body: body})
	if err != nil {
		return nil, err
	}
	var w struct {
		Instance struct {
			InstanceName string  `json:"instanceName"`
			InstanceID   flexStr `json:"instanceId"`
			Integration  string  `json:"integration"`
			Status       string  `json:"status"`
		} `json:"instance"`
		Hash    json.RawMessage `json:"hash"`
		Webhook struct {
			WebhookURL string `json:"webhookUrl"`
		} `json:"webhook"`
		QRCode *QRCode `json:"qrcode"`
	}
	if err := decode(op, raw, &w); err != nil {
		return nil, err
	}
	out := &CreateInstanceResponse{
		InstanceName: w.Instance.InstanceName,
		InstanceID:   string(w.Instance.InstanceID),
		Integration:  w.Instance.Integration,
		Status:       w.Instance.Status,
		Token:        decodeHash(w.Hash),
		WebhookURL:   w.Webhook.WebhookURL,
	}
	if !w.QRCode.IsEmpty() {
		out.QR = w.QRCode
	}
	return out, nil
}

// decodeHash reads the instance token: a string in v2, {"apikey":...} in v1.
func decodeHash(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var v1 struct {
		APIKey string `json:"apikey"`
	}
	if json.Unmarshal(raw, &v1) == nil {
		return v1.APIKey
	}
	return ""
}

// ConnectResult is the answer of Connect and Restart: either a QR code to
// show (State connecting) or an open session (State open).
type ConnectResult struct {
	State       State
	PairingCode string
	Code        string
	Base64      string
	Count       int
}

// HasQR reports whether the result carries a QR or pairing code.
func (r *ConnectResult) HasQR() bool {
	return r.Code != "" || r.Base64 != "" || r.PairingCode != ""
}

// Connect starts (or continues) pairing and returns the current QR code,
// or State open when the phone is already connected. number (digits with
// country code, optional) also asks for a pairing code.
func (c *Client) Connect(ctx context.Context, instance, number string) (*ConnectResult, error) {
	const op = "connect"
	path, err := instancePath(op, "/instance/connect", instance)
	if err != nil {
		return nil, err
	}
	var q url.Values
	if number != "" {
		q = url.Values{"number": {number}}
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, query: q, instance: instance})
	if err != nil {
		return nil, err
	}
	return decodeConnect(op, raw)
}

// Restart restarts the instance's session (POST in v2) and answers like
// Connect. Evolution refuses to restart a closed session, answering
// ErrConnectFailed: call Connect instead.
func (c *Client) Restart(ctx context.Context, instance string) (*ConnectResult, error) {
	const op = "restart"
	path, err := instancePath(op, "/instance/restart", instance)
	if err != nil {
		return nil, err
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodPost, path: path, instance: instance})
	if err != nil {
		return nil, err
	}
	return decodeConnect(op, raw)
}

// decodeConnect reads the three shapes of a connect answer: a bare QR
// object, {"instance":{"state"|"status"}[, "qrcode"]}, and the HTTP 200
// {"error":true,"message":...} Evolution uses to report failures.
func decodeConnect(op string, raw []byte) (*ConnectResult, error) {
	var w struct {
		Error    bool            `json:"error"`
		Message  json.RawMessage `json:"message"`
		Instance *struct {
			State  string `json:"state"`
			Status string `json:"status"`
		} `json:"instance"`
		Wrapped *QRCode `json:"qrcode"`
		QRCode
	}
	if err := decode(op, raw, &w); err != nil {
		return nil, err
	}
	if w.Error {
		ae := &APIError{Status: http.StatusOK, connectFailed: true}
		ae.addMessages(w.Message)
		return nil, fmt.Errorf("evolution: %s: %w", op, ae)
	}
	qr := w.QRCode
	res := &ConnectResult{State: StateConnecting}
	if w.Instance != nil {
		res.State = State(w.Instance.State)
		if res.State == "" {
			res.State = State(w.Instance.Status)
		}
		if w.Wrapped != nil {
			qr = *w.Wrapped
		}
	}
	res.PairingCode, res.Code, res.Base64, res.Count = qr.PairingCode, qr.Code, qr.Base64, qr.Count
	return res, nil
}

// ConnectionState returns the state of the instance's WhatsApp session.
func (c *Client) ConnectionState(ctx context.Context, instance string) (State, error) {
	const op = "connection state"
	path, err := instancePath(op, "/instance/connectionState", instance)
	if err != nil {
		return "", err
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, instance: instance})
	if err != nil {
		return "", err
	}
	var w struct {
		Instance struct {
			State  string `json:"state"`
			Status string `json:"status"`
		} `json:"instance"`
	}
	if err := decode(op, raw, &w); err != nil {
		return "", err
	}
	if w.Instance.State == "" {
		return State(w.Instance.Status), nil
	}
	return State(w.Instance.State), nil
}

// Logout ends the WhatsApp session (the phone is unpaired); the instance
// remains. Logging out a closed session fails with ErrNotConnected.
func (c *Client) Logout(ctx context.Context, instance string) error {
	const op = "logout"
	path, err := instancePath(op, "/instance/logout", instance)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path, instance: instance})
	return err
}

// Delete removes the instance (logging it out first when needed).
func (c *Client) Delete(ctx context.Context, instance string) error {
	const op = "delete"
	path, err := instancePath(op, "/instance/delete", instance)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path, instance: instance})
	return err
}

// InstanceInfo is one record of FetchInstances.
type InstanceInfo struct {
	ID          string
	Name        string
	State       State
	Integration string
	// OwnerJID is the connected account; Phone its canonical number.
	OwnerJID      string
	Phone         string
	ProfileName   string
	ProfilePicURL string
	// Number is the number given at creation, if any.
	Number string
	// Token is the instance key when the server exposes it.
	Token                   string
	DisconnectionReasonCode int
	DisconnectionAt         time.Time
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

// FetchInstances lists the server's instances, or only the named one when
// name is not empty (ErrInstanceNotFound when it does not exist). It needs
// the global key.
func (c *Client) FetchInstances(ctx context.Context, name string) ([]InstanceInfo, error) {
	const op = "fetch instances"
	var q url.Values
	if name != "" {
		q = url.Values{"instanceName": {name}}
	}
	raw, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/instance/fetchInstances", query: q})
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := decode(op, raw, &items); err != nil {
		// A single object is accepted too.
		items = []json.RawMessage{raw}
	}
	out := make([]InstanceInfo, 0, len(items))
	for _, it := range items {
		info, err := decodeInstanceInfo(op, it)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

// decodeInstanceInfo reads a v2 prisma record or a v1 {"instance":{...}}.
func decodeInstanceInfo(op string, raw json.RawMessage) (InstanceInfo, error) {
	var w struct {
		ID                      flexStr  `json:"id"`
		Name                    string   `json:"name"`
		ConnectionStatus        string   `json:"connectionStatus"`
		OwnerJID                string   `json:"ownerJid"`
		ProfileName             string   `json:"profileName"`
		ProfilePicURL           string   `json:"profilePicUrl"`
		Integration             string   `json:"integration"`
		Number                  flexStr  `json:"number"`
		Token                   string   `json:"token"`
		DisconnectionReasonCode flexInt  `json:"disconnectionReasonCode"`
		DisconnectionAt         flexTime `json:"disconnectionAt"`
		CreatedAt               flexTime `json:"createdAt"`
		UpdatedAt               flexTime `json:"updatedAt"`
		Instance                *struct {
			InstanceName      string          `json:"instanceName"`
			InstanceID        flexStr         `json:"instanceId"`
			Status            string          `json:"status"`
			Owner             string          `json:"owner"`
			ProfileName       string          `json:"profileName"`
			ProfilePictureURL string          `json:"profilePictureUrl"`
			APIKey            string          `json:"apikey"`
			Integration       json.RawMessage `json:"integration"`
		} `json:"instance"`
	}
	if err := decode(op, raw, &w); err != nil {
		return InstanceInfo{}, err
	}
	if w.Instance != nil && w.Name == "" {
		v1 := w.Instance
		info := InstanceInfo{
			ID: string(v1.InstanceID), Name: v1.InstanceName, State: State(v1.Status),
			OwnerJID: v1.Owner, Phone: CanonicalPhone(JIDToPhone(v1.Owner)),
			ProfileName: v1.ProfileName, ProfilePicURL: v1.ProfilePictureURL, Token: v1.APIKey,
		}
		var integ struct {
			Integration string `json:"integration"`
		}
		if json.Unmarshal(v1.Integration, &integ) == nil {
			info.Integration = integ.Integration
		}
		return info, nil
	}
	return InstanceInfo{
		ID: string(w.ID), Name: w.Name, State: State(w.ConnectionStatus), Integration: w.Integration,
		OwnerJID: w.OwnerJID, Phone: CanonicalPhone(JIDToPhone(w.OwnerJID)),
		ProfileName: w.ProfileName, ProfilePicURL: w.ProfilePicURL, Number: string(w.Number), Token: w.Token,
		DisconnectionReasonCode: int(w.DisconnectionReasonCode),
		DisconnectionAt:         time.Time(w.DisconnectionAt),
		CreatedAt:               time.Time(w.CreatedAt),
		UpdatedAt:               time.Time(w.UpdatedAt),
	}, nil
}
