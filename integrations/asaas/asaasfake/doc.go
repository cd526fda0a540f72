// Package asaasfake is a fake Asaas v3 server: a real HTTP server speaking
// Asaas v3's wire contract (paths under /v3, the
// access_token header, 200 on creates, {"errors":[…]} bodies, money as JSON
// numbers in reais, list envelopes, 429 with RateLimit-* headers, 403 for a
// body on GET) and posting webhooks the way Asaas does (asaas-access-token
// header, only HTTP 200 counts, stable event ids on re-delivery, per-webhook
// queues that block when SEQUENTIALLY and are interrupted after 15
// consecutive failures).
//
// It is multi-account: every AddAccount key is its own Asaas account, so a
// test can prove that one shop's charges only ever used that shop's key
// (see Calls).
//
// Events caused by API calls (PAYMENT_CREATED, PAYMENT_DELETED,
// SUBSCRIPTION_CREATED, …) are queued and posted by the next delivery: a
// control method, DeliverPending, or at once in the background with
// WithAutoDeliver (the demo mode). Control methods (ReceivePayment,
// ConfirmPayment, OverduePayment, …) change a payment the way the payer or
// the bank would and post the resulting webhooks synchronously, returning
// what the receivers answered.
//
// A hosted invoice page (/i/{code}) lets a person "pay" a charge in the
// demo. The fake never imports the asaas client package: it is an
// independent implementation of the contract.
package asaasfake
