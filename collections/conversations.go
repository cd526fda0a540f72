package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Conversation fields.
const (
	ConversationTenant        = FieldTenant
	ConversationCustomer      = "customer"
	ConversationPhone         = "phone"
	ConversationJID           = "jid"
	ConversationMode          = "mode"
	ConversationHandoffReason = "handoff_reason"
	ConversationHandoffAt     = "handoff_at"
	ConversationAssignedTo    = "assigned_to"
	ConversationLastMessageAt = "last_message_at"
	ConversationLastInboundAt = "last_inbound_at"
	ConversationUnread        = "unread"
	ConversationState         = "state"
	ConversationPreview       = "preview"
)

// ConversationModeValue says who answers the conversation.
type ConversationModeValue string

// Conversation modes.
const (
	ModeBot    ConversationModeValue = "bot"    // the assistant answers
	ModeQueued ConversationModeValue = "queued" // waiting for a person (out of hours)
	ModeHuman  ConversationModeValue = "human"  // a person answers; the assistant is silent
	ModePaused ConversationModeValue = "paused" // silenced (e.g. talking to another robot)
)

// ConversationModes lists every mode.
var ConversationModes = []ConversationModeValue{ModeBot, ModeQueued, ModeHuman, ModePaused}

func defineConversations(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		relationTo(ConversationCustomer, customersID),
		required(ConversationPhone, 20),
		text(ConversationJID, 80),
		selectOne(ConversationMode, true, stringsOf(ConversationModes)...),
		text(ConversationHandoffReason, 200),
		date(ConversationHandoffAt),
		relationTo(ConversationAssignedTo, usersID),
		date(ConversationLastMessageAt),
		date(ConversationLastInboundAt),
		count(ConversationUnread),
		&core.JSONField{Name: ConversationState, MaxSize: 32 << 10, Hidden: true},
		text(ConversationPreview, 200),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_conversations_tenant_phone", true, "tenant, phone", "")
	c.AddIndex("idx_conversations_tenant_last", false, "tenant, last_message_at", "")
	c.AddIndex("idx_conversations_tenant_mode", false, "tenant, mode", "")
	// Staff take and close hand-offs (mode, assigned_to, unread); who the
	// conversation is with is fixed.
	access{
		read: RolesAll, update: RolesAll, delete: RolesAdmin,
		relations: []relation{{field: ConversationAssignedTo, users: true}},
		updateExtra: []string{
			`@request.body.customer:changed = false`, `@request.body.phone:changed = false`, `@request.body.jid:changed = false`,
		},
	}.applyTo(c)
	return nil
}

// Conversation is a typed proxy of a conversations record: one customer's
// WhatsApp thread with one shop.
type Conversation struct{ core.BaseRecordProxy }

// AsConversation wraps a conversations record.
func AsConversation(r *core.Record) *Conversation {
	c := &Conversation{}
	c.SetProxyRecord(r)
	return c
}

// Tenant is the shop's id.
func (c *Conversation) Tenant() string { return c.GetString(ConversationTenant) }

// Customer is the customer's id.
func (c *Conversation) Customer() string { return c.GetString(ConversationCustomer) }

// Phone is the customer's phone (E.164 digits).
func (c *Conversation) Phone() string { return c.GetString(ConversationPhone) }

// JID is the WhatsApp address replies go to.
func (c *Conversation) JID() string { return c.GetString(ConversationJID) }

// Mode says who answers.
func (c *Conversation) Mode() ConversationModeValue {
	return ConversationModeValue(c.GetString(ConversationMode))
}

// SetMode sets who answers.
func (c *Conversation) SetMode(v ConversationModeValue) { c.Set(ConversationMode, string(v)) }

// LastMessageAt is when the last message went either way.
func (c *Conversation) LastMessageAt() time.Time {
	return c.GetDateTime(ConversationLastMessageAt).Time()
}
