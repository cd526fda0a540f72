// Validation of Brazilian data as people type it, with friendly messages in
// Portuguese. Each validator returns { value, error }: the canonical value
// the API stores, or a message saying what to fix. They mirror the Go
// package br (phone.go, cpf.go, cnpj.go, imei.go).

const DDD = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
  71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
]);

/**
 * normalizePhone turns "(11) 98765-4321", "11987654321" or "+55 11 98765-4321"
 * into E.164 digits ("5511987654321"). Foreign numbers need a leading "+".
 */
export function normalizePhone(raw) {
  const s = String(raw ?? '').trim();
  if (!s) return { value: '', error: 'Informe o telefone com DDD.' };
  if (/[^\d\s()+.\-]/.test(s)) return { value: '', error: 'Telefone deve ter apenas números, como (11) 98765-4321.' };
  let d = s.replace(/\D/g, '');
  if (s.startsWith('+') && !d.startsWith('55')) {
    if (d.length < 8 || d.length > 15) return { value: '', error: 'Telefone internacional inválido.' };
    return { value: d, error: '' };
  }
  if (d.startsWith('0')) d = d.replace(/^0+/, '');
  if ((d.length === 12 || d.length === 13) && d.startsWith('55')) d = d.slice(2);
  if (d.length < 10) return { value: '', error: 'Telefone incompleto: informe o DDD e o número, como (11) 98765-4321.' };
  if (d.length > 11) return { value: '', error: 'Telefone com dígitos demais.' };
  const ddd = Number(d.slice(0, 2));
  if (!DDD.has(ddd)) return { value: '', error: `DDD ${d.slice(0, 2)} não existe.` };
  let n = d.slice(2);
  if (n.length === 8 && /^[6-9]/.test(n)) n = '9' + n; // old 8-digit mobile
  if (n.length === 9 && !n.startsWith('9')) return { value: '', error: 'Celular deve começar com 9 depois do DDD.' };
  if (n.length === 8 && !/^[2-5]/.test(n)) return { value: '', error: 'Telefone fixo inválido.' };
  return { value: '55' + d.slice(0, 2) + n, error: '' };
}

function stripDocument(s) {
  return String(s ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
}

function cpfDV(digits) {
  let sum = 0;
  const w = digits.length + 1;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (w - i);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** validateCPF checks a CPF's check digits and returns its 11 digits. */
export function validateCPF(raw) {
  const s = stripDocument(raw);
  if (!/^\d{11}$/.test(s)) return { value: '', error: 'CPF deve ter 11 dígitos.' };
  if (/^(\d)\1{10}$/.test(s)) return { value: '', error: 'CPF inválido.' };
  if (cpfDV(s.slice(0, 9)) !== Number(s[9]) || cpfDV(s.slice(0, 10)) !== Number(s[10])) {
    return { value: '', error: 'CPF inválido: confira os dígitos.' };
  }
  return { value: s, error: '' };
}

function cnpjDV(chars) {
  let sum = 0;
  let w = 2;
  for (let i = chars.length - 1; i >= 0; i--) {
    sum += (chars.charCodeAt(i) - 48) * w;
    w = w === 9 ? 2 : w + 1;
  }
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/**
 * validateCNPJ checks a CNPJ, numeric or alphanumeric (letters allowed in
 * the first 12 positions since July 2026), and returns its 14 characters.
 */
export function validateCNPJ(raw) {
  const s = stripDocument(raw);
  if (s.length !== 14) return { value: '', error: 'CNPJ deve ter 14 caracteres.' };
  if (!/^[0-9A-Z]{12}\d{2}$/.test(s)) return { value: '', error: 'CNPJ inválido: use números (e letras nas 12 primeiras posições).' };
  if (/^(.)\1{13}$/.test(s)) return { value: '', error: 'CNPJ inválido.' };
  if (cnpjDV(s.slice(0, 12)) !== Number(s[12]) || cnpjDV(s.slice(0, 13)) !== Number(s[13])) {
    return { value: '', error: 'CNPJ inválido: confira os dígitos.' };
  }
  return { value: s, error: '' };
}

/** validateDocument accepts a CPF (11) or CNPJ (14) and returns { value, kind, error }. */
export function validateDocument(raw) {
  const s = stripDocument(raw);
  if (!s) return { value: '', kind: '', error: '' };
  if (s.length === 11 && /^\d+$/.test(s)) return { ...validateCPF(s), kind: 'cpf' };
  if (s.length === 14) return { ...validateCNPJ(s), kind: 'cnpj' };
  return { value: '', kind: '', error: 'Informe um CPF (11 dígitos) ou CNPJ (14 caracteres).' };
}

/** luhnValid reports whether the last digit of a digit string is its Luhn check digit. */
export function luhnValid(digits) {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** validateIMEI checks an IMEI (15 digits, Luhn check digit); empty is allowed. */
export function validateIMEI(raw) {
  const s = String(raw ?? '').trim();
  if (!s) return { value: '', error: '' };
  if (/[^\d\s\-]/.test(s)) return { value: '', error: 'IMEI inválido (use apenas números).' };
  const d = s.replace(/\D/g, '');
  if (d.length !== 15) return { value: '', error: `IMEI deve ter 15 dígitos (você digitou ${d.length}).` };
  if (!luhnValid(d)) return { value: '', error: 'IMEI inválido (dígito verificador não confere). Confira em *#06#.' };
  return { value: d, error: '' };
}

/** validateEmail accepts an empty value or a plausible address. */
export function validateEmail(raw, required = false) {
  const s = String(raw ?? '').trim();
  if (!s) return { value: '', error: required ? 'Informe o e-mail.' : '' };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return { value: '', error: 'E-mail inválido, como nome@exemplo.com.br.' };
  return { value: s.toLowerCase(), error: '' };
}
