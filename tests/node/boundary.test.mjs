// Die JS-Grenze / The JavaScript boundary never breaks: the hostile inputs that used to leave
// the wasm module failing for good (issue 13) become tests. For each kind, 10,000 hostile calls,
// then `search('demam')`, `check()` and `group()` must answer exactly as before and wasm memory
// must be within 10 MB of where it started. Then the JS-boundary fuzzer runs for a few seconds.
//
//   bash scripts/build-wasm.sh && node --test tests/node/boundary.test.mjs
//
// Skipped, with a message, when pkg/ has not been built.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = join(root, 'pkg');
const needed = ['nodejs/koder.js', 'web/koder.js', 'web/koder_full_bg.wasm', 'web/koder_catalog.bin'];
const missing = needed.filter((f) => !existsSync(join(pkg, f)));
const SKIP = missing.length
  ? `pkg/ belum dibangun (tidak ada: ${missing.join(', ')}); jalankan bash scripts/build-wasm.sh / ` +
    `pkg/ is not built (missing: ${missing.join(', ')}); run bash scripts/build-wasm.sh`
  : false;
if (SKIP) console.log(`# SKIP: ${SKIP}`);

const MB = 1 << 20;
const N = 10_000;
const thrower = () => { throw new Error('hostile getter'); };
const withGetter = (obj, key) => Object.defineProperty(obj, key, { enumerable: true, get: thrower });
const claim = { setting: 'inpatient', sex: 'M', age_years: 40, diagnoses: ['J18.9', 'E11.9'] };

function nested(levels) {
  let v = 'A91';
  for (let i = 0; i < levels; i++) v = { diagnoses: [v] };
  return v;
}

/** Calls `f` when only `slack` frames of JavaScript stack are left (it may end in a RangeError). */
function nearStackLimit(f, slack) {
  let rangeErrors = 0;
  const dive = () => {
    let left;
    try {
      left = dive();
    } catch {
      left = slack;
    }
    if (left === 0) {
      try {
        f();
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        rangeErrors++;
      }
    }
    return left - 1;
  };
  dive();
  return rangeErrors;
}

/** Asserts that `e` is a Koder error with the given code, bounded and free of Rust type names. */
function assertKoderError(e, code, where) {
  assert.ok(e instanceof Error, `${where}: ${e}`);
  assert.equal(e.code, code, `${where}: ${e.message}`);
  assert.equal(typeof e.messageId, 'string');
  assert.equal(typeof e.messageEn, 'string');
  assert.ok(e.message.length <= 500, `${where}: ${e.message.length} characters`);
  assert.doesNotMatch(e.message, /untagged enum|Scalar|\bf64\b|\busize\b|struct [A-Z]|ClaimInput|JsValue/, where);
}

