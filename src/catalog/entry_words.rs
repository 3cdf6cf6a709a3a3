//! The words of every search entry, rebuilt when a catalog opens. The catalog does not store
//! them: each entry is in the postings of each of its distinct words, and only repeats are
//! written apart (REPEATED_WORDS), so inverting the postings gives every entry its words back —
//! in another order, which scoring does not look at. That keeps ≈ 190 KB gzip out of the
//! download for a few milliseconds of work at start-up.

#[cfg(test)]
use super::layout::section;
use super::layout::{self, entry};
use crate::error::Error;

/// Every entry's word ids, one slice per entry.
#[derive(Debug, Default)]
pub(crate) struct EntryWords {
    /// Entry `e`'s words are `words[start[e]..start[e + 1]]`.
    start: Vec<u32>,
    words: Vec<u16>,
}

impl EntryWords {
    /// Inverts the postings (ENTRIES, POSTING_OFFSETS, POSTINGS and REPEATED_WORDS sections).
    /// Postings that name an entry that does not exist, or give an entry more or fewer words
    /// than its row says, are a damaged catalog.
    pub(crate) fn derive(
        entries: &[u8],
        offsets: &[u8],
        postings: &[u8],
        repeated: &[u8],
    ) -> Result<EntryWords, Error> {
        let corrupt = || Error::DataCorruption("catalog postings".into());
        let n = entries.len() / entry::SIZE;
        let mut start = Vec::with_capacity(n + 1);
        // Every word of an entry costs at least one byte of postings or two of repeats: counts
        // beyond that are damage, refused before anything is allocated for them.
        let most = postings.len().saturating_add(repeated.len() / 2).min(u32::MAX as usize) as u32;
        let mut total = 0u32;
        start.push(0);
        for e in 0..n {
            let count = layout::Row::new(entries, entry::SIZE, e).ok_or_else(corrupt)?.u8(entry::WORD_COUNT);
            total = total.checked_add(u32::from(count)).filter(|&t| t <= most).ok_or_else(corrupt)?;
            start.push(total);
        }
        let mut fill: Vec<u32> = start[..n].to_vec();
        let mut words = vec![0u16; total as usize];
        let mut put = |e: u32, w: u32| -> Option<()> {
            let e = e as usize;
            let at = *fill.get(e)?;
            (at < start[e + 1]).then_some(())?;
            words[at as usize] = u16::try_from(w).ok()?;
            fill[e] = at + 1;
            Some(())
        };
        let word_count = (offsets.len() / 4).saturating_sub(1);
        for w in 0..word_count {
            let bound = |i: usize| layout::plane_u32(offsets, i).map_or(usize::MAX, |v| v as usize);
            let (mut at, end) = (bound(w), bound(w + 1));
            if end > postings.len() || at > end {
                return Err(corrupt());
            }
            let mut e = 0u32;
            let mut first = true;
            while at < end {
                let v = layout::read_varint(&postings[..end], &mut at).ok_or_else(corrupt)?;
                e = if first { v } else { e.checked_add(v).ok_or_else(corrupt)? };
                first = false;
                put(e, w as u32).ok_or_else(corrupt)?;
            }
        }
        let (mut at, mut e) = (0usize, 0u32);
        while at < repeated.len() {
            let gap = layout::read_varint(repeated, &mut at).ok_or_else(corrupt)?;
            let w = layout::read_varint(repeated, &mut at).ok_or_else(corrupt)?;
            e = e.checked_add(gap).ok_or_else(corrupt)?;
            put(e, w).ok_or_else(corrupt)?;
        }
        if fill.iter().zip(&start[1..]).any(|(f, s)| f != s) {
            return Err(corrupt());
        }
        Ok(EntryWords { start, words })
    }

    /// The word ids of entry `e` (empty for an entry that does not exist).
    pub(crate) fn of(&self, e: u32) -> &[u16] {
        let e = e as usize;
        match (self.start.get(e), self.start.get(e + 1)) {
            (Some(&a), Some(&b)) => self.words.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use koder_format::writer::{self, Entry, Record};
    use layout::{kind, system, NONE, NO_AGE};
    use std::collections::BTreeMap;

    /// A two-record catalog whose second entry has a word twice.
    fn parts() -> writer::CatalogParts {
        let rec = |code: &str, en: &str| Record {
            system: system::ICD10,
            kind: kind::CODE,
            parent: NONE,
            code: code.into(),
            title_en: en.into(),
            age_min: NO_AGE,
            age_max: NO_AGE,
            ..Record::default()
        };
        let records = vec![rec("A15", "Respiratory tuberculosis"), rec("A16", "Tuberculosis of lung, tuberculosis")];
        let entry = |record: u32, words: &[&str]| Entry {
            record,
            kind: layout::entry_kind::TITLE_EN,
            weight: 0,
            term: None,
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        let entries =
            vec![entry(0, &["respiratory", "tuberculosis"]), entry(1, &["tuberculosis", "of", "lung", "tuberculosis"])];
        writer::write(&records, &entries, 1, &BTreeMap::new())
    }

    fn sorted_words(cat: &Catalog<Vec<u8>>, e: u32) -> Vec<String> {
        let mut out: Vec<String> = cat
            .entry_words
            .of(e)
            .iter()
            .map(|&w| {
                let mut s = cat.words.stream();
                let mut found = String::new();
                while let Some((k, v)) = fst::Streamer::next(&mut s) {
                    if v == u64::from(w) {
                        found = String::from_utf8_lossy(k).into_owned();
                    }
                }
                found
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn rebuilds_every_entry_with_its_repeats() {
        let p = parts();
        let cat = Catalog::from_bytes(p.blob, p.words_fst, p.codes_fst).unwrap();
        assert_eq!(sorted_words(&cat, 0), ["respiratory", "tuberculosis"]);
        assert_eq!(sorted_words(&cat, 1), ["lung", "of", "tuberculosis", "tuberculosis"]);
        assert!(cat.entry_words.of(2).is_empty());
    }

    #[test]
    fn postings_that_do_not_fit_the_entries_are_a_damaged_catalog() {
        let p = parts();
        let c = Catalog::from_bytes(p.blob.clone(), p.words_fst.clone(), p.codes_fst.clone()).unwrap();
        let (entries, offsets, postings, repeated) = (
            c.section(section::ENTRIES).to_vec(),
            c.section(section::POSTING_OFFSETS).to_vec(),
            c.section(section::POSTINGS).to_vec(),
            c.section(section::REPEATED_WORDS).to_vec(),
        );
        assert!(EntryWords::derive(&entries, &offsets, &postings, &repeated).is_ok());
        // A repeat missing, a repeat too many, a posting naming entry 9, a truncated varint.
        assert!(EntryWords::derive(&entries, &offsets, &postings, &[]).is_err());
        assert!(EntryWords::derive(&entries, &offsets, &postings, &[&repeated[..], &repeated[..]].concat()).is_err());
        let mut far = postings.clone();
        far[0] = 9;
        assert!(EntryWords::derive(&entries, &offsets, &far, &repeated).is_err());
        assert!(EntryWords::derive(&entries, &offsets, &postings, &[0x80]).is_err());
        assert!(EntryWords::derive(&entries, &offsets[..2], &postings, &repeated).is_err());
        // Rows that claim more words than the postings could hold are refused before allocation.
        let greedy: Vec<u8> = entries
            .iter()
            .enumerate()
            .map(|(i, &b)| if i / (entries.len() / entry::SIZE) == entry::WORD_COUNT { 255 } else { b })
            .collect();
        assert!(EntryWords::derive(&greedy, &offsets, &postings, &repeated).is_err());
    }
}
