/** A list kept in this browser's IndexedDB. */
export interface KeptCodeSet {
  system: 'icd10_im' | 'icd9cm_im';
  /** The file name it was loaded from. */
  name: string;
  bytes: Uint8Array;
  /** When it was kept (ISO 8601). */
  kept: string;
}
/** The largest list kept (the engine's own limit for a list). */
export const MAX_KEPT_BYTES: number;
/** Keeps a list (as loaded) in this browser; false when it cannot be kept. Never sends it anywhere. */
export function keepCodeSet(system: 'icd10_im' | 'icd9cm_im', bytes: Uint8Array | ArrayBuffer, options?: { name?: string }): Promise<boolean>;
/** The lists kept in this browser (empty without IndexedDB). */
export function keptCodeSets(): Promise<KeptCodeSet[]>;
/** Loads every kept list into the engine; a list the engine refuses is reported with its error. */
export function restoreCodeSets(mod: { loadCodeSet(text: Uint8Array, options: { system: string }): unknown }): Promise<Array<{
  system: KeptCodeSet['system']; name: string; kept: string; summary?: import('../web/koder.js').CodeSetSummary; error?: unknown;
}>>;
/** Forgets one kept list, or every kept list without a system. */
export function forgetCodeSet(system?: 'icd10_im' | 'icd9cm_im'): Promise<boolean>;
