// The hospital (FKTL) demo form: components + claim panel, length of stay from the dates,
// and a "save" that shows what the form would submit (E-Klaim style, codes joined by "#").
import { boot } from './boot.js';
import './components/koder-code-input.js';
import './components/koder-claim-panel.js';
import { mountResumePaste } from './resume.js';
import { ready } from './components/engine.js';
import { forgetCodeSet, keepCodeSet, restoreCodeSets } from './components/code-set-store.js';

const form = document.getElementById('klaim');
const field = (name) => form.querySelector(`koder-code-input[name="${name}"]`);

mountResumePaste(document.getElementById('resume'), {
  targets: { principal: field('diagnosa_utama'), secondary: field('diagnosa_sekunder'), procedures: field('tindakan') },
  systems: ['icd10'],
  setting: () => (form.elements.jenis_rawat.value === '1' ? 'inpatient' : 'outpatient'),
});

/** Length of stay in days: discharge − admission for inpatients (at least 1), 0 for outpatients. */
function updateLos() {
  const inpatient = form.elements.jenis_rawat.value === '1';
  const a = form.elements.tgl_masuk.valueAsDate;
  const b = form.elements.tgl_pulang.valueAsDate;
  if (!a || !b) return;
  const days = Math.round((b - a) / 86_400_000);
  const los = inpatient ? Math.max(1, days) : 0;
  if (String(los) !== form.elements.lama_rawat.value) {
    form.elements.lama_rawat.value = String(los);
  }
}
form.addEventListener('change', (e) => {
  if (['tgl_masuk', 'tgl_pulang', 'jenis_rawat'].includes(e.target.name)) updateLos();
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const out = document.getElementById('submitted');
  const data = new FormData(form);
  const lines = [];
  for (const key of new Set(data.keys())) lines.push(`${key}=${data.getAll(key).join(',')}`);
  out.textContent = `Tersimpan (contoh; tidak dikirim ke mana pun):\n${lines.join('\n')}`;
  out.hidden = false;
});
form.addEventListener('reset', () => {
  document.getElementById('submitted').hidden = true;
});

// The facility's IM code list (iDRG track): read in this page, loaded into the engine, never
// sent. Kept in this browser's IndexedDB only when the coder ticks "Simpan".
const codeSetStatus = document.getElementById('code-set-status');
const setName = (system) => (system === 'icd10_im' ? 'ICD-10-IM' : 'ICD-9-CM-IM');

/** One line per loaded list (both lists may be loaded), Indonesian first. */
const statusLines = new Map();
const loadedByHand = new Set();

function loadedLine(system, s, kept) {
  const refused = s.rejected ? `; ${s.rejected} baris ditolak (baris ${s.problems.map((p) => p.line).slice(0, 5).join(', ')})` : '';
  const keptId = { true: ' Disimpan di peramban ini.', false: ' Tidak dapat disimpan di peramban ini.', null: '' }[kept];
  const keptEn = { true: ' Kept in this browser.', false: ' Could not be kept in this browser.', null: '' }[kept];
  return `Daftar ${setName(system)} dimuat: ${s.codes} kode, ${s.im_codes} kode IM${refused}.${keptId} ` +
    `/ List loaded: ${s.codes} codes, ${s.im_codes} IM codes${s.rejected ? `, ${s.rejected} rows refused` : ''}.${keptEn}`;
}

function showStatus(system, line, loaded) {
  statusLines.set(system, line);
  codeSetStatus.textContent = [...statusLines.values()].join(' ');
  if (loaded) {
    codeSetStatus.dataset.loaded = system;
    document.getElementById('panel').refresh?.();
  }
}

document.getElementById('code-set-file').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  const system = document.getElementById('code-set-system').value;
  try {
    const mod = await ready;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const s = mod.loadCodeSet(bytes, { system });
    loadedByHand.add(system);
    // Kept only when asked; a list kept earlier for this set is forgotten, so that the next
    // visit does not bring back another list than the one chosen now.
    const keep = document.getElementById('code-set-keep').checked;
    const kept = keep ? await keepCodeSet(system, bytes, { name: file.name }) : null;
    if (!keep) await forgetCodeSet(system);
    codeSetStatus.dataset.kept = kept ? system : '';
    showStatus(system, loadedLine(system, s, kept), true);
  } catch (err) {
    codeSetStatus.textContent = `Daftar tidak dapat dimuat / The list cannot be loaded: ${err.message}`;
    delete codeSetStatus.dataset.loaded;
  }
});

document.getElementById('code-set-forget').addEventListener('click', async () => {
  const ok = await forgetCodeSet();
  codeSetStatus.dataset.kept = '';
  codeSetStatus.textContent = ok
    ? 'Daftar tersimpan dihapus dari peramban ini (daftar yang sedang dimuat tetap dipakai sampai halaman dimuat ulang). / Kept lists forgotten.'
    : 'Penyimpanan peramban tidak tersedia. / Browser storage is not available.';
});

/** Lists kept on an earlier visit, loaded again (not over a list chosen by hand meanwhile). */
async function restoreKept(mod) {
  const fresh = { loadCodeSet: (bytes, o) => (loadedByHand.has(o.system) ? null : mod.loadCodeSet(bytes, o)) };
  for (const r of await restoreCodeSets(fresh)) {
    if (loadedByHand.has(r.system)) continue;
    if (r.summary) {
      codeSetStatus.dataset.kept = r.system;
      showStatus(r.system, loadedLine(r.system, r.summary, true), true);
    } else {
      showStatus(r.system, `Daftar ${setName(r.system)} tersimpan tidak dapat dimuat lagi: ${r.error?.message ?? r.error}. ` +
        '/ The kept list cannot be loaded again.', false);
    }
  }
}

// A failed start is shown by boot() in the status line; the fields stay plain inputs.
boot().then((mod) => { updateLos(); return restoreKept(mod); }, () => {});
