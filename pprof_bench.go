//go:build benchpprof

package main

import (
	"net/http"
	_ "net/http/pprof" // the profiling handlers, only in a benchpprof build
	"os"
)

// init serves net/http/pprof on BANCADA_PPROF_ADDR in a binary built with
// -tags benchpprof, so a benchmark run can take a CPU profile of the
// appliance under load. The default build has no such listener.
func init() {
	if addr := os.Getenv("BANCADA_PPROF_ADDR"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
