// <koder-code-input> — a framework-free code-entry element for EMR forms (Koder).
//
//   <label for="dx1">Diagnosa utama</label>
//   <koder-code-input system="icd10" name="diagnosa_utama">
//     <input id="dx1" name="diagnosa_utama">          <!-- optional: works without JavaScript -->
//   </koder-code-input>
//   <koder-code-input system="icd9cm" name="tindakan" multiple></koder-code-input>
//
//   import * as koder from './pkg/koder.js';            // or '@koder/icd/web'
//   import { KoderCodeInput } from './components/koder-code-input.js';
//   KoderCodeInput.use(koder);                           // once per page (calls init())
//
// The plain <input> (given, or created with the element's `name`) stays in the form and carries
// the value the form submits: one code, or the codes joined with "#" in `multiple` mode (as
// E-Klaim writes them) — only codes of the catalog, never free text. Text that was typed but not
// coded is kept, shown as "belum dikode / not coded", and submitted in a second hidden field,
// `<name>_teks` (attribute `text-name` to rename it); the element's `data-status` is `coded`,
// `not-coded` or `empty`. The search box, list and chips live in an open shadow root (no CSS
// leaks in or out); theme it with CSS custom properties (--koder-accent, --koder-bg, …) or
// ::part(input | listbox | option | chip | badge | status).
//
// Keyboard (WAI-ARIA combobox with list autocomplete): the first option is active as soon as the
// list opens, so Enter takes the top option; ↑/↓, Home/End move; Tab takes an option the user
// moved to; Esc closes, a second Esc clears. If the engine cannot start (the wasm did not load),
// the box stays a plain text input: what is typed is submitted as it is, marked not coded, and a
// visible note says why.
//
// Attributes: system (icd10 | icd9cm | icpc2), name, multiple, lang (id | en), placeholder,
// label (accessible name when no <label for> points at the inner input), limit (1–50, default
// 10), leaf-only, disabled, text-name.
// Properties/methods: value (string), values (string[]), text (what is not coded), coded,
// offline, add(code), remove(code), move(code, by), clear(), focus(). Events: `koder-select`
// (detail: the chosen SearchResult), `change` and `input` when the submitted value changes.
// Every piece of text from data or from the user is set with textContent, never as HTML.

import { el, searchEngine, ready, searchReady, uiLang, use, errorText } from './engine.js';

const TEXT = {
  id: {
    placeholder: { icd10: 'Ketik diagnosa, singkatan atau kode…', icd9cm: 'Ketik tindakan atau kode…', icpc2: 'Ketik keluhan/diagnosa atau kode ICPC-2…' },
    systemName: { icd10: 'ICD-10', icd9cm: 'ICD-9-CM', icpc2: 'ICPC-2' },
    loading: 'Memuat data kode…',
    results: (n, q) => `${n} hasil untuk “${q}”. Panah atas/bawah untuk memilih, Enter untuk memakai.`,
    top: (c, t) => `Teratas: ${c} ${t}.`,
    none: (q) => `Tidak ada hasil untuk “${q}”. Coba kata lain, singkatan atau kode.`,
    chosen: (c, t) => `${c} dipilih: ${t}.`,
    added: (c, n) => `${c} ditambahkan; ${n} kode.`,
    removed: (c, n) => `${c} dihapus; ${n} kode tersisa.`,
    moved: (c, i) => `${c} dipindah ke urutan ${i}.`,
    unknown: (c) => `Kode “${c}” tidak ditemukan di katalog; pilih dari daftar.`,
    duplicate: (c) => `${c} sudah ada di daftar.`,
    uncoded: 'belum dikode / not coded',
    uncodedHelp: 'Teks ini tidak dikirim sebagai kode: pilih kode dari daftar (Enter memakai hasil teratas). / This text is not submitted as a code.',
    offline: 'Data kode tidak dapat dimuat: isian ini teks biasa, belum dikode. / The code data could not be loaded: plain text, not coded.',
    offlinePlaceholder: 'Ketik teks (belum dikode)…',
    chips: 'Kode terpilih',
    up: (c) => `Naikkan ${c}`,
    down: (c) => `Turunkan ${c}`,
    remove: (c) => `Hapus ${c}`,
    list: (s) => `Hasil ${s}`,
    via: 'via',
    flags: {
      header: ['kategori', 'Kode kategori/judul, bukan kode paling spesifik'],
      asterisk: ['asterisk *', 'Kode manifestasi (asterisk), dipakai bersama kode dagger'],
      dagger: ['dagger †', 'Kode etiologi (dagger) dengan pasangan asterisk'],
      not_inacbg: ['bukan INA-CBG', 'Tidak diterima INA-CBG (bukan edisi 2010)'],
      im: ['IM', 'Kode Indonesian Modification (jalur iDRG); INA-CBG menolaknya, gunakan kode 2010 induknya'],
      not_principal: ['bukan dx utama', 'Tidak boleh menjadi diagnosis utama (accpdx N)'],
      female_only: ['khusus perempuan', 'Hanya untuk pasien perempuan'],
      male_only: ['khusus laki-laki', 'Hanya untuk pasien laki-laki'],
      age_limited: ['batas usia', 'Berlaku untuk rentang usia tertentu'],
      process: ['kode proses', 'Kode proses ICPC-2 (-30…-69)'],
    },
  },
  en: {
    placeholder: { icd10: 'Type a diagnosis, abbreviation or code…', icd9cm: 'Type a procedure or code…', icpc2: 'Type a complaint/diagnosis or ICPC-2 code…' },
    systemName: { icd10: 'ICD-10', icd9cm: 'ICD-9-CM', icpc2: 'ICPC-2' },
    loading: 'Loading code data…',
    results: (n, q) => `${n} results for “${q}”. Up/down arrows to choose, Enter to use.`,
    top: (c, t) => `Top: ${c} ${t}.`,
    none: (q) => `No results for “${q}”. Try another word, an abbreviation or a code.`,
    chosen: (c, t) => `${c} chosen: ${t}.`,
    added: (c, n) => `${c} added; ${n} codes.`,
    removed: (c, n) => `${c} removed; ${n} codes left.`,
    moved: (c, i) => `${c} moved to position ${i}.`,
    unknown: (c) => `Code “${c}” is not in the catalog; choose from the list.`,
    duplicate: (c) => `${c} is already in the list.`,
    uncoded: 'not coded',
    uncodedHelp: 'This text is not submitted as a code: choose a code from the list (Enter takes the top result).',
    offline: 'The code data could not be loaded: plain text, not coded.',
    offlinePlaceholder: 'Type text (not coded)…',
    chips: 'Chosen codes',
    up: (c) => `Move ${c} up`,
    down: (c) => `Move ${c} down`,
    remove: (c) => `Remove ${c}`,
    list: (s) => `${s} results`,
    via: 'via',
    flags: {
      header: ['category', 'Category header, not the most specific code'],
      asterisk: ['asterisk *', 'Manifestation code, used with a dagger code'],
      dagger: ['dagger †', 'Etiology code with asterisk partners'],
      not_inacbg: ['not INA-CBG', 'Not accepted by INA-CBG (not the 2010 edition)'],
      im: ['IM', 'Indonesian Modification code (iDRG track); INA-CBG refuses it, use its 2010 parent'],
      not_principal: ['not principal', 'May not be the principal diagnosis (accpdx N)'],
      female_only: ['female only', 'Female patients only'],
      male_only: ['male only', 'Male patients only'],
      age_limited: ['age-limited', 'Applies to an age range'],
      process: ['process code', 'ICPC-2 process code (-30…-69)'],
    },
  },
};

