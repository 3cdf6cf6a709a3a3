// Koder — audit klaim sebulan / a month's claims audit in the browser. The file is read and
// audited by a Web Worker (audit-worker.js → wasm); nothing is uploaded. The report is the same
// HTML the CLI writes (`koder audit --report`), shown in a sandboxed frame (no scripts).
import { registerServiceWorker } from './boot.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
const progress = $('progress');
const progressText = $('progress-text');
const errorBox = $('error');
const urls = [];

const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { type: 'module' });
let busy = false;

const fmt = new Intl.NumberFormat('id-ID');
const rupiah = (v) => `Rp ${fmt.format(v)}`;

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = false;
}

function link(id, blob) {
  const url = URL.createObjectURL(blob);
  urls.push(url);
  $(id).href = url;
}

function figures(summary, rate) {
  const dl = $('figures');
  dl.replaceChildren();
  const items = [
    ['Baris dibaca / rows read', fmt.format(summary.rows.read), 'read'],
    ['Diaudit / audited', fmt.format(summary.rows.audited), 'audited'],
    ['Ditolak / rejected', fmt.format(summary.rows.rejected), 'rejected'],
    ['Klaim berisiko / at risk', fmt.format(summary.claims.at_risk), 'at-risk'],
    ['Error', fmt.format(summary.claims.error), 'error'],
    ['Kecepatan / speed', `${fmt.format(rate)} klaim/detik`, 'rate'],
  ];
  if (summary.tariff) items.push(['Tarif berisiko / tariff at risk', rupiah(summary.tariff.at_risk_total), 'tariff']);
  if (summary.format === 'eklaim_txt') items.push(['Format', 'TXT E-Klaim', 'format']);
  if (summary.eklaim) {
    const e = summary.eklaim;
    items.push(['E-Klaim = pratinjau / agrees with the preview', `${fmt.format(e.agree)} / ${fmt.format(e.claims)}`, 'eklaim-agree']);
    items.push(['E-Klaim ≠ pratinjau / differs', fmt.format(e.severity + e.differ), 'eklaim-differ']);
    items.push(['Tarif E-Klaim / E-Klaim tariff', rupiah(e.eklaim_tariff_total), 'eklaim-tariff']);
  }
  for (const [label, value, key] of items) {
    const div = document.createElement('div');
    div.dataset.key = key;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    div.append(dt, dd);
    dl.append(div);
  }
}

worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'ready') {
    status.textContent = `Siap — Koder ${m.version.koder}; berkas diperiksa di peramban ini, tidak diunggah.`;
    status.classList.add('ready');
    document.body.dataset.ready = 'true';
    registerServiceWorker(m.version);
  } else if (m.type === 'progress') {
    const pct = m.total ? Math.round((m.bytes / m.total) * 100) : 0;
    progress.value = pct;
    progressText.textContent = `${pct}% · ${fmt.format(m.rows)} baris / rows`;
  } else if (m.type === 'done') {
    busy = false;
    progress.value = 100;
    const s = m.summary;
    progressText.textContent = `Selesai / done: ${fmt.format(s.rows.read)} baris dalam ${(m.ms / 1000).toFixed(2)} s`;
    for (const u of urls.splice(0)) URL.revokeObjectURL(u);
    link('dl-html', new Blob([m.html], { type: 'text/html;charset=utf-8' }));
    link('dl-json', new Blob([JSON.stringify(s, null, 2)], { type: 'application/json' }));
    link('dl-summary-csv', new Blob([m.summaryCsv], { type: 'text/csv;charset=utf-8' }));
    link('dl-csv', m.csv);
    figures(s, m.rate);
    $('report').srcdoc = m.html;
    $('result').hidden = false;
    document.body.dataset.audit = 'done';
    document.body.dataset.rate = String(m.rate);
    $('result-title').focus();
  } else if (m.type === 'error') {
    busy = false;
    document.body.dataset.audit = 'error';
    if (m.code === 'init') {
      status.textContent = `Gagal memuat mesin audit / Failed to load the engine: ${m.message}`;
      status.classList.add('failed');
    }
    showError(`Berkas tidak dapat diaudit / The file cannot be audited: ${m.message}`);
  }
};

async function start(file) {
  if (!file || busy) return;
  busy = true;
  errorBox.hidden = true;
  $('result').hidden = true;
  document.body.dataset.audit = 'running';
  progress.value = 0;
  progressText.textContent = `${file.name}…`;
  const options = { readmissionDays: Number($('readmission').value || 30) };
  if ($('format').value) options.format = $('format').value;
  if ($('delimiter').value) options.delimiter = $('delimiter').value;
  if ($('map').value.trim()) options.map = $('map').value.trim();
  const tariffFile = $('tariffs').files[0];
  if (tariffFile) options.tariffs = await tariffFile.text();
  worker.postMessage({ type: 'audit', file, name: file.name, options });
}

$('file').addEventListener('change', (e) => start(e.target.files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  start(e.dataTransfer?.files?.[0]);
});
