// The primary-care (FKTP, P-Care style) demo: ICPC-2 with its ICD-10 crosswalk offered as
// buttons, ICD-10 diagnoses, and a referral section that asks for the TACC criterion when the
// checks say the diagnosis is one primary care must handle (competency 4A).
import { boot } from './boot.js';
import { el } from './components/engine.js';
import './components/koder-code-input.js';
import './components/koder-claim-panel.js';
import { mountResumePaste } from './resume.js';

const form = document.getElementById('kunjungan');
const offer = document.getElementById('padanan');
const dx1 = form.querySelector('koder-code-input[name="diagnosa_utama"]');
const dx23 = form.querySelector('koder-code-input[name="diagnosa_sekunder"]');
const icpc = form.querySelector('koder-code-input[name="icpc2"]');
let koder = null;

mountResumePaste(document.getElementById('resume'), {
  targets: { icpc2: icpc, principal: dx1, secondary: dx23, procedures: form.querySelector('koder-code-input[name="tindakan"]') },
  systems: ['icpc2', 'icd10'],
  setting: () => 'outpatient',
});

function showCrosswalk(code) {
  let targets = [];
  try {
    targets = koder.crosswalk('icpc2', code);
  } catch {
    targets = [];
  }
  if (!targets.length) {
    offer.hidden = true;
    return;
  }
  const list = el('div', 'offer-list');
  for (const t of targets.slice(0, 5)) {
    const b = el('button', t.primary ? 'chip-btn primary' : 'chip-btn');
    b.type = 'button';
    b.dataset.code = t.code;
    b.append(el('span', 'code', t.code), document.createTextNode(` ${t.display_id || t.display}`));
    b.addEventListener('click', () => {
      if (!dx1.value) dx1.add(t.code);
      else if (dx1.value !== t.code) dx23.add(t.code);
      b.disabled = true;
    });
    list.append(b);
  }
  offer.replaceChildren(el('p', 'offer-title', `Padanan ICD-10 untuk ${code}:`), list);
  offer.hidden = false;
}

icpc.addEventListener('koder-select', (e) => showCrosswalk(e.detail.code));

function updateReferral() {
  document.getElementById('rujuk-detail').hidden = form.elements.rujukan.value !== 'ya';
}
form.addEventListener('change', (e) => {
  if (e.target.name === 'rujukan') updateReferral();
});
form.addEventListener('reset', () => setTimeout(() => {
  updateReferral();
  offer.hidden = true;
  document.getElementById('submitted').hidden = true;
}));

document.getElementById('panel').addEventListener('koder-findings', (e) => {
  const needsTacc = e.detail.report.findings.some((f) => f.family === 'fktp');
  document.getElementById('tacc-note').hidden = !needsTacc;
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

updateReferral();
boot().then((mod) => { koder = mod; }, () => {});
