package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	evofake "github.com/bancada/bancada/integrations/evolution/fake"
)

// Open-loop load for the busy shop: customers are offered at a fixed rate
// whatever the appliance answers (a closed loop would slow down with it
// and hide a collapse). The load runs in the benchtool process on the
// same machine as the appliance, so both share its cores.

// busyOffer is one customer offered to a shop.
type busyOffer struct {
	shop  *busyShopRig
	phone string
	sent  time.Time
	acked bool
}

// busyMaxInFlight bounds the webhooks posted at once; when every slot is
// taken the offering falls behind and the achieved rate says so.
const busyMaxInFlight = 256

// offer posts one new customer per 1/rate for dur, each to a shop chosen
// by pick, and returns the customers once every webhook has answered.
func offer(ctx context.Context, rate float64, dur time.Duration, pick func(i int) *busyShopRig) []*busyOffer {
	n := int(rate * dur.Seconds())
	out := make([]*busyOffer, n)
	sem := make(chan struct{}, busyMaxInFlight)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		if ctx.Err() != nil {
			out = out[:i]
			break
		}
		if wait := time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))); wait > 0 {
			time.Sleep(wait)
		}
		sem <- struct{}{}
		o := &busyOffer{shop: pick(i)}
		o.phone = o.shop.nextPhone()
		out[i] = o
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			o.sent = time.Now()
			status, err := o.shop.evo.fake.InjectMessage(o.shop.instance, evofake.InboundSpec{From: o.phone, Text: busyBurstText})
			o.acked = err == nil && status == http.StatusOK
		}()
	}
	wg.Wait()
	return out
}

// offerStats are what the fake saw of offered customers.
type offerStats struct {
	acked, refused, missing, doubled int
	once                             int         // answered with exactly one text
	first                            []time.Time // first reply of each answered customer
	lat                              durations   // first-reply latency of each answered customer
	lastPost                         time.Time
}

