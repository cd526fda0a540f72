// Who is signed in, in which shop (tenant), with which role. The active
// shop is remembered in localStorage; someone who works in several shops
// picks one and can switch.
import { pb } from './pb.js';

const TENANT_KEY = 'bancada.tenant';

/** session is the signed-in state every screen reads. */
export const session = $state({
  ready: false,
  user: null,
  memberships: [],
  membership: null,
  tenant: null,
  offline: false,
});

/** ROLE_LABELS are the roles in Brazilian Portuguese. */
export const ROLE_LABELS = {
  owner: 'Titular',
  manager: 'Gerente',
  technician: 'Técnico(a)',
  attendant: 'Atendente',
};

/** role is the signed-in user's role in the active shop ("" when none). */
export function role() {
  return session.membership?.role ?? '';
}

/** tenantId is the active shop's id. */
export function tenantId() {
  return session.tenant?.id ?? '';
}

/** tz is the active shop's time zone. */
export function tz() {
  return session.tenant?.timezone || 'America/Sao_Paulo';
}

const has = (...roles) => roles.includes(role());

/** can answers what the role may do; the API rules enforce the same anyway. */
export const can = {
  seeMoney: () => has('owner', 'manager', 'attendant'),
  editStock: () => has('owner', 'manager', 'technician'),
  editPrices: () => has('owner', 'manager'),
  manageStaff: () => has('owner', 'manager'),
  editSettings: () => has('owner'),
  delete: () => has('owner', 'manager'),
  seePasscode: () => has('owner', 'technician'),
  seeAudit: () => has('owner'),
};

let unsubscribeTenant = null;

async function watchTenant(id) {
  if (unsubscribeTenant) {
    const u = unsubscribeTenant;
    unsubscribeTenant = null;
    await u().catch(() => {});
  }
  if (!id) return;
  try {
    unsubscribeTenant = await pb.collection('tenants').subscribe(id, (e) => {
      if (session.tenant?.id === e.record.id) {
        if (e.action === 'delete') session.tenant = null;
        else session.tenant = e.record;
      }
    });
  } catch {
    /* realtime unavailable: the tenant is re-read on the next load */
  }
}

/** loadMemberships reads the user's shops and selects the remembered one. */
export async function loadMemberships() {
  const user = pb.authStore.record;
  const list = await pb.collection('memberships').getFullList({
    filter: pb.filter('user = {:u}', { u: user.id }),
    expand: 'tenant',
    sort: 'created',
    batch: 200,
  });
  session.user = user;
  session.memberships = list.filter((m) => m.expand?.tenant);
  const saved = localStorage.getItem(TENANT_KEY);
  const pick = session.memberships.find((m) => m.tenant === saved) ?? (session.memberships.length === 1 ? session.memberships[0] : null);
  await selectMembership(pick);
}

async function selectMembership(m) {
  session.membership = m;
  session.tenant = m?.expand?.tenant ?? null;
  if (m) localStorage.setItem(TENANT_KEY, m.tenant);
  // realtime is a bonus: never make the app wait for it
  watchTenant(m?.tenant);
}

/** chooseTenant makes one of the user's shops the active one. */
export async function chooseTenant(id) {
  const m = session.memberships.find((x) => x.tenant === id) ?? null;
  await selectMembership(m);
  if (m) {
    // re-read the shop: it may have changed since the memberships were listed
    try {
      const fresh = await pb.collection('tenants').getOne(id);
      // the person may have switched shops meanwhile
      if (session.membership?.tenant === id) session.tenant = fresh;
    } catch {
      /* keep the expanded copy */
    }
  }
}

/** forgetTenant clears the active shop so the picker shows again. */
export async function forgetTenant() {
  localStorage.removeItem(TENANT_KEY);
  await selectMembership(null);
}

/** start restores a saved session at page load. */
export async function start() {
  // a token that expired or was revoked (password changed, removed from
  // the shop) sends the person back to sign-in instead of failing quietly
  pb.afterSend = (response, data) => {
    if (response.status === 401 && session.user && !response.url.includes('/auth-')) {
      pb.authStore.clear();
      session.user = null;
      session.tenant = null;
      session.membership = null;
    }
    return data;
  };
  try {
    if (pb.authStore.isValid) {
      try {
        await pb.collection('users').authRefresh();
      } catch (err) {
        if (err?.status !== 0) throw err;
        session.offline = true;
      }
      await loadMemberships();
    }
  } catch {
    pb.authStore.clear();
    session.user = null;
  } finally {
    session.ready = true;
  }
}

/** signIn authenticates with e-mail and password and loads the user's shops. */
export async function signIn(email, password) {
  await pb.collection('users').authWithPassword(email.trim().toLowerCase(), password);
  await loadMemberships();
}

/** signOut forgets the session (the remembered shop stays for the next sign-in). */
export async function signOut() {
  await watchTenant(null);
  pb.realtime.unsubscribe().catch(() => {});
  pb.authStore.clear();
  session.user = null;
  session.memberships = [];
  session.membership = null;
  session.tenant = null;
}

/** updateTenant stores a fresh copy of the active shop after an edit. */
export function updateTenant(record) {
  if (record?.id === session.tenant?.id) session.tenant = record;
}
