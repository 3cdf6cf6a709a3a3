import type { CheckReport, ClaimInput } from '../web/koder.js';
import type { KoderModule } from './engine.js';
export { use, ready } from './engine.js';

/** Form field names (lower case) → ClaimInput fields; `data-koder="<field>"` overrides. */
export const FIELDS: Record<string, keyof ClaimInput>;
/** Reads a form into a ClaimInput. */
export function readClaim(form: HTMLFormElement, defaults?: { facility?: 'fktl' | 'fktp' }): ClaimInput;
/** Text typed in the form's <koder-code-input> fields but not coded, by claim field. */
export function readUncoded(form: HTMLFormElement): Partial<Record<keyof ClaimInput, string>>;

export interface KoderFindingsDetail { claim: ClaimInput; report: CheckReport; ms: number; }
/** `result` is whatever the engine's `group()` returns (see its typings when present). */
export interface KoderGroupDetail<R = unknown> { claim: ClaimInput; result: R; ms: number; }

/**
 * `<koder-claim-panel for="form-id" facility="fktl|fktp" lang? heading-level?>`
 *
 * Without a principal diagnosis it shows a neutral "Menunggu diagnosis utama / Waiting for the
 * principal diagnosis" (`data-state="waiting"`; VAL-007 is not shown, the grouper is not run) and
 * the other findings; if the engine cannot start, it says the checks are unavailable.
 *
 * For a claim with IM codes (ICD-10-IM / ICD-9-CM-IM, E-Klaim 5.10) it shows both coding tracks
 * side by side (`.tracks`, `data-state="shown"`): each track's coding findings, what INA-CBG
 * refuses with the 2010 code to use, and the INA-CBG preview with those codes
 * (`group().im_import`); the iDRG result itself is said not to be previewed.
 */
export class KoderClaimPanel extends HTMLElement {
  static use<M extends KoderModule>(mod: M, initInput?: unknown): Promise<M>;
  static readonly ready: Promise<KoderModule>;
  readonly form: HTMLFormElement | null;
  claim: ClaimInput | null;
  report: CheckReport | null;
  groupResult: unknown;
  /** Passed as the second argument of `group()` (tariff region, hospital class …). */
  groupContext: unknown;
  /** How many times the checks ran, and how long the last run took (ms). */
  runs: number;
  lastRunMs: number;
  /** Runs in the next animation frame (coalesced). */
  schedule(): void;
  /** Reads the form and runs now. */
  refresh(): void;
}

declare global {
  interface HTMLElementTagNameMap { 'koder-claim-panel': KoderClaimPanel; }
  interface HTMLElementEventMap {
    'koder-findings': CustomEvent<KoderFindingsDetail>;
    'koder-group': CustomEvent<KoderGroupDetail>;
  }
}
