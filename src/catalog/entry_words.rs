//! The words of every search entry, rebuilt when a catalog opens. The catalog does not store
//! them, nor how many each entry has: each entry is in the postings of each of its distinct
//! words once, and only repeats are written apart (REPEATED_WORDS), so inverting the postings
//! gives every entry its words back — in another order, which scoring does not look at. That
//! keeps ≈ 205 KB gzip out of the download for a few milliseconds of work at start-up.

use super::layout;
#[cfg(test)]
use super::layout::section;
use super::words::WordTable;
use crate::error::Error;

/// Every entry's word ids, one slice per entry.
#[derive(Debug, Default)]
pub(crate) struct EntryWords {
    /// Entry `e`'s words are `words[start[e]..start[e + 1]]`.
    start: Vec<u32>,
    words: Vec<u16>,
}

impl EntryWords {
    /// Inverts the postings for `entries` entries and `words` words (the POSTING_COUNTS,
    /// POSTINGS and REPEATED_WORDS sections). The first walk over the postings counts each
    /// entry's words and finds where each word's postings start (the [`WordTable`], returned
    /// too); the second puts the words in place. Postings or repeats that name an entry that does not exist are
    /// a damaged catalog.
    pub(crate) fn derive(
        entries: usize,
        words: usize,
        counts: &[u8],
        postings: &[u8],
        repeated: &[u8],
    ) -> Result<(EntryWords, WordTable), Error> {
        // Counts first, in start[e + 1]; then added up into starts.
        let mut start = vec![0u32; entries + 1];
        let bump = |start: &mut [u32], e: u32| {
            *start.get_mut(e as usize + 1)? += 1;
            Some(())
        };
        let table = WordTable::derive(words, counts, postings, |e| bump(&mut start, e))?;
        each_repeat(repeated, |e, _| bump(&mut start, e))?;
        for e in 1..start.len() {
            start[e] = start[e].checked_add(start[e - 1]).ok_or_else(corrupt)?;
        }
        // The total is at most one per posting byte and repeat: bounded by the sections. Each
        // entry's start serves as its cursor while the words are put, ending at the next
        // entry's start; one shift puts the starts back.
        let mut ids = vec![0u16; start[entries] as usize];
        let mut put = |e: u32, w: u32| {
            let at = start.get_mut(e as usize).filter(|_| (e as usize) < entries)?;
            *ids.get_mut(*at as usize)? = u16::try_from(w).ok()?;
            *at += 1;
            Some(())
        };
        table.each_posting(postings, &mut put).ok_or_else(corrupt)?;
        each_repeat(repeated, put)?;
        start.copy_within(..entries, 1);
        start[0] = 0;
        Ok((EntryWords { start, words: ids }, table))
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

/// Gives `put` every repeat (entry, word) of REPEATED_WORDS; a `None` from `put` or a varint
/// that does not decode is a damaged catalog.
fn each_repeat(repeated: &[u8], mut put: impl FnMut(u32, u32) -> Option<()>) -> Result<(), Error> {
    let (mut at, mut e) = (0usize, 0u32);
    while at < repeated.len() {
        let gap = layout::read_varint(repeated, &mut at).ok_or_else(corrupt)?;
        let word = layout::read_varint(repeated, &mut at).ok_or_else(corrupt)?;
        e = e.checked_add(gap).ok_or_else(corrupt)?;
        put(e, word).ok_or_else(corrupt)?;
    }
    Ok(())
}

fn corrupt() -> Error {
    Error::DataCorruption("catalog postings".into())
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
            .tables
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
        assert!(cat.tables.entry_words.of(2).is_empty());
    }

    #[test]
    fn postings_that_do_not_fit_the_entries_are_a_damaged_catalog() {
        let p = parts();
        let c = Catalog::from_bytes(p.blob.clone(), p.words_fst.clone(), p.codes_fst.clone()).unwrap();
        let (counts, postings, repeated) = (
            c.section(section::POSTING_COUNTS).to_vec(),
            c.section(section::POSTINGS).to_vec(),
            c.section(section::REPEATED_WORDS).to_vec(),
        );
        let n = c.words.len();
        let derive = |entries: usize, postings: &[u8], repeated: &[u8]| {
            EntryWords::derive(entries, n, &counts, postings, repeated).map(|(words, _)| words)
        };
        let two = derive(2, &postings, &repeated).unwrap();
        assert_eq!((two.of(0).len(), two.of(1).len(), two.of(2).len()), (2, 4, 0));
        // Fewer entries than the postings name; a posting naming entry 9; a repeat naming entry 7.
        assert!(derive(1, &postings, &repeated).is_err());
        let mut far = postings.clone();
        far[0] = 9;
        assert!(derive(2, &far, &repeated).is_err());
        assert!(derive(2, &postings, &[7, 0]).is_err());
        // A truncated repeat, a repeat without its word, gaps that overflow an entry id.
        assert!(derive(2, &postings, &[0x80]).is_err());
        assert!(derive(2, &postings, &[1]).is_err());
        assert!(derive(2, &postings, &[0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0]).is_err());
        // A posting list cut short of where the counts say it ends.
        assert!(derive(2, &postings[..postings.len() - 1], &repeated).is_err());
    }
}
