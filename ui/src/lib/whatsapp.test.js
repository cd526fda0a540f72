import { test } from 'node:test';
import assert from 'node:assert/strict';

import { whatsappHTML, escapeHTML } from './whatsapp.js';

test('bold, italic, strike and code as WhatsApp shows them', () => {
  assert.equal(whatsappHTML('*Pronto* para _retirada_ ~amanhã~ `OS 12`'),
    '<strong>Pronto</strong> para <em>retirada</em> <s>amanhã</s> <code>OS 12</code>');
  assert.equal(whatsappHTML('Valor: *R$ 250,00*.'), 'Valor: <strong>R$ 250,00</strong>.');
  assert.equal(whatsappHTML('*_os dois_*'), '<strong><em>os dois</em></strong>');
  assert.equal(whatsappHTML('_*os dois*_'), '<em><strong>os dois</strong></em>');
  assert.equal(whatsappHTML('```linha 1\n*não* formata```'), '<code class="block">linha 1\n*não* formata</code>');
});

test('markers inside words or with spaces inside stay as typed', () => {
  assert.equal(whatsappHTML('2 * 3 * 4'), '2 * 3 * 4');
  assert.equal(whatsappHTML('nome_do_arquivo.txt'), 'nome_do_arquivo.txt');
  assert.equal(whatsappHTML('a*b*c'), 'a*b*c');
  assert.equal(whatsappHTML('* solto *'), '* solto *');
  assert.equal(whatsappHTML('`código *sem* negrito`'), '<code>código *sem* negrito</code>');
});

test('HTML typed by a customer is shown, never run', () => {
  assert.equal(whatsappHTML('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(whatsappHTML('*<script>alert(1)</script>*'), '<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>');
  assert.equal(whatsappHTML('`<b>`'), '<code>&lt;b&gt;</code>');
  assert.equal(whatsappHTML('"aspas" & \'apóstrofo\''), '&quot;aspas&quot; &amp; &#39;apóstrofo&#39;');
  assert.equal(whatsappHTML('\u00000\u0000'), '0', 'a NUL cannot smuggle a kept fragment');
  assert.equal(whatsappHTML(null), '');
  assert.equal(escapeHTML('<a href="x">'), '&lt;a href=&quot;x&quot;&gt;');
});

test('links open in a new tab and cannot break out of the attribute', () => {
  assert.equal(whatsappHTML('Acompanhe: https://loja.example/os/abc123.'),
    'Acompanhe: <a href="https://loja.example/os/abc123" target="_blank" rel="noopener noreferrer">https://loja.example/os/abc123</a>.');
  assert.equal(whatsappHTML('https://x.example/?a=1&b="2"'),
    '<a href="https://x.example/?a=1&amp;b=" target="_blank" rel="noopener noreferrer">https://x.example/?a=1&amp;b=</a>&quot;2&quot;');
  assert.equal(whatsappHTML('javascript:alert(1)'), 'javascript:alert(1)');
  assert.equal(whatsappHTML('https://x.example/_a_b_'), '<a href="https://x.example/_a_b_" target="_blank" rel="noopener noreferrer">https://x.example/_a_b_</a>');
});
