//! The byte layout of the embedded catalog, shared by `build.rs` (writer) and the engine's
//! `catalog` (which reads it in place). All integers are little-endian.
//!
//! The blob starts with [`MAGIC`], a format version and a table of [`SECTION_COUNT`] sections
//! (offset, length). Records and entries are fixed-size rows so that the reader indexes them
//! directly in the embedded bytes. Fixed-size rows and u32 arrays are stored as byte planes
//! (byte 0 of every row, then byte 1 of every row, …), which compresses far better in the
//! shipped wasm; [`Row`] reads a field of one row across the planes.
//!
//! Format 6 stores only what cannot be derived; the reader derives the rest once, when it
//! opens the catalog (each step bounded by the sizes of the sections it reads):
//!
//! | stored | derived at open |
//! |---|---|
//! | record rows: system, kind, flags, title lengths | where each record's titles start (sums of the lengths) |
//! | LISTS: the extras of the records flagged [`flag::EXTRAS`], in record order | where each record's extras start (sums of their lengths) |
//! | STRINGS: the codes, front-coded in record order | each record's code |
//! | PARENTS: each parent as a step up from the record before | each record's parent and children |
//! | POSTINGS and POSTING_COUNTS (how many entries each word's list names) | where each word's postings start |
//! | POSTINGS and REPEATED_WORDS | each entry's words and how many it has |
//! | TOKENS: the tokens, front-coded in id order | each token and where it starts |
//!
//! Titles and vocabulary terms ("texts") are token-coded: every text is cut into runs of
//! letters/digits and runs of other characters ([`tokens`]), each distinct token is stored once
//! (TOKENS, most frequent first), and a text is the LEB128 varint list of its token ids (TEXTS).
//! That keeps random access to every title, at well under half the bytes, so the wasm the
//! browser downloads and instantiates is smaller.

/// First four bytes of the catalog blob.
pub const MAGIC: &[u8; 4] = b"KODR";
/// Version of this layout; bump on any change.
pub const FORMAT_VERSION: u32 = 6;
/// Value used for "none" in u32 fields.
pub const NONE: u32 = u32::MAX;
/// Value used for "none" in u16 age fields.
pub const NO_AGE: u16 = u16::MAX;
/// Ends each front-coded string (STRINGS, TOKENS): a byte that UTF-8 never uses.
pub const END_MARK: u8 = 0xFF;
/// Most bytes a front-coded string shares with the one before it (so the length fits a byte
/// below [`END_MARK`]).
pub const MAX_SHARED_PREFIX: usize = 254;

/// Section numbers in the section table.
pub mod section {
    /// Code records, [`super::record::SIZE`] bytes each.
    pub const RECORDS: usize = 0;
    /// The code strings, one per record in record order, front-coded as TOKENS are (the
    /// length of the prefix shared with the record before, the rest, [`super::END_MARK`]):
    /// "A00.1" after "A00.0" is three bytes. The reader decodes them all when it opens the
    /// catalog; no record keeps a code's length.
    pub const STRINGS: usize = 1;
    /// Where each record's parent is, one code per record in record order: [`super::PARENT_NONE`]
    /// for none; `k` up to [`super::MAX_PARENT_STEPS`] for the record `k` steps up from the
    /// record before (1 = the record before, 2 = its parent, …: "A01" after "A00.9" is 2, the
    /// block); [`super::PARENT_FAR`] and then the parent's record id as a LEB128 varint.
    /// Children are not stored: a record's children are the records whose parent it is, in
    /// record order. The reader derives both when it opens the catalog.
    pub const PARENTS: usize = 2;
    /// The extras of the records that have them ([`super::flag::EXTRAS`]), in record order, as
    /// u32 byte planes of 4-byte rows (see [`super::plane_u32`]): minimum and maximum age in
    /// days (NO_AGE when none), then the crosswalk targets (a count, then record ids, primary
    /// first), then the asterisk/dagger partners (a count, then ids). Where a record's extras
    /// start is not stored: the reader adds up their lengths when it opens the catalog.
    pub const LISTS: usize = 3;
    /// Search entries, [`super::entry::SIZE`] bytes each, in static rank order.
    pub const ENTRIES: usize = 4;
    /// The repeated words of entries (a word an entry has more than once, for each time after
    /// the first), as LEB128 varint pairs: the gap to the previous pair's entry id (entries
    /// ascending), then the word id. The rest of every entry's words is not stored: the reader
    /// derives them, and how many each entry has, from POSTINGS.
    pub const REPEATED_WORDS: usize = 5;
    /// One LEB128 varint per word, in word id order: how many entries its postings name. Where
    /// each word's postings start is not stored: the reader adds it up as it decodes them.
    pub const POSTING_COUNTS: usize = 6;
    /// Entry ids per word, ascending (= best static rank first), as LEB128 varints of the
    /// first id and then the gaps.
    pub const POSTINGS: usize = 7;
    /// One byte per word: its length in characters (at most 255).
    pub const WORD_LENS: usize = 8;
    /// The distinct tokens of all texts in token id order, front-coded: for each token, one
    /// byte with the length of the prefix it shares with the token before (at most
    /// [`super::MAX_SHARED_PREFIX`]), the rest of its UTF-8 bytes, then [`super::END_MARK`].
    /// Ids go to the most frequent tokens first, and among the ids of one varint length
    /// (0–127, 128–16383, …) in byte order, so that neighbours share prefixes. Where each
    /// token starts is not stored: the reader decodes them all when it opens the catalog.
    pub const TOKENS: usize = 9;
    /// Token-coded texts: LEB128 varint token ids. First the English and Indonesian title of
    /// every record, in record order; then the vocabulary terms, referenced by offset and length.
    pub const TEXTS: usize = 10;
    /// UTF-8 JSON with the data versions and counts.
    pub const META: usize = 11;
}
/// Number of sections.
pub const SECTION_COUNT: usize = 12;
/// Size of the header: magic, version, section table.
pub const HEADER_SIZE: usize = 8 + SECTION_COUNT * 8;

