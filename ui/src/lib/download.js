// Files the server builds (report and data CSVs) are fetched with the
// session's token and handed to the browser as a download.
import { pb } from './pb.js';

/**
 * download fetches /api/bancada/<path> for the tenant and saves it under
 * the name the server gives (Content-Disposition), or fallback.
 */
export async function download(path, tenantId, query = {}, fallback = 'bancada.csv') {
  const url = new URL('/api/bancada/' + path.replace(/^\//, ''), pb.baseURL || location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  const res = await fetch(url, { headers: { Authorization: pb.authStore.token, 'X-Bancada-Tenant': tenantId } });
  if (!res.ok) {
    let body = {};
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    throw Object.assign(new Error(body.message || 'Não foi possível baixar o arquivo.'), { status: res.status, response: body, isAbort: false });
  }
  const blob = await res.blob();
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = m ? m[1] : fallback;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return a.download;
}
