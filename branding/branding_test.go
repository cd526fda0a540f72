package branding

import (
	"math"
	"testing"
)

// Contrast ratios written out, computed by hand from WCAG 2.x's formula.
func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#000000", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#767676", "#ffffff", 4.54},
		{"#0b6e4f", "#ffffff", 6.255},
		{"#ffcc00", "#000000", 13.889},
		{"#FF0000", "#ffffff", 4.00},
		{"#0000ff", "#ffffff", 8.59},
		{"nope", "#ffffff", 1},
	} {
		got := ContrastRatio(c.a, c.b)
		if math.Abs(got-c.want) > 0.006 {
			t.Errorf("ContrastRatio(%s, %s) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// Text on a colour is black or white, whichever reads better, and always
// at least 4.5:1.
func TestTextOn(t *testing.T) {
	for bg, want := range map[string]string{
		"#000000": "#ffffff",
		"#ffffff": "#000000",
		"#ffcc00": "#000000", // yellow: black text
		"#777777": "#000000", // white would be 4.48:1, black is 4.69:1
		"#ff0000": "#000000", // white 4.00:1, black 5.25:1
		"#0000ff": "#ffffff",
		"#e91e63": "#000000", // pink: white 4.35:1, black 4.83:1
		"#12372a": "#ffffff", // 13.08:1
	} {
		if got := TextOn(bg); got != want {
			t.Errorf("TextOn(%s) = %s, want %s", bg, got, want)
		}
	}
	// Whatever the colour, the chosen text reaches 4.5:1.
	for r := 0; r < 256; r += 15 {
		for g := 0; g < 256; g += 15 {
			for b := 0; b < 256; b += 15 {
				bg := format([3]float64{float64(r), float64(g), float64(b)})
				if ratio := ContrastRatio(TextOn(bg), bg); ratio < MinContrast {
					t.Fatalf("TextOn(%s) = %s at %.2f:1", bg, TextOn(bg), ratio)
				}
			}
		}
	}
}

// An accent too light to read on white is darkened until it does; one
// that already reads is kept.
func TestReadableOn(t *testing.T) {
	for fg, want := range map[string]string{
		"#0b6e4f": "#0b6e4f", // 6.26:1 already
		"#ffcc00": "#8c7000", // 45% towards black: 4.74:1 (40%, #997a00, is 4.09:1)
		"#777777": "#717171", // 5% towards black: 4.88:1
	} {
		got := ReadableOn(fg, White)
		if got != want {
			t.Errorf("ReadableOn(%s, white) = %s (%.2f:1), want %s", fg, got, ContrastRatio(got, White), want)
		}
		if ContrastRatio(got, White) < MinContrast {
			t.Errorf("ReadableOn(%s) = %s below 4.5:1", fg, got)
		}
	}
}

func TestFor(t *testing.T) {
	got := For("#FFCC00", "")
	want := Palette{Primary: "#ffcc00", OnPrimary: "#000000", Accent: "#0b6e4f", OnAccent: "#ffffff", AccentText: "#0b6e4f"}
	if got != want {
		t.Errorf("For = %+v, want %+v", got, want)
	}
	if For("red", "#12").Primary != DefaultPrimary {
		t.Error("invalid colours fall back to the default")
	}
}
