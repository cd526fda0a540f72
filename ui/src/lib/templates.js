// Message templates the shop can edit, with their defaults and the
// placeholders they accept. BOT_TEXTS, NOTICE_TEXTS and ORDER_TEXTS mirror
// msgtemplate.Catalog() in Go; ui/mirror_test.go compares them.

/** BOT_TEXTS are the WhatsApp assistant's editable texts. */
export const BOT_TEXTS = [
  { key: 'welcome', label: 'Boas-vindas', default: 'Olá, {{CLIENTE}}! 👋 Aqui é o assistente virtual da *{{LOJA}}*.', vars: ['CLIENTE', 'LOJA'] },
  { key: 'menu_header', label: 'Cabeçalho do menu', default: 'Como posso ajudar? Responda com o número da opção:', vars: ['CLIENTE', 'LOJA'] },
  { key: 'out_of_hours', label: 'Fora do horário', default: '🕘 Estamos fora do horário de atendimento. Uma pessoa da equipe volta {{RETORNO}}, mas eu já posso ajudar com orçamento, status, peças e agendamento.', vars: ['CLIENTE', 'LOJA', 'RETORNO'] },
  { key: 'quote', label: 'Orçamento', default: '{{CLIENTE}}, o valor para *{{SERVICO}}* no *{{APARELHO}}* é *{{VALOR}}*.', vars: ['CLIENTE', 'LOJA', 'APARELHO', 'SERVICO', 'VALOR'] },
  { key: 'quote_no_price', label: 'Orçamento sem preço cadastrado', default: '{{CLIENTE}}, para *{{SERVICO}}* no *{{APARELHO}}* um técnico precisa avaliar o aparelho para passar o valor.', vars: ['CLIENTE', 'LOJA', 'APARELHO', 'SERVICO'] },
  { key: 'handoff', label: 'Transferência para atendente', default: 'Certo, {{CLIENTE}}! Já chamei um atendente. Em instantes alguém da equipe continua a conversa por aqui. 🙂', vars: ['CLIENTE', 'LOJA'] },
  { key: 'handoff_queued', label: 'Atendente fora do horário (fila)', default: 'Certo, {{CLIENTE}}! Nossa equipe está fora do horário agora. Sua mensagem ficou na fila e um atendente responde {{RETORNO}}.', vars: ['CLIENTE', 'LOJA', 'RETORNO'] },
  { key: 'booking_confirmed', label: 'Agendamento confirmado', default: 'Pronto, {{CLIENTE}}! ✅ Seu horário na *{{LOJA}}* está marcado para *{{DATA}}*.', vars: ['CLIENTE', 'LOJA', 'DATA'] },
  { key: 'goodbye', label: 'Despedida', default: 'Tudo bem, {{CLIENTE}}! Se precisar, é só mandar uma mensagem. Até mais! 👋', vars: ['CLIENTE', 'LOJA'] },
  { key: 'not_understood', label: 'Mensagem não entendida', default: 'Desculpe, não entendi. 🤔', vars: ['CLIENTE', 'LOJA'] },
  { key: 'flood', label: 'Muitas mensagens seguidas', default: 'Recebi suas mensagens! Já vou responder, só um instante. 🙂', vars: ['CLIENTE', 'LOJA'] },
  { key: 'inactive', label: 'Loja sem atendimento (assinatura suspensa)', default: 'No momento não conseguimos atender por aqui. Por favor, procure a loja por outro canal. Obrigado pela compreensão.', vars: [] },
];

/**
 * NOTICE_TEXTS are the reminders and charge messages a customer receives
 * (msgtemplate/notices.go); shops override them in settings.texts, like
 * the assistant's. A line (or paragraph) whose fields are all empty is
 * left out when sent.
 */
