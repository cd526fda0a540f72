// Package ui holds Bancada's staff web app: a Svelte + Vite single-page app
// whose built files (dist/) are committed and embedded in the binary, so
// `go run . serve` needs no Node. Sources live in src/; scripts/build-ui
// rebuilds dist/ reproducibly and scripts/check-ui fails when the committed
// build differs from the sources.
//
// The app is a client of the public API only (PocketBase REST and realtime,
// and the /api/bancada/* routes). The hooks package mounts DistFS at "/"
// with an index.html fallback for the app's paths.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// DistFS returns the built app: index.html at the root and hashed files
// under assets/ (safe to cache for a long time; index.html is not).
func DistFS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub only fails for an invalid path; "dist" is a constant.
		panic(err)
	}
	return sub
}
