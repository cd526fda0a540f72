// Readable Portuguese descriptions of audit_log lines (action, record,
// changes) and the app path of the record each line is about.
import { label as statusLabel } from './status.js';
import { money } from './format.js';

/** COLLECTIONS names each audited collection: [singular, with article]. */
export const COLLECTIONS = {
  orders: ['OS', 'a OS'],
  customers: ['Cliente', 'o cadastro de cliente'],
  devices: ['Aparelho', 'o aparelho'],
  parts: ['Peça', 'a peça'],
  price_rules: ['Regra de preço', 'a regra de preço'],
  appointments: ['Agendamento', 'o agendamento'],
  payments: ['Pagamento', 'o pagamento'],
  conversations: ['Conversa', 'a conversa'],
  quote_requests: ['Pedido de orçamento', 'o pedido de orçamento'],
  webhook_endpoints: ['Webhook', 'o webhook'],
  tenants: ['Loja', 'a loja'],
  users: ['Pessoa', 'a pessoa'],
  memberships: ['Equipe', 'o acesso à equipe'],
  invitations: ['Convite', 'o convite'],
};

/** ACTIONS are the filterable actions with their labels. */
export const ACTIONS = [
  ['record.create', 'Criou um registro'],
  ['record.update', 'Alterou um registro'],
  ['record.delete', 'Excluiu um registro'],
  ['order.status', 'Mudou o status de uma OS'],
  ['order.delivered_open_balance', 'Entregou com saldo em aberto'],
  ['order.warranty_open', 'Abriu garantia'],
  ['order.tracking', 'Link de acompanhamento'],
  ['device.passcode_view', 'Viu a senha de um aparelho'],
  ['auth.sign_in', 'Entrou no sistema'],
  ['tenant.settings', 'Alterou as configurações da loja'],
  ['tenant.signup', 'Abriu a loja no Bancada'],
  ['tenant.active', 'Loja ativada ou suspensa'],
  ['integration', 'Integrações'],
  ['staff.invite', 'Convidou alguém'],
  ['staff.invite_resend', 'Reenviou um convite'],
  ['staff.invite_revoke', 'Cancelou um convite'],
  ['staff.invite_accept', 'Aceitou um convite'],
  ['staff.invite_decline', 'Recusou um convite'],
  ['staff.add', 'Entrou na equipe'],
  ['staff.role', 'Mudou a função de alguém'],
  ['staff.remove', 'Removeu alguém da equipe'],
  ['staff.password_reset', 'Enviou link de nova senha'],
  ['webhook.secret_rotate', 'Trocou o segredo de um webhook'],
];

/** FIELDS names the fields shown in "alterou ..." lines. */
const FIELDS = {
  status: 'status', quote_lines: 'itens do orçamento', quote_total: 'total do orçamento', final_total: 'valor final',
  diagnosis: 'diagnóstico', problem: 'defeito', notes: 'observações', technician: 'técnico(a)', expected_at: 'previsão',
  warranty_days: 'garantia', tracking_revoked: 'link de acompanhamento', customer: 'cliente', device: 'aparelho',
  name: 'nome', phone: 'telefone', email: 'e-mail', document: 'CPF/CNPJ', address: 'endereço', birthday: 'aniversário',
  brand: 'marca', model: 'modelo', imei: 'IMEI', serial: 'número de série', color: 'cor', passcode: 'senha do aparelho',
  price_cents: 'preço', cost_cents: 'custo', quantity: 'quantidade', minimum: 'estoque mínimo', sku: 'código',
  start: 'início', end: 'fim', kind: 'tipo', amount: 'valor', method: 'forma de pagamento', settings: 'configurações',
  mode: 'atendimento', assigned_to: 'responsável', unread: 'não lidas', active: 'ativo', url: 'endereço', events: 'eventos',
  role: 'função', timezone: 'fuso horário', hours: 'horário de funcionamento', logo: 'logotipo',
};

/** fieldLabel is a field's name in Portuguese (the raw name when unknown). */
export function fieldLabel(f) {
  return FIELDS[f] ?? f.replaceAll('_', ' ');
}

/** collectionLabel is the collection's singular name. */
export function collectionLabel(c) {
  return COLLECTIONS[c]?.[0] ?? c ?? '';
}

