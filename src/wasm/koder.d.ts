// Koder di peramban / Koder in the browser: the web build's entry (src/wasm/koder.js). Every
// function and type is that of the full module; only the start-up differs (two modules, one
// catalog file).
export * from './koder_full.js';
import type { InitInput, InitOutput, SyncInitInput } from './koder_full.js';
export type { InitInput, InitOutput, SyncInitInput };

/** The catalog file (koder_catalog.bin, gzip-compressed, or the bundle unpacked): a URL, a request, a response or its bytes. */
export type CatalogInput = RequestInfo | URL | Response | BufferSource;

/** Where the web build's files are, when not next to koder.js. */
export interface KoderWebInit {
  /** The full module (koder_full_bg.wasm), as wasm-bindgen's init takes it. */
  module_or_path?: InitInput | Promise<InitInput>;
  /** The search module (koder_search_bg.wasm), for `initSearch`. */
  search_module_or_path?: InitInput | Promise<InitInput>;
  /** The catalog (koder_catalog.bin), fetched once for both modules. */
  catalog?: CatalogInput | Promise<CatalogInput>;
}

/**
 * Loads everything: once it resolves, every function answers (as with the other builds).
 * A module alone (URL, bytes, `WebAssembly.Module`) is taken as `module_or_path`.
 */
export default function init(options?: KoderWebInit | InitInput | Promise<InitInput>): Promise<InitOutput>;

/**
 * Loads the small search module and the catalog: resolves once `search`, `lookup`, `isValid`,
 * `crosswalk` and `version` answer; the full module then loads in the background. Other calls
 * throw `not_ready` until `init()` resolves.
 * Resolves with the search module's exports when it loaded it and answers with it (e.g. its
 * `memory`), else undefined. Once the full module answers, Koder lets the search module go:
 * keeping these exports keeps its memory.
 */
export function initSearch(options?: KoderWebInit): Promise<InitOutput | undefined>;

/** Synchronous start: the bytes of koder_full_bg.wasm and of koder_catalog.bin. */
export function initSync(options: { module: SyncInitInput; catalog: BufferSource }): InitOutput;
