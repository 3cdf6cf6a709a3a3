//! The catalog bundle: the three parts of a catalog (`catalog.bin`, `words.fst`, `codes.fst`) in
//! one file, `koder_catalog.bin`, which the web build fetches once and hands to both of its
//! modules (the search module answers first, the full module follows). The bundle names the
//! build that wrote it ([`Bundle::id`], a hash of the three parts), so a module refuses a
//! catalog of another build instead of reading it wrongly.
//!
//! Layout (little-endian): [`MAGIC`], u32 [`VERSION`], u64 id, three u32 part lengths, then the
//! parts one after the other.

/// First four bytes of a bundle.
pub const MAGIC: &[u8; 4] = b"KODB";
/// Version of the bundle layout.
pub const VERSION: u32 = 1;
/// Bytes before the first part.
pub const HEADER_SIZE: usize = 4 + 4 + 8 + 3 * 4;

/// Where the three parts of a bundle are, as byte ranges of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// The hash of the three parts ([`id`]); the build that wrote the bundle.
    pub id: u64,
    /// `catalog.bin`.
    pub blob: std::ops::Range<usize>,
    /// `words.fst`.
    pub words: std::ops::Range<usize>,
    /// `codes.fst`.
    pub codes: std::ops::Range<usize>,
}

/// The id of a catalog: a 64-bit hash of the lengths and bytes of its three parts, in four
/// lanes of eight bytes each (no lane waits for another, so checking every byte of a fetched
/// bundle at start-up stays cheap, also in a browser's first-tier wasm code). Each step is a
/// bijection of its lane, so any one changed word changes the id; it finds damage and mix-ups
/// of builds; it is not a defence against a forger.
pub fn id(blob: &[u8], words: &[u8], codes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [blob, words, codes] {
        // Only the first lane carries what came before: folded first, it stays one-to-one.
        let mut lanes = [mix(h, part.len() as u64), LANES[0], LANES[1], LANES[2]];
        let whole = part.len() / 32 * 32;
        mix_lanes(&mut lanes, &part[..whole]);
        h = lanes.into_iter().fold(0, mix);
        let mut words8 = part[whole..].chunks_exact(8);
        for w in &mut words8 {
            h = mix(h, word(w));
        }
        let mut tail = [0u8; 8];
        tail[..words8.remainder().len()].copy_from_slice(words8.remainder());
        h = mix(h, u64::from_le_bytes(tail) ^ ((words8.remainder().len() as u64) << 56));
    }
    h ^ (h >> 29)
}

/// Where the second to fourth lanes of each part start.
const LANES: [u64; 3] = [0x6a09_e667_f3bc_c909, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b];

fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(31)
}

fn word(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Mixes each 32 bytes of `bytes` into the four lanes, eight bytes each.
fn mix_lanes(lanes: &mut [u64; 4], bytes: &[u8]) {
    for q in bytes.chunks_exact(32) {
        lanes[0] = mix(lanes[0], word(&q[0..8]));
        lanes[1] = mix(lanes[1], word(&q[8..16]));
        lanes[2] = mix(lanes[2], word(&q[16..24]));
        lanes[3] = mix(lanes[3], word(&q[24..32]));
    }
}

/// Writes a bundle of the three parts.
pub fn write(blob: &[u8], words: &[u8], codes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_SIZE + blob.len() + words.len() + codes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&id(blob, words, codes).to_le_bytes());
    for part in [blob, words, codes] {
        let len = u32::try_from(part.len()).expect("a catalog part is larger than 4 GiB");
        out.extend_from_slice(&len.to_le_bytes());
    }
    for part in [blob, words, codes] {
        out.extend_from_slice(part);
    }
    out
}

/// Why bytes are not a bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BundleError {
    /// Not a bundle at all (too short, wrong magic).
    NotABundle,
    /// A bundle of another layout version.
    Version(u32),
    /// The part lengths do not add up to the bytes given (cut or padded).
    Length,
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::NotABundle => f.write_str("not a Koder catalog bundle"),
            BundleError::Version(v) => write!(f, "catalog bundle version {v}, expected {VERSION}"),
            BundleError::Length => f.write_str("catalog bundle cut or padded"),
        }
    }
}

