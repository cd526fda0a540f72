package hooks

// GatedRead exposes gatedRead to the external tests.
var GatedRead = gatedRead
