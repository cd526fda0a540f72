package hooks

// GatedRead exposes gatedRead to the external tests.
var GatedRead = gatedRead

// TranslatedMessages and TranslatedCodes expose the translation tables to
// the drift test.
var TranslatedMessages, TranslatedCodes = translatedMessages, translatedCodes