/// Code systems as stored in records and as the first byte of a code key.
pub mod system {
    /// ICD-10 (WHO, 2010 edition).
    pub const ICD10: u8 = b'D';
    /// ICD-9-CM volume 3 procedures.
    pub const ICD9CM: u8 = b'P';
    /// ICPC-2.
    pub const ICPC2: u8 = b'C';
}

/// Record kinds.
pub mod kind {
    /// A chapter (ICD-10 "IX", ICPC-2 "K").
    pub const CHAPTER: u8 = 0;
    /// An ICD-10 block ("I10-I15").
    pub const BLOCK: u8 = 1;
    /// A code that may be entered in a form.
    pub const CODE: u8 = 2;
}

/// Record flag bits.
pub mod flag {
    /// Has no children: the most specific code.
    pub const LEAF: u16 = 1;
    /// ICD-10 asterisk (manifestation) code.
    pub const ASTERISK: u16 = 1 << 1;
    /// ICD-10 dagger (etiology) code with known asterisk partners.
    pub const DAGGER: u16 = 1 << 2;
    /// Present in the package but not in the edition INA-CBG accepts.
    pub const NOT_INACBG: u16 = 1 << 3;
    /// Only for female patients.
    pub const FEMALE_ONLY: u16 = 1 << 4;
    /// Only for male patients.
    pub const MALE_ONLY: u16 = 1 << 5;
    /// ICPC-2 process code (-30..-69), usable with every chapter letter.
    pub const PROCESS: u16 = 1 << 6;
    /// Dagger code whose asterisk is needed only when a manifestation is present.
    pub const DAGGER_OPTIONAL: u16 = 1 << 7;
    /// A 4-character ICD-10 code whose only subdivisions are optional 5th characters (S72.0,
    /// M00.0): E-Klaim accepts it as it stands.
    pub const OPTIONAL_FIFTH: u16 = 1 << 8;
    /// Has extras in LISTS (age limits, crosswalk targets or partners).
    pub const EXTRAS: u16 = 1 << 9;
}

/// Field offsets of a code record. Titles are stored in record order at the start of TEXTS, and
/// extras in record order in LISTS, so a record keeps only the titles' lengths and a flag:
/// where they start is the sum of the lengths before, which the reader adds up when it opens
/// the catalog. The code (STRINGS) and the parent (PARENTS) are in sections of their own, and
/// the children are derived from the parents: no record keeps a high-entropy offset or id.
pub mod record {
    /// Bytes per record.
    pub const SIZE: usize = 8;
    /// u8 system (see [`super::system`]).
    pub const SYSTEM: usize = 0;
    /// u8 kind (see [`super::kind`]).
    pub const KIND: usize = 1;
    /// u16 flags (see [`super::flag`]).
    pub const FLAGS: usize = 2;
    /// u16 coded length of the English title in TEXTS.
    pub const TITLE_EN_LEN: usize = 4;
    /// u16 coded length of the Indonesian title in TEXTS (0 = none); it follows the English one.
    pub const TITLE_ID_LEN: usize = 6;
}

/// Field offsets of a search entry.
pub mod entry {
    /// Bytes per entry.
    pub const SIZE: usize = 11;
    /// u32 record id.
    pub const RECORD: usize = 0;
    /// u32 offset into TEXTS of the vocabulary term that a result shows (an abbreviation,
    /// synonym or lay word); NONE for title entries, English or Indonesian, which show the
    /// record's own titles.
    pub const TERM: usize = 4;
    /// u8 coded length of the term (terms are cut to 255 coded bytes).
    pub const TERM_LEN: usize = 8;
    /// u8 entry kind (see [`super::entry_kind`]).
    pub const KIND: usize = 9;
    /// u8 weight 0..3 (how common the code is).
    pub const WEIGHT: usize = 10;
}

/// Kinds of search entries.
pub mod entry_kind {
    /// The English title of the code.
    pub const TITLE_EN: u8 = 0;
    /// The Indonesian title of the code.
    pub const TITLE_ID: u8 = 1;
    /// An abbreviation.
    pub const ABBR: u8 = 2;
    /// A synonym.
    pub const SYNONYM: u8 = 3;
    /// A lay word.
    pub const COLLOQUIAL: u8 = 4;
}

