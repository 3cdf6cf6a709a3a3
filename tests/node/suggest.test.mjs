// Tes `suggest` lewat API JavaScript di Node / Tests of `suggest` through the JavaScript API in Node.
//
//   bash scripts/build-wasm.sh && node --test tests/node/suggest.test.mjs
//
// Skipped, with a message, when pkg/ has not been built.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const built = join(root, 'pkg', 'nodejs', 'koder.js');
const SKIP = existsSync(built)
  ? false
  : 'pkg/ belum dibangun; jalankan bash scripts/build-wasm.sh / pkg/ is not built; run bash scripts/build-wasm.sh';
if (SKIP) console.log(`# SKIP: ${SKIP}`);
const koder = SKIP ? null : createRequire(import.meta.url)(built);

function koderError(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'a JavaScript Error');
    assert.equal(e.code, code);
    assert.ok(e.messageId && e.messageEn && e.messageId !== e.messageEn);
    assert.ok(e.message.startsWith(e.messageId), 'Indonesian first');
    return true;
  });
}

describe('suggest (JS)', { skip: SKIP }, () => {
  it('codes a resume line with spans, reasons and confidences', () => {
    const text = 'DHF gr II + trombositopenia, riw HT';
    const s = koder.suggest(text, { setting: 'inpatient' });
    assert.equal(s.claim.principal_diagnosis, 'A91');
    assert.equal(s.diagnoses[0].role, 'principal');
    assert.ok(['high', 'medium', 'low'].includes(s.diagnoses[0].confidence));
    assert.ok(s.diagnoses[0].why.length > 0 && s.diagnoses[0].why[0].note_id);
    for (const seg of s.segments) assert.equal(text.slice(seg.span.start, seg.span.end), seg.span.text);
    assert.ok(s.segments.some((g) => g.qualifiers.some((q) => q.kind === 'grade' && q.value === 2)));
    assert.ok(s.omitted.some((o) => o.code === 'D69.6' && o.reason === 'explained'));
  });

  it('proposes a claim that check and group take as it is', () => {
    const s = koder.suggest('G1P0A0 hamil 39 mgg, KPD 12 jam, SC a/i KPD', { setting: 'inpatient' });
    assert.equal(s.claim.principal_diagnosis, 'O42.0');
    assert.ok(s.claim.secondary_diagnoses.includes('Z37.0'));
    assert.deepEqual(s.claim.procedures, ['74.1']);
    const report = koder.check(s.claim);
    assert.ok(Array.isArray(report.findings));
    const g = koder.group(s.claim);
    assert.equal(g.preview, true);
    assert.ok(g.cbg.code.length > 0);
  });

  it('review: true runs the checks and the grouping preview too', () => {
    const r = koder.suggest('CHF NYHA III ec HHD, DM tipe 2', { setting: 'inpatient', review: true });
    assert.equal(r.claim.principal_diagnosis, 'I11.0');
    assert.ok(r.check && Array.isArray(r.check.findings));
    assert.ok(r.group && r.group.preview === true);
    const empty = koder.suggest('', { review: true });
    assert.equal(empty.claim.principal_diagnosis, null);
    assert.equal(empty.check, null);
  });

  it('ICPC-2 for primary care', () => {
    const s = koder.suggest('ISPA, hipertensi', { system: 'icpc2' });
    assert.deepEqual(s.claim.icpc2, ['R74', 'K86']);
    assert.equal(s.claim.facility, 'fktp');
  });

  it('bad input is a clear error, never a crash', () => {
    koderError(() => koder.suggest(42), 'invalid_input');
    koderError(() => koder.suggest(null), 'invalid_input');
    koderError(() => koder.suggest('x'.repeat(5000)), 'input_too_long');
    koderError(() => koder.suggest('DHF', { sistem: 'icd10' }), 'invalid_input');
    koderError(() => koder.suggest('DHF', { system: 'icd9cm' }), 'invalid_option');
    koderError(() => koder.suggest('DHF', { setting: 'rawat' }), 'invalid_input');
    for (const t of ['\u0000', '💉🦟', ',,;;', '\u202eDHF']) {
      const s = koder.suggest(t);
      assert.ok(Array.isArray(s.diagnoses));
    }
    assert.equal(koder.suggest('DBD').claim.principal_diagnosis, 'A91', 'the engine still answers');
  });
});
