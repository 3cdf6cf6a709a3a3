// Koder demo pages — shared start-up: hands the engine to the components once and registers the
// service worker (offline after the first visit). Nothing here talks to any other host.
import * as koder from './pkg/koder.js';
import { use, searchReady, searchEngine } from './components/engine.js';

/** Registers sw.js; its cache is named after the engine version, the catalog format and the data version. */
export function registerServiceWorker(v) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return Promise.resolve(null);
  const tag = `${v.koder}-${v.data.format}-${v.data.data_version}`;
  return navigator.serviceWorker
    .register(`sw.js?v=${encodeURIComponent(tag)}`, { scope: './' })
    .catch(() => null); // offline, or served from file: — the page works without it
}

/** Initialises the engine for the components; marks <body data-ready="true"> when done. */
export async function boot() {
  const status = document.getElementById('status');
  searchReady.then(() => {
    if (status && !document.body.dataset.ready) {
      status.textContent = 'Pencarian kode siap; pemeriksaan klaim sedang dimuat… / Code search is ready; claim checks are loading…';
    }
  }, () => {});
  try {
    const mod = await use(koder);
    const v = mod.version();
    const versionEl = document.getElementById('version');
    if (versionEl) {
      versionEl.textContent = `Koder ${v.koder} · versi data ${v.data.data_version} · `
        + v.editions.map(([, name]) => name).join(' · ');
    }
    if (status) {
      status.textContent = 'Siap — semua pemeriksaan berjalan di peramban ini.';
      status.classList.add('ready');
    }
    document.body.dataset.ready = 'true';
    registerServiceWorker(v);
    return mod;
  } catch (e) {
    if (status && searchEngine()) {
      // The search module answers; only the full module (checks, grouping) did not load.
      status.textContent = `Pemeriksaan klaim tidak dapat dimuat: ${e && (e.messageId || e.message) ? (e.messageId || e.message) : e}. Pencarian kode tetap berfungsi. / Claim checks could not load; code search still works.`;
      status.classList.add('failed');
    } else if (status) {
      status.textContent = `Gagal memuat data kode: ${e && (e.messageId || e.message) ? (e.messageId || e.message) : e}. Isian tetap dapat diisi sebagai teks biasa (belum dikode). / Failed to load the code data; the fields still take plain text (not coded).`;
      status.classList.add('failed');
    }
    throw e;
  }
}
