// Customer search and validation shared by the counter and the customers screens.
import { page } from './pb.js';
import { normalizePhone, validateDocument, validateEmail } from './validate.js';
import { phone as fmtPhone, doc as fmtDoc } from './format.js';

/**
 * searchCustomers finds a tenant's customers by name, phone or CPF/CNPJ as
 * the attendant types.
 */
export async function searchCustomers(tenantId, q, perPage = 8, pageNo = 1) {
  const text = q.trim();
  const digits = text.replace(/\D/g, '');
  let filter = '';
  const params = { q: text, d: digits };
  if (!text) filter = '';
  else if (digits.length >= 3 && digits.length >= text.replace(/[\s().\-/+]/g, '').length) {
    // looks like a phone or a document: match digits (phones are stored with 55)
    filter = 'phone ~ {:d} || document ~ {:d}';
  } else {
    filter = 'name ~ {:q} || email ~ {:q} || document ~ {:q}';
  }
  return page('customers', tenantId, { filter, params, sort: text ? 'name' : '-created', perPage, page: pageNo });
}

/** emptyCustomer is a blank customer form. */
export function emptyCustomer() {
  return { name: '', phone: '', document: '', email: '', address: '', notes: '', whatsapp_opt_out: false, marketing_opt_in: false };
}

/** customerForm turns a record into form values (formatted for people). */
export function customerForm(c) {
  return {
    name: c.name ?? '',
    phone: c.phone ? fmtPhone(c.phone) : '',
    document: c.document ? fmtDoc(c.document) : '',
    email: c.email ?? '',
    address: c.address ?? '',
    notes: c.notes ?? '',
    whatsapp_opt_out: !!c.whatsapp_opt_out,
    marketing_opt_in: !!c.marketing_opt_in,
  };
}

/**
 * validateCustomer checks a customer form and returns { data, errors }:
 * data is what the API stores (E.164 phone, canonical document).
 */
export function validateCustomer(f) {
  const errors = {};
  const name = String(f.name ?? '').trim().replace(/\s+/g, ' ');
  if (!name) errors.name = 'Informe o nome do cliente.';
  else if (name.length < 2) errors.name = 'Nome curto demais.';
  const ph = normalizePhone(f.phone);
  if (ph.error) errors.phone = ph.error;
  const doc = validateDocument(f.document);
  if (doc.error) errors.document = doc.error;
  const em = validateEmail(f.email);
  if (em.error) errors.email = em.error;
  const data = {
    name,
    phone: ph.value,
    document: doc.value,
    document_kind: doc.kind,
    email: em.value,
    address: String(f.address ?? '').trim(),
    notes: String(f.notes ?? '').trim(),
    whatsapp_opt_out: !!f.whatsapp_opt_out,
    marketing_opt_in: !!f.marketing_opt_in,
  };
  return { data, errors };
}

/** findByPhone returns the tenant's customer with this E.164 phone, or null. */
export async function findByPhone(tenantId, phone) {
  const res = await page('customers', tenantId, { filter: 'phone = {:p}', params: { p: phone }, perPage: 1 });
  return res.items[0] ?? null;
}

/** duplicatePhone reports whether the server refused a phone already in use. */
export function duplicatePhone(errs) {
  return !!errs.phone && /exist|cadastr|unique|já/i.test(errs.phone);
}

