// The hand-off alert: conversations the assistant handed to a person,
// kept live for the whole app (realtime, scoped to the shop). Nobody has
// taken a waiting one yet: the menu shows their count, the tab's title
// starts with "(n)" and a short beep sounds when a new one arrives.
import { pb, all } from './pb.js';

/** HANDOFF_MODES are the conversation modes where a person answers. */
export const HANDOFF_MODES = ['human', 'queued'];

/** alerts holds the shop's hand-offs, newest first; live once realtime follows them. */
export const alerts = $state({ list: [], live: false });

/** waitingCount is how many hand-offs nobody has taken yet. */
export function waitingCount() {
  return alerts.list.filter((c) => !c.assigned_to).length;
}

let tenant = '';
const listeners = new Set();
let unsub = null;
let seen = new Set(); // waiting ids already announced
let observer = null;
let audio = null;

/** withCount prefixes a title with "(n) " (and drops an old prefix). */
export function withCount(title, n) {
  const base = String(title ?? '').replace(/^\(\d+\) /, '');
  return n > 0 ? `(${n}) ${base}` : base;
}

// keepTitle puts the count in front of whatever title a screen sets.
function keepTitle() {
  const want = withCount(document.title, waitingCount());
  if (document.title !== want) document.title = want;
}

// unlockAudio creates the audio context on the person's first click or
// key: browsers only let a page play sound after a gesture, and the alert
// comes later, from realtime.
function unlockAudio() {
  try {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
  } catch {
    /* no audio */
  }
}

/** beep plays a short two-tone alert with WebAudio (no sound file). */
export function beep() {
  try {
    unlockAudio();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1175].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.25, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    /* no audio: the badge and the title still alert */
  }
}

function put(rec) {
  const rest = alerts.list.filter((c) => c.id !== rec.id);
  alerts.list = HANDOFF_MODES.includes(rec.mode) ? [rec, ...rest].sort(newestFirst) : rest;
}

const newestFirst = (a, b) => String(b.handoff_at || b.updated).localeCompare(String(a.handoff_at || a.updated));

// announce beeps once for every waiting hand-off not seen before.
function announce(initial) {
  const waiting = alerts.list.filter((c) => !c.assigned_to).map((c) => c.id);
  const fresh = waiting.some((id) => !seen.has(id));
  seen = new Set(waiting);
  if (fresh && !initial) beep();
  keepTitle();
}

/** watchHandoffs follows the hand-offs of tenantId (idempotent). */
export async function watchHandoffs(tenantId) {
  if (!tenantId || tenant === tenantId) return;
  stopHandoffs();
  tenant = tenantId;
  for (const ev of ['pointerdown', 'keydown']) window.addEventListener(ev, unlockAudio, { once: true, capture: true });
  if (typeof MutationObserver !== 'undefined' && document.querySelector('title')) {
    observer = new MutationObserver(keepTitle);
    observer.observe(document.querySelector('title'), { childList: true, characterData: true, subtree: true });
  }
  try {
    // subscribe first, then load: nothing that happens in between is lost
    let loaded = false;
    const off = await pb.collection('conversations').subscribe('*', (e) => {
      if (e.record.tenant !== tenant) return;
      for (const fn of listeners) fn(e);
      if (e.action === 'delete') alerts.list = alerts.list.filter((c) => c.id !== e.record.id);
      else put(e.record);
      if (loaded) announce(false);
    }, { filter: pb.filter('tenant = {:t}', { t: tenantId }), expand: 'customer,assigned_to' });
    if (tenant !== tenantId) return void off();
    unsub = off;
    const recs = await all('conversations', tenantId, { filter: 'mode = "human" || mode = "queued"', sort: '-handoff_at', expand: 'customer,assigned_to' });
    if (tenant !== tenantId) return;
    const newer = new Map(alerts.list.map((c) => [c.id, c]));
    alerts.list = recs.filter((c) => !newer.has(c.id)).concat([...newer.values()].filter((c) => HANDOFF_MODES.includes(c.mode))).sort(newestFirst);
    loaded = true;
    announce(true);
    alerts.live = true;
  } catch {
    /* offline: the inbox screen still loads the list itself */
  }
}

/**
 * onConversation calls fn with every realtime event of the shop's
 * conversations (expanded with customer and assigned_to): the app keeps one
 * subscription, which the inbox screen shares. It returns the unsubscriber.
 */
export function onConversation(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** stopHandoffs stops following (sign-out, shop switch). */
export function stopHandoffs() {
  unsub?.().catch(() => {});
  unsub = null;
  observer?.disconnect();
  observer = null;
  tenant = '';
  seen = new Set();
  alerts.list = [];
  alerts.live = false;
}