/// Reads a bundle's header: the id and the ranges of its parts, which must fill `bytes` exactly.
/// The parts themselves are not checked here (the catalog reader does that).
pub fn read(bytes: &[u8]) -> Result<Bundle, BundleError> {
    if bytes.len() < HEADER_SIZE || &bytes[..4] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = u32_at(4);
    if version != VERSION {
        return Err(BundleError::Version(version));
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[8..16]);
    let mut start = HEADER_SIZE;
    let mut ranges = [0..0, 0..0, 0..0];
    for (i, r) in ranges.iter_mut().enumerate() {
        let end = start.checked_add(u32_at(16 + i * 4) as usize).ok_or(BundleError::Length)?;
        *r = start..end;
        start = end;
    }
    if start != bytes.len() {
        return Err(BundleError::Length);
    }
    let [blob, words, codes] = ranges;
    Ok(Bundle { id: u64::from_le_bytes(id), blob, words, codes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_reads_back_its_parts_and_id() {
        let b = write(b"blob", b"wo", b"codes!");
        let r = read(&b).unwrap();
        assert_eq!(&b[r.blob.clone()], b"blob");
        assert_eq!(&b[r.words.clone()], b"wo");
        assert_eq!(&b[r.codes.clone()], b"codes!");
        assert_eq!(r.id, id(b"blob", b"wo", b"codes!"));
    }

    #[test]
    fn the_id_changes_with_any_part_and_with_where_parts_end() {
        assert_ne!(id(b"ab", b"c", b""), id(b"a", b"bc", b""));
        assert_ne!(id(b"ab", b"c", b""), id(b"ab", b"d", b""));
        // Any one byte changed, in any lane, in the eight-byte words after them or in the tail
        // (127 bytes: three groups of 32, three words of 8, seven bytes), in the first part or a
        // later one.
        let long: Vec<u8> = (0..127u8).collect();
        for at in 0..long.len() {
            let mut flipped = long.clone();
            flipped[at] ^= 4;
            assert_ne!(id(&long, b"", b""), id(&flipped, b"", b""), "byte {at}");
            assert_ne!(id(b"", &long, b""), id(b"", &flipped, b""), "byte {at}");
        }
        // The id of the lanes and the tail, against the same walk written out step by step.
        let one_walk = |parts: [&[u8]; 3]| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for part in parts {
                let mut lanes = [mix(h, part.len() as u64), LANES[0], LANES[1], LANES[2]];
                let whole = part.len() / 32 * 32;
                for q in part[..whole].chunks_exact(32) {
                    for (l, lane) in lanes.iter_mut().enumerate() {
                        *lane = mix(*lane, word(&q[l * 8..]));
                    }
                }
                h = lanes.into_iter().fold(0, mix);
                let rest = &part[whole..];
                let (words8, tail) = rest.split_at(rest.len() / 8 * 8);
                for w in words8.chunks_exact(8) {
                    h = mix(h, word(w));
                }
                let mut last = [0u8; 8];
                last[..tail.len()].copy_from_slice(tail);
                h = mix(h, u64::from_le_bytes(last) ^ ((tail.len() as u64) << 56));
            }
            h ^ (h >> 29)
        };
        let big: Vec<u8> = (0..3 * 4096 + 77).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(id(&big, &long, &big[5..]), one_walk([&big, &long, &big[5..]]));
        for n in 0..=100 {
            assert_eq!(id(&big[..n], &big[n..2 * n], b""), one_walk([&big[..n], &big[n..2 * n], b""]), "length {n}");
        }
        let mut far = big.clone();
        far[2 * 4096 + 5] ^= 1;
        assert_ne!(id(&big, b"", b""), id(&far, b"", b""));
        // Two lanes' words swapped.
        let mut swapped = long.clone();
        swapped.copy_within(0..8, 8);
        swapped[..8].copy_from_slice(&long[8..16]);
        assert_ne!(id(&long, b"", b""), id(&swapped, b"", b""));
        assert_ne!(id(b"a\0", b"", b""), id(b"a", b"", b""));
    }

    #[test]
    fn cut_padded_foreign_and_other_versions_are_refused() {
        let b = write(b"blob", b"wo", b"codes!");
        assert_eq!(read(&b[..b.len() - 1]), Err(BundleError::Length));
        let mut padded = b.clone();
        padded.push(0);
        assert_eq!(read(&padded), Err(BundleError::Length));
        assert_eq!(read(&b[..HEADER_SIZE - 1]), Err(BundleError::NotABundle));
        assert_eq!(read(b"KODR and more bytes than a header has"), Err(BundleError::NotABundle));
        let mut v2 = b.clone();
        v2[4] = 2;
        assert_eq!(read(&v2), Err(BundleError::Version(2)));
        let mut huge = b;
        huge[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(read(&huge), Err(BundleError::Length));
    }
}
