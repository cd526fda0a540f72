// The WhatsApp assistant's settings (tenants.settings.assistant) as the
// settings screen edits them. BUILTINS mirrors collections.AssistantBuiltins.

/** BUILTINS are the assistant's built-in menu options, in default order. */
export const BUILTINS = [
  { action: 'quote', label: 'Orçamento' },
  { action: 'status', label: 'Status do meu aparelho' },
  { action: 'stock', label: 'Consultar peça/estoque' },
  { action: 'schedule', label: 'Agendar horário' },
  { action: 'human', label: 'Falar com atendente' },
];

/** TONES are the default welcome's tones. */
export const TONES = [
  { value: 'neutral', label: 'Neutro — “Olá, Maria! 👋”' },
  { value: 'formal', label: 'Formal — “Bom dia, Maria.”' },
  { value: 'informal', label: 'Descontraído — “E aí, Maria! 😄”' },
];

/** OUT_OF_HOURS are what the assistant may do while the shop is closed. */
export const OUT_OF_HOURS = [
  { value: 'answer', label: 'Atender normalmente e avisar quando a equipe volta' },
  { value: 'handoff', label: 'Só receber a mensagem e passar para a equipe na abertura' },
];

/** builtinLabel is a built-in option's menu line. */
export function builtinLabel(action) {
  return BUILTINS.find((b) => b.action === action)?.label ?? action;
}

/**
 * forEditing turns stored assistant settings into the form's shape: every
 * built-in present once (a missing one appended, on), custom options kept
 * in place, FAQ phrases as one text (one phrase per line).
 */
export function forEditing(a) {
  const menu = [];
  const seen = new Set();
  for (const o of a?.menu ?? []) {
    if (o.action === 'custom') menu.push({ action: 'custom', on: true, label: o.label ?? '', answer: o.answer ?? '' });
    else if (BUILTINS.some((b) => b.action === o.action) && !seen.has(o.action)) {
      seen.add(o.action);
      menu.push({ action: o.action, on: !o.off });
    }
  }
  for (const b of BUILTINS) if (!seen.has(b.action)) menu.push({ action: b.action, on: true });
  return {
    menu,
    faq: (a?.faq ?? []).map((f) => ({ phrases: (f.phrases ?? []).join('\n'), answer: f.answer ?? '' })),
    tone: a?.tone || 'neutral',
    out_of_hours: a?.out_of_hours || 'answer',
  };
}

/** phrasesOf splits a FAQ entry's text into its phrases (lines or ;). */
export function phrasesOf(text) {
  return String(text ?? '').split(/[\n;]/).map((p) => p.trim()).filter(Boolean);
}

/**
 * toSettings turns the form back into tenants.settings.assistant; the
 * defaults are left out (undefined when everything is default).
 */
export function toSettings(f) {
  const out = {};
  const isDefault = f.menu.length === BUILTINS.length && f.menu.every((o, i) => o.action === BUILTINS[i].action && o.on);
  if (!isDefault) {
    out.menu = f.menu.map((o) => (o.action === 'custom'
      ? { action: 'custom', label: o.label.trim(), answer: o.answer.trim() }
      : (o.on ? { action: o.action } : { action: o.action, off: true })));
  }
  const faq = f.faq.map((e) => ({ phrases: phrasesOf(e.phrases), answer: e.answer.trim() })).filter((e) => e.phrases.length || e.answer);
  if (faq.length) out.faq = faq;
  if (f.tone && f.tone !== 'neutral') out.tone = f.tone;
  if (f.out_of_hours && f.out_of_hours !== 'answer') out.out_of_hours = f.out_of_hours;
  return Object.keys(out).length ? out : undefined;
}

/** move returns list with item i moved by delta (-1 up, +1 down). */
export function move(list, i, delta) {
  const j = i + delta;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