export const NOTICE_TEXTS = [
  { key: 'appointment_reminder', label: 'Lembrete de agendamento', default: 'Olá, {{CLIENTE}}! Lembrete do seu agendamento na *{{LOJA}}*: {{TIPO}} *{{DATA}}*.\nEndereço: {{ENDERECO}}.\nResponda *SIM* para confirmar ou *CANCELAR* para desmarcar.', vars: ['CLIENTE', 'LOJA', 'TIPO', 'DATA', 'ENDERECO'] },
  { key: 'appointment_reminder_confirmed', label: 'Lembrete de agendamento já confirmado', default: 'Olá, {{CLIENTE}}! Lembrete do seu agendamento na *{{LOJA}}*: {{TIPO}} *{{DATA}}*.\nEndereço: {{ENDERECO}}.\nSe não puder vir, responda *CANCELAR* para desmarcar.', vars: ['CLIENTE', 'LOJA', 'TIPO', 'DATA', 'ENDERECO'] },
  { key: 'pickup_reminder', label: 'Lembrete de retirada', default: 'Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está pronto desde {{DATA}} e aguarda retirada na *{{LOJA}}*.\nEndereço: {{ENDERECO}}.\nHorário: {{HORARIO}}.', vars: ['CLIENTE', 'LOJA', 'APARELHO', 'OS', 'DATA', 'ENDERECO', 'HORARIO'] },
  { key: 'charge', label: 'Cobrança (link de pagamento)', default: 'Olá, {{CLIENTE}}! Aqui é da {{LOJA}}.\nSegue a cobrança da OS nº {{OS}}: {{VALOR}}, vencimento {{VENCIMENTO}}.\n{{COMO_PAGAR}}: {{LINK}}\n\nPix copia e cola:\n{{PIX}}', vars: ['CLIENTE', 'LOJA', 'OS', 'VALOR', 'VENCIMENTO', 'COMO_PAGAR', 'LINK', 'PIX'] },
  { key: 'payment_received', label: 'Pagamento recebido (com saldo)', default: 'Olá, {{CLIENTE}}! Pagamento recebido: {{VALOR}} da OS nº {{OS}} na {{LOJA}}. Falta pagar {{FALTA}}.', vars: ['CLIENTE', 'LOJA', 'OS', 'VALOR', 'FALTA'] },
  { key: 'payment_received_paid_off', label: 'Pagamento recebido (OS quitada)', default: 'Olá, {{CLIENTE}}! Pagamento recebido: {{VALOR}} da OS nº {{OS}} na {{LOJA}}. A OS está quitada. Obrigado!', vars: ['CLIENTE', 'LOJA', 'OS', 'VALOR'] },
  { key: 'payment_receipt', label: 'Recibo de pagamento', default: 'Olá, {{CLIENTE}}! Recebemos *{{VALOR}}* em {{FORMA}} ({{REFERENCIA}}) em {{DATA}}. Obrigado pela preferência! — *{{LOJA}}*', vars: ['CLIENTE', 'LOJA', 'VALOR', 'FORMA', 'REFERENCIA', 'DATA'] },
];

/** STATUS_VARS are the placeholders of the order status messages (msgtemplate.OrderVars). */
export const STATUS_VARS = ['CLIENTE', 'LOJA', 'APARELHO', 'OS', 'STATUS', 'VALOR', 'LINK'];

/**
 * ORDER_TEXTS are the WhatsApp notices of each order status
 * (msgtemplate/orders.go); shops override them in settings.status_templates,
 * keyed by the status.
 */
