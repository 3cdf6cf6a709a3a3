// "Tempel dari resume / Paste from the resume" (demo pages): the diagnosis line of the resume
// medis goes in, `koder.suggest(text, { system, setting })` proposes codes, and they are shown as
// chips — principal diagnosis, secondary diagnoses, procedures (and ICPC-2 on the FKTP page).
// One click (or Enter on a chip) puts that code in the form's <koder-code-input> fields; nothing
// is added without the coder. The claim panel then checks the form as usual.
//
// `suggest` is feature-detected: an engine without it leaves the field usable as text with a
// visible note. Every text from the engine or the user is set with textContent, never as HTML.

import { el, engine, errorText, ready } from './components/engine.js';

const T = {
  missing: 'Usulan kode dari resume belum tersedia pada mesin ini (fungsi suggest tidak ada); cari kode di isian di bawah. / Proposing codes from the resume is not available in this engine yet (no suggest function).',
  unavailable: 'Data kode gagal dimuat: usulan kode tidak tersedia. / The code data failed to load: no proposals.',
  empty: 'Tempel atau ketik diagnosis dari resume medis. / Paste or type the diagnoses of the medical resume.',
  none: 'Tidak ada kode yang dapat diusulkan dari teks ini. / No code could be proposed from this text.',
  count: (n) => `${n} kode diusulkan — periksa, lalu klik (atau Enter) untuk memakai. / ${n} codes proposed — check, then click (or Enter) to use.`,
  failed: 'Usulan gagal / The proposal failed',
  groups: {
    principal: 'Diagnosis utama / Principal diagnosis',
    secondary: 'Diagnosis sekunder / Secondary diagnoses',
    procedure: 'Tindakan (ICD-9-CM) / Procedures',
    icpc2: 'Keluhan / diagnosis ICPC-2 / ICPC-2',
  },
  confidence: { high: 'keyakinan tinggi / high', medium: 'keyakinan sedang / medium', low: 'keyakinan rendah / low' },
  from: 'dari / from',
  alternatives: 'alternatif / alternatives',
  accepted: 'dipakai / used',
  acceptAll: 'Pakai semua usulan / Use all proposals',
  refused: 'kode tidak dikenal / unknown code',
  omitted: 'Tidak diusulkan / Not proposed',
  preview: 'Pemeriksaan usulan / Checks of the proposal',
  note: 'Usulan — dikonfirmasi koder sebelum dipakai. / A proposal — the coder confirms before use.',
};

/**
 * Wires one paste box. `root` holds a <textarea data-resume-text>, a <button data-resume-go>,
 * a <p data-resume-note> and a <div data-resume-out>.
 * @param {HTMLElement} root
 * @param {{ targets: { principal?: Element, secondary?: Element, procedures?: Element, icpc2?: Element },
 *           systems: string[], setting: () => string | undefined }} options
 */
