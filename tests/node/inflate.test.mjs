// Membuka gzip tanpa platform / The web entry's own gzip reader (src/wasm/inflate.mjs), which
// unpacks koder_catalog.bin for initSync and on browsers without DecompressionStream: it gives
// back exactly what zlib packed, in every block kind zlib writes, and refuses damage, cut
// streams and too much output with an error — never a hang, never more than `max` bytes.
//
//   node --test tests/node/inflate.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { gunzip, isGzip, InflateError } from '../../src/wasm/inflate.mjs';

const MAX = 32 << 20;
const { Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE } = zlib.constants;
const OPTIONS = [{ level: 0 }, { level: 1 }, { level: 6 }, { level: 9 }, { level: 6, strategy: Z_FIXED },
  { level: 9, strategy: Z_HUFFMAN_ONLY }, { level: 9, strategy: Z_RLE }];

/** Deterministic bytes: `n` of them from a small generator, text-like when `words`. */
function bytes(n, seed, words) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  const vocab = ['demam ', 'berdarah ', 'dengue ', 'A91 ', 'fraktur ', 'femur ', 'S72.0 ', '\u00e9 ', '\n'];
  for (let i = 0; i < n;) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    if (!words) {
      out[i++] = x & 0xff;
      continue;
    }
    for (const b of Buffer.from(vocab[x % vocab.length])) if (i < n) out[i++] = b;
  }
  return out;
}

function refused(f) {
  let thrown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof InflateError, `expected an InflateError, got ${thrown}`);
}

describe('gunzip (src/wasm/inflate.mjs)', () => {
  const inputs = [new Uint8Array(0), Uint8Array.of(7), bytes(70_000, 3, false), bytes(300_000, 5, true),
    new Uint8Array(200_000).fill(0x41)];

  it('gives back exactly what zlib packed, in stored, fixed and dynamic blocks', () => {
    for (const input of inputs) {
      for (const o of OPTIONS) {
        const packed = zlib.gzipSync(input, o);
        assert.ok(isGzip(packed));
        assert.deepEqual(Buffer.from(gunzip(packed, MAX)), Buffer.from(input), `${input.length} bytes, ${JSON.stringify(o)}`);
      }
    }
  });

  it('reads the optional gzip header fields (name, comment, extra, header check)', () => {
    const input = bytes(5000, 9, true);
    const deflated = zlib.deflateRawSync(input);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlib.crc32 ? zlib.crc32(input) : 0, 0);
    trailer.writeUInt32LE(input.length, 4);
    // FHCRC | FEXTRA | FNAME | FCOMMENT
    const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3]),
      Buffer.from([3, 0, 1, 2, 3]), Buffer.from('koder_catalog.bin\0'), Buffer.from('katalog\0'), Buffer.from([0, 0])]);
    const packed = Buffer.concat([header, deflated, trailer]);
    assert.deepEqual(Buffer.from(gunzip(packed, MAX)), Buffer.from(input));
  });

  it('refuses what is not gzip, cut streams (every 97th length), a wrong size and deflate data one byte short', () => {
    refused(() => gunzip(new Uint8Array(100), MAX));
    refused(() => gunzip(Buffer.from('not gzip at all, just text'), MAX));
    const packed = zlib.gzipSync(bytes(20_000, 11, true), { level: 9 });
    for (let cut = 0; cut < packed.length; cut += 97) refused(() => gunzip(packed.subarray(0, cut), MAX));
    const wrongSize = Buffer.from(packed);
    wrongSize[wrongSize.length - 4] ^= 1;
    refused(() => gunzip(wrongSize, MAX));
    // The deflate data without its last byte, the trailer kept (a stream that would end in the
    // zero bytes past the end of the input).
    for (const text of ['a', 'ab', 'demam berdarah dengue', 'A91 '.repeat(500)]) {
      const gz = zlib.gzipSync(Buffer.from(text), { level: 9 });
      const short = Buffer.concat([gz.subarray(0, gz.length - 9), gz.subarray(gz.length - 8)]);
      refused(() => gunzip(short, MAX));
    }
  });

  it('never hangs or throws anything else on damaged bytes', () => {
    const input = bytes(40_000, 13, true);
    const packed = zlib.gzipSync(input, { level: 9 });
    for (let i = 10; i < packed.length - 8; i += 37) {
      const damaged = Buffer.from(packed);
      damaged[i] ^= 0x5a;
      try {
        // Damage that still decodes gives other bytes; the catalog's hash of every byte refuses them.
        gunzip(damaged, MAX);
      } catch (e) {
        assert.ok(e instanceof InflateError, `byte ${i}: ${e}`);
      }
    }
    for (let seed = 1; seed < 200; seed++) {
      const noise = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), bytes(300, seed, false)]);
      try {
        gunzip(noise, MAX);
      } catch (e) {
        assert.ok(e instanceof InflateError, `noise ${seed}: ${e}`);
      }
    }
  });

  it('never makes more than `max` bytes, whatever the trailer says', () => {
    const zeros = zlib.gzipSync(new Uint8Array(4 << 20), { level: 9 }); // 4 MiB in ≈ 4 KB
    assert.equal(gunzip(zeros, 4 << 20).length, 4 << 20);
    refused(() => gunzip(zeros, (4 << 20) - 1));
    const lying = Buffer.from(zeros);
    lying.writeUInt32LE(100, lying.length - 4); // claims 100 bytes inside
    refused(() => gunzip(lying, 1 << 20));
  });
});
