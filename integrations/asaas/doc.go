// Package asaas is a small typed client for the Asaas v3 billing API
// (https://docs.asaas.com), the parser of the webhooks Asaas posts, and the
// wire types shared by both.
//
// Bancada talks to Asaas with two kinds of keys: each shop's own key (the
// shop charges its customers for service orders) and the platform's key (the
// platform bills the shops' monthly subscriptions). A [Client] is bound to
// exactly one key for its whole life, so a shop's charge can never be created
// with another account's key by accident.
//
// Money is int64 centavos in every exported struct; on the wire Asaas uses a
// JSON number in reais, converted exactly (no float64 arithmetic) by [Reais].
// Civil dates are [Date]. Identifiers are opaque strings: their format is
// never validated (Asaas changes them, e.g. "pay_1_…" from November 2026).
//
// The subpackage asaasfake is a real HTTP server speaking the same wire
// contract, for tests and the demo mode.
package asaas
