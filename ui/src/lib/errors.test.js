// Unit tests of the API error helpers (node --test, run by scripts/check-ui).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrors } from './errors.js';

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
