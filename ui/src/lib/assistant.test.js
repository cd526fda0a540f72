// Unit tests of the assistant settings' form shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEditing, toSettings, move, phrasesOf } from './assistant.js';

test('defaults round-trip to nothing stored', () => {
  assert.equal(toSettings(forEditing(undefined)), undefined);
});

test('a stored menu keeps its order, appends missing built-ins and drops duplicates', () => {
  const f = forEditing({ menu: [{ action: 'schedule', off: true }, { action: 'custom', label: 'Garantia', answer: '90 dias' }, { action: 'schedule' }, { action: 'nope' }] });
  assert.deepEqual(f.menu.map((o) => `${o.action}:${o.on}`), ['schedule:false', 'custom:true', 'quote:true', 'status:true', 'stock:true', 'human:true']);
  assert.deepEqual(toSettings(f).menu, [{ action: 'schedule', off: true }, { action: 'custom', label: 'Garantia', answer: '90 dias' },
    { action: 'quote' }, { action: 'status' }, { action: 'stock' }, { action: 'human' }]);
});

test('FAQ phrases are one per line (or ;), blank entries dropped', () => {
  assert.deepEqual(phrasesOf(' aceitam cartão \n\nparcela; pix '), ['aceitam cartão', 'parcela', 'pix']);
  const f = forEditing({ faq: [{ phrases: ['a b', 'c'], answer: 'x' }], tone: 'formal', out_of_hours: 'handoff' });
  f.faq.push({ phrases: ' ', answer: '' });
  assert.deepEqual(toSettings(f), { faq: [{ phrases: ['a b', 'c'], answer: 'x' }], tone: 'formal', out_of_hours: 'handoff' });
});

test('move swaps neighbours and stays in bounds', () => {
  assert.deepEqual(move([1, 2, 3], 0, 1), [2, 1, 3]);
  assert.deepEqual(move([1, 2, 3], 0, -1), [1, 2, 3]);
  assert.deepEqual(move([1, 2, 3], 2, 1), [1, 2, 3]);
});
