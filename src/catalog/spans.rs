//! Where each record's titles start, added up when a catalog opens. The catalog stores them in
//! record order and each record only their lengths (see [`layout::record`]), which leaves a
//! high-entropy offset per record out of the download.

use super::layout::{self, record};
use crate::error::Error;

/// The start of each record's English title in TEXTS; the Indonesian title follows it.
#[derive(Debug, Default)]
pub(crate) struct RecordSpans {
    starts: Vec<u32>,
}

/// One of the spans of a record.
#[derive(Clone, Copy)]
pub(crate) enum Span {
    TitleEn,
    TitleId,
}

impl RecordSpans {
    /// Adds up the lengths of `records` (the RECORDS section). Lengths that run past the
    /// `texts` bytes of TEXTS are a damaged catalog.
    pub(crate) fn derive(records: &[u8], texts: usize) -> Result<RecordSpans, Error> {
        let n = records.len() / record::SIZE;
        let mut starts = Vec::with_capacity(n);
        let mut text = 0u32;
        for id in 0..n {
            let row = layout::Row::new(records, record::SIZE, id).ok_or_else(corrupt)?;
            starts.push(text);
            let add = |at: u32, len: u16| at.checked_add(u32::from(len)).ok_or_else(corrupt);
            text = add(add(text, row.u16(record::TITLE_EN_LEN))?, row.u16(record::TITLE_ID_LEN))?;
        }
        if text as usize > texts {
            return Err(corrupt());
        }
        Ok(RecordSpans { starts })
    }

    /// Where span `s` of record `id` starts, given the record's row (for the lengths).
    pub(crate) fn start(&self, id: u32, row: &layout::Row<'_>, s: Span) -> u32 {
        let Some(&text) = self.starts.get(id as usize) else { return u32::MAX };
        match s {
            Span::TitleEn => text,
            Span::TitleId => text.saturating_add(u32::from(row.u16(record::TITLE_EN_LEN))),
        }
    }
}

fn corrupt() -> Error {
    Error::DataCorruption("catalog records".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CodeSystem};
    use layout::section;

    #[test]
    fn starts_add_up_and_lengths_past_their_sections_are_a_damaged_catalog() {
        let c = Catalog::embedded().unwrap();
        let recs = c.section(section::RECORDS);
        let t = c.section(section::TEXTS).len();
        let spans = RecordSpans::derive(recs, t).unwrap();
        // Every record's titles start where the previous one's ended.
        let a15 = c.find(CodeSystem::Icd10, "A15").unwrap();
        let row = |id| layout::Row::new(recs, record::SIZE, id as usize).unwrap();
        let prev = a15.id() - 1;
        let prev_len = u32::from(row(prev).u16(record::TITLE_EN_LEN)) + u32::from(row(prev).u16(record::TITLE_ID_LEN));
        assert_eq!(
            spans.start(a15.id(), &row(a15.id()), Span::TitleEn),
            spans.start(prev, &row(prev), Span::TitleEn) + prev_len
        );
        assert_eq!(spans.start(u32::MAX, &row(0), Span::TitleId), u32::MAX);
        // TEXTS holds more after the titles (the terms), but never less.
        assert!(RecordSpans::derive(recs, 0).is_err());
        let mut long = recs.to_vec();
        let n = recs.len() / record::SIZE;
        long[record::TITLE_EN_LEN * n..][..2 * n].fill(0xff);
        assert!(RecordSpans::derive(&long, t).is_err());
    }
}
