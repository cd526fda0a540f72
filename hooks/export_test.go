package hooks

// GatedRead exposes gatedRead to the external tests.
var GatedRead = gatedRead

// TranslatedMessages and TranslatedCodes expose the translation tables to
// the drift test.
var TranslatedMessages, TranslatedCodes = translatedMessages, translatedCodes

// BindOrders exposes bindOrders, so a test can bind the orders' hooks with
// a spy in place of the plan's order limit.
var BindOrders = bindOrders
