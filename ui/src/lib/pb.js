// The PocketBase client the whole app shares, and the helpers every screen
// uses to stay a fast, tenant-scoped client of the public API: every list
// sends filter=tenant="<id>" and skipTotal=1.
import PocketBase from 'pocketbase';

/** pb is the app's single PocketBase client (REST + realtime). */
export const pb = new PocketBase(typeof location !== 'undefined' ? location.origin : 'http://127.0.0.1:8090');
pb.autoCancellation(false);

/** scoped joins the tenant filter with an optional extra filter. */
export function scoped(tenantId, extra = '', params = {}) {
  const base = pb.filter('tenant = {:__tenant}', { __tenant: tenantId });
  if (!extra) return base;
  return `${base} && (${pb.filter(extra, params)})`;
}

/**
 * page fetches one page of a tenant's records without counting the total
 * (skipTotal): hasMore is true when a full page came back.
 */
export async function page(collection, tenantId, { filter = '', params = {}, sort = '-created', page = 1, perPage = 30, expand = '', fields = '' } = {}) {
  const res = await pb.collection(collection).getList(page, perPage + 1, {
    filter: scoped(tenantId, filter, params),
    sort,
    expand: expand || undefined,
    fields: fields || undefined,
    skipTotal: true,
  });
  const items = res.items.slice(0, perPage);
  return { items, hasMore: res.items.length > perPage };
}

/**
 * all fetches every matching record of a tenant, in batches, without totals.
 * The server may answer fewer per page than asked (it caps pages at 200):
 * the answer's perPage says how many a full page holds.
 */
export async function all(collection, tenantId, { filter = '', params = {}, sort = '-created', expand = '', fields = '', batch = 200 } = {}) {
  const out = [];
  for (let p = 1; ; p++) {
    const res = await pb.collection(collection).getList(p, batch, {
      filter: scoped(tenantId, filter, params),
      sort,
      expand: expand || undefined,
      fields: fields || undefined,
      skipTotal: true,
    });
    out.push(...res.items);
    if (res.items.length < Math.min(batch, res.perPage || batch)) return out;
  }
}

/**
 * bancada calls a custom /api/bancada/* route of the active tenant; the
 * tenant goes in the X-Bancada-Tenant header.
 */
export async function bancada(path, tenantId, { method = 'GET', body, query } = {}) {
  const data = await pb.send('/api/bancada/' + path.replace(/^\//, ''), {
    method,
    body,
    query,
    headers: tenantId ? { 'X-Bancada-Tenant': tenantId } : {},
  });
  // Every Bancada route answers with a JSON object. Nothing (the SDK's {})
  // means the request reached no route, e.g. a server that answers unknown
  // paths with the app's HTML: treat it as a missing route.
  if (data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0 && method !== 'DELETE') {
    throw Object.assign(new Error('rota indisponível'), { status: 404, isAbort: false, response: {} });
  }
  return data;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * newId returns a PocketBase record id chosen by the client, so that a
 * create retried after a dropped connection cannot create a duplicate.
 */
export function newId() {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += ID_CHARS[b % ID_CHARS.length];
  return s;
}

/** fileUrl is the URL of a record's file (thumb like "320x240"). */
export function fileUrl(record, name, thumb = '', token = '') {
  if (!record || !name) return '';
  const q = {};
  if (thumb) q.thumb = thumb;
  if (token) q.token = token;
  return pb.files.getURL(record, name, q);
}
