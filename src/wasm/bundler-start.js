
// Awal build bundler / The bundler build's start, added by scripts/build-wasm.sh from
// src/wasm/bundler-start.js. This build starts when it is imported, its catalog inside, so the
// web build's start functions finish at once here (init and initSearch resolve, initSync
// returns): code written for the web build (`await init()`, `await initSearch()`,
// `initSync(…)`) runs unchanged on this one.

/** Resolves at once with the module's exports: this build is ready once imported. */
export default function init() {
  return Promise.resolve(wasm);
}

/** Resolves at once with undefined: every function answers already. */
export function initSearch() {
  return Promise.resolve(undefined);
}

/** Returns the module's exports: this build is ready once imported. */
export function initSync() {
  return wasm;
}
