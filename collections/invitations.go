package collections

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Invitations holds the invitations a shop sends to people it wants on its
// team. A membership exists only once the invited person accepts.
const Invitations = "invitations"

// Invitation fields.
const (
	InvitationTenant     = FieldTenant
	InvitationEmail      = "email"
	InvitationRole       = "role"
	InvitationInvitedBy  = "invited_by"
	InvitationTokenHash  = "token_hash"
	InvitationExpires    = "expires"
	InvitationStatus     = "status"
	InvitationAcceptedBy = "accepted_by"
	InvitationAnsweredAt = "answered_at"
)

// InviteState is where an invitation stands.
type InviteState string

// Invitation states. A pending invitation past its expiry is expired even
// before anything stores that (see Invitation.State).
const (
	InvitePending  InviteState = "pending"
	InviteAccepted InviteState = "accepted"
	InviteDeclined InviteState = "declined"
	InviteRevoked  InviteState = "revoked"
	InviteExpired  InviteState = "expired"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

func defineInvitations(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		&core.RelationField{Name: InvitationTenant, CollectionId: tenantsID, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.EmailField{Name: InvitationEmail, Required: true},
		selectOne(InvitationRole, true, stringsOf(AllRoles)...),
		relationTo(InvitationInvitedBy, usersID),
		// Only the SHA-256 of the link's token is kept: the database (or a
		// backup) never holds a working link. Hidden: nobody lists,
		// filters or sorts on it through the API.
		&core.TextField{Name: InvitationTokenHash, Required: true, Min: 64, Max: 64, Hidden: true},
		&core.DateField{Name: InvitationExpires, Required: true},
		selectOne(InvitationStatus, true, string(InvitePending), string(InviteAccepted), string(InviteDeclined),
			string(InviteRevoked), string(InviteExpired)),
		relationTo(InvitationAcceptedBy, usersID),
		date(InvitationAnsweredAt),
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_invitations_tenant_created", false, "tenant, created", "")
	// One open invitation per person and shop (e-mails compare without case).
	c.AddIndex("idx_invitations_tenant_email_pending", true, "tenant, email COLLATE NOCASE", "status = 'pending'")
	c.AddIndex("idx_invitations_token_hash", true, "token_hash", "")
	// Owners and managers see their shop's invitations; every write goes
	// through /api/bancada/staff and /api/bancada/invitations, which check
	// who may grant which role and keep the token secret.
	access{read: RolesAdmin}.applyTo(c)
	return nil
}

// HashInvitationToken is the stored form of an invitation link's token.
func HashInvitationToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Invitation is a typed proxy of an invitations record.
type Invitation struct{ core.BaseRecordProxy }

// AsInvitation wraps an invitations record.
func AsInvitation(r *core.Record) *Invitation {
	i := &Invitation{}
	i.SetProxyRecord(r)
	return i
}

// NewInvitation returns an unsaved pending invitation.
func NewInvitation(app core.App, tenantID, email string, role Role) (*Invitation, error) {
	c, err := app.FindCachedCollectionByNameOrId(Invitations)
	if err != nil {
		return nil, err
	}
	i := AsInvitation(core.NewRecord(c))
	i.Set(InvitationTenant, tenantID)
	i.Set(InvitationEmail, email)
	i.Set(InvitationRole, string(role))
	i.Set(InvitationStatus, string(InvitePending))
	return i, nil
}

// Tenant is the inviting shop's id.
func (i *Invitation) Tenant() string { return i.GetString(InvitationTenant) }

// Email is the invited person's e-mail.
func (i *Invitation) Email() string { return i.GetString(InvitationEmail) }

// Role is the role the person gets on accepting.
func (i *Invitation) Role() Role { return Role(i.GetString(InvitationRole)) }

// InvitedBy is the id of the person who invited.
func (i *Invitation) InvitedBy() string { return i.GetString(InvitationInvitedBy) }

// SetInvitedBy sets who invited.
func (i *Invitation) SetInvitedBy(userID string) { i.Set(InvitationInvitedBy, userID) }

// Expires is when the link stops working.
func (i *Invitation) Expires() time.Time { return i.GetDateTime(InvitationExpires).Time() }

// SetToken stores the hash of a new token and its expiry; the old link
// stops working.
func (i *Invitation) SetToken(token string, expires time.Time) {
	i.Set(InvitationTokenHash, HashInvitationToken(token))
	dt, _ := types.ParseDateTime(expires.UTC())
	i.Set(InvitationExpires, dt)
}

// Status is the stored status.
func (i *Invitation) Status() InviteState { return InviteState(i.GetString(InvitationStatus)) }

// State is the status at now: a pending invitation past its expiry is
// expired.
func (i *Invitation) State(now time.Time) InviteState {
	s := i.Status()
	if s == InvitePending && !now.Before(i.Expires()) {
		return InviteExpired
	}
	return s
}

// Answer closes the invitation with status s at now (by userID, when it
// was accepted).
func (i *Invitation) Answer(s InviteState, userID string, now time.Time) {
	i.Set(InvitationStatus, string(s))
	if userID != "" {
		i.Set(InvitationAcceptedBy, userID)
	}
	dt, _ := types.ParseDateTime(now.UTC())
	i.Set(InvitationAnsweredAt, dt)
}
