// <koder-claim-panel> — live claim checks (and the INA-CBG preview when the engine has a grouper)
// for an existing EMR form (Koder).
//
//   <form id="klaim"> … <koder-code-input name="diagnosa_utama" system="icd10"> … </form>
//   <koder-claim-panel for="klaim" facility="fktl"></koder-claim-panel>
//
//   import * as koder from './pkg/koder.js';             // or '@koder/icd/web'
//   import { KoderClaimPanel } from './components/koder-claim-panel.js';
//   KoderClaimPanel.use(koder);                            // once per page (shared with the inputs)
//
// The panel reads the form's fields by name (E-Klaim / Indonesian names or the claim model's
// own names, see FIELDS below) or by a `data-koder="<claim field>"` attribute, builds a
// ClaimInput, runs `check()` — and `group()` when the engine provides it — at most once per
// animation frame after any `input`/`change` in the form, and renders the findings (grouped by
// level: message, codes, suggestion, basis), the supporting-documents checklist and the
// grouper preview. Events: `koder-findings` (detail: { claim, report, ms }) and `koder-group`
// (detail: { claim, result, ms }). Attributes: for (form id), facility (fktl | fktp, default
// fktl; a form field wins), lang (id | en), heading-level (2–6, default 2).
// Properties: claim (the last ClaimInput), report, groupResult, groupContext (passed as the
// second argument of group()), refresh().
// All data text goes through textContent: never innerHTML.

import { el, engine, ready, uiLang, use, errorText } from './engine.js';

/**
 * Form field names (lower case) → claim fields: the engine's one alias table (`claimKeys()`, the
 * table the Rust parser, the CLI and the audit use; README "Kolom klaim / Claim fields"), filled
 * when the engine is ready. `data-koder="<claim field>"` overrides.
 */
export const FIELDS = {};

function fieldsOf(mod) {
  if (!Object.keys(FIELDS).length && typeof mod?.claimKeys === 'function') Object.assign(FIELDS, mod.claimKeys());
  return FIELDS;
}

const LIST_FIELDS = new Set(['secondary_diagnoses', 'diagnoses', 'procedures', 'icpc2', 'documents', 'chest_xray']);
const NUMBER_FIELDS = new Set(['los_days', 'birth_weight_grams']);

