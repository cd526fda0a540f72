package evofake

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultAPIKey is the global API key of a fake built without WithAPIKey.
const DefaultAPIKey = "evofake-global-key"

// Errors of the control methods.
var (
	// ErrUnknownInstance means no instance has that name.
	ErrUnknownInstance = errors.New("evofake: unknown instance")
	// ErrNoWebhook means the event was not posted: the instance has no
	// enabled webhook, or it is not subscribed to that event.
	ErrNoWebhook = errors.New("evofake: no webhook for this event")
)

// Option configures a Fake.
type Option func(*Fake)

// WithAPIKey sets the global API key (AUTHENTICATION_API_KEY).
func WithAPIKey(key string) Option { return func(f *Fake) { f.apiKey = key } }

// WithClock makes the fake read time from now.
func WithClock(now func() time.Time) Option { return func(f *Fake) { f.now = now } }

// WithWebhookClient sets the client used to post webhooks.
func WithWebhookClient(hc *http.Client) Option { return func(f *Fake) { f.hc = hc } }

// WithServerURL sets "server_url" in webhook envelopes.
func WithServerURL(u string) Option { return func(f *Fake) { f.serverURL = u } }

// WithAsyncWebhooks makes control methods post webhooks in the background
// and return at once (status 0), as the demo wants; see Deliveries.
func WithAsyncWebhooks() Option { return func(f *Fake) { f.async = true } }

// Fake is the fake Evolution server state and its http.Handler. All
// methods are safe for concurrent use.
type Fake struct {
	apiKey    string
	now       func() time.Time
	hc        *http.Client
	serverURL string
	async     bool

	mu          sync.Mutex
	instances   map[string]*instance
	order       []string
	notOnWA     map[string]bool
	down        bool
	sent        []SentText
	sentChanged chan struct{}
	failNext    map[string][]int
	lostAnswers map[string]int
	lidOf       map[string]string
	failConnect map[string]int
	deliveries  []Delivery
	bg          sync.WaitGroup
}

// NewHandler returns a fake Evolution server to mount on any listener.
func NewHandler(opts ...Option) *Fake {
	f := &Fake{
		apiKey:      DefaultAPIKey,
		now:         time.Now,
		hc:          &http.Client{Timeout: 10 * time.Second},
		serverURL:   "http://evolution.fake",
		instances:   map[string]*instance{},
		notOnWA:     map[string]bool{},
		sentChanged: make(chan struct{}),
		failNext:    map[string][]int{},
		lostAnswers: map[string]int{},
		lidOf:       map[string]string{},
		failConnect: map[string]int{},
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// APIKey returns the global API key.
func (f *Fake) APIKey() string { return f.apiKey }

// Wait blocks until background webhook posts have finished.
func (f *Fake) Wait() { f.bg.Wait() }

// instance is one Evolution instance.
type instance struct {
	id, name, token, integration, number string

	state                   string
	ownerJID, profileName   string
	qr                      qrState
	webhook                 *webhookRow
	settings                settings
	createdAt, updatedAt    time.Time
	disconnectionReasonCode int
	disconnectionAt         time.Time
	messages                int
}

type qrState struct {
	code, base64, pairingCode string
	count                     int
}

type settings struct {
	RejectCall      bool   `json:"rejectCall"`
	MsgCall         string `json:"msgCall"`
	GroupsIgnore    bool   `json:"groupsIgnore"`
	AlwaysOnline    bool   `json:"alwaysOnline"`
	ReadMessages    bool   `json:"readMessages"`
	ReadStatus      bool   `json:"readStatus"`
	SyncFullHistory bool   `json:"syncFullHistory"`
	WavoipToken     string `json:"wavoipToken"`
}

// webhookRow mirrors Evolution's prisma Webhook model.
type webhookRow struct {
	ID              string            `json:"id"`
	URL             string            `json:"url"`
	Headers         map[string]string `json:"headers"`
	Enabled         bool              `json:"enabled"`
	Events          []string          `json:"events"`
	WebhookByEvents bool              `json:"webhookByEvents"`
	WebhookBase64   bool              `json:"webhookBase64"`
	CreatedAt       string            `json:"createdAt"`
	UpdatedAt       string            `json:"updatedAt"`
	InstanceID      string            `json:"instanceId"`
}

// SentText is a text message the fake accepted through sendText.
type SentText struct {
	Instance string
	// Number is the "number" field as sent; RemoteJID what Evolution
	// made of it (Brazilian 8-digit form where WhatsApp uses it).
	Number    string
	RemoteJID string
	// RemoteJIDAlt is the phone's JID when WhatsApp addressed the chat
	// by @lid (see SetLID).
	RemoteJIDAlt string
	Text         string
	ID           string
	QuotedID     string
	DelayMS      int
	LinkPreview  bool
	At           time.Time
}

// Delivery records one webhook post of the fake.
type Delivery struct {
	Instance string
	Event    string
	URL      string
	Status   int
	Err      string
	At       time.Time
}

// allEvents is EventController.events of Evolution 2.3.
func allEvents() []string {
	return []string{
		"APPLICATION_STARTUP", "QRCODE_UPDATED", "MESSAGES_SET", "MESSAGES_UPSERT", "MESSAGES_EDITED",
		"MESSAGES_UPDATE", "MESSAGES_DELETE", "SEND_MESSAGE", "SEND_MESSAGE_UPDATE", "CONTACTS_SET", "CONTACTS_UPSERT",
		"CONTACTS_UPDATE", "PRESENCE_UPDATE", "CHATS_SET", "CHATS_UPSERT", "CHATS_UPDATE", "CHATS_DELETE",
		"GROUPS_UPSERT", "GROUP_UPDATE", "GROUP_PARTICIPANTS_UPDATE", "CONNECTION_UPDATE", "LABELS_EDIT",
		"LABELS_ASSOCIATION", "CALL", "TYPEBOT_START", "TYPEBOT_CHANGE_STATUS", "REMOVE_INSTANCE",
		"LOGOUT_INSTANCE", "INSTANCE_CREATE", "INSTANCE_DELETE", "STATUS_INSTANCE",
	}
}

func isKnownEvent(e string) bool {
	for _, k := range allEvents() {
		if k == e {
			return true
		}
	}
	return false
}

// randomHex returns n random bytes as upper-case hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

// newUUID returns a random UUIDv4.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newMessageID returns a Baileys-style message id.
func newMessageID() string { return "3EB0" + randomHex(9) }

// isoTime formats t as Evolution does (JavaScript toISOString).
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
