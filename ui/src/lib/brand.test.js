import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, textOn, readableOn, palette, validHex } from './brand.js';

// The same values, worked out by hand, as branding/branding_test.go.
test('contrastRatio', () => {
  for (const [a, b, want] of [
    ['#000000', '#ffffff', 21], ['#ffffff', '#ffffff', 1], ['#777777', '#ffffff', 4.478],
    ['#767676', '#ffffff', 4.542], ['#0b6e4f', '#ffffff', 6.255], ['#ffcc00', '#000000', 13.889],
    ['#FF0000', '#ffffff', 3.998], ['#0000ff', '#ffffff', 8.592], ['nope', '#ffffff', 1],
  ]) {
    assert.ok(Math.abs(contrastRatio(a, b) - want) < 0.006, `${a} on ${b}: ${contrastRatio(a, b)}`);
  }
});

test('textOn', () => {
  assert.equal(textOn('#000000'), '#ffffff');
  assert.equal(textOn('#ffffff'), '#000000');
  assert.equal(textOn('#12372a'), '#ffffff');
  assert.equal(textOn('#ffcc00'), '#000000');
  assert.equal(textOn('#777777'), '#000000');
  assert.equal(textOn('#e91e63'), '#000000');
  assert.equal(textOn('#0000ff'), '#ffffff');
});

test('readableOn', () => {
  assert.equal(readableOn('#0b6e4f', '#ffffff'), '#0b6e4f');
  assert.equal(readableOn('#ffcc00', '#ffffff'), '#8c7000');
  assert.equal(readableOn('#777777', '#ffffff'), '#717171');
});

test('palette', () => {
  assert.deepEqual(palette({ brand_color: '#FFCC00' }), { primary: '#ffcc00', onPrimary: '#000000', accent: '#0b6e4f', onAccent: '#ffffff', accentText: '#0b6e4f' });
  assert.equal(palette({ brand_color: 'red' }).primary, '#12372a');
  assert.equal(validHex('#12AB9f'), true);
  assert.equal(validHex('#12AB9'), false);
});
