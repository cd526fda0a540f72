import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, weekday, weekStart, weekDays, dayLabel, weekLabel, validDay, dayBounds, clock, byDay, byKind, occupancy, today } from './agenda.js';

test('addDays crosses months, years and leap days', () => {
  assert.equal(addDays('2026-11-30', 1), '2026-12-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(addDays('2026-11-24', -7), '2026-11-17');
});

test('weekday and the Monday-first week', () => {
  assert.equal(weekday('2026-11-24'), 2); // a Tuesday
  assert.equal(weekStart('2026-11-24'), '2026-11-23');
  assert.equal(weekStart('2026-11-29'), '2026-11-23'); // Sunday ends the week
  assert.equal(weekStart('2026-11-23'), '2026-11-23');
  assert.deepEqual(weekDays('2026-12-02'), ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
});

test('labels as Brazilian staff read them', () => {
  assert.equal(dayLabel('2026-11-24'), 'ter., 24/11');
  assert.equal(dayLabel('2026-12-05'), 'sáb., 05/12');
  assert.equal(dayLabel('2027-01-03'), 'dom., 03/01');
  assert.equal(weekLabel('2026-11-26'), 'seg., 23/11 a dom., 29/11');
});

test('validDay refuses impossible dates', () => {
  assert.equal(validDay('2026-02-29'), false);
  assert.equal(validDay('2028-02-29'), true);
  assert.equal(validDay('24/11/2026'), false);
  assert.equal(validDay(''), false);
});

test('dayBounds are the local midnights in UTC', () => {
  assert.deepEqual(dayBounds('2026-11-24', '2026-11-24', 'America/Sao_Paulo'), { from: '2026-11-24 03:00:00.000Z', to: '2026-11-25 03:00:00.000Z' });
  assert.deepEqual(dayBounds('2026-11-23', '2026-11-29', 'America/Manaus'), { from: '2026-11-23 04:00:00.000Z', to: '2026-11-30 04:00:00.000Z' });
});

test('clock and today in the shop zone', () => {
  assert.equal(clock('2026-11-24 13:00:00.000Z', 'America/Sao_Paulo'), '10:00');
  assert.equal(clock('2026-11-24 13:00:00.000Z', 'America/Noronha'), '11:00');
  // 01:30 UTC on the 25th is still the 24th in São Paulo
  assert.equal(today('America/Sao_Paulo', new Date('2026-11-25T01:30:00Z')), '2026-11-24');
});

const appts = [
  { id: 'b', kind: 'pickup', status: 'scheduled', start: '2026-11-24 13:00:00.000Z', end: '2026-11-24 13:30:00.000Z' },
  { id: 'a', kind: 'dropoff', status: 'confirmed', start: '2026-11-24 12:00:00.000Z', end: '2026-11-24 13:30:00.000Z' },
  { id: 'c', kind: 'dropoff', status: 'cancelled', start: '2026-11-24 13:00:00.000Z', end: '2026-11-24 13:30:00.000Z' },
  { id: 'd', kind: 'dropoff', status: 'scheduled', start: '2026-11-25 02:00:00.000Z', end: '2026-11-25 02:30:00.000Z' },
];

test('byDay groups by the local day, sorted by start', () => {
  const g = byDay(appts, 'America/Sao_Paulo');
  assert.deepEqual(Object.keys(g).sort(), ['2026-11-24']); // 02:00 UTC on the 25th is 23:00 on the 24th
  assert.deepEqual(g['2026-11-24'].map((a) => a.id), ['a', 'b', 'c', 'd']);
});

test('byKind keeps the agenda order and drops empty kinds', () => {
  assert.deepEqual(byKind(appts).map((g) => [g.kind, g.label, g.items.map((a) => a.id)]), [
    ['dropoff', 'Entrega do aparelho', ['a', 'c', 'd']],
    ['pickup', 'Retirada do aparelho', ['b']],
  ]);
});

test('occupancy counts who holds a place when an appointment starts', () => {
  assert.equal(occupancy(appts[0], appts), 2); // b, and a still running; c is cancelled
  assert.equal(occupancy(appts[1], appts), 1);
  assert.equal(occupancy(appts[2], appts), 0);
});