const TEXT = {
  id: {
    title: 'Pemeriksaan klaim',
    waiting: 'Memuat mesin pemeriksa…',
    empty: 'Tidak ada temuan. Kode dan berkas tampak lengkap untuk aturan yang dikenal Koder.',
    levels: { error: 'Galat', warning: 'Peringatan', info: 'Info' },
    counts: (c) => `${c.error} galat · ${c.warning} peringatan · ${c.info} info`,
    suggestion: 'Saran',
    basis: 'Dasar',
    docs: 'Berkas pendukung',
    docsNone: 'Belum ada berkas yang disyaratkan oleh kode ini.',
    attached: 'ada',
    missing: 'belum ada',
    failed: 'Pemeriksaan gagal',
    group: 'Pratinjau INA-CBG — bukan hasil resmi E-Klaim',
    groupFailed: 'Pratinjau INA-CBG gagal',
    groupFields: { cbg: 'Kode CBG', description: 'Deskripsi', cmg: 'CMG', case_type: 'Jenis kasus', severity: 'Tingkat keparahan',
      tariff: 'Tarif', confidence: 'Keyakinan', special: 'Pilihan CMG khusus', reason: 'Alasan', what_if: 'Yang dapat mengubah hasil' },
    trace: 'Jejak pengelompokan',
    privacy: 'Diperiksa di peramban ini; tidak ada data yang dikirim.',
    waitingPrincipal: 'Menunggu diagnosis utama / Waiting for the principal diagnosis',
    waitingText: 'Pemeriksaan lengkap dan pratinjau INA-CBG berjalan setelah diagnosis utama dikode. / The full checks and the INA-CBG preview run once the principal diagnosis is coded.',
    groupWaiting: 'Pratinjau INA-CBG menunggu diagnosis utama. / The INA-CBG preview waits for the principal diagnosis.',
    uncoded: (field, text) => `${field} belum dikode: “${text}” — pilih kode dari daftar. / not coded yet.`,
    fieldNames: { principal_diagnosis: 'Diagnosis utama', secondary_diagnoses: 'Diagnosis sekunder', procedures: 'Tindakan', icpc2: 'Diagnosis ICPC-2' },
    tracks: 'Dua jalur koding (E-Klaim 5.10)',
    trackIdrg: 'iDRG (ICD-10-IM / ICD-9-CM-IM)',
    trackInacbg: 'INA-CBG (kode 2010)',
    trackOk: 'Tidak ada galat koding di jalur ini.',
    idrgNotPreviewed: 'Hasil iDRG (MDC, DRG) tidak dipratinjau: Koder tidak memiliki tabel iDRG.',
    imRefused: (code, parent, specific) => `${code} ditolak INA-CBG (E2101)${!parent ? ': tidak ada kode 2010 yang dirujuknya' : specific ? ` → gunakan ${parent}` : ` → pilih subkode ${parent}`}`,
    trackCbg: 'Pratinjau INA-CBG',
    with2010: 'Dengan kode 2010',
    with2010None: 'Dengan kode 2010: pilih dulu subkode yang spesifik.',
    selected: 'jalur terpilih',
    unavailable: 'Pemeriksaan tidak tersedia / Checks unavailable',
    unavailableText: 'Data kode gagal dimuat. Isian tetap dapat diisi sebagai teks biasa (belum dikode); muat ulang halaman untuk mencoba lagi. / The code data failed to load; the fields still take plain text (not coded).',
  },
  en: {
    title: 'Claim check',
    waiting: 'Loading the checker…',
    empty: 'No findings. Codes and documents look complete for the rules Koder knows.',
    levels: { error: 'Errors', warning: 'Warnings', info: 'Notes' },
    counts: (c) => `${c.error} errors · ${c.warning} warnings · ${c.info} notes`,
    suggestion: 'Suggestion',
    basis: 'Basis',
    docs: 'Supporting documents',
    docsNone: 'No document is required by these codes yet.',
    attached: 'attached',
    missing: 'missing',
    failed: 'Check failed',
    group: 'INA-CBG preview — not an official E-Klaim result',
    groupFailed: 'INA-CBG preview failed',
    groupFields: { cbg: 'CBG code', description: 'Description', cmg: 'CMG', case_type: 'Case type', severity: 'Severity',
      tariff: 'Tariff', confidence: 'Confidence', special: 'Special CMG options', reason: 'Reason', what_if: 'What would change it' },
    trace: 'Grouping trace',
    privacy: 'Checked in this browser; no data is sent.',
    waitingPrincipal: 'Waiting for the principal diagnosis',
    waitingText: 'The full checks and the INA-CBG preview run once the principal diagnosis is coded.',
    groupWaiting: 'The INA-CBG preview waits for the principal diagnosis.',
    uncoded: (field, text) => `${field} not coded yet: “${text}” — choose a code from the list.`,
    fieldNames: { principal_diagnosis: 'Principal diagnosis', secondary_diagnoses: 'Secondary diagnosis', procedures: 'Procedure', icpc2: 'ICPC-2 diagnosis' },
    tracks: 'Two coding tracks (E-Klaim 5.10)',
    trackIdrg: 'iDRG (ICD-10-IM / ICD-9-CM-IM)',
    trackInacbg: 'INA-CBG (2010 codes)',
    trackOk: 'No coding error on this track.',
    idrgNotPreviewed: 'The iDRG result (MDC, DRG) is not previewed: Koder has no iDRG tables.',
    imRefused: (code, parent, specific) => `${code} refused by INA-CBG (E2101)${!parent ? ': no 2010 code it refines' : specific ? ` → use ${parent}` : ` → choose a subcode of ${parent}`}`,
    trackCbg: 'INA-CBG preview',
    with2010: 'With the 2010 codes',
    with2010None: 'With the 2010 codes: choose a specific subcode first.',
    selected: 'selected track',
    unavailable: 'Checks unavailable',
    unavailableText: 'The code data failed to load. The fields still take plain text (not coded); reload the page to try again.',
  },
};

