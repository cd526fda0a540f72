// Package collections is the one place that knows Bancada's collection and
// field names. It defines every collection as code (fields, indexes, API
// rules), used by the migrations in pb_migrations, and offers a typed record
// proxy per collection so no other package spells a field name as a string.
//
// Tenancy: every tenant-owned collection has a required "tenant" relation, an
// index that starts with tenant, and API rules that scope list, view, create,
// update and delete to staff who hold a membership in an active tenant, with
// the roles of rules.go. Go code bypasses those rules; see the scope helpers
// in scope.go.
package collections
