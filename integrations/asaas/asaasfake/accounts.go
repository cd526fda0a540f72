package asaasfake

import (
	"fmt"
	"net/http"
)

// Account is one Asaas account of the fake, reached with its APIKey. Its
// exported fields are fixed at AddAccount and must not be changed; the
// account's objects live in the Server.
type Account struct {
	ID       string
	WalletID string
	APIKey   string
	Name     string
	CpfCnpj  string
	Email    string
	// OwnerID is the parent account of a sub-account ("" for a root
	// account), sent as account.ownerId in webhooks.
	OwnerID string

	customers     []*Customer
	payments      []*Payment
	subscriptions []*Subscription
	webhooks      []*Webhook
}

// AddAccount creates an account reached with apiKey. Any key string works;
// with the other environment's prefix it is still accepted, since it was
// registered explicitly. Adding a key twice returns the existing account.
func (s *Server) AddAccount(apiKey string) *Account {
	return s.addAccount(apiKey, "")
}

// AddSubAccount creates an account whose webhooks carry
// account.ownerId = parent.ID, like an Asaas sub-account.
func (s *Server) AddSubAccount(parent *Account, apiKey string) *Account {
	return s.addAccount(apiKey, parent.ID)
}

func (s *Server) addAccount(apiKey, ownerID string) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	if acc, ok := s.byKey[apiKey]; ok {
		return acc
	}
	n := len(s.accounts) + 1
	acc := &Account{
		ID:       s.uuid(),
		WalletID: s.uuid(),
		APIKey:   apiKey,
		Name:     fmt.Sprintf("Assistência Técnica %d LTDA", n),
		CpfCnpj:  fmt.Sprintf("%014d", n),
		Email:    fmt.Sprintf("conta%d@example.com", n),
		OwnerID:  ownerID,
	}
	s.accounts = append(s.accounts, acc)
	s.byKey[apiKey] = acc
	s.byID[acc.ID] = acc
	return acc
}

func (s *Server) handleCommercialInfo(w http.ResponseWriter, _ *http.Request, acc *Account) {
	writeJSON(w, http.StatusOK, map[string]any{
		"status":                   "APPROVED",
		"personType":               "JURIDICA",
		"cpfCnpj":                  acc.CpfCnpj,
		"name":                     acc.Name,
		"companyName":              acc.Name,
		"tradingName":              acc.Name,
		"companyType":              "LIMITED",
		"email":                    acc.Email,
		"phone":                    nil,
		"mobilePhone":              "11987654321",
		"postalCode":               "01310100",
		"address":                  "Av. Paulista",
		"addressNumber":            "1000",
		"complement":               nil,
		"province":                 "Bela Vista",
		"city":                     map[string]any{"name": "São Paulo", "state": "SP"},
		"site":                     nil,
		"denialReason":             nil,
		"availableCompanyNames":    []string{acc.Name},
		"commercialInfoExpiration": map[string]any{"isExpired": false, "scheduledDate": nil},
	})
}
