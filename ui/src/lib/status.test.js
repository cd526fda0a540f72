// The state machine table is well formed (the Go mirror test compares it with collections/order_status.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUSES, TRANSITIONS, LABELS, next, isOpen } from './status.js';

test('every status has transitions and a label; targets are statuses', () => {
  for (const s of STATUSES) {
    assert.ok(Array.isArray(TRANSITIONS[s]), s);
    assert.ok(LABELS[s], s);
    for (const to of TRANSITIONS[s]) assert.ok(STATUSES.includes(to), `${s} → ${to}`);
  }
  assert.deepEqual(next('delivered'), []);
  assert.equal(isOpen('ready'), true);
  assert.equal(isOpen('cancelled'), false);
});