const CSS = `
:host { display: block; font: inherit; color: var(--koder-fg, #1d2a36);
  --_accent: var(--koder-accent, #0b6e69); --_border: var(--koder-border, #d3dbe1); --_bg: var(--koder-bg, #ffffff);
  --_muted: var(--koder-muted, #54636f); --_radius: var(--koder-radius, 6px);
  --_error: var(--koder-danger, #a4262c); --_warning: var(--koder-warning, #8a5a00); --_info: var(--koder-info, #2b5b84);
  --_soft: var(--koder-accent-soft, #e7f3f2); }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.panel { background: var(--_bg); border: 1px solid var(--_border); border-radius: calc(var(--_radius) + 2px); }
.head { padding: .8em 1em; border-bottom: 1px solid var(--_border); display: flex; flex-wrap: wrap; align-items: baseline; gap: .3em 1em; }
.h { margin: 0; font-size: 1.05em; font-weight: 650; }
.counts { margin: 0; font-size: .9em; color: var(--_muted); }
.counts .n-error { color: var(--_error); font-weight: 600; }
.section { padding: .8em 1em; border-bottom: 1px solid var(--_border); }
.section:last-child, .docs { border-bottom: 0; }
.sh { margin: 0 0 .5em; font-size: .8em; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; color: var(--_muted); }
.level-error .sh { color: var(--_error); }
.level-warning .sh { color: var(--_warning); }
.level-info .sh { color: var(--_info); }
ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .5em; }
.finding { border-left: 3px solid var(--_border); padding: .35em .6em .4em .7em; background: #fafbfc; border-radius: 0 4px 4px 0; }
.finding.error { border-left-color: var(--_error); background: #fdf5f5; }
.finding.warning { border-left-color: #d9a441; background: #fffaf0; }
.finding.info { border-left-color: #7fa7c9; background: #f5f9fc; }
.msg { margin: 0; line-height: 1.4; }
.codes { display: inline-flex; flex-wrap: wrap; gap: .3em; margin: .3em 0 0; }
.badge { font: 600 .82em/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--_accent);
  background: var(--_soft); border-radius: 4px; padding: 0 .4em; }
.sug, .basis { margin: .3em 0 0; font-size: .88em; line-height: 1.4; }
.sug b, .basis b { font-weight: 600; }
.basis { color: var(--_muted); font-size: .8em; }
.rule { color: var(--_muted); font: .75em ui-monospace, monospace; float: right; margin-left: .5em; }
.docs li { display: flex; gap: .5em; align-items: baseline; font-size: .92em; }
.mark { flex: none; width: 1.3em; height: 1.3em; border-radius: 50%; display: inline-grid; place-items: center; font-size: .8em; font-weight: 700; }
.docs .yes .mark { background: #e3f3e6; color: #1e6b34; }
.docs .no .mark { background: #fbe9e9; color: var(--_error); }
.docs .no.info .mark, .docs .no.warning .mark { background: #fff3da; color: var(--_warning); }
.state { font-size: .8em; color: var(--_muted); margin-left: auto; white-space: nowrap; }
.muted { color: var(--_muted); margin: 0; font-size: .92em; }
.waiting { background: #f7f9fa; }
.waiting .lead { margin: 0; font-weight: 600; }
.waiting .uncoded { margin: .4em 0 0; font-size: .9em; color: #7a5200; }
.failed { color: var(--_error); margin: 0; }
.group { background: #f7fafb; }
.group .cbg { font: 700 1.35em/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--_accent); margin: 0; }
.group .desc { margin: .2em 0 .5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em .8em; margin: 0; font-size: .9em; }
dt { color: var(--_muted); }
dd { margin: 0; }
details { margin-top: .5em; font-size: .85em; }
summary { cursor: pointer; color: var(--_muted); }
summary:focus-visible { outline: 2px solid var(--koder-focus, #1a73e8); }
ol.trace { margin: .4em 0 0; padding-left: 1.4em; }
.tracks .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: .6em; }
.track { border: 1px solid var(--_border); border-radius: var(--_radius); padding: .5em .7em; background: #fafbfc; }
.track[data-selected="true"] { border-color: var(--_accent); }
.track .th { margin: 0 0 .3em; font-weight: 650; font-size: .92em; }
.track .th small { font-weight: 400; color: var(--_muted); }
.track ul { gap: .25em; font-size: .88em; }
.track .error { color: var(--_error); }
.track .cbg { font: 700 1.1em/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--_accent); margin: .3em 0 0; }
.foot { padding: .5em 1em; font-size: .78em; color: var(--_muted); border-top: 1px solid var(--_border); }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

const splitCodes = (v) => String(v).split(/[#,;]+/).map((s) => s.trim()).filter(Boolean);

/**
 * Reads a form into a ClaimInput (exported for vendors who want the claim without the panel).
 * @param {HTMLFormElement} form
 * @param {{facility?: string}} defaults
 */
export function readClaim(form, defaults = {}) {
  const claim = {};
  const lists = {};
  const names = fieldsOf(engine());
  if (defaults.facility) claim.facility = defaults.facility;
  for (const field of form.elements) {
    if (!field.name && !field.dataset?.koder) continue;
    if (field.dataset && 'koderTextFor' in field.dataset) continue; // text that is not coded
    if (field.disabled || field.type === 'button' || field.type === 'submit' || field.type === 'reset') continue;
    const key = field.dataset?.koder || names[String(field.name).toLowerCase().replace(/[\s.-]/g, '_')];
    if (!key) continue;
    if (field.type === 'radio' && !field.checked) continue;
    if (key === 'documents') {
      // A form with a documents list states them: none ticked is "nothing attached", not "not said".
      lists.documents ||= [];
      if (field.type === 'checkbox') {
        if (field.checked) lists.documents.push(field.value);
      } else if (field.value) {
        lists.documents.push(...splitCodes(field.value));
      }
      continue;
    }
    if (key === 'referral') {
      if (field.type === 'checkbox') claim.referral = field.checked;
      else if (field.value !== '') claim.referral = /^(1|ya|y|yes|true|dirujuk)$/i.test(field.value);
      continue;
    }
    const value = field.type === 'checkbox' ? (field.checked ? field.value : '') : String(field.value ?? '').trim();
    if (value === '') continue;
    if (LIST_FIELDS.has(key)) {
      (lists[key] ||= []).push(...splitCodes(value));
    } else if (NUMBER_FIELDS.has(key)) {
      const n = Number(value);
      if (Number.isFinite(n)) claim[key] = n;
    } else if (key === 'setting' || key === 'sex' || key === 'discharge_status') {
      claim[key] = /^\d+$/.test(value) ? Number(value) : value;
    } else if (key === 'principal_diagnosis') {
      const [first, ...rest] = splitCodes(value);
      if (first) claim.principal_diagnosis = first;
      if (rest.length) (lists.secondary_diagnoses ||= []).push(...rest);
    } else {
      claim[key] = value;
    }
  }
  for (const [k, v] of Object.entries(lists)) claim[k] = [...new Set(v)];
  return claim;
}

/**
 * Text typed in the form's code fields but not coded (the `<name>_teks` fields of
 * <koder-code-input>), by claim field: `{ principal_diagnosis: "dbd" }`.
 * @param {HTMLFormElement} form
 */
export function readUncoded(form) {
  const out = {};
  for (const field of form.elements) {
    const of = field.dataset?.koderTextFor;
    if (of === undefined || field.disabled || !String(field.value).trim()) continue;
    const key = FIELDS[String(of).toLowerCase()];
    if (key) out[key] = [out[key], String(field.value).trim()].filter(Boolean).join(', ');
  }
  return out;
}

export class KoderClaimPanel extends HTMLElement {
  static get observedAttributes() { return ['for', 'facility', 'lang']; }

  /** Hands the Koder module to every component on the page (see engine.js). */
  static use(mod, initInput) { return use(mod, initInput); }

  static get ready() { return ready; }

  constructor() {
    super();
    this._raf = 0;
    this._form = null;
    this.claim = null;
    this.report = null;
    this.groupResult = null;
    this.groupContext = undefined;
    this.runs = 0;
    this.lastRunMs = 0;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    this._panel = el('section', 'panel');
    this._panel.setAttribute('part', 'panel');
    root.append(this._panel);
    this._onFormEvent = () => this.schedule();
  }

  connectedCallback() {
    this._attach();
    this._renderShell();
    this._status.textContent = this._t().waiting;
    ready.then(() => this.refresh(), (e) => this._renderUnavailable(e));
  }

  /** The engine could not start: say so, calmly (the form still works as plain text). */
  _renderUnavailable(error) {
    const t = this._t();
    this._status.textContent = t.unavailable;
    const p = el('p', 'muted', t.unavailableText);
    p.title = errorText(error, uiLang(this));
    this._body.replaceChildren(this._section('unavailable', t.unavailable, [p]));
    this._docs.replaceChildren();
    this._groupBox.hidden = true;
    this._tracksBox.hidden = true;
    this.dataset.state = 'unavailable';
  }

  disconnectedCallback() {
    this._detach();
    if (this._raf) cancelAnimationFrame(this._raf);
    this._raf = 0;
  }

  attributeChangedCallback(name) {
    if (!this.isConnected) return;
    if (name === 'for') { this._detach(); this._attach(); }
    if (name === 'lang') this._renderShell();
    this.schedule();
  }

  get form() { return this._form; }

  _attach() {
    const id = this.getAttribute('for');
    this._form = id ? document.getElementById(id) : this.closest('form');
    if (!this._form) return;
    for (const type of ['input', 'change', 'reset']) this._form.addEventListener(type, this._onFormEvent);
  }

  _detach() {
    if (!this._form) return;
    for (const type of ['input', 'change', 'reset']) this._form.removeEventListener(type, this._onFormEvent);
    this._form = null;
  }

  /** Runs the checks in the next animation frame (many changes in one frame → one run). */
  schedule() {
    if (this._raf || !engine()) return;
    this._raf = requestAnimationFrame(() => {
      this._raf = 0;
      this.refresh();
    });
  }

  _t() { return TEXT[uiLang(this)]; }

  _hLevel(offset = 0) {
    const n = Math.min(6, Math.max(2, Number(this.getAttribute('heading-level')) || 2) + offset);
    return `h${n}`;
  }

  _renderShell() {
    const t = this._t();
    const head = el('header', 'head');
    const h = el(this._hLevel(), 'h', t.title);
    this._status = el('p', 'counts');
    this._status.setAttribute('role', 'status');
    head.append(h, this._status);
    this._groupBox = el('div', 'section group');
    this._groupBox.hidden = true;
    this._tracksBox = el('div', 'section tracks');
    this._tracksBox.hidden = true;
    this._body = el('div', 'body');
    this._docs = el('div', 'section docs');
    const foot = el('p', 'foot', t.privacy);
    this._panel.replaceChildren(head, this._groupBox, this._tracksBox, this._body, this._docs, foot);
  }

  /** Reads the form and runs the checks (and the grouper) now. */
  refresh() {
    const mod = engine();
    if (!mod || !this._form) return;
    const lang = uiLang(this);
    const t = this._t();
    const t0 = performance.now();
    const claim = readClaim(this._form, { facility: this.getAttribute('facility') || 'fktl' });
    this.claim = claim;
    // An empty principal diagnosis is a form not finished yet, not an error: wait for it.
    const waiting = !claim.principal_diagnosis;
    const uncoded = readUncoded(this._form);
    this.dataset.state = waiting ? 'waiting' : 'checked';
    let report = null;
    try {
      report = mod.check(claim);
    } catch (e) {
      this.report = null;
      this._status.textContent = t.failed;
      this._body.replaceChildren(this._section('failed', t.failed, [el('p', 'failed', errorText(e, lang))]));
      this._docs.replaceChildren();
    }
    const checkMs = performance.now() - t0;
    if (report) {
      this.report = report;
      this._renderReport(waiting ? withoutMissingPrincipal(report) : report, { waiting, uncoded });
    }
    let groupMs = 0;
    if (claim.facility === 'fktp') {
      // INA-CBG pays hospitals (FKRTL); a primary-care visit is paid by capitation: no preview.
      this.groupResult = null;
      this._groupBox.hidden = true;
    } else if (waiting) {
      this.groupResult = null;
      this._renderGroupWaiting();
    } else if (typeof mod.group === 'function') {
      const g0 = performance.now();
      let result = null;
      let failure = null;
      try {
        result = this.groupContext === undefined ? mod.group(claim) : mod.group(claim, this.groupContext);
      } catch (e) {
        failure = e;
      }
      groupMs = performance.now() - g0;
      this.groupResult = result;
      this._renderGroup(result, failure);
      if (result) {
        this.dispatchEvent(new CustomEvent('koder-group', { detail: { claim, result, ms: groupMs }, bubbles: true, composed: true }));
      }
    } else {
      this.groupResult = null;
      this._groupBox.hidden = true;
    }
    this._renderTracks(mod, claim, report, waiting);
    this.runs += 1;
    this.lastRunMs = performance.now() - t0;
    this.dataset.runs = String(this.runs);
    if (report) {
      this.dispatchEvent(new CustomEvent('koder-findings', { detail: { claim, report, ms: checkMs }, bubbles: true, composed: true }));
    }
  }

  _section(cls, title, children) {
    const s = el('section', `section ${cls}`);
    s.append(el(this._hLevel(1), 'sh', title), ...children);
    return s;
  }

  _renderReport(report, { waiting = false, uncoded = {} } = {}) {
    const lang = uiLang(this);
    const en = lang === 'en';
    const t = this._t();
    const c = report.counts;
    const counts = [];
    if (waiting) counts.push(el('span', 'waiting-text', t.waitingPrincipal));
    if (!waiting || c.error + c.warning + c.info > 0) {
      for (const level of ['error', 'warning', 'info']) {
        if (counts.length) counts.push(document.createTextNode(' · '));
        const span = el('span', `n-${level}`, `${c[level]} ${t.levels[level].toLowerCase()}`);
        if (level === 'error' && c.error === 0) span.className = '';
        counts.push(span);
      }
    }
    this._status.replaceChildren(...counts);
    this._status.setAttribute('aria-label', waiting ? `${t.waitingPrincipal}. ${t.counts(c)}` : t.counts(c));

    const sections = [];
    const notes = Object.entries(uncoded).map(([k, text]) => el('p', 'uncoded', t.uncoded(t.fieldNames[k] || k, text)));
    if (waiting) {
      const s = el('section', 'section waiting');
      s.dataset.state = 'waiting';
      s.append(el('p', 'lead', t.waitingPrincipal), el('p', 'muted', t.waitingText), ...notes);
      sections.push(s);
    } else if (notes.length) {
      const s = el('section', 'section waiting');
      s.append(...notes);
      sections.push(s);
    }
    for (const level of ['error', 'warning', 'info']) {
      const items = report.findings.filter((f) => f.level === level);
      if (!items.length) continue;
      const ul = el('ul');
      for (const f of items) {
        const li = el('li', `finding ${level}`);
        li.dataset.rule = f.rule;
        li.dataset.family = f.family;
        li.dataset.codes = f.codes.join(' ');
        const rule = el('span', 'rule', f.rule);
        rule.setAttribute('aria-hidden', 'true');
        const msg = el('p', 'msg', en ? f.message_en : f.message_id);
        li.append(rule, msg);
        if (f.codes.length) {
          const codes = el('p', 'codes');
          for (const code of f.codes) codes.append(el('span', 'badge', code));
          li.append(codes);
        }
        const sugText = en ? f.suggestion?.text_en : f.suggestion?.text_id;
        if (sugText) {
          const sug = el('p', 'sug');
          sug.append(el('b', null, `${t.suggestion}: `), document.createTextNode(sugText));
          li.append(sug);
        }
        if (f.basis) {
          const basis = el('p', 'basis');
          basis.append(el('b', null, `${t.basis}: `), document.createTextNode(f.basis));
          li.append(basis);
        }
        ul.append(li);
      }
      const s = this._section(`level-${level}`, `${t.levels[level]} (${items.length})`, [ul]);
      s.dataset.level = level;
      sections.push(s);
    }
    if (!waiting && !report.findings.length) sections.push(this._section('ok', t.levels.info, [el('p', 'muted', t.empty)]));
    this._body.replaceChildren(...sections);

    const docTitle = el(this._hLevel(1), 'sh', t.docs);
    if (!report.documents.length) {
      this._docs.replaceChildren(docTitle, el('p', 'muted', t.docsNone));
    } else {
      const ul = el('ul');
      for (const d of report.documents) {
        const li = el('li', `${d.attached ? 'yes' : 'no'} ${d.level}`);
        li.dataset.kinds = d.kinds.join(' ');
        li.dataset.attached = String(d.attached);
        const mark = el('span', 'mark', d.attached ? '✓' : '!');
        mark.setAttribute('aria-hidden', 'true');
        li.append(mark, el('span', 'label', en ? d.label_en : d.label_id),
          el('span', 'state', d.attached ? t.attached : t.missing));
        ul.append(li);
      }
      this._docs.replaceChildren(docTitle, ul);
    }
  }

  /**
   * Both coding tracks side by side when the claim has IM codes (E-Klaim 5.10 codes a case for
   * iDRG, then imports the codes into INA-CBG): what each track's checks say of the codes, what
   * INA-CBG refuses with the 2010 code to use, and the INA-CBG preview with those codes. The
   * iDRG result itself is said not to be previewed. Hidden for claims without IM codes.
   */
  _renderTracks(mod, claim, report, waiting) {
    const box = this._tracksBox;
    const im = this.groupResult?.im_import;
    const hasIm = im || (report?.findings || []).some((f) => /^VAL-01[012]$/.test(f.rule));
    if (waiting || claim.facility === 'fktp' || !report || !hasIm) {
      box.hidden = true;
      box.dataset.state = 'none';
      return;
    }
    const t = this._t();
    const en = uiLang(this) === 'en';
    const { track: stated, coding_track: statedApi, ...rest } = claim;
    // The track the claim states; none marked when it states none.
    const named = String(statedApi || stated || '').toLowerCase();
    const selected = named === 'idrg' || named === 'inacbg' ? named : '';
    // The INA-CBG column lists the refused IM codes itself (from the grouping): their finding
    // is not repeated there.
    const said = (track, f) => track === 'inacbg' && im && /^VAL-01[01]$/.test(f.rule);
    const column = (track, title) => {
      const col = el('div', 'track');
      col.dataset.track = track;
      col.dataset.selected = String(track === selected);
      const th = el('p', 'th', title);
      if (track === selected) th.append(' ', el('small', null, `(${t.selected})`));
      col.append(th);
      let r = null;
      try {
        r = mod.check({ ...rest, coding_track: track });
      } catch (e) {
        col.append(el('p', 'failed', `${t.failed}: ${errorText(e, en ? 'en' : 'id')}`));
        return col;
      }
      const coding = r.findings.filter((f) => f.level !== 'info' && /^(VAL|PDX)-/.test(f.rule) && !said(track, f));
      col.dataset.errors = String(r.counts.error);
      const ul = el('ul');
      for (const f of coding) {
        const li = el('li', f.level, en ? f.message_en : f.message_id);
        li.dataset.trackRule = f.rule;
        ul.append(li);
      }
      const refused = track === 'inacbg' && im?.codes?.length;
      if (coding.length) col.append(ul);
      else if (!refused) col.append(el('p', 'muted', t.trackOk));
      return col;
    };
    const idrg = column('idrg', t.trackIdrg);
    idrg.append(el('p', 'muted', t.idrgNotPreviewed));
    const inacbg = column('inacbg', t.trackInacbg);
    if (im) {
      const ul = el('ul');
      for (const c of im.codes) ul.append(el('li', 'error', t.imRefused(c.code, c.parent, c.parent_specific !== false)));
      inacbg.append(ul);
      const now = this.groupResult?.cbg;
      if (now?.code) {
        const p = el('p', 'cbg', now.code);
        p.setAttribute('aria-label', `${t.trackCbg}: ${now.code} ${en ? now.description_en : now.description_id}`);
        p.title = en ? now.description_en : now.description_id;
        inacbg.append(p);
      }
      const fixed = im.cbg_with_2010_codes;
      if (fixed) {
        const p = el('p', 'with2010', `${t.with2010}: `);
        p.append(el('b', null, fixed.code), document.createTextNode(` — ${en ? fixed.description_en : fixed.description_id}`));
        p.dataset.cbg = fixed.code;
        inacbg.append(p);
      } else {
        inacbg.append(el('p', 'muted', t.with2010None));
      }
    }
    const cols = el('div', 'cols');
    cols.append(idrg, inacbg);
    box.replaceChildren(el(this._hLevel(1), 'sh', t.tracks), cols);
    box.hidden = false;
    box.dataset.state = 'shown';
  }

  /** No principal diagnosis yet: a neutral line instead of the grouper's error group. */
  _renderGroupWaiting() {
    const t = this._t();
    const box = this._groupBox;
    box.hidden = false;
    box.dataset.cbg = '';
    box.dataset.state = 'waiting';
    box.replaceChildren(el(this._hLevel(1), 'sh', t.group), el('p', 'muted', t.groupWaiting));
  }

  /**
   * The grouper's result (`GroupResult` of koder.d.ts: cbg, cmg, case_type, severity, error,
   * special_cmg_options, tariff, confidence, what_if, trace), read defensively so that a
   * slightly different engine still shows what it returns.
   */
  _renderGroup(r, failure) {
    const t = this._t();
    const en = uiLang(this) === 'en';
    const box = this._groupBox;
    box.hidden = false;
    const title = el(this._hLevel(1), 'sh', t.group);
    if (failure || !r || typeof r !== 'object') {
      box.replaceChildren(title, el('p', 'failed', failure ? `${t.groupFailed}: ${errorText(failure, en ? 'en' : 'id')}` : t.groupFailed));
      box.dataset.cbg = '';
      return;
    }
    const pick = (...vals) => vals.find((v) => v !== undefined && v !== null && v !== '');
    const L = (o, base) => (o ? (en ? pick(o[`${base}_en`], o[`${base}_id`], o[base]) : pick(o[`${base}_id`], o[base], o[`${base}_en`])) : undefined);
    const cbgObj = r.cbg && typeof r.cbg === 'object' ? r.cbg : {};
    const code = pick(cbgObj.code, typeof r.cbg === 'string' ? r.cbg : undefined, r.cbg_code, r.code);
    const desc = pick(L(cbgObj, 'description'), L(r, 'description'));
    const kids = [title];
    if (code) kids.push(el('p', 'cbg', code));
    if (desc) kids.push(el('p', 'desc', desc));
    const dl = el('dl');
    const row = (label, value) => {
      if (value === undefined || value === null || value === '') return;
      dl.append(el('dt', null, label), el('dd', null, typeof value === 'object' ? summarise(value, en) : value));
    };
    const f = t.groupFields;
    row(f.cmg, textOf(r.cmg, en));
    row(f.case_type, textOf(r.case_type, en));
    row(f.severity, textOf(r.severity, en));
    if (r.error) row(f.reason, textOf(r.error, en));
    const tariff = pick(r.tariff, r.tarif);
    if (typeof tariff === 'number') {
      row(f.tariff, rupiah(tariff));
    } else if (tariff && typeof tariff === 'object') {
      const base = pick(tariff.base, tariff.total, tariff.amount);
      if (typeof base === 'number') row(f.tariff, rupiah(base));
      else row(f.tariff, L(tariff, 'note'));
      if (typeof tariff.total_with_all_options === 'number' && tariff.total_with_all_options !== base) {
        row(en ? 'With all options' : 'Dengan semua opsi', rupiah(tariff.total_with_all_options));
      }
    }
    const conf = r.confidence;
    if (conf && typeof conf === 'object') {
      const level = { high: en ? 'high' : 'tinggi', medium: en ? 'medium' : 'sedang', low: en ? 'low' : 'rendah' }[conf.level] ?? conf.level;
      const reasons = (en ? conf.reasons_en : conf.reasons_id) || [];
      row(f.confidence, reasons.length ? `${level} — ${reasons.join('; ')}` : level);
    } else if (conf !== undefined && conf !== null) {
      row(f.confidence, typeof conf === 'number' && conf <= 1 ? `${Math.round(conf * 100)}%` : String(conf));
    }
    const special = pick(r.special_cmg_options, r.special_cmg, r.special);
    if (Array.isArray(special) && special.length) row(f.special, special.map((x) => textOf(x, en)).join('; '));
    if (dl.childNodes.length) kids.push(dl);

    const whatIf = r.what_if;
    const lines = [];
    if (Array.isArray(whatIf)) {
      for (const w of whatIf) lines.push(textOf(w, en));
    } else if (whatIf && typeof whatIf === 'object') {
      for (const s2 of whatIf.secondaries || []) {
        if (s2.changes_result) {
          lines.push(en ? `${s2.code} changes the result (without it: ${s2.cbg_without})`
            : `${s2.code} mengubah hasil (tanpa kode ini: ${s2.cbg_without})`);
        } else if (L(s2, 'excluded')) {
          lines.push(`${s2.code}: ${L(s2, 'excluded')}`);
        }
      }
      for (const g of whatIf.guidance || []) {
        const codes = (g.codes || []).slice(0, 6).join(', ');
        lines.push(`${en ? 'Severity' : 'Keparahan'} ${g.severity}: ${L(g, 'label')}${codes ? ` (${codes}${g.codes.length > 6 ? ', …' : ''})` : ''}`);
      }
      if (lines.length && L(whatIf, 'note')) lines.push(L(whatIf, 'note'));
    }
    if (lines.length) {
      const d = el('details', 'whatif');
      d.append(el('summary', null, f.what_if));
      const ul = el('ul');
      for (const line of lines) ul.append(el('li', null, line));
      d.append(ul);
      kids.push(d);
    }
    const trace = pick(r.trace, r.steps);
    if (Array.isArray(trace) && trace.length) {
      const d = el('details');
      d.append(el('summary', null, t.trace));
      const ol = el('ol', 'trace');
      for (const step of trace) {
        if (step && typeof step === 'object' && 'decision' in step) {
          const where = step.table ? ` [${step.table}${step.line ? `:${step.line}` : ''}]` : '';
          ol.append(el('li', null, `${step.step}: ${step.decision} — ${L(step, 'reason') ?? ''}${where}`));
        } else {
          ol.append(el('li', null, textOf(step, en)));
        }
      }
      d.append(ol);
      kids.push(d);
    }
    box.dataset.cbg = code || '';
    box.dataset.state = 'grouped';
    box.replaceChildren(...kids);
  }
}

/** The report without the "principal diagnosis missing" error (shown as waiting instead). */
function withoutMissingPrincipal(report) {
  const findings = report.findings.filter((f) => f.rule !== 'VAL-007');
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.level] = (counts[f.level] || 0) + 1;
  return { ...report, findings, counts };
}

function rupiah(n) {
  return `Rp ${Math.round(n).toLocaleString('id-ID')}`;
}

/** A short text for a value of unknown shape (strings stay strings; objects use their text fields). */
function textOf(v, en) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object') return String(v);
  const keys = en
    ? ['text_en', 'message_en', 'label_en', 'description_en', 'name_en', 'reason_en', 'text', 'description', 'label', 'name']
    : ['text_id', 'message_id', 'label_id', 'description_id', 'name_id', 'reason_id', 'text', 'description', 'label', 'name'];
  const main = keys.map((k) => v[k]).find((x) => typeof x === 'string' && x);
  const code = ['code', 'cbg', 'rule', 'step'].map((k) => v[k]).find((x) => typeof x === 'string' || typeof x === 'number');
  if (main && code !== undefined) return `${code} — ${main}`;
  return main ?? (code !== undefined ? String(code) : summarise(v, en));
}

function summarise(v, en) {
  if (Array.isArray(v)) return v.map((x) => textOf(x, en)).join('; ');
  return Object.entries(v)
    .filter(([, x]) => x !== null && x !== undefined && typeof x !== 'object')
    .map(([k, x]) => `${k}: ${x}`)
    .join(', ');
}

if (!customElements.get('koder-claim-panel')) customElements.define('koder-claim-panel', KoderClaimPanel);

export { use, ready };
