// Koder — the code-search page (cari.html): one WAI-ARIA combobox per code system and a details panel.
// Everything runs in this browser (WebAssembly); nothing is sent anywhere.
// Every piece of data-derived text is set with textContent: never innerHTML.

import init, { initSearch, search, lookup, crosswalk, version, warmUp } from './pkg/koder.js';
import { registerServiceWorker } from './boot.js';

const LIMIT = 12;

const SYSTEMS = {
  icd10: { label: 'ICD-10', kind: 'Diagnosa' },
  icd9cm: { label: 'ICD-9-CM', kind: 'Tindakan' },
  icpc2: { label: 'ICPC-2', kind: 'Layanan primer' },
};

/** Display flags → [short Indonesian label, longer explanation (Indonesian / English)]. */
const FLAGS = {
  header: ['kategori', 'Kode kategori/judul, bukan kode paling spesifik / Category header, not the most specific code'],
  asterisk: ['asterisk *', 'Kode manifestasi (asterisk), dipakai bersama kode dagger / Manifestation code'],
  dagger: ['dagger †', 'Kode etiologi (dagger) dengan pasangan asterisk / Etiology code with asterisk partners'],
  not_inacbg: ['bukan INA-CBG', 'Tidak diterima INA-CBG / Not accepted by INA-CBG'],
  female_only: ['khusus perempuan', 'Hanya untuk pasien perempuan / Female patients only'],
  male_only: ['khusus laki-laki', 'Hanya untuk pasien laki-laki / Male patients only'],
  age_limited: ['batas usia', 'Berlaku untuk rentang usia tertentu / Age-limited'],
  process: ['kode proses', 'Kode proses ICPC-2 (-30…-69) / ICPC-2 process code'],
};

const KIND_LABEL = { code: 'Kode', block: 'Blok', chapter: 'Bab' };

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (textContent only).

/** Creates an element with a class and optional text (set as textContent). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Folds case and diacritics so that "Démam" matches "demam". */
function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Appends `text` to `parent`, wrapping the words listed in `matched` in <mark>.
 * Splitting on letters/digits keeps the punctuation as plain text nodes.
 */
function appendHighlighted(parent, text, matched) {
  const words = new Set((matched || []).map(fold));
  if (words.size === 0) {
    parent.append(document.createTextNode(text));
    return;
  }
  for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
    if (part === '') continue;
    if (words.has(fold(part))) {
      parent.append(el('mark', null, part));
    } else {
      parent.append(document.createTextNode(part));
    }
  }
}

function flagBadge(flag) {
  const [label, title] = FLAGS[flag] || [flag, flag];
  const badge = el('span', `flag flag-${String(flag).replace(/[^a-z_]/g, '')}`, label);
  badge.title = title;
  return badge;
}

