// Package gcalfake is a fake of the Google endpoints Bancada uses, served
// over real HTTP: the OAuth 2.0 authorization, token and revoke endpoints and
// the Calendar v3 REST API under /calendar/v3/ (calendarList, events
// insert/get/patch/delete/list with pageToken and syncToken, events.watch,
// channels.stop, freeBusy), with Google's error bodies.
//
// Clients are the real golang.org/x/oauth2 and google.golang.org/api code
// pointed at the fake (Config.AuthURL/TokenURL/RevokeURL and
// option.WithEndpoint(URL+"/calendar/v3/")). Control methods play the shop
// owner acting "in Google" (MoveEvent, DeleteEventExternally, AddBusy) and
// inject failures (FailNext, InvalidateSyncTokens, RevokeAll,
// ExpireAccessTokens, DenyNext).
//
// It is stricter than Google where Bancada depends on a parameter: the
// authorization endpoint rejects requests without access_type=offline,
// prompt=consent and an S256 PKCE challenge. It accepts plain http channel
// addresses (Google requires https) so tests can receive pushes. Recurring
// events and per-method scope checks are not modelled.
package gcalfake
