// Short messages at the bottom of the screen ("OS salva", "Sem conexão").

/** toasts is the list of visible messages. */
export const toasts = $state([]);

let seq = 0;

/** toast shows a message for a few seconds; kind is "ok", "error" or "info". */
export function toast(text, kind = 'ok', ms = 4000) {
  const id = ++seq;
  toasts.push({ id, text, kind });
  if (toasts.length > 3) toasts.splice(0, toasts.length - 3); // the latest three are enough
  setTimeout(() => {
    const i = toasts.findIndex((t) => t.id === id);
    if (i >= 0) toasts.splice(i, 1);
  }, ms);
}
