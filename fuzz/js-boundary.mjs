// Fuzz target for the JavaScript boundary of the wasm module: random hostile JS values —
// getters and Proxy traps that throw, deep nesting, huge strings, Symbols, BigInt, Maps,
// class instances, functions, cycles, calls from a nearly exhausted JS stack — thrown at every
// exported function (and every Auditor method). After every batch, `search('demam')` must
// still answer exactly as at the start, and wasm memory must stay within 10 MB of where it
// started. Every exception must be a Koder error (code, messageId, messageEn; message at most
// 500 characters, without Rust type names) or the RangeError of the fuzzer's own recursion.
//
//   node fuzz/js-boundary.mjs                   # 60 s (by hand: --seconds 3600)
//   node fuzz/js-boundary.mjs --seconds 5 --seed 42
//
// Needs the web build (bash scripts/build-wasm.sh): it is loaded with initSync, which gives
// the module's memory. Exit 0 when every check held, 1 with the seed and the call otherwise.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const seconds = arg('seconds', 60);
const seed = arg('seed', Date.now() % 1e9);
const MB = 1 << 20;

const k = await import(pathToFileURL(join(root, 'pkg/web/koder.js')).href);
const exports = k.initSync({ module: readFileSync(join(root, 'pkg/web/koder_full_bg.wasm')), catalog: readFileSync(join(root, 'pkg/web/koder_catalog.bin')) });
const memory = () => exports.memory.buffer.byteLength;
const stackPointer = () => exports.__stack_pointer.value;

// xorshift32: the same seed gives the same calls.
let state = seed >>> 0 || 1;
const rand = () => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (n) => Math.floor(rand() * n);

const CLAIM_KEYS = ['sex', 'setting', 'diagnosa', 'diagnoses', 'procedures', 'birth_date', 'service_date', 'age_years', 'age_days', 'documents', 'care_class', 'id', 'nomor_sep'];
const OPTION_KEYS = ['system', 'limit', 'leafOnly', 'chapter', 'block', 'regional', 'hospital_class', 'ownership', 'format', 'map', 'context', 'tariffs', 'maxLineBytes'];
// Strings over every limit but the tables' (20 MiB) and chunks' (16 MiB): a big input the
// module accepts raises wasm memory to its size once (memory never shrinks), which is not a leak.
const HUGE = 'y'.repeat(MB + 1);
const GIANT = 'x'.repeat(100 * MB);
class Klass { constructor() { this.sex = 'M'; } }

const thrower = () => { throw new Error('hostile getter'); };
function withGetter(obj, key) {
  return Object.defineProperty(obj, key, { enumerable: true, get: thrower });
}
function deep(n, leaf) {
  let v = leaf;
  for (let i = 0; i < n; i++) v = rand() < 0.5 ? [v] : { diagnoses: v };
  return v;
}
const proxyTraps = ['get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has'];

/** One hostile (or harmless) value; `depth` bounds the recursion of the generator. */
function hostile(depth = 0) {
  switch (int(depth > 2 ? 12 : 23)) {
    case 0: return 'demam';
    case 1: return pick(['', 'A91', 'J18.9', 'icd10', 'icpc2', 'K86', '\u{D800}', 'de\u0301mam', 'ｄｅｍａｍ']);
    case 2: return HUGE.slice(0, pick([513, 70_000, MB + 1]));
    case 3: return pick([0, -1, 1.5, NaN, Infinity, -0, 2 ** 53, 1e308, 101]);
    case 4: return pick([true, false, null, undefined]);
    case 5: return Symbol('hostile');
    case 6: return pick([10n, -(2n ** 64n)]);
    case 7: return pick([() => 'x', function named() {}, class {}]);
    case 8: return pick([new Map([['sex', 'M']]), new Set([1]), new Date(), new Klass(), new Error('x'), /x/, new String('A91')]);
    case 9: return new Uint8Array(int(64)).fill(int(256));
    case 10: return pick([new DataView(new ArrayBuffer(4)), new Int16Array(3), new ArrayBuffer(8)]);
    case 11: return [hostile(depth + 1), hostile(depth + 1)];
    case 12: {
      const o = {};
      for (let i = int(4); i >= 0; i--) o[pick(rand() < 0.8 ? CLAIM_KEYS : OPTION_KEYS)] = hostile(depth + 1);
      return o;
    }
    case 13: return withGetter({ setting: 'inpatient', diagnosa: 'A91' }, pick(CLAIM_KEYS));
    case 14: return withGetter({ limit: 5 }, pick(OPTION_KEYS));
    case 15: {
      const trap = pick(proxyTraps);
      return new Proxy({ sex: 'M', diagnosa: 'A91' }, { [trap]: thrower });
    }
    case 16: {
      const { proxy, revoke } = Proxy.revocable({ sex: 'M' }, {});
      revoke();
      return proxy;
    }
    case 17: return deep(pick([9, 100, 10_000, 200_000]), 'A91');
    case 21: return GIANT; // copied nowhere: refused by its length
    case 18: {
      const o = { sex: 'M' };
      o.self = o;
      return o;
    }
    case 19: return Object.create(null, { sex: { value: 'F', enumerable: true } });
    case 20: {
      const u = new Uint8Array(4);
      return Object.defineProperty(u, 'length', { get: thrower });
    }
    default: {
      const o = { diagnosa: HUGE.slice(0, pick([1000, 200_000])) };
      return withGetter(o, 'sex');
    }
  }
}

