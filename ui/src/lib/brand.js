// Shop colours with readable text: a mirror of the Go package branding
// (same defaults, same WCAG 2.x contrast ratio, same choices).

export const DEFAULT_PRIMARY = '#12372a';
export const DEFAULT_ACCENT = '#0b6e4f';
export const MIN_CONTRAST = 4.5;
const BLACK = '#000000';
const WHITE = '#ffffff';

function parse(hex) {
  if (typeof hex !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(hex)) return null;
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function format(c) {
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** validHex reports whether c is a colour written "#rrggbb". */
export function validHex(c) {
  return parse(c) !== null;
}

function luminance(c) {
  const lin = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** contrastRatio is WCAG's ratio of two "#rrggbb" colours (1 if invalid). */
export function contrastRatio(a, b) {
  const ca = parse(a);
  const cb = parse(b);
  if (!ca || !cb) return 1;
  let la = luminance(ca);
  let lb = luminance(cb);
  if (la < lb) [la, lb] = [lb, la];
  return (la + 0.05) / (lb + 0.05);
}

/** textOn is black or white, whichever contrasts more with bg (white on a tie). */
export function textOn(bg) {
  return contrastRatio(bg, WHITE) >= contrastRatio(bg, BLACK) ? WHITE : BLACK;
}

/** readableOn moves fg towards black or white until it reads on bg (4.5:1). */
export function readableOn(fg, bg) {
  const c = parse(fg);
  if (!c) return textOn(bg);
  const target = textOn(bg) === WHITE ? [255, 255, 255] : [0, 0, 0];
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    // Math.round of a half goes up here and away from zero in Go; the
    // values are never negative, so both agree.
    const hex = format(c.map((v, i) => Math.round(v + (target[i] - v) * t)));
    if (contrastRatio(hex, bg) >= MIN_CONTRAST) return hex;
  }
  return textOn(bg);
}

/** palette is what a screen paints with, from a shop's settings. */
export function palette(settings) {
  const primary = validHex(settings?.brand_color) ? settings.brand_color.toLowerCase() : DEFAULT_PRIMARY;
  const accent = validHex(settings?.brand_accent) ? settings.brand_accent.toLowerCase() : DEFAULT_ACCENT;
  return { primary, onPrimary: textOn(primary), accent, onAccent: textOn(accent), accentText: readableOn(accent, WHITE) };
}
