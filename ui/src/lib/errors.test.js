// Unit tests of the API error messages (node --test, run by scripts/check-ui).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage } from './errors.js';

const bad = (message, data) => ({ status: 400, response: { message, data } });

test('a generic 400 shows what the server said about each field', () => {
  const err = bad('Não foi possível salvar a alteração. Confira os campos destacados.', {
    status_note: { code: 'open_balance_reason_required', message: 'Esta OS tem saldo em aberto de R$ 180,00.' },
  });
  assert.equal(errorMessage(err), 'Esta OS tem saldo em aberto de R$ 180,00.');
});

test('a specific Portuguese message is kept', () => {
  const err = bad('A loja não aceita este arquivo.', { file: { code: 'x', message: 'Arquivo grande demais.' } });
  assert.equal(errorMessage(err), 'A loja não aceita este arquivo.');
});

test("PocketBase's English message gives way to the field's", () => {
  const err = bad('Failed to update record.', { status: { code: 'invalid_transition', message: 'Não é possível passar de "Recebido" para "Pronto".' } });
  assert.equal(errorMessage(err), 'Não é possível passar de "Recebido" para "Pronto".');
});
