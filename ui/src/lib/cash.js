// Money at the counter: payment method labels, card fees and the till's
// arithmetic as the screens show it (the server computes the same and
// decides; see hooks/cash).

/** METHOD_LABELS names every payment method (collections.Method*). */
export const METHOD_LABELS = {
  cash: 'Dinheiro',
  pix: 'PIX',
  debit_card: 'Cartão de débito',
  card_machine: 'Cartão de crédito',
  credit_card: 'Cartão de crédito (Asaas)',
  transfer: 'Transferência',
  boleto: 'Boleto',
  undefined: 'A escolher pelo cliente',
};

/** COUNTER_METHODS are how staff take money at the counter. */
export const COUNTER_METHODS = ['cash', 'pix', 'debit_card', 'card_machine', 'transfer'];

/** methodLabel names a method in Portuguese. */
export function methodLabel(m) {
  return METHOD_LABELS[m] ?? m ?? '';
}

/** feeKey names a method's fee in settings.card_fees (collections.CardFeeKey). */
export function feeKey(method, installments = 1) {
  if (method === 'pix') return 'pix';
  if (method === 'debit_card') return 'debit';
  if (method === 'card_machine' || method === 'credit_card') return `credit_${Math.max(1, Number(installments) || 1)}`;
  return '';
}

/** fee is the fee on cents at bps basis points, rounded half up (collections.CardFee). */
export function fee(cents, bps) {
  if (!(cents > 0) || !(bps > 0)) return 0;
  return Math.floor((cents * bps + 5000) / 10000);
}

/** bpsText shows basis points as a percentage: 349 → "3,49". */
export function bpsText(bps) {
  if (!bps) return '';
  return (bps / 100).toFixed(2).replace('.', ',');
}

/** parseBps reads "3,49" or "3.49" (percent) into basis points; null when invalid. */
export function parseBps(text) {
  const s = String(text ?? '').trim().replace('%', '').replace(',', '.');
  if (s === '') return 0;
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** net is what the shop keeps of a payment: paid amount less its fee. */
export function net(p) {
  return Math.max((p?.paid_amount || 0) - (p?.fee || 0), 0);
}
