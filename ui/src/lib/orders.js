// Shared order helpers: the expand/fields the screens ask for, amounts,
// device labels and the status change request.
import { pb } from './pb.js';

/** ORDER_EXPAND is what order lists expand. */
export const ORDER_EXPAND = 'customer,device,technician';

/** ORDER_FIELDS limits list payloads to what cards and rows show. */
export const ORDER_FIELDS = [
  'id', 'tenant', 'number', 'status', 'customer', 'device', 'technician', 'problem', 'estimate', 'quote_total',
  'final_total', 'paid', 'entered_at', 'expected_at', 'delivered_at', 'warranty_days', 'created', 'updated',
  'expand.customer.id', 'expand.customer.name', 'expand.customer.phone',
  'expand.device.id', 'expand.device.type', 'expand.device.brand', 'expand.device.model',
  'expand.technician.id', 'expand.technician.name', 'expand.technician.email',
].join(',');

/** DEVICE_TYPES are the device types with their Portuguese labels (pricing.DeviceTypes). */
export const DEVICE_TYPES = [
  ['phone', 'Celular'],
  ['tablet', 'Tablet'],
  ['computer', 'Computador/notebook'],
  ['console', 'Videogame'],
  ['other', 'Outro'],
];

/** SERVICES are the service keys of the price rules (pricing.Services). */
export const SERVICES = [
  ['screen', 'Tela'],
  ['battery', 'Bateria'],
  ['charging', 'Conector de carga'],
  ['camera', 'Câmera'],
  ['audio', 'Som/microfone'],
  ['buttons', 'Botões'],
  ['water', 'Dano por líquido'],
  ['software', 'Software/sistema'],
  ['board', 'Placa'],
  ['other', 'Outro'],
];

/** typeLabel names a device type in Portuguese. */
export function typeLabel(t) {
  return DEVICE_TYPES.find(([k]) => k === t)?.[1] ?? t ?? '';
}

/** serviceLabel names a service key in Portuguese. */
export function serviceLabel(s) {
  return SERVICES.find(([k]) => k === s)?.[1] ?? s ?? '';
}

/** deviceLabel is how people name a device: "Apple iPhone 11" (collections.Device.Label). */
export function deviceLabel(d) {
  if (!d) return '';
  const brand = d.brand || '';
  const model = d.model || '';
  if (brand && model) return model.toLowerCase().includes(brand.toLowerCase()) ? model : `${brand} ${model}`;
  if (model) return model;
  if (brand) return `${typeLabel(d.type).toLowerCase()} ${brand}`;
  return typeLabel(d.type);
}

/** total is what the order costs: final total, else quote total (collections.Order.Total). */
export function total(o) {
  return (o?.final_total > 0 ? o.final_total : o?.quote_total) || 0;
}

/** shownAmount is the amount a card shows, with a note when it is only the counter estimate. */
export function shownAmount(o) {
  const t = total(o);
  if (t > 0) return { cents: t, estimate: false };
  return { cents: o?.estimate || 0, estimate: true };
}

/** balance is what the customer still owes (never negative). */
export function balance(o) {
  return Math.max(total(o) - (o?.paid || 0), 0);
}

/** listValues reads accessories/condition JSON (an array, or an object of flags) as labels. */
export function listValues(v) {
  if (!v) return [];
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v === 'object') return Object.entries(v).filter(([, on]) => on).map(([k, on]) => (typeof on === 'string' ? `${k}: ${on}` : k));
  return [String(v)];
}

/** warrantyUntil is the last day of warranty (delivered + warranty days), or null. */
export function warrantyUntil(o) {
  if (!o?.delivered_at) return null;
  const d = new Date(String(o.delivered_at).replace(' ', 'T'));
  if (isNaN(d)) return null;
  d.setUTCDate(d.getUTCDate() + (Number(o.warranty_days) || 0));
  return d;
}

/** changeStatus asks the server to move an order; the hooks validate it. */
export function changeStatus(orderId, status, note = '') {
  const body = { status };
  if (note) body.status_note = note;
  return pb.collection('orders').update(orderId, body, { expand: ORDER_EXPAND });
}

// publicURL is where customers reach this server (BANCADA_PUBLIC_URL), which
// may differ from the address staff use (a LAN address at the counter).
let publicURL = '';

/** loadPublicURL asks the server for its public address (GET /api/bancada/info). */
export async function loadPublicURL() {
  try {
    const info = await pb.send('/api/bancada/info', { method: 'GET' });
    publicURL = (info?.public_url || '').replace(/\/+$/, '');
  } catch {
    publicURL = '';
  }
}

/** trackingUrl is the public tracking page of an order. */
export function trackingUrl(o) {
  return o?.tracking_token ? `${publicURL || location.origin}/os/${o.tracking_token}` : '';
}

/**
 * orderAppUrl is the order's page in the staff app, at the public address
 * when there is one (a phone at the bench reaches it from anywhere; the page
 * asks for a staff sign-in, so the link opens nothing for anyone else).
 */
export function orderAppUrl(o) {
  return o?.id ? `${publicURL || location.origin}/ordens/${o.id}` : '';
}
