import type { SearchResult } from '../web/koder.js';
import type { KoderModule } from './engine.js';
export { use, ready } from './engine.js';

/** `<koder-code-input system="icd10" name="diagnosa_utama" multiple? lang? placeholder? label? limit? leaf-only? disabled?>` */
export class KoderCodeInput extends HTMLElement {
  static use<M extends KoderModule>(mod: M, initInput?: unknown): Promise<M>;
  static readonly ready: Promise<KoderModule>;
  readonly multiple: boolean;
  readonly system: 'icd10' | 'icd9cm' | 'icpc2';
  /** The submitted value: one code, or codes joined with "#" in multiple mode. Setting it fires no event. */
  value: string;
  readonly values: string[];
  /** Adds (multiple) or sets (single) a code as if chosen; fires koder-select, input and change. */
  add(code: string): boolean;
  remove(code: string): boolean;
  move(code: string, by: number): boolean;
  clear(): void;
}
/** Detail of `koder-select`: the chosen result (a typed, known code is looked up into the same shape). */
export type KoderSelectEvent = CustomEvent<SearchResult>;

declare global {
  interface HTMLElementTagNameMap { 'koder-code-input': KoderCodeInput; }
  interface HTMLElementEventMap { 'koder-select': KoderSelectEvent; }
}
