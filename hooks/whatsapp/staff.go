package whatsapp

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/bot"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/scope"
)

// bindStaffActivity keeps the assistant's state in step with the staff: a
// staff member writing in a conversation takes it over (the assistant goes
// silent, and the hand-off timeout counts from that message); staff
// setting the conversation's mode back to "bot" hand it back at once, and
// setting it to "human" or "paused" silences the assistant.
func (s *Service) bindStaffActivity() {
	s.app.OnRecordCreate(collections.Messages).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		m := collections.AsMessage(e.Record)
		if m.Direction() != collections.DirectionOut || m.GetString(collections.MessageAuthor) != collections.AuthorStaff {
			return nil
		}
		r, err := scope.Find(e.App, collections.Conversations, m.GetString(collections.MessageTenant), m.GetString(collections.MessageConversation))
		if err != nil {
			return err
		}
		c := collections.AsConversation(r)
		var st bot.State
		_ = c.UnmarshalJSONField(collections.ConversationState, &st)
		st.NoteStaffActivity(s.now())
		c.Set(collections.ConversationState, st)
		if c.Mode() != collections.ModeHuman {
			c.SetMode(collections.ModeHuman)
		}
		if c.GetString(collections.ConversationAssignedTo) == "" {
			c.Set(collections.ConversationAssignedTo, m.GetString(collections.MessageStaff))
		}
		return e.App.Save(c)
	})

	s.app.OnRecordUpdateRequest(collections.Conversations).BindFunc(func(e *core.RecordRequestEvent) error {
		orig := e.Record.Original()
		// The assistant's state is the server's: never taken from a client.
		e.Record.Set(collections.ConversationState, orig.Get(collections.ConversationState))
		from := collections.ConversationModeValue(orig.GetString(collections.ConversationMode))
		to := collections.AsConversation(e.Record).Mode()
		if from == to {
			return e.Next()
		}
		var st bot.State
		_ = orig.UnmarshalJSONField(collections.ConversationState, &st)
		now := s.now()
		switch to {
		case collections.ModeBot:
			st.ReleaseHuman()
			e.Record.Set(collections.ConversationHandoffReason, "")
			e.Record.Set(collections.ConversationHandoffAt, "")
			e.Record.Set(collections.ConversationAssignedTo, "")
		case collections.ModePaused:
			st.NoteStaffActivity(now)
			st.Mode = bot.ModePaused
		default: // human or queued: a person takes the conversation
			st.NoteStaffActivity(now)
			if e.Auth != nil && e.Record.GetString(collections.ConversationAssignedTo) == "" {
				e.Record.Set(collections.ConversationAssignedTo, e.Auth.Id)
			}
		}
		if e.Record.GetString(collections.ConversationHandoffAt) == "" && to != collections.ModeBot {
			e.Record.Set(collections.ConversationHandoffAt, now)
		}
		e.Record.Set(collections.ConversationState, st)
		return e.Next()
	})
}
