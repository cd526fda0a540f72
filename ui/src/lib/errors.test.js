// Unit tests of the API error messages (node --test, run by scripts/check-ui).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage, fieldErrors } from './errors.js';

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

test('fieldErrors flattens per-key errors of a JSON field (settings) into the form fields', () => {
  const err = {
    status: 400,
    response: {
      message: 'Confira os campos destacados.',
      data: {
        name: { code: 'validation_required', message: 'Cannot be blank.' },
        settings: {
          warranty_days: { code: 'invalid_setting', message: 'A garantia deve ficar entre 0 e 3650 dias.' },
          hours: { code: 'invalid_setting', message: 'Horário inválido em segunda-feira: 25:99.' },
        },
      },
    },
  };
  assert.deepEqual(fieldErrors(err), {
    name: 'Campo obrigatório.',
    warranty_days: 'A garantia deve ficar entre 0 e 3650 dias.',
    hours: 'Horário inválido em segunda-feira: 25:99.',
  });
});

test('fieldErrors keeps a whole-field error on a JSON field', () => {
  const err = { response: { data: { settings: { code: 'invalid_settings', message: 'As configurações devem ser um objeto JSON.' } } } };
  assert.deepEqual(fieldErrors(err), { settings: 'As configurações devem ser um objeto JSON.' });
});
