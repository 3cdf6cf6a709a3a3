// Tes API JavaScript Koder di Node / Tests of Koder's JavaScript API in Node.
//
// Runs the same behaviour suite against the three ways Node code loads Koder:
//   1. pkg/nodejs through require (createRequire),
//   2. pkg/npm as an installed package "@koder/icd" (a bare specifier, so the `node` export
//      condition of pkg/npm/package.json decides which build is loaded), via import and require,
//   3. pkg/web/koder.js (the browser build) with initSync({ module, catalog }) (the full module and the catalog file).
//
//   bash scripts/build-wasm.sh && node --test tests/node/
//
// Skipped, with a message, when pkg/ has not been built.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const pkg = join(root, 'pkg');
const require = createRequire(import.meta.url);

const needed = ['nodejs/koder.js', 'npm/package.json', 'npm/nodejs/koder.js', 'web/koder.js', 'web/koder_full_bg.wasm', 'web/koder_catalog.bin'];
const missing = needed.filter((f) => !existsSync(join(pkg, f)));
const SKIP = missing.length
  ? `pkg/ belum dibangun (tidak ada: ${missing.join(', ')}); jalankan bash scripts/build-wasm.sh / ` +
    `pkg/ is not built (missing: ${missing.join(', ')}); run bash scripts/build-wasm.sh`
  : false;
if (SKIP) console.log(`# SKIP: ${SKIP}`);

const FHIR = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd9cm: 'http://hl7.org/fhir/sid/icd-9-cm',
  icpc2: 'http://hl7.org/fhir/sid/icpc-2',
};
const FLAGS = new Set(['header', 'asterisk', 'dagger', 'not_inacbg', 'female_only', 'male_only', 'age_limited', 'process']);
const RESULT_KEYS = ['code', 'code_match', 'display', 'display_id', 'fhir_system', 'flags', 'leaf', 'matched', 'matched_term', 'score', 'system'];
const SUMMARY_KEYS = ['code', 'display', 'display_id', 'kind', 'leaf', 'system'];
const DETAILS_KEYS = [...SUMMARY_KEYS, 'accepted_by_inacbg', 'age_max_days', 'age_min_days', 'block', 'chapter', 'children', 'fhir_system', 'flags', 'parent', 'partners', 'sex'].sort();

const isStrOrNull = (v) => v === null || typeof v === 'string';

/** Checks a search result against the documented SearchResult type. */
function checkResult(r, where) {
  const at = `${where}: ${JSON.stringify(r).slice(0, 200)}`;
  assert.deepEqual(Object.keys(r).sort(), RESULT_KEYS, at);
  assert.ok(Object.hasOwn(FHIR, r.system), at);
  assert.equal(typeof r.code, 'string', at);
  assert.ok(r.code.length > 0, at);
  assert.equal(typeof r.display, 'string', at);
  assert.ok(r.display.length > 0, at);
  assert.ok(isStrOrNull(r.display_id), at);
  assert.equal(r.fhir_system, FHIR[r.system], at);
  assert.equal(typeof r.leaf, 'boolean', at);
  assert.ok(Array.isArray(r.flags), at);
  for (const f of r.flags) assert.ok(FLAGS.has(f), `unknown flag ${f} — ${at}`);
  assert.equal(typeof r.score, 'number', at);
  assert.ok(Number.isFinite(r.score), at);
  assert.ok(Array.isArray(r.matched), at);
  for (const m of r.matched) assert.equal(typeof m, 'string', at);
  assert.ok(isStrOrNull(r.matched_term), at);
  assert.equal(typeof r.code_match, 'boolean', at);
}

function checkSummary(s, where) {
  const at = `${where}: ${JSON.stringify(s).slice(0, 200)}`;
  assert.ok(Object.hasOwn(FHIR, s.system), at);
  assert.equal(typeof s.code, 'string', at);
  assert.ok(['code', 'block', 'chapter'].includes(s.kind), at);
  assert.equal(typeof s.display, 'string', at);
  assert.ok(isStrOrNull(s.display_id), at);
  assert.equal(typeof s.leaf, 'boolean', at);
}

