package asaas

import (
	"context"
	"net/http"
	"net/url"
)

// AccountInfo is the commercial data of the account that owns the key
// (GET /v3/myAccount/commercialInfo). Status is e.g. APPROVED, PENDING,
// REJECTED or AWAITING_APPROVAL.
type AccountInfo struct {
	Status      string `json:"status"`
	PersonType  string `json:"personType"`
	CpfCnpj     string `json:"cpfCnpj"`
	Name        string `json:"name"`
	CompanyName string `json:"companyName"`
	TradingName string `json:"tradingName"`
	Email       string `json:"email"`
	MobilePhone string `json:"mobilePhone"`
}

// MyAccount returns the commercial data of the key's account: a cheap call
// that proves the key works and says whose it is ("Conectado como …") when a
// shop connects its key.
func (c *Client) MyAccount(ctx context.Context) (*AccountInfo, error) {
	var out AccountInfo
	if err := c.do(ctx, "my account", http.MethodGet, "/myAccount/commercialInfo", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Ping checks that the key can read customers (GET /v3/customers?limit=1),
// the permission every charge needs. Keys can be created with narrow
// permissions, so MyAccount succeeding does not prove this.
func (c *Client) Ping(ctx context.Context) error {
	q := url.Values{"limit": {"1"}}
	return c.do(ctx, "ping", http.MethodGet, "/customers", q, nil, nil)
}
