/* tslint:disable */
/* eslint-disable */

/** A code system Koder knows. */
export type CodeSystem = "icd10" | "icd9cm" | "icpc2";
/** Display flags of a code. */
export type CodeFlag = "header" | "asterisk" | "dagger" | "not_inacbg" | "female_only" | "male_only" | "age_limited" | "process";
/** Options of `search`. */
export interface SearchOptions {
    /** Only this system; all when absent. */
    system?: CodeSystem;
    /** How many results, 1–100 (default 10). */
    limit?: number;
    /** Only the most specific (leaf) codes. */
    leafOnly?: boolean;
    /** Only this chapter: ICD-10 "X" or "10", ICPC-2 "R". */
    chapter?: string;
    /** Only this ICD-10 block, e.g. "J09-J18". */
    block?: string;
}
/** One search result. */
export interface SearchResult {
    system: CodeSystem;
    code: string;
    /** English title. */
    display: string;
    /** Indonesian title, when known. */
    display_id: string | null;
    fhir_system: string;
    leaf: boolean;
    flags: CodeFlag[];
    score: number;
    /** Words of display/display_id that matched, for highlighting. */
    matched: string[];
    /** The abbreviation, synonym or lay word that matched, if any. */
    matched_term: string | null;
    /** True when the code itself matched a code-like query. */
    code_match: boolean;
}
/** A code in short form. */
export interface CodeSummary {
    system: CodeSystem;
    code: string;
    kind: "code" | "block" | "chapter";
    display: string;
    display_id: string | null;
    leaf: boolean;
}
/** Everything Koder knows of one code. */
export interface CodeDetails extends CodeSummary {
    fhir_system: string;
    flags: CodeFlag[];
    accepted_by_inacbg: boolean;
    sex: "F" | "M" | null;
    age_min_days: number | null;
    age_max_days: number | null;
    chapter: CodeSummary | null;
    block: CodeSummary | null;
    parent: CodeSummary | null;
    children: CodeSummary[];
    partners: CodeSummary[];
}
/** One crosswalk target. */
export interface CrosswalkTarget extends CodeSummary {
    primary: boolean;
}
/** Versions of the engine and its data. */
export interface VersionInfo {
    koder: string;
    editions: [string, string][];
    data: { format: number; data_version: string; counts: Record<string, number> };
}
/** Search as you type: Indonesian/English words, abbreviations, typos, code prefixes. */
export function search(query: string, options?: SearchOptions): SearchResult[];
/** The Error Koder throws. */
export interface KoderError extends Error {
    code: string;
    messageId: string;
    messageEn: string;
}



/**
 * ICPC-2 → ICD-10 candidates (primary first), or ICD-10 → ICPC-2 rubrics.
 */
export function crosswalk(from: CodeSystem, code: string): CrosswalkTarget[];

/**
 * True when the code exists in the system.
 */
export function isValid(system: CodeSystem, code: string): boolean;

/**
 * Everything about one code, with parent, children, chapter and block.
 */
export function lookup(system: CodeSystem, code: string): CodeDetails;

/**
 * Opens the catalogs and prepares the typo automata, so that the first keystroke is fast.
 */
export function start(): void;

/**
 * Versions of the engine and its data.
 */
export function version(): VersionInfo;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly crosswalk: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly isValid: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly lookup: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly search: (a: number, b: number, c: number) => [number, number, number];
    readonly start: () => void;
    readonly version: () => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
