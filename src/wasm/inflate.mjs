// Membuka gzip / Opening gzip (RFC 1952 around RFC 1951 deflate), for the web entry's catalog file
// where the platform cannot: `initSync` (synchronous, so no DecompressionStream) and browsers
// without DecompressionStream (Safari before 16.4, Firefox before 113). Bundled into
// pkg/web/koder.js by scripts/build-wasm.sh; tests/node/inflate.test.mjs tests it against zlib.
//
// Bounded for any input: at most `max` bytes come out, every step reads at least one bit or
// writes at least one byte, a block's codes cost at most a 512-entry table and its symbols, and
// a stream that needs bytes past the end of its input is an error. Not checked here, as zlib
// would: the CRC-32 (the size in the trailer is), incomplete codes (a code they lack is an
// error when it is met), bytes after the stream. Damage that still decodes is caught after
// this by the size in the trailer and, for a catalog, by the bundle's hash of every byte.

/** True when the bytes start like a gzip stream (ID1 ID2, deflate). */
export function isGzip(b) {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

/** Why bytes could not be opened; its message is English, the caller words it for users. */
export class InflateError extends Error {}

const fail = (why) => {
  throw new InflateError(why);
};

// Lengths 257..285 and distances 0..29: base values and extra bits (RFC 1951, 3.2.5).
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
  4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order the code length code lengths come in (3.2.7).
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Codes of at most this many bits are looked up in one step; longer ones are walked. */
const FAST = 9;

/**
 * A canonical Huffman code: a lookup table indexed by the next FAST input bits (codes arrive
 * bit-reversed), each entry `length << 16 | symbol` for the codes of at most FAST bits and 0
 * elsewhere; and, for the walk of longer codes (as zlib's puff does), how many codes each
 * length has and the symbols in code order. An over-subscribed code is damage.
 */
function huffman(lengths, h = codeSpace(lengths.length)) {
  const { table, count, symbols } = h;
  table.fill(0);
  count.fill(0);
  for (const l of lengths) count[l]++;
  count[0] = 0;
  const next = NEXT;
  const offset = OFFSET;
  for (let b = 1, code = 0; b < 16; b++) {
    code = (code + count[b - 1]) << 1;
    next[b] = code;
    offset[b] = offset[b - 1] + count[b - 1];
  }
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym];
    if (!len) continue;
    const code = next[len]++;
    if (code >= 1 << len) fail('over-subscribed Huffman code');
    symbols[offset[len]++] = sym;
    if (len > FAST) continue;
    let rev = 0;
    for (let i = 0; i < len; i++) rev |= ((code >> i) & 1) << (len - 1 - i);
    for (let i = rev; i < table.length; i += 1 << len) table[i] = (len << 16) | sym;
  }
  return h;
}

// Scratch of `huffman` (one call at a time: JavaScript runs one).
const NEXT = new Uint16Array(16);
const OFFSET = new Uint16Array(16);

/** Room for a code of up to `n` symbols; a dynamic block's codes reuse it, so a stream of tiny blocks allocates nothing per block. */
function codeSpace(n) {
  return { table: new Int32Array(1 << FAST), count: new Uint16Array(16), symbols: new Uint16Array(n) };
}

/** The symbol of a code longer than FAST bits (or none) at the start of `buf`: its length and symbol as a table entry, 0 for none. */
function walk(h, buf) {
  let code = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len < 16; len++) {
    code |= (buf >>> (len - 1)) & 1;
    const n = h.count[len];
    if (code - first < n) return (len << 16) | h.symbols[index + code - first];
    index += n;
    first = (first + n) << 1;
    code <<= 1;
  }
  return 0;
}

let FIXED = null;
function fixedCodes() {
  if (!FIXED) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144);
    lit.fill(9, 144, 256);
    lit.fill(7, 256, 280);
    lit.fill(8, 280, 288);
    FIXED = [huffman(lit), huffman(new Uint8Array(30).fill(5))];
  }
  return FIXED;
}

/**
 * The bytes inside a gzip stream (its first member), at most `max` of them. Throws
 * [`InflateError`] for anything that is not a whole, sound gzip stream of at most `max` bytes.
 */
export function gunzip(input, max) {
  const n = input.length;
  if (!isGzip(input) || n < 18) fail('not a gzip stream');
  const flags = input[3];
  if (flags & 0xe0) fail('reserved gzip flags');
  let pos = 10;
  if (flags & 4) pos += 2 + (input[pos] | (input[pos + 1] << 8)); // FEXTRA
  for (const bit of [8, 16]) { // FNAME, FCOMMENT: zero-terminated
    if (flags & bit) {
      while (pos < n && input[pos] !== 0) pos++;
      pos++;
    }
  }
  if (flags & 2) pos += 2; // FHCRC
  if (pos > n - 8) fail('cut gzip stream');
  const size = (input[n - 4] | (input[n - 3] << 8) | (input[n - 2] << 16) | (input[n - 1] << 24)) >>> 0;
  if (size > max) fail(`more than ${max} bytes inside`);
  const out = inflate(input.subarray(pos, n - 8), size, max);
  if (out.length !== size) fail('gzip size does not match');
  return out;
}

