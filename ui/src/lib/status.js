// The order state machine, mirrored from the Go source of truth:
// collections/order_status.go (`transitions`, `Label`). Keep both in sync;
// ui/status_test.go compares them.

/** STATUSES lists every order status in lifecycle order. */
export const STATUSES = [
  'received', 'diagnosing', 'quoted', 'approved', 'rejected',
  'waiting_parts', 'repairing', 'ready', 'delivered', 'cancelled',
];

/** TRANSITIONS maps a status to the statuses it may move to. */
export const TRANSITIONS = {
  received: ['diagnosing', 'cancelled'],
  diagnosing: ['quoted', 'cancelled'],
  quoted: ['approved', 'rejected', 'cancelled'],
  approved: ['waiting_parts', 'repairing', 'quoted', 'cancelled'],
  rejected: ['quoted', 'ready', 'delivered', 'cancelled'],
  waiting_parts: ['repairing', 'quoted', 'cancelled'],
  repairing: ['waiting_parts', 'ready', 'quoted', 'cancelled'],
  ready: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

/** LABELS are the statuses in Brazilian Portuguese. */
export const LABELS = {
  received: 'Recebido',
  diagnosing: 'Em diagnóstico',
  quoted: 'Orçamento enviado',
  approved: 'Orçamento aprovado',
  rejected: 'Orçamento recusado',
  waiting_parts: 'Aguardando peças',
  repairing: 'Em reparo',
  ready: 'Pronto para retirada',
  delivered: 'Entregue',
  cancelled: 'Cancelado',
};

/** ACTIONS name the button that moves an order into each status. */
export const ACTIONS = {
  diagnosing: 'Iniciar diagnóstico',
  quoted: 'Orçamento enviado',
  approved: 'Cliente aprovou',
  rejected: 'Cliente recusou',
  waiting_parts: 'Aguardar peças',
  repairing: 'Iniciar reparo',
  ready: 'Pronto',
  delivered: 'Entregar',
  cancelled: 'Cancelar',
};

/** next lists the statuses an order in status s may move to. */
export function next(s) {
  return TRANSITIONS[s] ?? [];
}

/** QUOTE_LOCKED are the statuses where the customer's approval binds the
 * quote (collections.OrderStatus.QuoteLocked): changing it is a new quote. */
export const QUOTE_LOCKED = ['approved', 'waiting_parts', 'repairing', 'ready', 'delivered'];

/** quoteLocked reports whether the quote of an order in status s is locked by the approval. */
export function quoteLocked(s) {
  return QUOTE_LOCKED.includes(s);
}

/** isOpen reports whether the order is still in the shop's hands. */
export function isOpen(s) {
  return s !== 'delivered' && s !== 'cancelled';
}

/** label is the Portuguese name of a status. */
export function label(s) {
  return LABELS[s] ?? s;
}
