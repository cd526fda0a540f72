package evofake

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
)

// newQR makes a QR state like Baileys': a "2@…" code, its PNG as a data
// URL, and a pairing code when a number was given.
func newQR(number string, count int) qrState {
	raw := make([]byte, 48)
	_, _ = rand.Read(raw)
	enc := base64.StdEncoding
	code := "2@" + enc.EncodeToString(raw[:24]) + "," + enc.EncodeToString(raw[24:36]) + "," + enc.EncodeToString(raw[36:]) + ",1"
	q := qrState{code: code, base64: "data:image/png;base64," + enc.EncodeToString(qrPNG(code)), count: count}
	if number != "" {
		q.pairingCode = pairingCode()
	}
	return q
}

// pairingCode returns an 8-character code like WhatsApp's.
func pairingCode() string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// qrPNG draws a QR-looking picture of text (finder patterns and modules
// derived from its hash). It is not scannable: it only has to look right
// on the demo's "connect your WhatsApp" screen.
func qrPNG(text string) []byte {
	const modules, scale, quiet = 29, 8, 4
	size := (modules + 2*quiet) * scale
	img := image.NewGray(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	seed := sha256.Sum256([]byte(text))
	dark := func(x, y int) bool {
		for _, o := range [][2]int{{0, 0}, {modules - 7, 0}, {0, modules - 7}} {
			dx, dy := x-o[0], y-o[1]
			if dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7 {
				if dx < 0 || dy < 0 || dx > 6 || dy > 6 {
					return false
				}
				ring := dx == 0 || dy == 0 || dx == 6 || dy == 6
				core := dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4
				return ring || core
			}
		}
		if x == 6 || y == 6 {
			return (x+y)%2 == 0
		}
		bit := (y*modules + x) % 256
		h := sha256.Sum256(append(seed[:], byte(bit), byte(y)))
		return h[x%32]&1 == 1
	}
	black := color.Gray{Y: 0}
	for y := range modules {
		for x := range modules {
			if !dark(x, y) {
				continue
			}
			for py := range scale {
				for px := range scale {
					img.SetGray((x+quiet)*scale+px, (y+quiet)*scale+py, black)
				}
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