describe('the wasm module survives hostile JavaScript values', { skip: SKIP }, () => {
  let k;
  let memory;
  let stackPointer;
  let answer;
  let expected;
  before(async () => {
    k = await import(pathToFileURL(join(pkg, 'web/koder.js')).href);
    const exports = k.initSync({ module: readFileSync(join(pkg, 'web/koder_full_bg.wasm')), catalog: readFileSync(join(pkg, 'web/koder_catalog.bin')) });
    memory = () => exports.memory.buffer.byteLength;
    stackPointer = () => exports.__stack_pointer.value;
    answer = () => JSON.stringify([k.search('demam'), k.check(claim), k.group(claim)]);
    expected = answer();
  });

  /** `N` calls of `call(i)`, each throwing the error `code` (or any of `codes`). */
  function survives(name, call, code, n = N) {
    it(`${name}: ${n} calls, then the module answers as before`, () => {
      const start = memory();
      for (let i = 0; i < n; i++) {
        let thrown;
        try {
          call(i);
        } catch (e) {
          thrown = e;
        }
        if (code !== null) {
          assert.ok(thrown, `${name}: call ${i} did not throw`);
          if (i < 3 || i === n - 1) assertKoderError(thrown, code, `${name} #${i}`);
          else assert.equal(thrown.code, code, `${name} #${i}: ${thrown.message}`);
        }
      }
      assert.equal(answer(), expected, `${name}: search('demam'), check and group answer as before`);
      const grown = memory() - start;
      console.log(`# ${name}: wasm memory ${(start / MB).toFixed(1)} → ${(memory() / MB).toFixed(1)} MB`);
      assert.ok(grown <= 10 * MB, `${name}: wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
    });
  }

  const badSex = () => withGetter({ setting: 'inpatient', age_years: 30, diagnosa: 'A91' }, 'sex');
  survives('group(claim with a throwing getter)', () => k.group(badSex()), 'invalid_input');
  survives('check(claim with a throwing getter)', () => k.check(badSex()), 'invalid_input');
  survives('search options with a throwing getter', () => k.search('demam', withGetter({}, 'limit')), 'invalid_input');
  survives('group context with a throwing getter', () => k.group(claim, withGetter({}, 'regional')), 'invalid_input');
  const deep = nested(100_000);
  survives('group(claim nested 100,000 levels)', () => k.group(deep), 'invalid_input');
  const traps = ['get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'];
  survives('check(Proxy whose traps throw)', (i) => k.check(new Proxy({ sex: 'M' }, { [traps[i % 4]]: thrower })), 'invalid_input');
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  survives('check(revoked Proxy)', () => k.check(revoked.proxy), 'invalid_input');
  const big = { diagnosa: 'A91#'.repeat(16_000) + 'A00' };
  survives('check(64 KiB diagnosa and a throwing getter)', () => k.check(withGetter({ ...big }, 'sex')), 'invalid_input');
  const mib = { diagnosa: 'x'.repeat(MB) };
  survives('check(1 MiB diagnosa)', () => k.check(mib), 'input_too_long');
  const huge = 'demam '.repeat(MB);
  survives('search(6 MiB query)', () => k.search(huge), 'input_too_long');
  survives('check({ birth_date: { a: 10 MB } })', () => k.check({ birth_date: { a: 'y'.repeat(1e7) } }), 'input_too_long', 200);
  const refused = [new Map([['sex', 'M']]), new (class Claim { constructor() { this.sex = 'M'; } })(), () => ({}), Symbol('s'), 10n, new Date(), [claim]];
  survives('check(Map, class instance, function, Symbol, BigInt, Date, array)', (i) => k.check(refused[i % refused.length]), 'invalid_input');
  survives('claim values: Symbol, BigInt, function, NaN', (i) => k.group({ ...claim, age_years: [Symbol('x'), 1n, thrower, NaN][i % 4] }), 'invalid_input');
  survives('Auditor options and chunks that throw', (i) => {
    if (i % 2) return new k.Auditor(withGetter({}, 'format'));
    const a = new k.Auditor({ format: 'jsonl' });
    try {
      a.push(new Proxy(new Uint8Array(8), { get: thrower }));
    } finally {
      a.free();
    }
  }, 'invalid_input');
  survives('a panic inside the module', () => k.__koderTestPanic(), 'internal_error');

  it('calls from a nearly exhausted JS stack (the stack runs out inside wasm) leave no trace', () => {
    // Sweeping how much stack is left makes some calls run out inside wasm code, abandoning
    // its frames; the guard puts the shadow-stack pointer back each time.
    const start = { sp: stackPointer(), mem: memory() };
    let failed = 0;
    for (const f of [() => k.search('demam'), () => k.check(claim), () => k.group(claim)]) {
      for (let slack = 0; slack < 1500; slack++) failed += nearStackLimit(f, slack);
    }
    assert.ok(failed > 0, 'no call ran out of stack: the sweep did not reach the limit');
    assert.equal(stackPointer(), start.sp, 'the shadow-stack pointer is back where it was');
    assert.equal(answer(), expected);
    assert.ok(memory() - start.mem <= 10 * MB);
    console.log(`# ${failed} of 4500 calls ran out of stack; stack pointer and answers unchanged`);
  });

  it('Map, class instances and functions are refused, plain objects of any prototype-less kind accepted', () => {
    for (const bad of [new Map([['sex', 'M']]), new (class X {})(), () => 1, 'A91', 5, null, [1]]) {
      let thrown;
      try {
        k.check(bad);
      } catch (e) {
        thrown = e;
      }
      assertKoderError(thrown, 'invalid_input', String(bad));
    }
    const bare = Object.assign(Object.create(null), { sex: 'F', age_years: 30, diagnosa: 'N39.0' });
    assert.equal(JSON.stringify(k.check(bare)), JSON.stringify(k.check({ sex: 'F', age_years: 30, diagnosa: 'N39.0' })));
  });

  it('messages are bounded and cut the offending value', () => {
    for (const c of [{ birth_date: { a: 'y'.repeat(900_000) } }, { age_years: 'z'.repeat(900_000) }, { sex: 'Q'.repeat(900_000) }]) {
      let thrown;
      try {
        k.check(c);
      } catch (e) {
        thrown = e;
      }
      assertKoderError(thrown, 'invalid_input', Object.keys(c)[0]);
    }
    let e;
    try {
      k.check({ birth_date: '1800-01-01' });
    } catch (x) {
      e = x;
    }
    assertKoderError(e, 'invalid_input', '1800-01-01');
    assert.match(e.messageId, /di luar rentang 1900-01-01/);
    assert.match(e.messageEn, /outside 1900-01-01/);
  });

  it('decomposed, fullwidth and styled text searches like the plain form', () => {
    const codes = (q) => k.search(q).map((r) => r.code).join(' ');
    const plain = codes('demam');
    for (const q of ['de\u0301mam', 'ｄｅｍａｍ', 'ＤＥＭＡＭ', '𝐝𝐞𝐦𝐚𝐦']) assert.equal(codes(q), plain, q);
    assert.equal(codes('Ｊ１８．９'), codes('J18.9'));
    assert.ok(!codes('de\u0301mam').split(' ').includes('E46'), 'not malnutrition');
  });
});

describe('the Node build (pkg/nodejs) after the reproducer of issue 13', { skip: SKIP }, () => {
  it('10,000 group() calls with a throwing getter, then search("demam") answers', () => {
    const k = createRequire(import.meta.url)(join(pkg, 'nodejs'));
    const before = JSON.stringify(k.search('demam'));
    const b = withGetter({ setting: 'inpatient', age_years: 30, diagnosa: 'A91' }, 'sex');
    for (let i = 0; i < N; i++) {
      try {
        k.group(b);
      } catch {}
    }
    assert.equal(JSON.stringify(k.search('demam')), before);
  });
});

describe('the JS-boundary fuzzer (fuzz/js-boundary.mjs), briefly', { skip: SKIP }, () => {
  it('runs 5 s of random hostile calls with every check holding', () => {
    const seed = String(Date.now() % 1e9);
    const r = spawnSync(process.execPath, ['--no-warnings', join(root, 'fuzz/js-boundary.mjs'), '--seconds', '5', '--seed', seed], { encoding: 'utf8' });
    console.log(`# ${(r.stdout + r.stderr).trim()}`);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