export const ORDER_TEXTS = [
  { key: 'order_received', status: 'received', label: 'Aviso de status: Recebido', default: 'Olá, {{CLIENTE}}! Recebemos seu *{{APARELHO}}* na *{{LOJA}}* (OS nº {{OS}}). Acompanhe por aqui: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_diagnosing', status: 'diagnosing', label: 'Aviso de status: Em diagnóstico', default: 'Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está em diagnóstico. Avisamos assim que tivermos o orçamento. Acompanhe: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_quoted', status: 'quoted', label: 'Aviso de status: Orçamento enviado', default: 'Olá, {{CLIENTE}}! O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) ficou em *{{VALOR}}*. Veja os detalhes e aprove ou recuse em: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_approved', status: 'approved', label: 'Aviso de status: Orçamento aprovado', default: 'Obrigado, {{CLIENTE}}! O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) foi aprovado e o reparo vai começar. Acompanhe: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_rejected', status: 'rejected', label: 'Aviso de status: Orçamento recusado', default: 'Tudo bem, {{CLIENTE}}. O orçamento do seu *{{APARELHO}}* (OS nº {{OS}}) foi recusado. Avisamos quando o aparelho estiver pronto para retirada. Acompanhe: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_waiting_parts', status: 'waiting_parts', label: 'Aviso de status: Aguardando peças', default: 'Olá, {{CLIENTE}}! O reparo do seu *{{APARELHO}}* (OS nº {{OS}}) está aguardando a chegada de peças. Avisamos assim que chegarem. Acompanhe: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_repairing', status: 'repairing', label: 'Aviso de status: Em reparo', default: 'Olá, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) está em reparo. Acompanhe: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_ready', status: 'ready', label: 'Aviso de status: Pronto para retirada', default: 'Boa notícia, {{CLIENTE}}! ✅ Seu *{{APARELHO}}* (OS nº {{OS}}) está pronto para retirada na *{{LOJA}}*. Valor: *{{VALOR}}*. Detalhes: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_delivered', status: 'delivered', label: 'Aviso de status: Entregue', default: 'Obrigado pela confiança, {{CLIENTE}}! Seu *{{APARELHO}}* (OS nº {{OS}}) foi entregue. A garantia do serviço está nos detalhes: {{LINK}}', vars: STATUS_VARS },
  { key: 'order_cancelled', status: 'cancelled', label: 'Aviso de status: Cancelado', default: 'Olá, {{CLIENTE}}. A OS nº {{OS}} do seu *{{APARELHO}}* foi cancelada. Qualquer dúvida, é só responder esta mensagem.', vars: STATUS_VARS },
];

/** sampleVars are example values for previews. */
export function sampleVars(shopName) {
  return {
    CLIENTE: 'Maria',
    LOJA: shopName || 'Sua Loja',
    APARELHO: 'iPhone 11',
    VALOR: 'R$ 250,00',
    SERVICO: 'troca de tela',
    RETORNO: 'segunda-feira às 09:00',
    DATA: 'terça-feira, 02/12 às 14:30',
    OS: '123',
    STATUS: 'Pronto para retirada',
    TIPO: 'entrega do aparelho',
    ENDERECO: 'Rua das Flores, 120',
    HORARIO: 'segunda a sexta: 09:00–18:00; sábado: 09:00–13:00; domingo: fechado',
    VENCIMENTO: '05/12/2026',
    COMO_PAGAR: 'Pague neste link',
    PIX: '00020101021226800014br.gov.bcb.pix',
    FALTA: 'R$ 60,00',
    FORMA: 'PIX',
    REFERENCIA: 'OS nº 123',
    LINK: (typeof location !== 'undefined' ? location.origin : 'https://exemplo.com') + '/os/exemplo',
  };
}

/**
 * render replaces {{NAME}} (or {{ name }}) with vars[NAME], leaving unknown
 * placeholders visible, like msgtemplate.Render.
 */
export function render(tpl, vars) {
  return String(tpl ?? '').replace(/\{\{([^{}]*)\}\}/g, (all, raw) => {
    const name = raw.trim();
    if (!name) return all;
    if (name in vars) return vars[name];
    if (name.toUpperCase() in vars) return vars[name.toUpperCase()];
    return all;
  });
}

/** unknownVars lists placeholders in tpl that the message does not offer. */
export function unknownVars(tpl, allowed) {
  const out = [];
  for (const m of String(tpl ?? '').matchAll(/\{\{([^{}]*)\}\}/g)) {
    const n = m[1].trim().toUpperCase();
    if (n && !allowed.includes(n) && !out.includes(n)) out.push(n);
  }
  return out;
}

/** whatsappHTML shows a message as WhatsApp does (lib/whatsapp.js). */
export { whatsappHTML } from './whatsapp.js';
