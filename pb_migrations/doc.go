// Package pb_migrations holds Bancada's schema as code: Go migrations that
// PocketBase applies once each, in file-name order, when the appliance
// starts (or when `bancada migrate up` runs). The collection definitions
// live in package collections; migrations call it.
//
// Never rename an applied migration file: it would run again.
package pb_migrations