function errorText(e) {
  if (e && typeof e === 'object' && 'messageId' in e) return e.messageId;
  return e && e.message ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------
// The combobox (WAI-ARIA 1.2 "combobox with listbox popup", aria-activedescendant focus).

class Combobox {
  constructor(field) {
    this.system = field.dataset.system;
    this.input = field.querySelector('[role="combobox"]');
    this.listbox = field.querySelector('[role="listbox"]');
    this.live = field.querySelector('[aria-live]');
    this.msg = field.querySelector('.field-msg');
    this.results = [];
    this.active = -1;
    this.announceTimer = 0;

    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.input.addEventListener('focus', () => {
      if (this.results.length > 0 && this.input.value.trim() !== '') this.open();
    });
    this.input.addEventListener('blur', () => this.close());
    // Keep the focus in the input while clicking an option.
    this.listbox.addEventListener('mousedown', (e) => e.preventDefault());
    this.listbox.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) this.select(Number(option.dataset.index));
    });
  }

  enable() {
    this.input.disabled = false;
  }

  update() {
    const query = this.input.value;
    if (query.trim() === '') {
      this.results = [];
      this.render();
      this.close();
      this.note('');
      this.announce('');
      return;
    }
    try {
      this.results = search(query, { system: this.system, limit: LIMIT });
    } catch (e) {
      this.results = [];
      this.render();
      this.close();
      this.note(errorText(e));
      this.announce(errorText(e));
      return;
    }
    this.active = -1;
    this.render();
    if (this.results.length > 0) this.open();
    else this.close();
    const n = this.results.length;
    this.note(n === 0 ? `Tidak ada hasil untuk “${query.trim()}”. Coba kata lain, singkatan atau kode.` : '');
    this.announce(n === 0
      ? `Tidak ada hasil untuk “${query.trim()}”.`
      : `${n} hasil untuk “${query.trim()}”. Gunakan panah atas/bawah untuk memilih.`);
  }

  /** A visible note under the box (no results, errors); the live region speaks it. */
  note(message) {
    this.msg.textContent = message;
    this.msg.hidden = message === '';
  }

  /** Polite, slightly delayed announcement so that fast typing is not read key by key. */
  announce(message) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.live.textContent = message; }, 250);
  }

  render() {
    const items = this.results.map((r, i) => this.renderOption(r, i));
    this.listbox.replaceChildren(...items);
    this.setActive(-1);
  }

  renderOption(r, i) {
    const li = el('li', 'option');
    li.id = `opt-${this.system}-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.index = String(i);
    li.dataset.code = r.code;

    li.append(el('span', 'code-badge', r.code));

    const body = el('span', 'option-body');
    const title = el('span', 'option-title');
    const primary = r.display_id || r.display;
    appendHighlighted(title, primary, r.matched);
    if (!r.display_id) title.lang = 'en';
    body.append(title);
    if (r.display_id) {
      const en = el('span', 'option-en');
      en.lang = 'en';
      appendHighlighted(en, r.display, r.matched);
      body.append(en);
    }
    const meta = el('span', 'option-meta');
    for (const f of r.flags) meta.append(flagBadge(f));
    if (r.matched_term) {
      const via = el('span', 'via');
      via.append(document.createTextNode('via: '));
      via.append(el('b', null, r.matched_term));
      meta.append(via);
    }
    if (meta.childNodes.length > 0) body.append(meta);
    li.append(body);
    return li;
  }

  open() {
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.setActive(-1);
  }

  isOpen() {
    return !this.listbox.hidden;
  }

  setActive(index) {
    const prev = this.listbox.querySelector('[aria-selected="true"]');
    if (prev) prev.setAttribute('aria-selected', 'false');
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    const option = this.listbox.children[index];
    option.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  onKeyDown(e) {
    const n = this.results.length;
    switch (e.key) {
      case 'ArrowDown':
        if (n === 0) return;
        e.preventDefault();
        if (!this.isOpen()) { this.open(); this.setActive(0); return; }
        this.setActive(this.active + 1 >= n ? 0 : this.active + 1);
        break;
      case 'ArrowUp':
        if (n === 0) return;
        e.preventDefault();
        if (!this.isOpen()) { this.open(); this.setActive(n - 1); return; }
        this.setActive(this.active <= 0 ? n - 1 : this.active - 1);
        break;
      case 'Enter':
        if (this.isOpen() && this.active >= 0) {
          e.preventDefault();
          this.select(this.active);
        }
        break;
      case 'Escape':
        e.preventDefault();
        if (this.isOpen()) {
          this.close();
        } else if (this.input.value !== '') {
          this.input.value = '';
          this.results = [];
          this.render();
          this.note('');
          this.announce('');
        }
        break;
      default:
    }
  }

  select(index) {
    const r = this.results[index];
    if (!r) return;
    this.input.value = r.code;
    this.close();
    showDetails(r.system, r.code);
    this.announce(`${r.code} dipilih: ${r.display_id || r.display}. Rincian ditampilkan.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Details panel.

const detailsBody = () => document.getElementById('details-body');

function ageText(days) {
  if (days === null || days === undefined) return null;
  if (days < 365) return `${days} hari`;
  return `${Math.round(days / 365.25)} tahun`;
}

/** A code summary as a button that opens its details. */
function summaryButton(s, extra) {
  const b = el('button', 'summary');
  b.type = 'button';
  b.dataset.system = s.system;
  b.dataset.code = s.code;
  b.append(el('span', `code-badge code-badge-${s.kind}`, s.code));
  const text = el('span', 'summary-text');
  const title = el('span', 'summary-title', s.display_id || s.display);
  if (!s.display_id) title.lang = 'en';
  text.append(title);
  if (s.display_id) {
    const en = el('span', 'summary-en', s.display);
    en.lang = 'en';
    text.append(en);
  }
  b.append(text);
  if (extra) b.append(extra);
  b.addEventListener('click', () => showDetails(s.system, s.code, true));
  return b;
}

function section(title, content) {
  const s = el('section', 'detail-section');
  s.append(el('h4', 'detail-heading', title));
  s.append(content);
  return s;
}

function summaryList(items, extraFor) {
  const ul = el('ul', 'summary-list');
  for (const s of items) {
    const li = el('li');
    li.append(summaryButton(s, extraFor ? extraFor(s) : null));
    ul.append(li);
  }
  return ul;
}

function showDetails(system, code, moveFocus = false) {
  const body = detailsBody();
  let d;
  try {
    d = lookup(system, code);
  } catch (e) {
    body.replaceChildren(el('p', 'error', errorText(e)));
    return;
  }
  const frag = document.createDocumentFragment();

  const head = el('div', 'detail-head');
  const codeLine = el('p', 'detail-code');
  codeLine.append(el('span', 'code-badge code-badge-lg', d.code));
  codeLine.append(el('span', 'detail-system', `${SYSTEMS[d.system]?.label || d.system} · ${KIND_LABEL[d.kind] || d.kind}`));
  const copy = el('button', 'copy', 'Salin kode');
  copy.type = 'button';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(d.code);
      copy.textContent = 'Tersalin ✓';
    } catch {
      copy.textContent = 'Gagal menyalin';
    }
    setTimeout(() => { copy.textContent = 'Salin kode'; }, 1500);
  });
  codeLine.append(copy);
  head.append(codeLine);

  const h3 = el('h3', 'detail-title', d.display_id || d.display);
  h3.id = 'detail-heading-code';
  if (!d.display_id) h3.lang = 'en';
  head.append(h3);
  if (d.display_id) {
    const en = el('p', 'detail-en', d.display);
    en.lang = 'en';
    head.append(en);
  }

  const facts = el('div', 'facts');
  for (const f of d.flags) facts.append(flagBadge(f));
  if (d.system !== 'icpc2') {
    facts.append(el('span', d.accepted_by_inacbg ? 'fact fact-ok' : 'fact fact-warn',
      d.accepted_by_inacbg ? 'Diterima INA-CBG' : 'Tidak diterima INA-CBG'));
  }
  if (d.sex) facts.append(el('span', 'fact', d.sex === 'F' ? 'Jenis kelamin: perempuan' : 'Jenis kelamin: laki-laki'));
  const min = ageText(d.age_min_days);
  const max = ageText(d.age_max_days);
  if (min !== null || max !== null) {
    facts.append(el('span', 'fact', `Usia: ${min ?? '0'} – ${max ?? '…'}`));
  }
  if (d.leaf && d.kind === 'code') facts.append(el('span', 'fact', 'Kode paling spesifik'));
  if (facts.childNodes.length > 0) head.append(facts);
  frag.append(head);

  const hier = el('dl', 'hierarchy');
  const addRow = (label, s) => {
    if (!s) return;
    const wrap = el('div', 'hier-row');
    wrap.append(el('dt', null, label));
    const dd = el('dd');
    dd.append(summaryButton(s));
    wrap.append(dd);
    hier.append(wrap);
  };
  addRow('Bab', d.chapter);
  addRow('Blok', d.block);
  if (d.parent && !(d.block && d.parent.code === d.block.code) && !(d.chapter && d.parent.code === d.chapter.code)) {
    addRow('Induk', d.parent);
  }
  if (hier.childNodes.length > 0) frag.append(section('Hierarki', hier));

  if (d.children.length > 0) {
    frag.append(section(`Turunan (${d.children.length})`, summaryList(d.children)));
  }
  if (d.partners.length > 0) {
    const title = d.flags.includes('asterisk') ? 'Pasangan dagger †' : 'Pasangan asterisk *';
    frag.append(section(`${title} (${d.partners.length})`, summaryList(d.partners)));
  }

  if (d.kind === 'code' && (d.system === 'icpc2' || d.system === 'icd10')) {
    let targets = [];
    try {
      targets = crosswalk(d.system, d.code);
    } catch {
      targets = [];
    }
    if (d.system === 'icpc2' || targets.length > 0) {
      const title = d.system === 'icpc2' ? 'Padanan ICD-10' : 'Padanan ICPC-2';
      let content;
      if (targets.length === 0) {
        content = el('p', 'muted', 'Tidak ada padanan.');
      } else {
        content = summaryList(targets, (t) => (t.primary ? el('span', 'primary', 'utama') : null));
      }
      const sec = section(title, content);
      sec.classList.add('crosswalk');
      sec.id = 'crosswalk';
      frag.append(sec);
    }
  }

  body.replaceChildren(frag);
  const details = document.getElementById('details');
  details.dataset.system = d.system;
  details.dataset.code = d.code;
  if (moveFocus) {
    details.focus();
  } else if (window.matchMedia('(max-width: 900px)').matches) {
    // One column: the details are below the boxes; bring them into view.
    details.scrollIntoView({ block: 'start' });
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up.

async function main() {
  const status = document.getElementById('status');
  const combos = [...document.querySelectorAll('.field[data-system]')].map((f) => new Combobox(f));
  try {
    // Search needs only the small search module and the catalog (the rest follows unseen).
    await initSearch();
    setTimeout(() => warmUp(), 0);
    const v = version();
    const counts = v.data.counts || {};
    document.getElementById('version').textContent =
      `Koder ${v.koder} · versi data ${v.data.data_version} · ` +
      v.editions.map(([, name]) => name).join(' · ');
    status.textContent = `Siap: ${(counts.icd10_codes ?? 0).toLocaleString('id-ID')} kode ICD-10, ` +
      `${(counts.icd9cm_codes ?? 0).toLocaleString('id-ID')} kode ICD-9-CM, ` +
      `${(counts.icpc2_rubrics ?? 0).toLocaleString('id-ID')} rubrik ICPC-2.`;
    status.classList.add('ready');
    for (const c of combos) c.enable();
    document.body.dataset.ready = 'true';
    // The worker's precache waits for the full module, so that it revalidates what the page
    // downloaded instead of fetching it a second time.
    init().then(() => registerServiceWorker(v), () => {});
  } catch (e) {
    status.textContent = `Gagal memuat data kode: ${errorText(e)} / Failed to load the code data.`;
    status.classList.add('failed');
  }
}

main();
