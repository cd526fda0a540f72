// Package pricing turns a shop's price rules into a repair quote.
//
// It is pure: no I/O, no PocketBase. A shop keeps a list of [Rule]s
// (device type + brand, optionally narrowed by service and model);
// [Match] picks the most specific rule for a [Query], [Apply] applies the
// shop's loyalty discount with exact integer rounding, and [Compute] does
// both and returns a [Quote]. Money is always int64 centavos.
package pricing
