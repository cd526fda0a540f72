// Keeping work when the network drops: retry requests that never reached
// the server, and keep forms as drafts in localStorage.
import { isNetworkError } from './errors.js';

function waitOnline(ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      window.removeEventListener('online', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    window.addEventListener('online', done);
  });
}

/**
 * retrying runs fn again while it fails with a network error (the server
 * was not reached), backing off from 1 s to 15 s or until the browser says
 * it is online. onWait(attempt) lets the form say it is retrying. Other
 * errors (validation, permission) are thrown at once.
 */
export async function retrying(fn, { onWait, maxAttempts = 10 } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isNetworkError(err) || attempt >= maxAttempts) throw err;
      onWait?.(attempt + 1);
      await waitOnline(Math.min(1000 * 2 ** attempt, 15000));
    }
  }
}

/** loadDraft reads a saved form draft, or returns fallback. */
export function loadDraft(key, fallback) {
  try {
    const raw = localStorage.getItem('bancada.draft.' + key);
    return raw ? { ...fallback, ...JSON.parse(raw) } : fallback;
  } catch {
    return fallback;
  }
}

/** saveDraft stores a form draft; omit lists fields never written to disk (passcodes). */
export function saveDraft(key, value, omit = []) {
  try {
    const copy = { ...value };
    for (const k of omit) delete copy[k];
    localStorage.setItem('bancada.draft.' + key, JSON.stringify(copy));
  } catch {
    /* storage full or disabled: the form still works */
  }
}

/** clearDraft forgets a form draft after it was saved. */
export function clearDraft(key) {
  try {
    localStorage.removeItem('bancada.draft.' + key);
  } catch {
    /* ignore */
  }
}

/** hasDraft reports whether a draft exists. */
export function hasDraft(key) {
  try {
    return localStorage.getItem('bancada.draft.' + key) !== null;
  } catch {
    return false;
  }
}
