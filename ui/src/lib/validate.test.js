// Unit tests of the Brazilian validators, mirroring the Go package br.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone, validateCPF, validateCNPJ, validateDocument, validateIMEI, validateEmail } from './validate.js';

test('normalizePhone accepts what people type and returns E.164 digits', () => {
  const ok = [
    ['(11) 98765-4321', '5511987654321'], ['11987654321', '5511987654321'], ['+55 11 98765-4321', '5511987654321'],
    ['011 98765-4321', '5511987654321'], ['(31) 9829-6801', '5531998296801'], ['(11) 3456-7890', '551134567890'],
    ['+1 415 555 2671', '14155552671'],
  ];
  for (const [input, want] of ok) assert.deepEqual(normalizePhone(input), { value: want, error: '' }, input);
});

test('normalizePhone explains what is wrong', () => {
  const bad = [
    ['', /Informe o telefone/], ['123', /incompleto/], ['(20) 98765-4321', /DDD 20 não existe/],
    ['(11) 8765-43210', /Celular deve começar com 9/], ['11 abc', /apenas números/], ['119876543210', /dígitos demais/],
  ];
  for (const [input, re] of bad) {
    const r = normalizePhone(input);
    assert.equal(r.value, '', input);
    assert.match(r.error, re, input);
  }
});

test('CPF check digits', () => {
  assert.deepEqual(validateCPF('123.456.789-09'), { value: '12345678909', error: '' });
  assert.match(validateCPF('123.456.789-00').error, /confira os dígitos/);
  assert.match(validateCPF('111.111.111-11').error, /CPF inválido/);
  assert.match(validateCPF('1234').error, /11 dígitos/);
});

test('CNPJ numeric and alphanumeric', () => {
  assert.equal(validateCNPJ('11.222.333/0001-81').value, '11222333000181');
  assert.equal(validateCNPJ('12.abc.345/01de-35').value, '12ABC34501DE35');
  assert.match(validateCNPJ('12.ABC.345/01DE-36').error, /confira os dígitos/);
  assert.match(validateCNPJ('11.222.333/0001').error, /14 caracteres/);
});

test('validateDocument tells CPF from CNPJ', () => {
  assert.equal(validateDocument('123.456.789-09').kind, 'cpf');
  assert.equal(validateDocument('12ABC34501DE35').kind, 'cnpj');
  assert.deepEqual(validateDocument(''), { value: '', kind: '', error: '' });
  assert.match(validateDocument('123').error, /CPF \(11 dígitos\) ou CNPJ/);
});

test('IMEI Luhn check digit', () => {
  assert.deepEqual(validateIMEI('35-209900-176148-1'), { value: '352099001761481', error: '' });
  assert.match(validateIMEI('352099001761482').error, /dígito verificador/);
  assert.match(validateIMEI('3520990017614').error, /15 dígitos/);
  assert.match(validateIMEI('35209900176148a').error, /apenas números/);
  assert.equal(validateIMEI('').error, '');
});

test('e-mail', () => {
  assert.equal(validateEmail(' Ana@Loja.com.br ').value, 'ana@loja.com.br');
  assert.match(validateEmail('ana@', false).error, /E-mail inválido/);
  assert.match(validateEmail('', true).error, /Informe o e-mail/);
});
