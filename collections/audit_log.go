package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Audit log fields.
const (
	AuditTenant     = FieldTenant
	AuditActor      = "actor"
	AuditActorLabel = "actor_label"
	AuditAction     = "action"
	AuditCollection = "collection"
	AuditRecord     = "record"
	AuditChanges    = "changes"
	AuditIP         = "ip"
	AuditUserAgent  = "user_agent"
)

// Audit actions.
const (
	ActionSignIn       = "auth.sign_in"
	ActionSignInFailed = "auth.sign_in_failed"
	ActionCreate       = "record.create"
	ActionUpdate       = "record.update"
	ActionDelete       = "record.delete"
	ActionStatus       = "order.status"
	ActionSettings     = "tenant.settings"
	ActionStaffAdd     = "staff.add"
	ActionStaffRole    = "staff.role"
	ActionStaffRemove  = "staff.remove"
	// Invitations: sent, sent again with a new link, revoked by the shop,
	// accepted or declined by the invited person.
	ActionInviteSend    = "staff.invite"
	ActionInviteResend  = "staff.invite_resend"
	ActionInviteRevoke  = "staff.invite_revoke"
	ActionInviteAccept  = "staff.invite_accept"
	ActionInviteDecline = "staff.invite_decline"
	// An owner or manager sent a member a link to choose a new password.
	ActionPasswordReset = "staff.password_reset"
	ActionSignup        = "tenant.signup"
	ActionPasscodeView  = "device.passcode_view"
	ActionTenantState   = "tenant.active"
	ActionIntegration   = "integration"
	ActionTracking      = "order.tracking"
	// ActionDeliverOpenBalance is a delivery with part of the price unpaid.
	ActionDeliverOpenBalance = "order.delivered_open_balance"
	// ActionWebhookRotate: an owner replaced an outbound webhook's secret.
	ActionWebhookRotate = "webhook.secret_rotate"
	// ActionWarrantyOpen: staff opened a warranty return of a delivered order.
	ActionWarrantyOpen = "order.warranty_open"
	// ActionPrivacyExport: an owner exported what the shop holds about a
	// customer (LGPD access request).
	ActionPrivacyExport = "privacy.export"
	// ActionPrivacyErase: an owner erased a customer's personal data
	// (LGPD erasure request).
	ActionPrivacyErase = "privacy.erase"
	// ActionMarketingConsent: a customer gave or withdrew marketing consent.
	ActionMarketingConsent = "privacy.marketing"
	// ActionRetention: the shop's retention setting deleted old data.
	ActionRetention = "privacy.retention"
)

func defineAuditLog(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	usersID, err := idOf(app, Users)
	if err != nil {
		return err
	}
	c.Fields.Add(
		// Not required: platform events (failed sign-ins) have no tenant.
		relationTo(AuditTenant, tenantsID),
		relationTo(AuditActor, usersID),
		text(AuditActorLabel, 200),
		required(AuditAction, 60),
		text(AuditCollection, 60),
		text(AuditRecord, 40),
		jsonField(AuditChanges, 64<<10),
		text(AuditIP, 64),
		text(AuditUserAgent, 300),
	)
	c.Fields.Add(&core.AutodateField{Name: FieldCreated, OnCreate: true})
	c.AddIndex("idx_audit_log_tenant_created", false, "tenant, created", "")
	// Append-only: owners read their tenant's log; nobody writes through the API.
	access{read: RolesOwner}.applyTo(c)
	return nil
}
