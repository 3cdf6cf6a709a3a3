// Koder audit worker: reads the dropped file in 4 MiB slices and feeds them to the wasm
// Auditor, posting progress; the file never leaves this browser (no fetch of anything but
// ./pkg/koder.js, its full module and the catalog file).
//
// In:  { type: 'audit', file: File|Blob, name: string, options: AuditOptions }
// Out: { type: 'ready', version } | { type: 'progress', bytes, total, rows } |
//      { type: 'done', summary, html, summaryCsv, csv: Blob, ms, rate } | { type: 'error', message, code }
import init, { Auditor, version } from './pkg/koder.js';

const CHUNK = 4 << 20;
const ready = init().then(() => version());

ready.then(
  (v) => postMessage({ type: 'ready', version: v }),
  (e) => postMessage({ type: 'error', message: String(e && e.message || e), code: 'init' }),
);

function errorMessage(e) {
  if (e && e.messageId) return { message: `${e.messageId} / ${e.messageEn}`, code: e.code };
  return { message: String(e && e.message || e), code: 'error' };
}

self.onmessage = async (event) => {
  const job = event.data;
  if (!job || job.type !== 'audit') return;
  let auditor;
  try {
    await ready;
    auditor = new Auditor(job.options || {});
    const parts = [Auditor.csvHeader()];
    const total = job.file.size;
    const t0 = performance.now();
    let last = 0;
    for (let off = 0; off < total; off += CHUNK) {
      const bytes = new Uint8Array(await job.file.slice(off, Math.min(off + CHUNK, total)).arrayBuffer());
      const lines = auditor.push(bytes);
      if (lines) parts.push(lines);
      const now = performance.now();
      if (now - last > 100 || off + CHUNK >= total) {
        last = now;
        postMessage({ type: 'progress', bytes: Math.min(off + CHUNK, total), total, rows: auditor.rows().read });
      }
    }
    const summary = auditor.finish();
    const tail = auditor.takeCsv();
    if (tail) parts.push(tail);
    const ms = performance.now() - t0;
    const html = auditor.reportHtml(job.name || '');
    const summaryCsv = auditor.summaryCsv();
    const csv = new Blob(parts, { type: 'text/csv;charset=utf-8' });
    const rate = ms > 0 ? Math.round(summary.rows.read / (ms / 1000)) : 0;
    postMessage({ type: 'done', summary, html, summaryCsv, csv, ms, rate });
  } catch (e) {
    postMessage({ type: 'error', ...errorMessage(e) });
  } finally {
    auditor?.free();
  }
};
