package evofake

import (
	"net/http"
	"net/http/httptest"
)

// Server is a Fake listening on a local httptest server.
type Server struct {
	*Fake
	// URL is the base URL to give the client ("http://127.0.0.1:port").
	URL string
	ts  *httptest.Server
}

// Start starts a fake Evolution server on a local port. Close it when done.
func Start(opts ...Option) *Server {
	f := NewHandler(opts...)
	ts := httptest.NewServer(f)
	f.mu.Lock()
	if f.serverURL == "http://evolution.fake" {
		f.serverURL = ts.URL
	}
	f.mu.Unlock()
	return &Server{Fake: f, URL: ts.URL, ts: ts}
}

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close waits for background webhook posts and shuts the server down.
func (s *Server) Close() {
	s.Wait()
	s.ts.Close()
}
