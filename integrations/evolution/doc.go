// Package evolution is a small typed client for Evolution API v2 (the
// self-hosted WhatsApp gateway each repair shop connects through), plus the
// parsing of the webhooks Evolution posts back.
//
// It speaks Evolution's wire contract only (as its v2 source defines it): instance
// lifecycle (create, connect by QR code, state, logout, delete, restart),
// sending text, configuring the per-instance webhook, and decoding inbound
// events (messages.upsert, messages.update, connection.update,
// qrcode.updated). Shapes of Evolution v1.8 and of every 2.x release up to
// 2.3.6 are accepted where they differ.
//
// Every failure is classified so callers can use errors.Is with the
// sentinels in errors.go and decide on retries with IsRetryable.
//
// The fake sub-package is a real HTTP server of the same contract, for
// tests and the demo.
package evolution
