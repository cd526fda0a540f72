package pricing

import (
	"strings"
	"unicode/utf8"

	"github.com/bancada/bancada/br"
)

// Device types a rule or query can name.
const (
	TypePhone    = "phone"
	TypeTablet   = "tablet"
	TypeComputer = "computer"
	TypeConsole  = "console"
	TypeOther    = "other"
)

// Service keys a rule or query can name.
const (
	ServiceScreen   = "screen"
	ServiceBattery  = "battery"
	ServiceCharging = "charging"
	ServiceCamera   = "camera"
	ServiceAudio    = "audio"
	ServiceButtons  = "buttons"
	ServiceWater    = "water"
	ServiceSoftware = "software"
	ServiceBoard    = "board"
	ServiceOther    = "other"
)

// Option is a stable key with its Brazilian Portuguese label, ready for a
// select box in the staff app.
type Option struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// DeviceTypes returns every device type in display order.
func DeviceTypes() []Option {
	return []Option{
		{TypePhone, "Celular"},
		{TypeTablet, "Tablet"},
		{TypeComputer, "Computador/notebook"},
		{TypeConsole, "Videogame"},
		{TypeOther, "Outro"},
	}
}

// Services returns every service key in display order.
func Services() []Option {
	return []Option{
		{ServiceScreen, "Tela"},
		{ServiceBattery, "Bateria"},
		{ServiceCharging, "Conector de carga"},
		{ServiceCamera, "Câmera"},
		{ServiceAudio, "Som/microfone"},
		{ServiceButtons, "Botões"},
		{ServiceWater, "Dano por líquido"},
		{ServiceSoftware, "Software/sistema"},
		{ServiceBoard, "Placa"},
		{ServiceOther, "Outro"},
	}
}

// DeviceTypeLabel returns the Portuguese label of a device type key, or the
// key itself when it is unknown.
func DeviceTypeLabel(key string) string {
	return label(DeviceTypes(), key)
}

// ServiceLabel returns the Portuguese label of a service key, or the key
// itself when it is unknown.
func ServiceLabel(key string) string {
	return label(Services(), key)
}

// ServiceKey returns the service key for either a key or its Portuguese
// label, compared accent- and case-insensitively ("Câmera", "camera" and
// "CAMERA" all give "camera"). Unknown input gives "".
func ServiceKey(s string) string {
	return key(Services(), s)
}

// DeviceTypeKey returns the device type key for either a key or its
// Portuguese label ("Celular" → "phone"). Unknown input gives "".
func DeviceTypeKey(s string) string {
	return key(DeviceTypes(), s)
}

func label(opts []Option, k string) string {
	for _, o := range opts {
		if o.Key == k {
			return o.Label
		}
	}
	return k
}

func key(opts []Option, s string) string {
	f := fold(s)
	if f == "" {
		return ""
	}
	for _, o := range opts {
		if f == o.Key {
			return o.Key
		}
	}
	for _, o := range opts {
		if f == fold(o.Label) {
			return o.Key
		}
	}
	return ""
}

// fold is br.Fold with a shortcut for ASCII text (rule keys, most brands
// and models), where folding is just lower-casing and collapsing spaces,
// without br.Fold's allocations: matching runs over every rule for every
// quote. TestFoldAgreesWithBrFold keeps the two in step.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return br.Fold(s)
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
