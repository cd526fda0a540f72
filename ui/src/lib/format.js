// Formatting for what Brazilian staff read: money (R$ 1.234,50), dates
// (DD/MM/AAAA in the shop's time zone) and phones ((11) 98765-4321).
// Money in the API is integer centavos; times are UTC.

const moneyFmt = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** money formats integer centavos as "R$ 1.234,50" (with a plain space). */
export function money(cents) {
  const n = Number(cents) || 0;
  return moneyFmt.format(n / 100).replace(/\u00a0/g, ' ');
}

/**
 * parseMoney reads what people type ("1.234,50", "R$ 80", "80,5", "1234.5")
 * into integer centavos; it returns null for anything that is not money.
 */
export function parseMoney(text) {
  const s = String(text ?? '').replace(/R\$|\s/g, '');
  if (s === '') return null;
  let m = s.match(/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/); // 1.234,50 or 1234,5
  if (!m) m = s.match(/^(\d+)\.(\d{1,2})$/); // 1234.50 (decimal dot)
  if (!m) return null;
  const int = Number(m[1].replace(/\./g, ''));
  const frac = Number(((m[2] ?? '') + '00').slice(0, 2));
  return int * 100 + frac;
}

/** moneyInput formats centavos for an input box: "1.234,50". */
export function moneyInput(cents) {
  if (cents === null || cents === undefined || cents === '') return '';
  return money(cents).replace(/^R\$\s?/, '');
}

/** toDate turns a PocketBase date ("2026-01-02 15:04:05.000Z") into a Date, or null. */
export function toDate(value) {
  if (!value) return null;
  if (value instanceof Date) return value;
  const d = new Date(String(value).replace(' ', 'T'));
  return isNaN(d.getTime()) ? null : d;
}

const fmtCache = new Map();
function fmt(tz, opts) {
  const key = tz + JSON.stringify(opts);
  let f = fmtCache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('pt-BR', { timeZone: tz || 'America/Sao_Paulo', ...opts });
    } catch {
      f = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', ...opts });
    }
    fmtCache.set(key, f);
  }
  return f;
}

/** date formats a UTC time as DD/MM/AAAA in the zone tz. */
export function date(value, tz) {
  const d = toDate(value);
  return d ? fmt(tz, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d) : '';
}

/**
 * civilDate formats a calendar date (a due date: "2026-12-05", or as
 * PocketBase stores it, "2026-12-05 00:00:00.000Z") as DD/MM/AAAA. A
 * calendar date is not an instant: no time zone moves it to another day.
 */
export function civilDate(value) {
  const m = String(value ?? '').match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** dateTime formats a UTC time as "DD/MM/AAAA HH:MM" in the zone tz. */
export function dateTime(value, tz) {
  const d = toDate(value);
  if (!d) return '';
  return date(d, tz) + ' ' + fmt(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** localDateKey is the calendar day (AAAA-MM-DD) of a UTC time in the zone tz. */
export function localDateKey(value, tz) {
  const d = toDate(value);
  if (!d) return '';
  const parts = fmt(tz, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(d);
  const get = (t) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * zonedToUTC turns a wall-clock "AAAA-MM-DD" (and optional "HH:MM") in the
 * zone tz into a UTC ISO string for the API.
 */
export function zonedToUTC(day, time = '12:00', tz = 'America/Sao_Paulo') {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // offset of tz at that instant: format the guess in tz and compare
  const parts = fmt(tz, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(guess));
  const get = (t) => Number(parts.find((p) => p.type === t)?.value);
  const asZoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (asZoned - guess)).toISOString().replace('T', ' ');
}

/** age says how long ago a time was, briefly: "agora", "há 5 min", "há 3 h", "há 2 dias". */
export function age(value, now = Date.now()) {
  const d = toDate(value);
  if (!d) return '';
  const min = Math.floor((now - d.getTime()) / 60000);
  if (min < 1) return 'agora';
  if (min < 60) return `há ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `há ${h} h`;
  const days = Math.floor(h / 24);
  return days === 1 ? 'há 1 dia' : `há ${days} dias`;
}

/** phone formats E.164 digits: "(11) 98765-4321", "(11) 3456-7890" or "+1 4155552671". */
export function phone(e164) {
  const s = String(e164 ?? '').replace(/\D/g, '');
  if (s.startsWith('55') && (s.length === 12 || s.length === 13)) {
    const ddd = s.slice(2, 4);
    const n = s.slice(4);
    return `(${ddd}) ${n.slice(0, n.length - 4)}-${n.slice(-4)}`;
  }
  return s ? '+' + s : '';
}

/** cpf formats 11 digits as 123.456.789-09. */
export function cpf(v) {
  const s = String(v ?? '');
  return s.length === 11 ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
}

/** cnpj formats 14 characters as 12.ABC.345/01DE-35. */
export function cnpj(v) {
  const s = String(v ?? '').toUpperCase();
  return s.length === 14 ? `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}` : s;
}

/** doc formats a CPF or CNPJ by its length. */
export function doc(v) {
  const s = String(v ?? '');
  return s.length === 11 ? cpf(s) : s.length === 14 ? cnpj(s) : s;
}

/** firstName is the first word of a name. */
export function firstName(name) {
  return String(name ?? '').trim().split(/\s+/)[0] || '';
}

/** plural picks the singular or plural word for n. */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** pageTitle names the browser tab: "OS 123 · Bancada". */
export function pageTitle(what) {
  document.title = what ? `${what} · Bancada` : 'Bancada';
}