const CSS = `
:host { display: block; position: relative; font: inherit; color: var(--koder-fg, #1d2a36);
  --_accent: var(--koder-accent, #0b6e69); --_border: var(--koder-border, #b8c4cc);
  --_bg: var(--koder-bg, #ffffff); --_muted: var(--koder-muted, #54636f);
  --_radius: var(--koder-radius, 6px); --_mark: var(--koder-mark-bg, #fdf0b4);
  --_focus: var(--koder-focus, #1a73e8); --_danger: var(--koder-danger, #a4262c);
  --_soft: var(--koder-accent-soft, #e7f3f2); }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.combo { position: relative; }
input { width: 100%; font: inherit; color: inherit; background: var(--_bg); border: 1px solid var(--_border);
  border-radius: var(--_radius); padding: .55em .7em; min-height: 2.6em; }
input:focus { outline: 2px solid var(--_focus); outline-offset: 1px; border-color: var(--_accent); }
input:disabled { background: #f1f3f5; color: var(--_muted); }
[role=listbox] { position: absolute; z-index: 30; left: 0; right: 0; top: calc(100% + 2px); margin: 0; padding: 4px 0;
  list-style: none; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: 0 8px 24px rgba(20, 40, 60, .14); max-height: min(24rem, 60vh); overflow-y: auto; }
[role=listbox][hidden] { display: none; }
[role=option] { display: flex; gap: .6em; align-items: flex-start; padding: .45em .7em; cursor: pointer;
  border-left: 3px solid transparent; }
[role=option]:hover { background: #f3f6f8; }
[role=option][aria-selected=true] { background: var(--_soft); border-left-color: var(--_accent); }
.badge { flex: none; font: 600 .85em/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--_accent); background: var(--_soft); border: 1px solid color-mix(in srgb, var(--_accent) 30%, transparent);
  border-radius: 4px; padding: 0 .4em; min-width: 4.2em; text-align: center; }
.body { display: flex; flex-direction: column; min-width: 0; }
.title { line-height: 1.35; }
.en { color: var(--_muted); font-size: .85em; line-height: 1.3; }
mark { background: var(--_mark); color: inherit; border-radius: 2px; padding: 0 1px; }
.meta { display: flex; flex-wrap: wrap; gap: .3em; margin-top: .2em; font-size: .78em; color: var(--_muted); }
.flag { border: 1px solid var(--_border); border-radius: 999px; padding: 0 .5em; white-space: nowrap; }
.flag-not_inacbg, .flag-header { border-color: #d9a441; color: #7a5200; background: #fff8e6; }
.flag-im { border-color: #2f6fb3; color: #174a80; background: #eef5fc; font-weight: 600; }
.selected { margin: .3em 0 0; font-size: .9em; display: flex; flex-direction: column; }
.selected[hidden], .note[hidden], .chips[hidden], .status[hidden] { display: none; }
.status { margin: .3em 0 0; font-size: .88em; display: flex; flex-wrap: wrap; gap: .4em; align-items: baseline; }
.status .tag { font-weight: 600; font-size: .85em; color: #7a5200; background: #fff8e6; border: 1px solid #d9a441;
  border-radius: 999px; padding: 0 .55em; white-space: nowrap; }
.status .typed { font-style: italic; overflow-wrap: anywhere; }
.status .help { color: var(--_muted); font-size: .92em; flex-basis: 100%; }
:host([data-status=not-coded]) input { border-color: #d9a441; }
.note.offline { color: #7a5200; }
.note { margin: .3em 0 0; font-size: .85em; color: var(--_danger); }
.chips { list-style: none; margin: 0 0 .4em; padding: 0; display: flex; flex-direction: column; gap: 4px; counter-reset: chip; }
.chip { display: flex; align-items: center; gap: .5em; padding: .3em .3em .3em .5em; border: 1px solid var(--_border);
  border-radius: var(--_radius); background: #fafbfc; counter-increment: chip; }
.chip::before { content: counter(chip) "."; color: var(--_muted); font-size: .85em; min-width: 1.4em; }
.chip.invalid { border-color: var(--_danger); background: #fdf2f2; }
.chip .body { flex: 1; }
.chip .title { font-size: .92em; }
.chip button { font: inherit; font-size: .9em; line-height: 1; min-width: 2em; min-height: 2em; border: 1px solid transparent;
  background: transparent; color: var(--_muted); border-radius: 4px; cursor: pointer; }
.chip button:hover { background: #eef1f4; color: inherit; border-color: var(--_border); }
.chip button:focus-visible { outline: 2px solid var(--_focus); outline-offset: 1px; }
.chip button:disabled { visibility: hidden; }
.chip button.remove:hover { color: var(--_danger); }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;

let sheet = null;
function styleSheet() {
  // A constructed stylesheet: allowed under a strict CSP (style-src 'self'), unlike <style>.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** Folds case and diacritics so that "Démam" matches "demam". */
function fold(s) {
  return String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Appends `text` to `parent`, wrapping the words in `matched` in <mark> (text nodes only). */
function appendHighlighted(parent, text, matched) {
  const words = new Set((matched || []).map(fold));
  if (words.size === 0) {
    parent.append(document.createTextNode(text));
    return;
  }
  for (const part of String(text).split(/([\p{L}\p{N}]+)/u)) {
    if (part === '') continue;
    if (words.has(fold(part))) parent.append(el('mark', null, part));
    else parent.append(document.createTextNode(part));
  }
}

/** Normalises something typed as a code: "j18.9 " → "J18.9" (only when it looks like a code). */
function codeLike(text) {
  const t = text.trim();
  return /^[A-Za-z]?\d[\dA-Za-z.\-]{0,7}$/.test(t) || /^[A-Za-z]\d{2}/.test(t) ? t.toUpperCase() : t;
}

let counter = 0;

// A press elsewhere (a click on a button below the field) moves the focus before the click
// lands: showing the "not coded" line at once would move that button away from the pointer and
// the click would be lost. On such a blur the field's value and events are updated at once; what
// the field shows waits until the press has ended (and its click has been delivered).
let pressing = false;
if (typeof document !== 'undefined') {
  document.addEventListener('pointerdown', () => { pressing = true; }, true);
  for (const type of ['pointerup', 'pointercancel']) document.addEventListener(type, () => { pressing = false; }, true);
}

function afterPress(fn) {
  if (!pressing) return fn();
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    document.removeEventListener('pointerup', run, true);
    document.removeEventListener('pointercancel', run, true);
    setTimeout(fn, 0);
  };
  document.addEventListener('pointerup', run, true);
  document.addEventListener('pointercancel', run, true);
  setTimeout(run, 1500); // a press that never ends (the pointer left the window) still shows it
}

export class KoderCodeInput extends HTMLElement {
  static get observedAttributes() { return ['disabled', 'placeholder', 'lang', 'label']; }

  /** Hands the Koder module to every component on the page (see engine.js). */
  static use(mod, initInput) { return use(mod, initInput); }

  /** Resolves with the Koder module once `use()` has run. */
  static get ready() { return ready; }

  constructor() {
    super();
    this._uid = `kci${++counter}`;
    this._results = [];
    this._active = -1;
    this._moved = false;       // the active option was chosen with the arrow keys (Tab takes it)
    this._codes = [];          // multi mode: the chosen codes, in order
    this._value = '';          // single mode: the submitted code
    this._text = '';           // what was typed and is not coded (submitted as <name>_teks)
    this._offline = false;     // the engine could not start: a plain text field
    this._titles = new Map();  // code → { display, display_id }
    this._announceTimer = 0;
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [styleSheet()];
    this._chips = el('ol', 'chips');
    this._chips.setAttribute('part', 'chips');
    this._chips.hidden = true;
    const combo = el('div', 'combo');
    this._input = el('input');
    this._input.type = 'text';
    this._input.setAttribute('part', 'input');
    this._input.setAttribute('role', 'combobox');
    this._input.setAttribute('aria-autocomplete', 'list');
    this._input.setAttribute('aria-expanded', 'false');
    this._input.setAttribute('aria-controls', 'listbox');
    this._input.setAttribute('aria-describedby', 'status note selected');
    this._input.autocomplete = 'off';
    this._input.spellcheck = false;
    this._input.setAttribute('autocapitalize', 'off');
    this._list = el('ul');
    this._list.id = 'listbox';
    this._list.setAttribute('role', 'listbox');
    this._list.setAttribute('part', 'listbox');
    this._list.hidden = true;
    combo.append(this._input, this._list);
    this._selected = el('p', 'selected');
    this._selected.id = 'selected';
    this._selected.hidden = true;
    this._note = el('p', 'note');
    this._note.id = 'note';
    this._note.hidden = true;
    this._status = el('p', 'status');
    this._status.id = 'status';
    this._status.setAttribute('part', 'status');
    this._status.hidden = true;
    this._live = el('p', 'sr');
    this._live.setAttribute('aria-live', 'polite');
    this._live.setAttribute('aria-atomic', 'true');
    root.append(this._chips, combo, this._selected, this._status, this._note, this._live);

    this._input.addEventListener('input', (e) => { e.stopPropagation(); this._update(); });
    this._input.addEventListener('keydown', (e) => this._onKey(e));
    this._input.addEventListener('focus', () => {
      if (this._results.length > 0 && this._input.value.trim() !== '' && !this._isCommitted()) this._open();
    });
    this._input.addEventListener('blur', () => {
      this._close();
      this._blurring = true;
      try { this._commitTyped(); } finally { this._blurring = false; }
    });
    this._list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the box
    this._list.addEventListener('click', (e) => {
      const option = e.target.closest('[role=option]');
      if (option) this._choose(Number(option.dataset.index));
    });
    this._chips.addEventListener('click', (e) => this._onChipClick(e));
    this._chips.addEventListener('keydown', (e) => this._onChipKey(e));
    this._onLabelClick = (e) => { e.preventDefault(); this._input.focus(); };
  }

  // -------------------------------------------------------------------------------------------
  // Public API.

  get multiple() { return this.hasAttribute('multiple'); }
  get system() { return this.getAttribute('system') || 'icd10'; }

  /**
   * The submitted value: one code, or the codes joined with "#" in multiple mode. Without the
   * engine (offline) it is the text as typed. Setting it fires no event; once the engine is
   * ready, what is not a code of the catalog becomes `text` (not coded).
   */
  get value() {
    if (this._offline) return this._input.value.trim();
    return this.multiple ? this._codes.join('#') : this._value;
  }
  set value(v) {
    const parts = String(v ?? '').split('#').map((s) => s.trim()).filter(Boolean);
    this._text = '';
    if (this._offline) {
      this._input.value = parts.join('#');
    } else if (this.multiple) {
      this._codes = [...new Set(parts.map(codeLike))];
    } else {
      this._value = parts.length ? codeLike(parts[0]) : '';
      this._input.value = this._value;
    }
    if (searchEngine()) this._revalidate();
    this._sync(false);
  }

  /** The chosen codes as an array (empty offline: nothing there is a checked code). */
  get values() {
    if (this._offline) return [];
    return this.multiple ? [...this._codes] : (this._value ? [this._value] : []);
  }

  /** What was typed and is not coded ('' when everything is coded). */
  get text() { return this._offline ? this._input.value.trim() : this._text; }

  /** True when nothing typed is left uncoded. */
  get coded() { return this.text === ''; }

  /** True when the engine could not start and the field is plain text. */
  get offline() { return this._offline; }

  /**
   * Adds (multiple) or sets (single) a code of the catalog, as if the user had chosen it; fires
   * the events. Returns false for a code the catalog does not know (or before the engine is
   * ready, or offline).
   */
  add(code) {
    const c = codeLike(String(code ?? ''));
    if (!c || this._offline) return false;
    const result = this._resultFor(c);
    if (!result) {
      this._setNote(this._t().unknown(c));
      return false;
    }
    return this._accept(result);
  }

  /** Removes a code; fires `change`. */
  remove(code) {
    const i = this._codes.indexOf(code);
    if (!this.multiple) {
      if (this._value !== code) return false;
      this._value = '';
      this._input.value = '';
      this._sync(true);
      return true;
    }
    if (i < 0) return false;
    this._codes.splice(i, 1);
    this._sync(true);
    this._announce(this._t().removed(code, this._codes.length));
    return true;
  }

  /** Moves a code by `by` places (multiple mode); fires `change`. */
  move(code, by) {
    const i = this._codes.indexOf(code);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this._codes.length) return false;
    this._codes.splice(i, 1);
    this._codes.splice(j, 0, code);
    this._sync(true);
    this._announce(this._t().moved(code, j + 1));
    return true;
  }

  clear() {
    this._codes = [];
    this._value = '';
    this._text = '';
    this._input.value = '';
    this._setResults([]);
    this._sync(true);
  }

  focus(options) { this._input.focus(options); }

  // -------------------------------------------------------------------------------------------
  // Lifecycle.

  connectedCallback() {
    if (!this._field) {
      // The plain <input> the form submits: adopt the author's, or create one.
      let field = this.querySelector('input');
      if (!field) {
        field = document.createElement('input');
        this.append(field);
      }
      if (!field.name && this.getAttribute('name')) field.name = this.getAttribute('name');
      this._initial = field.value;
      field.type = 'hidden';
      this._field = field;
      // Where text that is not coded goes: submitted beside the codes, never instead of them.
      const textName = this.getAttribute('text-name') || (field.name ? `${field.name}_teks` : '');
      if (textName) {
        this._textField = document.createElement('input');
        this._textField.type = 'hidden';
        this._textField.name = textName;
        this._textField.dataset.koderTextFor = field.name || '';
        field.after(this._textField);
      }
      if (this._initial) this.value = this._initial;
    }
    this._form = this._field.form;
    if (this._form) {
      this._onReset = () => setTimeout(() => {
        this.value = this._initial || '';
        if (!this._offline) this._input.value = this.multiple ? '' : this._value;
        this._setResults([]);
        this._close();
        this._setNote('');
        this.dispatchEvent(new Event('change', { bubbles: true }));
      });
      this._form.addEventListener('reset', this._onReset);
    }
    this._applyAttributes();
    this._bindLabels();
    this._input.disabled = !this._offline;
    this._sync(false);
    searchReady.then(() => {
      this._input.disabled = this.hasAttribute('disabled');
      this._revalidate();
      this._sync(false);
    }, (e) => this._goOffline(e));
  }

  /** The engine could not start: a plain, usable text field that says so. */
  _goOffline(error) {
    if (this._offline) return;
    this._offline = true;
    this.dataset.offline = '';
    const t = this._t();
    // What was there stays: a code set earlier is still what the user sees and submits.
    if (this.multiple && this._codes.length) {
      this._input.value = this._codes.join('#');
      this._codes = [];
    }
    this._input.disabled = this.hasAttribute('disabled');
    this._setResults([]);
    this._close();
    for (const a of ['role', 'aria-autocomplete', 'aria-expanded', 'aria-controls', 'aria-activedescendant']) {
      this._input.removeAttribute(a);
    }
    if (!this.hasAttribute('placeholder')) this._input.placeholder = t.offlinePlaceholder;
    this._note.classList.add('offline');
    this._setNote(t.offline);
    this._note.title = errorText(error, uiLang(this));
    this._sync(false);
  }

  /** Once the engine is ready: values that are not codes of the catalog become text. */
  _revalidate() {
    if (!searchEngine() || this._offline) return;
    if (this.multiple) {
      const bad = this._codes.filter((c) => !this._resultFor(c));
      if (bad.length) {
        this._codes = this._codes.filter((c) => !bad.includes(c));
        this._text = [this._text, ...bad].filter(Boolean).join(', ');
        this._input.value = this._text;
      }
    } else if (this._value && !this._resultFor(this._value)) {
      this._text = this._value;
      this._value = '';
    }
  }

  disconnectedCallback() {
    if (this._form && this._onReset) this._form.removeEventListener('reset', this._onReset);
    for (const l of this._labels || []) l.removeEventListener('click', this._onLabelClick);
    this._labels = [];
  }

  attributeChangedCallback() {
    if (this._field) this._applyAttributes();
  }

  _applyAttributes() {
    const t = this._t();
    this._input.placeholder = this.getAttribute('placeholder') ?? t.placeholder[this.system] ?? '';
    this._list.setAttribute('aria-label', t.list(t.systemName[this.system] || this.system));
    this._chips.setAttribute('aria-label', t.chips);
    if (searchEngine() || this._offline) this._input.disabled = this.hasAttribute('disabled');
    if (this._offline && !this.hasAttribute('placeholder')) this._input.placeholder = t.offlinePlaceholder;
    this._labelText();
    this._render();
  }

  /** <label for="id-of-the-plain-input"> names and focuses the inner search box. */
  _bindLabels() {
    for (const l of this._labels || []) l.removeEventListener('click', this._onLabelClick);
    this._labels = this._field && this._field.id
      ? [...document.querySelectorAll(`label[for="${CSS_escape(this._field.id)}"]`)]
      : [];
    for (const l of this._labels) l.addEventListener('click', this._onLabelClick);
    this._labelText();
  }

  _labelText() {
    const own = this.getAttribute('label');
    const fromLabel = (this._labels || []).map((l) => l.textContent.replace(/\s+/g, ' ').trim()).join(' ');
    const name = own || fromLabel || this.getAttribute('aria-label') || this._t().systemName[this.system];
    this._input.setAttribute('aria-label', name);
  }

  _t() { return TEXT[uiLang(this)]; }

  // -------------------------------------------------------------------------------------------
  // Searching and the list.

  _update() {
    const query = this._input.value;
    if (this._offline) {
      // A plain text field: what is typed is what the form submits (marked not coded).
      this._sync(true);
      return;
    }
    if (!this.multiple && query.trim() !== this._value) {
      // Editing the box un-chooses the code until a new one is chosen or typed.
      this._selected.hidden = true;
    }
    this._status.hidden = true;
    const mod = searchEngine();
    if (!mod || query.trim() === '') {
      this._setResults([]);
      this._close();
      this._setNote('');
      this._announce('');
      return;
    }
    const limit = Math.max(1, Math.min(50, Number(this.getAttribute('limit')) || 10));
    let results;
    try {
      results = mod.search(query, { system: this.system, limit, leafOnly: this.hasAttribute('leaf-only') });
    } catch (e) {
      this._setResults([]);
      this._close();
      this._setNote(errorText(e, uiLang(this)));
      this._announce(errorText(e, uiLang(this)));
      return;
    }
    this._setResults(results);
    const t = this._t();
    const q = query.trim();
    if (results.length > 0) {
      this._open();
      this._setNote('');
      this._announce(`${t.results(results.length, q)} ${t.top(results[0].code, results[0].display_id || results[0].display)}`);
    } else {
      this._close();
      this._setNote(t.none(q));
      this._announce(t.none(q));
    }
  }

  _setResults(results) {
    this._results = results;
    for (const r of results) this._titles.set(r.code, { display: r.display, display_id: r.display_id });
    this._list.replaceChildren(...results.map((r, i) => this._option(r, i)));
    this._setActive(-1);
    this._moved = false;
  }

  _option(r, i) {
    const t = this._t();
    const li = el('li');
    li.id = `opt-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('part', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.index = String(i);
    li.dataset.code = r.code;
    const badge = el('span', 'badge', r.code);
    badge.setAttribute('part', 'badge');
    const body = el('span', 'body');
    const en = uiLang(this) === 'en';
    const primary = en ? r.display : (r.display_id || r.display);
    const secondary = en ? r.display_id : (r.display_id ? r.display : null);
    const title = el('span', 'title');
    appendHighlighted(title, primary, r.matched);
    if (!en && !r.display_id) title.lang = 'en';
    body.append(title);
    if (secondary) {
      const sub = el('span', 'en');
      sub.lang = en ? 'id' : 'en';
      appendHighlighted(sub, secondary, r.matched);
      body.append(sub);
    }
    const meta = el('span', 'meta');
    for (const f of r.flags || []) {
      const [label, title2] = t.flags[f] || [f, f];
      const flag = el('span', `flag flag-${String(f).replace(/[^a-z_]/g, '')}`, label);
      flag.title = title2;
      meta.append(flag);
    }
    if (r.matched_term) {
      const via = el('span', 'via', `${t.via}: `);
      via.append(el('b', null, r.matched_term));
      meta.append(via);
    }
    if (meta.childNodes.length) body.append(meta);
    li.append(badge, body);
    return li;
  }

  /** Opens the list with its first option active (Enter takes it), unless one is active. */
  _open() {
    if (this._offline) return;
    this._list.hidden = false;
    this._input.setAttribute('aria-expanded', 'true');
    if (this._active < 0 && this._results.length) {
      this._setActive(0);
      this._moved = false;
    }
  }

  _close() {
    this._list.hidden = true;
    if (!this._offline) this._input.setAttribute('aria-expanded', 'false');
    this._setActive(-1);
  }

  _setActive(index) {
    const prev = this._list.querySelector('[aria-selected=true]');
    if (prev) prev.setAttribute('aria-selected', 'false');
    this._active = index;
    if (index < 0 || !this._list.children[index]) {
      this._active = -1;
      this._input.removeAttribute('aria-activedescendant');
      return;
    }
    const option = this._list.children[index];
    option.setAttribute('aria-selected', 'true');
    this._input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView?.({ block: 'nearest' });
  }

  _onKey(e) {
    const n = this._results.length;
    const open = !this._list.hidden;
    switch (e.key) {
      case 'ArrowDown':
        if (e.altKey || this._offline) return;
        if (n === 0) { if (this._input.value.trim()) this._update(); return; }
        e.preventDefault();
        this._moved = true;
        if (!open) { this._open(); this._setActive(0); return; }
        this._setActive(this._active + 1 >= n ? 0 : this._active + 1);
        break;
      case 'ArrowUp':
        if (e.altKey || n === 0 || this._offline) return;
        e.preventDefault();
        this._moved = true;
        if (!open) { this._open(); this._setActive(n - 1); return; }
        this._setActive(this._active <= 0 ? n - 1 : this._active - 1);
        break;
      case 'Home': case 'End':
        if (!open || n === 0) return;
        e.preventDefault();
        this._moved = true;
        this._setActive(e.key === 'Home' ? 0 : n - 1);
        break;
      case 'Enter':
        if (this._offline) return;
        if (open && this._active >= 0) {
          // The active option — the top one unless the user moved — as in common pickers.
          e.preventDefault();
          this._choose(this._active);
        } else if (this._input.value.trim() !== '' && !this._isCommitted()) {
          e.preventDefault(); // never submit the form with an unfinished code
          this._commitTyped();
        }
        break;
      case 'Tab':
        // Only an option the user moved to: leaving the field never picks a code silently.
        if (open && this._active >= 0 && this._moved) this._choose(this._active);
        break;
      case 'Escape':
        if (this._offline) return;
        if (open) {
          e.preventDefault();
          this._close();
        } else if (this._input.value !== '') {
          e.preventDefault();
          this._input.value = '';
          this._setResults([]);
          this._setNote('');
          if ((!this.multiple && this._value) || this._text) { this._value = this.multiple ? this._value : ''; this._text = ''; this._sync(true); }
        }
        break;
      case 'Backspace':
        if (this.multiple && this._input.value === '' && this._codes.length) {
          // Back from the box to the last chip (its remove button), not a silent delete.
          e.preventDefault();
          this._focusChip(this._codes.length - 1, 'remove');
        }
        break;
      default:
    }
  }

  _choose(index) {
    const r = this._results[index];
    if (!r) return;
    this._accept(r);
  }

  /** Takes a result (chosen from the list, or a typed code); returns false if refused. */
  _accept(r) {
    const t = this._t();
    this._titles.set(r.code, { display: r.display, display_id: r.display_id });
    if (this.multiple) {
      if (this._codes.includes(r.code)) {
        this._setNote(t.duplicate(r.code));
        this._announce(t.duplicate(r.code));
        this._input.value = '';
        this._setResults([]);
        this._close();
        return false;
      }
      this._codes.push(r.code);
      this._input.value = '';
      this._text = '';
      this._setResults([]);
      this._close();
      this._setNote('');
      this._sync(true);
      this._announce(t.added(r.code, this._codes.length));
    } else {
      this._value = r.code;
      this._text = '';
      this._input.value = r.code;
      this._close();
      this._setNote('');
      this._sync(true);
      this._announce(t.chosen(r.code, r.display_id || r.display));
    }
    this.dispatchEvent(new CustomEvent('koder-select', { detail: r, bubbles: true, composed: true }));
    return true;
  }

  _isCommitted() {
    return !this.multiple && this._input.value.trim() === this._value && this._value !== '';
  }

  /**
   * What was typed without choosing from the list: a known code is taken as chosen; anything
   * else is kept as text that is not coded (shown so, submitted as `<name>_teks`, never as a
   * code). In multiple mode it stays in the box beside the chosen codes.
   */
  _commitTyped() {
    if (this._offline) return;
    const typed = this._input.value.trim();
    const t = this._t();
    if (this.multiple) {
      if (typed === this._text) return;
      if (!typed) { this._text = ''; this._sync(true); return; }
      const c = codeLike(typed);
      const r = this._resultFor(c);
      if (r) { this._accept(r); return; }
      this._text = typed;
      this._sync(true);
      this._setNote(this._looksLikeCode(c) ? t.unknown(c) : '');
      return;
    }
    if (typed === this._value && !this._text) return;
    if (typed === this._text && !this._value) return;
    if (typed === '') {
      if (this._value || this._text) { this._value = ''; this._text = ''; this._sync(true); }
      return;
    }
    const c = codeLike(typed);
    const r = this._resultFor(c);
    if (r) { this._accept(r); return; }
    this._value = '';
    this._text = typed;
    this._sync(true);
    this._setNote(this._looksLikeCode(c) ? t.unknown(c) : '');
  }

  _looksLikeCode(c) { return /^[A-Z]?\d/.test(c) || /^[A-Z]\d/.test(c); }

  /** A SearchResult-shaped object for a code that exists in the catalog, else null. */
  _resultFor(code) {
    const mod = searchEngine();
    if (!mod || this._offline) return null;
    try {
      if (!mod.isValid(this.system, code)) return null;
      const d = mod.lookup(this.system, code);
      return {
        system: d.system, code: d.code, display: d.display, display_id: d.display_id,
        fhir_system: d.fhir_system, leaf: d.leaf, flags: d.flags, score: 0, matched: [],
        matched_term: null, code_match: true,
      };
    } catch {
      return null;
    }
  }

  _refreshTitles() {
    for (const c of this.values) {
      if (!this._titles.has(c)) {
        const r = this._resultFor(c);
        if (r) this._titles.set(c, { display: r.display, display_id: r.display_id });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Value, chips and events.

  _sync(userAction) {
    if (this._field) this._field.value = this.value;
    if (this._textField) this._textField.value = this.text;
    const status = this.text ? 'not-coded' : (this.value ? 'coded' : 'empty');
    this.dataset.status = status;
    if (this._field) this._field.dataset.koderStatus = status;
    this._refreshTitles();
    if (this._blurring) afterPress(() => this._render());
    else this._render();
    if (userAction) {
      this.dispatchEvent(new Event('input', { bubbles: true }));
      this.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  _render() {
    const en = uiLang(this) === 'en';
    const t = this._t();
    this._renderStatus(t);
    if (this.multiple) {
      const items = this._codes.map((c, i) => {
        const li = el('li', 'chip');
        li.setAttribute('part', 'chip');
        li.dataset.code = c;
        const info = this._titles.get(c);
        if (!info && searchEngine()) li.classList.add('invalid');
        const badge = el('span', 'badge', c);
        badge.setAttribute('part', 'badge');
        const body = el('span', 'body');
        body.append(el('span', 'title', info ? (en ? info.display : (info.display_id || info.display)) : t.unknown(c)));
        if (info && !en && info.display_id) {
          const sub = el('span', 'en', info.display);
          sub.lang = 'en';
          body.append(sub);
        }
        const btn = (cls, label, text, disabled) => {
          const b = el('button', cls, text);
          b.type = 'button';
          b.setAttribute('aria-label', label);
          b.title = label;
          b.disabled = disabled || this.hasAttribute('disabled');
          return b;
        };
        li.append(badge, body,
          btn('up', t.up(c), '↑', i === 0),
          btn('down', t.down(c), '↓', i === this._codes.length - 1),
          btn('remove', t.remove(c), '×', false));
        return li;
      });
      this._chips.replaceChildren(...items);
      this._chips.hidden = items.length === 0;
      this._selected.hidden = true;
    } else {
      this._chips.hidden = true;
      const info = this._value && this._titles.get(this._value);
      if (info && this._input.value.trim() === this._value) {
        const title = el('span', 'title', en ? info.display : (info.display_id || info.display));
        const kids = [title];
        if (!en && info.display_id) {
          const sub = el('span', 'en', info.display);
          sub.lang = 'en';
          kids.push(sub);
        }
        this._selected.replaceChildren(...kids);
        this._selected.hidden = false;
      } else {
        this._selected.hidden = true;
      }
    }
  }

  /** "belum dikode / not coded" with the text, while the box shows that text. */
  _renderStatus(t) {
    const text = this.text;
    const showing = this._input.value.trim() === text;
    if (!text || !showing) {
      this._status.hidden = true;
      return;
    }
    const tag = el('span', 'tag', t.uncoded);
    const kids = [tag];
    if (!this._offline) {
      kids.push(el('span', 'typed', `“${text}”`), el('span', 'help', t.uncodedHelp));
    }
    this._status.replaceChildren(...kids);
    this._status.hidden = false;
  }

  _onChipClick(e) {
    const b = e.target.closest('button');
    const chip = e.target.closest('.chip');
    if (!b || !chip) return;
    const code = chip.dataset.code;
    const index = this._codes.indexOf(code);
    if (b.classList.contains('remove')) {
      this.remove(code);
      if (this._codes.length) this._focusChip(Math.min(index, this._codes.length - 1), 'remove');
      else this._input.focus();
    } else if (b.classList.contains('up')) {
      this.move(code, -1);
      this._focusChip(this._codes.indexOf(code), this._codes.indexOf(code) === 0 ? 'down' : 'up');
    } else if (b.classList.contains('down')) {
      this.move(code, 1);
      const j = this._codes.indexOf(code);
      this._focusChip(j, j === this._codes.length - 1 ? 'up' : 'down');
    }
  }

  _onChipKey(e) {
    const chip = e.target.closest('.chip');
    if (!chip) return;
    const code = chip.dataset.code;
    const cls = e.target.classList.contains('remove') ? 'remove' : e.target.classList.contains('up') ? 'up' : 'down';
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (this.move(code, e.key === 'ArrowUp' ? -1 : 1)) this._focusChip(this._codes.indexOf(code), 'remove');
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      const index = this._codes.indexOf(code);
      this.remove(code);
      if (this._codes.length) this._focusChip(Math.min(index, this._codes.length - 1), 'remove');
      else this._input.focus();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const j = this._codes.indexOf(code) + (e.key === 'ArrowUp' ? -1 : 1);
      if (j >= this._codes.length) this._input.focus();
      else if (j >= 0) this._focusChip(j, cls);
    }
  }

  _focusChip(index, cls) {
    const chip = this._chips.children[index];
    if (!chip) return;
    let b = chip.querySelector(`button.${cls}`);
    if (!b || b.disabled) b = chip.querySelector('button.remove');
    b.focus();
  }

  _setNote(text) {
    // Offline, the note that says so stays.
    const shown = text === '' && this._offline ? this._t().offline : text;
    // A newer note (or a deferred one) wins over an older deferred one.
    const turn = (this._noteTurn = (this._noteTurn || 0) + 1);
    const apply = () => {
      if (turn !== this._noteTurn) return;
      this._note.textContent = shown;
      this._note.hidden = shown === '';
    };
    if (this._blurring) afterPress(apply);
    else apply();
  }

  /** Polite, slightly delayed: fast typing is not read key by key. */
  _announce(text) {
    clearTimeout(this._announceTimer);
    this._announceTimer = setTimeout(() => { this._live.textContent = text; }, 200);
  }
}

function CSS_escape(s) {
  return globalThis.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}

if (!customElements.get('koder-code-input')) customElements.define('koder-code-input', KoderCodeInput);

export { use, ready };
