package evofake

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// serveControl serves the demo's control page under /_fake/: a list of
// instances with their QR codes and buttons to scan, disconnect, inject a
// customer message or take the server down; /_fake/state.json is the same
// as JSON. The page is for people playing the demo, so it speaks
// Portuguese. The fake may be mounted under a prefix (the demo serves it
// at /_fake/evolution/): the page's forms and redirects are relative, so
// they stay under whatever prefix the browser used.
func (f *Fake) serveControl(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_fake" {
		relativeRedirect(w, "_fake/") // forms resolve against the trailing slash
		return
	}
	action := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/_fake"), "/")
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		inst := r.PostForm.Get("instance")
		var err error
		switch action {
		case "scan":
			_, err = f.ScanQR(inst, r.PostForm.Get("phone"))
		case "disconnect":
			_, err = f.Disconnect(inst)
		case "qrcode":
			_, err = f.PostQRCodeUpdated(inst)
		case "inject":
			_, err = f.InjectMessage(inst, InboundSpec{
				From: r.PostForm.Get("from"), Text: r.PostForm.Get("text"), PushName: r.PostForm.Get("name"),
			})
		case "down":
			f.SetDown(r.PostForm.Get("down") == "1")
		default:
			http.NotFound(w, r)
			return
		}
		if err != nil && !strings.Contains(err.Error(), ErrNoWebhook.Error()) {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		relativeRedirect(w, "./")
		return
	}
	view := f.snapshot()
	switch action {
	case "state.json":
		writeJSON(w, http.StatusOK, view)
	case "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = controlPage().Execute(w, view)
	default:
		http.NotFound(w, r)
	}
}

// relativeRedirect answers 303 with a Location relative to the request's
// URL: http.Redirect would resolve it against the path the fake sees, which
// lacks the prefix the fake is mounted under.
func relativeRedirect(w http.ResponseWriter, to string) {
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusSeeOther)
}

type instanceView struct {
	Name       string `json:"name"`
	State      string `json:"state"`
	Owner      string `json:"ownerJid"`
	QRBase64   string `json:"qrBase64,omitempty"`
	Pairing    string `json:"pairingCode,omitempty"`
	WebhookURL string `json:"webhookUrl,omitempty"`
}

type controlView struct {
	Down       bool           `json:"down"`
	Instances  []instanceView `json:"instances"`
	Sent       []SentText     `json:"sent"`
	Deliveries []Delivery     `json:"deliveries"`
}

func (f *Fake) snapshot() controlView {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := controlView{Down: f.down, Sent: append([]SentText(nil), f.sent...), Deliveries: append([]Delivery(nil), f.deliveries...)}
	for _, n := range f.order {
		inst := f.instances[n]
		iv := instanceView{Name: n, State: inst.state, Owner: inst.ownerJID, QRBase64: inst.qr.base64, Pairing: inst.qr.pairingCode}
		if inst.webhook != nil {
			iv.WebhookURL = inst.webhook.URL
		}
		v.Instances = append(v.Instances, iv)
	}
	sort.SliceStable(v.Sent, func(i, j int) bool { return v.Sent[i].At.After(v.Sent[j].At) })
	return v
}

func controlPage() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		// The QR is our own data: URL; html/template would refuse it.
		"dataURL": func(s string) template.URL { return template.URL(s) },
	}).Parse(`<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>WhatsApp simulado (Evolution)</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}section{border:1px solid #ccc;border-radius:8px;padding:1em;margin:1em 0}
.open{color:#080}.connecting{color:#b60}.close{color:#a00}img{width:180px}</style></head><body>
<h1>WhatsApp simulado</h1>
<p>Servidor {{if .Down}}<b class="close">fora do ar</b>{{else}}<b class="open">no ar</b>{{end}}
<form method="post" action="down" style="display:inline"><input type="hidden" name="down" value="{{if .Down}}0{{else}}1{{end}}">
<button>{{if .Down}}Religar{{else}}Derrubar{{end}}</button></form></p>
{{range .Instances}}<section><h2>{{.Name}} — <span class="{{.State}}">{{.State}}</span></h2>
{{if .Owner}}<p>Conectado como {{.Owner}}</p>{{end}}
{{if .QRBase64}}<p><img alt="QR code" src="{{dataURL .QRBase64}}">{{if .Pairing}}<br>Código: <b>{{.Pairing}}</b>{{end}}</p>{{end}}
{{if ne .State "open"}}<form method="post" action="scan"><input type="hidden" name="instance" value="{{.Name}}">
Telefone da loja <input name="phone" value="5511912345678"> <button>Escanear QR code</button></form>
{{else}}<form method="post" action="disconnect"><input type="hidden" name="instance" value="{{.Name}}"><button>Desconectar celular</button></form>
<form method="post" action="inject"><input type="hidden" name="instance" value="{{.Name}}">
Cliente <input name="from" value="5511987654321"> Nome <input name="name" value="Maria">
Mensagem <input name="text" value="Oi, meu celular já está pronto?" size="40"> <button>Enviar para a loja</button></form>{{end}}
</section>{{else}}<p>Nenhuma instância criada.</p>{{end}}
<h2>Mensagens enviadas pela loja</h2><ul>{{range .Sent}}<li>{{.At.Format "02/01 15:04:05"}} {{.Instance}} → {{.Number}}: {{.Text}}</li>{{else}}<li>nenhuma</li>{{end}}</ul>
<h2>Webhooks</h2><ul>{{range .Deliveries}}<li>{{.At.Format "15:04:05"}} {{.Instance}} {{.Event}} → {{.Status}} {{.Err}}</li>{{else}}<li>nenhum</li>{{end}}</ul>
</body></html>`))
}
