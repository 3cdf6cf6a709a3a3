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

/// The id of a catalog: a 64-bit hash of the lengths and bytes of its three parts, eight bytes
/// a step (cheap enough to check every byte of a fetched bundle at start-up). It finds damage
/// and mix-ups of builds; it is not a defence against a forger.
pub fn id(blob: &[u8], words: &[u8], codes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(31);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [blob, words, codes] {
        h = mix(h, part.len() as u64);
        let mut words8 = part.chunks_exact(8);
        for w in &mut words8 {
            h = mix(h, u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        let mut tail = [0u8; 8];
        tail[..words8.remainder().len()].copy_from_slice(words8.remainder());
        h = mix(h, u64::from_le_bytes(tail) ^ ((words8.remainder().len() as u64) << 56));
    }
    h ^ (h >> 29)
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
        let long = vec![7u8; 100];
        let mut flipped = long.clone();
        flipped[61] ^= 4;
        assert_ne!(id(&long, b"", b""), id(&flipped, b"", b""));
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
