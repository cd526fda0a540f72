// Package branding turns a shop's chosen colours into the colours Bancada
// paints with, keeping text readable whatever was chosen: text on a
// coloured surface is black or white, whichever contrasts more (WCAG 2.x
// contrast ratio, which for one of the two is always at least 4.58:1), and
// a colour used for text on white is darkened until it reaches 4.5:1.
package branding

import (
	"fmt"
	"math"
	"strconv"
)

// Defaults are Bancada's own colours, used when a shop chose none.
const (
	DefaultPrimary = "#12372a"
	DefaultAccent  = "#0b6e4f"
)

// MinContrast is WCAG's AA threshold for normal text.
const MinContrast = 4.5

// Black and White are the two text colours Bancada picks between.
const (
	Black = "#000000"
	White = "#ffffff"
)

// Palette is what a page paints with.
type Palette struct {
	// Primary is the shop's colour (headers); OnPrimary the text on it.
	Primary, OnPrimary string
	// Accent is the second colour (buttons, badges); OnAccent the text on it.
	Accent, OnAccent string
	// AccentText is the accent darkened, if needed, to read as text on white.
	AccentText string
}

// For returns the palette of a shop's colours ("" = Bancada's default;
// an invalid colour is treated as unset).
func For(primary, accent string) Palette {
	if _, ok := parse(primary); !ok {
		primary = DefaultPrimary
	}
	if _, ok := parse(accent); !ok {
		accent = DefaultAccent
	}
	return Palette{
		Primary: lower(primary), OnPrimary: TextOn(primary),
		Accent: lower(accent), OnAccent: TextOn(accent),
		AccentText: ReadableOn(accent, White),
	}
}

// TextOn returns Black or White, whichever has the higher contrast ratio
// against bg (White on a tie). An invalid colour gets Black.
func TextOn(bg string) string {
	if ContrastRatio(bg, White) >= ContrastRatio(bg, Black) {
		return White
	}
	return Black
}

// ReadableOn returns fg, darkened or lightened in steps towards black or
// white (whichever contrasts with bg) until its contrast ratio against bg
// is at least MinContrast.
func ReadableOn(fg, bg string) string {
	c, ok := parse(fg)
	if !ok {
		return TextOn(bg)
	}
	target := [3]float64{0, 0, 0}
	if TextOn(bg) == White {
		target = [3]float64{255, 255, 255}
	}
	for step := 0; step <= 20; step++ {
		t := float64(step) / 20
		var mixed [3]float64
		for i := range mixed {
			mixed[i] = math.Round(c[i] + (target[i]-c[i])*t)
		}
		hex := format(mixed)
		if ContrastRatio(hex, bg) >= MinContrast {
			return hex
		}
	}
	return TextOn(bg)
}

// ContrastRatio is WCAG's (L1 + 0.05) / (L2 + 0.05) of two "#rrggbb"
// colours, from 1 (same) to 21 (black on white); 1 if either is invalid.
func ContrastRatio(a, b string) float64 {
	ca, okA := parse(a)
	cb, okB := parse(b)
	if !okA || !okB {
		return 1
	}
	la, lb := luminance(ca), luminance(cb)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the relative luminance of an sRGB colour (WCAG 2.x).
func luminance(c [3]float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

func parse(hex string) ([3]float64, bool) {
	var c [3]float64
	if len(hex) != 7 || hex[0] != '#' {
		return c, false
	}
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return c, false
		}
		c[i] = float64(v)
	}
	return c, true
}

func format(c [3]float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(c[0]), int(c[1]), int(c[2]))
}

func lower(hex string) string {
	c, _ := parse(hex)
	return format(c)
}
