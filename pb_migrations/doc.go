// Package pb_migrations holds Bancada's schema as code: Go migrations that
// PocketBase applies once each, in file-name order, when the appliance
// starts (or when `bancada migrate up` runs). The collection definitions
// live in package collections.
//
// # How the schema reaches existing installs
//
// The first migration creates every collection with collections.Sync. A
// migration runs once, so that alone would leave a live database behind
// the code forever. Therefore every start of `bancada serve` calls
// collections.Sync again (package wiring, before the server takes
// requests): each collection's fields, indexes and API rules are brought
// to what package collections defines. Sync is non-destructive: it adds
// fields (or changes them in place, by name), adds and replaces indexes
// and sets rules; it never drops a field, a collection or a record. So:
//
//   - adding a field, an index, a select value or changing a rule is an
//     edit in package collections and nothing else: the next start applies
//     it everywhere;
//   - anything that drops or transforms data (removing or renaming a
//     field, moving values, backfilling a new field from others) is an
//     explicit migration file here, written to run once. Migrations run
//     before the start's Sync, so one that needs the new schema (to
//     backfill a new field, say) calls collections.Sync first, as
//     1764400003_invitations.go does.
//
// TestAStartBringsAnOlderDataDirUpToDate opens a data dir of an earlier
// release (testdata/previous_release) and checks that a start gives it
// every field, index and rule of a fresh one, with the data intact.
//
// Never rename an applied migration file: it would run again.
package pb_migrations
