/** The Koder module the components use: `@koder/icd/web`, `@koder/icd/bundler` or `pkg/koder.js`. */
export interface KoderModule {
  search(query: string, options?: import('../web/koder.js').SearchOptions): import('../web/koder.js').SearchResult[];
  lookup(system: import('../web/koder.js').CodeSystem, code: string): import('../web/koder.js').CodeDetails;
  isValid(system: import('../web/koder.js').CodeSystem, code: string): boolean;
  crosswalk(from: import('../web/koder.js').CodeSystem, code: string): import('../web/koder.js').CrosswalkTarget[];
  check(claim: import('../web/koder.js').ClaimInput): import('../web/koder.js').CheckReport;
  version(): import('../web/koder.js').VersionInfo;
  /** The INA-CBG preview, when the engine provides it. */
  group?: (claim: import('../web/koder.js').ClaimInput, context?: import('../web/koder.js').TariffContext) => unknown;
  /** Codes for a resume line (principal, secondaries, procedures), when the engine provides it. */
  suggest?: (text: string, options?: { system?: 'icd10' | 'icpc2'; setting?: 'inpatient' | 'outpatient' }) => unknown;
  /** The web build's init (everything); called once by `use`. */
  default?(input?: unknown): Promise<unknown>;
  /** The web build's early start (search only); called by `use` before `default`. */
  initSearch?(input?: unknown): Promise<unknown>;
}
/**
 * Resolves with the module once `use()` has run (also dispatched as `koder-ready` on document);
 * rejects when the module could not be initialised (also dispatched as `koder-failed`).
 */
export const ready: Promise<KoderModule>;
/**
 * Resolves with the module once it answers searches (with the web build before `ready`; also
 * dispatched as `koder-search-ready`); rejects when the engine could not start at all.
 */
export const searchReady: Promise<KoderModule>;
/** The module once it answers searches, else null. */
export function searchEngine(): KoderModule | null;
/** The error that stopped the engine, or null. */
export function failure(): unknown;
/** Hands the module to every component on the page (once); initialises the web build. */
export function use<M extends KoderModule>(mod: M, initInput?: unknown): Promise<M>;
/** The module once ready, else null. */
export function engine(): KoderModule | null;
export function errorText(e: unknown, lang?: 'id' | 'en'): string;
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: unknown): HTMLElementTagNameMap[K];
export function uiLang(node: Element): 'id' | 'en';
