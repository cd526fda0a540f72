import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS, todayIn, hours, pct } from './reports.js';

test('today in the shop zone, not the browser zone', () => {
  // 02:30Z on 1/12 is still 30/11 in São Paulo
  assert.equal(todayIn('America/Sao_Paulo', new Date('2026-12-01T02:30:00Z')), '2026-11-30');
  assert.equal(todayIn('UTC', new Date('2026-12-01T02:30:00Z')), '2026-12-01');
});

test('presets', () => {
  const r = Object.fromEntries(PRESETS.map((p) => [p.id, p.range('2026-03-15')]));
  assert.deepEqual(r.month, { from: '2026-03-01', to: '2026-03-15', group: 'day' });
  assert.deepEqual(r['last-month'], { from: '2026-02-01', to: '2026-02-28', group: 'day' });
  assert.deepEqual(r['30d'], { from: '2026-02-14', to: '2026-03-15', group: 'day' });
  assert.deepEqual(r['12m'], { from: '2025-04-01', to: '2026-03-15', group: 'month' });
  assert.deepEqual(r.year, { from: '2026-01-01', to: '2026-03-15', group: 'month' });
});

test('hours and percentages in pt-BR', () => {
  assert.equal(hours(3.5), '3,5 h');
  assert.equal(hours(60), '2,5 dias');
  assert.equal(pct(65.1), '65,1%');
});
