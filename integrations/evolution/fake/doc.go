// Package evofake is a fake Evolution API v2.3 server: a real HTTP server
// that speaks the same wire contract as Evolution (routes, apikey
// checks, error envelopes, the 200-with-{"error":true} quirks) and posts
// the same webhooks, so the client and the app's webhook handler are
// exercised end to end without a phone.
//
// Tests drive the WhatsApp side with Go methods: ScanQR, Disconnect,
// InjectMessage, PostMessageUpdate, FailNext, SetDown… Webhook posts made
// by those methods are synchronous and return the HTTP status the app
// answered, so tests need no sleeps. NewHandler gives the same fake as an
// http.Handler for the demo, with a small control page under /_fake/.
package evofake
