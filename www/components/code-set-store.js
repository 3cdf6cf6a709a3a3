// Koder — keeping a facility's IM code lists in this browser (IndexedDB), for vendors who want
// the list loaded again on the next visit without asking the coder for the file.
//
//   import { keepCodeSet, restoreCodeSets, forgetCodeSet } from '@koder/icd/components/code-set-store.js';
//   const summary = koder.loadCodeSet(bytes, { system: 'icd9cm_im' });  // load first: only a list
//   await keepCodeSet('icd9cm_im', bytes, { name: file.name });           // that loaded is kept
//   const restored = await restoreCodeSets(koder);  // on the next visit: [{ system, name, summary } | { system, error }]
//   await forgetCodeSet('icd9cm_im');               // or forgetCodeSet() for every list
//
// The lists stay in this browser's IndexedDB (database `koder-code-sets`), on this device only:
// nothing is ever sent anywhere. Every function resolves (never throws) when IndexedDB is
// missing or refused (private windows, storage disabled): `keepCodeSet` then resolves false and
// `restoreCodeSets` with an empty list, so the page works exactly as without keeping.

const DB = 'koder-code-sets';
const STORE = 'lists';
const SYSTEMS = new Set(['icd10_im', 'icd9cm_im']);
/** The largest list kept: the engine's own limit for a list (16 MiB, `MAX_CODE_SET_BYTES`). */
export const MAX_KEPT_BYTES = 16 << 20;

function open() {
  return new Promise((resolve) => {
    let req;
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      req = indexedDB.open(DB, 1);
    } catch {
      return resolve(null);
    }
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'system' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

function run(mode, body) {
  return open().then((db) => new Promise((resolve) => {
    if (!db) return resolve(undefined);
    let out;
    try {
      const tx = db.transaction(STORE, mode);
      out = body(tx.objectStore(STORE));
      tx.oncomplete = () => { db.close(); resolve(out?.result ?? true); };
      tx.onerror = tx.onabort = () => { db.close(); resolve(undefined); };
    } catch {
      db.close();
      resolve(undefined);
    }
  }));
}

/**
 * Keeps a list in this browser. `bytes`: the file as loaded (Uint8Array or ArrayBuffer).
 * @returns {Promise<boolean>} true when kept; false when the system is unknown, the list too
 * large, or IndexedDB unavailable.
 */
export async function keepCodeSet(system, bytes, { name = '' } = {}) {
  if (!SYSTEMS.has(system)) return false;
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes ?? []);
  if (!data.byteLength || data.byteLength > MAX_KEPT_BYTES) return false;
  const row = { system, name: String(name).slice(0, 200), bytes: data.slice(), kept: new Date().toISOString() };
  return (await run('readwrite', (s) => s.put(row))) !== undefined;
}

/**
 * The lists kept in this browser: `[{ system, name, bytes, kept }]` (empty without IndexedDB).
 */
export async function keptCodeSets() {
  const rows = await run('readonly', (s) => s.getAll());
  return Array.isArray(rows) ? rows.filter((r) => SYSTEMS.has(r?.system) && r.bytes instanceof Uint8Array) : [];
}

/**
 * Loads every kept list into the engine (`mod.loadCodeSet`). A list the engine now refuses
 * (a newer engine, a damaged store) is reported, not thrown, and stays kept until forgotten.
 * @returns {Promise<Array<{system: string, name: string, kept: string, summary?: object, error?: Error}>>}
 */
export async function restoreCodeSets(mod) {
  const out = [];
  for (const row of await keptCodeSets()) {
    const base = { system: row.system, name: row.name, kept: row.kept };
    try {
      out.push({ ...base, summary: mod.loadCodeSet(row.bytes, { system: row.system }) });
    } catch (error) {
      out.push({ ...base, error });
    }
  }
  return out;
}

/** Forgets the kept list of `system`, or every kept list when no system is given. */
export async function forgetCodeSet(system) {
  if (system !== undefined && !SYSTEMS.has(system)) return false;
  return (await run('readwrite', (s) => (system === undefined ? s.clear() : s.delete(system)))) !== undefined;
}
