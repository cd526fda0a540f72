package collections

import "slices"

// Role is what a staff member may do in one tenant.
type Role string

// Staff roles, from most to least privileged.
const (
	RoleOwner      Role = "owner"
	RoleManager    Role = "manager"
	RoleTechnician Role = "technician"
	RoleAttendant  Role = "attendant"
)

// AllRoles lists every role in privilege order.
var AllRoles = []Role{RoleOwner, RoleManager, RoleTechnician, RoleAttendant}

// Role sets used by the API rules and by custom routes.
var (
	// Everyone who works in the shop.
	RolesAll = AllRoles
	// Owners and managers run the shop.
	RolesAdmin = []Role{RoleOwner, RoleManager}
	// Everyone but technicians: who may see and take money.
	RolesMoney = []Role{RoleOwner, RoleManager, RoleAttendant}
	// Who may change stock.
	RolesStock = []Role{RoleOwner, RoleManager, RoleTechnician}
	// Only owners.
	RolesOwner = []Role{RoleOwner}
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// Label is the role's name in Brazilian Portuguese.
func (r Role) Label() string {
	switch r {
	case RoleOwner:
		return "titular"
	case RoleManager:
		return "gerente"
	case RoleTechnician:
		return "técnico(a)"
	case RoleAttendant:
		return "atendente"
	}
	return string(r)
}

// In reports whether r is one of roles.
func (r Role) In(roles []Role) bool { return slices.Contains(roles, r) }

func roleStrings(roles []Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}
