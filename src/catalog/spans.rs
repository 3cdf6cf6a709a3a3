//! Where each record's code, titles and children start, added up when a catalog opens. The
//! catalog stores them in record order and each record only their lengths (see
//! [`layout::record`]), which leaves four high-entropy offsets per record out of the download.

use super::layout::{self, record};
use crate::error::Error;

/// The start of each record's code (STRINGS), English title (TEXTS) and children (LISTS, in
/// values); the Indonesian title follows the English one.
#[derive(Debug, Default)]
pub(crate) struct RecordSpans {
    starts: Vec<[u32; 3]>,
}

/// One of the spans of a record.
#[derive(Clone, Copy)]
pub(crate) enum Span {
    Code,
    TitleEn,
    TitleId,
    Children,
}

impl RecordSpans {
    /// Adds up the lengths of `records` (the RECORDS section). Lengths that run past their
    /// sections (`strings`, `texts` bytes; `list_values` u32 values) are a damaged catalog.
    pub(crate) fn derive(
        records: &[u8],
        strings: usize,
        texts: usize,
        list_values: usize,
    ) -> Result<RecordSpans, Error> {
        let n = records.len() / record::SIZE;
        let mut starts = Vec::with_capacity(n);
        let (mut code, mut text, mut children) = (0u32, 0u32, 0u32);
        for id in 0..n {
            let row = layout::Row::new(records, record::SIZE, id).ok_or_else(corrupt)?;
            starts.push([code, text, children]);
            let add = |at: u32, len: u16| at.checked_add(u32::from(len)).ok_or_else(corrupt);
            code = add(code, row.u16(record::CODE_LEN))?;
            text = add(add(text, row.u16(record::TITLE_EN_LEN))?, row.u16(record::TITLE_ID_LEN))?;
            children = add(children, row.u16(record::CHILD_COUNT))?;
        }
        if code as usize > strings || text as usize > texts || children as usize > list_values {
            return Err(corrupt());
        }
        Ok(RecordSpans { starts })
    }

    /// Where span `s` of record `id` starts, given the record's row (for the lengths).
    pub(crate) fn start(&self, id: u32, row: &layout::Row<'_>, s: Span) -> u32 {
        let Some(&[code, text, children]) = self.starts.get(id as usize) else { return u32::MAX };
        match s {
            Span::Code => code,
            Span::TitleEn => text,
            Span::TitleId => text.saturating_add(u32::from(row.u16(record::TITLE_EN_LEN))),
            Span::Children => children,
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
        let (s, t, l) =
            (c.section(section::STRINGS).len(), c.section(section::TEXTS).len(), c.section(section::LISTS).len() / 4);
        let spans = RecordSpans::derive(recs, s, t, l).unwrap();
        // Every record's code starts where the previous one ended.
        let a15 = c.find(CodeSystem::Icd10, "A15").unwrap();
        let prev = c.get(a15.id() - 1).unwrap();
        let row = |id| layout::Row::new(recs, record::SIZE, id as usize).unwrap();
        assert_eq!(
            spans.start(a15.id(), &row(a15.id()), Span::Code),
            spans.start(prev.id(), &row(prev.id()), Span::Code) + prev.code_len() as u32
        );
        assert_eq!(spans.start(u32::MAX, &row(0), Span::TitleId), u32::MAX);
        // STRINGS holds the codes alone; TEXTS and LISTS hold more after the titles and children.
        assert!(RecordSpans::derive(recs, s - 1, t, l).is_err());
        assert!(RecordSpans::derive(recs, s, 0, l).is_err());
        assert!(RecordSpans::derive(recs, s, t, 0).is_err());
    }
}
