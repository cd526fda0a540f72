import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, recordPath, fieldLabel, collectionLabel } from './audit.js';

test('describe writes each action as a Portuguese sentence', () => {
  assert.equal(describe({ action: 'order.status', collection: 'orders', changes: { status: ['received', 'diagnosing'], diagnosis: ['', 'placa'], updated: [1, 2] } }),
    'Mudou a OS de “Recebido” para “Em diagnóstico” e alterou: diagnóstico, updated');
  assert.equal(describe({ action: 'record.create', collection: 'orders', changes: { number: 12 } }), 'Abriu a OS nº 12');
  assert.equal(describe({ action: 'record.create', collection: 'customers', changes: { name: 'Maria Souza' } }), 'Criou o cadastro de cliente “Maria Souza”');
  assert.equal(describe({ action: 'record.create', collection: 'payments', changes: { amount: 18000 } }), 'Registrou um pagamento de R$ 180,00');
  assert.equal(describe({ action: 'record.update', collection: 'parts', changes: { quantity: [3, 2], price_cents: [1, 2] } }), 'Alterou a peça: quantidade, preço');
  assert.equal(describe({ action: 'record.delete', collection: 'price_rules', changes: {} }), 'Excluiu a regra de preço');
  assert.equal(describe({ action: 'order.delivered_open_balance', changes: { open_balance: 18000, note: 'paga sexta' } }),
    'Entregou a OS com saldo em aberto de R$ 180,00 — paga sexta');
  assert.equal(describe({ action: 'order.warranty_open', changes: { number: 9, warranty_of_number: 4, problem: 'Tela piscando' } }),
    'Abriu garantia: OS nº 9, retorno da OS nº 4 (Tela piscando)');
  assert.equal(describe({ action: 'order.tracking', changes: { tracking: 'rotated' } }), 'Gerou um novo link de acompanhamento da OS');
  assert.equal(describe({ action: 'device.passcode_view' }), 'Viu a senha de desbloqueio do aparelho');
  assert.equal(describe({ action: 'staff.role' }), 'Mudou a função de alguém');
  assert.equal(describe({ action: 'something.new' }), 'something.new');
});

test('recordPath links each line to its record', () => {
  assert.equal(recordPath({ collection: 'orders', record: 'abc' }), '/ordens/abc');
  assert.equal(recordPath({ collection: 'customers', record: 'c1' }), '/clientes/c1');
  assert.equal(recordPath({ collection: 'devices', record: 'd1', changes: { customer: 'c1' } }), '/clientes/c1');
  assert.equal(recordPath({ collection: 'payments', record: 'p1', changes: { order: 'o1' } }), '/ordens/o1');
  assert.equal(recordPath({ collection: 'conversations', record: 'k1' }), '/conversas?c=k1');
  assert.equal(recordPath({ collection: 'users', record: 'u1' }), '');
});

test('labels', () => {
  assert.equal(fieldLabel('quote_lines'), 'itens do orçamento');
  assert.equal(fieldLabel('some_field'), 'some field');
  assert.equal(collectionLabel('orders'), 'OS');
});
