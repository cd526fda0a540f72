// Unit tests of the message template preview (msgtemplate.Render semantics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, unknownVars, whatsappHTML } from './templates.js';

test('render fills placeholders and keeps unknown ones visible', () => {
  const vars = { CLIENTE: 'Maria', VALOR: 'R$ 250,00' };
  assert.equal(render('Olá, {{CLIENTE}}! {{ valor }} {{NADA}} {{}}', vars), 'Olá, Maria! R$ 250,00 {{NADA}} {{}}');
  assert.equal(render('', vars), '');
});

test('unknownVars lists placeholders a message does not offer', () => {
  assert.deepEqual(unknownVars('{{CLIENTE}} {{link}} {{LINK}} {{X}}', ['CLIENTE']), ['LINK', 'X']);
});

test('whatsappHTML formats like WhatsApp and escapes the rest', () => {
  assert.equal(whatsappHTML('é *R$ 250,00* _hoje_ ~não~ <b>'), 'é <strong>R$ 250,00</strong> <em>hoje</em> <s>não</s> &lt;b&gt;');
});