export function mountResumePaste(root, { targets, systems, setting }) {
  const box = root.querySelector('[data-resume-text]');
  const go = root.querySelector('[data-resume-go]');
  const note = root.querySelector('[data-resume-note]');
  const out = root.querySelector('[data-resume-out]');
  let timer = 0;
  let mod = null;

  const say = (text) => { note.textContent = text; };
  root.dataset.suggest = 'loading';
  go.disabled = true;
  // Typing here is not a change of the claim: the panel need not re-run for it.
  box.addEventListener('input', (e) => {
    e.stopPropagation();
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  box.addEventListener('change', (e) => e.stopPropagation());
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault(); // a resume line, not a paragraph: Enter proposes, Shift+Enter breaks the line
      clearTimeout(timer);
      run();
      out.querySelector('button.suggest:not(:disabled)')?.focus();
    }
  });
  go.addEventListener('click', () => {
    clearTimeout(timer);
    run();
    out.querySelector('button.suggest:not(:disabled)')?.focus();
  });

  ready.then((m) => {
    mod = m;
    if (typeof m.suggest !== 'function') {
      root.dataset.suggest = 'missing';
      say(T.missing);
      return;
    }
    root.dataset.suggest = 'ready';
    go.disabled = false;
    if (box.value.trim()) run();
    else say(T.empty);
  }, () => {
    root.dataset.suggest = 'unavailable';
    say(T.unavailable);
  });

  function run() {
    if (!mod || typeof mod.suggest !== 'function') return;
    const text = box.value.trim();
    if (!text) {
      out.replaceChildren();
      say(T.empty);
      return;
    }
    const found = [];
    const extras = [];
    for (const system of systems) {
      let r;
      try {
        r = mod.suggest(text, { system, setting: setting() });
      } catch (e) {
        out.replaceChildren(el('p', 'resume-failed', `${T.failed}: ${errorText(e)}`));
        say(T.failed);
        return;
      }
      found.push(...proposals(r, system));
      extras.push(r);
    }
    render(dedupe(found), extras);
  }

  function render(items, results) {
    const groups = [
      ['icpc2', (i) => i.system === 'icpc2'],
      ['principal', (i) => i.system !== 'icpc2' && i.role === 'principal'],
      ['secondary', (i) => i.system !== 'icpc2' && i.role === 'secondary'],
      ['procedure', (i) => i.role === 'procedure'],
    ];
    const kids = [];
    for (const [name, test] of groups) {
      const list = items.filter(test);
      if (!list.length || !target(name)) continue;
      const section = el('div', 'resume-group');
      section.setAttribute('role', 'group');
      const id = `resume-${name}-${Math.random().toString(36).slice(2, 8)}`;
      const h = el('p', 'resume-group-title', T.groups[name]);
      h.id = id;
      section.setAttribute('aria-labelledby', id);
      const row = el('div', 'offer-list');
      for (const item of list) row.append(chip(item, name));
      section.append(h, row);
      kids.push(section);
    }
    const chips = kids.length;
    if (chips) {
      const all = el('button', 'btn resume-all', T.acceptAll);
      all.type = 'button';
      all.addEventListener('click', () => {
        for (const b of out.querySelectorAll('button.suggest:not(:disabled)')) accept(b, false);
        all.disabled = true;
        box.focus();
      });
      kids.push(all);
    }
    const omitted = dedupe(results.flatMap((r) => (Array.isArray(r?.omitted) ? r.omitted : []))
      .map((o) => ({ ...o, system: o.system || '' })));
    if (omitted.length) {
      const d = el('details', 'resume-omitted');
      d.append(el('summary', null, `${T.omitted} (${omitted.length})`));
      const ul = el('ul');
      for (const o of omitted) ul.append(el('li', null, `${o.code ?? ''} — ${o.note_id ?? o.reason ?? ''}`));
      d.append(ul);
      kids.push(d);
    }
    const preview = results.map(summaryOfChecks).find(Boolean);
    if (preview) kids.push(el('p', 'resume-preview', `${T.preview}: ${preview}`));
    if (chips) kids.push(el('p', 'hint resume-note', results.find((r) => r?.note_id)?.note_id || T.note));
    out.replaceChildren(...kids);
    say(items.length ? T.count(items.length) : T.none);
  }

  function target(group) {
    return { principal: targets.principal, secondary: targets.secondary, procedure: targets.procedures, icpc2: targets.icpc2 }[group] || null;
  }

  function chip(item, group) {
    const b = el('button', `chip-btn suggest${group === 'principal' ? ' primary' : ''}`);
    b.type = 'button';
    b.dataset.code = item.code;
    b.dataset.group = group;
    b.dataset.system = item.system;
    const top = el('span', 'chip-top');
    top.append(el('span', 'code', item.code), document.createTextNode(` ${item.title}`));
    b.append(top);
    const meta = [];
    if (item.confidence) meta.push(T.confidence[item.confidence] || String(item.confidence));
    if (item.span) meta.push(`${T.from} “${item.span}”`);
    if (item.quantity) meta.push(`× ${item.quantity}`);
    if (item.alternatives.length) meta.push(`${T.alternatives}: ${item.alternatives.join(', ')}`);
    if (meta.length) b.append(el('span', 'chip-meta', meta.join(' · ')));
    if (item.why.length) b.title = item.why.join('\n');
    b.addEventListener('click', () => accept(b, true));
    return b;
  }

  /** Puts the chip's code in its field; the chip says it was used (or refused). */
  function accept(b, moveFocus) {
    const field = target(b.dataset.group);
    if (!field || b.disabled) return;
    const ok = field.add(b.dataset.code) !== false;
    b.disabled = true;
    b.dataset.accepted = String(ok);
    b.append(el('span', 'chip-state', ok ? `✓ ${T.accepted}` : `✗ ${T.refused}`));
    if (moveFocus) {
      const next = out.querySelector('button.suggest:not(:disabled)') || out.querySelector('button.resume-all:not(:disabled)');
      if (next) next.focus();
      else box.focus();
    }
  }
}

