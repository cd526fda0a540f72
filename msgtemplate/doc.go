// Package msgtemplate renders the texts Bancada sends to customers and
// holds their Brazilian Portuguese defaults.
//
// A template is plain text with {{NAME}} placeholders (also written
// {{ NAME }}); [Render] fills them. Shops may override any text; the
// defaults live in a [Catalog] of [Text]s keyed by stable keys such as
// [KeyWelcome]. Each group of texts (the WhatsApp assistant's, the
// reminders and charge messages, the order-status notifications) lives in
// its own file and is listed in Catalog. [Compose] renders a message a
// customer receives, leaving out lines and paragraphs whose placeholders
// are all empty.
package msgtemplate
