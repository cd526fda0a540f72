package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Message fields.
const (
	MessageTenant       = FieldTenant
	MessageConversation = "conversation"
	MessageDirection    = "direction"
	MessageAuthor       = "author"
	MessageStaff        = "staff"
	MessageText         = "text"
	MessageWAID         = "wa_id"
	MessageStatus       = "status"
	MessageError        = "error"
	MessageOrder        = "order"
)

// Message directions.
const (
	DirectionIn  = "in"
	DirectionOut = "out"
)

// Message authors.
const (
	AuthorCustomer = "customer"
	AuthorBot      = "bot"
	AuthorStaff    = "staff"
	AuthorSystem   = "system" // notifications
)

// MessageStatusValue is the delivery state of a message.
type MessageStatusValue string

// Message delivery states.
const (
	MessageReceived  MessageStatusValue = "received"
	MessageQueued    MessageStatusValue = "queued"
	MessageSent      MessageStatusValue = "sent"
	MessageDelivered MessageStatusValue = "delivered"
	MessageRead      MessageStatusValue = "read"
	MessageFailed    MessageStatusValue = "failed"
	MessageSkipped   MessageStatusValue = "skipped" // opted out, or no WhatsApp
)

// MessageStatuses lists every delivery state.
var MessageStatuses = []MessageStatusValue{MessageReceived, MessageQueued, MessageSent, MessageDelivered, MessageRead, MessageFailed, MessageSkipped}

func defineMessages(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	conversationsID, err := idOf(app, Conversations)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	ordersID, err := idOf(app, Orders)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: MessageConversation, CollectionId: conversationsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		selectOne(MessageDirection, true, DirectionIn, DirectionOut),
		selectOne(MessageAuthor, true, AuthorCustomer, AuthorBot, AuthorStaff, AuthorSystem),
		relationTo(MessageStaff, usersID),
		&core.TextField{Name: MessageText, Required: true, Max: 4096},
		text(MessageWAID, 128),
		selectOne(MessageStatus, true, stringsOf(MessageStatuses)...),
		text(MessageError, 500),
		relationTo(MessageOrder, ordersID),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_messages_tenant_conversation", false, "tenant, conversation, created", "")
	c.AddIndex("idx_messages_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_messages_wa_id", false, "wa_id", "wa_id != ''")
	// Staff write outgoing messages (the messages hook queues them for
	// WhatsApp); everything else is written by Bancada.
	access{
		read: RolesAll, create: RolesAll,
		relations: []relation{{field: MessageConversation}, {field: MessageOrder}},
		createExtra: []string{
			`direction = "out"`, `author = "staff"`, `staff = @request.auth.id`,
		},
	}.applyTo(c)
	return nil
}

// Message is a typed proxy of a messages record: one WhatsApp message.
type Message struct{ core.BaseRecordProxy }

// AsMessage wraps a messages record.
func AsMessage(r *core.Record) *Message {
	m := &Message{}
	m.SetProxyRecord(r)
	return m
}

// Text is the message body.
func (m *Message) Text() string { return m.GetString(MessageText) }

// Direction is "in" or "out".
func (m *Message) Direction() string { return m.GetString(MessageDirection) }

// Status is the delivery state.
func (m *Message) Status() MessageStatusValue { return MessageStatusValue(m.GetString(MessageStatus)) }

// SetStatus sets the delivery state.
func (m *Message) SetStatus(v MessageStatusValue) { m.Set(MessageStatus, string(v)) }