/// A record without a parent, in PARENTS.
pub const PARENT_NONE: u8 = 0;
/// In PARENTS: the parent's record id follows as a varint.
pub const PARENT_FAR: u8 = 0xFF;
/// Most steps up that one PARENTS code takes.
pub const MAX_PARENT_STEPS: u8 = 8;

/// The record `steps` steps up from the record before `id` (1 = that record, 2 = its parent,
/// …), given the parents of records (at least those before `id`); `None` when the walk leaves
/// the records before `id`. The writer and the reader of PARENTS take the same walk.
pub fn parent_steps_up(parents: &[u32], id: usize, steps: u8) -> Option<u32> {
    let mut at = id.checked_sub(1)?;
    for _ in 1..steps {
        at = *parents.get(at)? as usize;
        if at >= id {
            return None;
        }
    }
    u32::try_from(at).ok()
}

/// Cuts a text into tokens: maximal runs of alphanumeric characters and maximal runs of other
/// characters. The tokens put together give the text back exactly.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let kind = first.is_alphanumeric();
        let end = rest.char_indices().find(|&(_, c)| c.is_alphanumeric() != kind).map_or(rest.len(), |(i, _)| i);
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

/// Value `i` of a u32 array stored as byte planes of 4-byte rows; `None` past the end.
#[inline]
pub fn plane_u32(planes: &[u8], i: usize) -> Option<u32> {
    Row::new(planes, 4, i).map(|r| r.u32(0))
}

/// Reads a little-endian u16 at `at`.
#[inline]
pub fn read_u16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

/// Reads an unsigned LEB128 varint at `*at`, advancing it; `None` past the end.
#[inline]
pub fn read_varint(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    let mut shift = 0;
    loop {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u32::from(byte & 0x7F).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a little-endian u32 at `at`.
#[inline]
pub fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// One fixed-size row stored across byte planes.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    planes: &'a [u8],
    rows: usize,
    id: usize,
}

impl<'a> Row<'a> {
    /// Row `id` of a plane section whose rows are `size` bytes; `None` past the end.
    #[inline]
    pub fn new(planes: &'a [u8], size: usize, id: usize) -> Option<Row<'a>> {
        let rows = planes.len() / size;
        (id < rows).then_some(Row { planes, rows, id })
    }

    /// The byte at field offset `at` (which must be below the row size).
    #[inline]
    pub fn u8(&self, at: usize) -> u8 {
        self.planes.get(at * self.rows + self.id).copied().unwrap_or(0)
    }

    /// The little-endian u16 at field offset `at`.
    #[inline]
    pub fn u16(&self, at: usize) -> u16 {
        u16::from_le_bytes([self.u8(at), self.u8(at + 1)])
    }

    /// The little-endian u32 at field offset `at`.
    #[inline]
    pub fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes([self.u8(at), self.u8(at + 1), self.u8(at + 2), self.u8(at + 3)])
    }
}

/// Transposes row-major rows of `size` bytes into byte planes (the build step's side of [`Row`]).
pub fn to_planes(rows: &[u8], size: usize) -> Vec<u8> {
    let n = rows.len() / size;
    let mut out = vec![0u8; n * size];
    for (id, row) in rows.chunks_exact(size).enumerate() {
        for (at, &b) in row.iter().enumerate() {
            out[at * n + id] = b;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_writer_writes_the_reader_reads() {
        // Three 7-byte rows: a u8, a u16 and a u32 field each.
        let mut rows = Vec::new();
        for (a, b, c) in [(1u8, 0x0203u16, 0x0405_0607u32), (0xff, 0xffff, NONE), (0, 0, 0)] {
            rows.push(a);
            rows.extend_from_slice(&b.to_le_bytes());
            rows.extend_from_slice(&c.to_le_bytes());
        }
        let planes = to_planes(&rows, 7);
        let read = |id| Row::new(&planes, 7, id).map(|r| (r.u8(0), r.u16(1), r.u32(3)));
        assert_eq!(read(0), Some((1, 0x0203, 0x0405_0607)));
        assert_eq!(read(1), Some((0xff, 0xffff, NONE)));
        assert_eq!(read(2), Some((0, 0, 0)));
        assert_eq!(read(3), None);
        let mut out = Vec::new();
        for v in [0, 127, 128, 300, u32::MAX] {
            write_varint(&mut out, v);
        }
        let mut at = 0;
        let back: Vec<u32> = std::iter::from_fn(|| read_varint(&out, &mut at)).collect();
        assert_eq!(back, [0, 127, 128, 300, u32::MAX]);
    }

    #[test]
    fn tokens_give_the_text_back() {
        for t in ["Demam berdarah dengue (DBD), grade II", "", "  ", "A15.11—ÉÀ"] {
            assert_eq!(tokens(t).collect::<String>(), t);
        }
        assert_eq!(tokens("J18.9 pneumonia").collect::<Vec<_>>(), ["J18", ".", "9", " ", "pneumonia"]);
    }
}