// waitAnswered waits until every acknowledged customer has a first reply
// and the sends have been quiet for quiet (a doubled reply would come
// late), at most limit, and counts.
func waitAnswered(ctx context.Context, evo *evoRig, offers []*busyOffer, quiet, limit time.Duration) offerStats {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		waiting := 0
		for _, o := range offers {
			if o.acked && evo.firstReply(o.phone).IsZero() {
				waiting++
			}
		}
		if waiting == 0 && time.Since(evo.lastSend()) > quiet {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var s offerStats
	for _, o := range offers {
		if o.sent.After(s.lastPost) {
			s.lastPost = o.sent
		}
		if !o.acked {
			s.refused++
			continue
		}
		s.acked++
		at := evo.firstReply(o.phone)
		if at.IsZero() {
			s.missing++
			continue
		}
		s.first = append(s.first, at)
		s.lat.add(at.Sub(o.sent))
		if evo.repeated(o.phone) {
			s.doubled++
		}
		if evo.sent(o.phone) == 1 {
			s.once++
		}
	}
	return s
}

// repliesIn counts first replies in [from, to).
func (s *offerStats) repliesIn(from, to time.Time) int {
	n := 0
	for _, at := range s.first {
		if !at.Before(from) && at.Before(to) {
			n++
		}
	}
	return n
}

// lastReply is the latest first reply.
func (s *offerStats) lastReply() time.Time {
	var last time.Time
	for _, at := range s.first {
		if at.After(last) {
			last = at
		}
	}
	return last
}

// busyCollapse measures the sustainable rate of one shop with pacing off
// (new customers offered at rising rates, each step drained before the
// next, until the answered rate stops following the offered one), then
// offers 10× that rate for overload and reports the replies/s during and
// after as a fraction of the sustainable rate.
func busyCollapse(ctx context.Context, a *appliance, shop *busyShopRig, rates []float64, step, overload time.Duration) ([]Figure, error) {
	pick := func(int) *busyShopRig { return shop }
	sustainable := 0.0
	var steps []string
	for _, r := range rates {
		offers := offer(ctx, r, step, pick)
		if len(offers) == 0 {
			continue
		}
		s := waitAnswered(ctx, shop.evo, offers, 0, 2*time.Minute)
		if s.missing > 0 || s.refused > 0 {
			return nil, fmt.Errorf("busy: collapse step %.0f/s: %d refused, %d not answered in two minutes", r, s.refused, s.missing)
		}
		first := offers[0].sent
		got := float64(len(s.first)) / s.lastReply().Sub(first).Seconds()
		steps = append(steps, fmt.Sprintf("%.0f→%.0f", r, got))
		fmt.Fprintf(os.Stderr, "busy: offered %.0f new customers/s, answered %.1f/s\n", r, got)
		sustainable = max(sustainable, got)
		if got < 0.8*r {
			break
		}
	}
	rate := 10 * sustainable
	fmt.Fprintf(os.Stderr, "busy: sustainable %.1f/s; offering %.0f/s for %s\n", sustainable, rate, overload)
	t0 := time.Now()
	offers := offer(ctx, rate, overload, pick)
	offered := time.Since(t0)
	t1 := t0.Add(overload)
	s := waitAnswered(ctx, shop.evo, offers, 3*time.Second, 5*time.Minute)
	during := float64(s.repliesIn(t0, t1)) / overload.Seconds()
	drain := s.lastReply().Sub(t1)
	after := 0.0
	if drain > 0 {
		after = float64(s.repliesIn(t1, s.lastReply().Add(time.Nanosecond))) / drain.Seconds()
	}
	met := during >= 0.8*sustainable && (drain <= 0 || after >= 0.8*sustainable) && s.once == s.acked
	return []Figure{{ID: "busy-shop-sustainable", Area: "whatsapp", Name: "busy shop: sustainable rate, pacing off",
		Metrics: []Metric{{Name: "rate", Unit: "new customers/s", Value: sustainable}},
		Conditions: fmt.Sprintf("new customers offered open-loop to one shop for %s per step at rising rates (offered→answered per s: %s), each step drained before the next; "+
			"sustainable = the highest answered rate; load generated by the benchtool process on the same 2 cores", step, strings.Join(steps, ", "))},
		{ID: "busy-shop-overload", Area: "whatsapp", Name: "busy shop: 10× the sustainable rate",
			Metrics: []Metric{
				{Name: "offered", Unit: "customers/s", Value: float64(len(offers)) / offered.Seconds()},
				{Name: "replies during", Unit: "/s", Value: during}, {Name: "during", Unit: "% of sustainable", Value: 100 * during / sustainable},
				{Name: "replies after", Unit: "/s", Value: after}, {Name: "after", Unit: "% of sustainable", Value: 100 * after / sustainable},
				{Name: "first reply p50", Unit: "ms", Value: s.lat.p(0.50)}, {Name: "first reply p99", Unit: "ms", Value: s.lat.p(0.99)},
				{Name: "acked", Unit: "messages", Value: float64(s.acked)}, {Name: "answered once", Unit: "messages", Value: float64(s.once)},
				{Name: "missing", Unit: "messages", Value: float64(s.missing)}, {Name: "doubled", Unit: "messages", Value: float64(s.doubled)},
				{Name: "refused", Unit: "webhooks", Value: float64(s.refused)}},
			Conditions: fmt.Sprintf("%.0f new customers/s (10× %.1f) offered open-loop to one shop for %s (at most %d webhooks in flight), pacing off; "+
				"during = first replies in those %s, after = first replies from then to the last one (%.1f s of drain); "+
				"answered once = acknowledged and sent exactly one text; load generated on the same 2 cores", rate, sustainable, overload, busyMaxInFlight, overload, drain.Seconds()),
			Target: "replies/s during and after ≥ 80% of the sustainable rate; every acknowledged message answered exactly once", Met: &met}}, nil
}

// busyManyShops signs up shops shops, connects each one's WhatsApp to the
// fake and offers rate new customers/s spread evenly at random over them
// for dur, measuring webhook → first reply.
func busyManyShops(ctx context.Context, bin string, a *appliance, evo *evoRig, dir string, shops int, rate float64, dur time.Duration) (Figure, error) {
	if err := openSignup(ctx, bin, a, dir); err != nil {
		return Figure{}, err
	}
	start := time.Now()
	rigs := make([]*busyShopRig, shops)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < shops; i = int(next.Add(1) - 1) {
				r, err := setupShopN(ctx, a, evo, i)
				if err != nil {
					errs <- err
					return
				}
				rigs[i] = r
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return Figure{}, err
	}
	setup := time.Since(start)
	fmt.Fprintf(os.Stderr, "busy: %d shops connected in %.0f s; offering %.0f new customers/s for %s\n", shops, setup.Seconds(), rate, dur)
	// Let the connection events settle before the load starts.
	time.Sleep(2 * time.Second)
	rng := rand.New(rand.NewPCG(14, 300))
	order := make([]int, int(rate*dur.Seconds()))
	for i := range order {
		order[i] = rng.IntN(shops)
	}
	offers := offer(ctx, rate, dur, func(i int) *busyShopRig { return rigs[order[i]] })
	s := waitAnswered(ctx, evo, offers, 0, 2*time.Minute)
	if s.refused > 0 || s.missing > 0 {
		return Figure{}, fmt.Errorf("busy: many shops: %d refused, %d not answered in two minutes", s.refused, s.missing)
	}
	p99 := s.lat.p(0.99)
	met := p99 <= 100
	return Figure{ID: "busy-many-shops", Area: "whatsapp", Name: "many shops: webhook → first reply",
		Metrics: []Metric{{Name: "p50", Unit: "ms", Value: s.lat.p(0.50)}, {Name: "p99", Unit: "ms", Value: p99}, {Name: "max", Unit: "ms", Value: s.lat.max()},
			{Name: "answered", Unit: "messages", Value: float64(s.acked)}},
		Conditions: fmt.Sprintf("%s shops signed up and connected to the fake through the API (%.0f s), then %.0f new customers/s for %s, each to a shop drawn at random, "+
			"default settings; latency = webhook posted → sendText at the fake; load generated by the benchtool process on the same 2 cores",
			groupThousands(fmt.Sprint(shops)), setup.Seconds(), rate, dur),
		Target: "p99 ≤ 100 ms at 300 messages/s over 1,000 shops", Met: &met}, nil
}

// openSignup turns the per-IP rate limits off through a superuser (every
// shop signs up from loopback): the CLI makes the superuser, the settings
// API switches the limits off.
func openSignup(ctx context.Context, bin string, a *appliance, dir string) error {
	const email, pass = "bench@bancada.test", "bench-superuser-1"
	out, err := exec.CommandContext(ctx, bin, "superuser", "upsert", email, pass, "--dir", dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("busy: superuser upsert: %w: %s", err, out)
	}
	var auth struct {
		Token string `json:"token"`
	}
	if err := postJSON(ctx, a.base+"/api/collections/_superusers/auth-with-password", "", `{"identity":"`+email+`","password":"`+pass+`"}`, &auth); err != nil {
		return fmt.Errorf("busy: superuser auth: %w", err)
	}
	return doJSON(ctx, http.MethodPatch, a.base+"/api/settings", auth.Token, `{"rateLimits":{"enabled":false}}`, nil)
}

// setupShopN signs up the i-th shop of many and connects its WhatsApp.
func setupShopN(ctx context.Context, a *appliance, evo *evoRig, i int) (*busyShopRig, error) {
	var signup struct {
		Token  string `json:"token"`
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
	}
	body := fmt.Sprintf(`{"shop":{"name":"Loja %d","cnpj":"%s","email":"loja%d@muitas.test","phone":"(31) 3222-1000"},`+
		`"owner":{"name":"Dona %d","email":"dona%d@muitas.test","password":"senha-longa-1"}}`, i, cnpj(20_000_000+i), i, i, i)
	if err := postJSON(ctx, a.base+"/api/bancada/signup", "", body, &signup); err != nil {
		return nil, fmt.Errorf("busy: signup %d: %w", i, err)
	}
	if err := postJSON(ctx, a.base+"/api/bancada/whatsapp/connect", signup.Token, `{"tenant":"`+signup.Tenant.ID+`"}`, nil); err != nil {
		return nil, fmt.Errorf("busy: connect %d: %w", i, err)
	}
	instance := "bancada_" + signup.Tenant.ID // whatsapp.InstanceName
	if status, err := evo.fake.ScanQR(instance, fmt.Sprintf("553193%07d", i)); err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("busy: scan QR of %s: %d %v", instance, status, err)
	}
	return &busyShopRig{evo: evo, instance: instance}, nil
}