/** Raw deflate → bytes: `expect` bytes are made room for first, more only up to `max`. */
function inflate(src, expect, max) {
  let out = new Uint8Array(Math.max(expect, 1024));
  let len = 0;
  let pos = 0;
  let buf = 0;
  let cnt = 0;
  const n = src.length;
  // At least `k` (≤ 24) bits in `buf`; past the end of the input, zero bytes, at most 4 of them
  // (a code near the end may look further ahead than it uses), then an error.
  const need = (k) => {
    while (cnt < k) {
      if (pos >= n + 4) fail('cut deflate stream');
      buf |= (pos < n ? src[pos] : 0) << cnt;
      pos++;
      cnt += 8;
    }
  };
  const bits = (k) => {
    need(k);
    const v = buf & ((1 << k) - 1);
    buf >>>= k;
    cnt -= k;
    return v;
  };
  const decode = (h) => {
    need(15);
    let e = h.table[buf & ((1 << FAST) - 1)];
    if (!e) e = walk(h, buf);
    const l = e >>> 16;
    if (!l) fail('invalid Huffman code');
    buf >>>= l;
    cnt -= l;
    return e & 0xffff;
  };
  const room = (k) => {
    if (len + k <= out.length) return;
    if (len + k > max) fail(`more than ${max} bytes inside`);
    const grown = new Uint8Array(Math.min(max, Math.max(out.length * 2, len + k)));
    grown.set(out.subarray(0, len));
    out = grown;
  };
  const space = { clen: codeSpace(19), lit: codeSpace(288), dist: codeSpace(32), lengths: new Uint8Array(286 + 30) };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: to the byte boundary, then LEN and its complement, then the bytes.
      buf >>>= cnt & 7;
      cnt -= cnt & 7;
      pos -= cnt >> 3;
      buf = 0;
      cnt = 0;
      if (pos + 4 > n) fail('cut deflate stream');
      const k = src[pos] | (src[pos + 1] << 8);
      if ((k ^ (src[pos + 2] | (src[pos + 3] << 8))) !== 0xffff) fail('stored block length');
      pos += 4;
      if (pos + k > n) fail('cut deflate stream');
      room(k);
      out.set(src.subarray(pos, pos + k), len);
      len += k;
      pos += k;
    } else if (type === 3) {
      fail('invalid block type');
    } else {
      const [lit, dist] = type === 1 ? fixedCodes() : dynamicCodes(bits, decode, space);
      for (;;) {
        const sym = decode(lit);
        if (sym < 256) {
          room(1);
          out[len++] = sym;
        } else if (sym === 256) {
          break;
        } else {
          const li = sym - 257;
          if (li >= 29) fail('invalid length code');
          const length = LEN_BASE[li] + bits(LEN_EXTRA[li]);
          const di = decode(dist);
          if (di >= 30) fail('invalid distance code');
          const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
          if (d > len) fail('distance before the start');
          room(length);
          for (let i = 0; i < length; i++, len++) out[len] = out[len - d];
        }
      }
    }
  }
  if (pos - (cnt >> 3) > n) fail('cut deflate stream'); // it used the zero bytes past the end
  return out.subarray(0, len);
}

/** The two codes of a dynamic block, read from its header, in `space` (reused block after block). */
function dynamicCodes(bits, decode, space) {
  const nlit = bits(5) + 257;
  const ndist = bits(5) + 1;
  const nclen = bits(4) + 4;
  if (nlit > 286 || ndist > 30) fail('too many codes');
  const clen = space.lengths.subarray(0, 19).fill(0);
  for (let i = 0; i < nclen; i++) clen[CLEN_ORDER[i]] = bits(3);
  const lengthCode = huffman(clen, space.clen);
  const lengths = space.lengths.subarray(0, nlit + ndist).fill(0);
  for (let i = 0; i < lengths.length;) {
    const sym = decode(lengthCode);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let value = 0;
    let times;
    if (sym === 16) {
      if (i === 0) fail('repeat with nothing before');
      value = lengths[i - 1];
      times = 3 + bits(2);
    } else {
      times = sym === 17 ? 3 + bits(3) : 11 + bits(7);
    }
    if (i + times > lengths.length) fail('code lengths overflow');
    lengths.fill(value, i, i + times);
    i += times;
  }
  if (!lengths[256]) fail('no end-of-block code');
  return [huffman(lengths.subarray(0, nlit), space.lit), huffman(lengths.subarray(nlit), space.dist)];
}
