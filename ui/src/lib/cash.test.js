import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feeKey, fee, bpsText, parseBps, net } from './cash.js';

test('feeKey mirrors collections.CardFeeKey', () => {
  assert.equal(feeKey('pix'), 'pix');
  assert.equal(feeKey('debit_card'), 'debit');
  assert.equal(feeKey('card_machine', 3), 'credit_3');
  assert.equal(feeKey('card_machine', 0), 'credit_1');
  assert.equal(feeKey('cash'), '');
});

test('fee rounds half up like the server', () => {
  assert.equal(fee(10000, 599), 599);
  assert.equal(fee(4990, 199), 99);
  assert.equal(fee(1000, 99), 10);
  assert.equal(fee(1000, 0), 0);
});

test('percentages', () => {
  assert.equal(bpsText(349), '3,49');
  assert.equal(parseBps('3,49'), 349);
  assert.equal(parseBps('2.5%'), 250);
  assert.equal(parseBps(''), 0);
  assert.equal(parseBps('abc'), null);
  assert.equal(net({ paid_amount: 10000, fee: 599 }), 9401);
});
