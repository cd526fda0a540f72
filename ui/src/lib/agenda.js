// Calendar-date helpers of the agenda: days are "AAAA-MM-DD" keys in the
// shop's time zone (a calendar date, not an instant), weeks start on
// Monday, and labels are written as Brazilian staff read them
// ("ter., 24/11").
import { localDateKey, toDate, zonedToUTC } from './format.js';

const WEEKDAYS = ['dom.', 'seg.', 'ter.', 'qua.', 'qui.', 'sex.', 'sáb.'];

/** KIND_LABELS are the appointment kinds in Brazilian Portuguese (as the server names them). */
export const KIND_LABELS = {
  dropoff: 'Entrega do aparelho',
  pickup: 'Retirada do aparelho',
  diagnosis: 'Diagnóstico',
  onsite: 'Visita técnica',
  visit: 'Visita à loja',
};

/** KINDS lists the kinds in the order the agenda shows them. */
export const KINDS = Object.keys(KIND_LABELS);

/** APPT_STATUS are the appointment states in Brazilian Portuguese. */
export const APPT_STATUS = {
  scheduled: 'agendado',
  confirmed: 'confirmado',
  cancelled: 'cancelado',
  no_show: 'não compareceu',
  done: 'realizado',
};

/** holds reports whether an appointment in this state occupies its slot. */
export function holds(status) {
  return status === 'scheduled' || status === 'confirmed';
}

function parts(key) {
  const m = String(key ?? '').match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** validDay reports whether key is a real calendar date "AAAA-MM-DD". */
export function validDay(key) {
  const p = parts(key);
  if (!p) return false;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
  return d.getUTCFullYear() === p[0] && d.getUTCMonth() === p[1] - 1 && d.getUTCDate() === p[2];
}

/** addDays moves a day key by n calendar days (n may be negative). */
export function addDays(key, n) {
  const [y, m, d] = parts(key);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** weekday is the day of the week of a day key: 0 Sunday … 6 Saturday. */
export function weekday(key) {
  const [y, m, d] = parts(key);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** weekStart is the Monday of the week that holds the day. */
export function weekStart(key) {
  return addDays(key, -((weekday(key) + 6) % 7));
}

/** weekDays lists the seven days (Monday to Sunday) of the day's week. */
export function weekDays(key) {
  const first = weekStart(key);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** dayLabel writes a day key as "ter., 24/11". */
export function dayLabel(key) {
  const [, m, d] = parts(key);
  return `${WEEKDAYS[weekday(key)]}, ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}`;
}

/** weekLabel writes the week of a day as "seg., 23/11 a dom., 29/11". */
export function weekLabel(key) {
  const first = weekStart(key);
  return `${dayLabel(first)} a ${dayLabel(addDays(first, 6))}`;
}

/** today is the day key of now in the zone tz. */
export function today(tz, now = new Date()) {
  return localDateKey(now, tz);
}

/**
 * dayBounds gives the UTC instants ("AAAA-MM-DD HH:MM:SS.sssZ", as
 * PocketBase stores dates) where the days from first to last (inclusive)
 * begin and end in the zone tz.
 */
export function dayBounds(first, last, tz) {
  return { from: zonedToUTC(first, '00:00', tz), to: zonedToUTC(addDays(last, 1), '00:00', tz) };
}

const timeFmts = new Map();
/** clock writes a UTC time as "HH:MM" in the zone tz. */
export function clock(value, tz) {
  const d = toDate(value);
  if (!d) return '';
  let f = timeFmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('pt-BR', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFmts.set(tz, f);
  }
  return f.format(d);
}

/** byDay groups appointments by their start's day key in tz (each day sorted by start). */
export function byDay(appts, tz) {
  const out = {};
  for (const a of [...appts].sort((x, y) => toDate(x.start) - toDate(y.start))) {
    (out[localDateKey(a.start, tz)] ??= []).push(a);
  }
  return out;
}

/** byKind groups appointments by kind, in the order of KINDS; kinds without any are left out. */
export function byKind(appts) {
  const groups = [];
  for (const k of [...KINDS, ...new Set(appts.map((a) => a.kind).filter((k) => !KINDS.includes(k)))]) {
    const items = appts.filter((a) => a.kind === k);
    if (items.length) groups.push({ kind: k, label: KIND_LABELS[k] ?? k, items });
  }
  return groups;
}

/**
 * occupancy counts the appointments that hold a place at the instant an
 * appointment starts (itself included): what the shop's capacity per
 * slot is measured against. Cancelled ones hold nothing (0).
 */
export function occupancy(appt, appts) {
  if (!holds(appt.status)) return 0;
  const t = toDate(appt.start).getTime();
  return appts.filter((a) => holds(a.status) && toDate(a.start).getTime() <= t && toDate(a.end).getTime() > t).length;
}