/** Checks a thrown value: an Error with code, messageId (Indonesian), messageEn. */
function koderError(fn, code) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a thrown ${code}`);
  assert.ok(thrown instanceof Error, `expected an Error, got ${Object.prototype.toString.call(thrown)}`);
  assert.equal(thrown.code, code, `${thrown.message}`);
  assert.equal(typeof thrown.messageId, 'string');
  assert.equal(typeof thrown.messageEn, 'string');
  assert.ok(thrown.messageId.length > 0 && thrown.messageEn.length > 0);
  assert.notEqual(thrown.messageId, thrown.messageEn);
  const [i, e] = [thrown.message.indexOf(thrown.messageId), thrown.message.indexOf(thrown.messageEn)];
  assert.ok(i >= 0 && e > i, `message is Indonesian then English: ${thrown.message}`);
  return thrown;
}

/** Never a crash: a result array (checked), or a Koder error (not a wasm trap or TypeError). */
function noPanicSearch(k, q, opts) {
  let r;
  try {
    r = k.search(q, opts);
  } catch (e) {
    assert.ok(e instanceof Error && typeof e.code === 'string' && typeof e.messageId === 'string',
      `search(${JSON.stringify(q).slice(0, 40)}) threw a non-Koder error: ${e}`);
    return e.code;
  }
  assert.ok(Array.isArray(r));
  r.forEach((x) => checkResult(x, `search(${JSON.stringify(q).slice(0, 40)})`));
  return r;
}

function noPanicCode(k, system, code) {
  for (const f of [() => k.lookup(system, code), () => k.crosswalk(system, code), () => k.isValid(system, code)]) {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof Error && typeof e.code === 'string', `threw a non-Koder error: ${e}`);
    }
  }
}

/** The behaviour suite, the same for every build. */
function suite(name, load) {
  describe(name, { skip: SKIP }, () => {
    let k;
    before(async () => {
      k = await load();
    });

    it('exposes the documented functions', () => {
      for (const f of ['search', 'lookup', 'crosswalk', 'isValid', 'version']) {
        assert.equal(typeof k[f], 'function', f);
      }
    });

    it('search "dbd" → A91 (demam berdarah dengue) in the top 5', () => {
      const r = k.search('dbd');
      const top = r.slice(0, 5).map((x) => x.code);
      assert.ok(top.includes('A91'), `top 5: ${top}`);
      const a91 = r.find((x) => x.code === 'A91');
      assert.equal(a91.system, 'icd10');
      assert.equal(a91.matched_term, 'DBD');
      assert.match(a91.display_id, /demam berdarah/i);
    });

    it('search "j189" → J18.9 first, as a code match', () => {
      const [first] = k.search('j189');
      assert.equal(first.code, 'J18.9');
      assert.equal(first.code_match, true);
      assert.equal(first.leaf, true);
    });

    it('every result has the documented fields and types, per system', () => {
      const queries = ['demam', 'dbd', 'j18', 'K8', '39.9', 'appendektomi', 'nyeri kepala', 'hipertensi', 'a', 'diabetes'];
      const seen = new Set();
      for (const q of queries) {
        for (const system of [undefined, 'icd10', 'icd9cm', 'icpc2']) {
          const r = k.search(q, system ? { system, limit: 20 } : { limit: 20 });
          assert.ok(r.length <= 20);
          r.forEach((x) => {
            checkResult(x, `search(${q}, ${system})`);
            if (system) assert.equal(x.system, system);
            seen.add(x.system);
          });
          for (let i = 1; i < r.length; i++) assert.ok(r[i - 1].score >= r[i].score, `sorted by score: ${q}`);
        }
      }
      assert.deepEqual([...seen].sort(), ['icd10', 'icd9cm', 'icpc2'], 'the queries reach all three systems');
    });

    it('options: limit, leafOnly, block, chapter, null/undefined', () => {
      assert.equal(k.search('demam', { limit: 3 }).length, 3);
      assert.equal(k.search('demam', { limit: 100 }).length > 10, true);
      const leaves = k.search('pneumonia', { leafOnly: true, block: 'J09-J18', limit: 20 });
      assert.ok(leaves.length > 0);
      for (const r of leaves) {
        assert.equal(r.leaf, true);
        assert.ok(r.code >= 'J09' && r.code < 'J19', r.code);
      }
      const ch = k.search('nyeri', { system: 'icpc2', chapter: 'R', limit: 20 });
      assert.ok(ch.length > 0);
      for (const r of ch) assert.ok(r.code.startsWith('R'), r.code);
      const plain = k.search('dbd').map((r) => r.code);
      assert.deepEqual(k.search('dbd', null).map((r) => r.code), plain);
      assert.deepEqual(k.search('dbd', undefined).map((r) => r.code), plain);
      assert.deepEqual(k.search('dbd', {}).map((r) => r.code), plain);
    });

    it('lookup gives the hierarchy: parent, children, block, chapter', () => {
      const d = k.lookup('icd10', 'j18.9');
      assert.deepEqual(Object.keys(d).sort(), DETAILS_KEYS);
      assert.equal(d.code, 'J18.9');
      assert.equal(d.kind, 'code');
      assert.equal(d.fhir_system, FHIR.icd10);
      assert.equal(d.parent.code, 'J18');
      assert.equal(d.block.code, 'J09-J18');
      assert.equal(d.block.kind, 'block');
      assert.equal(d.chapter.kind, 'chapter');
      assert.deepEqual(d.children, []);
      assert.equal(d.accepted_by_inacbg, true);
      for (const s of [d.parent, d.block, d.chapter]) {
        assert.deepEqual(Object.keys(s).sort(), SUMMARY_KEYS);
        checkSummary(s, 'lookup J18.9');
      }
      const p = k.lookup('icd10', 'J18');
      assert.equal(p.leaf, false);
      const kids = p.children.map((c) => c.code);
      assert.ok(kids.includes('J18.9'), `${kids}`);
      assert.ok(kids.every((c) => c.startsWith('J18.')), `${kids}`);
      p.children.forEach((c) => checkSummary(c, 'J18 children'));
      assert.equal(k.lookup('icpc2', 'K86').fhir_system, FHIR.icpc2);
      assert.equal(k.lookup('icd9cm', k.search('appendektomi', { system: 'icd9cm' })[0].code).fhir_system, FHIR.icd9cm);
    });

    it('crosswalk icpc2 K86 → I10 (primary), and back', () => {
      const t = k.crosswalk('icpc2', 'K86');
      assert.equal(t[0].code, 'I10');
      assert.equal(t[0].system, 'icd10');
      assert.equal(t[0].primary, true);
      t.forEach((x) => {
        checkSummary(x, 'crosswalk K86');
        assert.equal(typeof x.primary, 'boolean');
      });
      assert.ok(k.crosswalk('icd10', 'I10').some((x) => x.code === 'K86'));
    });

    it('isValid and version', () => {
      assert.equal(k.isValid('icd10', 'A91'), true);
      assert.equal(k.isValid('icd10', 'Q99.99'), false);
      const v = k.version();
      assert.equal(typeof v.koder, 'string');
      assert.ok(v.data.counts.records > 1000);
      assert.equal(typeof v.data.data_version, 'string');
    });

    it('errors are Errors with code, messageId, messageEn', () => {
      koderError(() => k.lookup('icd10', 'Q99.999'), 'unknown_code');
      koderError(() => k.crosswalk('icpc2', 'Z99.9'), 'unknown_code');
      koderError(() => k.lookup('loinc', '1'), 'unknown_system');
      koderError(() => k.crosswalk('snomed', '1'), 'unknown_system');
      koderError(() => k.isValid('loinc', '1'), 'unknown_system');
      koderError(() => k.search('dbd', { system: 'loinc' }), 'invalid_input');
      koderError(() => k.search('dbd', { limit: 0 }), 'invalid_option');
      koderError(() => k.search('dbd', { limit: 101 }), 'invalid_option');
      koderError(() => k.search('dbd', { limit: -1 }), 'invalid_input');
      koderError(() => k.search('dbd', { limit: '5' }), 'invalid_input');
      const e = koderError(() => k.search('dbd', { leafonly: true }), 'invalid_input');
      assert.match(e.messageEn, /leafonly/);
      for (const bad of ['abc', 5, true, [1, 2]]) koderError(() => k.search('dbd', bad), 'invalid_input');
      koderError(() => k.crosswalk('icd9cm', '39.95'), 'unsupported_crosswalk');
      koderError(() => k.lookup('icd10', 'A'.repeat(10_000)), 'input_too_long');
      koderError(() => k.search('é'.repeat(300)), 'input_too_long');
    });

    it('no crash on hostile input: empty, 1 MB, NUL, control characters', () => {
      assert.deepEqual(k.search(''), []);
      assert.deepEqual(k.search('   '), []);
      assert.equal(noPanicSearch(k, 'demam berdarah '.repeat(70_000)), 'input_too_long');
      noPanicCode(k, 'icd10', 'x'.repeat(1 << 20));
      noPanicCode(k, 'x'.repeat(1 << 20), 'A91');
      for (const q of ['\0', 'dbd\0', '\u0001\u0007\b\t\n\r\u000b\f\u001b[31m\u007f', '\u200b\ufeff\u202edemam', '\\', '%s%n', '"\'<>&']) {
        noPanicSearch(k, q);
        noPanicCode(k, 'icd10', q);
        noPanicCode(k, q, 'A91');
      }
      assert.ok(k.search('dbd').some((r) => r.code === 'A91'), 'still works afterwards');
    });

    it('no crash on lone surrogates and emoji', () => {
      const hi = String.fromCharCode(0xd800);
      const lo = String.fromCharCode(0xdc00);
      for (const q of [hi, lo, lo + hi, `dbd${hi}`, `${hi} demam ${lo}`, '😷', '🦟 demam berdarah 🩸', '👨‍👩‍👧‍👦🏳️‍🌈', 'ديمام 発熱 ไข้', 'e\u0301\u0301\u0301']) {
        noPanicSearch(k, q);
        noPanicCode(k, 'icd10', q);
        noPanicCode(k, q, 'A91');
      }
      assert.ok(k.search(`dbd${hi}`).some((r) => r.code === 'A91'), 'the valid part of the query still matches');
      assert.ok(k.search('demam 😷').length > 0);
    });

    it('every prefix of a long typed query answers', () => {
      const q = 'demam berdarah dengue dengan perdarahan 😷 J18.9 K86 39.95';
      for (let i = 1; i <= q.length; i++) noPanicSearch(k, q.slice(0, i));
    });

    it('non-string arguments throw an Error and leave the module usable', () => {
      for (const f of [() => k.search(123), () => k.search({}), () => k.search(null), () => k.lookup('icd10', 5), () => k.lookup('icd10')]) {
        assert.throws(f, Error);
      }
      assert.ok(k.search('dbd').some((r) => r.code === 'A91'));
      assert.equal(k.lookup('icd10', 'A91').code, 'A91');
    });

    it('non-string arguments throw a Koder error (invalid_input)', () => {
      koderError(() => k.search(123), 'invalid_input');
      koderError(() => k.lookup('icd10', 5), 'invalid_input');
    });
  });
}

suite('pkg/nodejs via require', () => require(join(pkg, 'nodejs')));

// pkg/npm installed as "@koder/icd" in a temporary node_modules: the exports map decides.
let tmp;
function installNpm() {
  if (!tmp) {
    tmp = mkdtempSync(join(tmpdir(), 'koder-npm-'));
    mkdirSync(join(tmp, 'node_modules', '@koder'), { recursive: true });
    symlinkSync(join(pkg, 'npm'), join(tmp, 'node_modules', '@koder', 'icd'), 'dir');
    writeFileSync(join(tmp, 'entry.mjs'),
      "import * as k from '@koder/icd';\nexport default k;\nexport const resolved = import.meta.resolve('@koder/icd');\n");
  }
  return tmp;
}
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

suite('pkg/npm via import (node export condition)', async () => {
  const dir = installNpm();
  const m = await import(pathToFileURL(join(dir, 'entry.mjs')).href);
  assert.match(m.resolved, /\/nodejs\/koder\.js$/, `the node condition picks the Node build: ${m.resolved}`);
  return m.default;
});

suite('pkg/npm via require (node export condition)', () => {
  const dir = installNpm();
  const req = createRequire(join(dir, 'entry.mjs'));
  assert.match(req.resolve('@koder/icd'), /[/\\]nodejs[/\\]koder\.js$/);
  return req('@koder/icd');
});

suite('pkg/web/koder.js with initSync in Node', async () => {
  const web = await import('../../pkg/web/koder.js');
  const out = web.initSync({ module: readFileSync(join(pkg, 'web', 'koder_full_bg.wasm')), catalog: readFileSync(join(pkg, 'web', 'koder_catalog.bin')) });
  assert.ok(out.memory instanceof WebAssembly.Memory);
  return web;
});

describe('package metadata', { skip: SKIP }, () => {
  it('pkg/npm/package.json maps the node condition to the Node build', () => {
    const meta = JSON.parse(readFileSync(join(pkg, 'npm', 'package.json'), 'utf8'));
    assert.equal(meta.exports['.'].node, './nodejs/koder.js');
    assert.equal(meta.exports['.'].browser, './web/koder.js');
    const keys = Object.keys(meta.exports['.']);
    assert.ok(keys.indexOf('node') < keys.indexOf('import'), 'node comes before import');
    assert.ok(existsSync(join(pkg, 'npm', 'nodejs', 'koder_bg.wasm')));
  });
});
