//! What the catalog knows of each indexed word, added up when it opens: where the word's
//! postings start in POSTINGS (the catalog stores only how many entries each word's list names,
//! POSTING_COUNTS, and the reader finds the ends as it decodes the lists) and the word's length
//! in characters (read off its key in `words.fst`). Neither is in the download.

use super::layout;
use crate::error::Error;
use fst::Streamer;

/// Per word id: the start of its postings and its length in characters.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    /// Word `w`'s postings are `POSTINGS[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
    chars: Vec<u8>,
}

impl WordTable {
    /// Derives the table from the words index and the POSTING_COUNTS and POSTINGS sections.
    /// Counts that do not match the index or run past the postings are a damaged catalog.
    pub(crate) fn derive<D: AsRef<[u8]>>(
        words: &fst::Map<D>,
        counts: &[u8],
        postings: &[u8],
    ) -> Result<WordTable, Error> {
        // Every word has a count of at least one byte: more words than that is damage, refused
        // before anything is allocated for them.
        let n = words.len();
        if n > counts.len() || n > usize::from(u16::MAX) + 1 || u32::try_from(postings.len()).is_err() {
            return Err(corrupt());
        }
        Ok(WordTable { starts: posting_starts(n, counts, postings)?, chars: char_lengths(words, n)? })
    }

    /// Where word `w`'s postings start (`w` = the word count gives the end of the last list).
    pub(crate) fn start(&self, w: u32) -> Option<usize> {
        self.starts.get(w as usize).map(|&s| s as usize)
    }

    /// Word `w`'s length in characters (at most 255).
    pub(crate) fn chars(&self, w: u32) -> Option<u8> {
        self.chars.get(w as usize).copied()
    }
}

/// The start of each of `n` words' postings, and the end of the last: each list is as many
/// varints as its count says, and together they fill the section exactly.
fn posting_starts(n: usize, counts: &[u8], postings: &[u8]) -> Result<Vec<u32>, Error> {
    let mut starts = Vec::with_capacity(n + 1);
    let (mut c, mut at) = (0usize, 0usize);
    for _ in 0..n {
        starts.push(at as u32);
        let count = layout::read_varint(counts, &mut c).ok_or_else(corrupt)?;
        // Each varint takes at least one byte, so the walk ends with the section.
        for _ in 0..count {
            layout::read_varint(postings, &mut at).ok_or_else(corrupt)?;
        }
    }
    if c != counts.len() || at != postings.len() {
        return Err(corrupt());
    }
    starts.push(at as u32);
    Ok(starts)
}

/// The length in characters of each word of the index (ids are ranks: the i-th key has id i).
fn char_lengths<D: AsRef<[u8]>>(words: &fst::Map<D>, n: usize) -> Result<Vec<u8>, Error> {
    let mut chars = Vec::with_capacity(n);
    let mut stream = words.stream();
    while let Some((key, id)) = stream.next() {
        if id != chars.len() as u64 || chars.len() >= n {
            return Err(corrupt());
        }
        // UTF-8: every byte but a continuation byte starts a character.
        let count = key.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        chars.push(count.min(255) as u8);
    }
    if chars.len() != n {
        return Err(corrupt());
    }
    Ok(chars)
}

fn corrupt() -> Error {
    Error::DataCorruption("catalog words".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use layout::section;

    #[test]
    fn postings_start_where_the_counts_say_and_word_lengths_come_from_the_index() {
        let c = Catalog::embedded().unwrap();
        let (counts, postings) = (c.section(section::POSTING_COUNTS), c.section(section::POSTINGS));
        let t = WordTable::derive(&c.words, counts, postings).unwrap();
        let w = c.words.get("pneumonia").unwrap() as u32;
        let (from, to) = (t.start(w).unwrap(), t.start(w + 1).unwrap());
        assert!(from < to && to <= postings.len());
        assert_eq!(t.start(c.words.len() as u32), Some(postings.len()));
        assert_eq!(t.start(c.words.len() as u32 + 1), None);
        assert_eq!(t.chars(w), Some(9));
        let lama = c.words.get("lama").unwrap() as u32;
        assert_eq!(t.chars(lama), Some(4));
    }

    #[test]
    fn counts_that_do_not_fit_are_a_damaged_catalog() {
        let c = Catalog::embedded().unwrap();
        let (counts, postings) = (c.section(section::POSTING_COUNTS), c.section(section::POSTINGS));
        let refused = |counts: &[u8], postings: &[u8]| WordTable::derive(&c.words, counts, postings).is_err();
        // Cut postings, cut counts, a count too many, a truncated varint, a count past the end.
        assert!(refused(counts, &postings[..postings.len() - 1]));
        assert!(refused(&counts[..counts.len() - 1], postings));
        assert!(refused(&[counts, &[1]].concat(), postings));
        assert!(refused(&[&counts[..counts.len() - 1], &[0x80]].concat(), postings));
        let mut greedy = counts.to_vec();
        greedy[0] = 0x7f;
        assert!(refused(&greedy, postings));
        assert!(refused(&[], postings));
    }
}
