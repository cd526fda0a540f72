package tracking

import (
	"net/netip"
	"sync"
	"time"
)

// missLimiter counts, per client address, requests for tokens that open no
// page, in fixed windows. Tokens carry 192 random bits, so guessing is
// hopeless anyway; the limiter keeps a scanner from loading the database
// and the logs. Only misses count: a customer reloading a valid page is
// never throttled, and a blocked address is refused for every token.
type missLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*missWindow
}

type missWindow struct {
	start time.Time
	count int
}

// sweepAt is the map size at which finished windows are dropped; if the
// map is still that full afterwards (a scan from very many addresses), it
// starts over, which bounds memory at the cost of forgetting some counts.
const sweepAt = 1 << 16

func newMissLimiter(max int, window time.Duration, now func() time.Time) *missLimiter {
	return &missLimiter{max: max, window: window, now: now, clients: map[string]*missWindow{}}
}

// blocked reports whether key used up its misses in the current window,
// and if so when it may try again.
func (l *missLimiter) blocked(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.clients[key]
	if !ok {
		return false, 0
	}
	now := l.now()
	if now.Sub(w.start) >= l.window {
		delete(l.clients, key)
		return false, 0
	}
	if w.count < l.max {
		return false, 0
	}
	return true, w.start.Add(l.window).Sub(now)
}

// miss records one request of key for a token that opened no page.
func (l *missLimiter) miss(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w, ok := l.clients[key]
	if !ok || now.Sub(w.start) >= l.window {
		if len(l.clients) >= sweepAt {
			l.sweep(now)
			if len(l.clients) >= sweepAt {
				clear(l.clients)
			}
		}
		l.clients[key] = &missWindow{start: now, count: 1}
		return
	}
	w.count++
}

// sweep drops finished windows; l.mu is held.
func (l *missLimiter) sweep(now time.Time) {
	for k, w := range l.clients {
		if now.Sub(w.start) >= l.window {
			delete(l.clients, k)
		}
	}
}

// clientKey is the limiter's key for an address: IPv4 addresses as they
// are, IPv6 addresses by their /64 (one subscriber's whole network).
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, err := a.Prefix(64)
		if err == nil {
			return p.String()
		}
	}
	return a.String()
}
