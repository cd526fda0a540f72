// A small history-API router: real paths (/ordens/abc123) so links can be
// shared and opened in new tabs; the Go side serves index.html for any
// unknown path.

/** route is the current location; components read it reactively. */
export const route = $state({ path: '/', search: '', hash: '' });

function sync() {
  route.path = decodeURI(location.pathname).replace(/\/+$/, '') || '/';
  route.search = location.search;
  route.hash = location.hash;
}

/** query returns the current query string parameters. */
export function query() {
  return new URLSearchParams(route.search);
}

/** navigate goes to an app path without reloading the page. */
export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', to);
  else history.pushState({}, '', to);
  sync();
  if (!replace) window.scrollTo(0, 0);
}

/**
 * match compares a path with a pattern like "/ordens/:id" and returns the
 * parameters, or null when it does not match.
 */
export function match(pattern, path) {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = b[i];
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** startRouter follows back/forward and turns same-origin link clicks into navigations. */
export function startRouter() {
  sync();
  window.addEventListener('popstate', sync);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest?.('a[href]');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
    const href = a.getAttribute('href');
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || href.startsWith('/os/') || href.startsWith('/_/')) return;
    e.preventDefault();
    navigate(href);
  });
}
