// Unit tests of the pt-BR formatting helpers (node --test, run by scripts/check-ui).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { money, parseMoney, moneyInput, date, dateTime, phone, cpf, cnpj, age, zonedToUTC, localDateKey, civilDate } from './format.js';

test('money formats centavos as R$ 1.234,50', () => {
  for (const [cents, want] of [[123450, 'R$ 1.234,50'], [0, 'R$ 0,00'], [5, 'R$ 0,05'], [100000000, 'R$ 1.000.000,00']]) {
    assert.equal(money(cents), want);
  }
  assert.equal(moneyInput(25000), '250,00');
});

test('parseMoney reads what people type', () => {
  const cases = [
    ['1.234,50', 123450], ['R$ 80', 8000], ['80,5', 8050], ['1234.5', 123450], ['250', 25000],
    ['1.234', 123400], ['0,99', 99], ['', null], ['abc', null], ['1,234,5', null], ['12,345', null],
  ];
  for (const [input, want] of cases) assert.equal(parseMoney(input), want, input);
});

test('dates show in the shop zone as DD/MM/AAAA', () => {
  // 02:30 UTC on the 2nd is still the 1st in São Paulo (UTC-3)
  assert.equal(date('2026-03-02 02:30:00.000Z', 'America/Sao_Paulo'), '01/03/2026');
  assert.equal(date('2026-03-02 02:30:00.000Z', 'UTC'), '02/03/2026');
  assert.equal(dateTime('2026-03-02 15:04:00.000Z', 'America/Sao_Paulo'), '02/03/2026 12:04');
  assert.equal(localDateKey('2026-03-02 02:30:00.000Z', 'America/Sao_Paulo'), '2026-03-01');
  assert.equal(date('', 'UTC'), '');
});

test('zonedToUTC turns a local wall-clock time into UTC', () => {
  assert.equal(zonedToUTC('2026-03-02', '18:00', 'America/Sao_Paulo'), '2026-03-02 21:00:00.000Z');
  assert.equal(zonedToUTC('2026-03-02', '00:00', 'America/Manaus'), '2026-03-02 04:00:00.000Z');
});

test('phones format as (11) 98765-4321', () => {
  assert.equal(phone('5511987654321'), '(11) 98765-4321');
  assert.equal(phone('551134567890'), '(11) 3456-7890');
  assert.equal(phone('14155552671'), '+14155552671');
});

test('documents format', () => {
  assert.equal(cpf('12345678909'), '123.456.789-09');
  assert.equal(cnpj('12abc34501de35'), '12.ABC.345/01DE-35');
});

test('age says how long ago', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  assert.equal(age('2026-03-10 11:59:40.000Z', now), 'agora');
  assert.equal(age('2026-03-10 11:30:00.000Z', now), 'há 30 min');
  assert.equal(age('2026-03-10 09:00:00.000Z', now), 'há 3 h');
  assert.equal(age('2026-03-09 11:00:00.000Z', now), 'há 1 dia');
  assert.equal(age('2026-03-01 11:00:00.000Z', now), 'há 9 dias');
});

test('civilDate shows a due date as the same calendar day in any zone', () => {
  assert.equal(civilDate('2026-12-05 00:00:00.000Z'), '05/12/2026');
  assert.equal(civilDate('2026-12-05'), '05/12/2026');
  assert.equal(civilDate(''), '');
  assert.equal(civilDate(null), '');
});
