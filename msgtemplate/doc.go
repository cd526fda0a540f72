// Package msgtemplate renders the texts Bancada sends to customers and
// holds their Brazilian Portuguese defaults.
//
// A template is plain text with {{NAME}} placeholders (also written
// {{ NAME }}); [Render] fills them. Shops may override any text; the
// defaults live in a [Catalog] of [Text]s keyed by stable keys such as
// [KeyWelcome]. Each group of texts (the WhatsApp bot today, order-status
// notifications later) lives in its own file and is listed in Catalog.
package msgtemplate
