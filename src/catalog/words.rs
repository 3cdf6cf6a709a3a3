//! Where each indexed word's postings start, added up when the catalog opens: the catalog
//! stores only how many entries each word's list names (POSTING_COUNTS), and the reader finds
//! the ends of the lists by decoding them (the same walk counts each entry's words, see
//! `entry_words`). The starts are not in the download.

use super::layout;
use crate::error::Error;

/// Per word id: where its postings start in POSTINGS.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    /// Word `w`'s postings are `POSTINGS[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
}

impl WordTable {
    /// Derives the table of `words` words (the size of the words index) from the
    /// POSTING_COUNTS and POSTINGS sections, giving `visit` the entry of every posting on the
    /// way. Counts that do not match the index or do not fill the postings exactly, and a
    /// `None` from `visit`, are a damaged catalog.
    pub(crate) fn derive(
        words: usize,
        counts: &[u8],
        postings: &[u8],
        mut visit: impl FnMut(u32) -> Option<()>,
    ) -> Result<WordTable, Error> {
        // Every word has a count of at least one byte: more words than that is damage, refused
        // before anything is allocated for them.
        if words > counts.len() || words > usize::from(u16::MAX) + 1 || u32::try_from(postings.len()).is_err() {
            return Err(corrupt());
        }
        let mut starts = Vec::with_capacity(words + 1);
        let (mut c, mut at) = (0usize, 0usize);
        for _ in 0..words {
            starts.push(at as u32);
            let count = layout::read_varint(counts, &mut c).ok_or_else(corrupt)?;
            // Each posting takes at least a byte, so the walk ends with the section.
            let mut e = 0u32;
            for i in 0..count {
                let v = varint(postings, &mut at).ok_or_else(corrupt)?;
                e = if i == 0 { v } else { e.checked_add(v).ok_or_else(corrupt)? };
                visit(e).ok_or_else(corrupt)?;
            }
        }
        if c != counts.len() || at != postings.len() {
            return Err(corrupt());
        }
        starts.push(at as u32);
        Ok(WordTable { starts })
    }

    /// Where word `w`'s postings start (`w` = the word count gives the end of the last list).
    pub(crate) fn start(&self, w: u32) -> Option<usize> {
        self.starts.get(w as usize).map(|&s| s as usize)
    }

    /// Gives `visit` every posting of every word as (entry, word), in word order; `None` when
    /// `visit` says so or the postings are not those the table was derived from.
    pub(crate) fn each_posting(&self, postings: &[u8], mut visit: impl FnMut(u32, u32) -> Option<()>) -> Option<()> {
        for (w, span) in self.starts.windows(2).enumerate() {
            let (mut at, end) = (span[0] as usize, span[1] as usize);
            let list = postings.get(..end)?;
            let (mut e, mut first) = (0u32, true);
            while at < end {
                let v = varint(list, &mut at)?;
                e = if first { v } else { e.checked_add(v)? };
                first = false;
                visit(e, w as u32)?;
            }
        }
        Some(())
    }
}

/// The LEB128 varint at `*at`, advancing it; one-byte values (most gaps) decoded inline.
#[inline]
fn varint(b: &[u8], at: &mut usize) -> Option<u32> {
    let &first = b.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u32::from(first));
    }
    layout::read_varint(b, at)
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
    fn postings_start_where_the_counts_say() {
        let c = Catalog::embedded().unwrap();
        let (counts, postings) = (c.section(section::POSTING_COUNTS), c.section(section::POSTINGS));
        let n = c.words.len();
        let mut visited = 0usize;
        let count = |n: &mut usize| {
            *n += 1;
            Some(())
        };
        let t = WordTable::derive(n, counts, postings, |_| count(&mut visited)).unwrap();
        let w = c.words.get("pneumonia").unwrap() as u32;
        let (from, to) = (t.start(w).unwrap(), t.start(w + 1).unwrap());
        assert!(from < to && to <= postings.len());
        assert_eq!(t.start(n as u32), Some(postings.len()));
        assert_eq!(t.start(n as u32 + 1), None);
        // The walk saw every posting; the second walk sees the same ones.
        let mut again = 0usize;
        assert_eq!(t.each_posting(postings, |_, _| count(&mut again)), Some(()));
        assert!(visited == again && visited > n);
        assert_eq!(t.each_posting(&postings[..to], |_, _| Some(())), None);
        assert!(WordTable::derive(n, counts, postings, |_| None).is_err());
    }

    #[test]
    fn counts_that_do_not_fit_are_a_damaged_catalog() {
        let c = Catalog::embedded().unwrap();
        let (counts, postings) = (c.section(section::POSTING_COUNTS), c.section(section::POSTINGS));
        let n = c.words.len();
        let refused = |counts: &[u8], postings: &[u8]| WordTable::derive(n, counts, postings, |_| Some(())).is_err();
        // Cut postings, cut counts, a count too many, a truncated varint, a count past the end.
        assert!(refused(counts, &postings[..postings.len() - 1]));
        assert!(refused(&counts[..counts.len() - 1], postings));
        assert!(refused(&[counts, &[1]].concat(), postings));
        assert!(refused(&[&counts[..counts.len() - 1], &[0x80]].concat(), postings));
        let mut greedy = counts.to_vec();
        greedy[0] = 0x7f;
        assert!(refused(&greedy, postings));
        // More words than counts could name: refused before anything is allocated.
        assert!(WordTable::derive(usize::MAX, counts, postings, |_| Some(())).is_err());
        assert!(refused(&[], postings));
        // Gaps that overflow an entry id.
        let big = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x01];
        assert!(WordTable::derive(1, &[2], &big, |_| Some(())).is_err());
    }
}