function the(c) {
  return COLLECTIONS[c]?.[1] ?? `o registro (${c})`;
}

function pair(v) {
  return Array.isArray(v) && v.length === 2 ? v : null;
}

function num(ch) {
  return ch && ch.number ? ` nº ${ch.number}` : '';
}

/** describe is one line of the log as a sentence in Portuguese. */
export function describe(e) {
  const ch = e.changes && typeof e.changes === 'object' ? e.changes : {};
  switch (e.action) {
    case 'record.create':
      if (e.collection === 'orders') return `Abriu a OS${num(ch)}`;
      if (e.collection === 'payments' && ch.amount) return `Registrou um pagamento de ${money(ch.amount)}`;
      return `Criou ${the(e.collection)}${ch.name ? ` “${ch.name}”` : ''}`;
    case 'record.delete':
      return `Excluiu ${the(e.collection)}${ch.name ? ` “${ch.name}”` : ''}${e.collection === 'orders' ? num(ch) : ''}`;
    case 'record.update': {
      const fields = Object.keys(ch).map(fieldLabel);
      return `Alterou ${the(e.collection)}${fields.length ? ': ' + fields.join(', ') : ''}`;
    }
    case 'order.status': {
      const s = pair(ch.status);
      const rest = Object.keys(ch).filter((k) => k !== 'status' && !k.endsWith('_at')).map(fieldLabel);
      const base = s ? `Mudou a OS de “${statusLabel(s[0])}” para “${statusLabel(s[1])}”` : 'Mudou o status da OS';
      return rest.length ? `${base} e alterou: ${rest.join(', ')}` : base;
    }
    case 'order.delivered_open_balance':
      return `Entregou a OS com saldo em aberto de ${money(ch.open_balance || 0)}${ch.note ? ` — ${ch.note}` : ''}`;
    case 'order.warranty_open':
      return `Abriu garantia: OS nº ${ch.number ?? '?'}, retorno da OS nº ${ch.warranty_of_number ?? '?'}${ch.problem ? ` (${ch.problem})` : ''}`;
    case 'order.tracking':
      return ch.tracking === 'rotated' ? 'Gerou um novo link de acompanhamento da OS' : 'Desativou o link de acompanhamento da OS';
    case 'device.passcode_view':
      return 'Viu a senha de desbloqueio do aparelho';
    case 'auth.sign_in':
      return 'Entrou no sistema';
    case 'auth.sign_in_failed':
      return 'Tentativa de entrada sem sucesso';
    case 'tenant.settings': {
      const s = ch.settings;
      return s ? 'Alterou as configurações da loja' : 'Alterou os dados da loja';
    }
    case 'tenant.signup':
      return 'Abriu a loja no Bancada';
    case 'tenant.active':
      return 'Mudou a situação da loja (ativa ou suspensa)';
    case 'integration':
      return `Integração${ch.integration ? ' ' + ch.integration : ''}${ch.action ? ': ' + ch.action : ''}`;
    case 'webhook.secret_rotate':
      return 'Trocou o segredo de um webhook';
    default: {
      const a = ACTIONS.find(([k]) => k === e.action);
      return a ? a[1] : e.action;
    }
  }
}

/** recordPath is the app path of the line's record, or "" when none. */
export function recordPath(e) {
  const id = e.record;
  const ch = e.changes && typeof e.changes === 'object' ? e.changes : {};
  switch (e.collection) {
    case 'orders':
      return id ? `/ordens/${id}` : '';
    case 'customers':
      return id ? `/clientes/${id}` : '';
    case 'devices':
      return typeof ch.customer === 'string' && ch.customer ? `/clientes/${ch.customer}` : '';
    case 'payments':
      return typeof ch.order === 'string' && ch.order ? `/ordens/${ch.order}` : '';
    case 'conversations':
      return id ? `/conversas?c=${id}` : '/conversas';
    case 'appointments':
      return '/agenda';
    case 'parts':
      return '/pecas';
    case 'price_rules':
      return '/precos';
    case 'tenants':
      return '/loja';
    case 'webhook_endpoints':
      return '/integracoes';
    case 'memberships':
    case 'invitations':
      return '/equipe';
  }
  return '';
}