/**
 * The proposed codes of one `suggest` result, whatever its exact shape: `diagnoses` and
 * `procedures` arrays of codes with a role, confidence and reasons, or only the `claim`.
 */
export function proposals(r, system) {
  if (!r || typeof r !== 'object') return [];
  const out = [];
  const lists = [r.diagnoses, r.procedures].filter(Array.isArray);
  if (lists.length && lists.some((l) => l.length)) {
    lists.forEach((list, li) => list.forEach((d, i) => {
      const item = normalise(d, system);
      if (!item) return;
      if (!item.role) item.role = li === 1 ? 'procedure' : (i === 0 ? 'principal' : 'secondary');
      out.push(item);
    }));
    return out;
  }
  // Only the claim: its diagnoses are ICD-10, its procedures ICD-9-CM, `icpc2` (if any) ICPC-2.
  const claim = r.claim || r.proposed_claim || r.proposal || {};
  const add = (code, role, sys) => { const item = normalise(code, sys); if (item) { item.role = role; out.push(item); } };
  if (claim.principal_diagnosis) add(claim.principal_diagnosis, 'principal', 'icd10');
  for (const c of claim.secondary_diagnoses || []) add(c, 'secondary', 'icd10');
  for (const c of claim.procedures || []) add(c, 'procedure', 'icd9cm');
  for (const c of claim.icpc2 || []) add(c, 'secondary', 'icpc2');
  return out;
}

function normalise(d, system) {
  const o = typeof d === 'string' ? { code: d } : d;
  if (!o || typeof o.code !== 'string' || !o.code) return null;
  const role = ['principal', 'secondary', 'procedure'].includes(o.role) ? o.role : undefined;
  const sys = o.system || (role === 'procedure' ? 'icd9cm' : system);
  const why = (Array.isArray(o.why) ? o.why : []).map((w) => (typeof w === 'string' ? w : w?.note_id || w?.note_en || w?.rule)).filter(Boolean);
  const span = (Array.isArray(o.why) ? o.why : []).map((w) => w?.span?.text).find(Boolean) || o.span?.text || null;
  const alternatives = (Array.isArray(o.alternatives) ? o.alternatives : []).map((a) => (typeof a === 'string' ? a : a?.code)).filter(Boolean).slice(0, 3);
  return {
    code: o.code,
    system: sys,
    role,
    title: o.display_id || o.display || titleOf(sys, o.code),
    confidence: typeof o.confidence === 'string' ? o.confidence : null,
    why,
    span,
    alternatives,
    quantity: Number.isInteger(o.quantity) && o.quantity > 1 ? o.quantity : null,
  };
}

function titleOf(system, code) {
  try {
    const d = engine()?.lookup(system, code);
    return d ? (d.display_id || d.display) : '';
  } catch {
    return '';
  }
}

/** One chip per code and place (a code proposed by two systems' calls shows once). */
function dedupe(items) {
  const seen = new Set();
  return items.filter((i) => {
    const key = `${i.system}|${i.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "0 galat · 1 peringatan · CBG J-1-10-I" when the result carries the checks of its claim. */
function summaryOfChecks(r) {
  const c = r?.check?.counts;
  const cbg = r?.group?.cbg?.code || (typeof r?.group?.cbg === 'string' ? r.group.cbg : null);
  const parts = [];
  if (c) parts.push(`${c.error} galat · ${c.warning} peringatan · ${c.info} info`);
  if (cbg) parts.push(`INA-CBG ${cbg} (pratinjau / preview)`);
  return parts.join(' · ');
}
