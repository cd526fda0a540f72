package asaas

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Customer is an Asaas customer (the payer). On create, Name and CpfCnpj are
// required; the read-only fields (ID, DateCreated, PersonType, Deleted) are
// ignored by Asaas.
type Customer struct {
	ID                   string `json:"id,omitempty"`
	DateCreated          Date   `json:"dateCreated,omitzero"`
	Name                 string `json:"name,omitempty"`
	CpfCnpj              string `json:"cpfCnpj,omitempty"`
	Email                string `json:"email,omitempty"`
	Phone                string `json:"phone,omitempty"`
	MobilePhone          string `json:"mobilePhone,omitempty"`
	Address              string `json:"address,omitempty"`
	AddressNumber        string `json:"addressNumber,omitempty"`
	Complement           string `json:"complement,omitempty"`
	Province             string `json:"province,omitempty"`
	PostalCode           string `json:"postalCode,omitempty"`
	ExternalReference    string `json:"externalReference,omitempty"`
	NotificationDisabled bool   `json:"notificationDisabled,omitempty"`
	AdditionalEmails     string `json:"additionalEmails,omitempty"`
	Observations         string `json:"observations,omitempty"`
	GroupName            string `json:"groupName,omitempty"`
	Company              string `json:"company,omitempty"`
	// PersonType is FISICA or JURIDICA, set by Asaas from CpfCnpj.
	PersonType string `json:"personType,omitempty"`
	Deleted    bool   `json:"deleted,omitempty"`
}

// CustomerFilter selects customers for ListCustomers.
type CustomerFilter struct {
	Name              string
	Email             string
	CpfCnpj           string
	ExternalReference string
	GroupName         string
	Offset, Limit     int
}

// NormalizeCpfCnpj keeps only the letters and digits of a CPF/CNPJ, upper
// case ("123.456.789-09" → "12345678909"; alphanumeric CNPJs keep their
// letters). It does not validate check digits.
func NormalizeCpfCnpj(doc string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(doc) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CreateCustomer creates a customer. Asaas allows duplicates: prefer
// FindOrCreateCustomer.
func (c *Client) CreateCustomer(ctx context.Context, in Customer) (*Customer, error) {
	in.CpfCnpj = NormalizeCpfCnpj(in.CpfCnpj)
	req := in
	req.ID, req.DateCreated, req.PersonType, req.Deleted = "", Date{}, "", false
	var out Customer
	if err := c.do(ctx, "create customer", http.MethodPost, "/customers", nil, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetCustomer returns the customer with the given id.
func (c *Client) GetCustomer(ctx context.Context, id string) (*Customer, error) {
	const op = "get customer"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	var out Customer
	if err := c.do(ctx, op, http.MethodGet, idPath("/customers", id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListCustomers returns one page of customers matching f.
func (c *Client) ListCustomers(ctx context.Context, f CustomerFilter) (*List[Customer], error) {
	q := url.Values{}
	setIf(q, "name", f.Name)
	setIf(q, "email", f.Email)
	setIf(q, "cpfCnpj", NormalizeCpfCnpj(f.CpfCnpj))
	setIf(q, "externalReference", f.ExternalReference)
	setIf(q, "groupName", f.GroupName)
	applyPage(q, f.Offset, f.Limit)
	var out List[Customer]
	if err := c.do(ctx, "list customers", http.MethodGet, "/customers", q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// FindCustomerByCpfCnpj returns the first non-deleted customer with that
// CPF/CNPJ, or (nil, nil) when there is none.
func (c *Client) FindCustomerByCpfCnpj(ctx context.Context, doc string) (*Customer, error) {
	doc = NormalizeCpfCnpj(doc)
	if doc == "" {
		return nil, fmt.Errorf("asaas: find customer: %w", errors.New("empty cpfCnpj"))
	}
	list, err := c.ListCustomers(ctx, CustomerFilter{CpfCnpj: doc, Limit: 10})
	if err != nil {
		return nil, err
	}
	for i := range list.Data {
		if !list.Data[i].Deleted {
			return &list.Data[i], nil
		}
	}
	return nil, nil
}

// FindOrCreateCustomer returns the existing customer with in.CpfCnpj, or
// creates it. Asaas itself accepts duplicates, so this look-up is the only
// guard; callers serialise concurrent calls for the same document.
func (c *Client) FindOrCreateCustomer(ctx context.Context, in Customer) (*Customer, error) {
	found, err := c.FindCustomerByCpfCnpj(ctx, in.CpfCnpj)
	if err != nil {
		return nil, err
	}
	if found != nil {
		return found, nil
	}
	return c.CreateCustomer(ctx, in)
}
