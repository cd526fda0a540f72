package asaasfake

import (
	"net/http"
	"strings"
)

// Customer is a snapshot of a customer of the fake.
type Customer struct {
	ID                   string `json:"id"`
	AccountID            string `json:"-"`
	DateCreated          string `json:"dateCreated"`
	Name                 string `json:"name"`
	CpfCnpj              string `json:"cpfCnpj"`
	Email                string `json:"email"`
	Phone                string `json:"phone"`
	MobilePhone          string `json:"mobilePhone"`
	Address              string `json:"address"`
	AddressNumber        string `json:"addressNumber"`
	Complement           string `json:"complement"`
	Province             string `json:"province"`
	PostalCode           string `json:"postalCode"`
	ExternalReference    string `json:"externalReference"`
	NotificationDisabled bool   `json:"notificationDisabled"`
	AdditionalEmails     string `json:"additionalEmails"`
	Observations         string `json:"observations"`
	GroupName            string `json:"groupName"`
	Company              string `json:"company"`
	Deleted              bool   `json:"deleted"`
}

func (c *Customer) personType() string {
	if len(c.CpfCnpj) == 14 {
		return "JURIDICA"
	}
	return "FISICA"
}

func (c *Customer) render() any {
	return map[string]any{
		"object":               "customer",
		"id":                   c.ID,
		"dateCreated":          c.DateCreated,
		"name":                 c.Name,
		"email":                nullable(c.Email),
		"phone":                nullable(c.Phone),
		"mobilePhone":          nullable(c.MobilePhone),
		"address":              nullable(c.Address),
		"addressNumber":        nullable(c.AddressNumber),
		"complement":           nullable(c.Complement),
		"province":             nullable(c.Province),
		"postalCode":           nullable(c.PostalCode),
		"cpfCnpj":              c.CpfCnpj,
		"personType":           c.personType(),
		"deleted":              c.Deleted,
		"additionalEmails":     nullable(c.AdditionalEmails),
		"externalReference":    nullable(c.ExternalReference),
		"notificationDisabled": c.NotificationDisabled,
		"observations":         nullable(c.Observations),
		"groupName":            nullable(c.GroupName),
		"company":              nullable(c.Company),
		"foreignCustomer":      false,
	}
}

func (s *Server) handleCreateCustomer(w http.ResponseWriter, r *http.Request, acc *Account) {
	var in Customer
	if err := decodeBody(r, &in); err != nil {
		writeErrors(w, http.StatusBadRequest, errItem{"invalid_request", "O corpo da requisição não é um JSON válido."})
		return
	}
	var errs []errItem
	if strings.TrimSpace(in.Name) == "" {
		errs = append(errs, errItem{"invalid_name", "O nome do cliente deve ser informado."})
	}
	in.CpfCnpj = normalizeDoc(in.CpfCnpj)
	switch {
	case in.CpfCnpj == "":
		errs = append(errs, errItem{"invalid_cpfCnpj", "O CPF/CNPJ do cliente deve ser informado."})
	case !validDoc(in.CpfCnpj):
		errs = append(errs, errItem{"invalid_cpfCnpj", "O CPF/CNPJ informado é inválido."})
	}
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	c := in
	c.ID, c.AccountID, c.DateCreated, c.Deleted = s.newCustomerID(), acc.ID, s.today(), false
	acc.customers = append(acc.customers, &c)
	s.customers[c.ID] = &c
	writeJSON(w, http.StatusOK, c.render())
}

func (s *Server) handleGetCustomer(w http.ResponseWriter, r *http.Request, acc *Account) {
	c, ok := s.customers[r.PathValue("id")]
	if !ok || c.AccountID != acc.ID {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, c.render())
}

func (s *Server) handleListCustomers(w http.ResponseWriter, r *http.Request, acc *Account) {
	q := r.URL.Query()
	name := strings.ToLower(q.Get("name"))
	doc := normalizeDoc(q.Get("cpfCnpj"))
	var out []*Customer
	for _, c := range acc.customers {
		switch {
		case c.Deleted,
			name != "" && !strings.Contains(strings.ToLower(c.Name), name),
			q.Has("cpfCnpj") && c.CpfCnpj != doc,
			q.Has("email") && c.Email != q.Get("email"),
			q.Has("externalReference") && c.ExternalReference != q.Get("externalReference"),
			q.Has("groupName") && c.GroupName != q.Get("groupName"):
			continue
		}
		out = append(out, c)
	}
	writePage(w, r, out, (*Customer).render)
}

// Customers returns snapshots of the account's customers, in creation order.
func (s *Server) Customers(acc *Account) []Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Customer, 0, len(acc.customers))
	for _, c := range acc.customers {
		out = append(out, *c)
	}
	return out
}
