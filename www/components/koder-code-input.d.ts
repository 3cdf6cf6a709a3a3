import type { SearchResult } from '../web/koder.js';
import type { KoderModule } from './engine.js';
export { use, ready } from './engine.js';

/**
 * `<koder-code-input system="icd10" name="diagnosa_utama" multiple? lang? placeholder? label? limit? leaf-only? disabled? text-name?>`
 *
 * The form field `name` carries codes of the catalog only; text typed but not coded is submitted as
 * `<name>_teks` (or `text-name`) and the element's `data-status` is `coded`, `not-coded` or `empty`.
 * If the engine cannot start, the box is a plain text field (`offline`): `name` carries the text as
 * typed, `<name>_teks` the same text, marked not coded.
 */
export class KoderCodeInput extends HTMLElement {
  static use<M extends KoderModule>(mod: M, initInput?: unknown): Promise<M>;
  static readonly ready: Promise<KoderModule>;
  readonly multiple: boolean;
  readonly system: 'icd10' | 'icd9cm' | 'icpc2';
  /** The submitted value: one code, or codes joined with "#" in multiple mode (offline: the text). Setting it fires no event. */
  value: string;
  readonly values: string[];
  /** What was typed and is not coded ('' when everything is coded). */
  readonly text: string;
  /** True when nothing typed is left uncoded. */
  readonly coded: boolean;
  /** True when the engine could not start and the field is plain text. */
  readonly offline: boolean;
  /** Adds (multiple) or sets (single) a code of the catalog as if chosen; fires koder-select, input and change. False for an unknown code. */
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
