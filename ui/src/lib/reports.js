// Periods of the reports screen, as the server reads them: first and last
// day (AAAA-MM-DD, inclusive) in the shop's time zone.

/** todayIn is today's date (AAAA-MM-DD) in the time zone. */
export function todayIn(tz, now = new Date()) {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t) => p.find((x) => x.type === t).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function shift(day, days) {
  const d = new Date(day + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monthStart(day, back = 0) {
  const d = new Date(day.slice(0, 7) + '-01T12:00:00Z');
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/** PRESETS are the period shortcuts; each gives {from, to, group}. */
export const PRESETS = [
  { id: 'month', label: 'Este mês', range: (t) => ({ from: monthStart(t), to: t, group: 'day' }) },
  { id: 'last-month', label: 'Mês passado', range: (t) => ({ from: monthStart(t, 1), to: shift(monthStart(t), -1), group: 'day' }) },
  { id: '30d', label: 'Últimos 30 dias', range: (t) => ({ from: shift(t, -29), to: t, group: 'day' }) },
  { id: '12m', label: 'Últimos 12 meses', range: (t) => ({ from: monthStart(t, 11), to: t, group: 'month' }) },
  { id: 'year', label: 'Este ano', range: (t) => ({ from: t.slice(0, 4) + '-01-01', to: t, group: 'month' }) },
];

/** hours formats a number of hours: "3,5 h" (days past 48 h: "2,5 dias"). */
export function hours(h) {
  const n = Number(h) || 0;
  if (n >= 48) return `${dec(n / 24)} dias`;
  return `${dec(n)} h`;
}

/** dec formats a decimal the Brazilian way, one decimal at most. */
export function dec(n) {
  return (Number(n) || 0).toLocaleString('pt-BR', { maximumFractionDigits: 1 });
}

/** pct formats a percentage: "65,1%". */
export function pct(n) {
  return `${dec(n)}%`;
}