/** Calls `f` when only `slack` frames of JavaScript stack are left. */
function nearStackLimit(f, slack) {
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
      }
    }
    return left - 1;
  };
  dive();
}

const RUST_WORDS = /untagged enum|Scalar|\bf64\b|\bu32\b|\busize\b|struct [A-Z]|ClaimInput|JsValue|serde/;
function checkError(e, where) {
  if (e instanceof RangeError) return; // the JS stack ran out in the fuzzer's own recursion
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.messageId !== 'string' || typeof e.messageEn !== 'string') {
    throw new Error(`${where}: not a Koder error: ${String(e && e.stack || e).slice(0, 300)}`);
  }
  if (e.message.length > 500) throw new Error(`${where}: message of ${e.message.length} characters`);
  if (RUST_WORDS.test(e.message)) throw new Error(`${where}: Rust words in ${e.message}`);
}

const describe = (v) => {
  try {
    return typeof v === 'string' ? `string(${v.length})` : typeof v === 'object' && v ? `${v.constructor?.name ?? 'null-proto'}{${Object.keys(v).join(',').slice(0, 60)}}` : String(v).slice(0, 30);
  } catch {
    return typeof v;
  }
};

const FUNCTIONS = [
  ['search', (a, b) => k.search(a, b)],
  ['lookup', (a, b) => k.lookup(a, b)],
  ['isValid', (a, b) => k.isValid(a, b)],
  ['crosswalk', (a, b) => k.crosswalk(a, b)],
  ['check', (a) => k.check(a)],
  ['group', (a, b) => k.group(a, b)],
  ['loadGroupingTables', (a) => k.loadGroupingTables(a)],
  ['loadTariffs', (a) => k.loadTariffs(a)],
  ['groupingVersion', () => k.groupingVersion()],
  ['version', () => k.version()],
  ['warmUp', () => k.warmUp()],
  ['Auditor', (a, b) => {
    const au = new k.Auditor(a);
    try {
      au.push(b);
      au.rows();
      au.finish();
      au.takeCsv();
      au.reportHtml(hostile(3));
      au.summaryCsv();
    } finally {
      au.free();
    }
  }],
];

const claim = { setting: 'inpatient', sex: 'M', age_years: 40, diagnoses: ['J18.9', 'E11.9'] };
const answer = () => JSON.stringify([k.search('demam'), k.check(claim), k.group(claim)]);
const expected = answer();
const start = memory();
const sp = stackPointer();
const t0 = Date.now();
let calls = 0;
let batches = 0;
let last = '';
try {
  while (Date.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 200; i++) {
      const [name, f] = pick(FUNCTIONS);
      const a = hostile();
      const b = rand() < 0.3 ? undefined : hostile();
      last = `${name}(#${calls})`;
      const m0 = process.env.KODER_FUZZ_TRACE ? memory() : 0;
      try {
        if (rand() < 0.02) nearStackLimit(() => f(a, b), int(1500));
        else f(a, b);
      } catch (e) {
        checkError(e, last);
      }
      if (process.env.KODER_FUZZ_TRACE && memory() > m0) console.log(`${last}: +${((memory() - m0) / MB).toFixed(2)} MB (${describe(a)}, ${describe(b)})`);
      calls++;
    }
    batches++;
    last = `search('demam') after ${calls} calls`;
    if (answer() !== expected) throw new Error(`${last}: the answers changed`);
    if (stackPointer() !== sp) throw new Error(`${last}: the shadow-stack pointer moved`);
    const grown = memory() - start;
    if (grown > 10 * MB) throw new Error(`${last}: wasm memory grew by ${(grown / MB).toFixed(1)} MB`);
  }
} catch (e) {
  console.error(`FAIL (seed ${seed}) at ${last}: ${e.stack || e}`);
  process.exit(1);
}
console.log(
  `ok: ${calls} hostile calls in ${((Date.now() - t0) / 1000).toFixed(1)} s (seed ${seed}); ` +
  `search('demam') answers as before; wasm memory ${(start / MB).toFixed(1)} → ${(memory() / MB).toFixed(1)} MB`,
);
