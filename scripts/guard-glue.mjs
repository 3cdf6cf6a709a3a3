// Puts a guard around every call from the wasm-bindgen glue into the wasm module, in each
// generated glue (pkg/nodejs, pkg/bundler, and the web build's two modules in target/web-glue,
// which scripts/build-wasm.sh then bundles into pkg/web/koder.js). Usage: node scripts/guard-glue.mjs
//
// A call into wasm that ends in an exception instead of a return (a panic, a trap, the
// JavaScript stack running out while wasm code runs) abandons its Rust frames: without help
// the module's shadow-stack pointer stays where those frames left it, and after a few hundred
// such calls every call fails. The guard saves the pointer (exported by build.rs as
// `__stack_pointer`) before each call and puts it back when the call throws, then asks the
// module (`__koderRecover`) whether a panic was the cause, in which case it throws Koder's
// `internal_error` (a JavaScript Error with code, messageId, messageEn) instead of the bare
// `RuntimeError: unreachable`. Koder's own errors are return values, never exceptions, so the
// guard costs one try block per call.
import { readFileSync, writeFileSync } from 'node:fs';

const GUARD = `
/* Koder: the guard of every call into the wasm module (scripts/guard-glue.mjs). */
function __koder_guard(exports) {
    const sp = exports.__stack_pointer;
    if (typeof WebAssembly === 'undefined' || !(sp instanceof WebAssembly.Global)) {
        throw new Error('the wasm module does not export __stack_pointer: rebuild with scripts/build-wasm.sh');
    }
    const guarded = {};
    for (const name of Object.keys(exports)) {
        const f = exports[name];
        if (typeof f !== 'function') {
            guarded[name] = f;
            continue;
        }
        const recovering = name === '__koderRecover';
        guarded[name] = function (...args) {
            const saved = sp.value;
            try {
                return f(...args);
            } catch (e) {
                sp.value = saved;
                let internal;
                if (!recovering) {
                    try { internal = __koderRecover(); } catch (_) { /* the original error says more */ }
                }
                throw internal === undefined ? e : internal;
            }
        };
    }
    return guarded;
}
`;

// The search module's glue also lets the web entry drop the module once the full module answers:
// with these references gone, nothing holds its instance and memory (its own copy of the catalog).
const RELEASE = `
/* Koder: lets the web entry drop this module once the full module answers (scripts/guard-glue.mjs). */
export function __koderRelease() {
    wasm = undefined;
    wasmInstance = undefined;
    wasmModule = undefined;
    __wbg_init_promise = undefined;
    cachedDataViewMemory0 = null;
    cachedUint8ArrayMemory0 = null;
}
`;

const targets = [
  ['pkg/nodejs/koder.js', 'let wasm = wasmInstance.exports;', 'let wasm = __koder_guard(wasmInstance.exports);'],
  ['target/web-glue/koder_full.js', '    wasm = instance.exports;', '    wasm = __koder_guard(instance.exports);'],
  ['target/web-glue/koder_search.js', '    wasm = instance.exports;', '    wasm = __koder_guard(instance.exports);'],
  ['pkg/bundler/koder_bg.js', '    wasm = val;', '    wasm = __koder_guard(val);'],
];
for (const [file, from, to] of targets) {
  const src = readFileSync(file, 'utf8');
  const at = src.split(from).length - 1;
  if (at !== 1) throw new Error(`${file}: expected "${from}" once, found it ${at} times (wasm-bindgen output changed?)`);
  if (!/function __koderRecover\(/.test(src)) throw new Error(`${file}: no __koderRecover in the glue`);
  const release = file.endsWith('koder_search.js');
  for (const name of release ? ['wasm', 'wasmInstance', 'wasmModule', '__wbg_init_promise', 'cachedDataViewMemory0', 'cachedUint8ArrayMemory0'] : []) {
    if (!new RegExp(`^let [^;]*\\b${name}\\b`, 'm').test(src)) throw new Error(`${file}: no "let ${name}" in the glue (wasm-bindgen output changed?)`);
  }
  writeFileSync(file, src.replace(from, to) + GUARD + (release ? RELEASE : ''));
  console.log(`guarded: ${file}`);
}
